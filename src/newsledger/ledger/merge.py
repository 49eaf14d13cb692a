"""The ledger across articles, kept up to date one document at a time.

When a document is stored its incidents become *reports*: each gets a
signature (ledger/signature.py), is compared with the reports of other
articles that share a blocking key and a date window (ledger/score.py), and
the scored pairs are stored with their features. Then the reports the new
ones can move (themselves, the reports they were compared with and the
ledger incidents those are in, cascading when an incident splits) are
clustered again from their stored pairs (ledger/cluster.py) and their ledger
incidents are written afresh (ledger/assemble.py). The pairs depend only on
the two reports and the clustering only on the pairs, so the ledger does not
depend on the order the documents came in (docs/ledger.md says where a
bounded scope could, in theory, differ), and a document's merge costs what
its neighbourhood costs, not what the ledger holds.

A ledger incident's id comes from its first report (in publication order);
when a merge retires an id, a redirect points it at the incident it became.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from newsledger.ledger.actors import ActorRef, document_actors
from newsledger.ledger.assemble import ReportPayload, assemble
from newsledger.ledger.cluster import Cluster, Decision, Edge, cluster, pair
from newsledger.ledger.rules import merge_rules
from newsledger.ledger.score import score_pair, veto
from newsledger.ledger.signature import ReportKey, Signature, main_incident_id, signature
from newsledger.records import DocumentRecord, LedgerIncident, MergeReason
from newsledger.store import ledger as store
from newsledger.store.repository import iter_documents, write_document

_SLUG = re.compile(r"[^a-z0-9]+")


def report_ref(key: ReportKey) -> str:
    """A report as people write it: ``document id#incident id``."""
    return f"{key[0]}#{key[1]}"


def parse_report_ref(text: str) -> ReportKey:
    doc, sep, incident = text.rpartition("#")
    if not sep or not doc or not incident:
        raise ValueError(f"{text!r} is not DOCUMENT_ID#INCIDENT_ID")
    return doc, incident


def ledger_incident_id(anchor: ReportKey) -> str:
    """The id of the ledger incident whose first report is ``anchor``."""
    return "inc-" + hashlib.sha256(report_ref(anchor).encode()).hexdigest()[:12]


def actor_id(key: str) -> str:
    """A readable, stable id for an actor key ("state:AM" -> "state-am-…")."""
    slug = _SLUG.sub("-", key.lower()).strip("-")[:40]
    return f"{slug}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def _first_report(signatures: dict[ReportKey, Signature], members: Iterable[ReportKey]
                  ) -> ReportKey:
    def order(key: ReportKey) -> tuple[bool, str, ReportKey]:
        published = signatures[key].published
        return published is None, published or "", key
    return min(members, key=order)


# --- actors -----------------------------------------------------------------------


def _store_actors(conn: Connection, record: DocumentRecord, refs: dict[str, ActorRef]
                  ) -> dict[str, str]:
    """Actor rows for the document's entities; entity id -> actor id."""
    rows: dict[str, dict] = {}
    for ref in refs.values():
        if ref.parent_key:
            rows.setdefault(ref.parent_key, {
                "id": actor_id(ref.parent_key), "key": ref.parent_key, "name": ref.parent_name,
                "type": "state", "country": ref.country, "parent_id": None,
                "fixed": ref.country is not None})
        rows.setdefault(ref.key, {
            "id": actor_id(ref.key), "key": ref.key, "name": ref.canonical or ref.name,
            "type": ref.type, "country": ref.country, "fixed": ref.canonical is not None,
            "parent_id": actor_id(ref.parent_key) if ref.parent_key else None})
    ids = {entity_id: actor_id(ref.key) for entity_id, ref in refs.items()}
    named = {row["id"] for row in rows.values() if not row.pop("fixed")}
    store.upsert_actors(conn, list(rows.values()), [
        {"doc_id": record.id, "entity_id": entity_id, "actor_id": aid}
        for entity_id, aid in ids.items()])
    _name_actors(conn, named)
    return ids


def _name_actors(conn: Connection, actor_ids: Iterable[str]) -> None:
    """An actor is called by the name most documents use (a state of known
    country keeps its country's name); ties go to the shorter, then the first
    in alphabetical order, so the name never depends on ingest order."""
    for aid, aliases in store.alias_counts(conn, sorted(actor_ids)).items():
        if aliases:
            name = min(aliases, key=lambda a: (-a[1], len(a[0]), a[0]))[0]
            store.rename_actor(conn, aid, re.sub(r"^(?i:the)\s+", "", name))


