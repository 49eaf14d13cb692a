"""Incidents: what happened, when, where, to whom, with what.

A sentence with an event trigger (data/event_triggers.tsv) and an anchor (a
casualty figure, a date or a named place) reports an incident; triggers of
the same ACLED sub-type in one article are one incident. A question or a
forecast ("the area will be bombed") reports none. An article with no
anchored trigger still reports the event its first past-tense trigger
sentence tells when another sentence dates it or the report is brief. Background
(data/historical_markers.txt) never makes a new incident; a casualty total
without a trigger or in background is kept as an *aggregate* record, so the
figure is not lost but is not counted as an event either. A sentence that
tells a disaster, a crime or diplomacy (other_events.py, run before) is no
part of any incident, nor is the disaster's toll told after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from spacy.tokens import Span

from newsledger.datafiles import table, word_list
from newsledger.extract import dates
from newsledger.extract.casualties import Figure, casualty_terms, figures_in, to_death
from newsledger.extract.context import Extraction, span_text
from newsledger.extract.denials import affirmed, denied
from newsledger.extract.entities import role_titles
from newsledger.extract.places import locate, scene
from newsledger.extract.registry import extractor
from newsledger.extract.screen import CaseBlind
from newsledger.extract.victims import Named, named_victims
from newsledger.nlp.gazetteer import fold
from newsledger.records import Claim, Incident, Victim
from newsledger.records import Figure as Spread


@dataclass(frozen=True)
class Trigger:
    pattern: CaseBlind
    type: str
    subtype: str
    weak: bool  # generic: an incident only when the article has no specific one


@cache
def triggers() -> list[Trigger]:
    return [Trigger(CaseBlind.compile(row[0]), row[1], row[2],
                    len(row) > 3 and row[3] == "weak")
            for row in table("newsledger.extract", "event_triggers.tsv")]


@cache
def weapons() -> list[tuple[CaseBlind, str]]:
    return [(CaseBlind.compile(rx), name)
            for rx, name in table("newsledger.extract", "weapons.tsv")]


@cache
def historical_markers() -> list[CaseBlind]:
    return [CaseBlind.compile(rx)
            for rx in word_list("newsledger.extract", "historical_markers.txt")]


@cache
def subtype_types() -> dict[str, str]:
    """ACLED sub-type -> its event type, as the trigger table pairs them."""
    return {t.subtype: t.type for t in triggers()}


@cache
def subtype_combinations() -> dict[frozenset[str], str]:
    """Two sub-types that one article tells as one event -> that event's sub-type."""
    return {frozenset(row[:2]): row[2]
            for row in table("newsledger.extract", "subtype_combinations.tsv")}


@cache
def armed_target_frames() -> list[re.Pattern[str]]:
    """Phrases saying the party attacked was armed, with {armed} filled in."""
    armed = "|".join(f"(?:{rx})" for rx in word_list("newsledger.extract", "armed_parties.txt"))
    return [re.compile(frame.replace("{armed}", f"(?:{armed})"), re.IGNORECASE)
            for frame in word_list("newsledger.extract", "armed_target_frames.txt")]


@cache
def unarmed_modifiers() -> re.Pattern[str]:
    """"off-duty", "former" with the two words they qualify, to hide from the frames."""
    words = "|".join(word_list("newsledger.extract", "unarmed_modifiers.txt"))
    return re.compile(rf"(?<!\w)(?:{words})(?:[\s-]+\S+){{0,2}}", re.IGNORECASE)


@lru_cache(maxsize=256)  # per-document reuse; a Span keeps its Doc alive
def is_background(sentence: Span) -> bool:
    text = span_text(sentence)
    lowered = text.lower()
    return any(rx.search(text, lowered) for rx in historical_markers())


