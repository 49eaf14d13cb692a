"""Who a speaker phrase refers to: names, pronouns, "the ministry", capitals.

No coreference model works offline, so these are rules over what the article
has already said: a pronoun goes to the last person who spoke (or was named),
"it" / "the ministry" / "the statement" to the organisation last introduced as
speaking, and a capital city speaking ("Baku emphasized") to its state.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsledger.extract.context import Extraction
from newsledger.nlp.countries import country, country_of_capital
from newsledger.records import Entity

PERSON_PRONOUNS = {"he", "she", "him", "her"}
ORG_PRONOUNS = {"it", "they"}
# nouns that stand for the organisation that issued a statement
ORG_STAND_INS = {"ministry", "statement", "office", "department", "government",
                 "spokesperson", "agency", "embassy", "service", "army", "police",
                 "military", "command", "presidency", "administration", "committee"}


def noun_phrase(token: Token) -> Span:
    """The token with its left modifiers and "of" complement, not its apposition:
    "the Azerbaijani Foreign Ministry", "the Ministry of Defence", "Rashad Guliyev"."""
    left = token.left_edge.i
    right = token.i
    for child in token.rights:
        if child.dep_ in {"compound", "flat"} or (
                child.dep_ == "prep" and child.lower_ == "of" and token.pos_ != "PROPN"):
            right = max(right, child.right_edge.i)
    return token.doc[left:right + 1]


def state_for_capital(ex: Extraction, entity: Entity) -> Entity:
    """Map a capital city that speaks ("Baku emphasized") to its country's entity."""
    if entity.type != "GPE":
        return entity
    code = country_of_capital(entity.name)
    return state_entity(ex, code) if code else entity


def state_entity(ex: Extraction, code: str) -> Entity:
    """The article's entity for a state, created when only its capital or demonym appeared."""
    for ent in ex.entities:
        if ent.type == "GPE" and ent.country == code and ent.actor_type == "state":
            return ent
    found = country(code)
    state = Entity(id=f"e{len(ex.entities) + 1}", name=found.name if found else code,
                   type="GPE", country=code, actor_type="state")
    ex.entities.append(state)
    return state


class SpeakerResolver:
    """Resolves speaker phrases in reading order, remembering who spoke last."""

    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.last_person: Entity | None = None
        self.last_org: Entity | None = None

    def _last_mentioned(self, before: int, types: tuple[str, ...],
                        head: str | None = None) -> Entity | None:
        best: tuple[int, Entity] | None = None
        for ent in self.ex.entities:
            if ent.type not in types or (head and head not in ent.name.lower()):
                continue
            for start, _ in ent.mentions:
                if start < before and (best is None or start > best[0]):
                    best = (start, ent)
        return best[1] if best else None

    def resolve(self, phrase: Span) -> Entity | None:
        """The entity a speaker phrase refers to; updates who spoke last."""
        entity = self.ex.entity_in(phrase.start_char, phrase.end_char,
                                   ("PERSON", "ORG", "GPE", "NORP"))
        if entity is None:
            entity = self._resolve_reference(phrase)
        if entity is not None:
            entity = state_for_capital(self.ex, entity)
            if entity.type == "PERSON":
                self.last_person = entity
            else:
                self.last_org = entity
        return entity

    def _resolve_reference(self, phrase: Span) -> Entity | None:
        head = phrase.root.lower_
        if head in PERSON_PRONOUNS:
            return self.last_person or self._last_mentioned(phrase.start_char, ("PERSON",))
        if head in ORG_PRONOUNS or head in ORG_STAND_INS:
            # the organisation that was introduced as speaking wins over one
            # merely named since ("the statement of the ... Ministry of Internal Affairs")
            if self.last_org is not None and (
                    head in ORG_PRONOUNS or head in {"statement", "spokesperson"}
                    or head in self.last_org.name.lower()):
                return self.last_org
            named = self._last_mentioned(phrase.start_char, ("ORG",),
                                         None if head in ORG_PRONOUNS else head)
            return named or self.last_org
        return None
