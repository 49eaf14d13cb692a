"""RAND RDWTI: killed and injured counts against RAND coders' totals.

Each row is one incident with an analyst's narrative; we extract the
narrative (published = the incident date) and compare the killed and
injured figures of the main incident with the coded Fatalities and
Injuries. Scores are given on all rows and on the rows whose gold count is
written in the text (digits or a number word), since the rest need
information the text does not hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rich.progress import track
from rich.table import Table

from newsledger.eval.common import Score, csv_rows, predicted
from newsledger.extract.casualties import number_words
from newsledger.ingest.article import Article
from newsledger.ledger.build import build_records
from newsledger.records import DocumentRecord

FILE_NAME = "rand_rdwti_sample.csv"


@dataclass
class RandReport:
    rows: int = 0
    scores: dict[str, Score] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)  # rows whose extraction failed

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def table(self) -> Table:
        table = Table(title=f"RAND RDWTI ({self.rows} rows)",
                      caption=f"{len(self.failed)} rows failed to extract" if self.failed
                      else None)
        for column in ("measure", "exact match", "rows"):
            table.add_column(column)
        for name, score in self.scores.items():
            table.add_row(name, f"{score.accuracy:.3f}", str(score.total))
        return table


def written_in(text: str, value: int) -> bool:
    """Whether ``value`` appears in ``text`` as digits or as a number word."""
    if re.search(rf"(?<![\d,]){value:,}(?![\d,])|(?<!\d){value}(?!\d)", text):
        return True
    words = [w for w, (v, _) in number_words().items() if v == value and len(w) > 2]
    return any(re.search(rf"\b{w}\b", text, re.IGNORECASE) for w in words)


def evaluate(path: Path, limit: int | None = None) -> RandReport:
    rows = list(csv_rows(path, FILE_NAME, limit))
    articles = [Article(doc_id=f"rand:{row['rand_row']}", text=row["Description"],
                        published=row["Date"] or None) for row in rows]
    report = RandReport(rows=len(rows))
    records = build_records(articles)
    for row, record in track(zip(rows, records, strict=True), total=len(rows),
                             description="rand", transient=True):
        if not isinstance(record, DocumentRecord):
            report.failed.append(str(record))
            continue
        for field_name, column in (("killed", "Fatalities"), ("injured", "Injuries")):
            try:
                gold = int(float(row[column]))
            except ValueError:
                continue
            ok = predicted(record, field_name) == gold
            report.score(f"{field_name}: all rows").add(ok)
            if gold > 0 and written_in(row["Description"], gold):
                report.score(f"{field_name}: count written in text").add(ok)
    return report
