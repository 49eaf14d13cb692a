"""ACLED: event type, sub-type, date, place and fatalities against ACLED's coders.

Each row is one event with the coder's note; we extract the note (published
= the event date, as ACLED notes open with it) and compare the main incident
(the first non-aggregate one) with the coded fields:

- fatalities: exact match of killed.best (the first non-aggregate incident
  with a figure, as for RAND; 0 when none) with ``fatalities``;
- event type and sub-type: exact ACLED names; a note with no incident is wrong;
- date: our incident date equals ``event_date``;
- country: our location's ISO code equals the row's country name mapped to
  ISO 3166 alpha-2 (pycountry, with a fuzzy fallback);
- coordinates: our location is within 50 km of the row's latitude/longitude
  (no coordinates counts as wrong).

Every figure is over all rows that extracted; rows whose extraction failed
are left out and counted in the caption. Per-row outcomes are kept in the
report so that errors can be inspected.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry
from rich.table import Table

from newsledger.datafiles import word_list
from newsledger.eval.common import (
    Metric,
    Score,
    csv_rows,
    extract,
    haversine_km,
    main_incident,
    metric_table,
    predicted,
)
from newsledger.ingest.article import Article
from newsledger.records import DocumentRecord

FILE_NAME = "acled_2022h1_sample.csv"
MAX_KM = 50.0

# measure -> target from the issue; the order is the table's order
TARGETS: dict[str, float | None] = {
    "fatalities exact": 0.85,
    "event_type": 0.88,
    "sub_event_type": 0.65,
    "date exact": 0.95,
    "country": 0.95,
    f"coordinates within {MAX_KM:.0f} km": 0.75,
    "Battles recall": None,
    "Battles recall, exchanges of fire": 0.85,
}

# ACLED names that pycountry does not know, or knows under a name fuzzy search misses
COUNTRY_ALIASES = {
    "turkey": "TR",
    "kosovo": "XK",
    "ivory coast": "CI",
    "cape verde": "CV",
    "east timor": "TL",
    "republic of congo": "CG",
    "democratic republic of congo": "CD",
    "caribbean netherlands": "BQ",
    "saint-barthelemy": "BL",
    "saint-martin": "MF",
    "sint maarten": "SX",
}


def _fold(name: str) -> str:
    """Lower case without accents, so "Curacao" finds "Curaçao"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


@cache
def _folded_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if value := getattr(c, attr, None):
                names.setdefault(_fold(value), c.alpha_2)
    return names


@cache
def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 for an ACLED country name, None when nothing fits."""
    folded = _fold(name)
    if not folded:
        return None
    if folded in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[folded]
    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        pass
    if folded in _folded_names():
        return _folded_names()[folded]
    try:
        found = pycountry.countries.search_fuzzy(name.strip())
    except LookupError:
        return None
    # fuzzy search ranks a country with a matching subdivision first; prefer a name match
    named = [c for c in found if folded in _fold(getattr(c, "common_name", None) or c.name)]
    return (named or found)[0].alpha_2


@dataclass
class RowOutcome:
    """What we predicted for one row beside the gold, for error analysis."""

    event_id: str
    gold: dict[str, str]
    killed: int
    event_type: str | None
    sub_event_type: str | None
    date: str | None
    country: str | None
    km: float | None  # distance to the gold point, None when we have no coordinates
    location: str | None
    precision: str | None  # our location's level (town, region, country...)


@dataclass
class AcledReport:
    rows: int = 0
    scores: dict[str, Score] = field(default_factory=lambda: {m: Score() for m in TARGETS})
    failed: list[str] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)

    def table(self) -> Table:
        return metric_table(
            f"ACLED ({self.rows} rows)",
            (Metric(name, s.accuracy, s.total, TARGETS[name]) for name, s in self.scores.items()),
            self.failed, value_header="accuracy")


@cache
def fire_exchange() -> re.Pattern[str]:
    """A note telling armed parties firing at each other (data/acled_fire_exchange.txt)."""
    rows = word_list("newsledger.eval", "acled_fire_exchange.txt")
    return re.compile("|".join(f"(?:{rx})" for rx in rows), re.IGNORECASE)


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def outcome(row: dict[str, str], record: DocumentRecord) -> RowOutcome:
    """Our answer for one row, in the row's terms."""
    incident = main_incident(record)
    location = incident.location if incident else None
    km = None
    gold_lat, gold_lon = _float(row["latitude"]), _float(row["longitude"])
    if (location is not None and location.lat is not None and location.lon is not None
            and gold_lat is not None and gold_lon is not None):
        km = haversine_km(location.lat, location.lon, gold_lat, gold_lon)
    return RowOutcome(
        event_id=row["event_id_cnty"], gold=row, killed=predicted(record, "killed"),
        event_type=incident.type if incident else None,
        sub_event_type=incident.subtype if incident else None,
        date=incident.date if incident else None,
        country=location.country if location else None, km=km,
        location=location.name if location else None,
        precision=location.precision if location else None)


def score_row(report: AcledReport, o: RowOutcome) -> None:
    gold = o.gold
    s = report.scores
    if (fatalities := _float(gold["fatalities"])) is not None:
        s["fatalities exact"].add(o.killed == int(fatalities))
    s["event_type"].add(o.event_type == gold["event_type"])
    s["sub_event_type"].add(o.sub_event_type == gold["sub_event_type"])
    s["date exact"].add(o.date == gold["event_date"])
    if gold_code := country_code(gold["country"]):
        s["country"].add(o.country is not None and o.country.upper() == gold_code)
    if _float(gold["latitude"]) is not None and _float(gold["longitude"]) is not None:
        s[f"coordinates within {MAX_KM:.0f} km"].add(o.km is not None and o.km <= MAX_KM)
    if gold["event_type"] == "Battles":
        s["Battles recall"].add(o.event_type == "Battles")
        if fire_exchange().search(gold["notes"]):
            s["Battles recall, exchanges of fire"].add(o.event_type == "Battles")


def evaluate(path: Path, limit: int | None = None) -> AcledReport:
    rows = list(csv_rows(path, FILE_NAME, limit))
    articles = [Article(doc_id=f"acled:{row['event_id_cnty']}", text=row["notes"],
                        published=row["event_date"] or None) for row in rows]
    report = AcledReport(rows=len(rows))
    for row, record in zip(rows, extract(articles, "acled"), strict=True):
        if isinstance(record, str):
            report.failed.append(record)
            continue
        o = outcome(row, record)
        report.outcomes.append(o)
        score_row(report, o)
    return report