# --- reports ------------------------------------------------------------------------


def _payload(record: DocumentRecord, signature_: Signature, actors: dict[str, str]
             ) -> ReportPayload:
    incident = next(i for i in record.incidents if i.id == signature_.incident_id)
    involved = {p.entity for p in incident.perpetrators} | {
        p.asserted_by for p in incident.perpetrators} | {v.entity for v in incident.victims}
    names = {e.id: e.name for e in record.entities if e.id in involved}
    return ReportPayload(
        document=record.id, source_id=record.source.id, outlet=record.source.outlet,
        published=record.published, url=record.source.url, title=record.title,
        incident=incident, actors={k: v for k, v in actors.items() if k in involved},
        names=names)


def _window(sig: Signature, slack_days: int) -> tuple[str, str]:
    """The date range a candidate must meet: the report's, widened by the slack."""
    slack = dt.timedelta(days=slack_days)
    lo, hi = sig.date_lo, sig.date_hi
    if lo != dt.date.min.isoformat():
        lo = (dt.date.fromisoformat(lo) - slack).isoformat()
    if hi != dt.date.max.isoformat():
        hi = (dt.date.fromisoformat(hi) + slack).isoformat()
    return lo, hi


def candidates(conn: Connection, sig: Signature) -> list[ReportKey]:
    """Reports of other articles that share a key (not too common a one) and a
    date window with ``sig``; people's names over a longer window."""
    rules = merge_rules()
    keys = sig.blocking_keys()
    names = [k for k in keys if k.startswith("name:")]
    found = store.candidate_keys(conn, [k for k in keys if not k.startswith("name:")],
                                 *_window(sig, rules.slack_days), sig.doc_id)
    found += store.candidate_keys(conn, names, *_window(sig, rules.name_window_days),
                                  sig.doc_id)
    per_key: dict[str, set[ReportKey]] = {}
    for key, report in found:
        per_key.setdefault(key, set()).add(report)
    limit = rules.max_key_reports
    return sorted({r for reports in per_key.values() if len(reports) <= limit for r in reports})


def index_document(conn: Connection, record: DocumentRecord) -> list[ReportKey]:
    """Store the document's actors and reports and score them against the
    ledger; the reports' keys."""
    refs = document_actors(record)
    actors = _store_actors(conn, record, refs)
    main = main_incident_id(record.incidents)
    sigs = [signature(record, incident, refs, incident.id == main)
            for incident in record.incidents]
    store.insert_reports(conn, [
        {"doc_id": s.doc_id, "incident_id": s.incident_id, "date_lo": s.date_lo,
         "date_hi": s.date_hi, "signature": s.model_dump(mode="json"),
         "payload": _payload(record, s, actors).model_dump(mode="json"), "joined": None}
        for s in sigs], [
        {"key": key, "doc_id": s.doc_id, "incident_id": s.incident_id, "date_lo": s.date_lo,
         "date_hi": s.date_hi} for s in sigs for key in s.blocking_keys()])
    for sig in sigs:
        others = candidates(conn, sig)
        loaded = store.signatures(conn, others)
        rows = []
        for other in others:
            scored = score_pair(sig, Signature.model_validate(loaded[other]))
            a, b = pair(sig.key, other)
            rows.append({"a_doc": a[0], "a_incident": a[1], "b_doc": b[0], "b_incident": b[1],
                         "score": scored.score, "linked": scored.linked,
                         "detail": scored.as_json()})
        store.insert_edges(conn, rows)
    return [s.key for s in sigs]


# --- clustering -------------------------------------------------------------------


def _scope(conn: Connection, starts: Iterable[ReportKey]) -> set[ReportKey]:
    """The reports a change at ``starts`` can move: the starts, every report
    compared with them (a pair below the link still counts towards a mean),
    and every report of the ledger incidents those are in."""
    near = set(starts)
    near |= store.neighbours(conn, sorted(near))
    ids = {i for i in store.ledger_ids(conn, near).values() if i is not None}
    return near | store.reports_of_incidents(conn, ids)


