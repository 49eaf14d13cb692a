"""spaCy component that marks gazetteer place names before the statistical NER runs.

Why: the small English model calls Kalbajar an ORG and Baku a PERSON. Entities set
before "ner" are kept by it, so names found in the offline gazetteer come out as GPE
(or LOC for seas, continents and corridors) and the NER labels only what is left.

Matching is by lowercased token, but a word capitalised in the gazetteer must be
capitalised in the text, and one written in capitals ("USA") must be in capitals, so
"if", "or" and "Us" never match. The rules that keep precision, all driven by the
data files in `nlp/data`:

- `place_stoplist.txt`: names that are everyday capitalised words ("Western", "Police");
  spaCy's English stop words ("If", "Or") and names under 3 letters are dropped too;
- strong names are tagged anywhere: every name of a country, the curated LOC names,
  and the names of regions, districts and towns of 100k+ people, with their alternate
  names when these are transliterations of the name (same `gazetteer.skeleton`:
  "Kəlbəcər" for Kalbajar, not "Halab" for Aleppo);
- weak names (other alternate names, smaller towns, names spelt without their
  diacritics such as "Bush" for the Egyptian town Būsh, and the names in
  `place_ambiguous.txt` such as "Lincoln") are tagged only with a cue: a word of
  `place_cues.txt` before ("in Clinton"), a place word after ("Clinton County",
  "Moore district"), ", <strong place>" after ("Reston, Virginia") or as the next
  item in a list of places;
- a name inside a longer proper name ("Azerbaijan State News Agency", "President
  Clinton", "Armed Forces of Azerbaijan") is left to the NER as a whole, and so is
  all-caps text, where capitals say nothing.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsledger.config import get_settings
from newsledger.datafiles import word_list
from newsledger.nlp.gazetteer import (
    DATA_DIR,
    fold,
    get_gazetteer,
    is_latin,
    skeleton,
    unaccent,
)

log = logging.getLogger(__name__)

FACTORY = "newsledger_places"
MIN_TOWN_POPULATION = 15_000
STRONG_TOWN_POPULATION = 100_000
MIN_NAME_LENGTH = 3
_RULER_DATA = ("place_stoplist.txt", "place_ambiguous.txt", "place_cues.txt",
               "place_loc_names.txt", "place_suffixes.txt")
_LIST_JOINERS = frozenset({",", "and", "or", "&"})
_POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
# Case demanded of a pattern word: none, an initial capital, or all capitals.
_ANY, _INITIAL, _UPPER = 0, 1, 2
# Strength of a name: needs a cue; tagged anywhere unless the text also uses it as a
# surname ("Priscilla Chu"); tagged anywhere (countries, curated LOC names).
WEAK, STRONG, ALWAYS = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Pattern:
    label: str
    case: tuple[int, ...]
    strength: int


@functools.cache
def _pattern(label: str, case: tuple[int, ...], strength: int) -> Pattern:
    """Shared instances: a few hundred distinct patterns unpickle much faster than 150k."""
    return Pattern(label, case, strength)


@dataclass
class PlacePatterns:
    """Patterns keyed by their lowercased tokens joined by spaces, plus the word lists of
    the rules. String keys keep the pickle free of tuples for the garbage collector to
    track; `longest` bounds the search per first token so most tokens cost one lookup.
    """

    names: dict[str, Pattern] = field(default_factory=dict)
    longest: dict[str, int] = field(default_factory=dict)
    suffixes: frozenset[str] = frozenset()
    cues: frozenset[str] = frozenset()

    def add(self, tokens: list[str], label: str, strength: int) -> None:
        """Add one spelling; spellings sharing a key keep the laxest case, the highest
        strength and a curated LOC label."""
        key = " ".join(tokens).lower()
        case = tuple(_case_of(t) for t in tokens)
        old = self.names.get(key)
        if old:
            case = tuple(map(min, old.case, case))
            strength = max(strength, old.strength)
            label = label if label == "LOC" else old.label
        self.names[key] = _pattern(label, case, strength)
        first = tokens[0].lower()
        self.longest[first] = max(self.longest.get(first, 0), len(tokens))


def _case_of(word: str) -> int:
    if not word[:1].isupper():
        return _ANY
    return _UPPER if word.isupper() and len(word) > 1 else _INITIAL


def _has_case(token: Token, case: int) -> bool:
    text = token.text
    return case == _ANY or (text[:1].isupper() and (case == _INITIAL or text.isupper()))


def _word_list(name: str) -> frozenset[str]:
    return frozenset(fold(word) for word in word_list("newsledger.nlp", name))


def build_patterns(nlp: Language,
                   names: Iterable[tuple[str, str, str, int]]) -> PlacePatterns:
    """Tokenise each wanted (name, kind, main name, population) with the pipeline's own
    tokenizer, with its spelling without diacritics as a weak variant."""
    # Short stop words are left out so that "U.S." (folded "us") stays a name.
    stop = _word_list("place_stoplist.txt") | {w for w in STOP_WORDS if len(w) > 2}
    ambiguous = _word_list("place_ambiguous.txt")
    patterns = PlacePatterns(suffixes=_word_list("place_suffixes.txt"),
                             cues=_word_list("place_cues.txt"))

    def add(name: str, label: str, strength: int) -> None:
        patterns.add([t.text for t in nlp.tokenizer(name)], label, strength)
        if unaccent(name) != name:  # "Bush" is not evidence for the town Būsh
            patterns.add([t.text for t in nlp.tokenizer(unaccent(name))], label,
                         strength if strength == ALWAYS else WEAK)

    for name, kind, main, population in names:
        key = fold(name)
        if (len(name) < MIN_NAME_LENGTH or not name[:1].isupper() or key in stop
                or not is_latin(name) or any(ch.isdigit() for ch in name)):
            continue
        if name.isupper() and name != main and kind != "country":
            continue  # airport and other codes ("BAK") that geonames lists as names
        # An alternate name counts as the name itself when it is a transliteration of
        # it, but not its mere spelling without diacritics ("Bush" for Būsh).
        same = name == main or (skeleton(name) == skeleton(main)
                                and unaccent(name) != unaccent(main))
        strong = (same and key not in ambiguous
                  and (kind != "town" or population >= STRONG_TOWN_POPULATION))
        add(name, "GPE", ALWAYS if kind == "country" else STRONG if strong else WEAK)
    for name in word_list("newsledger.nlp", "place_loc_names.txt"):  # last, so LOC wins over GPE
        add(name, "LOC", ALWAYS)
    return patterns


def load_patterns(nlp: Language, min_town_population: int = MIN_TOWN_POPULATION,
                  cache_dir: Path | None = None) -> PlacePatterns:
    """Patterns for this pipeline's tokenizer, from the cache or built and cached once.

    The cache key covers the gazetteer, the tokenizer's rules (patterns are token
    sequences), the threshold, the data files and this module's code.
    """
    gazetteer = get_gazetteer()
    digest = hashlib.sha256(f"{gazetteer.key};{min_town_population};".encode())
    digest.update(nlp.tokenizer.to_bytes(exclude=["vocab"]))
    for name in _RULER_DATA:
        digest.update((DATA_DIR / name).read_bytes())
    digest.update(Path(__file__).read_bytes())
    folder = cache_dir or get_settings().cache_dir
    path = folder / f"places-{digest.hexdigest()[:16]}.pickle"
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f)
    log.info("building place patterns %s (done once)", path)
    patterns = build_patterns(nlp, gazetteer.names(min_town_population))
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        pickle.dump(patterns, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return patterns


class PlacesRuler:
    """Sets GPE/LOC entities for gazetteer names; the NER after it fills in the rest."""

    def __init__(self, patterns: PlacePatterns) -> None:
        self.patterns = patterns

    def __call__(self, doc: Doc) -> Doc:
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        spans = [s for s in self.find(doc) if not taken.intersection(range(s.start, s.end))]
        if spans:
            doc.set_ents(spans, default="unmodified")
        return doc

    def find(self, doc: Doc) -> Iterator[Span]:
        """Place spans, left to right, longest match first."""
        matches = []
        i = 0
        while i < len(doc):
            match = self._match(doc, i)
            if match is None:
                i += 1
                continue
            matches.append((i, *match))
            i = match[0]
        # A name that follows a first name or title somewhere in the text ("Priscilla
        # Chu", "Mr. Manchester") is a person's there, and maybe everywhere in it.
        surnames = {doc[start:end].text.lower() for start, end, _ in matches
                    if start and _after_title_word(doc, start)}
        last_end = -1
        for start, end, pattern in matches:
            if start >= last_end:
                strength = pattern.strength
                if strength == STRONG and doc[start:end].text.lower() in surnames:
                    strength = WEAK
                span = self._accept(doc, start, end, pattern.label, strength, last_end)
                if span is not None:
                    yield span
                    last_end = span.end

    def _match(self, doc: Doc, start: int) -> tuple[int, Pattern] | None:
        first = doc[start]
        if not first.text[:1].isupper():
            return None
        size = self.patterns.longest.get(first.lower_, 0)
        for end in range(min(len(doc), start + size), start, -1):
            pattern = self.patterns.names.get(" ".join(t.lower_ for t in doc[start:end]))
            if pattern and all(map(_has_case, doc[start:end], pattern.case)):
                return end, pattern
        return None

    def _accept(self, doc: Doc, start: int, end: int, label: str, strength: int,
                last_end: int) -> Span | None:
        """The span to label, or None when the rules of the module docstring say no."""
        suffixed = end < len(doc) and doc[end].lower_ in self.patterns.suffixes
        if suffixed and doc[end].text[:1].isupper():
            end += 1  # "Kalbajar District" is one name
        if end < len(doc) and _is_name_word(doc[end]):
            return None
        if start > last_end and _inside_name_before(doc, start):
            return None
        span = doc[start:end]
        if span.text.isupper() and (_shouting(doc, start - 1, -1) or _shouting(doc, end, 1)):
            return None
        if strength == WEAK and not suffixed and (
                (end < len(doc) and doc[end].lower_ in _POSSESSIVES)
                or not self._cued(doc, start, end, last_end)):
            return None
        return Span(doc, start, end, label=label)

    def _cued(self, doc: Doc, start: int, end: int, last_end: int) -> bool:
        """Does the context say that a weak name is a place?"""
        if 0 <= last_end < start and start - last_end <= 2 and all(
                t.lower_ in _LIST_JOINERS for t in doc[last_end:start]):
            return True
        before = [t.lower_ for t in doc[max(0, start - 3):start]]
        if before[-1:] == ["the"]:
            before.pop()
        if before and before[-1] in self.patterns.cues:
            return True
        if len(before) >= 2 and before[-1] == "of" and (
                before[-2] in self.patterns.cues or before[-2] in self.patterns.suffixes):
            return True  # "north of Moore", "the town of Clinton"
        if end + 1 < len(doc) and doc[end].text == ",":
            after = self._match(doc, end + 1)
            return after is not None and after[1].strength > WEAK
        return False


def _is_name_word(token: Token) -> bool:
    return token.is_alpha and token.is_title


def _inside_name_before(doc: Doc, start: int) -> bool:
    """Is the name preceded by a title word ("President Clinton", "Northeast Georgia")
    or by "<Title word> of [the]" ("Armed Forces of Azerbaijan")?"""
    i = start
    if i >= 1 and doc[i - 1].lower_ == "the":
        i -= 1
    if i >= 2 and doc[i - 1].lower_ == "of":
        i -= 1
    elif i != start:
        return False
    return i >= 1 and _after_title_word(doc, i)


def _after_title_word(doc: Doc, start: int) -> bool:
    """Is token start-1 capitalised without starting its sentence?"""
    word = doc[start - 1]
    return word.is_title and word.is_sent_start is not True


def _shouting(doc: Doc, i: int, step: int) -> bool:
    """Is the nearest word from token i in direction `step` written in capitals?"""
    while 0 <= i < len(doc):
        if doc[i].is_alpha:
            return doc[i].is_upper and len(doc[i]) > 1
        i += step
    return False


@Language.factory(FACTORY, default_config={"min_town_population": MIN_TOWN_POPULATION})
def make_places_ruler(nlp: Language, name: str, min_town_population: int) -> PlacesRuler:
    return PlacesRuler(load_patterns(nlp, min_town_population))


def add_places_ruler(nlp: Language) -> None:
    """Insert the place ruler before "ner" (or last), so the NER respects its spans."""
    if "ner" in nlp.pipe_names:
        nlp.add_pipe(FACTORY, before="ner")
    else:
        nlp.add_pipe(FACTORY, last=True)
