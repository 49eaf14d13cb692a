"""Where an incident happened: the most specific place its sentences name.

Villages are rarely in any offline gazetteer, so "Susuzlug village of
Kalbajar region" keeps the village's name but takes the district's
coordinates, with precision "district" saying exactly how precise they are.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from newsledger.extract.context import Extraction
from newsledger.nlp.gazetteer import get_gazetteer
from newsledger.records import Location

_NAME = r"[A-Z][\w'’-]+"
_UNIT = r"(?:region|district|province|rayon|county|governorate|oblast|municipality)"
_VILLAGE_PATTERNS = (
    re.compile(rf"\b(?P<village>{_NAME}) village (?:of|in) (?:the )?"
               rf"(?P<district>{_NAME}(?: {_NAME})?) {_UNIT}"),
    re.compile(rf"\bvillage of (?P<village>{_NAME}),? (?:in|of) (?:the )?(?:{_NAME}['’]s )?"
               rf"(?P<district>{_NAME}(?: {_NAME})?) {_UNIT}"),
    re.compile(rf"\b(?P<village>{_NAME}) village,? (?:in|of) (?:the )?"
               rf"(?P<district>{_NAME}(?: {_NAME})?)\b"),
)
_SPECIFICITY = {"town": 3, "district": 2, "region": 1, "country": 0}


def _village(sentence: Span) -> tuple[Location, tuple[int, int]] | None:
    for rx in _VILLAGE_PATTERNS:
        for match in rx.finditer(sentence.text):
            village = get_gazetteer().lookup(match.group("village"))
            towns = [p for p in village if p.kind == "town"]
            districts = [p for p in get_gazetteer().lookup(match.group("district"))
                         if p.kind in {"district", "region"}]
            span = (sentence.start_char + match.start(), sentence.start_char + match.end())
            if towns and (not districts or towns[0].country == districts[0].country):
                town = towns[0]
                return Location(name=match.group("village"), admin1=town.admin1,
                                country=town.country, lat=town.lat, lon=town.lon,
                                precision="town"), span
            if districts:
                district = districts[0]
                return Location(name=match.group("village"), admin1=district.name,
                                country=district.country, lat=district.lat,
                                lon=district.lon, precision="district"), span
    return None


def locate(ex: Extraction, sentences: list[Span]) -> tuple[Location, tuple[int, int]] | None:
    """The incident's place and the span that names it, or None."""
    for sentence in sentences:
        found = _village(sentence)
        if found:
            return found
    best: tuple[int, int, Location, tuple[int, int]] | None = None
    organisations = [m for e in ex.entities if e.type == "ORG" for m in e.mentions]
    for sentence in sentences:
        for entity in ex.entities_in(sentence.start_char, sentence.end_char, ("GPE", "LOC")):
            if entity.geo is None:
                continue
            mention = next(m for m in entity.mentions
                           if sentence.start_char <= m[0] < sentence.end_char)
            if any(o[0] <= mention[0] and mention[1] <= o[1] for o in organisations):
                continue
            places = get_gazetteer().lookup(entity.name)
            if not places:
                continue
            place = places[0]
            admin1 = place.admin1 if place.kind == "town" else (
                place.name if place.kind in {"district", "region"} else None)
            location = Location(name=place.name, admin1=admin1, country=place.country,
                                lat=place.lat, lon=place.lon, precision=entity.geo.precision)
            rank = (_SPECIFICITY.get(place.kind, 0), -mention[0])
            if best is None or rank > best[:2]:
                best = (*rank, location, mention)
    return (best[2], best[3]) if best else None
