"""The shared state one document's extractors read and extend, in pipeline order.

Each extractor is one module with one job; they talk to each other only
through this object: the entities extractor fills ``entities``, the
statements extractor reads them and adds ``statements``, and so on.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from newsledger.ingest.article import Article
from newsledger.records import Accusation, Claim, Entity, Event, Incident, Statement


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

    def __post_init__(self) -> None:
        self.text = self.doc.text
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

    def sentence_of(self, char: int) -> Span:
        """The sentence holding character ``char`` (the last one when past the end)."""
        token = self.doc.char_span(char, char + 1, alignment_mode="expand")
        if token is None or len(token) == 0:
            return list(self.doc.sents)[-1]
        return token[0].sent

    def trimmed(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` without surrounding whitespace (sentences carry "\n\n")."""
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end
