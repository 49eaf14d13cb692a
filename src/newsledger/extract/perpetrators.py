"""Perpetrators: who did it, with the status of that knowledge and who asserts it.

Each actor mention in a sentence is tried against the patterns in
data/perpetrator_patterns.tsv (first match wins): the actor *claimed* the
act (it says so itself), is *alleged* (someone else blames or suspects it),
or is *reported* as its agent. A reported agent in the actor's own
statement is a claim. Accusations linked to an incident (accusations.py)
make the accused *alleged*, asserted by the accuser. The perpetrator joins
the incident whose evidence holds the sentence, else the event told just
before it; a unit named after its group ("FMLN UNITS") stands for the group.
Whoever blames is the statement's speaker, else the subject before the cue,
which in all-caps copy the tagger often misses: the name before a blame verb
("PRESIDENT CRISTIANI BLAMED") then becomes a person with that title. In an
article that names one armed group, "the guerrillas" and "the rebels" are that
group; a bare "THE ARMY" is the one fuller force it names ("GUATEMALAN ARMY").
A security force is a perpetrator only of harm
(perpetrator_force_acts.txt), not of its operations against armed opponents;
counted members "KILLED AND WOUNDED" are victims, not agents. An act of agency
in a sentence that names no violent act ("THE ACTIONS CARRIED OUT BY X") and
events told as a tally ("A SERIES OF ASSASSINATIONS COMMITTED BY X") name no
perpetrator of the article's events, nor does an undertaking ("THE
INVESTIGATION CARRIED OUT BY X"). Actors joined by "and" share what the
sentence says of them. Each perpetrator keeps the words that name it. Status
rules and the MUC-4 mapping: docs/vocabulary.md.
"""

from __future__ import annotations

import re
from functools import cache

from newsledger.datafiles import table, word_list
from newsledger.extract.actors import (
    AUTHORITY_TYPES,
    add_group,
    armed_groups,
    canonical,
    group_anaphors,
    heads,
    is_party,
    last_group,
    member_nouns,
    name_suffix,
    parent_group,
    state_form_at,
    state_forms,
)
from newsledger.extract.context import Extraction
from newsledger.extract.entities import role_titles
from newsledger.extract.registry import extractor
from newsledger.extract.screen import CaseBlind
from newsledger.records import Entity, Incident, Perpetrator, Role, Span

# accusation categories that blame the accused for the incident itself
PERPETRATOR_CATEGORIES = {"landmines", "attacks on civilians", "responsibility for casualties",
                          "war crimes", "terrorism"}
# events no one is blamed for: an accusation or a perpetrator never joins them
NO_BLAME_SUBTYPES = {"Agreement", "Headquarters or base established",
                     "Non-violent transfer of territory"}
_SLOT = "\u2063"  # an invisible separator stands for the actor inside the sentence
_OTHER = "\u2062"  # and another one for every other actor: patterns never reach past one
_HEADING = re.compile(r" -- |\]")  # where a wire message's heading or a bracket ends
# what joins two actors into one coordination: "X AND Y", "X, AND THE Y"
_CONJUNCTION = re.compile(r",?\s+and\s+(?:the\s+)?", re.IGNORECASE)
_NEGATION_REACH = 20  # a negation this close before a match still denies it
_UNDERTAKING_REACH = 40  # "THE INVESTIGATION BEING | CARRIED OUT BY": how far back to look
# sentences by their punctuation: the parser splits all-caps copy at brackets
# ("... LIBERATION FRONT | [FMLN] ATTACKED"); an initial ("U.S.") ends none
_BOUNDARY = re.compile(r"(?<![\s.][A-Z])[.!?]+[\"”’]?(?=\s)|\n\s*\n")
Sentence = tuple[int, int]
_AGENT_AFTER = re.compile(r" by\b", re.IGNORECASE)
_NO_OBJECT = re.compile(r"\s*(?:$|[,.;:]|(?:and|or|in|during|while|on|at|when)\b)",
                        re.IGNORECASE)


