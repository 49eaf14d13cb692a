"""Ingest: every input kind, the chrome cleaner, and one clear error per bad input."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import pytest

from newsledger.ingest import decode
from newsledger.ingest.article import Article, IngestError
from newsledger.ingest.clean import Cleaned, clean_text
from newsledger.ingest.sources import iter_articles

SEEDS = Path(__file__).parents[2] / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seed articles at {SEEDS}")

BODY = (
    "The foreign ministry said on Friday that talks would resume next week.\n\n"
    "“We remain committed to a negotiated settlement,” the spokesperson said."
)

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Ceasefire talks stall in Geneva | Example Times</title>
  <meta property="og:title" content="Ceasefire talks stall in Geneva">
  <meta property="og:site_name" content="Example Times">
  <meta property="og:url" content="https://www.example-times.com/world/ceasefire-talks-stall">
  <meta name="author" content="Jane Doe">
  <meta property="article:published_time" content="2023-03-14T09:30:00Z">
</head>
<body>
  <header>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
    <li><a href="/politics">Politics</a></li></ul></nav>
  </header>
  <main>
    <article>
      <h1>Ceasefire talks stall in Geneva</h1>
      <p>Negotiators from both sides left the Geneva talks on Tuesday without agreeing
      on a ceasefire, according to a statement from the mediators.</p>
      <p>The foreign ministry accused the opposing delegation of stalling, saying it had
      presented “no serious proposal” during three days of meetings.</p>
      <p>Mediators said a new round of talks could begin next month if both governments
      agree to a prisoner exchange as a first step.</p>
    </article>
  </main>
  <aside><h2>Related news</h2><ul><li><a href="/a">Election results delayed</a></li>
  <li><a href="/b">Border crossing reopens</a></li></ul></aside>
  <footer><p>© 2023 Example Times. All rights reserved.</p>
  <a href="/privacy">Privacy policy</a></footer>
</body>
</html>
"""

NO_ARTICLE_PAGE = """<!DOCTYPE html>
<html><head><title>Example Times - Home</title></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><div class="teasers"><a href="/a">Ceasefire talks stall</a>
<a href="/b">Election results delayed</a></div></main>
<footer><p>© 2023 Example Times. All rights reserved.</p></footer></body></html>
"""


def run(*paths: str | Path, stdin: io.IOBase | None = None) -> list[Article | IngestError]:
    return list(iter_articles([str(p) for p in paths], stdin=stdin))


def only(*paths: str | Path, stdin: io.IOBase | None = None) -> Article | IngestError:
    [result] = run(*paths, stdin=stdin)
    return result


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


# --- bad input: one clear error each ------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b" \n\n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not text"),
        (bytes(range(1, 8)) * 50 + b"some words", "binary file, not text"),
        ("Caf\u00e9 talks".encode("latin-1"), "invalid UTF-8 at byte 3"),
        ("Share\nPrint\n\nRelated news\n", "no text left after cleaning"),
    ],
    ids=["empty", "whitespace", "png", "control-bytes", "latin-1", "only-chrome"],
)
def test_bad_text_file(tmp_path: Path, content: bytes, reason: str) -> None:
    path = write(tmp_path / "bad.txt", content)
    assert only(path) == IngestError(str(path), reason)


def test_too_large_file_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: no disk or time spent
        handle.truncate(50 * 2**20)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an oversized file was opened")

    monkeypatch.setattr(decode, "open", refuse, raising=False)
    error = only(path)
    assert error == IngestError(str(path), "file too large (52.4 MB > 20 MB limit)")
    assert str(error) == f"{path}: file too large (52.4 MB > 20 MB limit)"


def test_unsupported_extension_named_explicitly(tmp_path: Path) -> None:
    pdf = write(tmp_path / "report.pdf", b"%PDF-1.7")
    bare = write(tmp_path / "README", "Some text.")
    assert run(pdf, bare) == [
        IngestError(str(pdf), "unsupported file type '.pdf' "
                    "(expected .txt, .html, .htm, .jsonl)"),
        IngestError(str(bare), "unsupported file type (no extension) "
                    "(expected .txt, .html, .htm, .jsonl)"),
    ]


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    assert only(path) == IngestError(str(path), "no such file or directory")


