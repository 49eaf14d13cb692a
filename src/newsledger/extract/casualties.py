"""Casualty figures in a sentence: how many were killed, injured or missing.

A count is read from the subject or object of a casualty verb ("four people
were injured", "killed three soldiers"), from nominal forms ("the death of
two civilians", "12 dead"), and from conjoined named victims ("two members
..., as well as X were killed" is three). Verbs told together share their
victims ("was shot and killed", "killed and beheaded seven"); "hacked to
death" is a killing; a pronoun counts what it refers to ("killing them",
"all of whom"); a toll raised "to seventeen" is seventeen. Nobody ("no one
was hurt"), attempts ("tried to kill") and numbers that are dates or money
are no casualties. Each figure keeps its qualifier ("up to", "at least") and
its evidence span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Span, Token

from newsledger.datafiles import table, word_list
from newsledger.extract.context import Extraction, span_text

MAX_PLAUSIBLE = 1_000_000  # larger "counts" are typos or not casualty figures


@dataclass
class Figure:
    outcome: str  # killed | injured | missing
    value: int
    qualifier: str
    start: int
    end: int
    persons: list[str] = field(default_factory=list)  # entity ids of named victims
    high: int | None = None  # the top of a range ("33-40 killed": value 33, high 40)


@cache
def casualty_terms() -> dict[str, str]:
    return {row[0]: row[1] for row in table("newsledger.extract", "casualty_terms.tsv")}


@cache
def object_terms() -> frozenset[str]:
    """Verbs that count only whom they are done to ("shot two men")."""
    return frozenset(row[0] for row in table("newsledger.extract", "casualty_terms.tsv")
                     if len(row) > 2 and row[2] == "object")


@cache
def fatal_modifiers() -> frozenset[str]:
    return frozenset(word_list("newsledger.extract", "fatal_modifiers.txt"))


# nouns a fatal modifier turns into a killing of their "of" phrase
_FATAL_NOUNS = {"shooting", "shootings", "stabbing", "stabbings", "wounding"}


def _fatal(token: Token) -> bool:
    """"fatally shot", "mortally wounded", "the fatal shooting"."""
    return any(c.dep_ in {"advmod", "amod"} and c.lower_ in fatal_modifiers()
               for c in token.children)


def _told_with_killing(verb: Token) -> bool:
    """"shot and killed", "shot dead", "shot to death": the killing word counts."""
    terms = casualty_terms()
    killing = [*verb.conjuncts, *(c for c in verb.children
                                  if c.dep_ in {"oprd", "acomp", "xcomp", "advcl"})]
    return to_death(verb) is not None or any(
        terms.get(t.lemma_.lower()) == "killed" or terms.get(t.lower_) == "killed"
        for t in killing)


@cache
def number_words() -> dict[str, tuple[int, str]]:
    return {row[0]: (int(row[1]), row[2] if len(row) > 2 else "exact")
            for row in table("newsledger.extract", "number_words.tsv")}


@cache
def qualifiers() -> list[tuple[str, str]]:
    rows = table("newsledger.extract", "qualifiers.tsv")
    return sorted(((p, q) for p, q in rows), key=lambda pair: -len(pair[0]))


@cache
def count_nouns() -> dict[str, int]:
    """Words that stand for a number of people ("him", "a couple", "another")."""
    return {word: int(value) for word, value in table("newsledger.extract", "count_nouns.tsv")}


@cache
def person_nouns() -> frozenset[str]:
    """Nouns for one person: "the boy", "his son" count one (data/person_nouns.txt)."""
    return frozenset(word_list("newsledger.extract", "person_nouns.txt"))


@cache
def count_containers() -> dict[str, str]:
    """Nouns whose "of" phrase holds the count ("a total of five"), with its qualifier."""
    return dict(table("newsledger.extract", "count_containers.tsv"))


@cache
def casualty_bearers() -> frozenset[str]:
    """Verbs whose subject bears the casualty their object names ("suffered injuries")."""
    return frozenset(word_list("newsledger.extract", "casualty_bearers.txt"))


@cache
def intent_verbs() -> frozenset[str]:
    """Verbs whose complement is not (yet) done: "tried to kill", "threatened to kill"."""
    return frozenset(word_list("newsledger.extract", "intent_verbs.txt"))


@cache
def non_victims() -> frozenset[str]:
    """Nouns a killing verb takes without anyone dying ("executed an attack")."""
    return frozenset(word_list("newsledger.extract", "non_victims.txt"))


_MULTIPLIERS = {"hundred", "dozen"}


def _word_number(words: list[str]) -> int | None:
    """"one hundred fifty" -> 150, "two hundred and forty" -> 240, "two dozen" -> 24."""
    known = number_words()
    total, current = 0, 0
    for word in words:
        if word == "and":
            continue
        if word not in known or known[word][1] != "exact":
            return None
        value = known[word][0]
        if word == "thousand":
            total, current = total + max(current, 1) * value, 0
        elif word in _MULTIPLIERS:
            current = max(current, 1) * value
        else:
            current += value
    return total + current or None


def number_value(word: str) -> tuple[int, str] | None:
    """The value and qualifier of a number: digits ("1,200"), words, "a"/"an",
    and compounds of words ("twenty-five", "one hundred fifty")."""
    text = word.lower().replace(",", "").strip()
    if re.fullmatch(r"\d+", text):
        value = int(text)
        return (value, "exact") if 0 < value <= MAX_PLAUSIBLE else None
    if text in number_words():
        return number_words()[text]
    words = re.split(r"[\s-]+", text)
    if len(words) > 1:
        value = _word_number(words)
        return (value, "exact") if value and value <= MAX_PLAUSIBLE else None
    return None


def _is_number_word(token: Token) -> bool:
    word = token.lower_
    return word in number_words() and number_words()[word][1] == "exact" and word not in {
        "a", "an", "both"}


def token_number(token: Token) -> tuple[int, str] | None:
    """The number ``token`` is part of, read over its neighbours when it is
    written in several words ("One hundred fifty", "thirty-four")."""
    if not _is_number_word(token):
        return number_value(token.text)
    doc, first, last = token.doc, token.i, token.i

    def joins(i: int) -> bool:  # a number word, or "-"/"and" between two of them
        t = doc[i]
        if _is_number_word(t):
            return True
        return (t.text in {"-", "and"} and 0 < i < len(doc) - 1
                and _is_number_word(doc[i - 1]) and _is_number_word(doc[i + 1]))

    while first > token.sent.start and joins(first - 1):
        first -= 1
    while last < token.sent.end - 1 and joins(last + 1):
        last += 1
    if first == last:
        return number_value(token.text)
    return number_value(doc[first:last + 1].text) or number_value(token.text)


# "33-40", "5 to 7", "between five and seven", "one or two": the found number
# is either end; "and" needs "between" ("5 soldiers and 7 civilians" is two groups)
_RANGE = re.compile(r"(?:\b(?P<between>between)\s+)?(?P<low>[\w,]+)\s*"
                    r"(?P<sep>-|–|\bto\b|\bor\b|\band\b)\s*(?P<high>[\w,]+)", re.IGNORECASE)


def _window(token: Token, before: int, after: int) -> tuple[str, int]:
    """Text from ``before`` characters ahead of ``token`` to ``after`` past its end,
    within its sentence (Doc.text rebuilds the whole document on every call), and
    the offset where that text starts."""
    sent = token.sent
    start = max(0, token.idx - sent.start_char - before)
    end = max(start, token.idx - sent.start_char + len(token) + after)
    return span_text(sent)[start:end], sent.start_char + start


def range_around(token: Token) -> tuple[int, int] | None:
    """(low, high) when ``token`` is one end of a stated range, else None."""
    window, window_start = _window(token, 30, 30)
    for match in _RANGE.finditer(window):
        ends = (match.start("low") + window_start, match.start("high") + window_start)
        if token.idx not in ends:
            continue
        if match.group("sep").lower() == "and" and not match.group("between"):
            return None
        low, high = number_value(match.group("low")), number_value(match.group("high"))
        if low is not None and high is not None and low[0] < high[0]:
            return low[0], high[0]
    return None


def _qualifier_before(token: Token) -> str | None:
    before = _window(token, 20, -len(token))[0].lower()
    for phrase, qualifier in qualifiers():
        if re.search(rf"\b{re.escape(phrase)}\s+$", before):
            return qualifier
    return None


# a word that makes a tagged DATE a real date, not "Between 5" mistagged
_TIME_WORD = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b"
    r"|\b(day|week|month|year|morning|afternoon|evening|night|hour)s?\b|\b\d{4}\b",
    re.IGNORECASE)


def _in_date_or_amount(token: Token) -> bool:
    """A number that is part of a date or an amount ("October 26", "$180,000"),
    not a head count; a lone number the tagger calls a DATE still counts."""
    if token.ent_type_ in {"MONEY", "PERCENT", "QUANTITY", "ORDINAL"}:
        return True
    if token.ent_type_ not in {"DATE", "TIME"}:
        return False
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return ent is not None and len(ent) > 1 and bool(_TIME_WORD.search(ent.text))


# a name right after a locative word is a place the tagger took for a person
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside)\s+$", re.IGNORECASE)

def _after_locative(text: str, at: int) -> bool:
    return _LOCATIVE.search(text, max(0, at - 8), at) is not None


_MODIFIER_ORDER = ({"nummod", "quantmod"}, {"det", "amod", "compound"})


def _modifier_number(conj: Token, own: list[Token]) -> tuple[Token, tuple[int, str]] | None:
    """The number modifying ``conj``: a numeral before a determiner, so "another
    150 captured" is 150, not the one "another" stands for."""
    for deps in _MODIFIER_ORDER:
        for t in own:
            if t.dep_ in deps and t.head == conj and t.lower_ != "the":
                number = token_number(t)
                if number:
                    return t, number
    return None


