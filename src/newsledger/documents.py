"""From ingest results to records: every article, however long, becomes a record or one error.

spaCy refuses a text over ``nlp.max_length``, its memory grows with the text
(a 950 KB article took 3.2 GB) and some extractors grow faster than the text,
so an article over ``CHUNK_CHARS`` is cut at paragraph boundaries (else
sentence, else word boundaries) and each piece is extracted on its own, one
at a time. The pieces' records are then joined: every span is shifted back
so it indexes the whole text, ids are renumbered in order, and an entity
named alike in several pieces (same name and type) is one entity.

Shorter articles go through ``build_records`` exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel
from spacy.language import Language

from newsledger.ingest.article import Article, IngestError
from newsledger.ledger.build import BATCH_SIZE, build_records, record_from_doc
from newsledger.records import DocumentRecord, Entity

CHUNK_CHARS = 100_000  # a few hundred MB to parse, a tenth of spaCy's max_length
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
# Fields holding a record's own id or the id of another record of the document.
_REFERENCES = frozenset({"id", "organization", "speaker", "entity", "asserted_by", "by",
                         "accuser", "accused", "incident", "subject", "claims"})
_KINDS = ("statements", "incidents", "accusations", "claims", "events")


@dataclass(frozen=True)
class Built:
    """A record with the article it came from (whose path and line name it in errors)."""

    article: Article
    record: DocumentRecord


def build(items: Iterable[Article | IngestError], nlp: Language
          ) -> Iterator[Built | IngestError]:
    """Records for ingest results in input order; errors pass through, naming path and line."""
    run: list[Article | IngestError] = []
    for item in items:
        if isinstance(item, Article) and len(item.text) > CHUNK_CHARS:
            yield from _batch(run, nlp)
            run = []
            yield _long(item, nlp)
            continue
        run.append(item)
        if len(run) == BATCH_SIZE:
            yield from _batch(run, nlp)
            run = []
    yield from _batch(run, nlp)


def _batch(items: list[Article | IngestError], nlp: Language) -> Iterator[Built | IngestError]:
    # build_records yields one result per item, in order
    for item, result in zip(items, build_records(items, nlp), strict=True):
        if isinstance(item, IngestError):
            yield item
        elif isinstance(result, IngestError):
            yield _failed(item, result.reason)
        else:
            yield Built(item, result)


def _failed(article: Article, reason: str) -> IngestError:
    return IngestError(article.path or article.doc_id, reason, article.line)


def _long(article: Article, nlp: Language) -> Built | IngestError:
    """One piece in memory at a time: parse, extract, keep only the record."""
    joined = _Joined(article)
    for start, piece in split_text(article.text, CHUNK_CHARS):
        part = replace(article, text=piece)
        try:
            joined.add(start, record_from_doc(part, nlp(piece)))
        except Exception as err:  # an extractor bug must not sink the batch
            return _failed(article, f"extraction failed at character {start}: {err!r}")
    return Built(article, joined.record())


def split_text(text: str, size: int) -> list[tuple[int, str]]:
    """``(start, piece)`` pieces of at most ``size`` characters that join back into
    ``text``, each ending at the last paragraph, sentence or word boundary that fits."""
    pieces, start = [], 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return pieces


def _cut(text: str, start: int, limit: int) -> int:
    floor = start + (limit - start) // 2  # never a piece shorter than half the size
    if (paragraph := text.rfind("\n\n", floor, limit)) >= 0:
        return paragraph + 2
    sentences = [m.end() for m in _SENTENCE_END.finditer(text, floor, limit)]
    if sentences:
        return sentences[-1]
    space = max(text.rfind(" ", floor, limit), text.rfind("\n", floor, limit))
    return space + 1 if space >= 0 else limit


class _Joined:
    """The records of an article's pieces, joined as if extracted from the whole."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.first: DocumentRecord | None = None
        self.entities: list[Entity] = []
        self.by_name: dict[tuple[str, str], int] = {}  # (name, type) -> index in entities
        self.items: dict[str, list[BaseModel]] = {kind: [] for kind in _KINDS}

    def add(self, start: int, record: DocumentRecord) -> None:
        self.first = self.first or record
        ids: dict[str, str] = {}
        for entity in record.entities:  # ids first: roles name other entities
            index = self.by_name.setdefault((entity.name, entity.type), len(self.by_name))
            ids[entity.id] = (self.entities[index].id if index < len(self.entities)
                              else _renumbered(entity.id, index + 1))
        for kind in _KINDS:
            for number, item in enumerate(getattr(record, kind), len(self.items[kind]) + 1):
                ids[item.id] = _renumbered(item.id, number)
        for entity in record.entities:
            index = self.by_name[entity.name, entity.type]
            moved = _moved(entity, start, ids)
            if index == len(self.entities):
                self.entities.append(moved)
            else:
                self.entities[index] = _merged(self.entities[index], moved)
        for kind in _KINDS:
            self.items[kind] += [_moved(item, start, ids) for item in getattr(record, kind)]

    def record(self) -> DocumentRecord:
        assert self.first is not None, "an article has at least one piece"
        return self.first.model_copy(update={
            "text": self.article.text, "entities": self.entities, **self.items})


def _renumbered(record_id: str, number: int) -> str:
    """``e7`` as the ``number``-th of its kind: the letters stay, the number changes."""
    return record_id.rstrip("0123456789") + str(number)


def _merged(entity: Entity, same: Entity) -> Entity:
    """One entity from two pieces' entities of the same name and type."""
    return entity.model_copy(update={
        "mentions": entity.mentions + same.mentions,
        "roles": entity.roles + [r for r in same.roles if r not in entity.roles],
        "country": entity.country or same.country,
        "actor_type": entity.actor_type or same.actor_type,
        "geo": entity.geo or same.geo,
    })


def _moved(model: BaseModel, shift: int, ids: dict[str, str]) -> Any:
    """``model`` with every span shifted by ``shift`` and every id (its own and the
    ones it refers to) renamed by ``ids``."""
    return model.model_copy(update={
        name: _moved_value(getattr(model, name), shift, ids, name in _REFERENCES)
        for name in type(model).model_fields})


def _moved_value(value: Any, shift: int, ids: dict[str, str], reference: bool) -> Any:
    if isinstance(value, BaseModel):
        return _moved(value, shift, ids)
    if isinstance(value, tuple):  # spans are the only tuples in records
        return (value[0] + shift, value[1] + shift)
    if isinstance(value, list):
        return [_moved_value(v, shift, ids, reference) for v in value]
    if isinstance(value, str) and reference:
        return ids.get(value, value)
    return value
