"""Reading the ledger: incidents and actors as the API, the CLI and the pages
show them. Writes live in ``store/ledger.py``; every read here is a plain
indexed query, so a page of the ledger costs the same at any size.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select

from newsledger.records import ActorAlias, LedgerActor, LedgerIncident
from newsledger.store import models as m
from newsledger.store.ledger import alias_counts

_REDIRECT_HOPS = 20  # a redirect chain is flattened on write; this only guards a loop


@dataclass(frozen=True)
class IncidentFilter:
    """What `/api/ledger/incidents` and `newsledger export` may select on."""

    type: str | None = None
    date_from: str | None = None  # ISO, inclusive
    date_to: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    actor: str | None = None  # actor id; its organs and forces count too
    min_sources: int | None = None


def resolve_incident_id(conn: Connection, incident_id: str) -> str | None:
    """The live id of an incident, following the redirects merges left behind."""
    i, rd = m.LedgerIncident, m.LedgerRedirect
    current = incident_id
    for _ in range(_REDIRECT_HOPS):
        if conn.scalar(select(i.id).where(i.id == current)) is not None:
            return current
        nxt = conn.scalar(select(rd.new_id).where(rd.old_id == current))
        if nxt is None:
            return None
        current = nxt
    return None


def get_incident(engine: Engine, incident_id: str) -> LedgerIncident | None:
    with engine.connect() as conn:
        live = resolve_incident_id(conn, incident_id)
        if live is None:
            return None
        record = conn.scalar(select(m.LedgerIncident.record).where(m.LedgerIncident.id == live))
    return LedgerIncident.model_validate(record)


def actor_family(conn: Connection, actor_id: str) -> list[str]:
    """The actor and every actor under it (a state's ministries and forces)."""
    found, frontier = {actor_id}, [actor_id]
    while frontier:
        children = set(conn.scalars(select(m.Actor.id).where(m.Actor.parent_id.in_(frontier))))
        frontier = sorted(children - found)
        found |= children
    return sorted(found)


def _incident_conditions(conn: Connection, where: IncidentFilter) -> list[Any]:
    i = m.LedgerIncident
    conditions: list[Any] = []
    if where.type:
        conditions.append(i.type == where.type)
    if where.date_from:
        conditions.append(i.date >= where.date_from)
    if where.date_to:
        conditions.append(i.date <= where.date_to)
    if where.country:
        conditions.append(i.country == where.country.upper())
    if where.bbox:
        west, south, east, north = where.bbox
        lon = i.lon.between(west, east) if west <= east else or_(i.lon >= west, i.lon <= east)
        conditions += [i.lat.between(south, north), lon]
    if where.min_sources:
        conditions.append(i.n_sources >= where.min_sources)
    if where.actor:
        ia = m.LedgerIncidentActor
        conditions.append(i.id.in_(select(ia.ledger_id).where(
            ia.actor_id.in_(actor_family(conn, where.actor)))))
    return conditions


def query_incidents(engine: Engine, where: IncidentFilter, *, limit: int = 50,
                    offset: int = 0) -> tuple[int, list[LedgerIncident]]:
    """The total matching and one page, most recent first (then most sources)."""
    i = m.LedgerIncident
    with engine.connect() as conn:
        conditions = _incident_conditions(conn, where)
        total = conn.scalar(select(func.count()).select_from(i).where(*conditions)) or 0
        stmt = (select(i.record).where(*conditions)
                .order_by(i.date.desc().nulls_last(), i.n_sources.desc(), i.id)
                .limit(limit).offset(offset))
        rows = list(conn.scalars(stmt))
    return total, [LedgerIncident.model_validate(r) for r in rows]


def iter_incidents(engine: Engine, where: IncidentFilter | None = None,
                   batch_size: int = 500) -> Iterator[LedgerIncident]:
    """Every ledger incident, by id, read in pages so memory stays flat."""
    i = m.LedgerIncident
    last = ""
    while True:
        with engine.connect() as conn:
            conditions = _incident_conditions(conn, where or IncidentFilter())
            rows = list(conn.execute(select(i.id, i.record).where(i.id > last, *conditions)
                                     .order_by(i.id).limit(batch_size)))
        if not rows:
            return
        for row in rows:
            yield LedgerIncident.model_validate(row.record)
        last = rows[-1].id


# --- actors ------------------------------------------------------------------------


def _actor_records(conn: Connection, rows: Sequence[Any]) -> list[LedgerActor]:
    ids = [row.id for row in rows]
    aliases = alias_counts(conn, ids)
    ea = m.EntityActor
    docs = dict(conn.execute(select(ea.actor_id, func.count(func.distinct(ea.doc_id)))
                             .where(ea.actor_id.in_(ids)).group_by(ea.actor_id)).all())
    out = []
    for row in rows:
        names = sorted(aliases.get(row.id, []), key=lambda a: (-a[1], a[0]))
        out.append(LedgerActor(
            id=row.id, key=row.key, name=row.name, type=row.type, country=row.country,
            parent=row.parent_id, n_documents=docs.get(row.id, 0),
            aliases=[ActorAlias(name=n, documents=c) for n, c in names]))
    return out


def query_actors(engine: Engine, *, type: str | None = None, q: str | None = None,
                 limit: int = 50, offset: int = 0) -> tuple[int, list[LedgerActor]]:
    """Actors, the most documented first; ``q`` matches the name or an alias."""
    a, ea, e = m.Actor, m.EntityActor, m.Entity
    conditions: list[Any] = []
    if type:
        conditions.append(a.type == type)
    if q:
        pattern = f"%{q.lower()}%"
        aliased = (select(ea.actor_id).join(e, and_(e.doc_id == ea.doc_id,
                                                      e.id == ea.entity_id))
                   .where(func.lower(e.name).like(pattern)))
        conditions.append(or_(func.lower(a.name).like(pattern), a.id.in_(aliased)))
    n_docs = (select(ea.actor_id, func.count(func.distinct(ea.doc_id)).label("n"))
              .group_by(ea.actor_id).subquery())
    with engine.connect() as conn:
        total = conn.scalar(select(func.count()).select_from(a).where(*conditions)) or 0
        rows = list(conn.execute(
            select(a).outerjoin(n_docs, n_docs.c.actor_id == a.id).where(*conditions)
            .order_by(func.coalesce(n_docs.c.n, 0).desc(), a.name, a.id)
            .limit(limit).offset(offset)))
        return total, _actor_records(conn, rows)


def get_actor(engine: Engine, actor_id: str) -> LedgerActor | None:
    with engine.connect() as conn:
        rows = list(conn.execute(select(m.Actor).where(m.Actor.id == actor_id)))
        return _actor_records(conn, rows)[0] if rows else None


def iter_actors(engine: Engine, batch_size: int = 500) -> Iterator[LedgerActor]:
    a = m.Actor
    last = ""
    while True:
        with engine.connect() as conn:
            rows = list(conn.execute(select(a).where(a.id > last).order_by(a.id)
                                     .limit(batch_size)))
            records = _actor_records(conn, rows)
        if not rows:
            return
        yield from records
        last = rows[-1].id


def actor_mentions(engine: Engine, actor_id: str, limit: int = 200) -> dict[str, list[dict]]:
    """What an actor (and the organs under it) said, accused and was accused of,
    across every document: the rows with their document and evidence offsets."""
    s, ac, ea = m.Statement, m.Accusation, m.EntityActor
    with engine.connect() as conn:
        family = actor_family(conn, actor_id)

        def of(entity_col: Any, doc_col: Any) -> Any:
            return select(ea.doc_id).where(ea.actor_id.in_(family), ea.doc_id == doc_col,
                                           ea.entity_id == entity_col).exists()

        statements = conn.execute(
            select(s.doc_id, s.id, s.kind, s.speaker_name, s.text, s.content_start,
                   s.content_end).where(of(s.speaker, s.doc_id))
            .order_by(s.doc_id, s.seq).limit(limit)).mappings().all()
        accusations = {}
        for role, column in (("by", ac.accuser), ("against", ac.accused)):
            accusations[role] = conn.execute(
                select(ac.doc_id, ac.id, ac.accuser_name, ac.accused_name, ac.allegation,
                       ac.category, ac.incident, ac.evidence_start, ac.evidence_end)
                .where(of(column, ac.doc_id)).order_by(ac.doc_id, ac.seq).limit(limit)
            ).mappings().all()
    return {"statements": [dict(r) for r in statements],
            "accusations_by": [dict(r) for r in accusations["by"]],
            "accusations_against": [dict(r) for r in accusations["against"]]}
