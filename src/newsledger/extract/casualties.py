"""Casualty figures in a sentence: how many were killed, injured or missing.

A count is read from the subject or object of a casualty verb ("four people
were injured", "killed three soldiers"), from nominal forms ("the death of
two civilians", "12 dead"), and from conjoined named victims ("two members
..., as well as X were killed" is three). Each figure keeps its qualifier
("up to", "at least") and its evidence span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Span, Token

from newsledger.datafiles import table
from newsledger.extract.context import Extraction

MAX_PLAUSIBLE = 1_000_000  # larger "counts" are typos or not casualty figures


@dataclass
class Figure:
    outcome: str  # killed | injured | missing
    value: int
    qualifier: str
    start: int
    end: int
    persons: list[str] = field(default_factory=list)  # entity ids of named victims
    high: int | None = None  # the top of a range ("33-40 killed": value 33, high 40)


@cache
def casualty_terms() -> dict[str, str]:
    return dict(table("newsledger.extract", "casualty_terms.tsv"))


@cache
def number_words() -> dict[str, tuple[int, str]]:
    return {row[0]: (int(row[1]), row[2] if len(row) > 2 else "exact")
            for row in table("newsledger.extract", "number_words.tsv")}


@cache
def qualifiers() -> list[tuple[str, str]]:
    rows = table("newsledger.extract", "qualifiers.tsv")
    return sorted(((p, q) for p, q in rows), key=lambda pair: -len(pair[0]))


def number_value(word: str) -> tuple[int, str] | None:
    """The value and qualifier of a number: digits ("1,200"), words, "a"/"an"."""
    text = word.lower().replace(",", "")
    if re.fullmatch(r"\d+", text):
        value = int(text)
        return (value, "exact") if 0 < value <= MAX_PLAUSIBLE else None
    if text in number_words():
        return number_words()[text]
    if "-" in text:  # twenty-five
        parts = text.split("-")
        if all(p in number_words() for p in parts):
            return sum(number_words()[p][0] for p in parts), "exact"
    return None


# "33-40", "5 to 7", "between five and seven", "one or two": the found number
# is either end; "and" needs "between" ("5 soldiers and 7 civilians" is two groups)
_RANGE = re.compile(r"(?:\b(?P<between>between)\s+)?(?P<low>[\w,]+)\s*"
                    r"(?P<sep>-|–|\bto\b|\bor\b|\band\b)\s*(?P<high>[\w,]+)", re.IGNORECASE)


def _window(token: Token, before: int, after: int) -> tuple[str, int]:
    """Text from ``before`` characters ahead of ``token`` to ``after`` past its end,
    within its sentence (Doc.text rebuilds the whole document on every call), and
    the offset where that text starts."""
    sent = token.sent
    start = max(0, token.idx - sent.start_char - before)
    end = max(start, token.idx - sent.start_char + len(token) + after)
    return sent.text[start:end], sent.start_char + start


def range_around(token: Token) -> tuple[int, int] | None:
    """(low, high) when ``token`` is one end of a stated range, else None."""
    window, window_start = _window(token, 30, 30)
    for match in _RANGE.finditer(window):
        ends = (match.start("low") + window_start, match.start("high") + window_start)
        if token.idx not in ends:
            continue
        if match.group("sep").lower() == "and" and not match.group("between"):
            return None
        low, high = number_value(match.group("low")), number_value(match.group("high"))
        if low is not None and high is not None and low[0] < high[0]:
            return low[0], high[0]
    return None


def _qualifier_before(token: Token) -> str | None:
    before = _window(token, 20, -len(token))[0].lower()
    for phrase, qualifier in qualifiers():
        if re.search(rf"\b{re.escape(phrase)}\s+$", before):
            return qualifier
    return None


def _count_of(head: Token, ex: Extraction) -> tuple[int, str, list[str], int | None] | None:
    """Count a noun phrase with its conjuncts: numbers, "a soldier", named people."""
    total, qualifier, persons = 0, "exact", []
    found, spans = False, None
    for conj in [head, *[t for t in head.subtree if t.dep_ == "conj" and t.head == head]]:
        own = [t for t in conj.subtree
               if not any(t in c.subtree for c in conj.children if c.dep_ == "conj")]
        number = None
        for t in own:
            if t.dep_ in {"nummod", "det", "quantmod", "amod", "compound"} and t.head == conj:
                number = number_value(t.text) if t.lower_ not in {"the"} else None
                if number:
                    qualifier = _qualifier_before(t) or number[1]
                    spans = range_around(t) if conj is head else None
                    break
        if number is None and conj.like_num:
            number = number_value(conj.text)
            if number:
                qualifier = _qualifier_before(conj) or number[1]
                spans = range_around(conj) if conj is head else None
        start, end = own[0].idx, own[-1].idx + len(own[-1])
        named = [e.id for e in ex.entities_in(start, end, ("PERSON",))]
        persons += named
        count = max(number[0] if number else 0, len(named))
        if count == 0 and conj.tag_ in {"NN", "NNP"} and conj.pos_ in {"NOUN", "PROPN"}:
            count = 1 if any(t.lower_ in {"a", "an", "one"} for t in own) else 0
        if count:
            found = True
            total += count
    if not found:
        return None
    if spans is not None and total in spans:  # a lone range: its ends, not a sum
        return spans[0], qualifier, persons, spans[1]
    return total, qualifier, persons, None


def figures_in(sentence: Span, ex: Extraction) -> list[Figure]:
    """Every casualty figure stated in ``sentence``."""
    terms = casualty_terms()
    out: list[Figure] = []
    seen: set[tuple[str, int]] = set()
    for tok in sentence:
        outcome = terms.get(tok.lemma_.lower()) or terms.get(tok.lower_)
        if outcome is None:
            continue
        head = _counted_head(tok)
        if head is None:
            continue
        counted = _count_of(head, ex)
        if counted is None:
            continue
        value, qualifier, persons, high = counted
        if (outcome, head.i) in seen or value > MAX_PLAUSIBLE:
            continue
        seen.add((outcome, head.i))
        left = min(head.left_edge.idx, tok.idx)
        right = max(head.right_edge.idx + len(head.right_edge), tok.idx + len(tok))
        out.append(Figure(outcome, value, qualifier, left, right, persons, high))
    return out


def _counted_head(term: Token) -> Token | None:
    """The noun whose count the casualty word reports."""
    if term.pos_ == "VERB" or term.tag_ in {"VBN", "VBD"}:
        for dep in ("nsubjpass", "dobj", "nsubj"):
            for child in term.children:
                if child.dep_ == dep and child.lower_ not in {"which", "that", "who"}:
                    return child
        if term.dep_ in {"acl", "amod"} and term.head.pos_ in {"NOUN", "PROPN", "NUM"}:
            return term.head  # "two people killed", "12 injured civilians"
        return None
    if term.lower_ in {"death", "deaths", "life", "lives", "injuries", "body", "bodies"}:
        for prep in term.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                return next((c for c in prep.children if c.dep_ == "pobj"), None)
        return None
    # "left three policemen dead": the object of the verb the state word completes
    if term.dep_ in {"oprd", "xcomp", "ccomp", "acomp"} and term.head.pos_ == "VERB":
        obj = next((c for c in term.head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj
    # "12 dead", "five wounded"
    if term.head.like_num:
        return term.head
    for child in term.children:
        if child.like_num:
            return child
    if term.dep_ in {"amod", "acomp"} and term.head.pos_ in {"NOUN", "NUM"}:
        return term.head
    return None