def _possessor_number(conj: Token, own: list[Token]) -> tuple[Token, tuple[int, str]] | None:
    """"Two Russian servicemen's wives": the numeral opening the phrase counts
    it even when the parser hangs it on the possessor."""
    first = own[0] if own else None
    if first is None or first.dep_ != "nummod" or first.head == conj:
        return None
    step = first.head
    while step != conj:
        if step.dep_ not in {"poss", "compound", "nmod", "amod"} or step.i > conj.i:
            return None
        step = step.head
    number = token_number(first)
    return (first, number) if number else None


def _referent(head: Token) -> Token:
    """The counted phrase a pronoun stands for: "carrying two police officers,
    killing them", "five civilians, all of whom were killed"."""
    word = head.lower_
    if word in {"all", "both", "each"}:
        whom = next((c for p in head.children if p.dep_ == "prep" and p.lower_ == "of"
                     for c in p.children if c.lower_ in {"whom", "which"}), None)
        clause = next((t for t in head.ancestors if t.dep_ == "relcl"), None)
        if whom is not None and clause is not None:
            if any(c.dep_ == "nummod" for c in clause.head.children):
                return clause.head
            return _last_counted_before(head) or head
    if word == "them":
        return _last_counted_before(head) or head
    return head


def _last_counted_before(token: Token) -> Token | None:
    """The last noun with a number before ``token`` in its sentence that is a
    subject or object ("carrying two police officers, killing them")."""
    counted = [t for t in token.doc[token.sent.start:token.i]
               if t.dep_ in {"dobj", "nsubj", "nsubjpass"} and t.pos_ in {"NOUN", "PROPN"}
               and any(c.dep_ == "nummod" for c in t.children)]
    return counted[-1] if counted else None


