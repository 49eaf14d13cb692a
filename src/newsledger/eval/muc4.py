"""MUC-4: which news messages report a terrorist incident, against the answer keys.

MUC-4 keys hold one template per relevant incident; an irrelevant message
has a single template filled with '*'. A message is relevant in the gold
when it has at least one template whose INCIDENT: TYPE is not '*', and
relevant for us when we extract at least one non-aggregate incident. We
score relevant-document precision, recall and F1 over the test sets TST1
and TST2 (both by default, when PATH is the folder; ``--limit`` applies to
each file).

The texts are all-caps FBIS wire copy and are extracted as they are; the
message's dateline date ("SAN SALVADOR, 4 APR 89 (ACAN-EFE) --") is passed
as the publication date so that "yesterday" resolves as it would in news.

Templates are kept parsed on each outcome, so further measures (e.g.
perpetrators against PERP: ORGANIZATION ID) are one more scoring function
fed the same outcomes, plus its rows in ``MucReport.metrics``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rich.table import Table

from newsledger.eval.common import PRF, Metric, extract, metric_table
from newsledger.ingest.article import Article
from newsledger.records import DocumentRecord

DEFAULT_SPLITS = ("tst1", "tst2")
F1_TARGET = 0.75
EMPTY = {"*", "-", ""}
MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}
DATELINE = re.compile(r"^\s*[^\n]{0,80}?,\s+(\d{1,2})\s+([A-Z]{3})\s+(\d{2})\b")


@dataclass
class GoldDoc:
    doc_id: str
    split: str
    text: str
    templates: list[dict[str, str]]  # only the filled ones: one per gold incident

    @property
    def relevant(self) -> bool:
        return bool(self.templates)


@dataclass
class DocOutcome:
    gold: GoldDoc
    record: DocumentRecord

    @property
    def predicted_relevant(self) -> bool:
        return any(not i.aggregate for i in self.record.incidents)


def dateline_date(text: str) -> str | None:
    """ISO date of the message's dateline, None for 'NO DATE' or an odd heading."""
    m = DATELINE.match(text)
    if not m or m.group(2) not in MONTHS:
        return None
    day, month, year = int(m.group(1)), MONTHS[m.group(2)], 1900 + int(m.group(3))
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None


def filled_templates(templates: list[dict[str, str]]) -> list[dict[str, str]]:
    """The templates that describe an incident (an irrelevant message has a '*' one)."""
    return [t for t in templates if t.get("INCIDENT: TYPE", "*").strip() not in EMPTY]


def relevance(outcomes: list[DocOutcome]) -> PRF:
    """Relevant-document counts: a hit is a relevant message where we found an incident."""
    prf = PRF()
    for o in outcomes:
        prf.tp += o.gold.relevant and o.predicted_relevant
        prf.fp += not o.gold.relevant and o.predicted_relevant
        prf.fn += o.gold.relevant and not o.predicted_relevant
    return prf


@dataclass
class MucReport:
    docs: int = 0
    outcomes: list[DocOutcome] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def metrics(self) -> Iterator[Metric]:
        splits = sorted({o.gold.split for o in self.outcomes})
        prf = relevance(self.outcomes)
        relevant = sum(o.gold.relevant for o in self.outcomes)
        yield Metric("relevant docs: precision", prf.precision, prf.tp + prf.fp)
        yield Metric("relevant docs: recall", prf.recall, relevant)
        yield Metric("relevant docs: F1", prf.f1, len(self.outcomes), F1_TARGET)
        if len(splits) > 1:
            for split in splits:
                part = [o for o in self.outcomes if o.gold.split == split]
                yield Metric(f"relevant docs: F1 ({split})", relevance(part).f1, len(part))

    def table(self) -> Table:
        return metric_table(f"MUC-4 ({self.docs} messages)", self.metrics(), self.failed)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return [path / f"muc4_{split}.jsonl" for split in DEFAULT_SPLITS]
    return [path]


def load(path: Path, limit: int | None = None) -> list[GoldDoc]:
    """The messages of each file (the first ``limit`` of each) with their filled templates."""
    docs: list[GoldDoc] = []
    for file in _files(path):
        with file.open(encoding="utf-8") as fh:
            for index, line in enumerate(fh):
                if limit is not None and index >= limit:
                    break
                row = json.loads(line)
                docs.append(GoldDoc(doc_id=row["doc_id"], split=row.get("split") or file.stem,
                                    text=row["text"],
                                    templates=filled_templates(row.get("templates") or [])))
    return docs


def evaluate(path: Path, limit: int | None = None) -> MucReport:
    docs = load(path, limit)
    articles = [Article(doc_id=f"muc4:{d.doc_id}", text=d.text,
                        published=dateline_date(d.text)) for d in docs]
    report = MucReport(docs=len(docs))
    for doc, record in zip(docs, extract(articles, "muc4"), strict=True):
        if isinstance(record, str):
            report.failed.append(record)
        else:
            report.outcomes.append(DocOutcome(doc, record))
    return report