@dataclass
class Draft:
    """An incident while its sentences are being gathered."""

    type: str | None
    subtype: str | None
    sentences: list[Span] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    aggregate: bool = False
    inferred: bool = False  # no trigger: typed by DEFAULT_EVENT from a reported killing
    scene: tuple[str, str | None] | None = None  # its place's folded name and level
    named: list[Named] = field(default_factory=list)  # victims named in their own sentence


@lru_cache(maxsize=256)  # per-document reuse; a Span keeps its Doc alive
def sentence_trigger(sentence: Span) -> Trigger | None:
    """The sentence's first trigger, unless the sentence only asks or foresees
    ("Is it not enough to have launched an offensive?", "the area will be
    bombed") or denies it ("there was no sign of an attack"). Cached per
    sentence: every step of incident building asks again."""
    text = span_text(sentence)
    if text.rstrip(' "\'\n').endswith("?"):
        return None
    lowered = text.lower()
    for trigger in triggers():  # the hottest loop of all: no calls a miss can skip
        screened = trigger.pattern
        if not screened.may_match(lowered) or (match := screened.pattern.search(text)) is None:
            continue
        if denied(text, match.start()) and affirmed(
                screened.pattern.finditer(text, match.end())) is None:
            continue  # "there was no sign of an attack"
        tags = {t.tag_ for t in sentence}
        return None if "MD" in tags and not tags & {"VBD", "VBN"} else trigger
    return None


# entity labels that tie a sentence to a time or place
ANCHOR_LABELS = {"DATE", "GPE", "LOC", "FAC"}


def _has_anchor(ex: Extraction, sentence: Span, figures: list[Figure]) -> bool:
    return bool(figures) or bool(dates.relative_spans(span_text(sentence))) or any(
        e.label_ in ANCHOR_LABELS for e in ex.ents_in(sentence.start_char, sentence.end_char))


def _drafts(ex: Extraction) -> list[Draft]:
    """Events by sub-type, then loose figures: attached to the event they follow,
    or kept as aggregates when they are background or the article has no event."""
    by_subtype: dict[str, list[Draft]] = {}
    weak: dict[str, Draft] = {}
    loose: list[tuple[Span, list[Figure]]] = []
    other = {span for event in ex.events for span in event.evidence}
    for sentence in ex.sentences:
        if ex.trimmed(sentence.start_char, sentence.end_char) in other:
            continue  # a disaster, a crime or diplomacy (other_events.py)
        figures = figures_in(sentence, ex)
        found = None if is_background(sentence) else sentence_trigger(sentence)
        if found is None or not _has_anchor(ex, sentence, figures):
            if figures or found is not None:
                loose.append((sentence, figures))
            continue
        if found.weak:
            draft = weak.setdefault(found.subtype, Draft(found.type, found.subtype))
        else:
            draft = _draft_at_scene(ex, by_subtype.setdefault(found.subtype, []), found,
                                    sentence)
        draft.sentences.append(sentence)
        draft.figures += figures
    if not by_subtype:
        by_subtype, weak = {k: [d] for k, d in weak.items()}, {}
    events = _combined([d for group in by_subtype.values() for d in group], weak)
    if not events:
        events = list(_reported_killing(loose).values()) or _unanchored_event(ex, loose)
    else:
        loose += [(s, figures_in(s, ex)) for d in weak.values() for s in d.sentences]
        loose.sort(key=lambda pair: pair[0].start_char)
    aggregates: list[Draft] = []
    for sentence, figures in loose:
        if events and not is_background(sentence) and (figures or _is_event_sentence(sentence)):
            target = _told_in(events, sentence)
            target.sentences.append(sentence)
            target.figures += figures
        elif figures:
            main = events[0] if events else None
            aggregates.append(Draft(main.type if main else None, main.subtype if main else None,
                                    [sentence], figures, aggregate=True))
    for sentence in ex.sentences if events else ():
        if ex.trimmed(sentence.start_char, sentence.end_char) not in other:
            named = named_victims(ex, sentence)
            if named:
                _told_in(events, sentence).named += named
    for draft in events:
        _complete(draft)
        _retype_if_armed_target(draft)
    events = _combined(events, {})
    _tolls_to_violence(events)
    return events + aggregates


