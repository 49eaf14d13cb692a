"""Accusations: who blames whom, for what, and for which incident.

Patterns (data/accusation_patterns.tsv) find the accused and the allegation;
the accuser is named in the pattern ("accusations of X ... made by Y": Y
accuses X) or is the speaker of the statement the sentence belongs to.
Demonyms and "the X side" stand for the state ("the Armenian side" ->
Armenia). An accusation about an incident in the same article links to it
and makes the accused an *alleged* perpetrator, asserted by the accuser.
"""

from __future__ import annotations

import re
from functools import cache

from newsledger.datafiles import table
from newsledger.extract.context import Extraction
from newsledger.extract.registry import extractor
from newsledger.extract.speakers import state_entity, state_for_capital
from newsledger.nlp.lexicons import demonyms
from newsledger.records import Accusation, Entity, Incident, Perpetrator

# categories that make the accused a perpetrator of the linked incident
PERPETRATOR_CATEGORIES = {"landmines", "attacks on civilians", "responsibility for casualties",
                          "war crimes"}


@cache
def patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rx, re.IGNORECASE), category)
            for rx, category in table("newsledger.extract", "accusation_patterns.tsv")]


@cache
def categories() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rx, re.IGNORECASE), category)
            for rx, category in table("newsledger.extract", "accusation_categories.tsv")]


def categorise(allegation: str, default: str) -> str:
    for rx, category in categories():
        if rx.search(allegation):
            return category
    return default


def actor_in(ex: Extraction, start: int, end: int) -> tuple[Entity, int] | None:
    """The actor a phrase names and where, the one nearest its end ("Baku said that
    Armenia" -> Armenia): an ORG, a person or a state; a demonym stands for its state."""
    found = [(m[0], e) for e in ex.entities_in(start, end, ("ORG", "GPE", "NORP", "PERSON"))
             for m in e.mentions if start <= m[0] < end]
    if not found:
        return None
    at, entity = max(found, key=lambda pair: pair[0])
    if entity.type == "NORP":
        country = demonyms().get(entity.name.lower())
        return (state_entity(ex, country[0]), at) if country else None
    return state_for_capital(ex, entity), at


def _link(ex: Extraction, evidence: tuple[int, int], category: str) -> Incident | None:
    """The incident an accusation is about: the one it overlaps, else the one it fits."""
    for incident in ex.incidents:
        if any(a < evidence[1] and evidence[0] < b for a, b in incident.evidence):
            return incident
    events = [i for i in ex.incidents if not i.aggregate]
    if category == "landmines":
        events = [i for i in events if i.subtype == "Remote explosive/landmine/IED"]
    elif category not in PERPETRATOR_CATEGORIES:
        return None
    return events[0] if len(events) == 1 else None


@extractor("accusations")
def extract_accusations(ex: Extraction) -> None:
    for sentence in ex.doc.sents:
        base = sentence.start_char
        for rx, default in patterns():
            for match in rx.finditer(sentence.text):
                found = actor_in(ex, base + match.start("accused"), base + match.end("accused"))
                if found is None:
                    continue
                accused, accused_at = found
                start = min(accused_at, base + match.start("what"))
                if "accuser" in rx.groupindex and match.group("accuser"):
                    named = actor_in(ex, base + match.start("accuser"),
                                     base + match.end("accuser"))
                    accuser = named[0] if named else None
                    start = min(start, named[1]) if named else start
                else:
                    accuser = ex.entity(ex.speaker_at(accused_at))
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
                if incident is not None and category in PERPETRATOR_CATEGORIES:
                    _add_perpetrator(incident, accused, accuser)


def _add_perpetrator(incident: Incident, accused: Entity, accuser: Entity | None) -> None:
    if any(p.entity == accused.id for p in incident.perpetrators):
        return
    incident.perpetrators.append(Perpetrator(
        entity=accused.id, name=accused.name, status="alleged",
        asserted_by=accuser.id if accuser else None))
