"""Entities: NER mentions cleaned, retyped, clustered and given roles.

The small model's labels are noisy on conflict news ("Azerbaijanis" as
PERSON, "Armenia" as ORG, "Azerbaijan Television Siraj Abishov" as one ORG),
so mentions pass through the gazetteer and the demonym list before they are
clustered; surnames join their full names ("Abdullayeva" -> Leyla
Abdullayeva) and appositions give people their roles.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span

from newsledger.datafiles import table
from newsledger.extract.context import Extraction
from newsledger.extract.places import trusted
from newsledger.extract.registry import extractor
from newsledger.nlp.countries import country_of_capital
from newsledger.nlp.gazetteer import Place, fold, get_gazetteer
from newsledger.nlp.lexicons import demonyms, org_heads
from newsledger.records import Entity, Geo, Role

_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC",
           "NORP": "NORP", "EVENT": "EVENT"}
_DETERMINERS = {"the", "a", "an"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
# A city this large is what its name means unless a region named says otherwise.
_MAJOR_CITY = 1_000_000
_NEAR_DEGREES = 1.5


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str


@cache
def role_titles() -> dict[str, str]:
    """Role noun -> civilian flag ("yes", "no" or "?")."""
    return dict(table("newsledger.extract", "role_titles.tsv"))


def _trim(span: Span) -> Span | None:
    """Drop leading determiners and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in _DETERMINERS:
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _split_org_person(span: Span, label: str) -> list[tuple[Span, str]]:
    """Split "Azerbaijan Television Siraj Abishov" into the ORG and the PERSON."""
    heads = org_heads()
    tokens = list(span)
    for i, tok in enumerate(tokens[:-2]):
        rest = tokens[i + 1:]
        if tok.text in heads and 2 <= len(rest) <= 3 and all(t.is_title for t in rest):
            return [(span.doc[span.start:span.start + i + 1], "ORG"),
                    (span.doc[span.start + i + 1:span.end], "PERSON")]
    return [(span, label)]


def _retype(text: str, label: str) -> str:
    """Correct a label from what the gazetteer and the demonym list know."""
    key = text.lower()
    if key in demonyms():
        return "NORP"
    if label in {"ORG", "PERSON", "NORP", "GPE", "LOC"}:
        places = get_gazetteer().lookup(text)
        if places and places[0].kind == "country":
            return "GPE"
        if places and label in {"ORG", "NORP"} and fold(places[0].name) == fold(text):
            return "GPE"
    return _LABELS.get(label, "")


def collect_mentions(ex: Extraction) -> list[Mention]:
    mentions: list[Mention] = []
    for ent in ex.ents:
        if ent.label_ not in _LABELS and ent.label_ != "WORK_OF_ART":
            continue
        trimmed = _trim(ent)
        if trimmed is None or not any(ch.isalpha() for ch in trimmed.text):
            continue
        for part, label in _split_org_person(trimmed, ent.label_):
            if label == "WORK_OF_ART":
                # "The Azerbaijani Foreign Ministry" at a quote start
                if part[-1].text not in org_heads():
                    continue
                label = "ORG"
            new_label = _retype(part.text, label)
            if new_label:
                mentions.append(Mention(part.start_char, part.end_char, part.text, new_label))
    return mentions


