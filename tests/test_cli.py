"""The `newsledger` command line, end to end: extract, ingest, export, eval, bench, stdin.

Commands run in-process through Typer's CliRunner, so the spaCy pipeline is
loaded once per session; only the stdin test starts the installed entry point.
The gazetteer cache is the default one on purpose (built once, then reused).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner, Result

from newsledger.bench.extract import WARM_UP
from newsledger.cli import app
from newsledger.eval.rand import written_in
from newsledger.extract import speakers
from newsledger.ingest import decode
from newsledger.ledger.build import build_records
from newsledger.nlp.pipeline import load_pipeline
from newsledger.records import DocumentRecord
from newsledger.store import models as m
from newsledger.store import repository
from newsledger.store.db import connect
from newsledger.store.repository import count_documents, get_document

SAMPLE_CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"

RECORD_FIELDS = {"id", "source", "title", "published", "language", "text", "entities",
                 "statements", "incidents", "accusations", "claims", "events"}
SOURCE_FIELDS = {"path", "id", "url", "outlet"}

# --- realistic wire copy (invented) -------------------------------------------

SHELLING = (
    "KUPIANSK, March 8 (Meridian Wire) - Three civilians were killed and 12 others wounded "
    "when artillery shells hit a crowded market in the town of Kupiansk on Friday morning, "
    "the regional governor said.\n\n"
    "\"The enemy deliberately fired on people queuing for bread. This is a war crime,\" "
    "Governor Oleh Syniehubov told reporters at the scene.\n\n"
    "Ukraine's Foreign Ministry accused Russia of deliberately targeting civilians in the "
    "attack on the market.\n\n"
    "The Russian Defence Ministry denied the accusation, saying its forces had struck only "
    "military targets.\n"
)

MINE_BLAST = (
    "Two farmers were killed on Saturday when their tractor hit an anti-tank mine near the "
    "village of Horlivka, local officials said.\n\n"
    "\"The fields around the village are still full of mines left from the fighting,\" said "
    "village head Ivan Petrenko. \"People have no choice but to plough them.\"\n\n"
    "Deminers have cleared less than a tenth of the farmland in the district since 2022, "
    "according to the regional emergency service."
)

ROADSIDE_BOMB = (
    "A roadside bomb wounded four soldiers near Mosul on Sunday, the Iraqi army said in a "
    "statement.\n\n"
    "\"The explosive device was planted on the road used by our patrols,\" army spokesman "
    "Colonel Ahmed Jabbar told reporters."
)

WIRE_LINES = [
    {"id": "mnw-20240309-0101", "title": "Mine blast kills two farmers near Horlivka",
     "url": "https://meridian-wire.example/2024/03/09/horlivka-mine",
     "outlet": "Meridian Wire", "published": "2024-03-09", "text": MINE_BLAST},
    {"id": "mnw-20240310-0117", "title": "Roadside bomb wounds four soldiers near Mosul",
     "outlet": "Meridian Wire", "published": "2024-03-10", "text": ROADSIDE_BOMB},
]

MINE_BLAST_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Mine blast kills two farmers | Example Times</title>
  <meta property="og:title" content="Mine blast kills two farmers near Horlivka">
  <meta property="og:site_name" content="Example Times">
  <meta property="article:published_time" content="2024-03-09T14:05:00Z">
</head>
<body>
  <header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
  </ul></nav></header>
  <main>
    <article>
      <h1>Mine blast kills two farmers near Horlivka</h1>
      <p>Two farmers were killed on Saturday when their tractor hit an anti-tank mine near
      the village of Horlivka, local officials said.</p>
      <p>“The fields around the village are still full of mines left from the fighting,”
      said village head Ivan Petrenko. “People have no choice but to plough them.”</p>
      <p>Deminers have cleared less than a tenth of the farmland in the district since
      2022, according to the regional emergency service.</p>
    </article>
  </main>
  <footer><p>© 2024 Example Times. All rights reserved.</p></footer>
</body>
</html>
"""

NAV_ONLY_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>World | Example Times</title></head>
<body>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
  <li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav>
  <footer><p>© 2024 Example Times. All rights reserved.</p>
  <a href="/privacy">Privacy policy</a> <a href="/contact">Contact us</a></footer>