def test_html_without_article(tmp_path: Path) -> None:
    path = write(tmp_path / "index.html", NO_ARTICLE_PAGE)
    assert only(path) == IngestError(str(path), "no article text found in HTML")


def test_errors_do_not_stop_the_batch(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", BODY)
    empty = write(tmp_path / "empty.txt", "")
    results = run(empty, tmp_path / "missing.txt", good)
    assert [type(r) for r in results] == [IngestError, IngestError, Article]


# --- text files and the cleaner -----------------------------------------------


@needs_seeds
def test_seed_with_chrome_is_cleaned() -> None:
    path = SEEDS / "003_29b6a571400d5a83.txt"
    article = only(path)
    assert isinstance(article, Article)
    assert article.published == "2021-06-04"
    assert article.outlet == "News.Az"
    assert article.text.startswith("Armenia bears all")
    assert article.text.endswith("to ensure peace and security,” it added.")
    assert "↺" not in article.text and "16 px" not in article.text
    assert not article.text.endswith("News.Az")
    assert article.doc_id == sha(path.read_bytes())
    assert article.path == str(path)


@needs_seeds
def test_seed_without_chrome_keeps_its_text() -> None:
    path = SEEDS / "000_3f89975b91006639.txt"
    raw = path.read_text(encoding="utf-8")
    article = only(path)
    assert isinstance(article, Article)
    assert article.text == clean_text(raw).text == raw.strip()
    assert (article.published, article.outlet, article.title) == (None, None, None)


def test_whitespace_is_normalised_and_characters_kept() -> None:
    raw = (
        "\ufeff  First\t\tline  with   gaps   \r\n"
        "same para\u200bgraph\r\n\r\n\r\n\r\n"
        "Cafe\u0301 “quoted” — it’s\u00a0kept\r"
        "\n\n\n"
    )
    assert clean_text(raw).text == (
        "First line with gaps\nsame paragraph\n\nCaf\u00e9 “quoted” — it’s\u00a0kept"
    )


def test_chrome_lines_are_removed() -> None:
    raw = (
        "Share | Tweet | Print\n\n"
        + BODY
        + "\n\nRead more: Talks to resume in Vienna\n\nFollow us on Telegram\n\nA- A A+"
    )
    assert clean_text(raw).text == BODY


@pytest.mark.parametrize(
    ("last", "outlet"),
    [("News.Az", "News.Az"), ("Reuters.com", "Reuters.com"), ("Reuters", "Reuters"),
     ("Source: AFP", "AFP"), ("(AP)", "AP")],
)
def test_outlet_signature_is_lifted(last: str, outlet: str) -> None:
    cleaned = clean_text(f"{BODY}\n\n{last}\n")
    assert (cleaned.text, cleaned.outlet) == (BODY, outlet)


@pytest.mark.parametrize(
    "last",
    ["Talks resume in Vienna.", "He thanked Reuters.com", "Officials met at the border crossing",
     "Exclusive", "“See you at Reuters.com”"],
)
def test_last_sentence_is_never_taken_for_a_signature(last: str) -> None:
    cleaned = clean_text(f"{BODY}\n\n{last}")
    assert cleaned.outlet is None
    assert cleaned.text.endswith(last)


@pytest.mark.parametrize(
    ("header", "published"),
    [("date 2021-06-04 + ↺ − 16 px", "2021-06-04"), ("Published: 04.06.2021 14:20", "2021-06-04"),
     ("June 4, 2021", "2021-06-04"), ("4 Sept 2021", "2021-09-04")],
)
def test_date_header_is_lifted(header: str, published: str) -> None:
    cleaned = clean_text(f"{header}\n\n{BODY}")
    assert (cleaned.text, cleaned.published) == (BODY, published)


def test_date_inside_a_sentence_is_text() -> None:
    raw = "June 4, 2021 was the day the talks collapsed.\n\n" + BODY
    assert clean_text(raw) == Cleaned(raw)


# --- JSONL --------------------------------------------------------------------


def test_jsonl_lines_become_articles_with_their_own_ids(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "text": BODY, "title": "Talks resume", "url": "https://x.test/1",
                    "outlet": "Example Times", "published": "2023-03-14"}),
        "",
        json.dumps({"id": 7, "text": "Second article.\n\nReuters"}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    first, second = run(path)
    assert first == Article(
        doc_id=sha(lines[0].encode()), text=BODY, path=str(path), source_id="a1",
        url="https://x.test/1", outlet="Example Times", title="Talks resume",
        published="2023-03-14", line=1,
    )
    assert isinstance(second, Article)
    assert (second.source_id, second.text, second.outlet, second.line) == (
        "7", "Second article.", "Reuters", 3)
    assert second.doc_id == sha(lines[2].encode())


def test_jsonl_bad_lines_are_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "ok1", "text": BODY}).encode(),
        b'{"id": "broken", "text": ',
        b'["not", "an", "object"]',
        b'{"id": "no-text"}',
        b'{"text": "   "}',
        b'{"text": 42}',
        '{"text": "Caf\u00e9"}'.encode("latin-1"),
        json.dumps({"id": "ok2", "text": BODY}).encode(),
    ]
    write(path, b"\n".join(lines))
    results = run(path)
    assert [r.source_id for r in results if isinstance(r, Article)] == ["ok1", "ok2"]
    errors = [(e.line, e.reason) for e in results if isinstance(e, IngestError)]
    bad_utf8_at = sum(len(line) + 1 for line in lines[:6]) + len(b'{"text": "Caf')
    assert errors == [
        (2, "invalid JSON: Expecting value (column 26)"),
        (3, "expected a JSON object, got list"),
        (4, '"text" is missing'),
        (5, '"text" is empty or not a string'),
        (6, '"text" is empty or not a string'),
        (7, f"invalid UTF-8 at byte {bad_utf8_at}"),
    ]
    assert str(results[1]) == f"{path}:2: invalid JSON: Expecting value (column 26)"


