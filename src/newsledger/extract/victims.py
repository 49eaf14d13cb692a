"""Victims a sentence names without counting them: "The dead were named as
Sergeant X, 27, and Private Y, 20", "Also killed was Z".

Casualty figures (casualties.py) carry the people named inside the counted
phrase; wire copy often names the dead in a sentence of their own, after the
toll. The sentences are found by data/victim_sentences.tsv; every person the
sentence names is a victim, except a speaker ("..., Ruslan Abenov, told DNS").
A name after a rank or a role title ("Private Erbol Tekeyev") counts even when
the tagger did not see a person in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span

from newsledger.datafiles import table
from newsledger.extract.context import Extraction, span_text
from newsledger.extract.entities import role_titles
from newsledger.extract.screen import CaseBlind

# a name that the speech verb right after makes a speaker
_SPEAKS = re.compile(r"\W{0,3}(?:\w+\W+)?(?:told|said|says|added|stated)\b")
_NAME = r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}"


@dataclass(frozen=True)
class Named:
    entity: str | None  # the PERSON entity, None for a ranked name the tagger missed
    name: str
    outcome: str
    title: str | None = None  # the rank or title written before the name


@cache
def victim_sentences() -> list[tuple[CaseBlind, str]]:
    return [(CaseBlind.compile(rx), outcome)
            for rx, outcome in table("newsledger.extract", "victim_sentences.tsv")]


@cache
def _ranked_name() -> re.Pattern[str]:
    """A name after a rank or title: "Corporal Andrés Felipe Rojas"."""
    titles = "|".join(re.escape(t.capitalize()) for t in role_titles() if " " not in t)
    return re.compile(rf"\b(?P<title>{titles}) (?P<name>{_NAME})")


def named_victims(ex: Extraction, sentence: Span) -> list[Named]:
    """Each victim the sentence names, in text order."""
    text = span_text(sentence)
    lowered = text.lower()
    outcome = next((o for rx, o in victim_sentences() if rx.search(text, lowered)), None)
    if outcome is None:
        return []
    found: list[tuple[tuple[int, int], Named]] = []
    for person in ex.entities_in(sentence.start_char, sentence.end_char, ("PERSON",)):
        mention = next(m for m in person.mentions if sentence.start_char <= m[0])
        if not _SPEAKS.match(ex.text, mention[1]):
            found.append((mention, Named(person.id, person.name, outcome)))
    for match in _ranked_name().finditer(text):
        start = sentence.start_char + match.start("name")
        end = sentence.start_char + match.end("name")
        if any(a < end and start < b for (a, b), _ in found):
            continue  # the tagger's person, perhaps with the rank in its name
        if not _SPEAKS.match(ex.text, end):
            named = Named(None, match["name"], outcome, match["title"].lower())
            found.append(((start, end), named))
    return [n for _, n in sorted(found, key=lambda pair: pair[0])]