</body>
</html>
"""

RAND_CSV = """\
rand_row,Date,City,Country,Perpetrator,Weapon,Injuries,Fatalities,Description,desc_mentions_mine
9001,1994-05-12,Sarvan,Veloria,Unknown,Explosives,12,3,"VELORIA.  A bomb exploded in a \
market in Sarvan, killing three people and injuring 12.  No group claimed responsibility.",False
9002,1996-08-02,Ostrel,Veloria,Unknown,Explosives,1,2,"VELORIA.  Two farmers were killed \
and one was injured when their tractor struck a landmine near the village of Ostrel.",True
9003,1999-11-23,Kalder,Dastan,Unknown,Firearms,0,1,"DASTAN.  Gunmen shot dead a local \
councillor outside his home in Kalder.  Police said the attackers escaped by car.",False
"""


# --- helpers ----------------------------------------------------------------------


@pytest.fixture(autouse=True, scope="module")
def _pipeline_built() -> None:
    """Build the gazetteer and place patterns (once per machine) before any CLI run,
    so a first build's setup note never lands in a test's captured stderr."""
    load_pipeline()


@pytest.fixture
def runner() -> CliRunner:
    """A runner that keeps stdout and stderr apart (Click >= 8.2 always does)."""
    return CliRunner()


def invoke(runner: CliRunner, *args: str, **kwargs: Any) -> Result:
    """Run the app in-process, surfacing unexpected exceptions instead of exit codes."""
    result = runner.invoke(app, list(args), **kwargs)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def jsonl(stdout: str) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL stream (every non-empty line must be one)."""
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def sha256_id(data: str | bytes) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def wire_lines() -> list[str]:
    return [json.dumps(obj, ensure_ascii=False) for obj in WIRE_LINES]


@pytest.fixture
def articles(tmp_path: Path) -> list[Path]:
    """A .txt article and a two-line .jsonl, the two good inputs most tests use."""
    txt = tmp_path / "kupiansk_market_shelling.txt"
    txt.write_text(SHELLING, encoding="utf-8")
    return [txt, write_jsonl(tmp_path / "meridian_wire.jsonl", wire_lines())]


def assert_span(text: str, span: Any, what: str) -> str:
    """A well-formed [start, end) span into `text`; returns the evidence it quotes."""
    start, end = span
    assert isinstance(start, int) and isinstance(end, int), what
    assert 0 <= start < end <= len(text), f"{what}: {span} outside the text"
    quoted = text[start:end]
    assert quoted.strip(), f"{what}: {span} quotes only whitespace"
    return quoted


def assert_evidence(record: dict[str, Any]) -> None:
    """Every offset in a record quotes its own text, as the record format requires."""
    text = record["text"]
    for entity in record["entities"]:
        quoted = [assert_span(text, s, f"{entity['id']} mention") for s in entity["mentions"]]
        assert quoted, f"{entity['id']} has no mentions"
        assert all(q == q.strip() for q in quoted), entity
        # Later mentions may be a surname or a pronoun; some mention names the entity.
        assert any(q.casefold() in entity["name"].casefold() or
                   entity["name"].casefold() in q.casefold() for q in quoted), entity
    for statement in record["statements"]:
        content = assert_span(text, statement["content_span"], f"{statement['id']} content")
        parts = [assert_span(text, p, f"{statement['id']} part") for p in statement["parts"]]
        assert " ".join(parts or [content]) == statement["text"], statement
        if statement["speaker_span"] is not None:
            assert_span(text, statement["speaker_span"], f"{statement['id']} speaker")
    for incident in record["incidents"]:
        for span in incident["evidence"]:
            assert_span(text, span, f"{incident['id']} evidence")
    for accusation in record["accusations"]:
        assert_span(text, accusation["evidence"], f"{accusation['id']} evidence")
        for rebuttal in accusation["rebuttals"]:
            assert_span(text, rebuttal["evidence"], f"{accusation['id']} rebuttal")
    for claim in record["claims"]:
        quoted = assert_span(text, claim["evidence"], f"{claim['id']} evidence")
        if claim["field"] in ("killed", "injured") and isinstance(claim["value"], int):
            assert written_in(quoted, claim["value"]), (claim, quoted)


# --- 1. extract ---------------------------------------------------------------------


