"""Events outside the conflict taxonomy: disasters, organised crime, diplomacy.

A conflict ledger must tell these apart from political violence: a gas
explosion, a bus crash or a flood that kills people is not an ACLED event,
and a drug seizure or an expulsion of diplomats is news of its own kind. A
sentence with a trigger from data/other_event_triggers.tsv tells such an
event unless it also holds a cue of the row's cue set
(data/other_event_cues.tsv): an armed party, a weapon, an attack or a
protest make "a fire at the market" an arson attack, a signed deal makes
"talks" an agreement. Triggers of one kind in an article are one event.
How a kind shares an article with conflict (data/other_event_kinds.tsv): a
later sentence with a casualty figure and no trigger of its own ("Scores
were injured") belongs to a disaster before it, so its toll is not counted
as conflict deaths; and a blast, crash or theft in an article whose other
sentences tell an attack or a killing is part of that story, not an
accident or a crime of its own. This extractor runs before the incidents
one, which skips every sentence these events hold as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.tokens import Span

from newsledger.datafiles import table
from newsledger.extract.casualties import figures_in
from newsledger.extract.context import Extraction, span_text
from newsledger.extract.denials import affirmed
from newsledger.extract.incidents import is_background, sentence_trigger
from newsledger.extract.registry import extractor
from newsledger.extract.screen import CaseBlind
from newsledger.records import Event


@dataclass(frozen=True)
class OtherTrigger:
    pattern: CaseBlind
    kind: str
    unless: re.Pattern[str] | None  # cues that make the sentence a conflict incident
    unless_before: re.Pattern[str] | None  # the same, only when told before the trigger


@cache
def other_triggers() -> tuple[OtherTrigger, ...]:
    cues = {name: re.compile(rx, re.IGNORECASE)
            for name, rx in table("newsledger.extract", "other_event_cues.tsv")}

    def cue(row: tuple[str, ...], column: int) -> re.Pattern[str] | None:
        names = row[column].split(",") if len(row) > column and row[column] else []
        return re.compile("|".join(cues[n.strip()].pattern for n in names),
                          re.IGNORECASE) if names else None

    return tuple(OtherTrigger(CaseBlind.compile(row[0]), row[1], cue(row, 2), cue(row, 3))
                 for row in table("newsledger.extract", "other_event_triggers.tsv"))


@cache
def kind_rules() -> dict[str, tuple[bool, bool]]:
    """kind -> (owns the toll told after it, its cues count article-wide)."""
    return {kind: (toll == "yes", wide == "yes")
            for kind, toll, wide in table("newsledger.extract", "other_event_kinds.tsv")}


@lru_cache(maxsize=256)  # per-document reuse; a Span keeps its Doc alive
def other_event_at(sentence: Span) -> tuple[OtherTrigger, int, int] | None:
    """The trigger of the non-conflict event the sentence tells, with its offsets
    in the document, or None (no trigger, or a conflict cue beside it)."""
    text = span_text(sentence)
    lowered = text.lower()
    for trigger in other_triggers():
        found = trigger.pattern.search(text, lowered)
        if found is None:
            continue
        if trigger.unless is not None and affirmed(trigger.unless.finditer(text)):
            return None
        if trigger.unless_before is not None and affirmed(
                trigger.unless_before.finditer(text, 0, found.start())):
            return None
        return trigger, sentence.start_char + found.start(), sentence.start_char + found.end()
    return None


@extractor("other_events")
def extract_other_events(ex: Extraction) -> None:
    sentences = [s for s in ex.sentences if not is_background(s)]
    by_kind: dict[str, Event] = {}
    current: Event | None = None  # the event whose toll the sentences now tell
    for sentence in sentences:
        span = ex.trimmed(sentence.start_char, sentence.end_char)
        found = other_event_at(sentence)
        if found is not None and _told_as_conflict(found[0], sentence, sentences):
            found = None
        if found is not None:
            trigger, start, end = found
            event = by_kind.get(trigger.kind)
            if event is None:
                event = Event(id=f"v{len(ex.events) + 1}", kind=trigger.kind,
                              trigger=ex.text[start:end], evidence=[])
                by_kind[trigger.kind] = event
                ex.events.append(event)
            event.evidence.append(span)
            current = event if kind_rules()[trigger.kind][0] else None
        elif current is None:
            continue
        elif sentence_trigger(sentence) is not None:
            current = None
        elif figures_in(sentence, ex):
            current.evidence.append(span)


def _told_as_conflict(trigger: OtherTrigger, sentence: Span, sentences: list[Span]) -> bool:
    """Whether another sentence of the article tells the event as part of a
    conflict story, for the kinds whose cues count article-wide."""
    if trigger.unless is None or not kind_rules()[trigger.kind][1]:
        return False
    return any(affirmed(trigger.unless.finditer(span_text(other))) for other in sentences
               if other != sentence)
