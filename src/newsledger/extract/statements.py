"""Statements: direct quotes and indirect (reported) speech, with speakers.

Direct quotes are found by scanning quote marks paragraph by paragraph (a
quote left open at a paragraph end continues when the next paragraph opens
with a mark, as wire style writes multi-paragraph quotes). Their cue and
speaker come from the reporting clause right after or before the quote. A
quote interrupted by its attribution ("“A,” she said. “B.”") is one statement
with two parts; a quoted paragraph with no cue continues the last speaker.
Indirect speech is a reporting verb with a clausal complement ("X said that
..."), a participle ("..., saying that ..."), or "according to X". A reported
statement that carries quoted words is direct, as in PolNeAR.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from newsledger.datafiles import table
from newsledger.extract import dates
from newsledger.extract.context import Extraction
from newsledger.extract.registry import extractor
from newsledger.extract.speakers import SpeakerResolver, noun_phrase
from newsledger.records import Statement

# quote marks, including the doubled apostrophes of some newspapers' archives
OPENING = ("“", "\"", "«", "''")
# the closing mark that matches, then one that ends a mis-typed quote (“…")
CLOSING = {"“": ("”", "\""), "\"": ("\"", "”"), "«": ("»",), "''": ("''",)}
MIN_QUOTE_WORDS = 4
MIN_CONTENT_CHARS = 15
MAX_INTERRUPTION = 300  # characters of attribution between two parts of one quote
# cues whose whole predicate is the statement ("urged the council to act")
OBJECT_CUES = frozenset({"call", "urge", "demand", "warn", "accuse"})
# cues whose direct object is the hearer or a non-statement ("told reporters")
NO_OBJECT_CONTENT = frozenset({"say", "tell", "ask", "add", "remind", "write", "answer",
                               "reply", "respond", "continue", "post", "tweet"})
_QUOTED = re.compile(r"[“\"«][^“”\"«»]{2,}[”\"»]|''[^']{2,}''")


@cache
def cue_verbs() -> frozenset[str]:
    return frozenset(cue for cue, kind in table("newsledger.extract", "speech_cues.tsv")
                     if kind == "verb")


@dataclass
class Quote:
    start: int  # first character inside the opening mark
    end: int  # the closing mark's offset (exclusive end of the content)
    paragraph_start: int
    paragraph_end: int
    mark: str = "“"
    after: int = 0  # first character after the closing mark (``end`` when unclosed)

    @property
    def mark_start(self) -> int:
        return self.start - len(self.mark)


def paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text)]


def _closing(text: str, mark: str, pos: int, end: int) -> tuple[int, int]:
    """Where the quote opened by ``mark`` closes in ``text[pos:end]`` and the closing
    mark's length, or (-1, 0)."""
    for closer in CLOSING[mark]:
        found = text.find(closer, pos, end)
        if found != -1:
            return found, len(closer)
    return -1, 0


def _opening_at(text: str, pos: int) -> str | None:
    return next((m for m in OPENING if text.startswith(m, pos)), None)


def find_quotes(text: str) -> list[Quote]:
    """Quoted spans; unbalanced marks close at the paragraph end, never beyond."""
    quotes: list[Quote] = []
    open_at: tuple[int, int, str] | None = None  # content start, paragraph start, mark
    previous_end = 0
    for p_start, p_end in paragraphs(text):
        pos = p_start
        if open_at is not None:
            mark = _opening_at(text, p_start)
            if mark is not None:  # the quote goes on in this paragraph
                pos = p_start + len(mark)
            else:
                quotes.append(Quote(open_at[0], previous_end, open_at[1], previous_end, open_at[2],
                                    previous_end))
                open_at = None
        while pos < p_end:
            if open_at is None:
                marks = [i for i in (text.find(m, pos, p_end) for m in OPENING) if i >= 0]
                if not marks:
                    break
                pos = min(marks)
                mark = _opening_at(text, pos) or text[pos]
                open_at = (pos + len(mark), p_start, mark)
                pos += len(mark)
            close, length = _closing(text, open_at[2], pos, p_end)
            if close == -1:
                break
            quotes.append(Quote(open_at[0], close, open_at[1], p_end, open_at[2], close + length))
            open_at = None
            pos = close + length
        previous_end = p_end
    if open_at is not None:
        quotes.append(Quote(open_at[0], previous_end, open_at[1], previous_end, open_at[2],
                                    previous_end))
    return [q for q in quotes if q.end > q.start]


def _cue_in(tokens: list[Token], verbs: frozenset[str]) -> Token | None:
    for tok in tokens:
        if tok.lemma_.lower() in verbs and tok.pos_ in {"VERB", "AUX"}:
            return tok
    return None


