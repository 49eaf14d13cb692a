"""Issue 14, storage side: concurrent ingests, one-line storage errors, NUL on both
backends, resuming without extracting again."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.ledger import build as ledger_build
from newsledger.store import repository
from newsledger.store.db import connect, describe, retry_busy
from newsledger.store.repository import count_documents

STORIES = {
    "lisvar_depot.txt": "Four people were killed when a drone struck a fuel depot on the "
    "outskirts of Lisvar on Tuesday night, the regional governor said.",
    "mirdash_border.txt": "Two border guards were wounded in an exchange of fire near the "
    "village of Mirdash on Wednesday, the Velorian Defence Ministry said.",
    "tesvani_mine.txt": "A landmine killed a shepherd near the village of Tesvani on Sunday, "
    "local officials said. The area was mined during the fighting two years ago.",
}


def write_stories(folder: Path, names: list[str] | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    for name in names or list(STORIES):
        (folder / name).write_text(STORIES[name], encoding="utf-8")
    return folder


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error ")]


# --- 3. two processes opening (and migrating) a new database at once ----------------


def _open(url: str, barrier: Any) -> str:
    barrier.wait()
    try:
        connect(url).dispose()
    except Exception as error:
        return repr(error)
    return "ok"


def test_concurrent_first_connections_all_migrate(db_url: str, tmp_path: Path) -> None:
    """The race that lost 16 of 80 ingests: every process must come out with the schema."""
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(3) as pool:
        for round_ in range(3):
            url = (db_url.replace("ledger.db", f"round{round_}.db")
                   if db_url.startswith("sqlite") else db_url)
            barrier = manager.Barrier(3)
            assert pool.starmap(_open, [(url, barrier)] * 3) == ["ok"] * 3


def test_two_ingests_into_a_new_database_both_store_everything(
    db_url: str, tmp_path: Path,
) -> None:
    url = db_url  # a SQLite file not created yet, or an empty PostgreSQL database
    exe = str(Path(sys.executable).parent / "newsledger")
    first = write_stories(tmp_path / "first", ["lisvar_depot.txt", "mirdash_border.txt"])
    second = write_stories(tmp_path / "second", ["tesvani_mine.txt", "mirdash_border.txt"])
    runs = [subprocess.Popen([exe, "-q", "ingest", str(folder), "--db", url],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for folder in (first, second)]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
    assert count_documents(connect(url)) == 3  # the shared story once


def test_busy_writes_are_retried_until_they_pass() -> None:
    calls: list[int] = []

    def write() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("INSERT ...", {}, Exception("database is locked"))
        return "stored"

    assert retry_busy(write) == "stored" and len(calls) == 3


def test_other_errors_are_not_retried() -> None:
    calls: list[int] = []

    def write() -> None:
        calls.append(1)
        raise OperationalError("INSERT ...", {}, Exception("no such table: documents"))

    with pytest.raises(OperationalError):
        retry_busy(write)
    assert len(calls) == 1


# --- 7. a storage error is one line, with the JSONL line --------------------------


def test_a_storage_error_is_one_line_naming_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_insert = repository._insert_document

    def failing_insert(conn: Connection, record: Any) -> bool:
        if "Mirdash" in record.text:  # a real constraint error, with its SQL and parameters
            conn.execute(text("INSERT INTO documents (id, text) VALUES (NULL, :t)"),
                         {"t": record.text})
        return real_insert(conn, record)

    monkeypatch.setattr(repository, "_insert_document", failing_insert)
    wire = tmp_path / "wire.jsonl"
    wire.write_text("\n".join(json.dumps({"text": t}) for t in STORIES.values()) + "\n",
                    encoding="utf-8")

    result = invoke("ingest", str(wire), "--db", f"sqlite:///{tmp_path / 'l.db'}")

    assert result.exit_code == 1
    assert errors(result.stderr) == [
        f"error {wire}:2: not stored: NOT NULL constraint failed: documents.id"]
    assert "[SQL:" not in result.stderr and "INSERT" not in result.stderr
    assert "2 added, 0 already in the ledger, 1 failed" in result.stderr


def test_describe_keeps_the_drivers_first_line(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'l.db'}")
    with pytest.raises(Exception) as caught, engine.begin() as conn:
        conn.execute(text("SELECT title FROM nowhere WHERE id = :x"), {"x": 1})
    assert describe(caught.value) == "no such table: nowhere"


# --- 4. a NUL in a JSONL text is stored on both backends ---------------------------


def test_nul_and_surrogates_in_jsonl_store_alike_on_both_backends(
    db_url: str, tmp_path: Path,
) -> None:
    wire = tmp_path / "wire.jsonl"
    wire.write_text("\n".join([
        json.dumps({"id": "mnw-1", "title": "Depot\u0000 strike", "text":
                    "Four people\u0000 were killed when a drone struck a depot in Lisvar."}),
        json.dumps({"id": "mnw-2", "title": "Border \udc80", "text":
                    "Two guards were wounded near Mirdash \ud800 on Wednesday."}),
    ]) + "\n", encoding="utf-8")

    result = invoke("ingest", str(wire), "--db", db_url)

    assert result.exit_code == 0, result.stderr
    engine = connect(db_url)
    stored = {r.source.id: r for r in repository.iter_documents(engine)}
    assert stored["mnw-1"].text.startswith("Four people were killed")
    assert stored["mnw-1"].title == "Depot strike"
    assert stored["mnw-2"].title == "Border \ufffd"


# --- 8. a resumed ingest extracts only what is left -------------------------------


def test_a_resumed_ingest_extracts_only_new_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    extracted: list[str] = []
    real = ledger_build.record_from_doc

    def counting(article: Any, doc: Any) -> Any:
        extracted.append(Path(article.path).name)
        return real(article, doc)

    monkeypatch.setattr(ledger_build, "record_from_doc", counting)
    folder = write_stories(tmp_path / "wire", ["lisvar_depot.txt", "mirdash_border.txt"])
    url = f"sqlite:///{tmp_path / 'l.db'}"

    assert invoke("ingest", str(folder), "--db", url).exit_code == 0
    assert sorted(extracted) == ["lisvar_depot.txt", "mirdash_border.txt"]

    extracted.clear()
    write_stories(folder, ["tesvani_mine.txt"])  # the crash left this one
    again = invoke("ingest", str(folder), "--db", url)
    assert again.exit_code == 0, again.stderr
    assert extracted == ["tesvani_mine.txt"]
    assert "1 added, 2 already in the ledger, 0 failed" in again.stderr
    assert count_documents(connect(url)) == 3
