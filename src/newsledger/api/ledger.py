"""The ledger across articles in the JSON API: incidents and actors.

Shapes are ``records.LedgerIncident`` and ``records.LedgerActor``, the same
lines ``newsledger export --what incidents|actors`` writes.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import RedirectResponse

from newsledger.api.deps import EngineDep
from newsledger.records import LedgerActor, LedgerIncident
from newsledger.store import ledger_queries as queries

router = APIRouter(prefix="/api", tags=["ledger"])

Limit = Annotated[int, Query(ge=1, le=1000, description="page size, 1..1000")]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1, description="rows to skip")]
ActorType = Literal["state", "organ", "armed_force", "group", "media", "person"]


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """``west,south,east,north`` in degrees (as GeoJSON's bbox), or a 422."""
    if not text:
        return None
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError as error:
        raise HTTPException(422, "bbox must be west,south,east,north in degrees") from error
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise HTTPException(422, "bbox out of range: longitudes -180..180, "
                                 "latitudes -90..90 with south <= north")
    return west, south, east, north


@router.get("/ledger/incidents")
def ledger_incidents(
    engine: EngineDep,
    type: Annotated[str | None, Query(max_length=100, description="ACLED event type")] = None,
    date_from: Annotated[date | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    date_to: Annotated[date | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$",
                                         description="ISO 3166-1 alpha-2")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north")] = None,
    actor: Annotated[str | None, Query(max_length=200, description=(
        "actor id: incidents it is involved in as perpetrator, victim or the party "
        "asserting a perpetrator, its organs and forces included"))] = None,
    min_sources: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Ledger incidents, most recent first, with every report and the figure history."""
    where = queries.IncidentFilter(
        type=type or None, date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None, country=country,
        bbox=parse_bbox(bbox), actor=actor or None, min_sources=min_sources)
    total, rows = queries.query_incidents(engine, where, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset,
            "incidents": [r.model_dump(mode="json") for r in rows]}


@router.get("/ledger/incidents/{incident_id}",
            responses={404: {"description": "no such incident"},
                       307: {"description": "merged into another incident"}})
def ledger_incident(incident_id: str, engine: EngineDep) -> LedgerIncident:
    """One ledger incident; an id retired by a merge redirects to the incident it became."""
    found = queries.get_incident(engine, incident_id)
    if found is None:
        raise HTTPException(404, "incident not found")
    if found.id != incident_id:
        return RedirectResponse(f"/api/ledger/incidents/{found.id}", status_code=307)
    return found


@router.get("/actors")
def actors(
    engine: EngineDep,
    type: ActorType | None = None,
    q: Annotated[str | None, Query(max_length=200, description="name or alias contains")]
    = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Actors across articles, the most documented first, with their aliases."""
    total, rows = queries.query_actors(engine, type=type, q=q or None, limit=limit,
                                       offset=offset)
    return {"total": total, "limit": limit, "offset": offset,
            "actors": [r.model_dump(mode="json") for r in rows]}


@router.get("/actors/{actor_id}", responses={404: {"description": "no such actor"}})
def actor(actor_id: str, engine: EngineDep) -> dict[str, Any]:
    """One actor with its aliases, its statements and the accusations by and against it."""
    found: LedgerActor | None = queries.get_actor(engine, actor_id)
    if found is None:
        raise HTTPException(404, "actor not found")
    return {**found.model_dump(mode="json"), **queries.actor_mentions(engine, actor_id)}
