"""A ledger incident from its reports: figures with their history, one place,
one date, victims merged by name, perpetrators with every status.

The rules (docs/ledger.md):

- Reports are read in publication order (undated ones last, then by
  document id): that order is the incident's history.
- ``low`` is the lowest and ``high`` the highest figure any report gives
  (its own low and high), as UCDP keeps them. ``best`` is conservative like
  ACLED's fatalities within a day and follows a rising toll across days:
  each publication day's figure is the lowest ``best`` its reports give, and
  ``best`` is the highest of those daily figures. A toll rises as the wounded
  die and bodies are found; a later article that repeats the first day's
  figure in passing does not lower it. Undated reports count only when no
  report is dated.
- Date and place: the most precise value any report gives; among equally
  precise ones, the value most reports give; then the earliest report's.
- Type, sub-type and weapon: the value most reports give; ties go to the
  earliest report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from pydantic import BaseModel, Field

from newsledger.nlp.gazetteer import fold
from newsledger.records import (
    Figure,
    HistoryPoint,
    Incident,
    LedgerIncident,
    LedgerPerpetrator,
    LedgerSource,
    LedgerVictim,
    Location,
    MergeReason,
)

T = TypeVar("T")

_DATE_RANK = {"day": 4, "week": 3, "month": 2, "year": 1}
_PLACE_RANK = {"village": 5, "town": 4, "district": 3, "region": 2, "country": 1}
_OUTCOME_RANK = {"killed": 5, "injured": 4, "abducted": 3, "detained": 2, "missing": 1}


class ReportPayload(BaseModel):
    """What a ledger incident shows of one report, stored beside its signature."""

    document: str
    source_id: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None
    incident: Incident
    actors: dict[str, str] = Field(default_factory=dict)  # entity id -> actor id
    names: dict[str, str] = Field(default_factory=dict)  # entity id -> name, for asserters


def publication_order(payload: ReportPayload) -> tuple[bool, str, str, str]:
    return payload.published is None, payload.published or "", payload.document, \
        payload.incident.id


def _vote(values: Sequence[T | None]) -> T | None:
    """The most common non-null value; ties go to the one seen first."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    top = max(counts.values())
    return next(v for v in values if v is not None and counts[v] == top)


def _most_precise(items: Sequence[T], rank: Callable[[T], int], key: Callable[[T], object]
                  ) -> T | None:
    """The most precise item; among equals the most common by ``key``, then the first."""
    if not items:
        return None
    best = max(rank(i) for i in items)
    top = [i for i in items if rank(i) == best]
    chosen = _vote([key(i) for i in top])
    return next(i for i in top if key(i) == chosen)


def combine_figures(reports: Sequence[tuple[str | None, Figure]]) -> Figure:
    """low / best / high over reports given in publication order (see module doc)."""
    known = [(published, f) for published, f in reports if f.best is not None]
    if not known:
        return Figure()
    lows = [f.low if f.low is not None else f.best for _, f in known]
    highs = [f.high if f.high is not None else f.best for _, f in known]
    by_day: dict[str | None, list[int]] = {}
    for published, f in known:
        by_day.setdefault(published, []).append(f.best)
    dated = [day for day in by_day if day is not None]
    days = dated or [None]
    best = max(min(by_day[day]) for day in days)
    low, high = min(lows), max(highs)
    return Figure(best=min(max(best, low), high), low=low, high=high)


def _victims(payloads: Sequence[ReportPayload]) -> list[LedgerVictim]:
    """Victims merged by name: the gravest outcome any report gives (the
    injured who later died), the fullest role, civilian only when no report
    disagrees."""
    merged: dict[str, LedgerVictim] = {}
    civilian: dict[str, set[bool]] = {}
    for p in payloads:
        for v in p.incident.victims:
            key = fold(v.name)
            actor = p.actors.get(v.entity) if v.entity else None
            found = merged.setdefault(key, LedgerVictim(name=v.name, outcome=v.outcome))
            if _OUTCOME_RANK[v.outcome] > _OUTCOME_RANK[found.outcome]:
                found.outcome = v.outcome
            if v.role and (not found.role or len(v.role) > len(found.role)):
                found.role = v.role
            if v.civilian is not None:
                civilian.setdefault(key, set()).add(v.civilian)
            found.actor = found.actor or actor
            if p.document not in found.documents:
                found.documents.append(p.document)
    for key, victim in merged.items():
        said = civilian.get(key, set())
        victim.civilian = next(iter(said)) if len(said) == 1 else None
    return list(merged.values())


def _perpetrators(payloads: Sequence[ReportPayload]) -> list[LedgerPerpetrator]:
    merged: dict[tuple[str, str, str | None], LedgerPerpetrator] = {}
    for p in payloads:
        for perp in p.incident.perpetrators:
            actor = p.actors.get(perp.entity) if perp.entity else None
            asserter = p.actors.get(perp.asserted_by) if perp.asserted_by else None
            key = (actor or fold(perp.name), perp.status, asserter)
            found = merged.setdefault(key, LedgerPerpetrator(
                actor=actor, name=perp.name, status=perp.status, asserted_by=asserter,
                asserted_by_name=p.names.get(perp.asserted_by) if perp.asserted_by else None))
            if p.document not in found.documents:
                found.documents.append(p.document)
    return list(merged.values())


def _location(payloads: Sequence[ReportPayload]) -> Location | None:
    places = [p.incident.location for p in payloads if p.incident.location is not None]
    return _most_precise(places, lambda loc: _PLACE_RANK.get(loc.precision or "", 0),
                         lambda loc: fold(loc.name))


def assemble(incident_id: str, payloads: Sequence[ReportPayload],
             reasons: dict[tuple[str, str], MergeReason]) -> LedgerIncident:
    """The ledger incident ``incident_id`` made of ``payloads``."""
    ordered = sorted(payloads, key=publication_order)
    incidents = [p.incident for p in ordered]
    dated = [i for i in incidents if i.date is not None]
    when = _most_precise(dated, lambda i: _DATE_RANK.get(i.date_precision or "", 0),
                         lambda i: i.date)
    kind = _vote([i.type for i in incidents])
    history: list[HistoryPoint] = []
    for n, p in enumerate(ordered, 1):
        seen = ordered[:n]
        history.append(HistoryPoint(
            document=p.document, published=p.published, outlet=p.outlet,
            killed=combine_figures([(q.published, q.incident.killed) for q in seen]),
            injured=combine_figures([(q.published, q.incident.injured) for q in seen])))
    published = [p.published for p in ordered if p.published]
    return LedgerIncident(
        id=incident_id, type=kind,
        subtype=_vote([i.subtype for i in incidents if i.type == kind]),
        weapon=_vote([i.weapon for i in incidents]),
        aggregate=all(i.aggregate for i in incidents),
        date=when.date if when else None, date_precision=when.date_precision if when else None,
        location=_location(ordered),
        killed=history[-1].killed if history else Figure(),
        injured=history[-1].injured if history else Figure(),
        victims=_victims(ordered), perpetrators=_perpetrators(ordered),
        n_sources=len({p.document for p in ordered}),
        first_published=min(published) if published else None,
        last_published=max(published) if published else None,
        sources=[LedgerSource(
            document=p.document, incident=p.incident.id, source_id=p.source_id,
            outlet=p.outlet, published=p.published, url=p.url, title=p.title,
            killed=p.incident.killed, injured=p.incident.injured,
            joined=reasons.get((p.document, p.incident.id))) for p in ordered],
        history=history,
    )