def sentences(text: str) -> list[Sentence]:
    """The text's sentences as spans, cut at end punctuation and blank lines."""
    spans, start = [], 0
    for boundary in _BOUNDARY.finditer(text):
        spans.append((start, boundary.end()))
        start = boundary.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _alternation(name: str) -> str:
    return "(?:" + "|".join(word_list("newsledger.extract", name)) + ")"


@cache
def patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The patterns about a known actor ({A})."""
    acts = _alternation("perpetrator_acts.txt")
    members = _alternation("actor_member_nouns.txt")
    events = _alternation("perpetrator_events.txt")
    return [(status, re.compile(rx.replace("{A}", _SLOT).replace("{ACT}", acts)
                                .replace("{MEMBERS}", members).replace("{EVENTS}", events)
                                .replace("[^.;]", f"[^.;{_OTHER}]")
                                .replace("{OTHER}", _OTHER), re.IGNORECASE))
            for status, rx in table("newsledger.extract", "perpetrator_patterns.tsv")
            if "{A}" in rx]


@cache
def cues() -> dict[str, CaseBlind]:
    """Status -> the word stems a sentence needs before its patterns are tried,
    each at the start of a word (a leading \\b lets the search skip ahead); the
    "claimant" row gates the patterns that name a new actor by its claim."""
    acts = _alternation("perpetrator_acts.txt")
    return {status: CaseBlind.compile(rf"\b(?:{rx.replace('{ACT}', acts)})")
            for status, rx in table("newsledger.extract", "perpetrator_cues.tsv")}


@cache
def claimant_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The patterns that name a new actor (group `who`), case-sensitive."""
    return [(status, re.compile(rx))
            for status, rx in table("newsledger.extract", "perpetrator_patterns.tsv")
            if "(?P<who>" in rx]


@cache
def operation_target() -> re.Pattern[str]:
    """Right after a force's act: what it acts on in an operation (a few words on)."""
    targets = _alternation("perpetrator_operation_targets.txt")
    return re.compile(rf" (?:[\w,.-]+ ){{0,3}}?\"?{targets}\b", re.IGNORECASE)


def _any_word_of(file: str) -> re.Pattern[str]:
    """Any of a data file's words or phrases, as whole words, in any case."""
    return re.compile(rf"\b{_alternation(file)}\b", re.IGNORECASE)


@cache
def force_act() -> re.Pattern[str]:
    """The acts that make a security force a perpetrator (perpetrator_force_acts.txt)."""
    return _any_word_of("perpetrator_force_acts.txt")


@cache
def agency_act() -> re.Pattern[str]:
    """Acts of agency ("carried out", "planned"): perpetrator_agency_acts.txt."""
    return _any_word_of("perpetrator_agency_acts.txt")


@cache
def undertaking() -> re.Pattern[str]:
    """An undertaking right before an act of agency ("THE INQUIRY CARRIED OUT
    BY"): perpetrator_undertakings.txt."""
    undertakings = _alternation("perpetrator_undertakings.txt")
    agency = _alternation("perpetrator_agency_acts.txt")
    return re.compile(rf"\b{undertakings} (?:(?:being|that was|which was|was|were|is|are) )?"
                      rf"{agency}\b", re.IGNORECASE)


@cache
def deed_act() -> re.Pattern[str]:
    """The violent acts that are no mere act of agency: perpetrator_acts.txt
    without perpetrator_agency_acts.txt ("killed", not "carried out")."""
    agency = set(word_list("newsledger.extract", "perpetrator_agency_acts.txt"))
    deeds = [w for w in word_list("newsledger.extract", "perpetrator_acts.txt") if w not in agency]
    return re.compile(rf"\b(?:{'|'.join(deeds)})\b", re.IGNORECASE)


