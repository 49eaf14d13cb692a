"""Who a speaker phrase refers to: names, pronouns, "the ministry", capitals.

No coreference model works offline, so these are rules over what the article
has already said: a pronoun goes to the last person who spoke (or was named),
"it" / "the ministry" / "the statement" to the organisation last introduced as
speaking, and a capital city speaking ("Baku emphasized") to its state.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import gender_guesser.detector
from spacy.tokens import Span, Token

from newsledger.extract.context import Extraction
from newsledger.nlp.countries import country, country_of_capital
from newsledger.records import Entity

PERSON_PRONOUNS = {"he", "she", "him", "her"}
PRONOUN_GENDER = {"he": "male", "him": "male", "she": "female", "her": "female"}
_GENDERS = {"male": "male", "mostly_male": "male", "female": "female",
            "mostly_female": "female"}
_HONORIFICS = {"mr": "male", "mrs": "female", "ms": "female", "miss": "female"}
ORG_PRONOUNS = {"it", "they"}
RELATIVE_PRONOUNS = {"who", "which", "that"}
SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP")  # entity types that can speak
# nouns that stand for the organisation that issued a statement
ORG_STAND_INS = {"ministry", "statement", "office", "department", "government",
                 "spokesperson", "agency", "embassy", "service", "army", "police",
                 "military", "command", "presidency", "administration", "committee"}


@cache
def _gender_detector() -> gender_guesser.detector.Detector:
    return gender_guesser.detector.Detector(case_sensitive=False)


def gender_of(ex: Extraction, person: Entity) -> str | None:
    """"male", "female" or None, from an honorific before a mention or the first name
    (gender-guesser's offline name lists: Leyla -> female, Arif -> male)."""
    for start, _ in person.mentions:
        before = ex.text[max(0, start - 5):start].strip().rstrip(".").lower().split()
        if before and before[-1] in _HONORIFICS:
            return _HONORIFICS[before[-1]]
    words = person.name.split()
    if len(words) < 2:
        return None  # a lone name may well be a surname
    return _GENDERS.get(_gender_detector().get_gender(words[0]))


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

    def __init__(self, ex: Extraction, quoted: Callable[[int], bool] = lambda _: False) -> None:
        self.ex = ex
        self.quoted = quoted  # whether an offset lies inside a quote: names there do not speak
        self.last_person: Entity | None = None
        self.last_org: Entity | None = None
        self._genders: dict[str, str | None] = {}

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

    def _person_for(self, gender: str, before: int) -> Entity | None:
        """The person a he/she refers to: the last speaker when the gender fits,
        else the most recently mentioned person whose gender fits."""
        def fits(person: Entity) -> bool:
            if person.id not in self._genders:
                self._genders[person.id] = gender_of(self.ex, person)
            return self._genders[person.id] in {gender, None}

        if self.last_person is not None and fits(self.last_person):
            return self.last_person
        people = sorted(((max(starts), e) for e in self.ex.entities if e.type == "PERSON"
                         if (starts := [m[0] for m in e.mentions
                                        if m[0] < before and not self.quoted(m[0])])),
                        key=lambda pair: pair[0], reverse=True)
        return next((e for _, e in people if fits(e)), self.last_person)

    def resolve(self, phrase: Span) -> Entity | None:
        """The entity a speaker phrase refers to; updates who spoke last."""
        found = self.ex.entities_in(phrase.start_char, phrase.end_char,
                                    SPEAKER_TYPES)
        root = phrase.root.idx  # "Defence Minister Arif Hasanov": the name at the head
        entity = next((e for e in found if any(a <= root < b for a, b in e.mentions)),
                      found[0] if found else None)
        if entity is None:
            entity = (self._apposition(phrase) or self._resolve_reference(phrase)
                      or self._surname(phrase))
        if entity is not None:
            entity = state_for_capital(self.ex, entity)
            if entity.type == "PERSON":
                self.last_person = entity
            else:
                self.last_org = entity
        return entity

    def _apposition(self, phrase: Span) -> Entity | None:
        """"The commander of the brigade, Colonel Idris Kane, added": the person
        named in apposition; else an organisation that is the apposition itself
        ("The depot's owner, Ravik Fuel Company, said"), not one inside it ("X,
        commander of the 13th Brigade, reported" is no brigade speaking)."""
        appositions = [c for c in phrase.root.children if c.dep_ == "appos"]
        for appos in appositions:
            found = self.ex.entity_in(appos.left_edge.idx,
                                      appos.right_edge.idx + len(appos.right_edge), ("PERSON",))
            if found is not None:
                return found
        for appos in appositions:
            found = self.ex.entity_in(appos.left_edge.idx,
                                      appos.right_edge.idx + len(appos.right_edge), SPEAKER_TYPES)
            if found is not None and any(a <= appos.idx < b for a, b in found.mentions):
                return found
        return None

    def _surname(self, phrase: Span) -> Entity | None:
        """A lone surname the model did not tag ("Ruiz says"): the person named in full
        last before it with that surname."""
        if len(phrase) != 1 or phrase[0].pos_ != "PROPN":
            return None
        surname = phrase.text.lower()
        people = [(max(before), e) for e in self.ex.entities
                  if e.type == "PERSON" and len(e.name.split()) > 1
                  and e.name.lower().split()[-1] == surname
                  and (before := [m[0] for m in e.mentions if m[0] < phrase.start_char])]
        return max(people, key=lambda pair: pair[0])[1] if people else None

    def _resolve_reference(self, phrase: Span) -> Entity | None:
        head = phrase.root.lower_
        clause = phrase.root.head
        if head in RELATIVE_PRONOUNS and clause.dep_ == "relcl":
            # "Donald Trump, who says he is honored": the noun the clause describes
            antecedent = noun_phrase(clause.head)
            return self.ex.entity_in(antecedent.start_char, antecedent.end_char,
                                     SPEAKER_TYPES)
        if head in PERSON_PRONOUNS:
            return self._person_for(PRONOUN_GENDER[head], phrase.start_char)
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


def person_entity(ex: Extraction, phrase: Span) -> Entity:
    """The person a byline names ("― Narine Hakobyan"), added when the model missed it:
    a name in that slot is a person's by construction."""
    found = ex.entity_in(phrase.start_char, phrase.end_char, ("PERSON",))
    if found is not None:
        return found
    person = Entity(id=f"e{len(ex.entities) + 1}", name=phrase.text, type="PERSON",
                    mentions=[(phrase.start_char, phrase.end_char)])
    ex.entities.append(person)
    return person