def _speaker_of(cue: Token) -> Token | None:
    """The reporting verb's subject; for "..., saying that" the governing verb's."""
    for child in cue.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    # "…,” said Abdullayeva." puts the speaker after the verb
    for child in cue.rights:
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
        self.speakers = SpeakerResolver(ex)
        self.verbs = cue_verbs()
        self.quote_starts = [q.start for q in quotes]
        self.quotes = quotes
        self.last_direct: Statement | None = None

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
        cue = self._cue_after(quote) or self._cue_before(quote)
        words = len(text[quote.start:quote.end].split())
        if cue is None:
            self._continue(quote, words)
            return
        if words < MIN_QUOTE_WORDS:
            return  # a quoted term or fragment: the reported statement around it holds it
        speaker = _speaker_of(cue)
        phrase = noun_phrase(speaker) if speaker is not None else None
        self.last_direct = self.add("direct", (quote.start, quote.end), cue.text, phrase,
                                    _date_of(self.ex, cue, (quote.start, quote.end)))

    def _cue_after(self, quote: Quote) -> Token | None:
        """A reporting verb in the clause right after the quote: “…,” she said."""
        after = self.ex.doc.char_span(min(quote.after, quote.paragraph_end),
                                      quote.paragraph_end, alignment_mode="expand")
        if after is None or not len(after):
            return None
        tokens: list[Token] = []
        for tok in after:
            if tok.text in OPENING or tok.text in "”" or (tok.is_sent_start and tokens):
                break
            tokens.append(tok)
        return _cue_in(tokens, self.verbs)

    def _cue_before(self, quote: Quote) -> Token | None:
        """A reporting verb introducing the quote with a colon or comma: X said: “…”."""
        before = self.ex.doc.char_span(quote.paragraph_start,
                                       max(quote.paragraph_start, quote.mark_start),
                                       alignment_mode="contract")
        if before is None or not len(before):
            return None
        tokens = [t for t in before[-1].sent if t.idx < quote.mark_start]
        if tokens and re.search(r"[:,]\s*$", self.ex.text[tokens[-1].idx:quote.mark_start] + " "):
            return _cue_in(list(reversed(tokens)), self.verbs)
        return None

    def _continue(self, quote: Quote, words: int) -> None:
        """A quote with no cue of its own: the second part of an interrupted quote, or
        a quoted paragraph that goes on with the last speaker."""
        previous = self.last_direct
        if words < MIN_QUOTE_WORDS or previous is None:
            return
        span = (quote.start, quote.end)
        between = self.ex.text[previous.content_span[1]:quote.start]
        if (previous.content_span[0] >= quote.paragraph_start and len(between) <= MAX_INTERRUPTION
                and previous.cue and previous.cue in between):  # “A,” she said. “B.”
            parts = previous.parts or [previous.content_span]
            start, end = self.ex.trimmed(*span)
            previous.parts = [*parts, (start, end)]
            previous.content_span = (previous.content_span[0], end)
            previous.text = " ".join(self.ex.text[a:b] for a, b in previous.parts)
            return
        if quote.mark_start != quote.paragraph_start:
            return
        statement = self.add("direct", span, previous.cue, None, None)
        if statement is not None:  # carried from the quote it continues
            statement.speaker, statement.speaker_name = previous.speaker, previous.speaker_name
            statement.speaker_span = previous.speaker_span
            self.last_direct = statement

    def indirect(self, sentence: Span) -> None:
        match = re.search(r"\b[Aa]ccording to\b", sentence.text)
        if match:
            self._according_to(sentence, match.start() + sentence.start_char)
        # the sentence's own quotes were read first: reported speech must not repeat them
        taken: list[tuple[int, int]] = [s.content_span for s in self.ex.statements
                                        if s.content_span[1] > sentence.start_char]
        for tok in sentence:
            if tok.lemma_.lower() not in self.verbs or tok.pos_ != "VERB":
                continue
            speaker = _speaker_of(tok)
            if speaker is None:
                continue
            parts = self._interrupted(tok, sentence)
            span = (parts[0][0], parts[-1][1]) if parts else self._complement(tok, sentence)
            if span is None:
                continue
            start, end = span
            phrase = noun_phrase(speaker)
            if (end - start < MIN_CONTENT_CHARS or self.in_quote(start)
                    or (start <= phrase.start_char < end and not parts)
                    or any(a <= start < b or start <= a < end for a, b in taken)):
                continue
            added = self.add("indirect", (start, end), tok.text, phrase,
                             _date_of(self.ex, tok, (start, end)))
            if added is not None:
                if parts:  # the reporting clause sits between the two parts
                    added.parts = parts
                    added.text = " ".join(self.ex.text[a:b] for a, b in parts)
                taken.append(added.content_span)

    def _interrupted(self, cue: Token, sentence: Span) -> list[tuple[int, int]]:
        """"Climate change, Mr. Obama often says, is the greatest threat": the statement
        around a parenthetical reporting clause, as two parts; [] when not that."""
        if cue.dep_ != "parataxis" or cue.head.i < cue.i:
            return []
        clause_start, clause_end = cue.left_edge.idx, cue.right_edge.idx + len(cue.right_edge)
        left = self.ex.trimmed(sentence.start_char, clause_start)
        right = self.ex.trimmed(clause_end, _content_end(sentence))
        left = (left[0], left[1] - (self.ex.text[left[1] - 1] == ","))
        right = (right[0] + (self.ex.text[right[0]] == ","), right[1])
        parts = [self.ex.trimmed(*left), self.ex.trimmed(*right)]
        return parts if all(b - a >= 3 for a, b in parts) else []

    def _complement(self, cue: Token, sentence: Span) -> tuple[int, int] | None:
        """What the cue reports: its clausal complement, widened to the clause edge."""
        complements = [c for c in cue.children if c.dep_ in {"ccomp", "xcomp"}]
        if complements:
            comp = complements[0]
            left = comp.left_edge
            if left.dep_ == "mark" and left.lower_ == "that":
                left = left.doc[left.i + 1]
            start, end = left.idx, comp.right_edge.idx + len(comp.right_edge)
            if comp.i > cue.i:  # "X stressed that ...": to the sentence end or the next
                # coordinated verb of the speaker ("said A and warned B")
                stops = [c.idx for c in cue.children
                         if c.dep_ in {"cc", "conj"} and c.i > comp.right_edge.i]
                stops += [_conjunction_start(t) for t in comp.subtree
                          if t.dep_ == "conj" and t.lemma_.lower() in self.verbs]
                return start, min([max(end, _content_end(sentence)), *stops])
            return min(start, sentence.start_char), end  # "..., X said on Tuesday"
        lemma = cue.lemma_.lower()
        if lemma in OBJECT_CUES:  # "called on X to ...", "called the plan “dead”"
            following = [t for t in sentence if t.i > cue.i and not t.is_punct]
            if following and following[0].lower_ == "on":
                following = following[1:]
            if following:
                return following[0].idx, _content_end(sentence)
        obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
        if obj is not None and lemma not in NO_OBJECT_CONTENT and len(list(obj.subtree)) > 1:
            # "the ministry condemned the shelling of Tesvani"
            return obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge)
        return None

    def _according_to(self, sentence: Span, at: int) -> None:
        """"According to X, ..." reports what follows; "..., according to X." what precedes."""
        to_token = next((t for t in sentence if t.idx >= at and t.lower_ == "to"), None)
        obj = next((c for c in to_token.children if c.dep_ == "pobj"), None) if to_token else None
        if obj is None:
            return
        phrase = noun_phrase(obj)
        after = self.ex.text[phrase.end_char:sentence.end_char]
        if re.fullmatch(r"[\s.,;:!?”\"]*", after):  # sentence-final attribution
            start, end = sentence.start_char, at
        else:
            start, end = phrase.end_char, _content_end(sentence)
        if end - start < MIN_CONTENT_CHARS or self.in_quote(self.ex.trimmed(start, end)[0]):
            return
        self.add("indirect", (start, end), "according to", phrase, None)


@extractor("statements")
def extract_statements(ex: Extraction) -> None:
    quotes = find_quotes(ex.text)
    builder = StatementBuilder(ex, quotes)
    # read in text order so speakers are remembered as a reader would; within a
    # sentence its quotes come first, so reported speech does not repeat them
    events: list[tuple[int, int, int, Quote | Span]] = [
        (ex.sentence_of(q.start).start_char, 0, q.start, q) for q in quotes]
    events += [(s.start_char, 1, s.start_char, s) for s in ex.doc.sents]
    for *_, item in sorted(events, key=lambda event: event[:3]):
        if isinstance(item, Quote):
            builder.direct(item)
        elif not (builder.in_quote(item.start_char) and builder.in_quote(
                max(item.start_char, item.end_char - 2))):
            builder.indirect(item)
    ex.statements.sort(key=lambda s: s.content_span[0])
    for index, statement in enumerate(ex.statements, start=1):
        statement.id = f"s{index}"