def test_extract_prints_one_record_per_document_in_input_order(
    runner: CliRunner, articles: list[Path]
) -> None:
    txt, wire = articles
    # --quiet: not even the one-time note of a first gazetteer build on a new machine
    result = invoke(runner, "--quiet", "extract", str(txt), str(wire))

    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    records = jsonl(result.stdout)
    assert [r["source"]["path"] for r in records] == [str(txt), str(wire), str(wire)]
    assert [r["source"]["id"] for r in records] == [None, *(w["id"] for w in WIRE_LINES)]
    assert records[0]["id"] == sha256_id(SHELLING)
    assert [r["id"] for r in records[1:]] == [sha256_id(line) for line in wire_lines()]
    assert records[1]["title"] == WIRE_LINES[0]["title"]
    assert records[1]["published"] == "2024-03-09"
    assert records[1]["source"]["outlet"] == "Meridian Wire"
    assert records[1]["source"]["url"] == WIRE_LINES[0]["url"]
    for record in records:
        assert set(record) == RECORD_FIELDS
        assert set(record["source"]) == SOURCE_FIELDS
        assert record["id"].startswith("sha256:")
        assert record["text"].strip()
        # The texts are news of attacks with quotes: the checks below must not be vacuous.
        assert record["entities"] and record["statements"] and record["incidents"], record
        assert record["claims"], record
        DocumentRecord.model_validate(record)
        assert_evidence(record)
    # the wire dateline is lifted: its outlet kept, the city and date stripped
    assert records[0]["text"].startswith("Three civilians were killed")
    assert records[0]["source"]["outlet"] == "Meridian Wire"
    assert "Kupiansk" in records[0]["text"]


def test_extract_json_prints_a_list_of_the_same_records(
    runner: CliRunner, articles: list[Path]
) -> None:
    paths = [str(p) for p in articles]
    as_jsonl = jsonl(invoke(runner, "extract", *paths).stdout)
    result = invoke(runner, "extract", *paths, "--format", "json")

    assert result.exit_code == 0, result.stderr
    as_json = json.loads(result.stdout)
    assert isinstance(as_json, list)
    assert as_json == as_jsonl


def test_extract_table_names_each_file(runner: CliRunner, articles: list[Path]) -> None:
    txt, wire = articles
    result = invoke(runner, "extract", str(txt), str(wire), "-f", "table",
                    env={"COLUMNS": "160"})

    assert result.exit_code == 0, result.stderr
    assert "newsledger" in result.stdout
    rows = [line for line in result.stdout.splitlines() if txt.name in line or wire.name in line]
    assert [txt.name in row for row in rows] == [True, False, False]
    assert "2024-03-09" in result.stdout and "Meridian Wire" in result.stdout


def test_extract_table_keeps_file_names_when_piped(
    runner: CliRunner, articles: list[Path]
) -> None:
    txt, wire = articles
    result = invoke(runner, "extract", str(txt), str(wire), "-f", "table",
                    env={"COLUMNS": "80"})

    assert result.exit_code == 0, result.stderr
    assert txt.name in result.stdout
    assert "2024-03-09" in result.stdout


# --- 2. bad inputs in a batch ---------------------------------------------------------


@pytest.fixture
def bad_batch(tmp_path: Path) -> tuple[list[Path], dict[str, str]]:
    """Inputs in order: good, seven bad ones (one a JSONL with a bad line), good.

    Returns the paths and, for each expected error location, a reason fragment.
    """
    good_txt = tmp_path / "kupiansk_market_shelling.txt"
    good_txt.write_text(SHELLING, encoding="utf-8")
    empty = tmp_path / "empty_dispatch.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo_caption.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 8)
    latin1 = tmp_path / "latin1_dispatch.txt"
    latin1.write_bytes("Shelling hit the café in Kupiansk on Friday.".encode("latin-1"))
    huge = tmp_path / "huge_dump.txt"
    with huge.open("wb") as fh:  # sparse: 50 MB that take no disk space
        fh.seek(50 * 1024 * 1024)
        fh.write(b"\n")
    pdf = tmp_path / "ministry_statement.pdf"
    pdf.write_bytes(b"%PDF-1.7\n% statement of the ministry\n")
    mixed = write_jsonl(tmp_path / "wire_mixed.jsonl", [
        wire_lines()[0], '{"id": "mnw-broken", "text": "Shelling resumed on', wire_lines()[1]])
    nav = tmp_path / "world_index.html"
    nav.write_text(NAV_ONLY_PAGE, encoding="utf-8")
    good_html = tmp_path / "horlivka_mine_blast.html"
    good_html.write_text(MINE_BLAST_PAGE, encoding="utf-8")
    paths = [good_txt, empty, binary, latin1, huge, pdf, mixed, nav, good_html]
    reasons = {
        str(empty): "empty file",
        str(binary): "binary file",
        str(latin1): "invalid UTF-8",
        str(huge): "too large",
        str(pdf): "unsupported file type '.pdf'",
        f"{mixed}:2": "invalid JSON",
        str(nav): "no article text found in HTML",
    }
    return paths, reasons