def _count_of(head: Token, ex: Extraction, conjuncts_too: bool = True,
              ) -> tuple[int, str, list[str], int | None] | None:
    """Count a noun phrase with its conjuncts: numbers, "a soldier", named people."""
    head = _referent(head)
    container = count_containers().get(head.lower_)
    if container is not None:  # "a total of five people", "upwards of 300 others"
        inner = next((c for p in head.children if p.dep_ == "prep" and p.lower_ == "of"
                      for c in p.children if c.dep_ == "pobj"), None)
        counted = _count_of(inner, ex) if inner is not None else None
        if counted is None:
            return None
        value, qualifier, persons, high = counted
        return value, qualifier if qualifier != "exact" else container, persons, high
    if head.lemma_.lower() in non_victims():
        return None
    if head.ent_type_ in {"DATE", "TIME"} and head.pos_ == "PROPN":
        return None  # a misparsed date ("16 April ... were shot")
    # a conjunct right before a verb opens a new clause: "killed one man and
    # another suffered wounds"
    conjuncts = [t for t in head.subtree if t.dep_ == "conj" and t.head == head and not (
        t.i + 1 < len(t.doc) and t.doc[t.i + 1].pos_ == "VERB")] \
        if conjuncts_too else []
    if len(conjuncts) == 1 and any(c.dep_ == "det" and c.lower_ == "both"
                                   for c in head.children):
        return 2, "exact", [e.id for e in ex.entities_in(
            head.left_edge.idx, head.right_edge.idx + len(head.right_edge), ("PERSON",))], None
    total, qualifier, persons = 0, "exact", []
    found, spans = False, None
    for conj in [head, *conjuncts]:
        own = [t for t in conj.subtree
               if not any(t in c.subtree for c in conj.children if c.dep_ == "conj")]
        located = _modifier_number(conj, own) or _possessor_number(conj, own)
        if located is None and (conj.like_num or conj.pos_ in {"DET", "PRON", "NUM"}
                                or conj.lower_ in number_words()):
            number = token_number(conj)
            located = (conj, number) if number else None
        if located is None and conj is head and head.dep_ == "pobj" and \
                head.head.lower_ == "of" and head.head.head.like_num:
            number = token_number(head.head.head)  # "shot two of the attackers dead"
            located = (head.head.head, number) if number else None
        number = None
        if located is not None and not _in_date_or_amount(located[0]):
            token, number = located
            qualifier = _qualifier_before(token) or number[1]
            spans = range_around(token) if conj is head else None
        start, end = own[0].idx, own[-1].idx + len(own[-1])
        named = [e.id for e in ex.entities_in(start, end, ("PERSON",))
                 if not _after_locative(ex.text, next(m[0] for m in e.mentions
                                                      if m[0] >= start))]
        persons += named
        count = max(number[0] if number else 0, len(named),
                    count_nouns().get(conj.lower_, 0))
        if count == 0 and conj.tag_ in {"NN", "NNP"} and conj.pos_ in {"NOUN", "PROPN"}:
            count = 1 if any(t.lower_ in {"a", "an", "one"} for t in own) or (
                conj.lemma_.lower() in person_nouns() and any(
                    t.dep_ in {"det", "poss"} and t.head == conj for t in own)) else 0
        if count:
            found = True
            total += count
    if not found:
        return None
    if spans is not None and total in spans:  # a lone range: its ends, not a sum
        return spans[0], qualifier, persons, spans[1]
    return total, qualifier, persons, None


