"""Dates of events and statements, resolved against the publication date.

News dates are mostly relative: "on Friday" in an article published on a
Friday is that same day, "yesterday" is the day before. Without a
publication date a weekday cannot be placed, so it stays null rather than
being guessed; absolute dates ("June 4, 2021") need no anchor.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

import dateparser

from newsledger.datafiles import table

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_EARLIEST = dt.date(1900, 1, 1)
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
           "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_ABSOLUTE_DAY = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<m1>{_MONTHS})\.?,? (?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTHS})\.? (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y2>\d{{4}})"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}))\b", re.IGNORECASE)
_DAY_NO_YEAR = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<m1>{_MONTHS})"
    rf"|(?P<m2>{_MONTHS})\.? (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)\b(?!,? \d{{4}})", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b(?:in )?(?P<m>{_MONTHS}) (?P<y>\d{{4}})\b", re.IGNORECASE)


# relative time words the tagger misses in all-caps wire copy ("THIS MORNING")
_RELATIVE = re.compile(
    r"\b(?:yesterday|today|tonight|last night|this (?:morning|afternoon|evening)"
    r"|(?:last |on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?: (?:morning|afternoon|evening|night))?)\b", re.IGNORECASE)


@cache
def approximations() -> list[tuple[re.Pattern[str], str, str]]:
    """(pattern, side, precision): wording beside a day that makes it approximate."""
    return [(re.compile(rx, re.IGNORECASE), side, precision)
            for rx, side, precision in table("newsledger.extract", "date_approximations.tsv")]


def day_spans(text: str) -> list[tuple[int, int]]:
    """Spans of full dates ("9 January 2022") in ``text``; the tagger sometimes
    splits "Around 9 January 2022" and keeps only the month."""
    return [m.span() for m in _ABSOLUTE_DAY.finditer(text)]


def relative_spans(text: str) -> list[tuple[int, int]]:
    """Spans of days said relative to publication ("yesterday", "on Friday",
    "this morning") and of days without a year ("on 4 June"): the tagger
    misses many of them in all-caps copy."""
    spans = [m.span() for m in _RELATIVE.finditer(text)]
    spans += [m.span() for m in _DAY_NO_YEAR.finditer(text)
              if not any(a < m.end() and m.start() < b for a, b in spans)]
    return sorted(spans)


def approximate(text: str, start: int, end: int,
                resolved: tuple[str, str]) -> tuple[str, str]:
    """A day-precision date widened by the wording around ``text[start:end]``."""
    iso, precision = resolved
    if precision != "day":
        return resolved
    before, after = text[max(0, start - 20):start], text[end:end + 60]
    for rx, side, wider in approximations():
        if rx.search(before if side == "before" else after):
            return (iso[:8] + "01" if wider == "month" else iso), wider
    return resolved


def parse_iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _plausible(day: dt.date, published: dt.date | None) -> bool:
    latest = (published or dt.date.today()) + dt.timedelta(days=1)
    return _EARLIEST <= day <= latest


_MONTH_NUMBERS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def _parse_day(text: str) -> dt.date | None:
    """The day a full date names; the common "9 January 2022" and "January 9,
    2022" forms are read directly (dateparser costs milliseconds a call)."""
    match = _ABSOLUTE_DAY.fullmatch(text.strip())
    if match and not match.group("iso"):
        day, month, year = ((match.group("d1"), match.group("m1"), match.group("y1"))
                            if match.group("d1") else
                            (match.group("d2"), match.group("m2"), match.group("y2")))
        try:
            return dt.date(int(year), _MONTH_NUMBERS[month[:3].lower()], int(day))
        except ValueError:  # 31 February
            return None
    return _dateparser_day(text)


@lru_cache(maxsize=1024)
def _dateparser_day(text: str) -> dt.date | None:
    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None


def resolve(text: str, published: str | None) -> tuple[str, str] | None:
    """(ISO date, precision) for a date expression, or None when it can't be placed.

    A month-precision date is the first of that month, as ACLED and UCDP code it.

    Relative expressions are resolved against ``published``; a date in the
    future of the publication or before 1900 is rejected, never clamped.
    """
    anchor = parse_iso(published)
    lowered = text.lower()
    match = _ABSOLUTE_DAY.search(text)
    if match:
        day = _parse_day(match.group(0))
        return (day.isoformat(), "day") if day and _plausible(day, anchor) else None
    match = _MONTH_YEAR.search(text)
    if match:
        day = _parse_day(f"1 {match.group('m')} {match.group('y')}")
        return (day.isoformat(), "month") if day and _plausible(day, anchor) else None
    if anchor is None:
        return None
    if "yesterday" in lowered:
        return (anchor - dt.timedelta(days=1)).isoformat(), "day"
    if re.search(r"\btoday\b|\bthis (morning|afternoon|evening)\b|\btonight\b", lowered):
        return anchor.isoformat(), "day"
    for index, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", lowered):
            back = (anchor.weekday() - index) % 7
            if re.search(r"\blast\b", lowered) and back == 0:
                back = 7
            return (anchor - dt.timedelta(days=back)).isoformat(), "day"
    match = _DAY_NO_YEAR.search(text)
    if match:
        day = _parse_day(f"{match.group(0)} {anchor.year}")
        if day and day > anchor:
            day = _parse_day(f"{match.group(0)} {anchor.year - 1}")
        return (day.isoformat(), "day") if day and _plausible(day, anchor) else None
    return None