def _tolls_to_violence(events: list[Draft]) -> None:
    """The dead and hurt told in an arrest or a protest sentence ("charged with
    killing three siblings") are the toll of the violent event the article
    reports beside it, when it reports one: an arrest harms no one. With no
    violent event, a strategic development with dead is the killing itself."""
    violent = next((d for d in events if d.type in ARMED_TYPES), None)
    if violent is None:
        # "three youths were arrested and killed by the military": no arrest
        # leaves dead; the killing is the event, an attack unless armed men died
        violent = next((d for d in events if d.type == "Strategic developments"
                        and any(f.outcome == "killed" for f in d.figures)), None)
        if violent is None:
            return
        violent.type, violent.subtype = DEFAULT_EVENT
        _retype_if_armed_target(violent)
    for draft in events:
        if draft.type not in ARMED_TYPES:
            moved = [f for f in draft.figures if f.outcome in {"killed", "injured"}]
            violent.figures += moved
            draft.figures = [f for f in draft.figures if f not in moved]


def _told_in(events: list[Draft], sentence: Span) -> Draft:
    """The event a sentence that names none goes on telling: the one whose scene
    it names, else the one told last before it."""
    before = [d for d in events if d.sentences[0].start_char <= sentence.start_char]
    return _named_scene(events, sentence) or max(
        before, key=lambda d: max(s.start_char for s in d.sentences
                                  if s.start_char <= sentence.start_char),
        default=events[0])


def _draft_at_scene(ex: Extraction, same: list[Draft], found: Trigger,
                    sentence: Span) -> Draft:
    """The draft of this sub-type that the sentence goes on telling; a new one when
    it names another scene and neither names the other's ("Velorian artillery
    shelled Mirdash" after "the shelling of Tesvani"): two shellings, not one."""
    place = scene(ex, sentence)
    for draft in reversed(same):
        if place is None or draft.scene is None or not _apart(draft, sentence, place):
            draft.scene = draft.scene or place
            return draft
    same.append(Draft(found.type, found.subtype, scene=place))
    return same[-1]


def _apart(draft: Draft, sentence: Span, place: tuple[str, str | None]) -> bool:
    """Two scenes of one level (two villages; a hamlet may lie in a municipality),
    neither named in the other's sentences."""
    assert draft.scene is not None
    (name, level), (other, other_level) = place, draft.scene
    told = fold(" ".join(span_text(s) for s in draft.sentences))
    return (name != other and level is not None and level == other_level
            and name not in told and other not in fold(span_text(sentence)))


def _named_scene(events: list[Draft], sentence: Span) -> Draft | None:
    """The one event whose scene a loose sentence names ("the woman wounded in
    Mirdash"), when two events of its sub-type were told at two scenes; a place
    named for another kind of event ("flown to a hospital in Popayán", where an
    arrest was made) says nothing."""
    text = fold(span_text(sentence))
    named = [d for d in events if d.scene and d.scene[0] in text]
    if len(named) != 1:
        return None
    return named[0] if sum(d.subtype == named[0].subtype for d in events) > 1 else None


def _complete(draft: Draft) -> None:
    """A sentence that joined the event can finish its story: "Police dispersed the
    crowd" after a protest makes it a protest with intervention."""
    for sentence in sorted(draft.sentences, key=lambda s: s.start_char):
        found = sentence_trigger(sentence)
        if found is None or draft.subtype is None or found.subtype == draft.subtype:
            continue
        combined = subtype_combinations().get(frozenset((draft.subtype, found.subtype)))
        if combined:
            draft.subtype, draft.type = combined, subtype_types().get(combined, draft.type)