def figures_in(sentence: Span, ex: Extraction) -> list[Figure]:
    """Every casualty figure stated in ``sentence``."""
    terms = casualty_terms()
    out: list[Figure] = []
    seen: set[tuple[str, int]] = set()
    for tok in sentence:
        outcome = terms.get(tok.lemma_.lower()) or terms.get(tok.lower_)
        fatal = _fatal(tok)
        if outcome is None and tok.lower_ in _FATAL_NOUNS and fatal:
            victim = next((c for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                           for c in p.children if c.dep_ == "pobj"), None)
            counted = _count_of(victim, ex) if victim is not None else None
            if counted is not None and ("killed", victim.i) not in seen:
                seen.add(("killed", victim.i))
                value, qualifier, persons, high = counted
                out.append(Figure("killed", value, qualifier, tok.idx,
                                  victim.right_edge.idx + len(victim.right_edge), persons, high))
            continue
        if outcome is None:
            continue
        only_object = tok.lemma_.lower() in object_terms()
        if only_object and (tok.pos_ != "VERB" or _told_with_killing(tok)):
            continue  # "a shot", "shot and killed": counted from the killing word
        if outcome == "injured" and fatal:
            outcome = "killed"  # "fatally shot", "mortally wounded"
        if outcome == "injured" and to_death(tok) is not None:
            continue  # "stabbed to death" is a killing, counted from "death"
        if tok.tag_ in {"VB", "VBG"} and tok.dep_ == "xcomp" and \
                tok.head.lemma_.lower() in intent_verbs():
            continue  # "tried to kill", "suggested killing her": not done
        head = _counted_head(tok)
        if head is None or _negated(head) or _negated(tok):
            continue
        if only_object and head.dep_ in {"nsubj", "nsubjpass"} and head.head == tok \
                and head.dep_ == "nsubj":
            continue  # "the gunman shot at the car": the shooter is no casualty
        # "left one dead and one other injured": a state word between a count and
        # its conjunct closes that count
        conjuncts_too = not (tok.dep_ == "amod" and tok.head == head and any(
            c.dep_ == "conj" and c.i > tok.i for c in head.children))
        counted = _count_of(head, ex, conjuncts_too)
        if counted is None:
            continue
        value, qualifier, persons, high = counted
        if (outcome, head.i) in seen or value > MAX_PLAUSIBLE:
            continue
        seen.add((outcome, head.i))
        left = min(head.left_edge.idx, tok.idx)
        right = max(head.right_edge.idx + len(head.right_edge), tok.idx + len(tok))
        out.append(Figure(outcome, value, qualifier, left, right, persons, high))
    return out


