"""Load the ingest lexicons from `data/`, so tuning them never means editing code."""

from __future__ import annotations

import re
from functools import cache

from newsledger.datafiles import word_list


@cache
def data_patterns(name: str, **fills: str) -> tuple[re.Pattern[str], ...]:
    """Case-insensitive regexes from `data/<name>`; `{KEY}` placeholders take `fills`."""
    compiled = []
    for line in word_list(__package__, name):
        for key, value in fills.items():
            line = line.replace("{" + key + "}", value)
        compiled.append(re.compile(line, re.IGNORECASE))
    return tuple(compiled)
