"""Reading and writing whole documents: the store's public API.

A document and all its records are written in one transaction and read back
as the exact ``DocumentRecord`` that was saved, so the database can stand in
for the JSONL output. Reads and writes go through Core statements on the
ORM tables: records are written in bulk and rebuilt from rows, no ORM
identity map is needed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    Connection,
    Engine,
    Row,
    Select,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite

from newsledger import records as r
from newsledger.store import models as m

_CLAIM_TYPES: dict[str, type[int | float | str]] = {"int": int, "float": float, "str": str}


class DocumentSummary(BaseModel):
    """One line of a document listing, with how many records of each kind it holds."""

    id: str
    title: str | None
    published: str | None
    outlet: str | None
    path: str | None
    n_entities: int
    n_statements: int
    n_incidents: int
    n_accusations: int
    n_claims: int


class IncidentRow(r.Incident):
    """An incident with the document it was reported in, for cross-document lists."""

    doc_id: str
    doc_title: str | None
    published: str | None


# --- writing ---------------------------------------------------------------


def save_document(engine: Engine, record: r.DocumentRecord) -> bool:
    """Store ``record`` and all its records atomically.

    Returns False and changes nothing if a document with this id is already
    stored (ids hash the input, so re-ingesting an article is a no-op). Any
    error rolls the whole document back and is re-raised.
    """
    with engine.begin() as conn:
        return write_document(conn, record)


def write_document(conn: Connection, record: r.DocumentRecord) -> bool:
    """``save_document`` inside the caller's transaction (the ledger merges the
    document in the same one)."""
    rows = _child_rows(record)
    if not _insert_document(conn, record):
        return False
    for model, table_rows in rows:
        if table_rows:
            conn.execute(insert(model), table_rows)
    return True


def _insert_document(conn: Connection, record: r.DocumentRecord) -> bool:
    """Insert the documents row unless the id exists; race-free via ON CONFLICT."""
    dialect_insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[
        conn.dialect.name
    ]
    stmt = dialect_insert(m.Document).values(
        id=record.id,
        source_path=record.source.path,
        source_id=record.source.id,
        source_url=record.source.url,
        source_outlet=record.source.outlet,
        title=record.title,
        published=record.published,
        language=record.language,
        text=record.text,
        ingested_at=datetime.now(UTC),
    )
    inserted = stmt.on_conflict_do_nothing().returning(m.Document.id)
    return conn.execute(inserted).first() is not None


def _child_rows(record: r.DocumentRecord) -> list[tuple[type[m.Base], list[dict[str, Any]]]]:
    """Rows for every child table, in an order that satisfies the foreign keys."""
    doc = record.id
    entities, mentions = [], []
    for seq, e in enumerate(record.entities):
        entities.append({
            "doc_id": doc, "id": e.id, "seq": seq, "name": e.name, "type": e.type,
            "country": e.country, "actor_type": e.actor_type,
            **_flatten("geo", r.Geo, e.geo), "roles": _json(e.roles),
        })
        mentions += [
            {"doc_id": doc, "entity_id": e.id, "seq": i, "span_start": s, "span_end": t}
            for i, (s, t) in enumerate(e.mentions)
        ]

    evidence: list[dict[str, Any]] = []

    def spans(kind: str, record_id: str, found: Iterable[r.Span]) -> None:
        evidence.extend(
            {"doc_id": doc, "record_kind": kind, "record_id": record_id, "seq": i,
             "span_start": s, "span_end": t}
            for i, (s, t) in enumerate(found)
        )

    statements = []
    for seq, s in enumerate(record.statements):
        statements.append({
            "doc_id": doc, "id": s.id, "seq": seq, "kind": s.kind, "speaker": s.speaker,
            "speaker_name": s.speaker_name,
            "speaker_start": s.speaker_span[0] if s.speaker_span else None,
            "speaker_end": s.speaker_span[1] if s.speaker_span else None,
            "cue": s.cue, "content_start": s.content_span[0], "content_end": s.content_span[1],
            "text": s.text, "date": s.date, "parts": [list(p) for p in s.parts],
        })
        spans("statement", s.id, [s.content_span])

    incidents = []
    for seq, i in enumerate(record.incidents):
        incidents.append({
            "doc_id": doc, "id": i.id, "seq": seq, "type": i.type, "subtype": i.subtype,
            "weapon": i.weapon, "date": i.date, "date_precision": i.date_precision,
            "aggregate": i.aggregate, **_flatten("location", r.Location, i.location),
            **_flatten("killed", r.Figure, i.killed),
            **_flatten("injured", r.Figure, i.injured),
            "victims": _json(i.victims), "perpetrators": _json(i.perpetrators),
            "claim_ids": list(i.claims),
        })
        spans("incident", i.id, i.evidence)

    accusations = []
    for seq, a in enumerate(record.accusations):
        accusations.append({
            "doc_id": doc, "id": a.id, "seq": seq, "accuser": a.accuser,
            "accuser_name": a.accuser_name, "accused": a.accused,
            "accused_name": a.accused_name, "allegation": a.allegation,
            "category": a.category, "incident": a.incident,
            "evidence_start": a.evidence[0], "evidence_end": a.evidence[1],
            "rebuttals": _json(a.rebuttals),
        })
        spans("accusation", a.id, [a.evidence])
        spans("rebuttal", a.id, [b.evidence for b in a.rebuttals])

    claims = []
    for seq, c in enumerate(record.claims):
        claims.append({
            "doc_id": doc, "id": c.id, "seq": seq, "subject": c.subject, "field": c.field,
            # str() of a float is its shortest exact repr, so float(value) round-trips.
            "value": str(c.value), "value_type": type(c.value).__name__,
            "qualifier": c.qualifier,
            "asserted_by": c.asserted_by,
            "evidence_start": c.evidence[0], "evidence_end": c.evidence[1],
        })
        spans("claim", c.id, [c.evidence])

    events = []
    for seq, v in enumerate(record.events):
        events.append({"doc_id": doc, "id": v.id, "seq": seq, "kind": v.kind,
                       "trigger": v.trigger})
        spans("event", v.id, v.evidence)

    return [
        (m.Entity, entities), (m.Mention, mentions), (m.Statement, statements),
        (m.Incident, incidents), (m.Accusation, accusations), (m.Claim, claims),
        (m.Event, events), (m.EvidenceSpan, evidence),
    ]


def _json(items: Sequence[BaseModel]) -> list[dict[str, Any]]:
    return [item.model_dump(mode="json") for item in items]


def _flatten(prefix: str, model: type[BaseModel], value: BaseModel | None) -> dict[str, Any]:
    """A nested object as ``prefix_field`` columns, all None when it is absent."""
    return {f"{prefix}_{name}": getattr(value, name, None) for name in model.model_fields}


def _unflatten(prefix: str, model: type[BaseModel], row: Row) -> dict[str, Any]:
    """The fields of a nested object stored by ``_flatten``."""
    return {name: getattr(row, f"{prefix}_{name}") for name in model.model_fields}


# --- reading whole documents -------------------------------------------------


def get_document(engine: Engine, doc_id: str) -> r.DocumentRecord | None:
    """The stored record with this id, exactly as saved, or None."""
    with engine.connect() as conn:
        found = _load_documents(conn, [doc_id])
    return found[0] if found else None


def has_document(engine: Engine, doc_id: str) -> bool:
    """Whether a document with this id is stored: ingest asks before extracting, so
    a resumed batch pays only for what is left."""
    with engine.connect() as conn:
        return conn.scalar(select(m.Document.id).where(m.Document.id == doc_id)) is not None


def iter_documents(engine: Engine, *, batch_size: int = 100) -> Iterator[r.DocumentRecord]:
    """Every stored document in id order, loaded ``batch_size`` at a time.

    Each batch is read in its own short transaction (keyset pagination on the
    id), so no connection is held while the caller consumes the documents.
    """
    last: str | None = None
    while True:
        stmt = select(m.Document.id).order_by(m.Document.id).limit(batch_size)
        if last is not None:
            stmt = stmt.where(m.Document.id > last)
        with engine.connect() as conn:
            ids = list(conn.scalars(stmt))
            batch = _load_documents(conn, ids)
        yield from batch
        if len(ids) < batch_size:
            return
        last = ids[-1]


def _load_documents(conn: Connection, doc_ids: list[str]) -> list[r.DocumentRecord]:
    """Rebuild the documents ``doc_ids`` (in that order) with one query per table."""
    if not doc_ids:
        return []
    docs = {row.id: row for row in conn.execute(
        select(m.Document.__table__).where(m.Document.id.in_(doc_ids)))}
    found = list(docs)

    def children(model: type[m.Base], *order: Any) -> dict[str, list[Row]]:
        table = model.__table__
        grouped: dict[str, list[Row]] = defaultdict(list)
        stmt = select(table).where(table.c.doc_id.in_(found)).order_by(*order)
        for row in conn.execute(stmt):
            grouped[row.doc_id].append(row)
        return grouped

    mentions: dict[tuple[str, str], list[r.Span]] = defaultdict(list)
    for row in conn.execute(select(m.Mention.__table__)
                            .where(m.Mention.doc_id.in_(found))
                            .order_by(m.Mention.seq)):
        mentions[row.doc_id, row.entity_id].append((row.span_start, row.span_end))
    evidence = _evidence(conn, found)
    entities = children(m.Entity, m.Entity.seq)
    statements = children(m.Statement, m.Statement.seq)
    incidents = children(m.Incident, m.Incident.seq)
    accusations = children(m.Accusation, m.Accusation.seq)
    claims = children(m.Claim, m.Claim.seq)
    events = children(m.Event, m.Event.seq)

    records = []
    for doc_id in doc_ids:
        if (d := docs.get(doc_id)) is None:
            continue
        records.append(r.DocumentRecord(
            id=d.id,
            source=r.Source(path=d.source_path, id=d.source_id, url=d.source_url,
                            outlet=d.source_outlet),
            title=d.title, published=d.published, language=d.language, text=d.text,
            entities=[_entity(e, mentions[doc_id, e.id]) for e in entities[doc_id]],
            statements=[_statement(s) for s in statements[doc_id]],
            incidents=[r.Incident(**_incident_fields(i, evidence["incident", doc_id, i.id]))
                       for i in incidents[doc_id]],
            accusations=[_accusation(a) for a in accusations[doc_id]],
            claims=[_claim(c) for c in claims[doc_id]],
            events=[r.Event(id=v.id, kind=v.kind, trigger=v.trigger,
                            evidence=evidence["event", doc_id, v.id]) for v in events[doc_id]],
        ))
    return records


def _evidence(
    conn: Connection, doc_ids: Iterable[str]
) -> dict[tuple[str, str, str], list[r.Span]]:
    """Incident and event evidence spans by (record kind, doc_id, record id);
    they are stored only there."""
    spans: dict[tuple[str, str, str], list[r.Span]] = defaultdict(list)
    stmt = (select(m.EvidenceSpan.__table__)
            .where(m.EvidenceSpan.record_kind.in_(["incident", "event"]),
                   m.EvidenceSpan.doc_id.in_(list(doc_ids)))
            .order_by(m.EvidenceSpan.seq))
    for row in conn.execute(stmt):
        spans[row.record_kind, row.doc_id, row.record_id].append(
            (row.span_start, row.span_end))
    return spans


def _entity(row: Row, mentions: list[r.Span]) -> r.Entity:
    # Geo.lat (like Location.name) is required, so NULL there means "no geo".
    geo = r.Geo(**_unflatten("geo", r.Geo, row)) if row.geo_lat is not None else None
    return r.Entity(id=row.id, name=row.name, type=row.type, mentions=mentions,
                    roles=row.roles, country=row.country, actor_type=row.actor_type, geo=geo)


def _statement(row: Row) -> r.Statement:
    speaker_span = None
    if row.speaker_start is not None:
        speaker_span = (row.speaker_start, row.speaker_end)
    return r.Statement(id=row.id, kind=row.kind, speaker=row.speaker,
                       speaker_name=row.speaker_name, speaker_span=speaker_span, cue=row.cue,
                       content_span=(row.content_start, row.content_end), text=row.text,
                       date=row.date, parts=[tuple(p) for p in row.parts])


def _incident_fields(row: Row, evidence: list[r.Span]) -> dict[str, Any]:
    """Keyword arguments of ``records.Incident`` for an incidents row."""
    location = None
    if row.location_name is not None:
        location = r.Location(**_unflatten("location", r.Location, row))
    return {
        "id": row.id, "type": row.type, "subtype": row.subtype, "weapon": row.weapon,
        "date": row.date, "date_precision": row.date_precision, "aggregate": row.aggregate,
        "location": location,
        "killed": r.Figure(**_unflatten("killed", r.Figure, row)),
        "injured": r.Figure(**_unflatten("injured", r.Figure, row)),
        "victims": row.victims, "perpetrators": row.perpetrators, "claims": row.claim_ids,
        "evidence": evidence,
    }


def _accusation(row: Row) -> r.Accusation:
    return r.Accusation(id=row.id, accuser=row.accuser, accuser_name=row.accuser_name,
                        accused=row.accused, accused_name=row.accused_name,
                        allegation=row.allegation, category=row.category,
                        incident=row.incident,
                        evidence=(row.evidence_start, row.evidence_end),
                        rebuttals=row.rebuttals)


def _claim(row: Row) -> r.Claim:
    return r.Claim(id=row.id, subject=row.subject, field=row.field,
                   value=_CLAIM_TYPES[row.value_type](row.value), qualifier=row.qualifier,
                   asserted_by=row.asserted_by,
                   evidence=(row.evidence_start, row.evidence_end))


# --- listings ----------------------------------------------------------------


def list_documents(
    engine: Engine, *, limit: int = 50, offset: int = 0, q: str | None = None
) -> list[DocumentSummary]:
    """A page of documents, newest published first (undated last), then by title.

    ``q`` matches a substring of the title or the text, ignoring case (on
    SQLite only for ASCII letters: its lower() leaves "Ə" alone).
    """
    d = m.Document

    def count(model: Any) -> Any:
        return select(func.count()).where(model.doc_id == d.id).scalar_subquery()

    stmt = _search(
        select(
            d.id, d.title, d.published, d.source_outlet.label("outlet"),
            d.source_path.label("path"),
            count(m.Entity).label("n_entities"), count(m.Statement).label("n_statements"),
            count(m.Incident).label("n_incidents"),
            count(m.Accusation).label("n_accusations"), count(m.Claim).label("n_claims"),
        ),
        q,
    ).order_by(d.published.desc().nulls_last(), d.title.nulls_last(), d.id)
    with engine.connect() as conn:
        rows = conn.execute(stmt.limit(limit).offset(offset)).mappings().all()
    return [DocumentSummary.model_validate(dict(row)) for row in rows]


def count_documents(engine: Engine, q: str | None = None) -> int:
    """How many documents ``list_documents`` would page through for ``q``."""
    with engine.connect() as conn:
        return conn.scalar(_search(select(func.count(m.Document.id)), q))


def _search(stmt: Select, q: str | None) -> Select:
    if not q:
        return stmt
    return stmt.where(or_(m.Document.title.icontains(q, autoescape=True),
                          m.Document.text.icontains(q, autoescape=True)))


def list_incidents(
    engine: Engine,
    *,
    limit: int = 100,
    offset: int = 0,
    type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> list[IncidentRow]:
    """A page of incidents across documents, most recent incident date first.

    ``type`` is an exact ACLED event type; ``date_from``/``date_to`` are
    inclusive ISO dates compared as strings, and exclude undated incidents.
    """
    i, d = m.Incident, m.Document
    stmt = (
        select(i.__table__, d.title.label("doc_title"), d.published)
        .join(d, d.id == i.doc_id)
        .order_by(i.date.desc().nulls_last(), d.published.desc().nulls_last(),
                  i.doc_id, i.seq)
    )
    if type is not None:
        stmt = stmt.where(i.type == type)
    if date_from is not None:
        stmt = stmt.where(i.date >= date_from)
    if date_to is not None:
        stmt = stmt.where(i.date <= date_to)
    with engine.connect() as conn:
        rows = conn.execute(stmt.limit(limit).offset(offset)).all()
        evidence = _evidence(conn, {row.doc_id for row in rows})
    return [
        IncidentRow(**_incident_fields(row, evidence["incident", row.doc_id, row.id]),
                    doc_id=row.doc_id, doc_title=row.doc_title, published=row.published)
        for row in rows
    ]
