"""Issue 14, ingest side: inputs that used to kill a batch, hang it or be misread.

Each case is one file among good ones: it gets one line naming the file (and
the line, for JSONL) and the rest of the batch goes on.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import app, printable
from newsledger.ingest.article import Article, IngestError
from newsledger.ingest.clean import storable
from newsledger.ingest.sources import iter_articles

DISPATCH = (
    "Four people were killed when a drone struck a fuel "
    "depot on the outskirts of Lisvar on Tuesday night, the regional governor said.\n\n"
    "\"The strike hit the depot as workers were loading tankers,\" Governor Aren Tavash told "
    "reporters."
)
SECOND = (
    "Two border guards were wounded in an exchange of fire near the village of Mirdash on "
    "Wednesday, the Velorian Defence Ministry said."
)


def articles(*paths: Path | str, stdin: object = None) -> list[Article | IngestError]:
    return list(iter_articles([str(p) for p in paths], stdin=stdin))  # type: ignore[arg-type]


# --- 2, 4. lone surrogates and NUL --------------------------------------------------


def test_lone_surrogate_and_nul_in_jsonl_are_stored_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": "Shelling hit Mirdash \ud800 on Monday.", "title": "Mir\ud800dash"}),
        json.dumps({"text": "Two soldiers were\u0000 killed in Ravik.", "title": "Ra\u0000vik"}),
        json.dumps({"text": DISPATCH}),
    ]) + "\n", encoding="utf-8")

    first, second, third = articles(path)

    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.text == "Shelling hit Mirdash \ufffd on Monday." and first.title == "Mir\ufffddash"
    assert second.text == "Two soldiers were killed in Ravik." and second.title == "Ravik"
    assert (first.line, second.line, third.line) == (1, 2, 3)  # type: ignore[union-attr]


def test_storable_keeps_real_astral_characters() -> None:
    assert storable("flag 🇦🇲 \x00 \udfff") == "flag 🇦🇲  \ufffd"


# --- 6. FIFOs and other non-regular files ------------------------------------------


def test_a_fifo_in_a_folder_is_one_line_and_the_walk_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a_dispatch.txt").write_text(DISPATCH, encoding="utf-8")
    os.mkfifo(tmp_path / "b_feed.txt")  # opening it for reading would block forever
    os.mkfifo(tmp_path / "c_pipe")
    (tmp_path / "d_second.txt").write_text(SECOND, encoding="utf-8")

    found = articles(tmp_path)

    errors = [str(e) for e in found if isinstance(e, IngestError)]
    assert errors == [f"{tmp_path / 'b_feed.txt'}: not a regular file (FIFO), skipped",
                      f"{tmp_path / 'c_pipe'}: not a regular file (FIFO), skipped"]
    assert [a.text for a in found if isinstance(a, Article)] == [DISPATCH, SECOND]


def test_a_fifo_named_explicitly_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    assert articles(fifo) == [IngestError(str(fifo), "not a regular file (FIFO)")]


# --- 7. UTF-16, JSONL sniffing, HTML navigation, stdin, file names ------------------


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-16-le-no-bom"])
def test_unicode_files_with_a_byte_order_mark_are_text(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "notepad_export.txt"
    bom = {"utf-16-be": b"\xfe\xff"}.get(codec, b"")
    path.write_bytes(bom + DISPATCH.encode(codec.removesuffix("-no-bom")))
    (article,) = articles(path)
    assert isinstance(article, Article) and article.text == DISPATCH


def test_stdin_jsonl_whose_first_line_lacks_text_is_reported_per_line() -> None:
    import io

    data = "\n".join([json.dumps({"id": "mnw-1", "title": "No body"}),
                      json.dumps({"id": "mnw-2", "text": SECOND})]).encode()
    first, second = articles("-", stdin=io.BytesIO(data))
    assert first == IngestError("-", '"text" is missing', 1)
    assert isinstance(second, Article) and (second.source_id, second.line) == ("mnw-2", 2)


NAV_ONLY = """<!doctype html><html><head><title>Meridian Wire</title></head><body>
<a href="/">Home</a><a href="/about">About</a><a href="/contact">Contact us</a>
</body></html>"""


def test_a_page_of_links_only_is_no_article(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    path.write_text(NAV_ONLY, encoding="utf-8")
    assert articles(path) == [IngestError(str(path), "no article text found in HTML")]


def test_a_short_article_with_a_link_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "brief.html"
    path.write_text("<html><body><p>Two soldiers died in <a href='/r'>Ravik</a> on Monday."
                    "</p></body></html>", encoding="utf-8")
    (article,) = articles(path)
    assert isinstance(article, Article) and article.text == "Two soldiers died in Ravik on Monday."


def test_closed_stdin_is_one_line_not_a_traceback() -> None:
    exe = Path(sys.executable).parent / "newsledger"
    done = subprocess.run(f"'{exe}' extract - <&-", shell=True, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == "error -: standard input is closed"


def test_control_characters_in_file_names_are_escaped() -> None:
    name = "evil\x1b]0;pwned\x07\nname.pdf"
    assert printable(f"{name}: unsupported") == "evil\\x1b]0;pwned\\x07\\nname.pdf: unsupported"
    result = CliRunner().invoke(app, ["extract", name])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert "\x1b" not in line and "\x07" not in line
    assert line.startswith("error evil\\x1b]0;pwned\\x07\\nname.pdf: ")
