"""Accusations: who blames whom, for what, and for which incident.

Patterns (data/accusation_patterns.tsv) find the accused and the allegation;
the accuser is named in the pattern ("accusations of X ... made by Y": Y
accuses X) or is the speaker of the statement the sentence belongs to.
Both are resolved to one actor per party (actors.py: "the Armenian side",
"the Armed Forces of Armenia" and "Yerevan" are Armenia). An accusation
about an incident in the same article links to it; perpetrators.py then
makes the accused an *alleged* perpetrator, asserted by the accuser.
"""

from __future__ import annotations

import re
from functools import cache

from newsledger.datafiles import table
from newsledger.extract.actors import is_party, resolve_actor
from newsledger.extract.context import Extraction, span_text
from newsledger.extract.perpetrators import NO_BLAME_SUBTYPES, PERPETRATOR_CATEGORIES
from newsledger.extract.registry import extractor
from newsledger.extract.screen import CaseBlind
from newsledger.records import Accusation, Entity, Incident


@cache
def patterns() -> list[tuple[re.Pattern[str], str, CaseBlind]]:
    """(regex, category, cue): the cue is a cheap test the sentence must pass first."""
    return [(re.compile(rx, re.IGNORECASE), category, CaseBlind.compile(cue))
            for rx, category, cue in table("newsledger.extract", "accusation_patterns.tsv")]


@cache
def categories() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rx, re.IGNORECASE), category)
            for rx, category in table("newsledger.extract", "accusation_categories.tsv")]


def categorise(allegation: str, default: str) -> str:
    for rx, category in categories():
        if rx.search(allegation):
            return category
    return default


def _link(ex: Extraction, evidence: tuple[int, int], category: str) -> Incident | None:
    """The incident an accusation is about: the one it overlaps, else the one it fits."""
    candidates = [i for i in ex.incidents if i.subtype not in NO_BLAME_SUBTYPES]
    for incident in candidates:
        if any(a < evidence[1] and evidence[0] < b for a, b in incident.evidence):
            return incident
    events = [i for i in candidates if not i.aggregate]
    if category == "landmines":
        events = [i for i in events if i.subtype == "Remote explosive/landmine/IED"]
    elif category not in PERPETRATOR_CATEGORIES:
        return None
    return events[0] if len(events) == 1 else None


def _subject(ex: Extraction, start: int, end: int) -> tuple[Entity, int] | None:
    """The first party named in ``[start, end)``: the accuser when the pattern's
    accuser phrase ends in a place ("Dastan denied firing at Tesvani and
    accused ...")."""
    for entity in ex.entities_in(start, end):
        if is_party(entity):
            return entity, min(m[0] for m in entity.mentions if start <= m[0] < end)
    return None


@extractor("accusations")
def extract_accusations(ex: Extraction) -> None:
    for sentence in ex.sentences:
        base = sentence.start_char
        text = span_text(sentence)
        lowered = text.lower()
        for rx, default, cue in patterns():
            if not cue.search(text, lowered):
                continue
            for match in rx.finditer(text):
                found = resolve_actor(ex, base + match.start("accused"),
                                      base + match.end("accused"))
                if found is None:
                    continue
                accused, accused_at = found
                start = min(accused_at, base + match.start("what"))
                if "accuser" in rx.groupindex and match.group("accuser"):
                    named = resolve_actor(ex, base + match.start("accuser"),
                                          base + match.end("accuser"))
                    if named is not None and not is_party(named[0]):
                        named = _subject(ex, sentence.start_char, named[1]) or named
                    accuser = named[0] if named else ex.entity(ex.speaker_at(accused_at))
                    start = min(start, named[1] if named else base + match.start("accuser"))
                else:
                    accuser = ex.entity(ex.speaker_at(accused_at))
                if accuser is None:  # "The ministry said Armenia bears ..." with no statement
                    subject = _subject(ex, sentence.start_char, accused_at)
                    accuser = subject[0] if subject and subject[0].id != accused.id else None
                if accuser is not None and accuser.id == accused.id:
                    continue
                evidence = (start, base + match.end())
                if any(a.evidence == evidence for a in ex.accusations):
                    continue
                allegation = match.group("what").strip() if match.group("what") else ""
                category = categorise(allegation, default)
                incident = _link(ex, evidence, category)
                ex.accusations.append(Accusation(
                    id=f"a{len(ex.accusations) + 1}",
                    accuser=accuser.id if accuser else None,
                    accuser_name=accuser.name if accuser else None,
                    accused=accused.id, accused_name=accused.name,
                    allegation=allegation or category, category=category,
                    incident=incident.id if incident else None, evidence=evidence))
