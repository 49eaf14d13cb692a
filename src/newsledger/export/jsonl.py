"""JSONL export: one record per line (documents exactly as `newsledger extract`
prints them; ledger incidents and actors in their records.py shapes)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from pydantic import BaseModel


def write_jsonl(records: Iterable[BaseModel], fh: TextIO) -> int:
    """Write records as JSON lines; returns how many were written."""
    count = 0
    for record in records:
        fh.write(json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n")
        count += 1
    return count
