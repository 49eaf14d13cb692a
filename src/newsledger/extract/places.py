"""Where an incident happened: the place its sentences name, read as a hierarchy.

News and coders' notes name a place together with the areas around it:
"Susuzlug village of Kalbajar region", "Ar Rayyan (Khabb wa Ash Shaaf, Al
Jawf)", "Nejapa, San Salvador". Such a chain is resolved from its largest area
down, each area keeping only the namesakes of the next name that lie inside it,
so Nejapa is the Salvadoran town and not the Mexican one. A place missing from
the offline gazetteers (most villages) keeps its own name and takes the
coordinates of the smallest area that was found, with the precision of that
area ("district", "region"), so the record says exactly how precise it is.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span

from newsledger.datafiles import table, word_list
from newsledger.extract.context import Extraction
from newsledger.nlp.gazetteer import Place, fold, get_gazetteer
from newsledger.records import Location

_SPECIFICITY = {"village": 4, "town": 3, "district": 2, "region": 1, "country": 0}
# Which kinds of gazetteer entry a name stands for, best first: by the level its unit
# word gives, else by its role in the chain (an area around a smaller place, or the
# place itself).
_KINDS = {
    "village": ("town", "district", "region", "country"),
    "town": ("town", "district", "region", "country"),
    "district": ("district", "region", "town", "country"),
    "region": ("region", "district", "country", "town"),
    "container": ("country", "region", "district", "town"),
    "place": ("country", "town", "district", "region"),
}
# A lone small town abroad, in an article whose places are all in other countries, is
# more likely a namesake than the scene: below this population it must fit them.
_FOREIGN_TOWN_POPULATION = 100_000
_MIN_ADMIN_HINT = 4
_MAX_ABBREVIATION = 3
# A town named as the area around a place stands for what lies this close to it.
_SAME_AREA_DEGREES = 0.5
# Readings of the largest name tried in full (a name has rarely more that matter).
_MAX_READINGS = 6
# country -> (how many of the article's place names can be in it, of how many it is
# the first reading)
Shared = dict[str, tuple[int, int]]


@cache
def _units() -> dict[str, str]:
    """Folded area word ("district", "village tract") -> its level."""
    return {fold(word): level for word, level in table("newsledger.nlp", "place_units.tsv")}


@cache
def _common_words() -> frozenset[str]:
    """Capitalised everyday words that are also place names ("South", "Great")."""
    return frozenset(fold(w) for w in word_list("newsledger.nlp", "place_stoplist.txt"))


@cache
def _reference_cues() -> frozenset[str]:
    return frozenset(fold(w) for w in word_list("newsledger.nlp", "place_reference_cues.txt"))


@cache
def _cues() -> frozenset[str]:
    return frozenset(fold(w) for w in word_list("newsledger.nlp", "place_cues.txt"))


@cache
def _item_pattern() -> re.Pattern[str]:
    """A place name with an optional area word before ("village of X") or after
    ("X district"). Names are capitalised words ("St." included), joined by spaces or
    by the lowercase particles of `place_name_joiners.txt` ("Deir ez Zor", "Salah
    al-Din"); a possessive ends a name."""
    units = "|".join(re.escape(u) for u in sorted(
        (w for w, _ in table("newsledger.nlp", "place_units.tsv")), key=len, reverse=True))
    joiners = "|".join(map(re.escape, word_list("newsledger.nlp", "place_name_joiners.txt")))
    word = r"(?:(?:St|Ste|Mt|Ft)\.|[A-Z]\w*(?:['’-](?!s\b)\w+)*)"
    name = rf"{word}(?: (?:(?:{joiners})[ -])?{word})*"
    return re.compile(rf"(?:\b(?P<pre>(?i:{units})) of (?:the )?)?(?P<name>{name})"
                      rf"(?: (?P<unit>(?i:{units}))\b)?")


# What may stand between a place and the area around it: a comma, an opening
# parenthesis, "of", "in" (a closing parenthesis may come first), or a possessive
# ("Azerbaijan's Fuzuli district"), which names the larger area first.
_LINK = re.compile(r"\)?(?:\s*,\s*|\s*\(\s*|\s+(?:of|in)\s+(?:the\s+)?)")
_POSSESSIVE_LINK = re.compile(r"['’]s\s+")
_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_ARTICLE = re.compile(r"^(?:A[lrdsnzt]|Ash|El)[ -](?=[A-Z])")
_COMPASS_SUFFIX = re.compile(r"[\s-]+(?:North|South|East|West|Central)$")


@dataclass(frozen=True)
class Item:
    """One name of a chain, with its area word and its characters in the text."""

    name: str
    unit: str | None
    start: int
    end: int

    @property
    def level(self) -> str | None:
        return _units().get(fold(self.unit)) if self.unit else None


@dataclass(frozen=True)
class Chain:
    """Names from the smallest place to the largest area; `cued` when a locative word
    ("in", "near") or an area word says that the first is a place."""

    items: tuple[Item, ...]
    cued: bool


def _items(text: str, offset: int) -> list[Item]:
    """The place-like names of a text, with their area words and offsets."""
    items = []
    for match in _item_pattern().finditer(text):
        words = match.group("name").split(" ")
        start = match.start("name")
        while words and words[0].lower() in STOP_WORDS:  # "On 3 May", "In Kabul"
            start += len(words.pop(0)) + 1
        if not words or fold(" ".join(words)) in _common_words():  # "Thursday", "South"
            continue
        name = " ".join(words)
        unit = match.group("unit") or match.group("pre")
        if unit is None and len(words) > 1 and fold(words[-1]) in _units():
            name, unit = " ".join(words[:-1]), words[-1]  # "Kayin State", "Siaya County"
        if match.group("pre"):  # "district of Misungwi" is one item from its first word
            start = match.start()
        items.append(Item(name, unit, offset + start, offset + match.end()))
    return items


def _words_before(text: str, start: int) -> list[str]:
    before = re.findall(r"[\w']+", text[max(0, start - 40):start].lower())[-3:]
    if before[-1:] == ["the"]:
        before.pop()
    return before


def _cued(text: str, start: int) -> bool:
    before = _words_before(text, start)
    if before and before[-1] in _cues():
        return True
    return len(before) >= 2 and before[-1] == "of" and before[-2] in _cues()


def _reference(text: str, start: int) -> bool:
    """Is the place named as a reference point ("near X", "north of X")?"""
    before = _words_before(text, start)
    if before[-1:] == ["of"]:
        before.pop()
    return bool(before) and before[-1] in _reference_cues()


def chains(text: str, start: int, end: int) -> list[Chain]:
    """The place chains in ``text[start:end]``, in text order."""
    found: list[Chain] = []
    current: list[Item] = []
    previous_end = start
    for item in [*_items(text[start:end], start), None]:
        if current and item is not None:
            gap = text[previous_end:item.start]
            previous_end = item.end
            if _POSSESSIVE_LINK.fullmatch(gap):
                current.insert(len(current) - 1, item)  # X's Y: Y lies inside X
                continue
            if _LINK.fullmatch(gap) and not _is_country(current[-1]):
                current.append(item)
                continue
        if current:
            first = min(current, key=lambda i: i.start)
            found.append(Chain(tuple(current), _cued(text, first.start)
                               or any(i.unit for i in current)))
        current = [item] if item is not None else []
        previous_end = item.end if item is not None else end
    return found


def _is_country(item: Item) -> bool:
    """A country is the top of any hierarchy: "to South Africa in Sanjo" is no chain."""
    places = get_gazetteer().lookup(item.name)
    return bool(places) and places[0].kind == "country" and _exact(places[0], item.name)


def _exact(place: Place, name: str) -> bool:
    """Does the place carry this spelling (not just its transliteration skeleton)?"""
    key = fold(name)
    return any(fold(n) == key for n in (place.name, *place.alt_names))


@lru_cache(maxsize=50_000)
def _candidates(name: str, unit: str | None) -> tuple[tuple[Place, bool], ...]:
    """Gazetteer readings of a name and its area word, "Kansas City" before "Kansas"
    (cached: names repeat across articles); failing these, the name without a
    compass word that coders add ("Shan-North", "Jos North") or without the Arabic
    article ("Ar Raqqa", "Al-Anbar"); failing these, a region or country that the
    name starts with ("Hakkari Governor's office", "Diyarbakir D-type prison")."""
    if fold(name.split(" ")[-1]) in _facility_words():
        return ()
    names = [f"{name} {unit}", name] if unit else [name]
    bases = {_COMPASS_SUFFIX.sub("", name), _ARTICLE.sub("", name)} - {name}
    for spelling in [*names, *sorted(bases)]:
        places = get_gazetteer().lookup(spelling)
        if places:
            return tuple((p, _exact(p, spelling)) for p in places)
    words = name.split(" ")
    for size in range(len(words) - 1, 0, -1):  # "Hakkari Governor": the province only
        spelling = " ".join(words[:size])
        if fold(spelling) in _common_words():
            continue
        areas = tuple((p, True) for p in get_gazetteer().lookup(spelling)
                      if p.kind in {"region", "country"} and _exact(p, spelling))
        if areas:
            return areas
    return ()


def _admin_matches(place: Place, area: Place) -> bool:
    """Is the town's first-level area this one ("Donetska" for Donetsk oblast)?"""
    if not place.admin1:
        return False
    admin, name = fold(place.admin1), fold(area.name)
    return len(name) >= _MIN_ADMIN_HINT and (admin.startswith(name) or name.startswith(admin))


def _fits(place: Place, areas: list[Place]) -> bool:
    """Can the place lie inside the areas resolved around it? A town must be in one
    of the regions named, or share its region with a town named as an area."""
    if not areas:
        return True
    if place.country != areas[0].country or place in areas:
        return False
    if place.kind != "town":  # an area lies in no town
        return all(a.kind != "town" for a in areas)
    if place.admin1 is None:
        return True
    named = [a for a in areas if a.kind in {"region", "district", "town"}]
    return not named or any(
        _admin_matches(place, a) if a.kind != "town" else
        (a.admin1 is not None and fold(a.admin1) == fold(place.admin1))
        or math.dist((a.lat, a.lon), (place.lat, place.lon)) <= _SAME_AREA_DEGREES
        for a in named)


def _readings(item: Item, role: str, areas: list[Place], votes: Counter[str],
              shared: Shared) -> list[tuple[Place, bool]]:
    """The readings of one name that fit the areas around it, best first (the kind
    its role or area word wants, a place of that very name before one that has it as
    an alternate name, as "Valence" is Valencia's, a city before a small town, then
    the article's countries), each with whether it carries the very spelling.

    A lone name is read inside the one country that most of the article's place
    names can be in, when there is one ("La Paz, near San Salvador"). A mere
    transliteration counts inside a named region or district, or for an area
    or a city when nothing has the very spelling; a small town abroad (see
    `_foreign_namesake`), named without areas around it, is left out."""
    every = _candidates(item.name, item.unit)
    if item.name.isupper() and len(item.name) <= _MAX_ABBREVIATION:
        # "KP", "WB": a country's abbreviation ("DRC") or nothing we can trust
        return [c for c in every if c[0].kind == "country" and _fits(c[0], areas)]
    inside_area = any(a.kind in {"region", "district"} for a in areas)
    if not areas and not any(exact for _, exact in every):
        # "Middle Shabelle": a transliteration alone is enough for an area or a city
        inside_area = True
        every = [(p, exact) for p, exact in every if p.kind != "town" or _large(p)]
    candidates = [(p, exact) for p, exact in every
                  if (exact or inside_area) and _fits(p, areas)
                  and (areas or role != "place" or not _foreign_namesake(p, votes))]
    country = _shared_country(shared) if not areas and role == "place" else None
    inside = [c for c in candidates if c[0].country == country]
    # a large city stays itself rather than become a village of the article's country
    if inside and not (any(_large(p) for p, _ in candidates)
                       and all(p.kind == "town" and not _large(p) for p, _ in inside)):
        candidates = inside
    kinds = _KINDS[item.level or role]
    key = fold(item.name)
    ranked = sorted(enumerate(candidates), key=lambda pair: (
        not pair[1][1], kinds.index(pair[1][0].kind), fold(pair[1][0].name) != key,
        not _large(pair[1][0]), -votes[pair[1][0].country],
        -shared.get(pair[1][0].country, (0, 0))[0], pair[0]))
    return [c for _, c in ranked]


@cache
def _facility_words() -> frozenset[str]:
    return frozenset(fold(w) for w in word_list("newsledger.extract", "facility_words.txt"))


def trusted(name: str, places: list[Place] | tuple[Place, ...]) -> list[Place]:
    """The gazetteer readings a bare name may stand for: none for a site in a town
    ("Liberty Square"), else those that carry its very spelling, or an area or a
    large city that a transliteration names. A small town that only sounds alike
    ("Sarn" for Sarnen, "Shells" for Sells) is a namesake, not the place meant."""
    if fold(name.split(" ")[-1]) in _facility_words():
        return []
    return [p for p in places if _exact(p, name) or p.kind != "town" or _large(p)]


def _large(place: Place) -> bool:
    """A city this large is what its name means, whatever the article's countries."""
    return place.kind == "town" and (place.population or 0) >= _FOREIGN_TOWN_POPULATION


def _foreign_namesake(place: Place, votes: Counter[str]) -> bool:
    """A small town in a country none of the article's places is in: more likely a
    namesake than the place meant ("the hamlet of El Mango" in a Colombian story)."""
    return (bool(votes) and votes[place.country] == 0 and place.kind == "town"
            and not _large(place))


def _descend(items: tuple[Item, ...], top: int, reading: tuple[Place, bool],
             votes: Counter[str], shared: Shared) -> dict[int, tuple[Place, bool]]:
    """Resolve the names below a reading of the largest one, each inside the areas
    found above it."""
    found = {top: reading}
    for index in range(top - 1, -1, -1):
        places = _readings(items[index], "container" if index else "place",
                           [found[i][0] for i in sorted(found)], votes, shared)
        if places:
            found[index] = places[0]
    return found


def _score(found: dict[int, tuple[Place, bool]], items: tuple[Item, ...], top: int,
           rank: int) -> tuple[int, int, int, bool, int]:
    """How well a reading of the largest name fits: names resolved by their very
    spelling, then with transliterations, how deep, a region (not a country) around
    a named district ("Shiroro LGA (Niger)"), then the reading's own rank."""
    district_below = any(items[i].level == "district" for i in range(top))
    return (sum(exact for _, exact in found.values()), len(found), -min(found),
            district_below and found[top][0].kind == "region", -rank)


def resolve(chain: Chain, votes: Counter[str],
            shared: Shared | None = None) -> Location | None:
    """The chain's place, or None when nothing in it is in the gazetteer.

    The largest name that the gazetteer knows is tried in each of its readings
    (Georgia the country and the US state); the reading under which most of the
    smaller names resolve wins, then the best ranked (see `_readings`).
    """
    items = chain.items
    found: dict[int, tuple[Place, bool]] = {}
    for top in range(len(items) - 1, -1, -1):
        readings = _readings(items[top], "container" if top else "place", [], votes,
                             shared or {})
        if readings:
            found = max(((_descend(items, top, r, votes, shared or {}), rank)
                         for rank, r in enumerate(readings[:_MAX_READINGS])),
                        key=lambda pair: _score(pair[0], items, top, pair[1]))[0]
            break
    if not found:
        return None
    index = min(found)
    place, item = found[index][0], items[index]
    if index == 0:
        precision = "village" if item.level == "village" and place.kind == "town" else place.kind
    elif place.kind != "town":
        precision = place.kind
    else:  # a town named as the area around the place: the district it is the seat of
        precision = item.level if item.level in {"district", "region"} else "district"
    region = next((found[i][0].name for i in sorted(found) if found[i][0].kind == "region"),
                  None)
    district = next((items[i].name for i in sorted(found) if i and (
        found[i][0].kind == "district" or items[i].level == "district")), None)
    admin1 = region or (place.admin1 if place.kind == "town" else
                        place.name if place.kind == "district" else None)
    return Location(name=place.name if index == 0 else items[0].name, admin1=admin1,
                    admin2=district if district != admin1 else None,
                    country=place.country or None,  # a continent is in no country
                    lat=place.lat, lon=place.lon, precision=precision)


def _document_countries(ex: Extraction) -> Counter[str]:
    """Countries the article's places are in, where the name says so unambiguously,
    and the countries of its demonyms."""
    votes: Counter[str] = Counter()
    for entity in ex.entities:
        if entity.type == "NORP" and entity.country:  # "Nigerian troops"
            votes[entity.country] += len(entity.mentions)
        if entity.type not in {"GPE", "LOC"}:
            continue
        places = get_gazetteer().lookup(entity.name)
        if places and places[0].country and (
                places[0].kind == "country" or len({p.country for p in places}) == 1):
            votes[places[0].country] += len(entity.mentions)
    return votes


def _shared_country(shared: Shared) -> str | None:
    """The country that more of the article's place names can be in than any other
    (at least two), the tie broken by how many of them it is the first reading of."""
    ranked = sorted(shared.items(), key=lambda pair: pair[1], reverse=True)
    if not ranked or ranked[0][1][0] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _shared_countries(ex: Extraction) -> Shared:
    """For each country, how many of the article's place names can be in it, and of
    how many it is the first reading: "La Paz, near San Salvador" is in El Salvador,
    a country both names can be in and the first reading of San Salvador."""
    names: Counter[str] = Counter()
    tops: Counter[str] = Counter()
    for entity in ex.entities:
        if entity.type in {"GPE", "LOC"}:
            places = get_gazetteer().lookup(entity.name)
            names.update({p.country for p in places if p.country})
            if places and places[0].country:
                tops[places[0].country] += 1
    return {c: (n, tops[c]) for c, n in names.items()}


def _named_spans(ex: Extraction, types: tuple[str, ...]) -> list[tuple[int, int]]:
    return [m for e in ex.entities if e.type in types for m in e.mentions]


def _known(item: Item) -> bool:
    """Does the gazetteer carry this very spelling?"""
    return any(exact for _, exact in _candidates(item.name, item.unit))


def _accepted(chain: Chain, places: list[tuple[int, int]],
              others: list[tuple[int, int]]) -> Chain | None:
    """The chain without names that the NER calls a person or organisation (and not
    a place), unless an area word says otherwise ("Susuzlug village") or the name is
    a known place among others ("An Nubayjah (Qaatabah, Ad Dali)"); kept if it
    still reads as a place: cued, several names, or tagged."""
    def tagged(item: Item, spans: list[tuple[int, int]]) -> bool:
        return any(s < item.end and item.start < e for s, e in spans)

    several = len(chain.items) > 1
    items = tuple(i for i in chain.items if i.unit or tagged(i, places)
                  or not tagged(i, others) or (several and _known(i)))
    if not items:
        return None
    if chain.cued or len(items) > 1 or tagged(items[0], places):
        return Chain(items, chain.cued)
    return None


def locate(ex: Extraction, sentences: list[Span]) -> tuple[Location, tuple[int, int]] | None:
    """The incident's place and the span that names it, or None.

    Among the places its sentences name: one in the country that most of the places
    named with their areas ("Nejapa, San Salvador") are in, then the smallest place
    named (see `_named_level`), then the first. When the sentences name none that
    resolves, the other sentences of their paragraphs and of the lead paragraph are
    read the same way (a lead "In Kabul, ..." sets the scene for what follows).
    Failing all, a name its own sentences call a place keeps its name without
    coordinates (see `_unknown`).
    """
    votes = _document_countries(ex)
    shared = _shared_countries(ex)
    places = _named_spans(ex, ("GPE", "LOC"))
    others = _named_spans(ex, ("PERSON", "ORG", "NORP"))
    demonyms = _named_spans(ex, ("NORP",))
    own = {s.start_char for s in sentences}
    paragraphs = _paragraphs(ex.text)
    near = set(paragraphs[:1]) | {
        p for p in paragraphs for s in sentences if p[0] <= s.start_char < p[1]}
    rest = (s for s in ex.sentences if s.start_char not in own
            and any(a <= s.start_char < b for a, b in near))
    unknown: list[tuple[Location, tuple[int, int]]] = []
    for group in (sentences, rest):
        found: list[tuple[Location, tuple[int, int], int, int]] = []
        for sentence in group:
            for chain in _sentence_chains(ex.text, sentence.start_char, sentence.end_char):
                accepted = _accepted(chain, places, others)
                location = accepted and resolve(accepted, votes, shared)
                # an area word says a place even of a name tagged as a person
                named = chain if any(i.unit for i in chain.items) else accepted
                if named and not location and group is sentences and _placed(named):
                    unknown += _unknown(named, demonyms, ex.text)
                if accepted and location:
                    span = (min(i.start for i in accepted.items),
                            max(i.end for i in accepted.items))
                    found.append((location, span, len(accepted.items),
                                  _named_level(accepted, location, ex.text)))
        if found:
            # a place named with the areas around it is the surest sign of the country
            countries = Counter(f[0].country for f in found if f[2] > 1)
            main = max(countries, key=lambda c: (countries[c], votes[c],
                                                 shared.get(c, (0, 0))), default=None)
            best = max(found, key=lambda f: (f[0].country == main, f[3], -f[1][0]))
            return best[0], best[1]
    return unknown[0] if unknown else None


def _placed(chain: Chain) -> bool:
    """Does the text itself say the unknown name is a place: an area word ("the
    village of Tesvani", "Sarn district") or a locative cue before a name the
    tagger also calls a place ("in Kharzan")?"""
    return any(i.unit for i in chain.items) or chain.cued


def _unknown(chain: Chain, demonyms: list[tuple[int, int]], text: str,
             ) -> list[tuple[Location, tuple[int, int]]]:
    """A place no gazetteer holds (a village, an invented name) keeps its name and
    the areas named around it, with no coordinates: a far namesake would be a
    guess dressed as a fact. A demonym before it is no place ("the Velorian
    village of Brask" is Brask, a village), nor is a word whose area word is
    followed by "of" and the name it qualifies."""
    items = list(chain.items)
    level = None
    while len(items) > 1 and (
            any(s < items[0].end and items[0].start < e for s, e in demonyms)
            or (items[0].unit and _OF.fullmatch(text[items[0].end:items[1].start]))):
        dropped = items.pop(0)
        level = level or dropped.level
    if not items:
        return []
    first = items[0]
    district = next((i.name for i in items[1:] if i.level == "district"), None)
    region = next((i.name for i in items[1:] if i.level == "region"), None)
    precision = first.level or level
    span = (min(i.start for i in items), max(i.end for i in items))
    return [(Location(name=first.name, admin1=region, admin2=district,
                      precision=precision if precision in _SPECIFICITY else None), span)]


def _named_level(chain: Chain, location: Location, text: str) -> int:
    """How small the place named is, even when only its area was found (a village
    by its district still beats a town). A bare name read as a region may name a
    smaller area of the same name ("in La Paz"), so it counts as a district; a bare
    name given as a reference point ("near San Salvador") counts one level less."""
    item = chain.items[0]
    level = max(_SPECIFICITY[location.precision or "country"],
                _SPECIFICITY.get(item.level or "", 0))
    if len(chain.items) == 1 and item.unit is None:
        if location.precision == "region":
            level = _SPECIFICITY["district"]
        level -= _reference(text, item.start)
    return level


@lru_cache(maxsize=256)
def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs (blank-line separated) of a text."""
    return [m.span() for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]


@lru_cache(maxsize=256)
def _sentence_chains(text: str, start: int, end: int) -> tuple[Chain, ...]:
    """`chains` of one sentence, kept a while: an article's incidents share sentences."""
    return tuple(chains(text, start, end))


# words before a place that make it where fire came from, not where it fell
_ORIGIN = re.compile(r"\bfrom\b(?:\W+\w+){0,4}\W*$", re.IGNORECASE)


def scene(ex: Extraction, sentence: Span) -> tuple[str, str | None] | None:
    """The folded name and the level (village, town ...) of the place a sentence
    itself names as where something happened: its first name that resolves or
    that the text calls a place, skipping one named as where fire came from
    ("from their positions near the village of Mirdash")."""
    places = _named_spans(ex, ("GPE", "LOC"))
    others = _named_spans(ex, ("PERSON", "ORG", "NORP"))
    demonyms = _named_spans(ex, ("NORP",))
    for chain in _sentence_chains(ex.text, sentence.start_char, sentence.end_char):
        first = chain.items[0]
        if _ORIGIN.search(ex.text, max(sentence.start_char, first.start - 40), first.start):
            continue
        accepted = _accepted(chain, places, others)
        named = chain if any(i.unit for i in chain.items) else accepted
        if named is None:
            continue
        resolved = resolve(named, Counter())
        if _placed(named) or resolved is not None:
            found = _unknown(named, demonyms, ex.text)
            if found:
                level = found[0][0].precision or (resolved.precision if resolved else None)
                return fold(found[0][0].name), level
    return None
