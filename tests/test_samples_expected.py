"""The sample corpus against samples/corpus/expected.toml, the checkable points of EXPECTED.md.

Each key under a point's ``expect`` (or each ``match`` of a ``no_incident``
point) is one point; the test prints every point that does not hold and
pins the share that holds, so a regression shows and the share only rises.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newsledger.ingest.sources import iter_articles
from newsledger.ledger.build import build_records
from newsledger.records import DocumentRecord, Incident

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"
EXPECTED = CORPUS / "expected.toml"

# the share of points that holds today; the target is 0.90
FLOOR = 0.82

# the short type names of EXPECTED.md's conventions
TYPES = {
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "drone": ("Explosions/Remote violence", "Air/drone strike"),
    "mine": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "clash": ("Battles", "Armed clash"),
    "attack": ("Violence against civilians", "Attack"),
    "abduction": ("Violence against civilians", "Abduction/forced disappearance"),
    "protest": ("Protests", "Peaceful protest"),
    "arrest": ("Strategic developments", "Arrests"),
    "agreement": ("Strategic developments", "Agreement"),
}


@cache
def records() -> dict[str, DocumentRecord]:
    """Every sample's record, by file name (a JSONL line by its ``id``)."""
    out: dict[str, DocumentRecord] = {}
    articles = [a for a in iter_articles([str(CORPUS)]) if not isinstance(a, Exception)]
    for record in build_records(articles):
        assert isinstance(record, DocumentRecord), record
        out[record.source.id or Path(record.source.path or "").name] = record
    return out


def _values(value: Any) -> list[Any]:
    """The acceptable values of an expected field: a list is alternatives, "null" is None."""
    return [None if v == "null" else v for v in (value if isinstance(value, list) else [value])]


def _any(needles: str | list[str], haystack: str | None) -> bool:
    """Whether one of ``needles`` is in ``haystack``, ignoring case."""
    options = [needles] if isinstance(needles, str) else needles
    return haystack is not None and any(n.lower() in haystack.lower() for n in options)


def _evidence(record: DocumentRecord, incident: Incident) -> str:
    return "\n".join(record.text[a:b] for a, b in incident.evidence)


def _matches(record: DocumentRecord, incident: Incident, match: dict[str, Any]) -> bool:
    """Whether ``incident`` is the one a point's ``match`` table picks."""
    for key, value in match.items():
        if key == "type" and (incident.type, incident.subtype) != TYPES[value]:
            return False
        if key == "event_type" and incident.type != value:
            return False
        if key == "place" and not _any(value, incident.location and incident.location.name):
            return False
        if key == "evidence" and not _any(value, _evidence(record, incident)):
            return False
        if key == "killed" and incident.killed.best != value:
            return False
        if key == "killed_any" and value not in (incident.killed.low, incident.killed.best,
                                                 incident.killed.high):
            return False
    return incident.aggregate == match.get("aggregate", False)


def _incident(record: DocumentRecord, match: dict[str, Any]) -> Incident | None:
    return next((i for i in record.incidents if _matches(record, i, match)), None)


def _entity_name(record: DocumentRecord, entity_id: str | None) -> str | None:
    return next((e.name for e in record.entities if e.id == entity_id), None)


def _incident_point(record: DocumentRecord, incident: Incident, key: str, value: Any) -> bool:
    """One expected fact about an incident."""
    location = incident.location
    names = {v.name: v for v in incident.victims}
    perpetrators = incident.perpetrators
    if key == "type":
        return (incident.type, incident.subtype) == TYPES[value]
    if key == "date":
        return incident.date in _values(value)
    if key in {"killed_low", "killed_best", "killed_high", "injured_low", "injured_best",
               "injured_high"}:
        field, part = key.split("_")
        found = getattr(getattr(incident, field), part)
        return found in _values(value)
    if key == "place":
        return _any(value, location and location.name)
    if key == "no_coordinates":
        return location is not None and location.lat is None and location.lon is None
    if key == "country":
        return location is not None and location.country == value
    if key == "weapon":
        return _any(value, incident.weapon)
    if key == "victims":
        return all(any(_any(v, n) for n in names) for v in value)
    if key == "no_victims":
        return not any(_any(v, n) for v in value for n in names)
    if key in {"victims_killed", "victims_injured"}:
        outcome = key.split("_")[1]
        return all(any(_any(v, n) and x.outcome == outcome for n, x in names.items())
                   for v in value)
    if key == "victims_civilian":
        return all(any(_any(v, n) and x.civilian is True for n, x in names.items())
                   for v in value)
    if key == "victim_roles":
        return all(any(_any(name, n) and _any(role, x.role)
                       and not x.role.lower().startswith("and ")
                       for n, x in names.items()) for name, role in value.items())
    if key == "perpetrator":
        return any(_any(value, p.name) for p in perpetrators)
    if key == "claimed":
        return any(_any(value, p.name) and p.status == "claimed" for p in perpetrators)
    if key == "alleged":
        return any(_any(value, p.name) and p.status == "alleged" for p in perpetrators)
    if key == "no_perpetrator":
        return not any(_any(value, p.name) for p in perpetrators)
    if key == "no_perpetrators":
        return not perpetrators
    if key == "claim":  # [field, value, qualifier]
        field, number, qualifier = value
        return any(c.subject == incident.id and c.field == field and c.value == number
                   and c.qualifier == qualifier for c in record.claims)
    if key == "no_claim":  # [field, value]
        field, number = value
        return not any(c.subject == incident.id and c.field == field and c.value == number
                       for c in record.claims)
    raise KeyError(key)


