"""Strip page chrome from article text and keep what the chrome revealed.

Scraped text often carries a leaked date header, share buttons, a font-size
widget and a trailing outlet signature. They are noise for extraction, but the
date and the outlet are worth keeping as metadata. Everything else in the text
is left exactly as written: later stages quote it by character offset.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from newsledger.datafiles import word_list
from newsledger.ingest.patterns import data_patterns

# Invisible characters with no meaning in running text: zero-width space, word
# joiner, BOM. ZWJ/ZWNJ are kept: they change spelling in Persian, Kurdish, etc.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
_INLINE_SPACE = re.compile(r"[ \t]+")
# PostgreSQL refuses NUL in text (SQLite takes it), and no encoder takes a lone
# surrogate (JSON's "\ud800"): both would fail only one backend, or the tokenizer.
_NUL = dict.fromkeys([0])
_SURROGATE = re.compile("[\ud800-\udfff]")

_HEADER_LINES = 3  # a leaked date header sits in the first few lines
_SIGNATURE_MAX_WORDS = 5
_SIGNATURE_MAX_CHARS = 60
_SENTENCE_END = tuple(".!?…:;,\"'”’»")

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text plus the metadata found in the chrome that was removed."""

    text: str
    published: str | None = None  # ISO date
    outlet: str | None = None


def clean_text(raw: str) -> Cleaned:
    """Normalise whitespace, drop chrome lines, and lift a date header and outlet signature."""
    lines = [line for line in _normalised_lines(raw) if not _is_chrome(line)]
    published = _take_date_header(lines)
    outlet = _take_signature(lines)
    filed, wire = _take_dateline(lines)
    return Cleaned(_join_paragraphs(lines), published or filed, outlet or wire)


def storable(text: str) -> str:
    """``text`` as every backend stores it: NUL dropped, a lone surrogate as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text.translate(_NUL))


def _normalised_lines(raw: str) -> list[str]:
    text = unicodedata.normalize("NFC", storable(raw).translate(_INVISIBLE))
    return [_INLINE_SPACE.sub(" ", line).strip() for line in text.splitlines()]


def _join_paragraphs(lines: list[str]) -> str:
    """Keep single line breaks inside a paragraph; exactly one blank line between paragraphs."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


def _is_chrome(line: str) -> bool:
    return bool(line) and any(p.fullmatch(line) for p in data_patterns("chrome_patterns.txt"))


def _take_date_header(lines: list[str]) -> str | None:
    """Remove a date-only line near the top (chrome may trail it) and return its ISO date."""
    nonblank = [i for i, line in enumerate(lines) if line][:_HEADER_LINES]
    for i in nonblank:
        for pattern in data_patterns("date_header_patterns.txt"):
            match = pattern.match(lines[i])
            if not match:
                continue
            rest = lines[i][match.end():].strip()
            iso = _iso_date(match) if not rest or _is_chrome(rest) else None
            if iso:
                del lines[i]
                return iso
    return None


def _take_dateline(lines: list[str]) -> tuple[str | None, str | None]:
    """Strip a wire dateline ("CORVENNA, March 11 (Meridian) - ") from the first
    line and return its date (only with a year) and outlet: the city is where
    the story was filed, not where it happened, and the outlet is no speaker."""
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is None:
        return None, None
    for pattern in data_patterns("dateline_patterns.txt"):
        match = pattern.match(lines[first])
        if not match or match["month"].lower().rstrip(".") not in _MONTHS:
            continue
        rest = lines[first][match.end():]
        if not rest:
            return None, None  # a dateline with no story after it is left alone
        lines[first] = rest
        iso = _iso_date(match) if match["year"] else None
        outlet = match["outlet"].strip() if match["outlet"] else None
        return iso, outlet
    return None, None


def _iso_date(match: re.Match[str]) -> str | None:
    month = match["month"]
    number = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
    try:
        return date(int(match["year"]), number or 0, int(match["day"])).isoformat()
    except ValueError:
        return None


def _take_signature(lines: list[str]) -> str | None:
    """Remove a last line that is only an outlet's name and return the name.

    Conservative on purpose: a line that ends like a sentence, is more than a
    few words long or is not its own paragraph is article text, never a signature.
    """
    nonblank = [i for i, line in enumerate(lines) if line]
    if len(nonblank) < 2 or lines[nonblank[-1] - 1]:
        return None  # a signature is its own paragraph after the article
    last = lines[nonblank[-1]]
    if (
        len(last) > _SIGNATURE_MAX_CHARS
        or len(last.split()) > _SIGNATURE_MAX_WORDS
        or last.endswith(_SENTENCE_END)
    ):
        return None
    for pattern in _signature_patterns():
        match = pattern.fullmatch(last)
        if match:
            del lines[nonblank[-1]]
            return match["outlet"]
    return None


def _signature_patterns() -> tuple[re.Pattern[str], ...]:
    known = sorted(word_list("newsledger.ingest", "known_outlets.txt"), key=len, reverse=True)
    return data_patterns("signature_patterns.txt", KNOWN="|".join(map(re.escape, known)))
