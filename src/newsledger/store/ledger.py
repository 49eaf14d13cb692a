"""The ledger tables: reports, blocking keys, scored pairs, decisions, ledger
incidents and actors. Plain reads and writes on one connection; what to merge
is decided in ``newsledger.ledger``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from newsledger.store import models as m

ReportKey = tuple[str, str]

# Row-value IN lists are split so no statement exceeds SQLite's variable limit.
_CHUNK = 400


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _upsert(conn: Connection):
    return {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[conn.dialect.name]


def lock_ledger(conn: Connection) -> None:
    """Serialise merges on PostgreSQL (SQLite serialises writers already): two
    ingests reclustering one group at once would undo each other's work."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7234061)")


# --- reports, keys, pairs ------------------------------------------------------


def _among(doc: Any, incident: Any, part: Sequence[ReportKey]) -> Any:
    """Rows whose (document, incident) is in ``part``. The document ids narrow
    by index first: a bare row-value IN is a full table scan in SQLite."""
    return and_(doc.in_(sorted({d for d, _ in part})), tuple_(doc, incident).in_(part))


def insert_reports(conn: Connection, rows: Sequence[dict[str, Any]],
                   keys: Sequence[dict[str, str]]) -> None:
    if rows:
        conn.execute(insert(m.LedgerReport), list(rows))
    if keys:
        conn.execute(insert(m.LedgerKey), list(keys))


def candidate_keys(conn: Connection, keys: Sequence[str], date_lo: str, date_hi: str,
                   exclude_doc: str) -> list[tuple[str, ReportKey]]:
    """(key, report) for every other article's report holding one of ``keys``
    whose date range meets [date_lo, date_hi]."""
    if not keys:
        return []
    k = m.LedgerKey
    found: list[tuple[str, ReportKey]] = []
    for key in keys:  # one index range per key: (key, date_hi >= date_lo)
        stmt = select(k.doc_id, k.incident_id).where(
            k.key == key, k.date_hi >= date_lo, k.date_lo <= date_hi, k.doc_id != exclude_doc)
        found += [(key, (row.doc_id, row.incident_id)) for row in conn.execute(stmt)]
    return found


def signatures(conn: Connection, reports: Iterable[ReportKey]) -> dict[ReportKey, dict]:
    r = m.LedgerReport
    out: dict[ReportKey, dict] = {}
    for part in _chunks(sorted(set(reports))):
        stmt = select(r.doc_id, r.incident_id, r.signature).where(
            _among(r.doc_id, r.incident_id, part))
        out |= {(row.doc_id, row.incident_id): row.signature for row in conn.execute(stmt)}
    return out


def payloads(conn: Connection, reports: Iterable[ReportKey]) -> dict[ReportKey, dict]:
    r = m.LedgerReport
    out: dict[ReportKey, dict] = {}
    for part in _chunks(sorted(set(reports))):
        stmt = select(r.doc_id, r.incident_id, r.payload).where(
            _among(r.doc_id, r.incident_id, part))
        out |= {(row.doc_id, row.incident_id): row.payload for row in conn.execute(stmt)}
    return out


