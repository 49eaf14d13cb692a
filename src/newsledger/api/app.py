"""The web application: a JSON API under /api and server-rendered pages.

Like Datasette, one process serves both: the pages are for reading the
ledger with its evidence, the API returns exactly the records of
``shared/docs/record-format.md``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, HTTPException, Query
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text

from newsledger import __version__
from newsledger.api import ingest, ledger
from newsledger.api.deps import EngineDep
from newsledger.api.guards import HostCheck, RequestGuard
from newsledger.records import DocumentRecord
from newsledger.store import repository
from newsledger.store.db import connect
from newsledger.web import pages

Limit = Annotated[int, Query(ge=1, le=1000, description="page size, 1..1000")]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1, description="rows to skip")]

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/health")
def health(engine: EngineDep) -> dict[str, str]:
    """Liveness plus a round trip to the database, so a dead DB shows up here."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__}


@router.get("/documents")
def documents(
    engine: EngineDep,
    limit: Limit = 50,
    offset: Offset = 0,
    q: Annotated[str | None, Query(max_length=500, description="full-text search")] = None,
) -> dict[str, Any]:
    """One page of document summaries, with the total for pagination."""
    q = q or None
    return {
        "total": repository.count_documents(engine, q=q),
        "limit": limit,
        "offset": offset,
        "documents": [
            d.model_dump(mode="json")
            for d in repository.list_documents(engine, limit=limit, offset=offset, q=q)
        ],
    }


@router.get("/documents/{doc_id}", responses={404: {"description": "document not found"}})
def document(doc_id: str, engine: EngineDep) -> DocumentRecord:
    """The full record, field for field as the CLI's JSONL output."""
    record = repository.get_document(engine, doc_id)
    if record is None:
        raise HTTPException(status_code=404, detail="document not found")
    return record


@router.get("/incidents")
def incidents(
    engine: EngineDep,
    type: Annotated[str | None, Query(description="ACLED event type, exact")] = None,
    date_from: Annotated[date | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    date_to: Annotated[date | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="page size, 1..1000")] = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Incidents across all documents, each with the document it came from."""
    rows = repository.list_incidents(
        engine,
        limit=limit,
        offset=offset,
        type=type or None,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
    )
    return {
        "limit": limit,
        "offset": offset,
        "incidents": [r.model_dump(mode="json") for r in rows],
    }


def create_app(db_url: str, *, host: str | None = None, allowed_hosts: Sequence[str] = (),
               ingest_token: str | None = None) -> FastAPI:
    """Build the app around one engine, opened (and migrated) here, closed at shutdown.

    ``host``: the address the server is bound to; requests for another Host
    (plus ``allowed_hosts``) are refused. ``ingest_token`` turns on POST
    /api/documents.
    """
    engine = connect(db_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(title="newsledger", version=__version__, lifespan=lifespan)
    app.state.engine = engine
    app.state.ingest_token = ingest_token
    app.add_middleware(RequestGuard,
                       hosts=HostCheck(host, allowed_hosts) if host is not None else None)
    app.include_router(router)
    app.include_router(ingest.router)
    app.include_router(ledger.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")
    return app
