"""Statements: direct quotes and indirect (reported) speech, with speakers.

Direct quotes are the quoted spans of ``quotes.find_quotes``; their cue and
speaker come from the reporting clause right after or before the quote, a
dash byline, or a clause ending in a colon. A quote interrupted by its
attribution ("“A,” she said. “B.”") is one statement with two parts; a
quoted paragraph with no cue continues the last speaker. Indirect speech is
a reporting verb with a clausal complement ("X said that ..."), a participle
("..., saying that ..."), "according to X", a name and a colon at a line
start, or a stance predicate with its topic ("talked about X"). A reported
statement that carries quoted words is direct, as in PolNeAR. The rules, in
full: docs/vocabulary.md.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from spacy.attrs import LOWER, POS
from spacy.tokens import Span, Token

from newsledger.datafiles import table, word_list
from newsledger.extract import dates
from newsledger.extract.context import Extraction, span_text
from newsledger.extract.quotes import OPENING, Quote, find_quotes
from newsledger.extract.registry import extractor
from newsledger.extract.speakers import SpeakerResolver, noun_phrase, person_entity
from newsledger.records import Statement

MIN_QUOTE_WORDS = 4
MIN_CONTENT_CHARS = 15
MIN_WIDENING_WORDS = 2  # words a reported clause must add around its quote to replace it
MAX_INTERRUPTION = 300  # characters of attribution between two parts of one quote
MAX_HEAD_STEPS = 4  # from quoted words up to the verb that governs them
MIN_TOPIC_CHARS = 5  # the object of a stance preposition ("talked about Iran")
SOURCE_POS = frozenset({"PROPN", "PRON", "NOUN"})
TIME_LABELS = frozenset({"DATE", "TIME"})
VERB = frozenset({"VERB"})  # the part of speech of a reporting verb
# verbs of speech proper, whose clause after them is what was said
SPEECH_VERBS = frozenset({"say", "tell", "add", "state", "declare", "announce", "insist",
                          "claim", "argue", "write", "note", "stress", "warn"})
# what belongs to a reporting clause itself: "the agency said in a June report"
ATTRIBUTION_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "neg", "advmod", "prep",
                              "npadvmod", "dobj", "agent"})
# subjects that speak for no one ("it was “a disaster”")
NON_SPEAKER_SUBJECTS = frozenset({"it", "this", "that", "there", "what", "which"})
# cues whose whole predicate is the statement ("urged the council to act")
OBJECT_CUES = frozenset({"call", "urge", "demand", "warn", "accuse"})
# cues whose direct object is the hearer or a non-statement ("told reporters")
NO_OBJECT_CONTENT = frozenset({"say", "tell", "ask", "add", "remind", "write", "answer",
                               "reply", "respond", "continue", "post", "tweet"})
_QUOTED = re.compile(r"[“\"«][^“”\"«»]{2,}[”\"»]|''[^']{2,}''")
# a line that opens with a source and a colon: "PENCE: Well, look, …"
_LABEL = re.compile(r"[\s“\"]*(?P<label>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):[ \t]+(?=\S)")
# a dash byline after a quote, as in listicles: “…” ― Sonya Herridge, 34
_DASH_BYLINE = re.compile(r"[\s\u00a0]*[―—–]\s*(?=[A-Z])")
DASH_CUE = "―"


@cache
def cue_verbs() -> frozenset[str]:
    return frozenset(cue for cue, kind in table("newsledger.extract", "speech_cues.tsv")
                     if kind == "verb")


@cache
def label_sources() -> frozenset[str]:
    return frozenset(word_list("newsledger.extract", "label_sources.txt"))


@cache
def prepositional_cues() -> dict[tuple[str, str], str]:
    """(lemma, preposition) -> "verb" | "noun": "talk about", "criticism of"."""
    return {(lemma, prep): pos
            for lemma, prep, pos in table("newsledger.extract", "prepositional_cues.tsv")}


@cache
def cue_prepositions() -> frozenset[str]:
    return frozenset(prep for _, prep in prepositional_cues())


def _cue_in(tokens: list[Token], verbs: frozenset[str]) -> Token | None:
    for tok in tokens:
        if tok.lemma_.lower() in verbs and tok.pos_ in {"VERB", "AUX"}:
            return tok
    return None


def _speaker_of(cue: Token) -> Token | None:
    """The reporting verb's subject; for "..., saying that" the governing verb's."""
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    if agent is not None:  # "the plan was endorsed by the council"
        return next((c for c in agent.children if c.dep_ == "pobj"), None)
    for child in cue.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    # "…,” said Abdullayeva." puts the speaker after the verb (never "citing the report")
    for child in cue.rights if cue.tag_ != "VBG" else ():
        if child.dep_ in {"dobj", "attr", "npadvmod", "appos", "dep"} and (
                child.pos_ in {"PROPN", "PRON", "NOUN"}):
            return child
    head = cue
    while head.dep_ == "conj" and head.head is not head:  # "said A and warned B"
        head = head.head
    if head is not cue or cue.dep_ in {"advcl", "xcomp"}:
        governing = head if head is not cue else cue.head
        return next((c for c in governing.children if c.dep_ == "nsubj"), None)
    return None


def _within_paragraph(text: str, span: tuple[int, int], cue: int) -> tuple[int, int]:
    """The span cut at line breaks to the side of the cue: a sentence the parser ran on
    across a headline or dateline reports only its own paragraph."""
    start, end = span
    before = text.rfind("\n", start, min(cue, end))
    if before != -1:
        start = before + 1
    after = text.find("\n", max(cue, start), end)
    if after != -1:
        end = after
    return start, end


def _holder_of(noun: Token, pos: str = "noun") -> Token | None:
    """Whose stance a word is: a verb's subject, an adjective's ("the senator is critical
    of"), a noun's possessor ("Trump's criticism"), else the subject of the verb the
    noun serves ("Trump raised questions about")."""
    if pos == "verb":
        return _speaker_of(noun)
    if pos == "adj":
        return next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    if noun.dep_ in {"dobj", "attr", "nsubjpass"} and noun.head.pos_ in {"VERB", "AUX"}:
        return next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    return None


def _own_clause(verb: Token, cues: frozenset[str]) -> bool:
    """A coordinated clause with a subject of its own and no reporting verb."""
    return verb.lemma_.lower() not in cues and any(
        c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children)


def _second_complement(token: Token) -> bool:
    """"said that A and that B": the "and" or the clause after it opens with "that"."""
    if token.dep_ == "cc":
        following = token.nbor() if token.i + 1 < len(token.doc) else None
        return following is not None and following.lower_ == "that"
    return token.left_edge.lower_ == "that"


def _conjunction_start(verb: Token) -> int:
    """Where a coordinated verb's clause begins: its "and", else the verb itself."""
    ccs = [c for c in verb.head.children if c.dep_ == "cc" and c.i < verb.i]
    return ccs[-1].idx if ccs else verb.left_edge.idx


def _date_of(ex: Extraction, cue: Token, content: tuple[int, int]) -> str | None:
    """The date attached to the reporting verb ("said on Tuesday"), if resolvable."""
    sentence = cue.sent
    for ent in ex.ents_in(sentence.start_char, sentence.end_char):
        if ent.label_ != "DATE" or content[0] <= ent.start_char < content[1]:
            continue
        if ent.root.head == cue or ent.root.head.head == cue or ent.root == cue:
            resolved = dates.resolve(ent.text, ex.article.published)
            return resolved[0] if resolved else None
    return None


def _predicate_end(head: Token, first: Token, obj: Token, sentence: Span) -> int:
    """Where ``head``'s phrase ends, from its dependent ``first`` on, without a
    coordinated or subordinate clause; at least ``obj``'s end, at most the sentence's."""
    last = max((c.right_edge for c in head.rights if c.i >= first.i
                and c.dep_ not in {"cc", "conj", "punct", "advcl", "ccomp"}),
               key=lambda t: t.i, default=obj.right_edge)
    return min(last.idx + len(last), _content_end(sentence))


def _content_end(sentence: Span) -> int:
    last = sentence[-1]
    while last.i > sentence.start and (last.is_punct or last.is_space) and (
            last.text not in "”\"»"):
        last = sentence.doc[last.i - 1]
    return last.idx + len(last)


class StatementBuilder:
    """Adds statements in reading order, so "she" and "it" see who spoke before."""

    def __init__(self, ex: Extraction, quotes: list[Quote]) -> None:
        self.ex = ex
        self.verbs = cue_verbs()
        self.quote_starts = [q.start for q in quotes]
        self.quotes = quotes
        self.speakers = SpeakerResolver(ex, self.in_quote)
        self.last_direct: Statement | None = None
        self.last_cue: int | None = None  # the token index of the last direct quote's cue

    def overlapping(self, start: int, end: int) -> list[Statement]:
        """The statements whose content meets ``[start, end)``."""
        return [s for s in self.ex.statements
                if s.content_span[0] < end and start < s.content_span[1]]

    def in_quote(self, char: int) -> bool:
        """Whether ``char`` lies inside a quoted span (binary search: long articles)."""
        index = bisect_right(self.quote_starts, char) - 1
        return index >= 0 and self.quotes[index].start <= char < self.quotes[index].end

    def add(self, kind: str, content: tuple[int, int], cue: str | None,
            speaker_phrase: Span | None, date: str | None) -> Statement | None:
        text = self.ex.text
        start, end = self.ex.trimmed(*content)
        while start < end and text[start] == ",":
            start += 1
        while end > start and text[end - 1] == ",":
            end -= 1
        if end <= start:
            return None
        start, end = self.ex.trimmed(start, end)  # ", a team of deminers": no space left
        speaker = self.speakers.resolve(speaker_phrase) if speaker_phrase is not None else None
        if kind == "indirect" and _QUOTED.search(text, start, end):
            kind = "direct"  # "He said the rival won “every debate.”"
        statement = Statement(
            id=f"s{len(self.ex.statements) + 1}", kind=kind,
            speaker=speaker.id if speaker else None,
            speaker_name=speaker.name if speaker else None,
            speaker_span=(speaker_phrase.start_char, speaker_phrase.end_char)
            if speaker_phrase is not None else None,
            cue=cue, content_span=(start, end), text=text[start:end], date=date)
        self.ex.statements.append(statement)
        return statement

    def direct(self, quote: Quote) -> None:
        text = self.ex.text
        if self._label_at(quote.start, quote.paragraph_end) is not None:
            return  # a quoted transcript ("WALLACE: …"): each labelled line is a statement
        after = self._cue_after(quote)
        cue = after or self._cue_before(quote)
        words = len(text[quote.start:quote.end].split())
        if cue is None:
            byline = self._dash_byline(quote)
            introducer = self._colon_clause(quote)
            if byline is not None and words >= MIN_QUOTE_WORDS:
                person_entity(self.ex, byline)
                self.last_direct = self.add("direct", (quote.start, quote.end), DASH_CUE,
                                            byline, None)
            elif introducer is not None:  # "She had to change her answer: “…”"
                verb, subject = introducer
                self.last_direct = self.add("direct", (quote.start, quote.end), verb.text,
                                            noun_phrase(subject), None)
                self.last_cue = verb.i
            else:
                self._continue(quote, words)
            return
        if (after is None and self.last_direct is not None and self.last_cue == cue.i
                and self._append_part(self.last_direct, quote)):
            return  # “A,” he said, “B.”: the cue before B is the one after A
        if words < MIN_QUOTE_WORDS and not (after is not None and self._opens_sentence(quote)):
            return  # a quoted term or fragment: the reported statement around it holds it
        speaker = _speaker_of(cue)
        phrase = noun_phrase(speaker) if speaker is not None else None
        self.last_direct = self.add("direct", (quote.start, quote.end), cue.text, phrase,
                                    _date_of(self.ex, cue, (quote.start, quote.end)))
        self.last_cue = cue.i

    def _quote_opened_at(self, mark: int) -> Quote | None:
        index = bisect_right(self.quote_starts, mark + 2) - 1
        if index >= 0 and self.quotes[index].mark_start == mark:
            return self.quotes[index]
        return None

    def _nickname_at(self, mark: int) -> int | None:
        """Where a one-word quote opened at ``mark`` ends (a nickname inside a name)."""
        quote = self._quote_opened_at(mark)
        if quote is not None and len(self.ex.text[quote.start:quote.end].split()) == 1:
            return quote.after
        return None

    def _opens_sentence(self, quote: Quote) -> bool:
        """Whether the quote starts its sentence ("“It's heartbreaking,” Ryan said.")."""
        before = self.ex.text[max(quote.paragraph_start, quote.mark_start - 20):quote.mark_start]
        return not before.strip() or before.rstrip()[-1] in ".:!?"

    def _cue_after(self, quote: Quote) -> Token | None:
        """A reporting verb in the clause right after the quote: “…,” she said."""
        after = self.ex.doc.char_span(min(quote.after, quote.paragraph_end),
                                      quote.paragraph_end, alignment_mode="expand")
        if after is None or not len(after):
            return None
        tokens: list[Token] = []
        nickname_end = -1
        for tok in after:
            if tok.idx < nickname_end:
                continue
            if tok.text in OPENING and (nickname := self._nickname_at(tok.idx)):
                nickname_end = nickname  # Del. Marcia “Cia” Price shouted
                continue
            if tok.text in OPENING or tok.text in "”" or (tok.is_sent_start and tokens):
                if (tok.text in OPENING and tokens and tokens[-1].text in {",", ":"}
                        and self.ex.text[quote.end - 1] in ".!?"):
                    return None  # “… change.” She adds, “…”: the cue introduces the next quote
                break
            tokens.append(tok)
        cue = _cue_in(tokens, self.verbs)
        if cue is not None and self.ex.text[quote.end - 1] in ".!?" and any(
                c.dep_ == "ccomp" and c.i > cue.i for c in cue.children):
            return None  # “… for him.” She says it underscores …: the next statement's cue
        return cue

    def _dash_byline(self, quote: Quote) -> Span | None:
        """The name in a dash byline right after the quote, up to its comma or line end."""
        found = _DASH_BYLINE.match(self.ex.text, quote.after, quote.paragraph_end)
        if found is None:
            return None
        line_end = self.ex.text.find("\n", found.end(), quote.paragraph_end)
        line = self.ex.doc.char_span(found.end(), quote.paragraph_end if line_end < 0 else line_end,
                                     alignment_mode="expand")
        if line is None:
            return None
        name = [t for t in line if not t.is_space]
        end = next((i for i, t in enumerate(name) if t.is_punct or not t.is_title), len(name))
        return line.doc[name[0].i:name[end - 1].i + 1] if end else None

    def _cue_before(self, quote: Quote) -> Token | None:
        """A reporting verb introducing the quote with a colon or comma: X said: “…”."""
        before = self.ex.doc.char_span(quote.paragraph_start,
                                       max(quote.paragraph_start, quote.mark_start),
                                       alignment_mode="contract")
        if before is None or not len(before):
            return self._cue_above(quote)
        tokens = [t for t in before[-1].sent if t.idx < quote.mark_start]
        if tokens and re.search(r"[:,]\s*$", self.ex.text[tokens[-1].idx:quote.mark_start] + " "):
            return _cue_in(list(reversed(tokens)), self.verbs)
        return None

    def _colon_clause(self, quote: Quote) -> tuple[Token, Token] | None:
        """The verb and subject of a clause that introduces the quote with a colon
        ("The paper used her words as its headline: “…”"), the subject a source."""
        colon = self._colon_before(quote.mark_start)
        if colon is None:
            return None
        verb = self.ex.sentence_of(colon).root
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if (verb.pos_ not in {"VERB", "AUX"} or subject is None or subject.pos_ not in SOURCE_POS
                or subject.lower_ in NON_SPEAKER_SUBJECTS or verb.idx >= quote.mark_start):
            return None
        return verb, subject

    def _cue_above(self, quote: Quote) -> Token | None:
        """A paragraph-opening quote introduced by the paragraph above: "He said:"."""
        colon = self._colon_before(quote.paragraph_start)
        if colon is None:
            return None
        return _cue_in([t for t in reversed(self.ex.sentence_of(colon)) if t.idx < colon],
                       self.verbs)

    def _colon_before(self, at: int) -> int | None:
        """Where the colon is that ends the text right before ``at`` (spaces between)."""
        window = max(0, at - 200)
        before = self.ex.text[window:at].rstrip()
        return window + len(before) - 1 if before.endswith(":") else None

    def _continue(self, quote: Quote, words: int) -> None:
        """A quote with no cue of its own: the second part of an interrupted quote, or
        a quoted paragraph that goes on with the last speaker."""
        previous = self.last_direct
        if previous is None:
            return
        span = (quote.start, quote.end)
        between = self.ex.text[previous.content_span[1]:quote.start]
        if (previous.cue and previous.cue in between  # “A,” she said. “B.”
                and (words >= MIN_QUOTE_WORDS
                     or self.ex.text[max(0, quote.mark_start - 20):quote.mark_start].rstrip()[-1:]
                     in {".", ":"}) and self._append_part(previous, quote)):
            return
        if quote.mark_start != quote.paragraph_start or words < MIN_QUOTE_WORDS:
            return
        statement = self.add("direct", span, previous.cue, None, None)
        if statement is not None:  # carried from the quote it continues
            statement.speaker, statement.speaker_name = previous.speaker, previous.speaker_name
            statement.speaker_span = previous.speaker_span
            self.last_direct = statement

    def _append_part(self, previous: Statement, quote: Quote) -> bool:
        """Add ``quote`` as the next part of ``previous`` when only its attribution,
        in the same paragraph, stands between them."""
        between = self.ex.text[previous.content_span[1]:quote.start]
        if previous.content_span[0] < quote.paragraph_start or len(between) > MAX_INTERRUPTION:
            return False
        start, end = self.ex.trimmed(quote.start, quote.end)
        self._set_parts(previous, [*(previous.parts or [previous.content_span]), (start, end)])
        previous.content_span = (previous.content_span[0], end)
        return True

    def _set_parts(self, statement: Statement, parts: list[tuple[int, int]]) -> None:
        """Give ``statement`` its pieces: ``parts``, and a text that joins them."""
        statement.parts = parts
        statement.text = " ".join(self.ex.text[a:b] for a, b in parts)

    def labelled(self, sentence: Span) -> None:
        """A line that opens with a name and a colon ("PENCE: Well, look …", a headline's
        "Sanders: Clinton needs to …") is what that name says; the parser may run
        several lines of a transcript into one sentence, so every line start counts."""
        text = self.ex.text
        first = sentence.start_char
        line_starts = [first, *(first + m.end()
                                for m in re.finditer(r"\n+", text[first:sentence.end_char]))]
        for start in line_starts:
            line_end = text.find("\n", start)
            line_end = len(text) if line_end == -1 else line_end
            line_start = text.rfind("\n", 0, start) + 1
            found = self._label_at(start, line_end)
            if found is None or text[line_start:found[0].start_char].strip("“\" "):
                continue
            label, content_start = found
            if not self.overlapping(content_start, line_end):
                self.add("indirect", (content_start, line_end), ":", label, None)

    def _label_at(self, start: int, end: int) -> tuple[Span, int] | None:
        """A source label and colon at ``start`` ("PENCE: "), with where its words begin."""
        found = _LABEL.match(self.ex.text, start, end)
        if found is None:
            return None
        label = self.ex.doc.char_span(found.start("label"), found.end("label"),
                                      alignment_mode="expand")
        if label is None or not self._names_source(label):
            return None
        return label, found.end()

    def _names_source(self, label: Span) -> bool:
        """A name the article knows (also in capitals: "PENCE"), or a source noun ("Poll")."""
        if self.ex.entity_in(label.start_char, label.end_char, ("PERSON", "ORG", "NORP")):
            return True
        words = label.text.lower().split()
        if words and words[-1] in label_sources():
            return True
        return bool(words) and any(  # "PENCE:", a headline's "Pence:"
            e.type in {"PERSON", "ORG"} and e.name.lower().split()[-1] == words[-1]
            for e in self.ex.entities)

    def quoted_words(self, sentence: Span) -> None:
        """Quoted words no statement holds ("he blasted the media for being “dishonest”"):
        what the verb governing them says of its subject, when the subject is a person
        or an organisation, is a statement with those words as its evidence."""
        first = bisect_right(self.quote_starts, sentence.start_char)
        for quote in self.quotes[first:]:
            if quote.start >= sentence.end_char:
                break
            if self.overlapping(quote.start, quote.end):
                continue
            inside = self.ex.doc.char_span(quote.start, quote.end, alignment_mode="expand")
            if inside is None or not len(inside):
                continue
            verb = inside.root
            for _ in range(MAX_HEAD_STEPS):
                if verb.pos_ == "VERB" and not quote.start <= verb.idx < quote.end:
                    break
                verb = verb.head
            else:
                continue
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if (subject is None or subject.pos_ not in SOURCE_POS
                    or subject.lower_ in NON_SPEAKER_SUBJECTS):
                continue
            rights = [c for c in verb.rights if not c.is_punct and c.dep_ not in {"cc", "conj"}]
            if not rights:
                continue
            start = rights[0].left_edge.idx
            end = max(quote.after, rights[-1].right_edge.idx + len(rights[-1].right_edge))
            end = min(end, _content_end(sentence))
            phrase = noun_phrase(subject)
            if (start <= phrase.start_char < end or start > quote.mark_start
                    or self.overlapping(start, end)):
                continue
            self.add("direct", (start, end), verb.text, phrase,
                     _date_of(self.ex, verb, (start, end)))

    def indirect(self, sentence: Span) -> None:
        match = re.search(r"\b[Aa]ccording to\b", span_text(sentence))
        if match:
            self._according_to(sentence, match.start() + sentence.start_char)
        # the sentence's own quotes were read first: reported speech must not repeat them
        taken: list[tuple[int, int]] = [s.content_span for s in self.ex.statements
                                        if s.content_span[1] > sentence.start_char]
        for tok in self.ex.tokens_where(POS, VERB, sentence):
            if tok.lemma_.lower() not in self.verbs:
                continue
            speaker = _speaker_of(tok)
            if speaker is None:
                continue
            parts = self._interrupted(tok, sentence)
            span = (parts[0][0], parts[-1][1]) if parts else self._complement(tok, sentence)
            below = self._paragraph_below(tok, sentence) if span is None else None
            if below is not None:  # "Limbaugh added:" and the paragraph it introduces
                self.add("indirect", below, tok.text, noun_phrase(speaker), None)
                continue
            if span is None:
                continue
            start, end = _within_paragraph(self.ex.text, span, tok.idx)
            phrase = noun_phrase(speaker)
            if (end - start < MIN_CONTENT_CHARS or self.in_quote(start)
                    or (start <= phrase.start_char < end and not parts)):
                continue
            if any(a <= start < b or start <= a < end for a, b in taken):
                if not parts:
                    self._widen_quote(tok, (start, end))
                continue
            added = self.add("indirect", (start, end), tok.text, phrase,
                             _date_of(self.ex, tok, (start, end)))
            if added is not None:
                if parts:  # the reporting clause sits between the two parts
                    self._set_parts(added, parts)
                taken.append(added.content_span)

    def prepositional(self, sentence: Span) -> None:
        """"Trump talked about his microphone", "the senator's criticism of the plan":
        the object of a stance preposition is what its source spoke of."""
        cues = prepositional_cues()
        for prep in self.ex.tokens_where(LOWER, cue_prepositions(), sentence):
            head = prep.head
            pos = cues.get((head.lemma_.lower(), prep.lower_))
            if pos is None or head.pos_ != pos.upper() or head.i > prep.i:
                continue
            obj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)
            source = _holder_of(head, pos)
            if obj is None or source is None or source.pos_ not in SOURCE_POS or (
                    source.lower_ in NON_SPEAKER_SUBJECTS) or obj.ent_type_ in TIME_LABELS:
                continue  # "spoke on Monday" names a day, not a topic
            # the rest of the predicate goes with the topic ("questions about his
            # microphone during the debate")
            start, end = obj.left_edge.idx, _predicate_end(head, prep, obj, sentence)
            if end - start < MIN_TOPIC_CHARS or self.overlapping(start, end):
                continue
            cue = self.ex.text[head.idx:prep.idx + len(prep)]
            self.add("indirect", (start, end), cue, noun_phrase(source),
                     _date_of(self.ex, head, (start, end)))

    def _widen_quote(self, cue: Token, clause: tuple[int, int]) -> None:
        """A quote that is only part of what its cue reports ("said that, “A” against B")
        becomes the whole reported clause, as a reader (and PolNeAR) takes it."""
        start, end = self.ex.trimmed(*clause)
        inside = self.overlapping(start, end)
        if len(inside) != 1 or inside[0].kind != "direct" or inside[0].parts:
            return
        quote = inside[0]
        if quote.cue != cue.text or not (start <= quote.content_span[0]
                                         and quote.content_span[1] <= end + 1) or (
                start <= cue.idx < end):
            return
        text = self.ex.text
        outside = text[start:quote.content_span[0]] + text[quote.content_span[1]:end]
        if "\n" not in outside and len(re.findall(r"\w+", outside)) >= MIN_WIDENING_WORDS:
            quote.content_span = (start, max(end, quote.content_span[1]))
            quote.text = self.ex.text[quote.content_span[0]:quote.content_span[1]]

    def _paragraph_below(self, cue: Token, sentence: Span) -> tuple[int, int] | None:
        """The next paragraph, when the cue ends its own with a colon and that paragraph
        is not a quote (a quote is read as one, with this cue)."""
        text = self.ex.text
        after = text[cue.idx + len(cue):sentence.end_char]
        if not re.fullmatch(r"\s*:\s*", after):
            return None
        found = re.compile(r"\S[^\n]*").search(text, sentence.end_char)
        if found is None or found.group()[0] in "“\"«'" or (
                found.start() > sentence.end_char + 4):
            return None
        return found.start(), found.end()

    def _interrupted(self, cue: Token, sentence: Span) -> list[tuple[int, int]]:
        """"Climate change, Mr. Obama often says, is the greatest threat", "A paid 8.9
        percent, the agency said in a report, and B 0.8 percent": the statement around a
        reporting clause set off by commas, as two parts; [] when not that."""
        if any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children):
            return []  # "X said that …" reports what follows
        clause = [cue, *(t for c in cue.children if c.dep_ in ATTRIBUTION_DEPS for t in c.subtree)]
        first, last = min(clause, key=lambda t: t.i), max(clause, key=lambda t: t.i)
        text = self.ex.text
        comma_before = text[max(0, first.idx - 10):first.idx].rstrip().endswith(",")
        if not (first.i > sentence.start and comma_before
                and last.i + 1 < sentence.end and sentence.doc[last.i + 1].text == ","):
            return []
        left = self.ex.trimmed(sentence.start_char, first.idx)
        right = self.ex.trimmed(last.idx + len(last), _content_end(sentence))
        left = (left[0], left[1] - (text[left[1] - 1] == ","))
        right = (right[0] + (text[right[0]] == ","), right[1])
        parts = [self.ex.trimmed(*left), self.ex.trimmed(*right)]
        return parts if all(len(text[a:b].split()) >= 2 for a, b in parts) else []

    def _complement(self, cue: Token, sentence: Span) -> tuple[int, int] | None:
        """What the cue reports: its clausal complement, widened to the clause edge."""
        complements = [c for c in cue.children if c.dep_ in {"ccomp", "xcomp"} or (
            # "said after the convention he would not accept": a clause the parser
            # hung as an adverbial, with a subject and no "because"/"when" of its own
            c.dep_ == "advcl" and c.i > cue.i and cue.lemma_.lower() in SPEECH_VERBS
            and any(g.dep_ == "nsubj" for g in c.children)
            and not any(g.dep_ == "mark" for g in c.children))]
        if complements:
            comp = complements[0]
            left = comp.left_edge
            if left.dep_ == "mark" and left.lower_ == "that":
                left = left.doc[left.i + 1]
            start, end = left.idx, comp.right_edge.idx + len(comp.right_edge)
            if comp.i > cue.i and cue.dep_ == "relcl":  # "the mine, which Clarke says he …"
                return max(start, cue.idx + len(cue)), cue.right_edge.idx + len(cue.right_edge)
            if comp.i > cue.i:  # "X stressed that ...": to the sentence end or the next
                # coordinated verb of the speaker ("said A and warned B")
                conjuncts = [c for c in cue.children if c.dep_ == "conj" and c.i > comp.i][:1]
                if conjuncts and _own_clause(conjuncts[0], self.verbs):
                    # "claiming that A but B": B has its own subject and no cue of its own
                    end = conjuncts[0].right_edge.idx + len(conjuncts[0].right_edge)
                # a coordinated "… and that B" is a second complement, not a new verb
                stops = [c.idx for c in cue.children
                         if c.dep_ in {"cc", "conj"} and c.i > comp.right_edge.i
                         and not _second_complement(c) and c.idx > end]
                stops += [_conjunction_start(t) for t in comp.subtree
                          if t.dep_ == "conj" and t.pos_ == "VERB"
                          and t.lemma_.lower() in self.verbs
                          and not any(c.dep_ == "nsubj" for c in t.children)]
                # "…, saying that …" reports a statement of its own
                stops += [t.idx for t in comp.subtree if t.tag_ == "VBG" and t.i > cue.i
                          and t.lemma_.lower() in self.verbs and t.nbor(-1).text == ","]
                return start, min([max(end, _content_end(sentence)), *stops])
            return min(start, sentence.start_char), end  # "..., X said on Tuesday"
        lemma = cue.lemma_.lower()
        passive = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
        if passive is not None and any(c.dep_ == "agent" for c in cue.children):
            # "The nominee has been endorsed by the paper": what the paper backs
            return passive.left_edge.idx, passive.right_edge.idx + len(passive.right_edge)
        if lemma in OBJECT_CUES:  # "called on X to ...", "called the plan “dead”"
            following = [t for t in sentence if t.i > cue.i and not t.is_punct]
            if following and following[0].lower_ == "on":
                following = following[1:]
            if following:
                return following[0].idx, _content_end(sentence)
        obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
        if (obj is not None and obj.i > cue.i and lemma not in NO_OBJECT_CONTENT
                and len(list(obj.subtree)) > 1):
            # "the ministry condemned the shelling of Tesvani", with what the verb adds
            # to it ("cited remarks … as examples of …")
            return obj.left_edge.idx, _predicate_end(cue, obj, obj, sentence)
        return None

    def _according_to(self, sentence: Span, at: int) -> None:
        """"According to X, ..." reports what follows; "..., according to X." what precedes."""
        to_token = next((t for t in sentence if t.idx >= at and t.lower_ == "to"), None)
        obj = next((c for c in to_token.children if c.dep_ == "pobj"), None) if to_token else None
        if obj is None:
            return
        phrase = noun_phrase(obj)
        source_end = obj.right_edge.idx + len(obj.right_edge)
        after = self.ex.text[source_end:sentence.end_char]
        parts: list[tuple[int, int]] = []
        if re.fullmatch(r"[\s.,;:!?”\"]*", after):  # sentence-final attribution
            start, end = sentence.start_char, at
        else:
            start, end = source_end, _content_end(sentence)
            before = self.ex.trimmed(sentence.start_char, at)
            if len(self.ex.text[before[0]:before[1]].split()) >= 3:  # "A, according to X, and B"
                comma = self.ex.text[before[1] - 1] == ","
                parts = [self.ex.trimmed(before[0], before[1] - comma),
                         self.ex.trimmed(start + (self.ex.text[start] == ","), end)]
                start = before[0]
        opening = self.ex.trimmed(start, end)[0]
        quote = self._quote_opened_at(opening)
        if quote is not None:  # "according to X, “A. B.”": the whole quote
            end = max(end, quote.after)
        elif end - start < MIN_CONTENT_CHARS or self.in_quote(opening):
            return
        added = self.add("indirect", (start, end), "according to", phrase, None)
        if added is not None and parts:
            self._set_parts(added, parts)


@extractor("statements")
def extract_statements(ex: Extraction) -> None:
    quotes = find_quotes(ex.text)
    builder = StatementBuilder(ex, quotes)
    # read in text order so speakers are remembered as a reader would; within a
    # sentence its quotes come first, so reported speech does not repeat them
    events: list[tuple[int, int, int, Quote | Span]] = [
        (ex.sentence_of(q.start).start_char, 0, q.start, q) for q in quotes]
    events += [(s.start_char, 1, s.start_char, s) for s in ex.sentences]
    for *_, item in sorted(events, key=lambda event: event[:3]):
        if isinstance(item, Quote):
            builder.direct(item)
        elif not (builder.in_quote(item.start_char) and builder.in_quote(
                max(item.start_char, item.end_char - 2))):
            builder.labelled(item)
            builder.indirect(item)
            builder.quoted_words(item)
            builder.prepositional(item)
    ex.statements.sort(key=lambda s: s.content_span[0])
    for index, statement in enumerate(ex.statements, start=1):
        statement.id = f"s{index}"
