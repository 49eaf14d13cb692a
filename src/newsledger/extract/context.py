"""The shared state one document's extractors read and extend, in pipeline order.

Each extractor is one module with one job; they talk to each other only
through this object: the entities extractor fills ``entities``, the
statements extractor reads them and adds ``statements``, and so on.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from spacy.attrs import POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from newsledger.ingest.article import Article
from newsledger.records import Accusation, Claim, Entity, Event, Incident, Statement

_TEXT_KEY = "newsledger.text"


def span_text(span: Span) -> str:
    """``span.text``, sliced from the text its Extraction keeps on the Doc rather
    than rebuilt token by token (which Span.text does on every access)."""
    text = span.doc.user_data.get(_TEXT_KEY)
    return span.text if text is None else text[span.start_char:span.end_char]


@dataclass
class Extraction:
    article: Article
    doc: Doc
    entities: list[Entity] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    accusations: list[Accusation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)  # disasters, crime, diplomacy
    # character offset of a mention start -> entity id, for span-to-entity lookups
    mention_index: dict[int, str] = field(default_factory=dict)

    # spaCy rebuilds Doc.text from its tokens on every access: read it once
    text: str = field(init=False)

    ents: list[Span] = field(init=False)  # likewise Doc.ents and Span.ents: once
    _ent_starts: list[int] = field(init=False)
    _mention_cache: tuple[int, list[int], list[tuple[int, int, Entity]]] | None = None
    _token_hits: dict[tuple[int, frozenset[str]], list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        doc, text = self.doc, self.article.text
        # spaCy keeps every character, so a doc parsed from the article ends where it does
        parsed_from_article = len(doc) > 0 and doc[-1].idx + len(doc[-1].text_with_ws) == len(text)
        self.text = text if parsed_from_article else doc.text
        doc.user_data[_TEXT_KEY] = self.text
        self.ents = list(self.doc.ents)
        self._ent_starts = [e.start_char for e in self.ents]

    def ents_in(self, start: int, end: int) -> list[Span]:
        """The named entities inside ``[start, end)``, by binary search."""
        first = bisect_left(self._ent_starts, start)
        last = bisect_left(self._ent_starts, end)
        return [e for e in self.ents[first:last] if e.end_char <= end]

    def speaker_at(self, char: int) -> str | None:
        """Who asserts what is written at ``char``: the speaker of the statement
        holding it, or None (the outlet itself)."""
        return next((s.speaker for s in self.statements
                     if s.content_span[0] <= char < s.content_span[1]), None)

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((ent for ent in self.entities if ent.id == entity_id), None)

    def _mentions(self) -> tuple[list[int], list[tuple[int, int, Entity]]]:
        """Every mention sorted by start, rebuilt only when mentions were added, so
        span lookups stay logarithmic on long articles."""
        count = sum(len(e.mentions) for e in self.entities)
        if self._mention_cache is None or self._mention_cache[0] != count:
            rows = sorted(((m[0], m[1], e) for e in self.entities for m in e.mentions),
                          key=lambda row: row[:2])
            self._mention_cache = (count, [r[0] for r in rows], rows)
        return self._mention_cache[1], self._mention_cache[2]

    def entities_in(self, start: int, end: int, types: tuple[str, ...] = ()) -> list[Entity]:
        """Every entity with a mention inside ``[start, end)``, in text order."""
        starts, rows = self._mentions()
        found: list[Entity] = []
        for _, m_end, ent in rows[bisect_left(starts, start):bisect_left(starts, end)]:
            if m_end <= end and (not types or ent.type in types) and ent not in found:
                found.append(ent)
        return found

    def entity_in(self, start: int, end: int, types: tuple[str, ...] = ()) -> Entity | None:
        """The first entity mentioned inside ``[start, end)``, optionally of given types."""
        found = self.entities_in(start, end, types)
        return found[0] if found else None

    @cached_property
    def sentences(self) -> list[Span]:
        """The document's sentences: Doc.sents builds new spans on every access."""
        return list(self.doc.sents)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start_char for s in self.sentences]

    def sentence_of(self, char: int) -> Span:
        """The sentence holding character ``char`` (the last one when past the end)."""
        return self.sentences[max(bisect_right(self._sentence_starts, char) - 1, 0)]

    def tokens_where(self, attr: int, values: frozenset[str], span: Span) -> Iterator[Token]:
        """The tokens of ``span`` whose ``attr`` (spacy.attrs: POS, LOWER, ...) is
        one of ``values``. Building a Token costs more than most tests on it, so
        the document's token arrays are searched once and only the hits are built."""
        key = (attr, values)
        if key not in self._token_hits:
            codes = [POS_IDS[v] if attr == POS else hash_string(v) for v in values]
            column = self.doc.to_array([attr]).astype(np.uint64)
            self._token_hits[key] = np.flatnonzero(
                np.isin(column, np.array(codes, dtype=np.uint64))).tolist()
        hits = self._token_hits[key]
        for index in hits[bisect_left(hits, span.start):bisect_left(hits, span.end)]:
            yield self.doc[index]

    def trimmed(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` without surrounding whitespace (sentences carry "\n\n")."""
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end