@cache
def tally() -> re.Pattern[str]:
    """Events told as a tally ("A SERIES OF ASSASSINATIONS"): perpetrator_series.txt."""
    series = _alternation("perpetrator_series.txt")
    events = _alternation("perpetrator_events.txt")
    return re.compile(rf"\b{series} of (?:[\w-]+ ){{0,3}}?{events}\b", re.IGNORECASE)


@cache
def harm_by() -> re.Pattern[str]:
    """An event noun and its agent: "THE BOMBING BY THE AIR FORCE", "THE MASSACRE OF
    80 PEASANTS BY THE ARMY" (not "THE ATTACK WAS REPELLED BY THE ARMY")."""
    events = _alternation("perpetrator_events.txt")
    return re.compile(rf"\b{events}(?: (?:of|on|against) [^.;]{{0,60}}?)? by\b", re.IGNORECASE)


@cache
def event_noun() -> re.Pattern[str]:
    return _any_word_of("perpetrator_events.txt")


@cache
def operation_object() -> re.Pattern[str]:
    """Right before a force's act told in the passive: what it acted on, past an
    apposition ("THE TERRORIST, WHO GIVES HIS NAME AS X, 24, WAS CAPTURED BY")."""
    targets = _alternation("perpetrator_operation_targets.txt")
    apposition = r"(?:,[^.;,]{0,60}(?:, \d+)?,)?"
    return re.compile(rf"\b{targets}{apposition}(?: (?:have|has|had|were|was|been|being))* $",
                      re.IGNORECASE)


@cache
def blame_verb() -> re.Pattern[str]:
    return re.compile(_alternation("perpetrator_blame_verbs.txt"), re.IGNORECASE)


@cache
def negation() -> re.Pattern[str]:
    """Any word of perpetrator_negations.txt ("n't" also inside "didn't")."""
    words = "|".join(re.escape(w) for w in word_list("newsledger.extract",
                                                     "perpetrator_negations.txt"))
    return re.compile(rf"(?:\b|(?<=n))(?:{words})\b", re.IGNORECASE)


def _denies(phrase: str) -> bool:
    """A negation outside the appositions of the phrase ("X, a faction that
    rejected the deal, claimed ..." claims; "X did not fire" denies)."""
    return negation().search(re.sub(r",[^,]*,", ",", phrase)) is not None


def _candidates(ex: Extraction, sentence: Sentence) -> list[tuple[int, int, Entity]]:
    """Actor mentions in the sentence: parties, phrases that stand for a state
    ("Dastani forces") and, in mixed-case text, whoever the tagger named (they
    may claim an act). Where two overlap, a party wins, then the longer mention,
    then the longer name (a short form stands for the full name)."""
    start, end = sentence
    found: list[tuple[int, int, Entity]] = []
    for entity in ex.entities_in(start, end, ("ORG", "GPE", "PERSON")):
        if not _may_claim(entity):
            continue
        for m_start, m_end in entity.mentions:
            if start <= m_start and m_end <= end and not _pronoun(ex, m_start, m_end):
                found.append((m_start, m_end, entity))
    for rx in state_forms():
        for match in rx.finditer(ex.text, start, end):
            form = state_form_at(ex, match.start(), match.end())
            if form is not None:
                found.append((form[1], form[2], form[0]))
    groups = armed_groups(ex)
    if len(groups) == 1:  # "THE GUERRILLAS ATTACKED": the article's one armed group
        found.extend((a, b, groups[0]) for a, b in group_anaphors(ex, start, end))
    found.sort(key=lambda row: (not is_party(row[2]), -(row[1] - row[0]), -len(row[2].name),
                                row[0]))
    kept: list[tuple[int, int, Entity]] = []
    for row in found:
        if all(row[1] <= k[0] or k[1] <= row[0] for k in kept):
            kept.append(row)
    return sorted(kept, key=lambda row: row[0])


def _pronoun(ex: Extraction, start: int, end: int) -> bool:
    """An all-caps function word taken for a name ("US KIDNAPPED" is "us")."""
    return ex.doc.vocab[ex.text[start:end].lower()].is_stop


