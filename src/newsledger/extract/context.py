"""The shared state one document's extractors read and extend, in pipeline order.

Each extractor is one module with one job; they talk to each other only
through this object: the entities extractor fills ``entities``, the
statements extractor reads them and adds ``statements``, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from newsledger.ingest.article import Article
from newsledger.records import Accusation, Claim, Entity, Incident, Statement


@dataclass
class Extraction:
    article: Article
    doc: Doc
    entities: list[Entity] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    accusations: list[Accusation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    # character offset of a mention start -> entity id, for span-to-entity lookups
    mention_index: dict[int, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.doc.text

    def entity(self, entity_id: str | None) -> Entity | None:
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        return None

    def entity_in(self, start: int, end: int, types: tuple[str, ...] = ()) -> Entity | None:
        """The first entity mentioned inside ``[start, end)``, optionally of given types."""
        best: tuple[int, Entity] | None = None
        for ent in self.entities:
            if types and ent.type not in types:
                continue
            for m_start, m_end in ent.mentions:
                if start <= m_start and m_end <= end and (best is None or m_start < best[0]):
                    best = (m_start, ent)
        return best[1] if best else None

    def entities_in(self, start: int, end: int, types: tuple[str, ...] = ()) -> list[Entity]:
        """Every entity with a mention inside ``[start, end)``, in text order."""
        found: list[tuple[int, Entity]] = []
        for ent in self.entities:
            if types and ent.type not in types:
                continue
            starts = [m[0] for m in ent.mentions if start <= m[0] and m[1] <= end]
            if starts:
                found.append((min(starts), ent))
        return [ent for _, ent in sorted(found, key=lambda pair: pair[0])]

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
