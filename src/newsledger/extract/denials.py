"""Cues a sentence denies: "investigators ruled out sabotage", "there was no
sign of an attack". The trigger and cue patterns find words; whether the
sentence affirms what the word names depends on what comes right before it
(data/denials.txt), so every caller asks here instead of trusting a bare match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from newsledger.datafiles import word_list

# how far back a denial may start: "no sign of any such attack" fits
WINDOW = 60


@cache
def _denial_before() -> re.Pattern[str]:
    words = "|".join(f"(?:{rx})" for rx in word_list("newsledger.extract", "denials.txt"))
    return re.compile(rf"\b(?:{words})(?:\s+[\w-]+){{0,2}}\s+$", re.IGNORECASE)


def denied(text: str, start: int) -> bool:
    """Whether a denial ends right before ``text[start:]``."""
    return _denial_before().search(text, max(0, start - WINDOW), start) is not None


def affirmed(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    """The first of ``matches`` that no denial comes right before."""
    return next((m for m in matches if not denied(m.string, m.start())), None)
