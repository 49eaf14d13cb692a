"""Case-blind patterns screened by the words every match must contain.

The extractors try about two hundred data-file regexes on every sentence, and
almost all of them fail. A case-blind regex search costs microseconds; a
substring test on the lower-cased sentence costs a fraction of that. So each
pattern is read once for its *required literals*, strings one of which any
match must contain ("defus", "neutrali" for ``\\b(defused|neutrali[sz]ed)``),
and the regex only runs on a sentence that holds one of them. This is the
prefilter RE2 and Hyperscan use, done on Python's own regex parse tree.

The screen only ever skips a search that would fail, so results are the same
with or without it (``tests/test_screen.py`` checks that on every data-file
pattern). The one exception is a character that only Unicode case folding
equates with an ASCII letter (the long s "ſ" for "s"): news text does not
spell words that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as sre  # re.compile's own parser (public as sre_parse before 3.11)
from re import _parser as sre_parse
from typing import Any

# A node's shape: the one string it always matches (None when it varies), and
# the literals one of which every match of it contains (None when nothing is required).
_Shape = tuple[str | None, frozenset[str] | None]

# a literal shorter than this is in nearly every sentence: testing it saves nothing
MIN_LITERAL = 3
_ZERO_WIDTH = {sre.AT, sre.ASSERT_NOT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-cased strings one of which every match of ``pattern`` contains,
    or None when the pattern requires no literal (``\\w+``, ``(a|\\d)``)."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    required = _sequence(list(parsed))[1]
    if not required or min(map(len, required)) < MIN_LITERAL:
        return None
    # "mob" present whenever "mobs" is: keep the shortest of such literals
    return frozenset(lit for lit in required
                     if not any(other != lit and other in lit for other in required))


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective requirement: its shortest literal longest, then the fewest."""
    usable = [c for c in candidates if c and "" not in c]
    return max(usable, key=lambda c: (min(map(len, c)), -len(c)), default=None)


def _sequence(items: list[tuple[Any, Any]]) -> _Shape:
    candidates: list[frozenset[str]] = []
    run, exact = "", True
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.ASSERT:  # a lookaround's requirement holds in the text too
            _, required = _sequence(list(av[1]))
            if required:
                candidates.append(required)
            continue
        fixed, required = _node(op, av)
        if fixed is not None:
            run += fixed
            continue
        exact = False
        if run:
            candidates.append(frozenset({run}))
            run = ""
        if required:
            candidates.append(required)
    if run:
        candidates.append(frozenset({run}))
    return (run if exact else None), _best(candidates)


def _node(op: Any, av: Any) -> _Shape:
    if op is sre.LITERAL:
        char = chr(av).lower()
        return char, frozenset({char})
    if op is sre.SUBPATTERN:  # (group, flags added, flags removed, body)
        return _sequence(list(av[3]))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is sre.BRANCH:
        shapes = [_sequence(list(branch)) for branch in av[1]]
        requirements = [frozenset({fixed}) if fixed is not None else required
                        for fixed, required in shapes]
        if any(not r or "" in r for r in requirements):
            return None, None
        return None, frozenset().union(*requirements)
    if op in _REPEATS:
        low, high, body = av
        fixed, required = _sequence(list(body))
        if low == 0:
            return ("" if high == 0 else None), None
        if fixed is not None and low == high:
            return fixed * low, frozenset({fixed * low})
        return None, frozenset({fixed}) if fixed is not None else required
    return None, None


@dataclass(frozen=True)
class CaseBlind:
    """A case-insensitive pattern that only runs where its required literals occur."""

    pattern: re.Pattern[str]
    literals: tuple[str, ...] | None

    @classmethod
    def compile(cls, rx: str, flags: int = re.IGNORECASE) -> CaseBlind:
        literals = required_literals(rx, flags)
        return cls(re.compile(rx, flags), tuple(sorted(literals)) if literals else None)

    def may_match(self, lowered: str) -> bool:
        """False when ``lowered`` lacks every required literal, so no match exists."""
        if self.literals is None:
            return True
        for literal in self.literals:  # noqa: SIM110 (any() over a generator costs more)
            if literal in lowered:
                return True
        return False

    def search(self, text: str, lowered: str) -> re.Match[str] | None:
        """The first match in ``text``; ``lowered`` is ``text.lower()``."""
        return self.pattern.search(text) if self.may_match(lowered) else None

