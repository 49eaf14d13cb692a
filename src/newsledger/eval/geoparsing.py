"""Geoparsing: place-name spans and their coordinates against LGL and GeoVirus.

Toponym recognition: every mention of a GPE or LOC entity we extract is a
predicted toponym; it matches a gold toponym when the spans overlap.
Matching is one-to-one, greatest overlap first, so two mentions never earn
one gold toponym twice. Precision, recall and F1 per corpus and overall.

Toponym resolution: for the matched pairs where the gold has coordinates
and our entity has ``geo``, the share within 161 km (100 miles, the usual
geoparsing tolerance, Gritta et al. 2019). Pairs we matched but could not
place are counted apart, so coverage and accuracy are not mixed up.

PATH may be the folder (both corpora) or one corpus file; ``--limit``
applies to each file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.table import Table

from newsledger.eval.common import PRF, Score, extract, failed_caption, haversine_km
from newsledger.ingest.article import Article
from newsledger.records import DocumentRecord, Geo, Span

CORPORA = ("lgl", "geovirus")
PLACE_TYPES = {"GPE", "LOC"}
MAX_KM = 161.0
F1_TARGET = 0.75
ACCURACY_TARGET = 0.85


@dataclass(frozen=True)
class Toponym:
    span: Span
    name: str
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Mention:
    span: Span
    name: str
    geo: Geo | None


@dataclass
class CorpusScore:
    spans: PRF = field(default_factory=PRF)
    within: Score = field(default_factory=Score)  # matched pairs both sides placed
    unplaced: int = 0  # matched pairs with gold coordinates but none of ours

    def __add__(self, other: CorpusScore) -> CorpusScore:
        return CorpusScore(self.spans + other.spans,
                           Score(self.within.correct + other.within.correct,
                                 self.within.total + other.within.total),
                           self.unplaced + other.unplaced)


@dataclass
class DocOutcome:
    """Gold and predicted toponyms of one article and how they paired up."""

    corpus: str
    doc_id: str
    gold: list[Toponym]
    mentions: list[Mention]
    pairs: list[tuple[int, int]]  # (gold index, mention index)


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(gold: Sequence[Span], predicted: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) of overlapping spans, greatest first."""
    candidates = sorted(((overlap(g, p), i, j) for i, g in enumerate(gold)
                         for j, p in enumerate(predicted) if overlap(g, p) > 0),
                        key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def mentions(record: DocumentRecord) -> list[Mention]:
    """Every mention of a place entity, in text order."""
    found = [Mention((start, end), record.text[start:end], e.geo)
             for e in record.entities if e.type in PLACE_TYPES for start, end in e.mentions]
    return sorted(found, key=lambda m: m.span)


def score_doc(o: DocOutcome) -> CorpusScore:
    s = CorpusScore()
    s.spans.tp = len(o.pairs)
    s.spans.fp = len(o.mentions) - len(o.pairs)
    s.spans.fn = len(o.gold) - len(o.pairs)
    for i, j in o.pairs:
        gold, ours = o.gold[i], o.mentions[j].geo
        if gold.lat is None or gold.lon is None:
            continue
        if ours is None:
            s.unplaced += 1
            continue
        s.within.add(haversine_km(gold.lat, gold.lon, ours.lat, ours.lon) <= MAX_KM)
    return s


@dataclass
class GeoReport:
    docs: int = 0
    outcomes: list[DocOutcome] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def scores(self) -> dict[str, CorpusScore]:
        by_corpus: dict[str, CorpusScore] = {}
        for o in self.outcomes:
            by_corpus[o.corpus] = by_corpus.get(o.corpus, CorpusScore()) + score_doc(o)
        total = CorpusScore()
        for s in by_corpus.values():
            total = total + s
        return {**by_corpus, "overall": total}

    def table(self) -> Table:
        """Measures down, corpora across: narrow enough for a terminal, targets beside."""
        scores = self.scores()
        table = Table(title=f"Geoparsing ({self.docs} articles)",
                      caption=failed_caption(self.failed))
        for column in ("measure", *scores, "target"):
            table.add_column(column)
        rows: list[tuple[str, list[float | int], float | None]] = [
            ("gold toponyms", [s.spans.tp + s.spans.fn for s in scores.values()], None),
            ("our toponyms", [s.spans.tp + s.spans.fp for s in scores.values()], None),
            ("precision", [s.spans.precision for s in scores.values()], None),
            ("recall", [s.spans.recall for s in scores.values()], None),
            ("F1", [s.spans.f1 for s in scores.values()], F1_TARGET),
            (f"acc@{MAX_KM:.0f}km", [s.within.accuracy for s in scores.values()],
             ACCURACY_TARGET),
            ("placed pairs", [s.within.total for s in scores.values()], None),
            ("unplaced pairs", [s.unplaced for s in scores.values()], None),
        ]
        for name, values, target in rows:
            table.add_row(name, *(_cell(v, target) for v in values),
                          f">= {target:.2f}" if target is not None else "")
        return table


def _cell(value: float | int, target: float | None) -> str:
    """A count as is, a rate to three places, red or green when it has a target."""
    if isinstance(value, int):
        return str(value)
    if target is None:
        return f"{value:.3f}"
    return f"[{'green' if value >= target else 'red'}]{value:.3f}[/]"


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _toponym(raw: dict[str, Any]) -> Toponym:
    """LGL names the surface form 'phrase' and the coordinates lat/lon; GeoVirus 'name'."""
    name = raw.get("phrase") or raw.get("name") or raw.get("extractedName") or ""
    lat = _float(raw.get("lat", raw.get("latitude")))
    lon = _float(raw.get("lon", raw.get("longitude")))
    return Toponym((int(raw["start"]), int(raw["end"])), name, lat, lon)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return [path / f"{c}.jsonl" for c in CORPORA if (path / f"{c}.jsonl").exists()]
    return [path]


def load(path: Path, limit: int | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(corpus, article) pairs; the corpus is the file's stem."""
    rows: list[tuple[str, dict[str, Any]]] = []
    for file in _files(path):
        with file.open(encoding="utf-8") as fh:
            for index, line in enumerate(fh):
                if limit is not None and index >= limit:
                    break
                rows.append((file.stem, json.loads(line)))
    return rows


def evaluate(path: Path, limit: int | None = None) -> GeoReport:
    rows = load(path, limit)
    articles = [Article(doc_id=f"{corpus}:{row['doc_id']}", text=row["text"],
                        published=(row.get("date") or "")[:10] or None)
                for corpus, row in rows]
    report = GeoReport(docs=len(rows))
    for (corpus, row), record in zip(rows, extract(articles, "geoparsing"), strict=True):
        if isinstance(record, str):
            report.failed.append(record)
            continue
        gold = [_toponym(t) for t in row.get("toponyms") or []]
        ours = mentions(record)
        pairs = match_spans([g.span for g in gold], [m.span for m in ours])
        report.outcomes.append(DocOutcome(corpus, str(row["doc_id"]), gold, ours, pairs))
    return report