def _accusation(record: DocumentRecord, expect: dict[str, Any]) -> Iterator[tuple[str, bool]]:
    """The points of one expected accusation: it exists, then its link and rebuttal."""
    found = [a for a in record.accusations
             if _any(expect["accuser"], a.accuser_name) and _any(expect["accused"],
                                                                 a.accused_name)]
    yield f"accusation {expect['accuser']} -> {expect['accused']}", bool(found)
    if "incident" in expect:
        incident = _incident(record, expect["incident"])
        yield "  linked to its incident", incident is not None and any(
            a.incident == incident.id for a in found)
    if expect.get("rebutted"):
        yield "  rebutted", any(a.rebuttals for a in found)


def points(point: dict[str, Any]) -> Iterator[tuple[str, bool]]:
    """(description, holds) for every checkable fact of one ``[[point]]``."""
    record = records().get(point["doc"])
    label = f"{point['doc']}: {point.get('what', point['kind'])}"
    kind = point["kind"]
    if kind == "record":
        for key, value in point["expect"].items():
            found = record.source.outlet if key == "outlet" else getattr(record, key)
            yield f"{label}: {key}", record is not None and found in _values(value)
    elif kind == "incident":
        incident = _incident(record, point["match"]) if record else None
        for key, value in point["expect"].items():
            ok = incident is not None and _incident_point(record, incident, key, value)
            yield f"{label}: {key} = {value!r}", ok
    elif kind == "no_incident":
        yield label, record is not None and _incident(record, point["match"]) is None
    elif kind == "incident_count":
        count = sum(1 for i in record.incidents if not i.aggregate) if record else -1
        yield f"{label}: {point['count']} incidents", count == point["count"]
    elif kind == "accusation":
        for what, ok in _accusation(record, point["expect"]):
            yield f"{label}: {what}", ok
    elif kind == "accusation_count":
        yield label, record is not None and len(record.accusations) == point["count"]
    elif kind == "statement":
        found = [s for s in record.statements if _any(point["text"], s.text)]
        yield f"{label}: found", bool(found)
        if "speaker" in point:
            yield f"{label}: speaker {point['speaker']!r}", any(
                _any(point["speaker"], s.speaker_name) for s in found)
    elif kind == "entity":
        entity = next((e for e in record.entities if e.name == point["name"]), None)
        for key, value in point["expect"].items():
            if key == "no_coordinates":
                ok = entity is None or entity.geo is None
            elif key == "role":
                ok = entity is not None and any(_any(value, r.title) for r in entity.roles)
            else:
                ok = entity is not None and getattr(entity, key) == value
            yield f"{label}: {point['name']} {key} = {value!r}", ok
    else:
        raise KeyError(kind)


def results() -> list[tuple[str, bool]]:
    expected = tomllib.loads(EXPECTED.read_text(encoding="utf-8"))
    return [result for point in expected["point"] for result in points(point)]


def test_every_point_names_a_sample() -> None:
    expected = tomllib.loads(EXPECTED.read_text(encoding="utf-8"))
    assert {p["doc"] for p in expected["point"]} <= set(records())


def test_share_of_expected_points_that_hold(capsys: pytest.CaptureFixture[str]) -> None:
    found = results()
    held = sum(ok for _, ok in found)
    share = held / len(found)
    with capsys.disabled():
        for what, ok in found:
            if not ok:
                print("  not held:", what)
        print(f"  samples/corpus/expected.toml: {held} of {len(found)} points hold "
              f"({share:.3f})")
    assert share >= FLOOR
