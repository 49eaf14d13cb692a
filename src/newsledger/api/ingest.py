"""POST /api/documents: a team's clients add articles to the ledger over HTTP.

Off unless a token is configured (``NEWSLEDGER_INGEST_TOKEN``), since it
writes. The body is read only after the token checks out, and never past
the size limit a file has (``decode.MAX_BYTES``). Articles take the same
path as ``newsledger ingest``: cleaned, skipped when already stored,
extracted (long ones in pieces), stored and merged into the ledger in one
transaction each. One request is extracted at a time: the parser's memory
stays that of one document.
"""

from __future__ import annotations

import hmac
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine

from newsledger.api.deps import EngineDep
from newsledger.ingest.article import Article, IngestError
from newsledger.ingest.decode import MAX_BYTES
from newsledger.ingest.sources import iter_jsonl_bytes

router = APIRouter(prefix="/api", tags=["ingest"])

SOURCE = "POST /api/documents"  # names the request in errors and in source.path
_ONE_AT_A_TIME = threading.Lock()

_BODY_SCHEMA = {
    "type": "object", "required": ["text"],
    "properties": {name: {"type": "string"} for name in (
        "text", "id", "title", "url", "outlet", "published", "author")},
}


@router.post(
    "/documents",
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": _BODY_SCHEMA},
        "application/x-ndjson": {"schema": {"type": "string"}}}}},
    responses={401: {"description": "missing or wrong token"},
               403: {"description": "ingest is off: no token configured"},
               413: {"description": "body over the size limit"},
               422: {"description": "no document in the body could be used"}},
)
async def post_documents(
    request: Request, engine: EngineDep,
    authorization: Annotated[str | None, Header(description="Bearer <token>")] = None,
) -> dict[str, Any]:
    """Add articles: one JSON object per line, as a .jsonl file (``text`` required;
    ``id``, ``title``, ``url``, ``outlet``, ``published``, ``author`` optional).
    Each line is reported: added, already stored, or its one-line error."""
    _authorize(request.app.state.ingest_token, authorization)
    results = await run_in_threadpool(_ingest, engine, await _body(request))
    stored = sum(r["status"] != "error" for r in results)
    if results and not stored:
        raise HTTPException(422, {"documents": results})
    return {"added": sum(r["status"] == "added" for r in results),
            "already_stored": sum(r["status"] == "already stored" for r in results),
            "failed": len(results) - stored, "documents": results}


def _authorize(token: str | None, authorization: str | None) -> None:
    if not token:
        raise HTTPException(403, "ingest over the API is off: set NEWSLEDGER_INGEST_TOKEN")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             token.encode()):
        raise HTTPException(401, "missing or wrong token",
                            headers={"WWW-Authenticate": "Bearer"})


async def _body(request: Request) -> bytes:
    """The body, refused with 413 as soon as it is known to exceed MAX_BYTES."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise _too_large()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BYTES:
            raise _too_large()
    return bytes(body)


def _too_large() -> HTTPException:
    return HTTPException(413, f"body over {MAX_BYTES // 1_000_000} MB")


def _ingest(engine: Engine, data: bytes) -> list[dict[str, Any]]:
    # spaCy loads on the first POST: a read-only server never pays for it
    from newsledger.documents import build
    from newsledger.ledger.merge import ingest_record
    from newsledger.nlp.pipeline import load_pipeline
    from newsledger.store.db import describe, retry_busy
    from newsledger.store.repository import has_document

    results: list[dict[str, Any]] = []
    todo: list[Article | IngestError] = []
    for item in iter_jsonl_bytes(data, SOURCE):
        if isinstance(item, Article) and has_document(engine, item.doc_id):
            results.append({"line": item.line, "id": item.doc_id, "status": "already stored"})
        else:
            todo.append(item)
    with _ONE_AT_A_TIME:
        for built in build(todo, load_pipeline()):
            if isinstance(built, IngestError):
                results.append({"line": built.line, "status": "error", "error": str(built)})
                continue
            try:
                added = retry_busy(lambda built=built: ingest_record(engine, built.record))
            except Exception as error:  # a storage failure loses only this document
                failure = IngestError(SOURCE, f"not stored: {describe(error)}",
                                      built.article.line)
                results.append({"line": failure.line, "status": "error", "error": str(failure)})
                continue
            results.append({"line": built.article.line, "id": built.record.id,
                            "status": "added" if added else "already stored"})
    return sorted(results, key=lambda r: r["line"] or 0)
