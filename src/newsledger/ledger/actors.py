"""One actor across articles: "Armenia", "the Armenian side", "Yerevan" and "the
Armed Forces of Armenia" in different articles are one state.

Per article the extractors already map the ways a text names a party to one
entity (a capital to its state, "the Armenian side" to Armenia). Across
articles each such entity gets an actor *key*, a pure function of the entity
and its article, so the same party meets under one key whatever order the
articles arrive in:

- a state is ``state:AM`` (its ISO code), or ``state:name:veloria`` for a state
  no gazetteer knows; its armed forces, government and "side" are the state
  itself (data/actor_words.tsv, kind ``state``);
- an organ ("Azerbaijani Foreign Ministry", "Ministry of Foreign Affairs of
  Azerbaijan") is ``organ:AZ:affairs foreign ministry``: an actor of its own
  whose parent is its state, so a query for the state reaches it;
- an armed group or a medium by its folded name; a person by full name (and
  country when known): people of the same name are one person.

A name that holds nothing but organ words ("the Defence Ministry", "the
army") names no state: it is the article's one organ of that kind that does,
if there is exactly one, else it stays an actor of that article only and is
not merged across articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newsledger.datafiles import table
from newsledger.nlp.countries import country, country_of_capital, country_of_name
from newsledger.nlp.gazetteer import fold
from newsledger.nlp.lexicons import demonyms
from newsledger.records import DocumentRecord, Entity

_WORD = re.compile(r"[\w’'-]+")
_POSSESSIVE = re.compile(r"['’]s$")
_NAME_WORD = re.compile(r"^[A-Z][\w’'-]+$")
_KEYED_TYPES = ("state", "armed_force", "ministry", "group", "media", "person")


@dataclass(frozen=True)
class ActorRef:
    """Where an entity of one article stands among the actors of the ledger."""

    key: str
    type: str  # state | organ | armed_force | group | media | person
    name: str  # the entity's name as written: one of the actor's aliases
    country: str | None = None
    parent_key: str | None = None
    parent_name: str | None = None
    # the actor's own name when its key fixes it (a state of known country);
    # else the actor is called by the alias most documents use
    canonical: str | None = None


@cache
def _actor_words() -> dict[str, str]:
    return {word: kind for word, kind in table("newsledger.ledger", "actor_words.tsv")}


@cache
def _demonym_stems() -> tuple[tuple[str, str], ...]:
    return tuple((row[0], row[1] if len(row) > 1 else "")
                 for row in table("newsledger.ledger", "demonym_stems.tsv"))


@dataclass(frozen=True)
class _State:
    key: str
    name: str
    country: str | None


def _state_of_code(code: str) -> _State:
    known = country(code)
    return _State(f"state:{code.upper()}", known.name if known else code.upper(), code.upper())


def _state_of_words(words: list[str]) -> _State | None:
    """The state that the non-organ words of a name stand for: a demonym
    ("Armenian"), a country or capital ("Armenia", "Yerevan"), else a stem
    ("Velorian" -> Veloria) for a state the gazetteer does not know."""
    if not words or len(words) > 3:
        return None
    phrase = " ".join(words)
    if (known := demonyms().get(phrase.lower())) is not None:
        return _state_of_code(known[0])
    if (code := country_of_name(phrase) or country_of_capital(phrase)) is not None:
        return _state_of_code(code)
    if not all(_NAME_WORD.match(w) for w in words):
        return None
    if len(words) == 1:
        word = words[0]
        for suffix, replacement in _demonym_stems():
            if word.lower().endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: len(word) - len(suffix)] + replacement
                break
        phrase = word
    return _State(f"state:name:{fold(phrase)}", phrase, None)


def _split_name(name: str) -> tuple[list[str], list[str], bool]:
    """A name's words as (state part, organ words, whether it has words of the
    state itself such as "forces" or "side"); function words are dropped."""
    kinds = _actor_words()
    state_part, organ, of_state = [], [], False
    for raw in _WORD.findall(name):
        word = _POSSESSIVE.sub("", raw)
        kind = kinds.get(word.lower())
        if kind == "organ":
            organ.append(word.lower())
        elif kind == "state":
            of_state = True
        elif kind is None and word:
            state_part.append(word)
    return state_part, organ, of_state


def _organ_key(state: _State, organ: list[str]) -> str:
    # "Foreign Ministry" and "Ministry of Foreign Affairs" differ; word order does not
    return f"organ:{state.key.removeprefix('state:')}:{' '.join(sorted(set(organ)))}"


def _party(entity: Entity) -> ActorRef | None:
    """The actor of a state, force or ministry entity; None when its name
    names no state (an unqualified organ).

    The name decides the state ("Armenian", "Yerevan", "Velorian"); the
    entity's geocoded country only when the name has no state words, since a
    fictional or unknown state's name can geocode to a namesake abroad.
    """
    state_part, organ, of_state = _split_name(entity.name)
    state = _state_of_words(state_part)
    if state is not None and state.country is None and not (
            organ or of_state or entity.actor_type == "state"):
        state = None  # "Sarn Volunteer Battalion": a force with a name of its own
    if state is None and entity.country and not state_part:
        state = _state_of_code(entity.country)
    if state is None:
        if entity.actor_type == "state" or not state_part:
            return None
        kind = "armed_force" if entity.actor_type == "armed_force" else "organ"
        return ActorRef(f"{kind}:{fold(entity.name)}", kind, entity.name)
    if entity.actor_type == "state" or not organ:
        return ActorRef(state.key, "state", entity.name, state.country,
                        canonical=state.name if state.country else None)
    return ActorRef(_organ_key(state, organ), "organ", entity.name, state.country,
                    parent_key=state.key, parent_name=state.name)


def _person(entity: Entity) -> ActorRef | None:
    """A person by full name: a single word ("Kovar") is resolved within its
    article only, never across articles."""
    words = entity.name.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    key = f"person:{fold(entity.name)}" + (f":{entity.country}" if entity.country else "")
    return ActorRef(key, "person", entity.name, entity.country)


def actor_ref(entity: Entity) -> ActorRef | None:
    """The cross-article actor of one entity, from the entity alone."""
    if entity.actor_type not in _KEYED_TYPES:
        return None
    if entity.actor_type == "person" or entity.type == "PERSON":
        return _person(entity)
    if entity.actor_type in ("group", "media"):
        return ActorRef(f"{entity.actor_type}:{fold(entity.name)}", entity.actor_type,
                        entity.name)
    return _party(entity)


def document_actors(record: DocumentRecord) -> dict[str, ActorRef]:
    """Entity id -> actor for every entity of the article that is an actor.

    An unqualified organ ("the Defence Ministry") is the article's one
    qualified organ with the same organ words, if there is exactly one.
    """
    found = {e.id: ref for e in record.entities if (ref := actor_ref(e)) is not None}
    organs: dict[tuple[str, ...], set[ActorRef]] = {}
    for ref in found.values():
        if ref.type == "organ":
            words = tuple(sorted(set(_split_name(ref.name)[1])))
            organs.setdefault(words, set()).add(ref)
    for entity in record.entities:
        if entity.id in found or entity.actor_type not in ("ministry", "armed_force"):
            continue
        state_part, organ, _ = _split_name(entity.name)
        same = organs.get(tuple(sorted(set(organ))), set()) if organ and not state_part else ()
        if len({ref.key for ref in same}) == 1:
            ref = next(iter(same))
            found[entity.id] = ActorRef(ref.key, ref.type, entity.name, ref.country,
                                        ref.parent_key, ref.parent_name, ref.canonical)
    return found
