"""Where an incident happened: the most specific place its sentences name.

Villages are rarely in any offline gazetteer, so "Susuzlug village of
Kalbajar region" keeps the village's name but takes the district's
coordinates, with precision "district" saying exactly how precise they are.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Span

from newsledger.extract.context import Extraction
from newsledger.nlp.gazetteer import Place, fold, get_gazetteer
from newsledger.records import Entity, Location

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


def _admin_matches(place: Place, hints: list[str]) -> bool:
    """Does a hint name ("Donetsk", "Sud-Kivu") name the place's first-level area?"""
    if not place.admin1:
        return False
    admin = fold(place.admin1)
    return any(len(h) >= 4 and (admin.startswith(h) or h.startswith(admin)) for h in hints)


def _context_country(candidates: list[list[Place]]) -> str | None:
    """The country most of the named places can be in: "San Juan Talpa, La Paz"
    is in El Salvador, so La Paz is the Salvadoran department, not Bolivia's."""
    votes: Counter[str] = Counter()
    for places in candidates:
        for country in {p.country for p in places}:
            votes[country] += 2 if places[0].country == country else 1
    if not votes:
        return None
    ranked = [*votes.most_common(2), ("", 0)]
    return ranked[0][0] if ranked[0][1] > ranked[1][1] else candidates[0][0].country


def _choose(places: list[Place], country: str | None, hints: list[str]) -> Place:
    """The reading of an ambiguous name that fits the others: inside a named area
    first ("Mykhaylivka, Donetsk"), then in the article's country, then the first."""
    for fits in (lambda p: p.country == country and _admin_matches(p, hints),
                 lambda p: _admin_matches(p, hints), lambda p: p.country == country):
        found = next((p for p in places if fits(p)), None)
        if found is not None:
            return found
    return places[0]


def locate(ex: Extraction, sentences: list[Span]) -> tuple[Location, tuple[int, int]] | None:
    """The incident's place and the span that names it, or None."""
    for sentence in sentences:
        found = _village(sentence)
        if found:
            return found
    organisations = [m for e in ex.entities if e.type == "ORG" for m in e.mentions]
    named: list[tuple[Entity, tuple[int, int], list[Place]]] = []
    for sentence in sentences:
        for entity in ex.entities_in(sentence.start_char, sentence.end_char, ("GPE", "LOC")):
            if entity.geo is None:
                continue
            mention = next(m for m in entity.mentions
                           if sentence.start_char <= m[0] < sentence.end_char)
            if any(o[0] <= mention[0] and mention[1] <= o[1] for o in organisations):
                continue
            places = get_gazetteer().lookup(entity.name)
            if places:
                named.append((entity, mention, places))
    if not named:
        return None
    country = _context_country([places for _, _, places in named])
    best: tuple[int, int, Location, tuple[int, int]] | None = None
    for entity, mention, places in named:
        hints = [fold(e.name) for e, _, _ in named if e is not entity]
        place = _choose(places, country, hints)
        admin1 = place.admin1 if place.kind == "town" else (
            place.name if place.kind in {"district", "region"} else None)
        precision = entity.geo.precision if entity.geo and place is places[0] else place.kind
        location = Location(name=place.name, admin1=admin1, country=place.country,
                            lat=place.lat, lon=place.lon, precision=precision)
        rank = (_SPECIFICITY.get(place.kind, 0), -mention[0])
        if best is None or rank > best[:2]:
            best = (*rank, location, mention)
    return (best[2], best[3]) if best else None
