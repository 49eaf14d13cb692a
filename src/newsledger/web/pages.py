"""Server-rendered pages: the document list, one document with its evidence,
the ledger's incidents and one incident with every report of it.

Article text, titles and names come from the open web, so templates run with
autoescape on, the highlighted text is built by ``highlight.render_highlighted``
(which escapes every piece) and pages carry a strict Content-Security-Policy
as a second line of defence.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from newsledger import __version__
from newsledger.api.deps import EngineDep
from newsledger.records import DocumentRecord
from newsledger.store import ledger_queries, repository
from newsledger.store.ledger_queries import IncidentFilter
from newsledger.web.highlight import (
    KIND_ORDER,
    format_figure,
    record_spans,
    render_excerpt,
    render_highlighted,
    report_spans,
)

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
PAGE_SIZE = 25

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

_env = Environment(loader=FileSystemLoader(WEB_DIR / "templates"), autoescape=True)
_env.filters["figure"] = format_figure
_env.globals["version"] = __version__
templates = Jinja2Templates(env=_env)

router = APIRouter(include_in_schema=False)

Page = Annotated[int, Query(ge=1, le=100_000)]


def _render(
    request: Request, name: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _page_url(request: Request, page: int) -> str:
    """The current URL with another page number, keeping the other filters."""
    params = {k: v for k, v in request.query_params.items() if k != "page" and v}
    if page > 1:
        params["page"] = str(page)
    return f"{request.url.path}?{urlencode(params)}" if params else request.url.path


def _opt_date(value: str | None, name: str) -> str | None:
    """Empty form fields mean no filter; anything else must be an ISO date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(status_code=422, detail=f"{name} must be a date YYYY-MM-DD") from None


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links: a `javascript:` URL in a record must not become a live link."""
    return url if url and urlsplit(url).scheme.lower() in ("http", "https") else None


@router.get("/", response_class=HTMLResponse)
def document_list(
    request: Request,
    engine: EngineDep,
    q: Annotated[str | None, Query(max_length=500)] = None,
    page: Page = 1,
) -> HTMLResponse:
    q = (q or "").strip() or None
    total = repository.count_documents(engine, q=q)
    docs = repository.list_documents(engine, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, q=q)
    pages = max(1, -(-total // PAGE_SIZE))
    return _render(request, "documents.html", {
        "docs": docs,
        "q": q or "",
        "total": total,
        "page": page,
        "pages": pages,
        "prev_url": _page_url(request, page - 1) if page > 1 else None,
        "next_url": _page_url(request, page + 1) if page < pages else None,
        "nav": "documents",
    })


def _document_context(record: DocumentRecord) -> dict[str, Any]:
    spans = record_spans(record)
    counts = {kind: len({s.id for s in spans if s.kind == kind}) for kind in KIND_ORDER}
    return {
        "doc": record,
        "text_html": render_highlighted(record.text, spans),
        "names": {e.id: e.name for e in record.entities},
        "counts": counts,
        "has_rebuttals": any(a.rebuttals for a in record.accusations),
        "source_url": _safe_url(record.source.url),
        "nav": "documents",
    }


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, engine: EngineDep) -> HTMLResponse:
    record = repository.get_document(engine, doc_id)
    if record is None:
        return _render(request, "not_found.html", {"what": "document", "id": doc_id}, 404)
    return _render(request, "document.html", _document_context(record))


@router.get("/incidents", response_class=HTMLResponse)
def incident_list(
    request: Request,
    engine: EngineDep,
    type: Annotated[str | None, Query(max_length=200)] = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
    date_from: str | None = None,
    date_to: str | None = None,
    min_sources: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    page: Page = 1,
) -> HTMLResponse:
    """Ledger incidents, each one event however many articles report it."""
    start, end = _opt_date(date_from, "date_from"), _opt_date(date_to, "date_to")
    where = IncidentFilter(type=type or None, date_from=start, date_to=end,
                           country=(country or "").upper() or None, min_sources=min_sources)
    total, rows = ledger_queries.query_incidents(engine, where, limit=PAGE_SIZE,
                                                 offset=(page - 1) * PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    return _render(request, "incidents.html", {
        "rows": rows,
        "total": total,
        "type": type or "",
        "country": where.country or "",
        "date_from": start or "",
        "date_to": end or "",
        "min_sources": min_sources or "",
        "filtered": bool(type or country or start or end or min_sources),
        "page": page,
        "prev_url": _page_url(request, page - 1) if page > 1 else None,
        "next_url": _page_url(request, page + 1) if page < pages else None,
        "nav": "incidents",
    })


@router.get("/incidents/{incident_id}", response_class=HTMLResponse, response_model=None)
def incident_page(request: Request, incident_id: str,
                  engine: EngineDep) -> HTMLResponse | RedirectResponse:
    """One ledger incident: its facts, the figure history and every report with
    its evidence highlighted in the article it comes from."""
    incident = ledger_queries.get_incident(engine, incident_id)
    if incident is None:
        return _render(request, "not_found.html", {"what": "incident", "id": incident_id}, 404)
    if incident.id != incident_id:  # merged into another: its id redirects
        return RedirectResponse(f"/incidents/{quote(incident.id)}", status_code=307)
    reports = []
    for source in incident.sources:
        record = repository.get_document(engine, source.document)
        local = next((i for i in record.incidents if i.id == source.incident), None) \
            if record else None
        reports.append({
            "source": source,
            "title": (record.title if record else None) or source.title,
            "local": local,
            "url": _safe_url(source.url),
            "excerpt": render_excerpt(record.text, report_spans(record, source.incident))
            if record else None,
        })
    return _render(request, "ledger_incident.html", {
        "incident": incident, "reports": reports, "nav": "incidents"})


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> HTMLResponse:
    """A readable index of the JSON endpoints (Swagger's /docs needs a CDN)."""
    return _render(request, "api.html", {"nav": "api"})