def _combined(events: list[Draft], weak: dict[str, Draft]) -> list[Draft]:
    """One draft per sub-type, with the pairs that tell one event merged.

    "Protesters gathered ..." then "Police dispersed them with tear gas" is one
    protest with intervention (data/subtype_combinations.tsv). A weak draft can
    complete a pair; it is then taken out of ``weak``.
    """
    out = sorted(events, key=lambda d: min(s.start_char for s in d.sentences))
    changed = True
    while changed:
        changed = False
        for first in out:
            candidates = [d for d in out if d is not first] + [
                d for d in weak.values() if d.subtype != first.subtype]
            other = next((d for d in candidates if _combination(first, d)), None)
            if other is None:
                continue
            combined = _combination(first, other) or first.subtype
            first.subtype, first.type = combined, subtype_types().get(combined, first.type)
            first.sentences += other.sentences
            first.figures += other.figures
            if any(d is other for d in out):
                out = [d for d in out if d is not other]
            else:
                del weak[other.subtype]
            changed = True
            break
    return out


def _combination(first: Draft, other: Draft) -> str | None:
    """The sub-type of the one event two drafts tell, or None when they are two."""
    if first.subtype is None or other.subtype is None:
        return None
    if first.subtype == other.subtype:
        apart = first.scene and other.scene and first.scene[0] != other.scene[0]
        return None if apart else first.subtype
    return subtype_combinations().get(frozenset((first.subtype, other.subtype)))


def _retype_if_armed_target(draft: Draft) -> None:
    """A generic attack on an armed party (soldiers, a checkpoint, militants) is a
    battle: ACLED keeps "Violence against civilians" for people who can't fight back."""
    if (draft.type, draft.subtype) != DEFAULT_EVENT:
        return
    texts = [unarmed_modifiers().sub(" ", span_text(s)) for s in draft.sentences]
    if any(rx.search(text) for text in texts for rx in armed_target_frames()):
        draft.type, draft.subtype = ARMED_CLASH


# what ACLED codes an armed killing as when nothing says more
DEFAULT_EVENT = ("Violence against civilians", "Attack")
ARMED_CLASH = ("Battles", "Armed clash")


def _reported_killing(loose: list[tuple[Span, list[Figure]]]) -> dict[str, Draft]:
    """An article with no trigger that reports people killed or hurt by a verb
    with a count ("militias killed five soldiers in Mogadishu", "a bus hit a
    mine, killing two", "gunmen shot eight men to death") still reports an
    event; a bare total ("the deaths of up to 250 people") does not."""
    for index, (sentence, figures) in enumerate(loose):
        if figures and not is_background(sentence) and any(
                t.tag_ in {"VBD", "VBN", "VBG"} and t.pos_ == "VERB"
                and (casualty_terms().get(t.lemma_.lower()) or to_death(t) is not None)
                for t in sentence):
            del loose[index]
            kind, sub = DEFAULT_EVENT
            return {sub: Draft(kind, sub, [sentence], figures, inferred=True)}
    return {}


# sentences in a report brief enough to tell one event without a date or place
BRIEF = 3


def _unanchored_event(ex: Extraction, loose: list[tuple[Span, list[Figure]]]) -> list[Draft]:
    """A report whose trigger sentence has no date or place of its own ("The
    rioters blocked the road") still tells that event when another sentence
    dates it ("On 9 January 2022, in Nasiriyah, ..."), or when the report is
    only a few sentences long. Only a sentence that tells something done (a
    past-tense verb, no modal) counts; specific triggers before weak ones."""
    sentences = ex.sentences
    dated = len(sentences) <= BRIEF or any(
        dates.relative_spans(span_text(s)) or any(
            e.label_ == "DATE" for e in ex.ents_in(s.start_char, s.end_char))
        for s in sentences)
    if not dated:
        return []
    found = []
    for index, (sentence, _) in enumerate(loose):
        trigger = None if is_background(sentence) else sentence_trigger(sentence)
        tags = {t.tag_ for t in sentence}
        if trigger is not None and "MD" not in tags and tags & {"VBD", "VBN"}:
            found.append((trigger.weak, index, trigger))
    if not found:
        return []
    _, index, trigger = min(found, key=lambda item: item[:2])
    sentence, figures = loose.pop(index)
    return [Draft(trigger.type, trigger.subtype, [sentence], figures)]