def _may_claim(entity: Entity) -> bool:
    """A party, or anyone the tagger named in mixed case ("the Frente Rafael
    Aguado", which it calls a person); only parties are blamed or reported."""
    return is_party(entity) or (entity.type in {"ORG", "PERSON"} and not entity.name.isupper())


def _masked(ex: Extraction, sentence: Sentence, actors: list[tuple[int, int, Entity]],
            index: int) -> tuple[str, int]:
    """The sentence with actor ``index`` (and its other mentions: "the Front
    [FMLN]", and the actors joined to it by "and": "HOLD THE GOVERNMENT AND THE
    HIGH COMMAND RESPONSIBLE") as _SLOT and every other actor as _OTHER, and the
    slot's offset."""
    parts: list[str] = []
    cursor, slot = sentence[0], 0
    entity = actors[index][2]
    joined = _coordinated(ex, actors, index)
    for i, (start, end, other) in enumerate(actors):
        parts.append(ex.text[cursor:start])
        if i == index:
            slot = sum(len(p) for p in parts)
        parts.append(_SLOT if other is entity or i in joined else _OTHER)
        cursor = end
    parts.append(ex.text[cursor:sentence[1]])
    return re.sub(r"\s", " ", "".join(parts)), slot


def _coordinated(ex: Extraction, actors: list[tuple[int, int, Entity]], index: int) -> set[int]:
    """The actors joined to actor ``index`` by "and" ("X AND THE Y"): they share
    its predicate."""
    joined = {index}
    for step in (-1, 1):
        i = index
        while 0 <= i + step < len(actors):
            left, right = sorted((i, i + step))
            if not _CONJUNCTION.fullmatch(ex.text[actors[left][1]:actors[right][0]]):
                break
            i += step
            joined.add(i)
    return joined


# a state's organs report what others did; they claim only what they own to
_OWN_CLAIM = re.compile(r"\b(?:responsibility|credit|authorship|its|our|their)\b", re.IGNORECASE)


def _status(ex: Extraction, sentence: Sentence, actors: list[tuple[int, int, Entity]],
            index: int, statuses: set[str]) -> tuple[str, int] | None:
    """The status the sentence gives actor ``index``, and where the match begins;
    None when it names no perpetrator (or denies it). Only the ``statuses``
    whose cues the sentence holds are tried."""
    entity = actors[index][2]
    text, slot = _masked(ex, sentence, actors, index)
    for status, rx in patterns():
        if status not in statuses or (status != "claimed" and not is_party(entity)):
            continue
        for match in rx.finditer(text):
            if not match.start() <= slot < match.end():
                continue
            if _denies(match.group(0)) or negation().search(
                    text[max(0, match.start() - _NEGATION_REACH):match.start()]):
                return None  # "No unit of the X fired"
            if status == "claimed" and entity.actor_type in AUTHORITY_TYPES \
                    and _OWN_CLAIM.search(match.group(0)) is None:
                continue  # "THE POLICE REPORTED THAT THE TERRORISTS ...": a report, no claim
            if status != "claimed" and tally().search(text, 0, match.end()):
                return None  # "A SERIES OF ASSASSINATIONS COMMITTED BY X": no one incident
            if status == "reported" and _vague_agency(match, text):
                return None  # "THE ACTIONS CARRIED OUT BY THE FMLN": no violent event named
            if status == "reported" and entity.actor_type == "armed_force" \
                    and _operation(match, text, slot, _after(ex, sentence, actors, match.end())):
                return None  # "THE ARMY SHOT 65 MRTA GUERRILLAS", "POLICE RAIDED": an operation
            if status == "reported" and match.end() > slot + 1 \
                    and _acted_upon(ex, text, slot, match.end()):
                return None  # "208 ARMY MEMBERS KILLED AND 427 WOUNDED": victims
            return status, _offset(sentence, actors, match.start())
    return None