def test_jsonl_metadata_wins_over_the_cleaner(tmp_path: Path) -> None:
    text = f"date 2021-06-04\n\n{BODY}\n\nNews.Az"
    path = write(tmp_path / "batch.jsonl", "\n".join([
        json.dumps({"text": text, "outlet": "APA", "published": "2021-06-05T08:00:00Z"}),
        json.dumps({"text": text}),
    ]))
    given, found = run(path)
    assert isinstance(given, Article) and isinstance(found, Article)
    assert (given.text, given.outlet, given.published) == (BODY, "APA", "2021-06-05")
    assert (found.text, found.outlet, found.published) == (BODY, "News.Az", "2021-06-04")


# --- HTML ---------------------------------------------------------------------


def test_html_article_body_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "page.htm", NEWS_PAGE)
    article = only(path)
    assert isinstance(article, Article)
    assert article.title == "Ceasefire talks stall in Geneva"
    assert article.published == "2023-03-14"
    assert article.outlet == "Example Times"
    assert article.author == "Jane Doe"
    assert article.url == "https://www.example-times.com/world/ceasefire-talks-stall"
    assert article.text.startswith("Negotiators from both sides left the Geneva talks")
    assert "presented “no serious proposal”" in article.text
    assert article.text.endswith("as a first step.")
    assert article.text.count("\n\n") == 2
    for chrome in ("Home", "Politics", "Related news", "Election results", "Privacy", "©"):
        assert chrome not in article.text
    assert article.doc_id == sha(NEWS_PAGE.encode())


def test_html_date_is_not_guessed_from_the_copyright_year(tmp_path: Path) -> None:
    page = re.sub(r'<meta property="article:published_time"[^>]*>', "", NEWS_PAGE)
    path = write(tmp_path / "page.html", page)
    article = only(path)
    assert isinstance(article, Article) and article.published is None


def test_html_in_a_declared_legacy_charset(tmp_path: Path) -> None:
    page = NEWS_PAGE.replace('charset="utf-8"', 'charset="windows-1251"').replace(
        "Negotiators", "Переговорщики"
    )
    path = write(tmp_path / "ru.html", page.replace("“", '"').replace("”", '"').encode("cp1251"))
    article = only(path)
    assert isinstance(article, Article)
    assert article.text.startswith("Переговорщики from both sides")