def _is_event_sentence(sentence: Span) -> bool:
    """A trigger sentence without an anchor still tells the event's story."""
    return sentence_trigger(sentence) is not None


def _spread(claims: list[Claim], range_tops: frozenset[str] | set[str] = frozenset()) -> Spread:
    """low/high over all claims; best = the highest count, whoever gives it.

    Tolls rise as bodies are found, and a lower figure is usually an earlier or
    a partial count: an official's "the third victim was shot and killed" is
    one of the dead, not a total that beats the lead's "killed three people".
    At a tie a named source wins. A range ("33-40 killed") is one source unsure
    of the count, so it stands for its low end, as ACLED codes it; its top (in
    ``range_tops``) still counts for ``high``.
    """
    if not claims:
        return Spread()
    values = [int(c.value) for c in claims]
    candidates = [c for c in claims if c.id not in range_tops] or claims
    best = max(candidates, key=lambda c: (int(c.value), c.asserted_by is not None))
    return Spread(best=int(best.value), low=min(values), high=max(values))


def _victims(ex: Extraction, draft: Draft, sentences: list[Span]) -> list[Victim]:
    """The people counted in the figures, then those named in sentences of their
    own; civilian by their role, else by the incident's words. A name that is the
    incident's own scene ("Mirdash", tagged as a person) is no victim."""
    titles = role_titles()
    civilian_context = any("civilian" in span_text(s).lower() for s in sentences)
    named = [Named(p, "", f.outcome) for f in draft.figures for p in f.persons] + draft.named
    victims: list[Victim] = []
    for item in named:
        person = ex.entity(item.entity)
        name = person.name if person else item.name
        if (item.entity and person is None) or any(
                (v.entity or v.name) == (item.entity or name) for v in victims):
            continue
        if draft.scene and fold(name) == draft.scene[0]:
            continue
        role = person.roles[0] if person and person.roles else None
        first = name.split(" ")[0].lower()
        title = role.title if role else item.title or (first if first in titles else None)
        role_text = ", ".join(x for x in (title, role and role.organization_name) if x) or None
        civilian = True if civilian_context else None
        if title:
            flag = titles.get(title.lower().split()[-1]) or titles.get(title.lower())
            civilian = {"yes": True, "no": False}.get(flag or "?", civilian)
        victims.append(Victim(entity=item.entity, name=name, outcome=item.outcome,
                              role=role_text, civilian=civilian))
    return victims


# event types in which a weapon is used; an arrest "for planting mines" has none
ARMED_TYPES = {"Explosions/Remote violence", "Battles", "Violence against civilians"}


def _weapon(ex: Extraction, sentences: list[Span]) -> str | None:
    text = "\n".join(span_text(s) for s in sentences)
    lowered = text.lower()
    return next((name for rx, name in weapons() if rx.search(text, lowered)), None)


def _date_spans(ex: Extraction, sentence: Span) -> list[tuple[int, int]]:
    """Date expressions in a sentence, in order: full days found by pattern win
    over a tagged DATE they overlap ("Around 9 January 2022" tagged "January 2022")."""
    text = span_text(sentence)
    days = [(sentence.start_char + a, sentence.start_char + b)
            for a, b in dates.day_spans(text)]
    days += [(sentence.start_char + a, sentence.start_char + b)
             for a, b in dates.relative_spans(text)
             if not any(x < sentence.start_char + b and sentence.start_char + a < y
                        for x, y in days)]
    tagged = [(e.start_char, e.end_char)
              for e in ex.ents_in(sentence.start_char, sentence.end_char) if e.label_ == "DATE"
              and not any(a < e.end_char and e.start_char < b for a, b in days)]
    return sorted(days + tagged)