def insert_edges(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Scored pairs; a pair already scored (a re-run) keeps its row."""
    if rows:
        conn.execute(_upsert(conn)(m.LedgerEdge).on_conflict_do_nothing(), list(rows))


def neighbours(conn: Connection, reports: Sequence[ReportKey]) -> set[ReportKey]:
    """Reports compared with any of ``reports``, or joined to one by a person."""
    e, d = m.LedgerEdge, m.LedgerDecision
    found: set[ReportKey] = set()
    for part in _chunks(list(reports)):
        for row in conn.execute(select(e.b_doc, e.b_incident).where(
                _among(e.a_doc, e.a_incident, part))):
            found.add((row.b_doc, row.b_incident))
        for row in conn.execute(select(e.a_doc, e.a_incident).where(
                _among(e.b_doc, e.b_incident, part))):
            found.add((row.a_doc, row.a_incident))
        for row in conn.execute(select(d.a_doc, d.a_incident, d.b_doc, d.b_incident).where(
                d.kind == "merge", or_(_among(d.a_doc, d.a_incident, part),
                                       _among(d.b_doc, d.b_incident, part)))):
            found |= {(row.a_doc, row.a_incident), (row.b_doc, row.b_incident)}
    return found


def edges_among(conn: Connection, reports: Iterable[ReportKey]
                ) -> dict[tuple[ReportKey, ReportKey], tuple[float, bool, dict]]:
    """Every scored pair with its a-side in ``reports`` (callers keep pairs inside)."""
    e = m.LedgerEdge
    members = set(reports)
    out = {}
    for part in _chunks(sorted(members)):
        stmt = select(e).where(_among(e.a_doc, e.a_incident, part))
        for row in conn.execute(stmt):
            b = (row.b_doc, row.b_incident)
            if b in members:
                out[(row.a_doc, row.a_incident), b] = (row.score, row.linked, row.detail)
    return out


def decisions_among(conn: Connection, reports: Iterable[ReportKey]) -> list[m.LedgerDecision]:
    """People's decisions touching ``reports``, in the order they were made."""
    d = m.LedgerDecision
    found: dict[int, Any] = {}
    for part in _chunks(sorted(set(reports))):
        stmt = select(d).where(or_(_among(d.a_doc, d.a_incident, part),
                                   _among(d.b_doc, d.b_incident, part)))
        found |= {row.id: row for row in conn.execute(stmt)}
    return [found[i] for i in sorted(found)]


def add_decisions(conn: Connection, kind: str, pairs: Sequence[tuple[ReportKey, ReportKey]],
                  note: str | None) -> None:
    now = dt.datetime.now(dt.UTC)
    conn.execute(insert(m.LedgerDecision), [
        {"kind": kind, "a_doc": a[0], "a_incident": a[1], "b_doc": b[0], "b_incident": b[1],
         "note": note, "made_at": now} for a, b in pairs])


def list_decisions(conn: Connection) -> list[Any]:
    return list(conn.execute(select(m.LedgerDecision).order_by(m.LedgerDecision.id)))


# --- ledger incidents ---------------------------------------------------------------


def ledger_ids(conn: Connection, reports: Iterable[ReportKey]) -> dict[ReportKey, str | None]:
    r = m.LedgerReport
    out: dict[ReportKey, str | None] = {}
    for part in _chunks(sorted(set(reports))):
        stmt = select(r.doc_id, r.incident_id, r.ledger_id).where(
            _among(r.doc_id, r.incident_id, part))
        out |= {(row.doc_id, row.incident_id): row.ledger_id for row in conn.execute(stmt)}
    return out


def reports_of(conn: Connection, ledger_id: str) -> list[ReportKey]:
    r = m.LedgerReport
    stmt = select(r.doc_id, r.incident_id).where(r.ledger_id == ledger_id)
    return [(row.doc_id, row.incident_id) for row in conn.execute(stmt)]


def reports_of_incidents(conn: Connection, ledger_ids: Iterable[str]) -> set[ReportKey]:
    r = m.LedgerReport
    found: set[ReportKey] = set()
    for part in _chunks(sorted(set(ledger_ids))):
        stmt = select(r.doc_id, r.incident_id).where(r.ledger_id.in_(part))
        found |= {(row.doc_id, row.incident_id) for row in conn.execute(stmt)}
    return found


def set_membership(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Each report's ledger incident and the reason it joined it."""
    r = m.LedgerReport
    for row in rows:
        conn.execute(update(r).where(r.doc_id == row["doc_id"],
                                     r.incident_id == row["incident_id"])
                     .values(ledger_id=row["ledger_id"], joined=row["joined"]))


def replace_incidents(conn: Connection, retired: Iterable[str],
                      rows: Sequence[dict[str, Any]],
                      actor_rows: Sequence[dict[str, str]],
                      redirects: dict[str, str]) -> None:
    """Drop the ``retired`` ledger incidents, write ``rows`` afresh, and point
    retired ids (and ids that pointed at them) at the incidents they became."""
    i, a, rd = m.LedgerIncident, m.LedgerIncidentActor, m.LedgerRedirect
    gone = sorted(set(retired) | {row["id"] for row in rows})
    for part in _chunks(gone):
        conn.execute(delete(i).where(i.id.in_(part)))
    if rows:
        conn.execute(insert(i), list(rows))
    if actor_rows:
        conn.execute(insert(a), list(actor_rows))
    live = [row["id"] for row in rows]
    for part in _chunks(live):  # an id that is an incident again redirects nowhere
        conn.execute(delete(rd).where(rd.old_id.in_(part)))
    for old, new in sorted(redirects.items()):
        conn.execute(update(rd).where(rd.new_id == old).values(new_id=new))
        conn.execute(_upsert(conn)(rd).values(old_id=old, new_id=new)
                     .on_conflict_do_update(index_elements=["old_id"], set_={"new_id": new}))


def clear_ledger(conn: Connection) -> None:
    """Everything derived (not the documents, not people's decisions)."""
    for model in (m.LedgerIncidentActor, m.LedgerIncident, m.LedgerRedirect, m.LedgerEdge,
                  m.LedgerKey, m.LedgerReport, m.EntityActor, m.Actor):
        conn.execute(delete(model))


# --- actors ---------------------------------------------------------------------


def upsert_actors(conn: Connection, rows: Sequence[dict[str, Any]],
                  links: Sequence[dict[str, str]]) -> None:
    if rows:
        conn.execute(_upsert(conn)(m.Actor).on_conflict_do_nothing(), list(rows))
    if links:
        conn.execute(_upsert(conn)(m.EntityActor).on_conflict_do_nothing(), list(links))


def alias_counts(conn: Connection, actor_ids: Sequence[str]) -> dict[str, list[tuple[str, int]]]:
    """Each actor's names as written, with the number of documents that use them."""
    ea, e = m.EntityActor, m.Entity
    out: dict[str, list[tuple[str, int]]] = {a: [] for a in actor_ids}
    for part in _chunks(sorted(set(actor_ids))):
        stmt = (select(ea.actor_id, e.name, func.count(func.distinct(ea.doc_id)).label("n"))
                .join(e, and_(e.doc_id == ea.doc_id, e.id == ea.entity_id))
                .where(ea.actor_id.in_(part)).group_by(ea.actor_id, e.name))
        for row in conn.execute(stmt):
            out[row.actor_id].append((row.name, row.n))
    return out


def rename_actor(conn: Connection, actor_id: str, name: str) -> None:
    conn.execute(update(m.Actor).where(m.Actor.id == actor_id).values(name=name))