def cluster(mentions: list[Mention]) -> list[tuple[str, str, list[Mention]]]:
    """Group mentions into (name, type, mentions).

    The same name is one entity even when the model labels its mentions
    differently ("Tesvani" as GPE and NORP): the most frequent label wins. A
    single word that is the surname of a person named in full joins that
    person ("Abdullayeva" -> Leyla Abdullayeva), whatever its own label; of two
    namesakes (Gary and Jeh Johnson) the one named last before it.
    """
    full_names: dict[str, list[tuple[int, str]]] = {}  # folded surname -> (offset, full name)
    for m in mentions:
        if m.label == "PERSON" and " " in m.text:
            full_names.setdefault(fold(m.text.split()[-1]), []).append((m.start, fold(m.text)))
    people = {name for named in full_names.values() for _, name in named}
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        key = fold(m.text)
        named = full_names.get(key)
        if named:
            key = next((name for at, name in reversed(named) if at < m.start), named[0][1])
        groups.setdefault(key, []).append(m)
    clusters = []
    for key, members in groups.items():
        name = max((m.text for m in members), key=len)
        if key in people:
            label = "PERSON"
        else:
            votes = Counter(m.label for m in members)
            label = max(votes, key=lambda lab: (votes[lab], -[m.label for m in members].index(
                lab)))
        clusters.append((name, label, members))
    return clusters


@dataclass
class PlaceContext:
    """What the article's own places say about where it is: the countries named
    (or implied by unambiguous places and by demonyms), the regions named and the
    points every name could stand for, so "Gainesville" next to "Florida" is the
    Florida town and not the Texas one, "Dublin" next to Columbus is Dublin, Ohio,
    and "Paris" in an article about Texas is Paris, Texas."""

    countries: Counter[str]
    regions: set[str]
    # each name's own votes, taken out when that very name is read
    own: dict[str, Counter[str]]
    # the points each name could stand for: namesakes near another name's agree
    readings: dict[str, list[tuple[float, float]]]

    @classmethod
    def of(cls, clusters: list[tuple[str, str, list[Mention]]]) -> PlaceContext:
        countries: Counter[str] = Counter()
        regions: set[str] = set()
        own: dict[str, Counter[str]] = {}
        readings: dict[str, list[tuple[float, float]]] = {}
        for name, kind, members in clusters:
            if kind == "NORP":  # "Iraqi officials" say the article is about Iraq too
                found = demonyms().get(name.lower())
                if found:
                    countries[found[0]] += len(members)
                continue
            if kind not in {"GPE", "LOC"}:
                continue
            places = get_gazetteer().lookup(name)
            if not places:
                continue
            top = places[0]
            if top.country and (top.kind == "country" or len({p.country for p in places}) == 1):
                countries[top.country] += len(members)
                own[fold(name)] = Counter({top.country: len(members)})
            # "Georgia" names the US state too when the article's towns are there
            regions.update(fold(p.name) for p in places
                           if p.kind in {"region", "district"} and fold(p.name) == fold(name))
            if top.kind in {"region", "district"}:
                regions.add(fold(top.name))
            readings[fold(name)] = [(p.lat, p.lon) for p in places if p.kind != "country"]
        return cls(countries, regions, own, readings)

    def neighbours(self, name: str, place: Place) -> int:
        """How many other names have a reading near the place: Decatur next to
        DeKalb County and Avondale Estates is the Georgia one, Richmond next to
        Twickenham the London one, though each name alone could be elsewhere."""
        return sum(any(_near(place, point) for point in points)
                   for key, points in self.readings.items() if key != fold(name))

    def choose(self, name: str, places: list[Place]) -> Place:
        """The candidate the article's other places agree with.

        A town, or a county of a name several states use: one in a region they
        name, then in the country they are most in, then near readings of the
        most other names; the gazetteer's own ranking breaks ties; a major city
        yields only to a namesake in a region they name. A region or a
        country keeps its reading unless the other places are in a namesake's
        country and none in its own: then a region there ("Georgia" the US
        state), or a town there in a region they name ("Lebanon" next to
        Pennsylvania); a region also yields to any town there ("Paris" in an
        article about Texas). Otherwise a region named like its country's capital
        means the capital."""
        others = self.countries - self.own.get(fold(name), Counter())
        regions = self.regions - {fold(places[0].name)}

        def in_region(place: Place) -> bool:
            return place.admin1 is not None and fold(place.admin1) in regions

        def key(pair: tuple[int, Place]) -> tuple[bool, int, int, int]:
            place = pair[1]
            return (in_region(place), others[place.country], self.neighbours(name, place),
                    -pair[0])

        top = places[0]
        namesakes = [(i, p) for i, p in enumerate(places)
                     if p.kind == top.kind == "district" and fold(p.name) == fold(top.name)]
        if len(namesakes) > 1:  # Henry County: the one in the state the article names
            return max(namesakes, key=key)[1]
        if top.kind == "town":
            if (top.population or 0) >= _MAJOR_CITY:  # Baghdad, unless a region says not
                return next((p for p in places if in_region(p)), top)
            return max(enumerate(places), key=key)[1]
        rivals = [(i, p) for i, p in enumerate(places) if p.kind != "country"
                  and others[p.country] > others[top.country] == 0
                  and (top.kind != "country" or p.kind == "region" or in_region(p))]
        if rivals:
            return max(rivals, key=key)[1]
        if top.kind != "country" and country_of_capital(name) == top.country:
            # "Washington" is the capital before the state named like it
            return next((p for p in places if p.kind == "town" and p.country == top.country
                         and fold(p.name) == fold(name)), top)
        return top


