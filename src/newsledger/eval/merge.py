"""Cross-article merging against gold incidents: GVA and ECB+.

The articles of a dataset (``articles.jsonl``: ``id``, ``text``, optional
``title``/``published``/``url``, gold ``incident_id``) are ingested into a
ledger exactly as ``newsledger ingest`` does. Each article then belongs to
the ledger incident of its main report (``ledger.signature.main_incident_id``:
its first incident that is not an aggregate toll, violent events before
arrests and protests); an article with no incident is a cluster of its own.
The clusters of articles are scored against the gold incidents with B-cubed
and pairwise precision, recall and F1, overall and on the articles of gold
incidents with two or more articles (the merge test);
killed and injured are compared per gold incident (the ledger incident
holding most of its articles: its ``best``, null counted as 0). ECB+ topics
hold two similar events: a topic whose two events share a ledger incident is
counted as merged.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from rich.console import Group
from rich.progress import track
from rich.table import Table
from sqlalchemy import Engine, select

from newsledger.eval.common import Metric, Score, metric_table
from newsledger.ingest.article import Article
from newsledger.ingest.sources import iter_articles
from newsledger.ledger.build import build_records
from newsledger.ledger.merge import ingest_record, rebuild
from newsledger.records import DocumentRecord
from newsledger.store import models as m
from newsledger.store.db import connect

Clusters = dict[str, str]  # article id -> cluster id


# --- the measures --------------------------------------------------------------


def bcubed(gold: Clusters, predicted: Clusters, items: Iterable[str]) -> tuple[float, float]:
    """B-cubed precision and recall over ``items``."""
    chosen = list(items)
    pred_groups: dict[str, set[str]] = defaultdict(set)
    gold_groups: dict[str, set[str]] = defaultdict(set)
    for item in chosen:
        pred_groups[predicted[item]].add(item)
        gold_groups[gold[item]].add(item)
    precision = recall = 0.0
    for item in chosen:
        same_pred, same_gold = pred_groups[predicted[item]], gold_groups[gold[item]]
        both = len(same_pred & same_gold)
        precision += both / len(same_pred)
        recall += both / len(same_gold)
    n = len(chosen) or 1
    return precision / n, recall / n


def pairwise(gold: Clusters, predicted: Clusters, items: Iterable[str]) -> tuple[float, float]:
    """Precision and recall of the article pairs put in one incident."""
    chosen = list(items)

    def pairs(of: Clusters) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for item in chosen:
            groups[of[item]].append(item)
        return {(a, b) for members in groups.values() for a in members for b in members
                if a < b}

    p, g = pairs(predicted), pairs(gold)
    both = len(p & g)
    return (both / len(p) if p else 1.0), (both / len(g) if g else 1.0)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# --- the report ----------------------------------------------------------------------


@dataclass
class MergeReport:
    dataset: str
    articles: int = 0
    failed: list[str] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def table(self) -> Group:
        table = metric_table(f"merge: {self.dataset} ({self.articles} articles)",
                             self.metrics, self.failed)
        notes = Table.grid()
        for note in self.notes:
            notes.add_row(note)
        return Group(table, notes)


_TARGETS = {"gva": {"bcubed_f1_merge": 0.85, "pairwise_p": 0.90, "killed": 0.70},
            "ecbplus": {"bcubed_f1": 0.75}}


def _read(path: Path, name: str, limit: int | None = None) -> list[dict]:
    rows = []
    with (path / name).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def _ingest(engine: Engine, path: Path, limit: int | None, report: MergeReport) -> None:
    """The articles read exactly as ``newsledger ingest PATH/articles.jsonl`` reads
    them; those already stored (a re-run on the same ledger) are not extracted again."""
    with engine.connect() as conn:
        stored = set(conn.scalars(select(m.Document.id)))
    items = list(islice(iter_articles([str(path / "articles.jsonl")]), limit))
    todo = [a for a in items if not (isinstance(a, Article) and a.doc_id in stored)]
    for record in track(build_records(todo), total=len(todo), description="ingest",
                        transient=True):
        if isinstance(record, DocumentRecord):
            ingest_record(engine, record)
        else:
            report.failed.append(str(record))


class StaleLedger(ValueError):
    """A ledger built by an older merge that lacks what scoring reads."""


def article_clusters(engine: Engine) -> tuple[Clusters, dict[str, dict]]:
    """Article (source id) -> ledger incident of its main report, and the incidents."""
    d, r, i = m.Document, m.LedgerReport, m.LedgerIncident
    with engine.connect() as conn:
        docs = {row.id: row.source_id for row in conn.execute(select(d.id, d.source_id))}
        main: dict[str, str] = {}
        for row in conn.execute(select(r.doc_id, r.ledger_id, r.signature)):
            if "main" not in row.signature:
                raise StaleLedger("the ledger's reports predate main incidents: "
                                  "score it with --rebuild")
            if row.signature["main"] and row.ledger_id is not None:
                main[row.doc_id] = row.ledger_id
        incidents = {row.id: row.record for row in conn.execute(select(i.id, i.record))}
    clusters = {source: main.get(doc, f"alone:{doc}") for doc, source in docs.items()}
    return clusters, incidents


def evaluate(path: Path, limit: int | None = None, db: str | None = None,
             fresh: bool = False) -> MergeReport:
    """Ingest the dataset at ``path`` into a ledger (``db``, default a new
    temporary SQLite file) and score its clusters; ``fresh`` rebuilds the
    ledger of an existing database first (after a change of merge rules)."""
    rows = _read(path, "articles.jsonl", limit)
    gold_incidents = {row["incident_id"]: row for row in _read(path, "incidents.jsonl")}
    dataset = "ecbplus" if any("topic" in row for row in rows[:1]) else "gva"
    report = MergeReport(dataset, articles=len(rows))
    with tempfile.TemporaryDirectory(prefix="newsledger-merge-") as tmp:
        engine = connect(db or f"sqlite:///{Path(tmp) / 'ledger.db'}")
        if fresh:
            rebuild(engine)
        _ingest(engine, path, limit, report)
        predicted, incidents = article_clusters(engine)
        engine.dispose()
    gold = {row["id"]: row["incident_id"] for row in rows}
    items = [a for a in gold if a in predicted]
    size = Counter(gold[a] for a in items)
    merge_items = [a for a in items if size[gold[a]] >= 2]
    b_p, b_r = bcubed(gold, predicted, items)
    mb_p, mb_r = bcubed(gold, predicted, merge_items)
    p_p, p_r = pairwise(gold, predicted, items)
    targets = _TARGETS[dataset]
    n_gold = len(size)
    report.metrics += [
        Metric("B-cubed precision", b_p, len(items)),
        Metric("B-cubed recall", b_r, len(items)),
        Metric("B-cubed F1", f1(b_p, b_r), len(items), targets.get("bcubed_f1")),
        Metric("B-cubed F1, incidents with 2+ articles", f1(mb_p, mb_r), len(merge_items),
               targets.get("bcubed_f1_merge")),
        Metric("pairwise precision", p_p, len(items), targets.get("pairwise_p")),
        Metric("pairwise recall", p_r, len(items)),
        Metric("pairwise F1", f1(p_p, p_r), len(items)),
    ]
    alone = sum(1 for a in merge_items
                if sum(1 for b in merge_items if predicted[b] == predicted[a]) == 1)
    no_incident = sum(1 for a in items if predicted[a].startswith("alone:"))
    report.notes.append(f"{n_gold} gold incidents; {len(merge_items)} articles of the "
                        f"{sum(1 for n in size.values() if n >= 2)} with 2+ articles, of which "
                        f"{alone} are singletons in the ledger; {no_incident} articles have "
                        "no incident")
    if dataset == "gva":
        report.metrics += _figures(gold, predicted, items, incidents, gold_incidents, targets)
    else:
        topics: dict[int, set[str]] = defaultdict(set)
        for row in rows:
            topics[row["topic"]].add(row["incident_id"])
        merged = sum(1 for topic, events in topics.items() if len(events) == 2 and any(
            len({gold[a] for a in items if predicted[a] == cluster}) == 2
            for cluster in {predicted[a] for a in items if gold[a] in events}))
        report.metrics.append(Metric("topics whose two events were merged (lower is better)",
                                     merged / len(topics) if topics else 0.0, len(topics)))
    return report


def _figures(gold: Clusters, predicted: Clusters, items: list[str],
             incidents: dict[str, dict], gold_incidents: dict[str, dict],
             targets: dict[str, float]) -> list[Metric]:
    """Killed and injured exact per gold incident: the ledger incident holding
    most of its articles (ties: the one with more sources)."""
    by_gold: dict[str, Counter] = defaultdict(Counter)
    for a in items:
        by_gold[gold[a]][predicted[a]] += 1
    scores = {name: Score() for name in ("killed", "killed (2+)", "injured", "injured (2+)",
                                         "killed, victims only")}
    for incident_id, counts in by_gold.items():
        chosen = max(counts, key=lambda c: (counts[c], incidents.get(c, {}).get("n_sources", 0)))
        record = incidents.get(chosen, {})
        truth = gold_incidents[incident_id]
        killed = (record.get("killed") or {}).get("best") or 0
        injured = (record.get("injured") or {}).get("best") or 0
        many = sum(counts.values()) >= 2
        scores["killed"].add(killed == truth["killed"])
        scores["injured"].add(injured == truth["injured"])
        scores["killed, victims only"].add(killed == truth["killed_victims"])
        if many:
            scores["killed (2+)"].add(killed == truth["killed"])
            scores["injured (2+)"].add(injured == truth["injured"])
    return [Metric(f"{name} exact per gold incident", s.accuracy, s.total,
                   targets.get("killed") if name == "killed" else None)
            for name, s in scores.items()]