def _after(ex: Extraction, sentence: Sentence, actors: list[tuple[int, int, Entity]],
           masked: int) -> str:
    """The sentence's own words from a position of the masked sentence on: an
    actor there ("KILLED 14 TERRORISTS", the article's group) is read as words."""
    return re.sub(r"\s", " ", ex.text[_offset(sentence, actors, masked):sentence[1]])


def _operation(match: re.Match[str], text: str, slot: int, after: str) -> bool:
    """A force's act in its role: no act of harm, or one done to armed opponents
    or their materiel, named after the act (``after``: "THE ARMY SHOT 65 MRTA
    GUERRILLAS") or before it ("GUERRILLAS KILLED BY 11TH BRIGADE TROOPS")."""
    if not _force_act(match, text):
        return True
    if slot <= match.start():  # the force acts first: its object follows
        return operation_target().match(after) is not None
    return operation_object().search(text, 0, match.start()) is not None


def _vague_agency(match: re.Match[str], text: str) -> bool:
    """An act of agency ("carried out", "planned") of an undertaking ("THE
    INVESTIGATION BEING CARRIED OUT BY THE GOVERNMENT") or in a sentence that
    names no violent act or event: "THE ACTIONS PLANNED BY THE FMLN", "THE ARMED
    FORCES HAVE CARRIED OUT ACTIONS" tell of no incident; "THE ATTACK WAS CARRIED
    OUT BY ...", "SABOTAGE ACTIONS CARRIED OUT BY" and "CARRIED OUT THREE AMBUSHES" do."""
    if agency_act().search(match.group(0)) is None:
        return False
    before = max(0, match.start() - _UNDERTAKING_REACH)
    return undertaking().search(text, before, match.end()) is not None or (
        deed_act().search(text) is None and event_noun().search(text) is None)


def _force_act(match: re.Match[str], text: str) -> bool:
    """The match reports a force doing harm (perpetrator_force_acts.txt, "the
    bombing by the air force"), or acting as the agent of an event its sentence
    names before ("THE KIDNAPPING ... WAS CARRIED OUT BY THE ARMY")."""
    if force_act().search(match.group(0)) or harm_by().search(match.group(0)):
        return True
    return agency_act().search(match.group(0)) is not None \
        and event_noun().search(text, 0, match.end()) is not None


def _acted_upon(ex: Extraction, text: str, slot: int, act_end: int) -> bool:
    """The act after the actor is a participle of which it is the object: an agent
    follows ("GUERRILLAS KILLED BY THE ARMY"), or the actor is counted and the
    act takes no object ("208 ARMY MEMBERS KILLED AND 427 WOUNDED", "THE NUMBER
    OF TERRORISTS KILLED IN ...")."""
    if _AGENT_AFTER.match(text, act_end):
        return True
    before = text[max(0, slot - 40):slot].lower().split()
    counted = before[-2:] == ["number", "of"] or (
        bool(before) and ex.doc.vocab[before[-1]].like_num)
    return counted and _NO_OBJECT.match(text, act_end) is not None


def _offset(sentence: Sentence, actors: list[tuple[int, int, Entity]], masked: int) -> int:
    """The text offset of a position in the masked sentence."""
    shift = 0
    for start, end, _ in actors:
        if start - sentence[0] - shift >= masked:
            break
        shift += end - start - 1
    return sentence[0] + masked + shift


