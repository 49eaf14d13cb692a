"""Quoted spans in an article: where quotes open and close, paragraph by paragraph.

Straight, curly and angle marks and the doubled apostrophes of some archives;
a quote left open at a paragraph end goes on when the next paragraph opens
with the same mark (wire style for multi-paragraph quotes), and never runs
past a paragraph otherwise, so an unbalanced mark cannot swallow an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# quote marks, including the doubled apostrophes of some newspapers' archives
OPENING = ("“", "\"", "«", "''")
# the closing mark that matches, then one that ends a mis-typed quote (“…")
CLOSING = {"“": ("”", "\""), "\"": ("\"", "”"), "«": ("»",), "''": ("''",), "”": ("”", "\"")}
# where a quote opens: a curly or angle mark, doubled apostrophes, or a straight or
# mistyped closing mark at a word start (one that ends a word closes a quote instead)
_OPENING_MARK = re.compile(r"[“«]|''|(?:^|(?<=[\s(\[—–-]))[\"”](?=\S)")
_CURLY = re.compile(r"[“”]")


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
    if mark == "“":  # curly marks nest: “… what he calls “hell” than …”
        depth = 0
        for found in _CURLY.finditer(text, pos, end):
            if found.group() == "“":
                depth += 1
            elif depth:
                depth -= 1
            else:
                return found.start(), 1
    # unnested, or nesting that never closes: the first closing mark
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
            if mark == open_at[2]:  # the quote goes on in this paragraph
                pos = p_start + len(mark)
            else:
                quotes.append(Quote(open_at[0], previous_end, open_at[1], previous_end, open_at[2],
                                    previous_end))
                open_at = None
        while pos < p_end:
            if open_at is None:
                found = _OPENING_MARK.search(text, pos, p_end)
                if found is None:
                    break
                pos = found.start()
                mark = found.group()
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
