"""JSONL export: one record per line, exactly as `newsledger extract` prints it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from newsledger.records import DocumentRecord


def write_jsonl(records: Iterable[DocumentRecord], fh: TextIO) -> int:
    """Write records as JSON lines; returns how many were written."""
    count = 0
    for record in records:
        fh.write(json.dumps(record.to_json_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count