def _negated(token: Token) -> bool:
    """"No one was hurt", "no injuries", "none were killed"."""
    if token.lower_ in {"none", "nobody", "noone"}:
        return True
    if any(c.dep_ in {"det", "neg"} and c.lower_ in {"no", "neither", "not", "never", "n't"}
           for c in token.children):
        return True
    return token.i > 0 and token.doc[token.i - 1].lower_ in {"no", "neither"}


@cache
def to_death_verbs() -> frozenset[str]:
    return frozenset(word_list("newsledger.extract", "to_death_verbs.txt"))


def to_death(verb: Token) -> Token | None:
    """The "death" of "stabbed/hacked/beaten ... to death", when ``verb`` has one."""
    if verb.lemma_.lower() not in to_death_verbs():
        return None
    return next((c for p in verb.children if p.dep_ == "prep" and p.lower_ == "to"
                 for c in p.children if c.lower_ == "death"), None)


def _argument(verb: Token, deps: tuple[str, ...]) -> Token | None:
    """The first of ``deps`` the verb has; of two (a misparsed place and the real
    subject), the one nearest the verb."""
    for dep in deps:
        found = [c for c in verb.children
                 if c.dep_ == dep and c.lower_ not in {"which", "that", "who"}]
        if found:
            return min(found, key=lambda c: abs(c.i - verb.i))
    return None


def _shared_object(term: Token) -> Token | None:
    """"killed and beheaded seven road workers": the object hangs on the last verb."""
    for verb in term.children:
        if verb.dep_ == "conj" and verb.pos_ == "VERB" and verb.tag_ == term.tag_ \
                and _argument(verb, ("nsubj", "nsubjpass")) is None:
            obj = _argument(verb, ("dobj",))
            if obj is not None:
                return obj
    return None


def _shared_subject(term: Token) -> Token | None:
    """The victims of a conjoined casualty verb with no subject of its own: "ten
    died and fifteen were injured" (the parser hangs "fifteen" on "died"), "a
    policeman was shot and killed" (the subject of "shot")."""
    if term.dep_ != "conj" or term.head.pos_ not in {"VERB", "AUX"}:
        return None
    first = term.head
    aux = [c for c in term.children if c.dep_ in {"aux", "auxpass"} and c.i < term.i]
    if aux:  # "... and dozens were injured": the word before the auxiliary
        before = term.doc[min(a.i for a in aux) - 1]
        if before.i > first.i and before.pos_ in {"NOUN", "PROPN", "PRON", "NUM"}:
            return before
    between = [t for t in first.doc[first.i + 1:term.i]
               if t.dep_ in {"conj", "nsubj", "nsubjpass", "dep"} and t.head in (first, term)
               and t.pos_ in {"NOUN", "PROPN", "PRON", "NUM", "DET"}]
    if between:
        return between[0]
    return _argument(first, ("nsubjpass",)) if term.tag_ == "VBN" else None


