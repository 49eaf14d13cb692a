"""What every gold-dataset scorer shares: counters, the main incident, distances, tables.

Kept in one place so that "the main incident" and "within N km" mean the
same thing in every dataset's figures, and the tables read alike.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.progress import track
from rich.table import Table

from newsledger.ingest.article import Article
from newsledger.ledger.build import build_records
from newsledger.records import DocumentRecord, Incident

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


@dataclass
class Score:
    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def add(self, ok: bool) -> None:
        self.correct += ok
        self.total += 1


@dataclass
class PRF:
    """True/false positives and misses; precision, recall and F1 are 0 when undefined."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def main_incident(record: DocumentRecord) -> Incident | None:
    """The first non-aggregate incident: what a one-event gold row is compared with."""
    return next((i for i in record.incidents if not i.aggregate), None)


def predicted(record: DocumentRecord, field_name: str) -> int:
    """The main incident's figure: the first event with a figure, else 0."""
    for incident in record.incidents:
        if incident.aggregate:
            continue
        value = getattr(incident, field_name).best
        if value is not None:
            return value
    return 0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km; gold coordinates are points, so this is enough."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def extract(articles: Sequence[Article], description: str,
            ) -> Iterator[DocumentRecord | str]:
    """Records in input order, with a progress bar; a failed document is its error text."""
    records = build_records(articles)
    for record in track(records, total=len(articles), description=description,
                        transient=True):
        yield record if isinstance(record, DocumentRecord) else str(record)


def failed_caption(failed: Sequence[str]) -> str | None:
    """Failed rows are left out of the figures, so the table must say how many."""
    if not failed:
        return None
    return f"{len(failed)} rows failed to extract (left out of the figures): {failed[0]}"


def target_text(value: float, target: float | None) -> str:
    """The issue's target beside the figure, green when met, so a run reads at a glance."""
    if target is None:
        return ""
    met = value >= target
    return f"[{'green' if met else 'red'}]>= {target:.2f} {'met' if met else 'not met'}[/]"


@dataclass(frozen=True)
class Metric:
    name: str
    value: float
    n: int  # how many items the figure is over
    target: float | None = None


def metric_table(title: str, metrics: Iterable[Metric], failed: Sequence[str] = (),
                 value_header: str = "score") -> Table:
    """One row per measure: the figure, its target and what it is counted over."""
    table = Table(title=title, caption=failed_caption(failed))
    for column in ("measure", value_header, "target", "n"):
        table.add_column(column)
    for m in metrics:
        table.add_row(m.name, f"{m.value:.3f}", target_text(m.value, m.target), str(m.n))
    return table


def csv_rows(path: Path, file_name: str, limit: int | None) -> Iterator[dict[str, str]]:
    """Rows of a dataset's CSV: ``path`` is its folder (holding ``file_name``) or the file."""
    csv_path = path / file_name if path.is_dir() else path
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for index, row in enumerate(csv.DictReader(fh)):
            if limit is not None and index >= limit:
                return
            yield row
