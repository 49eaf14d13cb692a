"""Every record `extract` produces is storable: the seeds, the samples and the
first 150 documents of each dev eval set (MUC-4, PolNeAR, ACLED notes, UCDP
headlines) go through extract, then into SQLite and PostgreSQL with the
ledger merge, and each extracted document must be stored and read back.

The dev sets live in ../shared (research terms: read here, never copied);
without them the test runs on the seeds and samples only.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from newsledger.ingest.article import Article
from newsledger.ingest.sources import iter_articles
from newsledger.ledger.build import build_records
from newsledger.ledger.merge import ingest_record
from newsledger.records import DocumentRecord
from newsledger.store import models as m
from newsledger.store.db import connect
from newsledger.store.repository import get_document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
PER_SET = 150


def _article(dataset: str, key: str, body: str) -> Article:
    digest = hashlib.sha256(f"{dataset}\n{key}\n{body}".encode()).hexdigest()
    return Article(doc_id=f"sha256:{digest}", text=body, path=f"{dataset}:{key}",
                   source_id=key)


def _jsonl(path: Path, dataset: str) -> Iterator[Article]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("text", "").strip():
                yield _article(dataset, str(row["doc_id"]), row["text"])


def _csv(path: Path, dataset: str, id_column: str, text_column: str) -> Iterator[Article]:
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get(text_column, "").strip():
                yield _article(dataset, row[id_column], row[text_column])


def _dev_articles() -> list[Article]:
    sets = [
        (EVAL / "muc4" / "muc4_dev.jsonl", lambda p: _jsonl(p, "muc4")),
        (EVAL / "polnear" / "polnear_dev.jsonl", lambda p: _jsonl(p, "polnear")),
        (EVAL / "acled_2022h1_acledR" / "acled_2022h1_sample.csv",
         lambda p: _csv(p, "acled", "event_id_cnty", "notes")),
        (EVAL / "ucdp_ged_syria_v19_1" / "ucdp_ged_syria_sample.csv",
         lambda p: _csv(p, "ucdp", "id", "source_headline")),
    ]
    found: list[Article] = []
    for path, read in sets:
        if path.is_file():
            found += islice(read(path), PER_SET)
    return found


@pytest.fixture(scope="module")
def records() -> list[DocumentRecord]:
    """Seeds, samples and dev documents, extracted once; an extraction error
    fails here, since every one of these inputs is a valid article."""
    paths = [str(ROOT / "samples" / "corpus")]
    if (SHARED / "seeds").is_dir():
        paths.append(str(SHARED / "seeds"))
    items = [*iter_articles(paths), *_dev_articles()]
    found = list(build_records(items))
    errors = [str(r) for r in found if not isinstance(r, DocumentRecord)]
    assert not errors, errors
    return found


def _store_all(engine: Engine, records: list[DocumentRecord]) -> None:
    failures = []
    for record in records:
        try:
            ingest_record(engine, record)
        except Exception as error:  # collect every failure, not just the first
            failures.append(f"{record.source.path}: {type(error).__name__}: {error}"[:300])
    assert not failures, failures
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(m.Document)).scalar_one()
    assert stored == len({r.id for r in records})
    for record in records:
        back = get_document(engine, record.id)
        assert back is not None and back.to_json_dict() == record.to_json_dict(), \
            record.source.path


def test_the_seeds_and_every_dev_set_are_in_the_batch(records: list[DocumentRecord]) -> None:
    paths = [r.source.path or "" for r in records]
    if (SHARED / "seeds").is_dir():
        assert sum(Path(p).name.startswith("000_") for p in paths) == 1
    if EVAL.is_dir():
        for dataset in ("muc4", "polnear", "acled", "ucdp"):
            count = sum(p.startswith(f"{dataset}:") for p in paths)
            assert 80 <= count <= PER_SET, dataset  # PolNeAR dev has 94 rows


def test_every_extracted_document_is_stored_in_sqlite(tmp_path: Path,
                                                      records: list[DocumentRecord]) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'dev.db'}")
    _store_all(engine, records)
    engine.dispose()


@pytest.mark.postgres
def test_every_extracted_document_is_stored_in_postgresql(
        fresh_postgres_database: Callable[[], str], records: list[DocumentRecord]) -> None:
    engine = connect(fresh_postgres_database())
    try:
        _store_all(engine, records)
    finally:
        engine.dispose()