def _broken(old_ids: dict[ReportKey, str | None], clusters: list[Cluster]) -> set[ReportKey]:
    """Reports of incidents that the new clustering split up: what they leave
    behind may now join incidents outside the scope."""
    new_of = {k: index for index, c in enumerate(clusters) for k in c.members}
    parts: dict[str, set[int]] = {}
    for key, old in old_ids.items():
        if old is not None:
            parts.setdefault(old, set()).add(new_of[key])
    split = {old for old, found in parts.items() if len(found) > 1}
    return {key for key, old in old_ids.items() if old in split}


def _reasons(found: Cluster, anchor: ReportKey, edges: dict) -> dict[ReportKey, MergeReason]:
    """Each report's link towards the first report, along the joins."""
    links: dict[ReportKey, list[tuple[ReportKey, str]]] = {}
    for a, b, why in found.joins:
        links.setdefault(a, []).append((b, why))
        links.setdefault(b, []).append((a, why))
    reasons: dict[ReportKey, MergeReason] = {}
    seen, frontier = {anchor}, [anchor]
    while frontier:
        current = frontier.pop()
        for other, why in sorted(links.get(current, [])):
            if other in seen:
                continue
            seen.add(other)
            frontier.append(other)
            detail = edges.get(pair(current, other), (None, None, {}))[2]
            reasons[other] = MergeReason(to=report_ref(current), by=why,
                                         score=detail.get("score"),
                                         features=detail.get("features", {}))
    return reasons


@dataclass
class Reclustered:
    incidents: list[LedgerIncident]
    retired: dict[str, str]  # retired id -> the incident it became


def _cluster_scope(conn: Connection, members: set[ReportKey]
                   ) -> tuple[dict[ReportKey, Signature], dict, list[Cluster]]:
    """Cluster ``members`` from their stored pairs and people's decisions."""
    sigs = {k: Signature.model_validate(v) for k, v in store.signatures(conn, members).items()}
    stored = store.edges_among(conn, set(sigs))
    edges = {p: Edge(score, linked, forced=bool(detail.get("rule")))
             for p, (score, linked, detail) in stored.items()}

    def vetoed(a: ReportKey, b: ReportKey) -> bool:
        found = stored.get(pair(a, b))
        return bool(found[2].get("veto")) if found else veto(sigs[a], sigs[b]) is not None

    decisions = [Decision(d.kind, (d.a_doc, d.a_incident), (d.b_doc, d.b_incident))
                 for d in store.decisions_among(conn, set(sigs))]
    return sigs, stored, cluster(set(sigs), edges, vetoed, decisions)


def recluster(conn: Connection, starts: Sequence[ReportKey]) -> Reclustered:
    """Cluster again the reports that ``starts`` can move and rewrite their incidents."""
    members = _scope(conn, starts)
    for _ in range(merge_rules().cascade_rounds):
        sigs, stored, clusters = _cluster_scope(conn, members)
        old_ids = store.ledger_ids(conn, sigs)
        grown = _scope(conn, _broken(old_ids, clusters)) - members
        if not grown:
            break
        members |= grown
    members = set(sigs)
    loaded = {k: ReportPayload.model_validate(v)
              for k, v in store.payloads(conn, members).items()}
    incidents, membership, actor_rows, new_of = [], [], [], {}
    for found in clusters:
        anchor = _first_report(sigs, found.members)
        new_id = ledger_incident_id(anchor)
        reasons = _reasons(found, anchor, stored)
        incident = assemble(new_id, [loaded[k] for k in found.members], reasons)
        incidents.append(incident)
        for key in found.members:
            new_of[key] = new_id
            reason = reasons.get(key)
            membership.append({"doc_id": key[0], "incident_id": key[1], "ledger_id": new_id,
                               "joined": reason.model_dump(mode="json") if reason else None})
        actor_rows += _incident_actors(incident)
    live = {i.id for i in incidents}
    retired: dict[str, str] = {}
    for old in {i for i in old_ids.values() if i is not None} - live:
        anchor = next((k for k in members if ledger_incident_id(k) == old), None)
        if anchor is not None:
            retired[old] = new_of[anchor]
    store.set_membership(conn, membership)
    store.replace_incidents(conn, set(old_ids.values()) - {None}, [
        _incident_row(i) for i in incidents], actor_rows, retired)
    return Reclustered(incidents, retired)


