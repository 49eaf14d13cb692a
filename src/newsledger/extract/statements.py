"""Statements: direct quotes and indirect (reported) speech, with speakers.

Direct quotes are found by scanning quote marks paragraph by paragraph (a
quote left open at a paragraph end continues when the next paragraph opens
with a mark, as wire style writes multi-paragraph quotes). Their cue and
speaker come from the reporting clause right after or before the quote; a
quoted paragraph with no cue continues the last speaker. Indirect speech is a
reporting verb with a clausal complement ("X said that ..."), or "according
to X".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from newsledger.extract import dates
from newsledger.extract.context import Extraction
from newsledger.extract.registry import extractor
from newsledger.extract.speakers import SpeakerResolver, noun_phrase
from newsledger.nlp.lexicons import table
from newsledger.records import Statement

OPENING = "“\"«"
CLOSING = {"“": "”", "\"": "\"", "«": "»"}
MIN_QUOTE_WORDS = 4


def cue_verbs() -> set[str]:
    return {cue for cue, kind in table("newsledger.extract", "speech_cues.tsv") if kind == "verb"}


@dataclass
class Quote:
    start: int  # first character inside the opening mark
    end: int  # the closing mark's offset (exclusive end of the content)
    paragraph_start: int
    paragraph_end: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        spans.append((match.start(), match.end()))
    return spans


def find_quotes(text: str) -> list[Quote]:
    """Quoted spans; unbalanced marks close at the paragraph end, never beyond."""
    quotes: list[Quote] = []
    open_at: tuple[int, int, str] | None = None  # content start, paragraph start, closing mark
    previous_end = 0
    for p_start, p_end in paragraphs(text):
        pos = p_start
        if open_at is not None:
            if text[p_start] in OPENING:  # the quote goes on in this paragraph
                pos = p_start + 1
            else:
                quotes.append(Quote(open_at[0], previous_end, open_at[1], previous_end))
                open_at = None
        while pos < p_end:
            if open_at is None:
                marks = [i for i in (text.find(m, pos, p_end) for m in OPENING) if i >= 0]
                if not marks:
                    break
                pos = min(marks)
                open_at = (pos + 1, p_start, CLOSING[text[pos]])
                pos += 1
            close = text.find(open_at[2], pos, p_end)
            if close == -1:
                break
            quotes.append(Quote(open_at[0], close, open_at[1], p_end))
            open_at = None
            pos = close + 1
        previous_end = p_end
    if open_at is not None:
        quotes.append(Quote(open_at[0], previous_end, open_at[1], previous_end))
    return [q for q in quotes if q.end > q.start]


def _cue_in(tokens: list[Token], verbs: set[str]) -> Token | None:
    for tok in tokens:
        if tok.lemma_.lower() in verbs and tok.pos_ in {"VERB", "AUX"}:
            return tok
    return None


def _speaker_of(cue: Token) -> Token | None:
    for child in cue.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    # "…,” said Abdullayeva." puts the speaker after the verb
    for child in cue.rights:
        if child.dep_ in {"dobj", "attr", "npadvmod", "appos", "dep"} and (
                child.pos_ in {"PROPN", "PRON", "NOUN"}):
            return child
    return None


def _date_of(ex: Extraction, cue: Token, content: tuple[int, int]) -> str | None:
    """The date attached to the reporting verb ("said on Tuesday"), if resolvable."""
    for ent in cue.sent.ents:
        if ent.label_ != "DATE" or content[0] <= ent.start_char < content[1]:
            continue
        if ent.root.head == cue or ent.root.head.head == cue or ent.root == cue:
            resolved = dates.resolve(ent.text, ex.article.published)
            return resolved[0] if resolved else None
    return None


class StatementBuilder:
    """Adds statements in reading order, so "she" and "it" see who spoke before."""

    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.speakers = SpeakerResolver(ex)
        self.verbs = cue_verbs()
        self.last_speaker: tuple[str | None, str | None] = (None, None)

    def add(self, kind: str, content: tuple[int, int], cue: str | None,
            speaker_phrase: Span | None, date: str | None) -> None:
        text = self.ex.text
        start, end = content
        while start < end and text[start] in " \n,":
            start += 1
        while end > start and text[end - 1] in " \n,":
            end -= 1
        if end <= start:
            return
        speaker = self.speakers.resolve(speaker_phrase) if speaker_phrase is not None else None
        if speaker is not None:
            self.last_speaker = (speaker.id, speaker.name)
        speaker_id, speaker_name = (speaker.id, speaker.name) if speaker else (None, None)
        if speaker_phrase is None and cue is None:
            speaker_id, speaker_name = self.last_speaker
        self.ex.statements.append(Statement(
            id=f"s{len(self.ex.statements) + 1}", kind=kind, speaker=speaker_id,
            speaker_name=speaker_name,
            speaker_span=(speaker_phrase.start_char, speaker_phrase.end_char)
            if speaker_phrase is not None else None,
            cue=cue, content_span=(start, end), text=text[start:end], date=date))

    def direct(self, quote: Quote) -> None:
        doc = self.ex.doc
        text = self.ex.text
        after = doc.char_span(min(quote.end + 1, quote.paragraph_end), quote.paragraph_end,
                              alignment_mode="expand")
        cue = None
        if after is not None and len(after):
            # the reporting clause ends at the sentence end or the next quote mark
            tokens = []
            for tok in after:
                if tok.text in OPENING or tok.text in "”" or (tok.is_sent_start and tokens):
                    break
                tokens.append(tok)
            cue = _cue_in(tokens, self.verbs)
        if cue is None:
            before = doc.char_span(quote.paragraph_start, max(quote.paragraph_start,
                                                              quote.start - 1),
                                   alignment_mode="contract")
            if before is not None and len(before):
                sentence = list(before[-1].sent) if before[-1].sent else list(before)
                tokens = [t for t in sentence if t.idx < quote.start - 1]
                if tokens and re.search(r"[:,]\s*$", text[tokens[-1].idx:quote.start - 1] + " "):
                    cue = _cue_in(list(reversed(tokens)), self.verbs)
        if cue is None:
            # a cue-less quote continues the last speaker when it opens its paragraph
            # or follows that speaker's quote in the same paragraph (“…,” she said. “…”)
            follows = any(s.kind == "direct" and quote.paragraph_start <= s.content_span[0]
                          for s in self.ex.statements)
            if len(text[quote.start:quote.end].split()) >= MIN_QUOTE_WORDS and (
                    quote.start - 1 == quote.paragraph_start or follows):
                self.add("direct", (quote.start, quote.end), None, None, None)
            return
        speaker = _speaker_of(cue)
        phrase = noun_phrase(speaker) if speaker is not None else None
        if len(text[quote.start:quote.end].split()) < MIN_QUOTE_WORDS and phrase is None:
            return
        self.add("direct", (quote.start, quote.end), cue.text, phrase,
                 _date_of(self.ex, cue, (quote.start, quote.end)))

    def indirect(self, sentence: Span) -> None:
        match = re.search(r"\b[Aa]ccording to\b", sentence.text)
        if match:
            self._according_to(sentence, match.start() + sentence.start_char)
            return
        for tok in sentence:
            if tok.lemma_.lower() not in self.verbs or tok.pos_ not in {"VERB"}:
                continue
            complements = [c for c in tok.children if c.dep_ in {"ccomp", "xcomp"}]
            speaker = _speaker_of(tok)
            if speaker is None:
                continue
            if complements:
                comp = complements[0]
                left = comp.left_edge
                if left.dep_ == "mark" and left.lower_ == "that":
                    left = left.doc[left.i + 1]
                start, end = left.idx, comp.right_edge.idx + len(comp.right_edge)
                if comp.i > tok.i:  # "X stressed that ...": the rest of the sentence
                    last = sentence[-2] if sentence[-1].is_punct and len(sentence) > 1 else (
                        sentence[-1])
                    end = max(end, last.idx + len(last))
                else:  # "..., X said on Tuesday": the sentence up to the clause
                    start = min(start, sentence.start_char)
            elif tok.lemma_.lower() in {"call", "urge", "demand", "warn", "accuse"}:
                following = [t for t in sentence if t.i > tok.i and not t.is_punct]
                if not following:
                    continue
                if following[0].lower_ == "on":
                    following = following[1:]
                if not following:
                    continue
                start = following[0].idx
                end = sentence[-1].idx + len(sentence[-1])
                if sentence[-1].is_punct:
                    end = sentence[-1].idx
            else:
                continue
            if end - start < 15 or self._inside_quote(start):
                continue
            phrase = noun_phrase(speaker)
            if start <= phrase.start_char < end:
                continue
            self.add("indirect", (start, end), tok.text, phrase,
                     _date_of(self.ex, tok, (start, end)))
            return

    def _according_to(self, sentence: Span, at: int) -> None:
        doc = self.ex.doc
        to_token = next((t for t in sentence if t.idx >= at and t.lower_ == "to"), None)
        if to_token is None:
            return
        obj = next((c for c in to_token.children if c.dep_ == "pobj"), None)
        if obj is None:
            return
        phrase = noun_phrase(obj)
        after = phrase.end_char
        rest = doc.char_span(after, sentence.end_char, alignment_mode="contract")
        if rest is None or len(rest) < 4:
            return
        start = rest.start_char
        end = rest.end_char - (1 if rest[-1].is_punct else 0)
        if self._inside_quote(start):
            return
        self.add("indirect", (start, end), "according to", phrase, None)

    def _inside_quote(self, char: int) -> bool:
        return any(s.kind == "direct" and s.content_span[0] <= char < s.content_span[1]
                   for s in self.ex.statements)


@extractor("statements")
def extract_statements(ex: Extraction) -> None:
    builder = StatementBuilder(ex)
    quotes = find_quotes(ex.text)
    # read in text order so speakers are remembered as a reader would
    events: list[tuple[int, object]] = [(q.start, q) for q in quotes]
    events += [(s.start_char, s) for s in ex.doc.sents]
    quote_spans = [(q.start - 1, q.end + 1) for q in quotes]
    for _, item in sorted(events, key=lambda pair: pair[0]):
        if isinstance(item, Quote):
            builder.direct(item)
        elif not any(a <= item.start_char < b or a < item.end_char <= b
                     for a, b in quote_spans):
            builder.indirect(item)
    ex.statements.sort(key=lambda s: s.content_span[0])
    for index, statement in enumerate(ex.statements, start=1):
        statement.id = f"s{index}"