def _asserter(ex: Extraction, status: str, entity: Entity, at: int, mention: int,
              sentence: Sentence) -> Entity | None:
    """Who says so: see the module docstring; ``at`` is where the match begins
    ("blamed X"), ``mention`` where the actor is named."""
    if status == "claimed":
        return entity
    speaker = ex.entity(ex.speaker_at(at) or ex.speaker_at(mention))
    if status == "alleged" and speaker is None:
        # "President Cristiani blamed the FMLN": the subject before the cue, after
        # the message's heading ("SAN SALVADOR, 3 MAY 90 (EFE) -- [TEXT]" names no one)
        start = sentence[0] + max((m.end() for m in _HEADING.finditer(ex.text[sentence[0]:at])),
                                  default=0)
        before = [e for e in ex.entities_in(start, at, ("PERSON", "ORG", "GPE", "NORP"))
                  if e.id != entity.id]
        if before:
            speaker = canonical(ex, before[-1])
        elif blame_verb().match(ex.text, at):
            speaker = _subject(ex, start, at)
    return speaker


def _subject(ex: Extraction, start: int, at: int) -> Entity | None:
    """Who blames when the tagger named no one (all-caps copy): the name right
    before the blame verb ("PRESIDENT CRISTIANI ATTRIBUTED", "ALVARENGA ACCUSED") as a
    person, with the title before it as a role; "the rebels" is the group named
    last before. None for a pronoun or a clause ("WE BLAME", "HE SAID")."""
    clause = start + max((m.end() for m in re.finditer(r"[,;:\"\[\]]", ex.text[start:at])),
                         default=0)
    end = at
    skips = word_list("newsledger.extract", "perpetrator_subject_skips.txt")
    while (words := ex.text[clause:end].split()) and words[-1].lower() in skips:
        end = ex.text.rindex(words[-1], clause, end)
    if not words:
        return None
    if words[-1].lower() in member_nouns():
        return last_group(ex, end)
    name = name_suffix(ex, clause, end)
    if name is None or name[1] < end - 2:
        return None
    text = " ".join(ex.text[name[0]:name[1]].split())
    known = next((e for e in ex.entities if e.type == "PERSON"
                  and e.name.upper().split()[-1:] == text.upper().split()[-1:]), None)
    if known is not None:
        return known
    before = ex.text[clause:name[0]].lower().split()  # "SALVADORAN DEFENSE MINISTER X"
    title = next((" ".join(before[-n:]) for n in (2, 1)
                  if len(before) >= n and " ".join(before[-n:]) in role_titles()), None)
    person = Entity(id=f"e{len(ex.entities) + 1}", name=text, type="PERSON",
                    mentions=[name], roles=[Role(title=title)] if title else [])
    ex.entities.append(person)
    ex.mention_index.setdefault(name[0], person.id)
    return person


def _fuller_force(ex: Extraction, entity: Entity) -> Entity:
    """A force named by its bare head ("THE ARMY") in an article that names one
    fuller force ending in the same words ("GUATEMALAN ARMY") is that force."""
    if entity.actor_type != "armed_force":
        return entity
    words = entity.name.upper().split()
    fuller = [e for e in ex.entities if e.actor_type == "armed_force"
              and len(e.name.split()) > len(words)
              and e.name.upper().split()[-len(words):] == words]
    return fuller[0] if len(fuller) == 1 else entity


def incident_for(ex: Extraction, at: int) -> Incident | None:
    """The event whose evidence holds ``at``, else the event told just before it,
    else the article's first event; when the article tells no event anyone is
    blamed for, the one whose evidence holds ``at`` (an "agreement" that took
    in the attack told beside it)."""
    # an agreement has no perpetrator: the act it follows does
    told = [i for i in ex.incidents if not i.aggregate]
    events = [i for i in told if i.subtype not in NO_BLAME_SUBTYPES]
    for incident in events:
        if any(a <= at < b for a, b in incident.evidence):
            return incident
    # an arrest takes only the perpetrators its own sentences name
    events = [i for i in events if i.subtype != "Arrests"]
    before = [(a, i) for i in events for a, _ in i.evidence if a <= at]
    if before:
        return max(before, key=lambda pair: pair[0])[1]
    if events:
        return events[0]
    return next((i for i in told if any(a <= at < b for a, b in i.evidence)), None)