def _incident_row(incident: LedgerIncident) -> dict:
    loc = incident.location
    return {
        "id": incident.id, "type": incident.type, "subtype": incident.subtype,
        "aggregate": incident.aggregate, "date": incident.date,
        "date_precision": incident.date_precision,
        "country": loc.country if loc else None, "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        **{f"{name}_{part}": getattr(getattr(incident, name), part)
           for name in ("killed", "injured") for part in ("best", "low", "high")},
        "n_sources": incident.n_sources, "first_published": incident.first_published,
        "last_published": incident.last_published,
        "record": incident.model_dump(mode="json"),
    }


def _incident_actors(incident: LedgerIncident) -> list[dict[str, str]]:
    found = {(p.actor, "perpetrator") for p in incident.perpetrators if p.actor}
    found |= {(p.asserted_by, "asserter") for p in incident.perpetrators if p.asserted_by}
    found |= {(v.actor, "victim") for v in incident.victims if v.actor}
    return [{"ledger_id": incident.id, "actor_id": a, "role": role}
            for a, role in sorted(found)]


# --- the entry points ----------------------------------------------------------------


def merge_document(conn: Connection, record: DocumentRecord) -> Reclustered:
    """Add one stored document's incidents and actors to the ledger."""
    store.lock_ledger(conn)
    return recluster(conn, index_document(conn, record))


def ingest_record(engine: Engine, record: DocumentRecord) -> bool:
    """Store a document and merge it into the ledger in one transaction, so the
    ledger never holds half a document. False (and nothing changed) if the
    document is already stored."""
    with engine.begin() as conn:
        if not write_document(conn, record):
            return False
        merge_document(conn, record)
    return True


def rebuild(engine: Engine, progress: Callable[[], None] | None = None) -> int:
    """Recompute the ledger from the stored documents and people's decisions;
    the number of documents merged."""
    with engine.begin() as conn:
        store.clear_ledger(conn)
    count = 0
    for record in iter_documents(engine):
        with engine.begin() as conn:
            merge_document(conn, record)
        count += 1
        if progress:
            progress()
    return count


class CorrectionError(ValueError):
    """A merge or split that names what is not there."""


def correct(engine: Engine, kind: str, incidents: Sequence[str], reports: Sequence[str] = (),
            note: str | None = None) -> Reclustered:
    """A person's correction in ledger terms. ``merge``: the ``incidents`` become
    one (every report of each is joined to every report of the others, so an
    earlier split between them no longer counts). ``split``: the ``reports`` leave the one
    incident named (each is kept apart from every report that stays)."""
    from newsledger.store.ledger_queries import resolve_incident_id

    with engine.connect() as conn:
        members: list[list[ReportKey]] = []
        for given in incidents:
            live = resolve_incident_id(conn, given)
            if live is None:
                raise CorrectionError(f"{given}: no such ledger incident")
            members.append(sorted(store.reports_of(conn, live)))
    if kind == "merge":
        if len(members) < 2:
            raise CorrectionError("merge needs two or more ledger incidents")
        pairs = [(a, b) for i, group in enumerate(members) for other in members[i + 1:]
                 for a in group for b in other if a != b]
    elif kind == "split":
        try:
            leaving = {parse_report_ref(text) for text in reports}
        except ValueError as error:
            raise CorrectionError(str(error)) from error
        staying = set(members[0]) - leaving
        if unknown := leaving - set(members[0]):
            raise CorrectionError(f"not reports of {incidents[0]}: "
                                  + ", ".join(sorted(report_ref(k) for k in unknown)))
        if not leaving or not staying:
            raise CorrectionError("split needs some reports to leave and some to stay")
        pairs = [(a, b) for a in sorted(leaving) for b in sorted(staying)]
    else:
        raise CorrectionError(f"unknown correction {kind!r}")
    return decide(engine, kind, pairs, note)


def decide(engine: Engine, kind: str, pairs: Sequence[tuple[ReportKey, ReportKey]],
           note: str | None = None) -> Reclustered:
    """Record a person's merge or split of report pairs and recluster around them."""
    with engine.begin() as conn:
        store.lock_ledger(conn)
        store.add_decisions(conn, kind, pairs, note)
        return recluster(conn, sorted({k for p in pairs for k in p}))