# casualty nouns whose victims follow "of" or "to" ("the killing of two journalists")
_NOMINALS = {"death", "deaths", "life", "lives", "injury", "injuries", "body", "bodies",
             "killing", "killings", "wounding"}


# nouns for a running count that a verb sets: "the death toll rose to 17"
_TOLLS = {"toll", "tally", "number", "count"}


def _toll_value(noun: Token) -> Token | None:
    """The number a toll is raised or brought to ("raising the number killed in the
    attack to seventeen", "the death toll rose to 17")."""
    places = [*noun.subtree, *(noun.head.children if noun.dep_ in {"nsubj", "dobj"} else ())]
    return next((c for p in places if p.dep_ == "prep" and p.lower_ == "to"
                 for c in p.children if c.dep_ == "pobj" and c.like_num), None)


def _counted_head(term: Token) -> Token | None:
    """The noun whose count the casualty word reports."""
    if term.pos_ == "VERB" or term.tag_ in {"VBN", "VBD"}:
        own = (_argument(term, ("nsubjpass", "dobj")) or _shared_object(term)
               or _argument(term, ("nsubj",)) or _shared_subject(term))
        if own is not None:
            return own
        if term.dep_ == "acl" and term.head.lower_ in _TOLLS:
            return _toll_value(term.head)  # "raising the number killed to seventeen"
        if term.dep_ in {"acl", "amod"} and term.head.pos_ in {"NOUN", "PROPN", "NUM"}:
            return term.head  # "two people killed", "12 injured civilians"
        if term.dep_ in {"xcomp", "advcl", "oprd", "ccomp"} and term.tag_ in {"VBN", "VBD"} \
                and term.head.pos_ == "VERB" and not any(
                    c.dep_ in {"aux", "auxpass"} for c in term.children):
            # "left six others wounded", "the five were found beheaded"; with a
            # conjunct, the count told just before the word ("one dead and one other injured")
            obj = _argument(term.head, ("dobj", "nsubjpass"))
            if obj is None:
                return None
            told = [t for t in (obj, *obj.conjuncts) if t.i < term.i]
            return told[-1] if told else obj
        return None
    if term.lower_ == "death" and term.dep_ == "pobj" and term.head.lower_ == "to" and \
            to_death(term.head.head) == term:  # "hacked four missionaries to death"
        verb = term.head.head
        return (_argument(verb, ("nsubjpass", "dobj")) or _shared_object(verb)
                or _shared_subject(verb))
    if term.dep_ == "compound" and term.head.lower_ in _TOLLS:
        return _toll_value(term.head)  # "the death toll rose to 17"
    if term.pos_ == "NOUN":
        number = next((c for c in term.children if c.like_num), None)
        if number is not None:  # "five bodies with gunshot wounds to the head"
            return number
        for prep in term.children:  # "the deaths of two", "injuries to sixteen more"
            if prep.dep_ == "prep" and prep.lower_ in {"of", "to"} and \
                    term.lower_ in _NOMINALS:
                victim = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if victim is not None:
                    return victim
        if term.dep_ == "dobj" and term.head.lemma_.lower() in casualty_bearers():
            return _argument(term.head, ("nsubj", "nsubjpass"))  # "20 suffered injuries"
        if term.dep_ == "dobj":  # "causing deaths to twenty civilians"
            victim = next((c for p in term.head.children if p.dep_ == "prep"
                           and p.lower_ == "to" for c in p.children if c.dep_ == "pobj"), None)
            if victim is not None:
                return victim
    # "three people are dead": the subject of the copula
    if term.dep_ == "acomp" and term.head.pos_ == "AUX":
        return _argument(term.head, ("nsubj",))
    # "left three policemen dead", "were shot dead": who the state word completes
    if term.dep_ in {"oprd", "xcomp", "ccomp", "acomp"} and term.head.pos_ == "VERB":
        obj = _argument(term.head, ("dobj", "nsubjpass"))
        if obj is not None:
            return obj
    # "12 dead", "five wounded", "five bodies"
    if term.head.like_num:
        return term.head
    for child in term.children:
        if child.like_num:
            return child
    if term.dep_ in {"amod", "acomp"} and term.head.pos_ in {"NOUN", "NUM"}:
        return term.head
    return None
