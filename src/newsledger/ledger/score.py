"""How alike two reports are, and when they can never be one incident.

Each feature is a number in [0, 1], present only when both reports have what
it compares; the score is the weighted mean of the present features
(weights in data/merge.toml), so a missing fact neither helps nor hurts.
Hard rules veto a link whatever the score: two reports of one article (the
extractor already told them apart), an aggregate toll, incompatible event
types, and (unless the two name the same victim or several of the same
people) different countries, two day-precise dates days apart, two precise
places far apart or, when the gazetteer cannot place them (villages of a
front line), differently named. ACLED's rule that the same type, day, place
and actors is one event links a pair whatever its other features.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from newsledger.ledger.rules import merge_rules, type_links
from newsledger.ledger.signature import Place, Signature

EARTH_RADIUS_KM = 6371.0088
_PRECISE = {"village", "town"}


@dataclass(frozen=True)
class PairScore:
    score: float
    features: dict[str, float] = field(default_factory=dict)
    veto: str | None = None  # the hard rule that forbids the link
    rule: str | None = None  # the rule that forces it ("acled_same_event")

    @property
    def linked(self) -> bool:
        return self.veto is None and (self.rule is not None or self.score >= merge_rules().link)

    def as_json(self) -> dict:
        out: dict = {"score": round(self.score, 4),
                     "features": {k: round(v, 4) for k, v in self.features.items()}}
        if self.veto:
            out["veto"] = self.veto
        if self.rule:
            out["rule"] = self.rule
        return out


def _days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def distance_km(a: Place, b: Place) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    dphi, dlam = phi2 - phi1, math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _date_gap(a: Signature, b: Signature) -> int | None:
    """Days between the two date ranges (0 when they overlap); None if either is undated."""
    if a.date is None or b.date is None:
        return None
    if a.date_hi < b.date_lo:
        return _days(a.date_hi, b.date_lo)
    if b.date_hi < a.date_lo:
        return _days(b.date_hi, a.date_lo)
    return 0


def _type_score(a: Signature, b: Signature) -> float | None:
    if a.type is None or b.type is None:
        return None
    if a.type == b.type:
        return 1.0 if a.subtype == b.subtype else 0.8
    return type_links().get(frozenset((a.type, b.type)))


def _named_by_other(a: Signature, b: Signature) -> bool:
    """One report's place is named in the other's article ("Brownsville" in a
    Brooklyn story): the two places are the same or nested, whatever the
    gazetteer made of a namesake."""
    return a.place is not None and b.place is not None and (
        a.place.key == b.place.key or a.place.key in b.places or b.place.key in a.places)


def _place_score(a: Signature, b: Signature) -> float | None:
    rules = merge_rules()
    if a.place is not None and b.place is not None:
        if a.place.key == b.place.key:
            return 1.0
        named = 0.7 if _named_by_other(a, b) else 0.0
        km = distance_km(a.place, b.place)
        if km is not None:
            if km <= rules.near_km:
                return 1.0
            return max(named, 1 - (km - rules.near_km) / (rules.far_km - rules.near_km))
        if a.place.admin2 and a.place.admin2 == b.place.admin2:
            return 0.7
        if a.place.admin1 and a.place.admin1 == b.place.admin1:
            return max(named, 0.4)
        return named
    if a.places and b.places:
        return 0.7 if set(a.places) & set(b.places) else None
    return None


def _overlap(a: list[str], b: list[str]) -> float | None:
    """Shared share of the smaller set: a follow-up names more people than the lede."""
    if not a or not b:
        return None
    return len(set(a) & set(b)) / min(len(set(a)), len(set(b)))


def _figure(a: int | None, b: int | None) -> float | None:
    if a is None or b is None:
        return None
    if a == b:
        return 1.0
    return 1 - 0.5 * abs(a - b) / max(a, b)  # tolls rise as reports come in: a mild penalty


def _figures(a: Signature, b: Signature) -> float | None:
    found = [s for s in (_figure(a.killed, b.killed), _figure(a.injured, b.injured))
             if s is not None]
    return sum(found) / len(found) if found else None


def _cosine(a: dict[str, float], b: dict[str, float]) -> float | None:
    if not a or not b:
        return None
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else None


def same_people(a: Signature, b: Signature) -> bool:
    """The two reports name the same victim, or several of the same people."""
    return bool(set(a.victims) & set(b.victims)) or \
        len(set(a.names) & set(b.names)) >= merge_rules().identity_names


def veto(a: Signature, b: Signature) -> str | None:
    """The hard rule that keeps two reports apart, or None."""
    rules = merge_rules()
    if a.doc_id == b.doc_id:
        return "same_article"
    if a.aggregate or b.aggregate:
        return "aggregate"
    if a.type and b.type and _type_score(a, b) is None:
        return "incompatible_types"
    if same_people(a, b):
        return None
    if a.place and b.place and a.place.country and b.place.country \
            and a.place.country != b.place.country and not _named_by_other(a, b):
        return "different_countries"
    gap = _date_gap(a, b)
    if gap is not None and a.date_precision == b.date_precision == "day" \
            and gap > rules.max_day_gap:
        return "precise_dates_apart"
    if a.place and b.place and a.place.precision in _PRECISE \
            and b.place.precision in _PRECISE and not _named_by_other(a, b):
        km = distance_km(a.place, b.place)
        if km is not None and km > rules.max_precise_km:
            return "precise_places_apart"
        if km is None:  # not named by the other, so differently named
            return "different_unmapped_places"
    return None


def _acled_same_event(a: Signature, b: Signature, place: float | None) -> bool:
    """ACLED: the same type, day, place and actors is one event."""
    return (a.type == b.type and a.subtype == b.subtype and a.date_precision == "day"
            and a.date == b.date and b.date_precision == "day" and place == 1.0
            and bool(a.actors) and a.actors == b.actors)


def score_pair(a: Signature, b: Signature) -> PairScore:
    """The features, score and rules of one pair; symmetric in ``a`` and ``b``."""
    rules = merge_rules()
    gap = _date_gap(a, b)
    place = _place_score(a, b)
    features = {
        "text": _cosine(a.terms, b.terms),
        "names": _overlap(a.names, b.names),
        "victims": _overlap(a.victims, b.victims),
        "date": None if gap is None else max(0.0, 1 - gap / rules.date_scale_days),
        "place": place,
        "type": _type_score(a, b),
        "actors": None if not (a.actors and b.actors) else
        len(set(a.actors) & set(b.actors)) / len(set(a.actors) | set(b.actors)),
        "figures": _figures(a, b),
    }
    present = {k: v for k, v in features.items() if v is not None}
    total = sum(rules.weights[k] for k in present)
    score = sum(rules.weights[k] * v for k, v in present.items()) / total if total else 0.0
    vetoed = veto(a, b)
    rule = "acled_same_event" if vetoed is None and _acled_same_event(a, b, place) else None
    return PairScore(score, present, vetoed, rule)