def _near(place: Place, point: tuple[float, float]) -> bool:
    """Within about 150 km: the same town, or neighbours."""
    return math.dist((place.lat, place.lon), point) <= _NEAR_DEGREES


def _describe(name: str, kind: str, context: PlaceContext,
              ) -> tuple[str | None, str | None, Geo | None]:
    """country, actor_type and geo of an entity from its name and type."""
    if kind == "PERSON":
        return None, "person", None
    if kind == "NORP":
        found = demonyms().get(name.lower())
        return (found[0] if found else None), None, None
    if kind in {"GPE", "LOC"}:
        places = trusted(name, get_gazetteer().lookup(name))
        if not places:
            return None, None, None
        place = context.choose(name, places)
        geo = Geo(lat=place.lat, lon=place.lon, precision=place.kind)
        return place.country or None, ("state" if place.kind == "country" else None), geo
    if kind == "ORG":
        words = name.split()
        country = None
        found = demonyms().get(words[0].lower())
        if found:
            country = found[0]
        match = re.search(r"\bof (?:the )?(?:Republic of )?([A-Z][\w-]+(?: [A-Z][\w-]+)?)$", name)
        if country is None and match:
            places = get_gazetteer().lookup(match.group(1))
            if places and places[0].kind == "country":
                country = places[0].country
        heads = org_heads()
        actor = next((heads[w] for w in reversed(words) if w in heads), None)
        if re.search(r"\b[Aa]rmed [Ff]orces\b", name):
            actor = "armed_force"
        return country, actor, None
    return None, None, None


@extractor("entities")
def extract_entities(ex: Extraction) -> None:
    clusters = cluster(collect_mentions(ex))
    context = PlaceContext.of(clusters)
    for name, kind, members in clusters:
        country, actor_type, geo = _describe(name, kind, context)
        entity = Entity(id=f"e{len(ex.entities) + 1}", name=name, type=kind,
                        mentions=[(m.start, m.end) for m in members],
                        country=country, actor_type=actor_type, geo=geo)
        ex.entities.append(entity)
        for m in members:
            ex.mention_index[m.start] = entity.id
    _assign_roles(ex)


_TITLE_WORD = r"[A-Za-z][\w-]*"
_AFTER_NAME = re.compile(
    r"^,\s+(?!and |or |as well as )(?:a |an |the )?(?:\d+-year-old )?"
    r"(?P<title>[^,.;:()“”\"\n]{1,60}?)"
    r"(?P<prep>\s+(?:for|of|at|with|in)\s+(?:the\s+)?|\s*[,.;])")
_BEFORE_NAME_WITH_ORG = re.compile(
    rf"(?P<title>(?:{_TITLE_WORD} )?{_TITLE_WORD})\s+(?:of|for|at)\s+(?:the\s+)?$")
