"""Actors: armed groups found by their names' shape, and one actor per party.

Accusations and perpetrators name parties in many ways: "Armenia", "the
Armenian side", "the Armed Forces of Armenia", "Yerevan", "the FMLN", "the
Farabundo Marti National Liberation Front (FMLN)". spaCy's NER misses most
group names in all-caps wire copy, so this extractor finds them by their
shape (capitalised words ending in a head word such as FRONT or BRIGADE, an
acronym defined in brackets, a name before "guerrillas"), adds them as ORG
entities with an actor type, and gives entities that are parties their
``actor_type``. Well-known groups (data/actor_known_groups.tsv: "ETA", "the
EXTRADITABLES", "SHINING PATH") are groups by name, whatever their shape.
``resolve_actor`` then maps any phrase to one actor.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Token

from newsledger.datafiles import table, word_list
from newsledger.extract.context import Extraction
from newsledger.extract.registry import extractor
from newsledger.extract.speakers import state_entity, state_for_capital
from newsledger.nlp.gazetteer import fold, get_gazetteer
from newsledger.nlp.lexicons import demonyms
from newsledger.records import Entity

MAX_NAME_WORDS = 8
_ACRONYM = r"[A-Z][A-Z-]{1,7}"
_DEFINED_AFTER = re.compile(rf"\s*[\[(]({_ACRONYM})[\])]")  # "NAME (ACR)", "NAME [ACR]"
_EXPANDED = re.compile(rf"\b({_ACRONYM})\s+\[([A-Z][A-Za-z'\s-]{{3,80}}?)\]")  # "ACR [NAME]"
_GENERIC_FORCE = re.compile(r"\bthe (army|military|police|security forces|armed forces)\b",
                            re.IGNORECASE)
_POSSESSIVES = {"'S", "'s", "’S", "’s"}
_QUOTES = {'"', "“", "”", "''", "``"}
_PARTY_TYPES = {"state", "armed_force", "ministry", "group"}
# a state and its organs: they report and accuse as authorities
AUTHORITY_TYPES = frozenset({"state", "armed_force", "ministry"})
_WORD = re.compile(r"\w+")
_KNOWN_ACRONYM = re.compile(r"[A-Z0-9-]{2,7}")  # "ETA", "M-19": matched only in capitals


@cache
def heads() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in table("newsledger.extract", "actor_heads.tsv")}


@cache
def generic_heads() -> frozenset[str]:
    """Heads that need a word before them to be a name ("GROUP OF ...", "FORCES")."""
    return frozenset(row[0].lower() for row in table("newsledger.extract", "actor_heads.tsv")
                     if row[2] == "no")


@cache
def stopwords() -> frozenset[str]:
    return frozenset(word_list("newsledger.extract", "actor_stopwords.txt"))


@cache
def member_nouns() -> frozenset[str]:
    return frozenset(word_list("newsledger.extract", "actor_member_nouns.txt"))


@cache
def descriptive_words() -> frozenset[str]:
    return frozenset(word_list("newsledger.extract", "actor_descriptive_words.txt"))


@cache
def member_modifiers() -> frozenset[str]:
    return frozenset(word_list("newsledger.extract", "actor_member_modifiers.txt"))


@cache
def state_forms() -> list[re.Pattern[str]]:
    """actor_state_forms.tsv, a space in a row matching any run of whitespace
    (wire copy breaks lines inside names)."""
    return [re.compile(row[0].replace(" ", r"\s+"))
            for row in table("newsledger.extract", "actor_state_forms.tsv")]


@cache
def known_groups() -> list[tuple[frozenset[str], re.Pattern[str]]]:
    """Each well-known armed group's folded names and one pattern for all of them,
    longest first (actor_known_groups.tsv)."""
    groups = []
    for names in table("newsledger.extract", "actor_known_groups.tsv"):
        ordered = sorted(names, key=len, reverse=True)
        either = "|".join(_known_name(name) for name in ordered)
        groups.append((frozenset(fold(name) for name in names),
                       re.compile(rf"(?<![\w-])(?:{either})(?![\w-])")))
    return groups


@cache
def groups_by_first_word() -> dict[str, list[int]]:
    """Lower-cased first word of a name (and, for "M-19", its hyphen-joined form)
    -> the groups (indexes into `known_groups`) with a name that starts with it:
    a set lookup per word of the article is far cheaper than every group's
    pattern over the text."""
    found: dict[str, list[int]] = {}
    for index, names in enumerate(table("newsledger.extract", "actor_known_groups.tsv")):
        for name in names:
            first = name.split()[0]
            for word in {_WORD.findall(first)[0].lower(), first.replace("-", "").lower()}:
                if index not in found.setdefault(word, []):
                    found[word].append(index)
    return found


def _known_name(name: str) -> str:
    """A name's pattern: any run of spaces between words, a hyphen that may also be
    a space or nothing, any case unless the name is an acronym (a name all in
    lower case is a phrase, "shining path", and is dropped where it is found)."""
    body = r"\s+".join(re.escape(word).replace(r"\-", r"[-\s]?") for word in name.split())
    return body if _KNOWN_ACRONYM.fullmatch(name) else f"(?i:{body})"


def _add_known_groups(ex: Extraction) -> None:
    """Every name of a well-known group the article writes is that group: the
    actors already named so or by a name that ends in it ("COLOMBIAN ARMY OF
    NATIONAL LIBERATION") become the group with every such mention, else one
    new actor under the name the article uses first."""
    first_words = groups_by_first_word()
    groups = known_groups()
    written = {i for word in {w.lower() for w in _WORD.findall(ex.text)}
               for i in first_words.get(word, ())}
    for names, rx in (groups[i] for i in sorted(written)):
        spans = [m.span() for m in rx.finditer(ex.text) if not m.group(0).islower()]
        if not spans:
            continue
        named = [e for e in ex.entities if fold(e.name) in names or (e.type != "PERSON" and any(
            a <= start and b == end for a, b in e.mentions for start, end in spans))]
        for entity in named or [add_group(ex, *spans[0], "group")]:
            entity.type, entity.actor_type = "ORG", "group"
            for span in spans:
                _add_mention(ex, entity, *span)


def is_known_group(entity: Entity) -> bool:
    """A group of actor_known_groups.tsv under one of its names."""
    key = fold(entity.name)
    return any(key in names for names, _ in known_groups())


def _name_word(token: Token) -> bool:
    """A word that can be part of a name: capitalised (or an ordinal such as
    8TH), not a function word, not a generic news word, not a verb."""
    text = token.text
    if text in _POSSESSIVES and token.i > 0 and not token.doc[token.i - 1].whitespace_:
        return True  # "PEOPLE'S REVOLUTIONARY ARMY"
    if not text[:1].isupper() and not re.fullmatch(r"\d+(?:ST|ND|RD|TH|st|nd|rd|th)", text):
        return False
    if token.is_stop or token.lower_ in stopwords() or token.lower_ in member_nouns() \
            or token.is_punct:
        return False
    if text.isupper():  # the tagger calls all-caps words verbs at random ("SHINING PATH")
        return _acts().fullmatch(token.lower_) is None
    return token.pos_ not in {"VERB", "AUX"}


@cache
def _acts() -> re.Pattern[str]:
    """The violent acts (perpetrator_acts.txt) and their -ing forms
    (perpetrator_events.txt): no name word in all-caps copy ("MURDERING")."""
    gerunds = [w for w in word_list("newsledger.extract", "perpetrator_events.txt")
               if w.endswith("ing")]
    return re.compile("|".join(word_list("newsledger.extract", "perpetrator_acts.txt")
                               + tuple(gerunds)))


def _words(ex: Extraction) -> list[Token]:
    """The document's tokens without line-break tokens, so a name broken over
    two lines of wire copy ("ARMED FORCES OF\nCOLOMBIA") stays whole."""
    return [t for t in ex.doc if not t.is_space]


def _name_start(words: list[Token], end: int, most: int) -> int:
    """Where the name words before ``words[end]`` begin (at most ``most`` of them);
    a word joined by a hyphen to a generic one is not a name's ("SELF-STYLED")."""
    first = end
    while first > 0 and end - first < most and _name_word(words[first - 1]):
        first -= 1
    if first < end and first > 0 and _hyphen_joined(words[first - 1]):
        first += 1
    if first < end and words[first].text in _POSSESSIVES:
        first += 1  # "UC-ELN'S MARTHA ELENA BARON UNIT": the clitic ends its owner's name
    return first


def _hyphen_joined(token: Token) -> bool:
    return token.text == "-" and not token.whitespace_


def _char_span(words: list[Token], first: int, last: int) -> tuple[int, int]:
    """Characters of ``words[first..last]``, without a closing possessive
    ("SHINING PATH'S TERRORIST GANGS" names "SHINING PATH")."""
    if last > first and words[last].text in _POSSESSIVES:
        last -= 1
    return words[first].idx, words[last].idx + len(words[last].text)


def _quoted_before(words: list[Token], head: int) -> tuple[int, int] | None:
    """The first and last word of a quoted name right before ``words[head]``."""
    if head < 3 or words[head - 1].text not in _QUOTES:
        return None
    for opening in range(head - 2, max(head - 8, 0), -1):
        if words[opening].text in _QUOTES:
            inside = words[opening + 1:head - 1]
            if inside and all(_name_word(w) for w in inside):
                return opening + 1, head - 2
            return None
    return None


def _headed_names(words: list[Token]) -> list[tuple[int, int, str]]:
    """(start, end, actor_type) of names ending in a head word: "MEMBERS OF THE
    FARABUNDO MARTI NATIONAL LIBERATION FRONT" -> the front, with an "of"
    tail ("ARMY OF NATIONAL LIBERATION", "Armed Forces of Colombia"); a gerund
    ends the tail ("accused the ARMED FORCES OF KILLING civilians")."""
    found: list[tuple[int, int, str]] = []
    for i, token in enumerate(words):
        actor = heads().get(token.lower_)
        if actor is None or not token.text[:1].isupper():
            continue
        if found and token.idx < found[-1][1]:
            continue
        quoted = _quoted_before(words, i)
        if quoted is not None:  # the "SHINING PATH" group: the quoted words are the name
            found.append((*_char_span(words, *quoted), actor))
            continue
        first, last = _name_start(words, i, MAX_NAME_WORDS), i
        if i + 2 < len(words) and words[i + 1].lower_ == "of":
            tail = i + 2 + (words[i + 2].lower_ == "the")
            stop = tail
            while stop < len(words) and stop - tail < 3 and _name_word(words[stop]) \
                    and words[stop].ent_type_ not in {"DATE", "TIME"} \
                    and not words[stop].lower_.endswith("ing") \
                    and not (stop + 1 < len(words) and _hyphen_joined(words[stop + 1])):
                stop += 1
            if stop > tail:
                last = stop - 1
        if first == i and i > 0 and words[i - 1].lower_ == "in":
            continue  # "IN FRONT OF", "IN COMMAND OF": no name
        if (first == i == last and actor != "armed_force") or (
                first == i and token.lower_ in generic_heads()):
            continue  # a bare "Front", "FORCES" or "GROUP OF" is no name; a bare "ARMY" is
        if actor == "group" and last == i and token.lower_ in generic_heads() \
                and all(w.lower_ in descriptive_words() for w in words[first:i]):
            continue  # "an ARMED GROUP", "the BOMB SQUAD": a description, no name
        found.append((*_char_span(words, first, last), actor))
    return found


def _member_names(ex: Extraction, words: list[Token]) -> list[tuple[int, int, str]]:
    """Names right before a member noun, past a modifier or two: "SHINING PATH
    GUERRILLAS", "FMLN rebels", "FMLN URBAN COMMANDOS"."""
    found: list[tuple[int, int, str]] = []
    for i, token in enumerate(words):
        if token.lower_ not in member_nouns() or i == 0:
            continue
        last = i  # "FMLN URBAN GUERRILLAS": the name ends before its modifiers
        while last > 0 and i - last < 2 and words[last - 1].lower_ in member_modifiers():
            last -= 1
        first = _name_start(words, last, 3)
        if first == last:
            continue
        start, end = _char_span(words, first, last - 1)
        name = ex.text[start:end]
        if name.lower() in demonyms() or get_gazetteer().lookup(name):
            continue  # "SALVADORAN GUERRILLAS", "MORAZAN guerrillas": not a group's name
        if " " not in name and name.lower().endswith(("ing", "ed")):
            continue  # "THE ATTACKING GUERRILLAS", "HIRED GUNMEN": a participle
        found.append((start, end, "group"))
    return found


def name_suffix(ex: Extraction, start: int, end: int) -> tuple[int, int] | None:
    """The name words that end ``[start, end)`` ("THE EXTRADITABLES" ->
    "EXTRADITABLES"), or None when the phrase ends in a generic word."""
    span = ex.doc.char_span(start, end, alignment_mode="expand")
    words = [t for t in span if not t.is_space and start <= t.idx < end] if span else []
    if not words:
        return None
    first = _name_start(words, len(words), MAX_NAME_WORDS)
    if first == len(words):
        return None
    return _char_span(words, first, len(words) - 1)


def _entity_named(ex: Extraction, name: str) -> Entity | None:
    key = fold(name)
    return next((e for e in ex.entities if fold(e.name) == key), None)


def _add_mention(ex: Extraction, entity: Entity, start: int, end: int) -> None:
    if (start, end) not in entity.mentions:
        entity.mentions.append((start, end))
        entity.mentions.sort()
        ex.mention_index.setdefault(start, entity.id)


def add_group(ex: Extraction, start: int, end: int, actor: str | None) -> Entity:
    """The ORG entity for a group name, created or found by name."""
    name = re.sub(r"^(?:the|THE|The) ", "", " ".join(ex.text[start:end].split()))
    entity = _entity_named(ex, name)
    if entity is None:
        entity = Entity(id=f"e{len(ex.entities) + 1}", name=name, type="ORG", actor_type=actor)
        ex.entities.append(entity)
    elif entity.actor_type is None or entity.type != "ORG":
        entity.type, entity.actor_type = "ORG", actor
    _add_mention(ex, entity, start, end)
    return entity


def _add_acronyms(ex: Extraction, groups: dict[tuple[int, int], Entity]) -> None:
    """An acronym defined next to a name ("NAME (ACR)", "ACR [NAME]") names the same
    actor wherever it stands alone in the article."""
    text = ex.text
    aliases: dict[str, Entity] = {}
    for (_, end), entity in groups.items():
        match = _DEFINED_AFTER.match(text, end)
        if match:
            aliases.setdefault(match.group(1), entity)
    for match in _EXPANDED.finditer(text):
        name_start, name_end = match.span(2)
        initials = {w[0] for w in match.group(2).split()}
        if not set(match.group(1).replace("-", "")) <= initials \
                and _type_of(match.group(2)) is None:
            continue  # "[WHO ARE FIGHTING ...]": a translator's note, no expansion
        entity = groups.get((name_start, name_end)) or add_group(
            ex, name_start, name_end, _type_of(match.group(2)))
        aliases.setdefault(match.group(1), entity)
    for acronym, entity in aliases.items():
        if ex.doc.vocab[acronym.lower()].is_stop:
            continue  # "PATRIOTIC UNION [UP]": "UP" is a word everywhere else
        for found in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
            _add_mention(ex, entity, *found.span())


def _add_name_mentions(ex: Extraction, entity: Entity) -> None:
    """Every other place the article writes the group's exact name."""
    name = r"\s+".join(re.escape(word) for word in entity.name.split())
    for found in re.finditer(rf"(?<![\w-]){name}(?![\w-])", ex.text):
        _add_mention(ex, entity, *found.span())


def _join_short_forms(ex: Extraction) -> None:
    """A group's short form is the group: "the ZARATE WILLKA group" names the
    ZARATE WILLKA ARMED FORCES OF LIBERATION, so the long name gets its mentions
    too (two words at least: a bare "ARMY" is no short form)."""
    groups = [e for e in ex.entities if e.actor_type in {"group", "armed_force"}]
    for short in groups:
        words = short.name.split()
        if len(words) < 2:
            continue
        for long in groups:
            if long is not short and long.name.split()[:len(words)] == words:
                for start, end in short.mentions:
                    _add_mention(ex, long, start, end)


def _type_of(name: str) -> str | None:
    words = name.lower().split()
    return next((heads()[w] for w in reversed(words) if w in heads()), None)


def demonym_state(ex: Extraction, word: str, create: bool = True) -> Entity | None:
    """The state a demonym stands for: from the demonym list ("Armenian" -> Armenia),
    else the article's own place whose name it extends ("Dastani" -> Dastan).
    With ``create`` False, only a state the article already has."""
    known = demonyms().get(word.lower())
    if known:
        return state_entity(ex, known[0]) if create else _existing_state(ex, known[0])
    key = fold(word)
    for entity in ex.entities:
        stem = fold(entity.name)
        if entity.type in {"GPE", "LOC", "EVENT", "PERSON", "ORG", "NORP"} and " " not in stem \
                and len(stem) >= 4 and key != stem and key.startswith(stem) \
                and len(key) - len(stem) <= 3:
            entity.type, entity.actor_type = "GPE", "state"
            return entity
    return None


def country_state(ex: Extraction, name: str) -> Entity | None:
    places = get_gazetteer().lookup(name)
    if places and places[0].kind == "country":
        return state_entity(ex, places[0].country)
    entity = _entity_named(ex, name)
    return entity if entity is not None and entity.type != "PERSON" else None


def government(ex: Extraction, start: int, end: int) -> Entity:
    """The article's one government that no phrase places ("the government",
    "Cristiani's government"): an actor of type state whose country the text
    does not say, named by its first mention."""
    found = next((e for e in ex.entities if e.type == "ORG" and e.actor_type == "state"
                  and e.country is None), None)
    if found is None:
        return add_group(ex, start, end, "state")
    _add_mention(ex, found, start, end)
    return found


def state_form_at(ex: Extraction, start: int, end: int) -> tuple[Entity, int, int] | None:
    """A phrase inside ``[start, end)`` that stands for a state ("the Armenian side",
    "the leadership of Armenia", "Dastani forces", "the government") and where
    it starts and ends."""
    window = ex.text[start:end]
    for rx in state_forms():
        for match in rx.finditer(window):
            at, to = start + match.start(), start + match.end()
            if rx.match(ex.text, at) is None:
                continue  # the words after the window veto it: "THE GOVERNMENT PARTY"
            groups = match.groupdict()
            if groups.get("demonym"):
                state = demonym_state(ex, groups["demonym"])
            elif groups.get("country"):
                state = country_state(ex, groups["country"])
            else:
                return government(ex, at, to), at, to
            if state is not None:
                _add_mention(ex, state, at, to)
                return state, at, to
    return None


def canonical(ex: Extraction, entity: Entity) -> Entity:
    """One actor per party: a capital is its state, a demonym its state."""
    if entity.type == "NORP" or (entity.type != "PERSON" and " " not in entity.name
                                 and entity.actor_type is None):
        state = demonym_state(ex, entity.name)
        if state is not None:
            return _mentioned_as(ex, state, entity)
    return _mentioned_as(ex, state_for_capital(ex, entity), entity)


def _mentioned_as(ex: Extraction, state: Entity, word: Entity) -> Entity:
    """A state found through its demonym or capital is mentioned where they are
    (every entity points at the text)."""
    if state is not word and not state.mentions:
        for start, end in word.mentions:
            _add_mention(ex, state, start, end)
    return state


def resolve_actor(ex: Extraction, start: int, end: int) -> tuple[Entity, int] | None:
    """The actor a phrase names and where: a state form ("the Armenian side"), else
    the last party mentioned in it ("Baku said that Armenia" -> Armenia)."""
    form = state_form_at(ex, start, end)
    found = [(m[0], e) for e in ex.entities_in(start, end, ("ORG", "GPE", "NORP", "PERSON", "LOC"))
             for m in e.mentions if start <= m[0] < end]
    parties = [(at, e) for at, e in found if is_party(e) or e.type in {"NORP", "PERSON"}]
    found = parties or found  # "Dastan denied shelling Tesvani and accused": not the village
    if form is not None and not any(at < form[1] for at, _ in found):
        return form[:2]
    if not found:
        return form[:2] if form else _generic_force(ex, start, end)
    # a group's name wins over a place inside it ("Orlen Valley Defence Units")
    at, entity = max(found, key=lambda pair: (pair[0] + _length(pair[1], pair[0]), -pair[0]))
    return canonical(ex, entity), at


def _generic_force(ex: Extraction, start: int, end: int) -> tuple[Entity, int] | None:
    """"accused the army of firing on houses": a force named only by its kind."""
    match = _GENERIC_FORCE.search(ex.text, start, end)
    if match is None:
        return None
    return add_group(ex, match.start(1), match.end(1), "armed_force"), match.start()


def _length(entity: Entity, at: int) -> int:
    return next((e - s for s, e in entity.mentions if s == at), 0)


@extractor("actors")
def extract_actors(ex: Extraction) -> None:
    groups: dict[tuple[int, int], Entity] = {}
    words = _words(ex)
    headed = _headed_names(words)
    # "ARMY OF NATIONAL LIBERATION GUERRILLAS": the words before the members are its tail
    members = [m for m in _member_names(ex, words)
               if not any(h[0] < m[0] and m[1] <= h[1] for h in headed)]
    for start, end, actor in headed + members:
        named = _entity_at(ex, start, end)
        if named is not None:  # spaCy named it already: give it its type
            if named.type == "ORG" and named.actor_type is None:
                named.actor_type = actor
            groups[(start, end)] = named
        elif ex.text[start:end].isupper() or not _inside_named_entity(ex, start, end):
            groups[(start, end)] = add_group(ex, start, end, actor)
    _add_acronyms(ex, groups)
    for entity in {e.id: e for e in groups.values()}.values():
        _add_name_mentions(ex, entity)
    _join_short_forms(ex)
    _add_known_groups(ex)
    for entity in ex.entities:
        if entity.actor_type is None and entity.type == "GPE" and entity.country:
            places = get_gazetteer().lookup(entity.name)
            if places and places[0].kind == "country":
                entity.actor_type = "state"


def _entity_at(ex: Extraction, start: int, end: int) -> Entity | None:
    return next((e for e in ex.entities if (start, end) in e.mentions), None)


def _inside_named_entity(ex: Extraction, start: int, end: int) -> bool:
    """Mixed-case text: spaCy already named it (then the entity stands), or it
    sits inside a longer name."""
    return any(s <= start and end <= e for ent in ex.entities if ent.type != "GPE"
               for s, e in ent.mentions)


def state_of(ex: Extraction, entity: Entity) -> Entity:
    """The state an actor belongs to ("Dastani Defence Ministry" -> Dastan), else itself."""
    if entity.actor_type == "state":
        return entity
    if entity.country:
        return _existing_state(ex, entity.country) or entity
    first = entity.name.split()[0].rstrip("’'s")
    if entity.type != "PERSON" and first != entity.name:
        return demonym_state(ex, first, create=False) or entity
    return entity


def _existing_state(ex: Extraction, code: str) -> Entity | None:
    return next((e for e in ex.entities if e.actor_type == "state" and e.country == code), None)


def is_party(entity: Entity) -> bool:
    """A state, force, ministry or group; in all-caps copy spaCy's untyped ORG
    labels are noise ("EXCERPTS", "CAR BOMB"), in mixed case they stand."""
    return entity.actor_type in _PARTY_TYPES or (
        entity.type in {"ORG", "PERSON"} and entity.actor_type != "person"
        and not entity.name.isupper())


def parent_group(ex: Extraction, entity: Entity) -> Entity:
    """The group a unit's name holds ("FMLN UNITS", "XXII FRONT OF THE FARC",
    "FARC 28TH FRONT" -> the FARC): a unit acts for its group, which is the
    perpetrator. The longest other group named inside the name wins; a force
    is no parent ("ARMY OF NATIONAL LIBERATION" is not the army's), nor is a
    state's demonym."""
    if entity.actor_type not in {"group", "armed_force"}:
        return entity
    name = f" {' '.join(entity.name.split())} "
    best: tuple[int, Entity] | None = None
    for other in ex.entities:
        if other is entity or other.actor_type != "group" or other.name.lower() in demonyms() \
                or set(other.mentions) <= set(entity.mentions):
            continue  # its own short form ("the ZARATE WILLKA group") is no parent
        for form in {" ".join(ex.text[a:b].split()) for a, b in other.mentions} | {other.name}:
            if len(form) >= 3 and len(form) < len(name) - 2 and f" {form} " in name \
                    and (best is None or len(form) > best[0]):
                best = (len(form), other)
    return best[1] if best else entity


@cache
def _anaphor() -> re.Pattern[str]:
    nouns = "|".join(word_list("newsledger.extract", "actor_anaphors.txt"))
    return re.compile(rf"(?<![\w-])(?:{nouns})(?![\w-])(?! (?:of|from) )", re.IGNORECASE)


def group_anaphors(ex: Extraction, start: int, end: int) -> list[tuple[int, int]]:
    """The nouns in ``[start, end)`` that may refer back to an armed group ("THE
    GUERRILLAS ATTACKED", "ABDUCTED BY GUERRILLAS"): the word before them, past
    "URBAN" or "ARMED", is a function word, a number or a demonym ("SALVADORAN
    REBELS"); any other word names them ("FMLN REBELS", "DRUG TERRORISTS"), and
    so does an "of" after them ("rebels of the FMLN")."""
    found = []
    for match in _anaphor().finditer(ex.text, start, end):
        before = ex.text[max(start, match.start() - 60):match.start()].split()
        while before and before[-1].lower() in member_modifiers():
            before.pop()
        if not before or not before[-1][-1].isalnum():  # "[TEXT] GUERRILLAS", "--"
            found.append(match.span())
            continue
        word = before[-1].strip("[(\"'").lower()
        lexeme = ex.doc.vocab[word]
        if lexeme.is_stop or lexeme.like_num or word in demonyms():
            found.append(match.span())
    return found


def armed_groups(ex: Extraction) -> list[Entity]:
    """The article's armed groups, units as their group: well-known ones, fronts,
    and groups named before the nouns that refer back to them ("SHINING PATH
    GUERRILLAS", not "CIVIL DEFENSE MEMBERS")."""
    found: list[Entity] = []
    for entity in ex.entities:
        if entity.actor_type != "group" or not entity.mentions \
                or entity.name.lower() in demonyms():  # "SALVADORAN REBELS" name no group
            continue
        if is_known_group(entity) or entity.name.split()[-1].lower() == "front" \
                or any(_before_members(ex, m_end) for _, m_end in entity.mentions):
            group = parent_group(ex, entity)
            if not any(other is group or set(other.mentions) & set(group.mentions)
                       for other in found):  # one group under two names
                found.append(group)
    return found


def _before_members(ex: Extraction, at: int) -> bool:
    """A name right before "guerrillas", "rebels" ... (actor_anaphors.txt), past
    "URBAN" or "ARMED"."""
    nouns = word_list("newsledger.extract", "actor_anaphors.txt")
    for word in ex.text[at:at + 40].lower().split()[:3]:
        if word in nouns or f"{word}s" in nouns:  # "SHINING PATH GUERRILLA GROUP"
            return True
        if word not in member_modifiers():
            return False
    return False


def last_group(ex: Extraction, before: int) -> Entity | None:
    """The group named last before ``before``: what "the group" refers to."""
    found = [(m[0], e) for e in ex.entities if e.actor_type == "group"
             for m in e.mentions if m[0] < before]
    return max(found, key=lambda pair: pair[0])[1] if found else None