def test_extract_reports_each_bad_input_once_and_keeps_the_good_ones(
    runner: CliRunner, bad_batch: tuple[list[Path], dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths, reasons = bad_batch
    good_txt, huge, mixed, good_html = paths[0], paths[4], paths[6], paths[-1]
    opened: list[str] = []
    real_open = open

    def spy_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(decode, "open", spy_open, raising=False)
    result = invoke(runner, "extract", *map(str, paths))

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == len(reasons), result.stderr
    for line, (where, reason) in zip(lines, reasons.items(), strict=True):
        assert line.startswith(f"error {where}: "), line
        assert reason in line, line
    assert str(good_txt) in opened  # the spy sees reads...
    assert str(huge) not in opened, "the 50 MB file was opened"  # ...and this one is refused
    records = jsonl(result.stdout)
    assert [r["source"]["path"] for r in records] == [
        str(good_txt), str(mixed), str(mixed), str(good_html)]
    assert [r["source"]["id"] for r in records[1:3]] == [w["id"] for w in WIRE_LINES]
    assert records[-1]["source"]["outlet"] == "Example Times"
    assert records[-1]["published"] == "2024-03-09"
    for record in records:
        assert_evidence(record)


# --- 3. ingest ----------------------------------------------------------------------


def db_url(tmp_path: Path, name: str = "l.db") -> str:
    return f"sqlite:///{tmp_path}/{name}"


def summary(stderr: str) -> str:
    """The closing `N added, N already in the ledger, N failed` line."""
    found = re.findall(r"^\d+ added, \d+ already in the ledger, \d+ failed.*$", stderr, re.M)
    assert len(found) == 1, stderr
    return found[0]


def test_ingest_stores_documents_and_is_idempotent(
    runner: CliRunner, articles: list[Path], tmp_path: Path
) -> None:
    url = db_url(tmp_path)
    paths = [str(p) for p in articles]

    first = invoke(runner, "ingest", *paths, "--db", url)
    assert first.exit_code == 0, first.stderr
    assert summary(first.stderr).startswith("3 added, 0 already in the ledger, 0 failed")
    engine = connect(url)
    assert count_documents(engine) == 3

    again = invoke(runner, "ingest", *paths, "--db", url)
    assert again.exit_code == 0, again.stderr
    assert summary(again.stderr).startswith("0 added, 3 already in the ledger, 0 failed")
    assert count_documents(engine) == 3


def test_ingest_stores_the_good_documents_of_a_bad_batch(
    runner: CliRunner, bad_batch: tuple[list[Path], dict[str, str]], tmp_path: Path
) -> None:
    paths, reasons = bad_batch
    url = db_url(tmp_path)
    expected = jsonl(invoke(runner, "extract", *map(str, paths)).stdout)

    result = invoke(runner, "ingest", *map(str, paths), "--db", url)

    assert result.exit_code == 1
    assert summary(result.stderr).startswith(
        f"{len(expected)} added, 0 already in the ledger, {len(reasons)} failed")
    engine = connect(url)
    assert count_documents(engine) == len(expected) == 4
    stored = {r.id: r for r in repository.iter_documents(engine)}
    assert set(stored) == {r["id"] for r in expected}
    assert {r.source.path for r in stored.values()} == {
        str(paths[0]), str(paths[6]), str(paths[-1])}
    bad_line = json.dumps({"id": "mnw-broken", "text": "Shelling resumed on"})
    assert get_document(engine, sha256_id(bad_line)) is None
    assert not any(r.source.id == "mnw-broken" for r in stored.values())


def test_ingest_reports_each_bad_input_on_one_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Long paths are not wrapped at the console width, brackets are not Rich markup."""
    folder = tmp_path / "archive" / "2024" / "03" / "meridian-wire-regional-desk-eastern-ukraine"
    folder.mkdir(parents=True)
    good = folder / "kupiansk_market_shelling_governor_statement.txt"
    good.write_text(SHELLING, encoding="utf-8")
    empty = folder / "kupiansk_market_shelling_follow_up_placeholder.txt"
    empty.write_bytes(b"")
    draft = folder / "[red]horlivka mine blast [draft].txt"
    draft.write_text(MINE_BLAST, encoding="utf-8")
    monkeypatch.setattr(repository, "_insert_document", failing_insert_document(str(draft)))

    result = invoke(runner, "ingest", str(good), str(empty), str(draft),
                    "--db", db_url(tmp_path), env={"COLUMNS": "80"})

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"error {empty}: empty file" in lines, result.stderr
    assert f"error {draft}: not stored: disk I/O error" in lines, result.stderr
    assert summary(result.stderr).startswith("1 added, 0 already in the ledger, 2 failed")


# --- 4. a storage failure mid-batch ------------------------------------------------


def failing_insert_document(target: str) -> Callable[..., Any]:
    """`_insert_document` that writes the document row, then fails for `target`."""
    original = repository._insert_document

    def insert_document(conn: Any, record: DocumentRecord) -> bool:
        inserted = original(conn, record)
        if record.source.path == target:
            raise RuntimeError("disk I/O error")
        return inserted

    return insert_document


def failing_child_rows(target: str) -> Callable[..., Any]:
    """`_child_rows` that repeats an entity row at the end for `target`: the last
    INSERT of the document's transaction then violates the primary key."""
    original = repository._child_rows

    def child_rows(record: DocumentRecord) -> list[tuple[type[m.Base], list[dict[str, Any]]]]:
        rows = original(record)
        if record.source.path == target:
            first_entity = next(r for model, table in rows if model is m.Entity for r in table)
            rows.append((m.Entity, [first_entity]))
        return rows

    return child_rows


@pytest.mark.parametrize(("attribute", "failure"), [
    ("_insert_document", failing_insert_document),
    ("_child_rows", failing_child_rows),
], ids=["after-document-row", "on-last-child-insert"])
def test_a_storage_failure_loses_only_that_document(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    attribute: str, failure: Callable[[str], Callable[..., Any]],
) -> None:
    texts = {"kupiansk_market_shelling.txt": SHELLING, "horlivka_mine_blast.txt": MINE_BLAST,
             "mosul_roadside_bomb.txt": ROADSIDE_BOMB}
    paths = []
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    first, second, third = (sha256_id(t) for t in texts.values())
    url = db_url(tmp_path)
    monkeypatch.setattr(repository, attribute, failure(paths[1]))

    result = invoke(runner, "ingest", *paths, "--db", url)

    assert result.exit_code == 1
    assert summary(result.stderr).startswith("2 added, 0 already in the ledger, 1 failed")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error ")]
    assert len(errors) == 1 and "not stored" in errors[0], result.stderr
    assert "horlivka_mine_blast.txt" in result.stderr
    engine = connect(url)
    assert get_document(engine, first) is not None
    assert get_document(engine, third) is not None
    assert get_document(engine, second) is None
    with engine.connect() as conn:  # no orphan rows of the failed document either
        for model in (m.Entity, m.Mention, m.Statement, m.Incident, m.Accusation, m.Claim,
                      m.EvidenceSpan):
            count = conn.scalar(select(func.count()).select_from(model)
                                .where(model.doc_id == second))
            assert count == 0, model.__tablename__

    monkeypatch.undo()  # the failure is not sticky: a rerun stores the missing document
    rerun = invoke(runner, "ingest", *paths, "--db", url)
    assert rerun.exit_code == 0, rerun.stderr
    assert summary(rerun.stderr).startswith("1 added, 2 already in the ledger, 0 failed")
    assert get_document(engine, second) is not None


# --- 5. export ----------------------------------------------------------------------


def test_export_gives_back_what_extract_printed(
    runner: CliRunner, articles: list[Path], tmp_path: Path
) -> None:
    paths = [str(p) for p in articles]
    url = db_url(tmp_path)
    extracted = {r["id"]: r for r in jsonl(invoke(runner, "extract", *paths).stdout)}
    assert invoke(runner, "ingest", *paths, "--db", url).exit_code == 0

    to_stdout = invoke(runner, "export", "--format", "jsonl", "--db", url)
    out_file = tmp_path / "ledger.jsonl"
    to_file = invoke(runner, "export", "--format", "jsonl", "--db", url, "-o", str(out_file))

    assert to_stdout.exit_code == 0, to_stdout.stderr
    assert to_file.exit_code == 0, to_file.stderr
    assert "exported 3 documents" in to_stdout.stderr
    exported = jsonl(to_stdout.stdout)
    assert len(exported) == 3
    assert {r["id"]: r for r in exported} == extracted
    assert jsonl(out_file.read_text(encoding="utf-8")) == exported


# --- 6. eval ------------------------------------------------------------------------


def test_eval_rand_prints_killed_and_injured_scores(runner: CliRunner, tmp_path: Path) -> None:
    sample = tmp_path / "rand_rdwti_sample.csv"
    sample.write_text(RAND_CSV, encoding="utf-8")

    result = invoke(runner, "eval", "rand", str(sample), env={"COLUMNS": "120"})

    assert result.exit_code == 0, result.stderr
    assert "RAND RDWTI (3 rows)" in result.stdout
    rows = result.stdout.splitlines()
    killed = [row for row in rows if "killed: all rows" in row]
    injured = [row for row in rows if "injured: all rows" in row]
    assert len(killed) == 1 and len(injured) == 1, result.stdout
    assert re.search(r"\b[01]\.\d{3}\b.*\b3\b", killed[0]), killed[0]
    assert re.search(r"\b[01]\.\d{3}\b.*\b3\b", injured[0]), injured[0]


def test_eval_rand_missing_path_is_exit_2(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    result = invoke(runner, "eval", "rand", "rand_rdwti_missing.csv", env={"COLUMNS": "80"})

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "rand_rdwti_missing.csv: no such file or directory" in result.stderr


# --- 7. bench -----------------------------------------------------------------------


def test_bench_compares_bare_spacy_with_extract(runner: CliRunner) -> None:
    result = invoke(runner, "bench", "--docs", "5", "--rounds", "2",
                    "--corpus", str(SAMPLE_CORPUS), env={"COLUMNS": "120"})

    assert result.exit_code == 0, result.stderr
    assert "newsledger bench: 5 documents" in result.stdout
    assert "bare spaCy" in result.stdout
    assert "newsledger extract" in result.stdout
    assert re.search(r"extract / bare = \d+\.\d\dx", result.stdout), result.stdout
    assert re.search(r"best of 2 rounds; extract / bare per round: \d+\.\d\dx to \d+\.\d\dx",
                     result.stdout), result.stdout


def test_bench_merge_reports_cost_per_document_and_the_clusters(runner: CliRunner) -> None:
    result = invoke(runner, "bench", "--what", "merge", "--docs", "60", "--window", "20",
                    env={"COLUMNS": "160"})

    assert result.exit_code == 0, result.stderr
    assert "60 generated documents" in result.stdout
    assert re.search(r"last 20 / first 20 = \d+\.\d\dx", result.stdout), result.stdout
    scores = re.search(r"B-cubed P (\d\.\d+) R (\d\.\d+)", result.stdout)
    assert scores and float(scores[1]) > 0.8 and float(scores[2]) > 0.8, result.stdout


def test_generated_merge_corpus_is_in_publication_order() -> None:
    from newsledger.bench.merge import generate_records

    generated = generate_records(300)
    published = [record.published for _, record in generated]
    assert published == sorted(published) and len(generated) == 300
    events = [event for event, _ in generated]
    assert len(set(events)) < len(events)  # some events have several reports
    for _, record in generated[:20]:  # every offset points at what it names
        for entity in record.entities:
            assert all(record.text[a:b] == entity.name for a, b in entity.mentions)


# --- 8. stdin -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def entry_point() -> Path:
    """The `newsledger` script installed next to this interpreter."""
    exe = Path(sys.executable).parent / "newsledger"
    if not exe.exists():
        pytest.skip(f"no installed entry point at {exe}")
    return exe


def test_extract_reads_stdin(entry_point: Path) -> None:
    done = subprocess.run([str(entry_point), "extract", "-"], input=SHELLING.encode("utf-8"),
                          capture_output=True, timeout=120, check=False)

    assert done.returncode == 0, done.stderr.decode()
    records = jsonl(done.stdout.decode("utf-8"))
    assert len(records) == 1
    record = records[0]
    assert record["source"]["path"] == "-"
    assert record["id"] == sha256_id(SHELLING)  # same bytes, same id as from a file
    assert record["text"].startswith("Three civilians were killed")  # dateline lifted
    assert_evidence(record)


def test_a_missing_language_pipeline_is_one_line_and_exit_2(
    runner: CliRunner, tmp_path: Path
) -> None:
    article = tmp_path / "dispatch.txt"
    article.write_text(SHELLING, encoding="utf-8")
    result = invoke(runner, "extract", str(article),
                    env={"NEWSLEDGER_PIPELINE": "xx_no_such_pipeline"})
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "xx_no_such_pipeline" in line and "not installed" in line
    assert result.stdout == ""


def test_bench_warm_up_loads_what_extractors_load_on_first_use() -> None:
    (record,) = build_records([WARM_UP])
    assert [s.speaker_name for s in record.statements] == ["Rashad Guliyev"]
    assert speakers._gender_detector.cache_info().currsize == 1