_BEFORE_NAME_WITH_UNIT = re.compile(
    rf"(?P<title>{_TITLE_WORD})\s+(?:of|for|at)\s+(?:the\s+)?(?P<unit>[a-z][a-z -]{{2,50}}?)\s+$")
_BEFORE_NAME = re.compile(rf"(?P<title>(?:[A-Z]{_TITLE_WORD} )?{_TITLE_WORD})\s+$")


def _known_title(phrase: str) -> str | None:
    """The role title in ``phrase``: a short phrase ending in a known title ("deputy
    head"), else its longest known tail or head ("Foreign Minister")."""
    titles = role_titles()
    original = [w for w in phrase.split() if not re.search(r"['’]s$", w)]  # "the ministry's"
    if not original:
        return None
    words = [w.lower() for w in original]
    if len(words) <= 3 and words[-1] in titles:  # "chief spokesman", "deputy head"
        return " ".join(original)
    for i in range(len(words)):
        if " ".join(words[i:]) in titles:
            return " ".join(original[i:])
    for j in range(len(words) - 1, 0, -1):
        if " ".join(words[:j]) in titles:
            return " ".join(original[:j])
    return None


def _org_starting_at(ex: Extraction, char: int) -> Entity | None:
    entity_id = ex.mention_index.get(char)
    entity = ex.entity(entity_id)
    return entity if entity and entity.type == "ORG" else None


def _org_ending_at(ex: Extraction, char: int) -> Entity | None:
    found = ex.entities_in(max(0, char - 120), char, ("ORG",))
    return next((e for e in found if any(end == char for _, end in e.mentions)), None)


def _assign_roles(ex: Extraction) -> None:
    """Roles from appositions and titles around each person mention."""
    text = ex.text
    for person in [e for e in ex.entities if e.type == "PERSON"]:
        for start, end in person.mentions:
            for role in (_role_before(ex, text, start), _role_after(ex, text, end)):
                if role and role not in person.roles:
                    person.roles.append(role)


def _role_after(ex: Extraction, text: str, end: int) -> Role | None:
    """"Leyla Abdullayeva, spokesperson for the Azerbaijani Foreign Ministry, said"."""
    match = _AFTER_NAME.match(text[end:end + 160])
    if not match:
        return None
    title = _known_title(match.group("title"))
    if not title:
        return None
    if not match.group("prep").strip(",.; "):
        return Role(title=title)
    org = _org_starting_at(ex, end + match.end())
    if org is not None:
        return Role(title=title, organization=org.id, organization_name=org.name)
    # an organisation the model did not tag: "of the Fuzuli district executive authority"
    unit = re.match(r"[\w' -]{3,60}?(?=[,.;)]|\s+(?:said|told|says)\b|$)",
                    text[end + match.end():end + match.end() + 80])
    return Role(title=title, organization_name=unit.group(0).strip() if unit else None)


def _role_before(ex: Extraction, text: str, start: int) -> Role | None:
    """"operator of Azerbaijan Television Siraj Abishov", "Foreign Minister X"."""
    window = text[max(0, start - 160):start]
    org = _org_ending_at(ex, start - 1) or _org_ending_at(ex, start)
    if org:
        org_start = min(s for s, e in org.mentions if e in (start - 1, start))
        before = text[max(0, org_start - 80):org_start]
        match = _BEFORE_NAME_WITH_ORG.search(before)
        title = _known_title(match.group("title")) if match else None
        if title:
            return Role(title=title, organization=org.id, organization_name=org.name)
    match = _BEFORE_NAME_WITH_UNIT.search(window)
    title = _known_title(match.group("title")) if match else None
    if match and title:  # "representative of the district executive power Arif Aliyev"
        return Role(title=title, organization_name=match.group("unit"))
    match = _BEFORE_NAME.search(window)
    if match:
        title = _known_title(match.group("title"))
        # "Foreign Minister X", or a bare title right before the name ("shepherd Arman Velik")
        if title:
            return Role(title=title)
    return None
