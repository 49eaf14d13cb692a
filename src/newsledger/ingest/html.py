"""Pull the article body and its metadata out of a saved news page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsledger.ingest.decode import Rejected, decode_utf8

# Only the page's own declaration may override UTF-8; we never guess an encoding.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_HEAD_BYTES = 4096


@dataclass(frozen=True)
class HtmlArticle:
    """Body text (paragraphs separated by a blank line) and the page's metadata."""

    text: str
    title: str | None
    published: str | None
    outlet: str | None
    author: str | None
    url: str | None


def decode_html(data: bytes) -> str:
    """UTF-8, unless the page declares another charset that Python knows."""
    try:
        return decode_utf8(data)
    except Rejected:
        declared = _META_CHARSET.search(data[:_HEAD_BYTES])
        if not declared:
            raise
        try:
            return data.decode(declared[1].decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            raise Rejected(f"cannot decode as declared charset "
                           f"{declared[1].decode('ascii')!r}") from None


def extract_html(html: str) -> HtmlArticle:
    """Main text without navigation, comments or footers; Rejected if there is none."""
    import trafilatura  # slow import, only paid when HTML input shows up
    from trafilatura.settings import set_date_params

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            favor_precision=True,  # a nav-only page yields nothing rather than menu text
            include_comments=False,  # reader comments are not the article
            # Extensive search turns a footer "© 2023" into 2023-01-01: better no date.
            date_extraction_params=set_date_params(extensive=False),
        )
    except Exception as error:  # a parser crash on one odd page must not stop the batch
        raise Rejected(f"cannot parse HTML: {error}") from error
    if doc is None or not (doc.text or "").strip() or _only_links(doc.text, html):
        raise Rejected("no article text found in HTML")
    title = _blank_to_none(doc.title)
    return HtmlArticle(
        text="\n\n".join(_drop_headline(doc.text, title).splitlines()),
        title=title,
        published=_blank_to_none(doc.date),
        outlet=_blank_to_none(doc.sitename),
        author=_blank_to_none(doc.author),
        url=_blank_to_none(doc.url),
    )


def _only_links(text: str, html: str) -> bool:
    """Whether every letter trafilatura kept is link text: a page of menus ("Home",
    "About") is no article, even when no <nav> says so."""
    import lxml.html
    from lxml.etree import ParserError

    parser = lxml.html.HTMLParser(encoding="utf-8")  # bytes: an XML declaration is fine
    try:
        links = list(lxml.html.fromstring(html.encode("utf-8"), parser=parser).iter("a"))
    except ParserError:  # trafilatura read it, lxml.html may not
        return False
    rest = "".join(text.split())
    labels = ("".join(a.text_content().split()) for a in links)
    for label in sorted(labels, key=len, reverse=True):
        rest = rest.replace(label, "", 1) if label else rest
    return not any(c.isalnum() for c in rest)


def _drop_headline(text: str, title: str | None) -> str:
    """Drop a first line repeating the title, so HTML bodies match JSONL `text` (no headline)."""
    first, _, rest = text.strip().partition("\n")
    if title and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest
    return text


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if value else None