# --- folders, order, stdin, ids -------------------------------------------------


def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for name in ["b.txt", "a/z.txt", "a/b/c.html", "a/notes.md", "c.pdf", ".hidden/x.txt"]:
        write(root / name, NEWS_PAGE if name.endswith(".html") else f"{name}: {BODY}")
    extra = write(tmp_path / "first.txt", BODY)
    results = run(extra, root)
    assert all(isinstance(r, Article) for r in results)
    assert [r.path for r in results] == [
        str(extra), str(root / "a/b/c.html"), str(root / "a/z.txt"), str(root / "b.txt"),
    ]


def test_folder_without_supported_files(tmp_path: Path) -> None:
    write(tmp_path / "notes.md", "Some notes.")
    assert only(tmp_path) == IngestError(
        str(tmp_path), "no supported files in folder (expected .txt, .html, .htm, .jsonl)"
    )


def test_stdin_text_jsonl_and_html() -> None:
    text = f"date 2021-06-04\n\n{BODY}\n".encode()
    article = only("-", stdin=io.BytesIO(text))
    assert isinstance(article, Article)
    assert (article.path, article.text, article.published) == ("-", BODY, "2021-06-04")
    assert article.doc_id == sha(text)

    jsonl = "\n".join(json.dumps({"id": i, "text": BODY}) for i in ("x", "y"))
    assert [a.source_id for a in run("-", stdin=io.StringIO(jsonl))] == ["x", "y"]

    page = only("-", stdin=io.BytesIO(NEWS_PAGE.encode()))
    assert isinstance(page, Article) and page.title == "Ceasefire talks stall in Geneva"


def test_stdin_errors_name_stdin() -> None:
    assert only("-", stdin=io.BytesIO(b"")) == IngestError("-", "empty file")
    assert only("-", stdin=io.BytesIO(b"ok \xff")) == IngestError("-", "invalid UTF-8 at byte 3")


def test_same_bytes_same_doc_id(tmp_path: Path) -> None:
    one = write(tmp_path / "one.txt", BODY)
    two = write(tmp_path / "sub" / "two.txt", BODY)
    other = write(tmp_path / "other.txt", BODY + " ")
    ids = [r.doc_id for r in run(one, two, other) if isinstance(r, Article)]
    assert ids[0] == ids[1] == sha(BODY.encode())
    assert ids[2] != ids[0]


@pytest.mark.parametrize("signature", ["Kura Press", "DNS", "Andes Wire"])
def test_bare_outlet_name_in_its_own_last_paragraph_is_lifted(signature: str) -> None:
    cleaned = clean_text(f"{BODY}\n\n{signature}")
    assert (cleaned.text, cleaned.outlet) == (BODY, signature)


def test_outlet_name_glued_to_the_last_paragraph_stays() -> None:
    cleaned = clean_text(f"{BODY}\nKura Press")
    assert cleaned.outlet is None


@pytest.mark.parametrize(("raw", "text", "published", "outlet"), [
    ("CORVENNA, March 11 (Meridian) - Ceasefire monitors said on Monday that four "
     "civilians were killed.", "Ceasefire monitors said on Monday that four civilians "
     "were killed.", None, "Meridian"),
    ("KHARZAN, March 8 (DNS) — Dastan’s Defence Ministry on Friday rejected the "
     "accusations.", "Dastan’s Defence Ministry on Friday rejected the accusations.",
     None, "DNS"),
    ("PORT LISVAR, Jan. 5, 2023 (Orlen Today) - Talks opened.", "Talks opened.",
     "2023-01-05", "Orlen Today"),
    # a city and a country with no date is a place in a sentence, not a dateline
    ("BRASK, Veloria - Shells fell.", "BRASK, Veloria - Shells fell.", None, None),
])
def test_wire_dateline_lifts_the_outlet_and_leaves_the_story(
        raw: str, text: str, published: str | None, outlet: str | None) -> None:
    assert clean_text(raw) == Cleaned(text, published, outlet)
