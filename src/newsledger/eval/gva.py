"""GVA: killed and injured per full news article against the Gun Violence Archive.

Each article of ``articles.jsonl`` that GVA lists as the source of one
incident (multi-incident roundups are skipped) is extracted with its title
and publication date, and the main incident's ``best`` killed and injured
(0 when none, as for RAND) are compared with GVA's counts. GVA counts a
shooter who was shot (a suicide after a shooting is one of the killed), so
killed is also scored against the victims alone (``killed_victims``), and
as correct when it equals either reading. Figures are given on all
articles and on those whose gold count is written in the text (digits or a
number word), since an article can be a follow-up that never restates the
count, or one written before a wounded victim died.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from rich.table import Table

from newsledger.eval.common import Metric, Score, extract, metric_table, predicted
from newsledger.eval.rand import written_in
from newsledger.ingest.article import Article

TARGETS = {"killed, count written in text": 0.80}


@dataclass
class GvaReport:
    articles: int = 0
    scores: dict[str, Score] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def table(self) -> Table:
        return metric_table(
            f"GVA ({self.articles} single-incident articles)",
            (Metric(name, s.accuracy, s.total, TARGETS.get(name))
             for name, s in self.scores.items()),
            self.failed, value_header="exact match")


def _rows(path: Path, name: str) -> list[dict]:
    with (path / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(path: Path, limit: int | None = None) -> GvaReport:
    incidents = {row["incident_id"]: row for row in _rows(path, "incidents.jsonl")}
    rows = list(islice((r for r in _rows(path, "articles.jsonl")
                        if not r.get("multi_incident")), limit))
    articles = [Article(doc_id=f"gva:{row['id']}", text=row["text"], title=row.get("title"),
                        published=row.get("published")) for row in rows]
    report = GvaReport(articles=len(rows))
    for row, record in zip(rows, extract(articles, "gva"), strict=True):
        if isinstance(record, str):
            report.failed.append(record)
            continue
        gold = incidents[row["incident_id"]]
        text = f"{row.get('title') or ''}\n{row['text']}"
        killed, injured = predicted(record, "killed"), predicted(record, "injured")
        either = killed in (gold["killed"], gold["killed_victims"])
        checks = (("killed", killed == gold["killed"], gold["killed"]),
                  ("killed, victims only", killed == gold["killed_victims"],
                   gold["killed_victims"]),
                  ("killed, GVA count or victims only", either, gold["killed"]),
                  ("injured", injured == gold["injured"], gold["injured"]))
        for name, ok, value in checks:
            report.score(f"{name}: all articles").add(ok)
            written = report.score(f"{name}, count written in text")
            if value > 0 and written_in(text, value):
                written.add(ok)
    return report
