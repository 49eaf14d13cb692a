"""Load the ingest lexicons from `data/`, so tuning them never means editing code."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files


@cache
def data_lines(name: str) -> tuple[str, ...]:
    """Non-blank, non-comment lines of `data/<name>`, trimmed."""
    text = files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def data_patterns(name: str, **fills: str) -> tuple[re.Pattern[str], ...]:
    """Case-insensitive regexes from `data/<name>`; `{KEY}` placeholders take `fills`."""
    compiled = []
    for line in data_lines(name):
        for key, value in fills.items():
            line = line.replace("{" + key + "}", value)
        compiled.append(re.compile(line, re.IGNORECASE))
    return tuple(compiled)
