"""Turn command-line inputs (files, folders, stdin) into articles or ingest errors.

Every problem becomes an IngestError naming the input, so one bad file in a
batch is reported and skipped instead of aborting the run.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO, TextIO

from newsledger.ingest.article import Article, IngestError
from newsledger.ingest.clean import clean_text, storable
from newsledger.ingest.decode import (
    Rejected,
    check_bytes,
    decode_utf8,
    file_kind,
    os_reason,
    read_file,
    read_stream,
)
from newsledger.ingest.html import decode_html, extract_html
from newsledger.ingest.jsonl import JsonlRecord, iter_records, looks_like_jsonl

SUPPORTED = (".txt", ".html", ".htm", ".jsonl")
STDIN = "-"
_EXPECTED = ", ".join(SUPPORTED)
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|main|div|p)\b",
    re.IGNORECASE | re.DOTALL,
)

Result = Article | IngestError


def iter_articles(
    paths: Iterable[str], stdin: TextIO | BinaryIO | None = None
) -> Iterator[Result]:
    """Articles and errors in input order; folders are walked recursively in sorted order.

    `-` reads `stdin` (default: the process's stdin) and sniffs JSONL, HTML or text.
    """
    for given in paths:
        if given == STDIN:
            yield from _from_stdin(stdin if stdin is not None else sys.stdin)
        elif os.path.isdir(given):
            yield from _from_folder(given)
        else:
            yield from _from_file(given)


def _from_folder(folder: str) -> Iterator[Result]:
    """Supported files below `folder`; other files and hidden entries are skipped silently,
    and anything that is not a regular file (a FIFO would hang the read) with a line."""
    found: list[str] = []
    problems: list[OSError] = []
    special: list[IngestError] = []
    for root, dirs, files in os.walk(folder, onerror=problems.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for path in (os.path.join(root, name) for name in files if not name.startswith(".")):
            try:
                kind = file_kind(os.stat(path).st_mode)
            except OSError as error:
                problems.append(error)
                continue
            if kind:
                special.append(IngestError(path, f"not a regular file ({kind}), skipped"))
            elif Path(path).suffix.lower() in SUPPORTED:
                found.append(path)
    for problem in problems:
        yield IngestError(str(problem.filename or folder), os_reason(problem))
    yield from sorted(special, key=lambda e: Path(e.path).parts)
    if not found and not problems and not special:
        yield IngestError(folder, f"no supported files in folder (expected {_EXPECTED})")
    for path in sorted(found, key=lambda p: Path(p).parts):
        yield from _from_file(path)


def _from_file(path: str) -> Iterator[Result]:
    try:
        if not os.path.lexists(path):
            raise Rejected("no such file or directory")
        kind = Path(path).suffix.lower()
        if kind not in SUPPORTED:
            label = f"'{kind}'" if kind else "(no extension)"
            raise Rejected(f"unsupported file type {label} (expected {_EXPECTED})")
        yield from _parse(read_file(path), kind, path)
    except Rejected as rejected:
        yield IngestError(path, rejected.reason, rejected.line)


def _from_stdin(stream: TextIO | BinaryIO | None) -> Iterator[Result]:
    try:
        if stream is None:  # started with stdin closed (`<&-`)
            raise Rejected("standard input is closed")
        data = read_stream(stream)
        yield from _parse(data, _sniff(data), STDIN)
    except Rejected as rejected:
        yield IngestError(STDIN, rejected.reason, rejected.line)


def iter_jsonl_bytes(data: bytes, name: str) -> Iterator[Result]:
    """Articles from JSONL bytes that came with no file (an API request body),
    checked like a file and named ``name`` in errors and in ``source.path``."""
    try:
        yield from _parse(check_bytes(data), ".jsonl", name)
    except Rejected as rejected:
        yield IngestError(name, rejected.reason, rejected.line)


def _sniff(data: bytes) -> str:
    """Input kind for bytes with no file name: JSONL, then HTML, else plain text."""
    if looks_like_jsonl(data):
        return ".jsonl"
    if _HTML_START.match(data.removeprefix(b"\xef\xbb\xbf"), 0, 4096):
        return ".html"
    return ".txt"


def _parse(data: bytes, kind: str, path: str) -> Iterator[Result]:
    """Articles from one input's bytes; raises Rejected when the whole input is unusable."""
    if kind == ".jsonl":
        for record in iter_records(data):
            if isinstance(record, Rejected):
                yield IngestError(path, record.reason, record.line)
            else:
                yield _jsonl_article(record, path)
    elif kind in (".html", ".htm"):
        page = extract_html(decode_html(data))
        yield _article(
            data, page.text, path, "no article text found in HTML",
            title=page.title, published=page.published, outlet=page.outlet,
            author=page.author, url=page.url,
        )
    else:
        yield _article(data, decode_utf8(data), path, "no text left after cleaning")


def _jsonl_article(record: JsonlRecord, path: str) -> Result:
    meta = record.meta
    try:
        return _article(
            record.raw, record.text, path, "no text left after cleaning",
            source_id=meta.get("id"), title=meta.get("title"), url=meta.get("url"),
            outlet=meta.get("outlet"), published=meta.get("published"),
            author=meta.get("author"), line=record.line,
        )
    except Rejected as rejected:
        return IngestError(path, rejected.reason, record.line)


def _article(
    raw: bytes, text: str, path: str, empty_reason: str,
    *, published: str | None = None, outlet: str | None = None, line: int | None = None,
    **meta: str | None,
) -> Article:
    """Clean `text`; the input's own metadata wins, what the cleaner found fills gaps.

    Metadata and the path are made storable like the text, so a NUL in a title
    (or a file name that is not UTF-8) fails neither database.
    """
    cleaned = clean_text(text)
    if not cleaned.text:
        raise Rejected(empty_reason)
    return Article(
        doc_id=_doc_id(raw),
        text=cleaned.text,
        path=storable(path),
        published=_iso_date(published) or cleaned.published,
        outlet=storable(outlet) if outlet else cleaned.outlet,
        line=line,
        **{key: storable(value) if value else None for key, value in meta.items()},
    )


def _doc_id(raw: bytes) -> str:
    """Content address of an input, so the same bytes always get the same id."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _iso_date(value: str | None) -> str | None:
    """A date or datetime string as YYYY-MM-DD; anything else is dropped."""
    try:
        return date.fromisoformat((value or "")[:10]).isoformat()
    except ValueError:
        return None
