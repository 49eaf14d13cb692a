"""What the merge compares: one report's signature, from its article alone.

A *report* is one incident as one article tells it (document id + the
incident's local id). Its signature holds everything the scorer needs (type,
date range, place, actors, victims, names, figures and a weighted bag of rare
words) so that pairs are scored without reading the articles again, and the
score of a pair depends on the two reports only: that is what makes the
ledger independent of ingest order.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from functools import lru_cache

from pydantic import BaseModel, Field
from wordfreq import zipf_frequency

from newsledger.ledger.actors import ActorRef
from newsledger.ledger.rules import merge_rules
from newsledger.nlp.gazetteer import fold
from newsledger.records import DocumentRecord, Incident

ReportKey = tuple[str, str]  # (document id, incident id)

_TERM = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|\d+", re.UNICODE)
_MIN = dt.date.min.isoformat()
_MAX = dt.date.max.isoformat()
_NAMED_TYPES = ("PERSON",)
_PLACE_TYPES = ("GPE", "LOC")


class Place(BaseModel):
    name: str
    key: str  # folded name
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None


class Signature(BaseModel):
    """The features of one report; stored as JSON beside it."""

    doc_id: str
    incident_id: str
    published: str | None = None
    type: str | None = None
    subtype: str | None = None
    aggregate: bool = False
    main: bool = False  # the incident the article is about (main_incident_id)
    date: str | None = None
    date_precision: str | None = None
    date_lo: str = _MIN  # the range the incident's date lies in, ISO
    date_hi: str = _MAX
    place: Place | None = None
    places: list[str] = Field(default_factory=list)  # folded places the article names
    actors: list[str] = Field(default_factory=list)  # perpetrators' actor keys
    victims: list[str] = Field(default_factory=list)  # folded victim names
    names: list[str] = Field(default_factory=list)  # folded people the article names
    killed: int | None = None
    injured: int | None = None
    terms: dict[str, float] = Field(default_factory=dict)

    @property
    def key(self) -> ReportKey:
        return self.doc_id, self.incident_id

    def blocking_keys(self) -> list[str]:
        """Keys a candidate must share: places, people, victims, actors, rare words."""
        keys = {f"place:{p}" for p in self.places}
        if self.place is not None:
            keys.add(f"place:{self.place.key}")
        keys |= {f"name:{n}" for n in self.names + self.victims}
        keys |= {f"actor:{a}" for a in self.actors}
        rules = merge_rules()
        rare = [t for t, w in sorted(self.terms.items(), key=lambda tw: (-tw[1], tw[0]))
                if w >= rules.key_term_weight and not t.isdigit()]
        keys |= {f"term:{t}" for t in rare[: rules.key_terms]}
        return sorted(keys)


def _date_range(date: str | None, precision: str | None,
                published: str | None) -> tuple[str, str]:
    """The days the incident may have happened on: its date widened by its
    precision, else the weeks before the article's publication."""
    day = _parse(date)
    if day is not None:
        if precision == "week":
            week = dt.timedelta(days=3)
            return (day - week).isoformat(), (day + week).isoformat()
        if precision == "month":
            end = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return day.replace(day=1).isoformat(), (end - dt.timedelta(days=1)).isoformat()
        if precision == "year":
            year_end = day.replace(month=12, day=31)
            return day.replace(month=1, day=1).isoformat(), year_end.isoformat()
        return day.isoformat(), day.isoformat()
    anchor = _parse(published)
    if anchor is None:
        return _MIN, _MAX
    window = dt.timedelta(days=merge_rules().undated_window_days)
    return (anchor - window).isoformat(), anchor.isoformat()


def _parse(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@lru_cache(maxsize=200_000)
def term_weight(term: str) -> float:
    """How much a shared word says: rare words (names, places, ages) much, common none."""
    if term.isdigit():
        return 1.0 if len(term) <= 3 else 0.5
    return max(0.0, merge_rules().common_zipf - zipf_frequency(term, "en"))


def terms(text: str) -> dict[str, float]:
    """A bag of the text's rarer words, weighted by rarity and (sub-linearly) count."""
    counts = Counter(t.lower().replace("’", "'") for t in _TERM.findall(text))
    weighted = {t: term_weight(t) * (1 + math.log(n)) for t, n in counts.items()}
    kept = sorted(((w, t) for t, w in weighted.items() if w > 0), reverse=True)
    return {t: round(w, 3) for w, t in kept[: merge_rules().max_terms]}


# An article's main report is its first violent incident: the arrest or the
# protest that follows a killing is reported beside it, not instead of it.
NOT_VIOLENT = frozenset({"Strategic developments", "Protests"})


def main_incident_id(incidents: list[Incident]) -> str | None:
    """The incident the article is about: its first violent one that is not an
    aggregate toll (else its first that is not an aggregate)."""
    told = [i for i in incidents if not i.aggregate]
    ranked = sorted(told, key=lambda i: i.type in NOT_VIOLENT)
    return ranked[0].id if ranked else None


def _evidence_text(record: DocumentRecord, incident: Incident, main: bool) -> str:
    """The incident's own evidence; the title and the lede only for the main
    incident, which they tell: shared by every report of the article, they
    would make its arrest or its other shooting as alike to another article's
    report as the event both are about."""
    spans = incident.evidence or []
    parts = [record.title or "", record.text[: merge_rules().lead_chars]] if main else []
    return "\n".join(parts + [record.text[a:b] for a, b in spans])


def signature(record: DocumentRecord, incident: Incident,
              actors: dict[str, ActorRef], main: bool) -> Signature:
    """The signature of one report of ``record``; ``main``: the incident the
    article is about (``main_incident_id``)."""
    loc = incident.location
    place = None
    if loc is not None:
        place = Place(name=loc.name, key=fold(loc.name), admin1=loc.admin1, admin2=loc.admin2,
                      country=loc.country, lat=loc.lat, lon=loc.lon, precision=loc.precision)
    lo, hi = _date_range(incident.date, incident.date_precision, record.published)
    perpetrators = sorted({actors[p.entity].key for p in incident.perpetrators
                           if p.entity in actors})
    places = sorted({fold(e.name) for e in record.entities
                     if e.type in _PLACE_TYPES and e.geo is not None
                     and e.geo.precision != "country"})
    names = sorted({fold(e.name) for e in record.entities
                    if e.type in _NAMED_TYPES and len(e.name.split()) >= 2})
    return Signature(
        doc_id=record.id, incident_id=incident.id, published=record.published,
        type=incident.type, subtype=incident.subtype, aggregate=incident.aggregate, main=main,
        date=incident.date, date_precision=incident.date_precision, date_lo=lo, date_hi=hi,
        place=place, places=places, actors=perpetrators,
        victims=sorted({fold(v.name) for v in incident.victims}), names=names,
        killed=incident.killed.best, injured=incident.injured.best,
        terms=terms(_evidence_text(record, incident, main)),
    )