def _date(ex: Extraction, sentences: list[Span]) -> tuple[str, str, tuple[int, int]] | None:
    """The first resolvable date in the incident's sentences, with its span; else
    the article's first sentence, since a lead ("On 9 January, ...") dates the
    events told after it. The publication date itself is never used."""
    first = next(iter(ex.sentences), None)
    fallback = [first] if first is not None and first not in sentences else []
    said_on = None
    for sentence in [*sentences, *fallback]:
        for start, end in _date_spans(ex, sentence):
            resolved = dates.resolve(ex.text[start:end], ex.article.published)
            if not resolved:
                continue
            iso, precision = dates.approximate(ex.text, start, end, resolved)
            if not _report_date(ex.text, start):
                return iso, precision, (start, end)
            said_on = said_on or (iso, precision, (start, end))
    return said_on


@cache
def report_date_cues() -> re.Pattern[str]:
    rows = word_list("newsledger.extract", "report_date_cues.txt")
    return re.compile("|".join(f"(?:{rx})" for rx in rows), re.IGNORECASE)


def _report_date(text: str, start: int) -> bool:
    """"said on Monday": the day of the statement, a date only when no other is."""
    return report_date_cues().search(text, max(0, start - 40), start) is not None


def _one_of_counted(figure: Figure, figures: list[Figure]) -> bool:
    """A named victim alone ("Petar Lazic ... was killed") when the incident also
    has a count of that outcome: one of those counted, not a claim of one. The
    person stays a victim."""
    return figure.value == 1 and bool(figure.persons) and any(
        f.outcome == figure.outcome and f.value > len(f.persons) for f in figures)


@extractor("incidents")
def extract_incidents(ex: Extraction) -> None:
    for draft in _drafts(ex):
        incident_id = f"i{len(ex.incidents) + 1}"
        sentences = sorted(draft.sentences, key=lambda s: s.start_char)
        claims: dict[str, list[Claim]] = {"killed": [], "injured": []}
        range_tops: set[str] = set()
        for figure in draft.figures:
            if figure.outcome not in claims or _one_of_counted(figure, draft.figures):
                continue
            # a range is two claims: at least its low end, up to its high end
            ends = [(figure.value, figure.qualifier)] if figure.high is None else [
                (figure.value, "at_least"), (figure.high, "up_to")]
            for value, qualifier in ends:
                claim = Claim(id=f"c{len(ex.claims) + 1}", subject=incident_id,
                              field=figure.outcome, value=value, qualifier=qualifier,
                              asserted_by=ex.speaker_at(figure.start),
                              evidence=(figure.start, figure.end))
                ex.claims.append(claim)
                claims[figure.outcome].append(claim)
            if figure.high is not None:
                range_tops.add(ex.claims[-1].id)
        when = None if draft.aggregate else _date(ex, sentences)
        place = None if draft.aggregate else locate(ex, sentences)
        location = place[0] if place else None
        incident = Incident(
            id=incident_id, type=draft.type, subtype=draft.subtype,
            weapon=_weapon(ex, sentences) if draft.type in ARMED_TYPES else None,
            aggregate=draft.aggregate,
            date=when[0] if when else None, date_precision=when[1] if when else None,
            location=location, killed=_spread(claims["killed"], range_tops),
            injured=_spread(claims["injured"], range_tops),
            victims=_victims(ex, draft, sentences),
            claims=[c.id for group in claims.values() for c in group],
            evidence=[ex.trimmed(s.start_char, s.end_char) for s in sentences])
        for field_name, value, span in (("date", incident.date, when and when[2]),
                                        ("location", location and location.name,
                                         place and place[1])):
            if value is not None and span:
                claim = Claim(id=f"c{len(ex.claims) + 1}", subject=incident_id,
                              field=field_name, value=value,
                              asserted_by=ex.speaker_at(span[0]), evidence=span)
                ex.claims.append(claim)
                incident.claims.append(claim.id)
        ex.incidents.append(incident)