def add_perpetrator(incident: Incident, entity: Entity, status: str,
                    asserter: Entity | None, name_span: Span | None = None) -> None:
    """One entry per actor, status and asserter; an asserter who both tells and
    blames is blaming, so alleged replaces reported from the same source; the
    same status from an unknown source joins the named one. ``name_span``: the
    words that name the actor (the first ones found stay)."""
    by = asserter.id if asserter else None
    if asserter is not None and asserter.id == entity.id and status != "claimed":
        status = "claimed"  # an actor telling of its own act claims it
    for p in incident.perpetrators:
        if p.entity == entity.id and p.asserted_by == by:
            if p.status == "reported" and status == "alleged":
                p.status = status
            return
        if p.entity == entity.id and p.status == status and None in (p.asserted_by, by):
            p.asserted_by = p.asserted_by or by  # an unnamed source adds nothing to a named one
            return
    incident.perpetrators.append(Perpetrator(entity=entity.id, name=entity.name,
                                             status=status, asserted_by=by,
                                             name_span=name_span))


def _claimants(ex: Extraction, sentence: Sentence) -> list[tuple[str, Entity, Span]]:
    """Actors named only by a claim, with the words that name them: the known
    actor whose mention ends the `who` words, else a group named by their name
    words ("THE EXTRADITABLES"); a bare head ("... IN WHICH THE GROUP CLAIMED")
    is the group named last before."""
    found = []
    text = re.sub(r"\s", " ", ex.text[sentence[0]:sentence[1]])
    for status, rx in claimant_patterns():
        for match in rx.finditer(text):
            start, end = sentence[0] + match.start("who"), sentence[0] + match.end("who")
            if _denies(match.group(0)):
                continue
            known = [(e, m) for e in ex.entities_in(start, end) if is_party(e)
                     for m in e.mentions if m[1] == end]
            if known:
                found.append((status, *known[0]))
                continue
            name = name_suffix(ex, start, end)
            last = ex.text[name[0] if name else start:end].lower()
            if last in heads() or last in {"group", "organization", "organisation"}:
                group = last_group(ex, start)  # "the group claimed", "IN WHICH THE GROUP CLAIMED"
                if group is not None:
                    found.append((status, group, (name or (start, end))))
            elif name is not None:
                found.append((status, add_group(ex, *name, "group"), name))
    return found


@extractor("perpetrators")
def extract_perpetrators(ex: Extraction) -> None:
    if all(i.aggregate for i in ex.incidents):
        return
    for sentence in sentences(ex.text):
        words = ex.text[sentence[0]:sentence[1]]
        lowered = words.lower()
        statuses = {status for status, cue in cues().items() if cue.search(words, lowered)}
        if not statuses:
            continue
        if "claimant" in statuses:
            for status, actor, span in _claimants(ex, sentence):
                incident = incident_for(ex, span[0])
                if incident is not None:
                    actor = parent_group(ex, actor)
                    add_perpetrator(incident, actor, status, actor, span)
        actors = _candidates(ex, sentence)
        for index, (start, end, entity) in enumerate(actors):
            found = _status(ex, sentence, actors, index, statuses)
            if found is None:
                continue
            status, at = found
            actor = _fuller_force(ex, parent_group(
                ex, entity if status == "claimed" else canonical(ex, entity)))
            incident = incident_for(ex, start)
            if incident is not None:
                add_perpetrator(incident, actor, status,
                                _asserter(ex, status, actor, at, start, sentence), (start, end))
    for accusation in ex.accusations:
        if accusation.incident is None or accusation.category not in PERPETRATOR_CATEGORIES:
            continue
        incident = next(i for i in ex.incidents if i.id == accusation.incident)
        accused = ex.entity(accusation.accused)
        if accused is not None:
            start, end = accusation.evidence
            named = next((m for m in accused.mentions if start <= m[0] < end), None)
            add_perpetrator(incident, _fuller_force(ex, parent_group(ex, accused)), "alleged",
                            ex.entity(accusation.accuser), named)
