"""Split JSONL input into per-line records; one bad line never sinks the file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from newsledger.ingest.decode import Rejected, decode_utf8

METADATA_FIELDS = ("id", "title", "url", "outlet", "published", "author")


@dataclass(frozen=True)
class JsonlRecord:
    """One JSONL object: its raw line (hashed for the doc id), text and string metadata."""

    line: int
    raw: bytes
    text: str
    meta: dict[str, str]


def iter_records(data: bytes) -> Iterator[JsonlRecord | Rejected]:
    """Records in file order; a malformed line comes out as Rejected with its line number."""
    offset = 0
    for number, raw in enumerate(data.split(b"\n"), start=1):
        start, offset = offset, offset + len(raw) + 1
        if raw.strip():
            try:
                yield _record(number, raw, start)
            except Rejected as rejected:
                yield rejected


def looks_like_jsonl(data: bytes) -> bool:
    """Whether the first non-blank line is a JSON object (a first line without "text"
    is then reported as such, not the whole input stored as one raw text)."""
    for raw in data.split(b"\n"):
        if raw.strip():
            try:
                obj = json.loads(raw.decode("utf-8-sig"))
            except ValueError:
                return False
            return isinstance(obj, dict)
    return False


def _record(number: int, raw: bytes, start: int) -> JsonlRecord:
    line = decode_utf8(raw, start, number).removeprefix("\ufeff")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as error:
        raise Rejected(f"invalid JSON: {error.msg} (column {error.colno})", number) from None
    if not isinstance(obj, dict):
        raise Rejected(f"expected a JSON object, got {type(obj).__name__}", number)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        problem = "missing" if "text" not in obj else "empty or not a string"
        raise Rejected(f'"text" is {problem}', number)
    meta = {key: str(obj[key]).strip() for key in METADATA_FIELDS if _usable(obj.get(key))}
    return JsonlRecord(number, raw.rstrip(b"\r"), text, meta)


def _usable(value: object) -> bool:
    """Strings and integer ids are metadata; null, lists, objects and booleans are ignored."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and bool(value.strip()))
