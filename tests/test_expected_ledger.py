"""The ledger of the sample corpus holds what samples/corpus/expected_ledger.toml
(and EXPECTED.md, "The ledger across articles") says: one Tesvani shelling
with every report and a rising toll, its neighbours kept apart, and the same
actors under their several names."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from newsledger.ingest.sources import iter_articles
from newsledger.ledger.build import build_records
from newsledger.ledger.merge import ingest_record
from newsledger.records import DocumentRecord, LedgerActor, LedgerIncident
from newsledger.store import ledger_queries as queries
from newsledger.store import models as m
from newsledger.store.db import connect
from newsledger.store.repository import get_document

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus"
EXPECTED = tomllib.loads((SAMPLES / "expected_ledger.toml").read_text(encoding="utf-8"))
BY_NAME = {spec["name"]: spec for spec in EXPECTED["incidents"]}
KNOWN_MISSES = {(m["incident"], m["point"]): m["reason"] for m in EXPECTED["known_misses"]}


def check(incident: str, point: str, holds: bool, message: str) -> None:
    """Assert one point; a known miss is an expected failure, and a known miss
    that holds fails, so that the list in the TOML file is kept honest."""
    reason = KNOWN_MISSES.get((incident, point))
    if reason is None:
        assert holds, message
    elif holds:
        pytest.fail(f"{incident}: {point} holds now; remove it from known_misses")
    else:
        pytest.xfail(" ".join(reason.split()))


def _article_name(record: DocumentRecord) -> str:
    """"01", or "04:mnw-20240311-0412" for a JSONL line: how the TOML names it."""
    prefix = Path(record.source.path or "").name[:2]
    return f"{prefix}:{record.source.id}" if record.source.id else prefix


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, dict[str, str]]]:
    """The sample corpus ingested into a fresh ledger, and article name -> doc id."""
    engine = connect(f"sqlite:///{tmp_path_factory.mktemp('expected') / 'ledger.db'}")
    names = {}
    for record in build_records(iter_articles([str(SAMPLES)])):
        assert isinstance(record, DocumentRecord), record
        ingest_record(engine, record)
        names[_article_name(record)] = record.id
    yield engine, names
    engine.dispose()


def _find(ledger: tuple[Engine, dict[str, str]], spec: dict) -> LedgerIncident:
    """The ledger incident that holds the anchor article's report at ``place``."""
    engine, names = ledger
    anchor = names[spec["anchor"]]
    record = get_document(engine, anchor)
    assert record is not None
    local = [i.id for i in record.incidents
             if i.location is not None and i.location.name == spec["place"]] or [
        i.id for i in record.incidents  # the place unresolved: the lede names it
        if i.evidence and spec["place"] in record.text[slice(*i.evidence[0])]]
    assert local, f"{spec['anchor']} has no incident at {spec['place']}"
    for incident in queries.iter_incidents(engine):
        if any(s.document == anchor and s.incident in local for s in incident.sources):
            return incident
    raise AssertionError(f"no ledger incident holds {spec['name']}")


@pytest.mark.parametrize("name", list(BY_NAME))
def test_an_incident_holds_exactly_its_reports(ledger, name: str) -> None:
    spec = BY_NAME[name]
    incident = _find(ledger, spec)
    names = {doc: article for article, doc in ledger[1].items()}
    articles = {names[s.document] for s in incident.sources}
    allowed = set(spec["articles"]) | set(spec.get("may_join", []))
    assert articles <= allowed, f"{name}: also holds {articles - allowed}"
    assert incident.n_sources == len(incident.sources)
    if other := spec.get("apart_from"):
        assert incident.id != _find(ledger, BY_NAME[other]).id
    missing = set(spec["articles"]) - articles
    check(name, "articles", not missing, f"{name}: missing {missing}")


@pytest.mark.parametrize("name", list(BY_NAME))
def test_an_incident_carries_its_merged_facts(ledger, name: str) -> None:
    spec = BY_NAME[name]
    incident = _find(ledger, spec)
    for field in ("type", "subtype", "date", "date_precision"):
        if field in spec:
            assert getattr(incident, field) == spec[field], field
    assert incident.location is not None and incident.location.name == spec["place"]
    if perpetrator := spec.get("perpetrator"):
        assert any(p.name == perpetrator["name"] and p.status == perpetrator["status"]
                   for p in incident.perpetrators), incident.perpetrators
    for figure in ("killed", "injured"):
        if figure in spec:
            found = getattr(incident, figure).model_dump()
            check(name, figure, found == spec[figure], f"{figure}: {found} != {spec[figure]}")


def test_the_tesvani_toll_rises_in_its_history(ledger) -> None:
    spec = BY_NAME["Tesvani shelling"]
    incident = _find(ledger, spec)
    tolls = [p.killed.best for p in incident.history if p.published and p.killed.best]
    assert tolls[0] == spec["history_killed_first"] and tolls[-1] == spec["history_killed_last"]
    assert tolls == sorted(tolls), "the ledger's best toll never falls as reports come in"
    dates = [p.published for p in incident.history if p.published]
    assert dates == sorted(dates)


def test_articles_with_no_incident_add_none(ledger) -> None:
    engine, names = ledger
    held = {s.document for i in queries.iter_incidents(engine) for s in i.sources}
    for article in EXPECTED["no_incident"]:
        assert names[article] not in held, article


def _actor(engine: Engine, name: str) -> LedgerActor:
    _, found = queries.query_actors(engine, q=name, limit=50)
    exact = [a for a in found if a.name == name]
    assert exact, f"no actor {name!r} among {[a.name for a in found]}"
    return exact[0]


@pytest.mark.parametrize("spec", EXPECTED["actors"], ids=lambda s: s["name"])
def test_an_actor_is_one_across_articles(ledger, spec: dict) -> None:
    engine, names = ledger
    actor = _actor(engine, spec["name"])
    assert actor.type == spec["type"]
    aliases = {a.name for a in actor.aliases}
    assert set(spec.get("aliases", [])) <= aliases, aliases
    if parent := spec.get("parent"):
        assert actor.parent == _actor(engine, parent).id
    if articles := spec.get("articles"):
        with engine.connect() as conn:
            family = queries.actor_family(conn, actor.id)
            docs = set(conn.execute(select(m.EntityActor.doc_id)
                                    .where(m.EntityActor.actor_id.in_(family))).scalars())
        found = {article for article, doc in names.items() if doc in docs}
        assert set(articles) <= found, f"{spec['name']}: not in {set(articles) - found}"
