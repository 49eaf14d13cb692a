"""Rebuttals: denials that answer an accusation ("X rejected the accusations").

Patterns (data/rebuttal_patterns.tsv) find the denier and, when the text
says it, what is denied and who made the accusation. A rebuttal is linked to
the accusation it answers: the one the denial names ("the accusations of ...
made by Y"), else the last accusation before it that blames the denier's
side, else the last one. A denial with nothing to answer ("Dastan has denied
shelling Tesvani") implies the accusation, which is recorded with no
accuser so that the rebuttal has something to point at.
"""

from __future__ import annotations

import re
from functools import cache

from newsledger.datafiles import table
from newsledger.extract.accusations import categorise
from newsledger.extract.actors import resolve_actor, state_of
from newsledger.extract.context import Extraction, span_text
from newsledger.extract.registry import extractor
from newsledger.extract.screen import CaseBlind
from newsledger.records import Accusation, Entity, Rebuttal

DEFAULT_CATEGORY = "violation of international law"
_FUNCTION_WORDS = {"that", "this", "with", "from", "have", "been", "were", "their", "they",
                   "which", "what", "about", "into", "than", "them", "such", "those", "these"}


@cache
def patterns() -> list[tuple[re.Pattern[str], str, CaseBlind]]:
    """(regex, kind, cue): the cue is a cheap test the sentence must pass first."""
    return [(re.compile(rx, re.IGNORECASE), kind, CaseBlind.compile(cue))
            for rx, kind, cue in table("newsledger.extract", "rebuttal_patterns.tsv")]


def _actor(ex: Extraction, match: re.Match[str], group: str,
           base: int) -> tuple[Entity, int] | None:
    if group not in match.re.groupindex or match.group(group) is None:
        return None
    return resolve_actor(ex, base + match.start(group), base + match.end(group))


def _blames(ex: Extraction, accusation: Accusation, denier: Entity) -> bool:
    """The accusation blames the denier or the state it speaks for."""
    accused = ex.entity(accusation.accused)
    return accused is not None and (accused.id == denier.id
                                    or state_of(ex, accused) is state_of(ex, denier))


def _content_words(phrase: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", phrase.lower()) if w not in _FUNCTION_WORDS}


def _answered(ex: Extraction, kind: str, denier: Entity | None, at: int, end: int,
              accuser: Entity | None, what: str) -> Accusation | None:
    """The accusation a denial at ``[at, end)`` answers: one in the same sentence
    or by the named accuser, else the last one before it that blames the
    denier's side or shares a content word with what is denied ("denied any
    link to the group" answers "arming the group"), else (only for a bare
    "rejected the accusations") the last one."""
    here = [a for a in ex.accusations if a.evidence[0] < end and at < a.evidence[1]]
    if accuser is not None:
        here = [a for a in here + ex.accusations if a.accuser == accuser.id]
    if here:
        return here[0]
    before = [a for a in ex.accusations if a.evidence[0] < at]
    own = [a for a in before if (denier is not None and _blames(ex, a, denier))
           or _content_words(what) & _content_words(a.allegation)]
    if own:
        return own[-1]
    return before[-1] if before and kind == "latest" else None


def _own_side(ex: Extraction, accusation: Accusation, denier: Entity | None) -> bool:
    """The denier made the accusation, or speaks for the state that did."""
    accuser = ex.entity(accusation.accuser)
    return denier is not None and accuser is not None and (
        accuser.id == denier.id or state_of(ex, accuser) is state_of(ex, denier))


def _implied(ex: Extraction, denier: Entity | None, accuser: Entity | None, what: str,
             evidence: tuple[int, int]) -> Accusation:
    accusation = Accusation(
        id=f"a{len(ex.accusations) + 1}",
        accuser=accuser.id if accuser else None, accuser_name=accuser.name if accuser else None,
        accused=denier.id if denier else None, accused_name=denier.name if denier else None,
        allegation=what, category=categorise(what, DEFAULT_CATEGORY), evidence=evidence)
    ex.accusations.append(accusation)
    return accusation


@extractor("rebuttals")
def extract_rebuttals(ex: Extraction) -> None:
    for sentence in ex.sentences:
        base = sentence.start_char
        text = span_text(sentence)
        lowered = text.lower()
        for rx, kind, cue in patterns():
            if not cue.search(text, lowered):
                continue
            match = rx.search(text)
            if match is None:
                continue
            start = base + match.start()
            named = _actor(ex, match, "by", base)
            if named is not None and match.start("by") == match.start():
                start = named[1]  # "March 8 (DNS) — Dastan's Defence Ministry rejected"
            evidence = ex.trimmed(start, base + match.end())
            denier = named[0] if named else ex.entity(ex.speaker_at(evidence[0]))
            found = _actor(ex, match, "accuser", base)
            accuser = found[0] if found else None
            what = (match.group("what") or "").strip() if "what" in rx.groupindex else ""
            answered = _answered(ex, kind, denier, *evidence, accuser, what)
            if answered is None and what:
                answered = _implied(ex, denier, accuser, what, evidence)
            if answered is None or _own_side(ex, answered, denier):
                break  # nothing to answer, or a side restating its own accusation
            rebuttal = Rebuttal(by=denier.id if denier else None,
                                by_name=denier.name if denier else None, evidence=evidence)
            if rebuttal not in answered.rebuttals:
                answered.rebuttals.append(rebuttal)
            break  # one rebuttal per sentence
