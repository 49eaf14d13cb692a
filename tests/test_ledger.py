"""The ledger across articles on the sample corpus and the seeds: every record
stored, merges independent of ingest order, re-ingest a no-op, people's
corrections remembered across rebuilds, actors across articles, and the API,
CLI and export over it (SQLite, and PostgreSQL where it matters)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, update
from typer.testing import CliRunner

from newsledger.api.app import create_app
from newsledger.cli import app as cli
from newsledger.eval.merge import StaleLedger, article_clusters
from newsledger.ingest.sources import iter_articles
from newsledger.ledger.build import build_records
from newsledger.ledger.merge import correct, ingest_record, rebuild, report_ref
from newsledger.ledger.rules import merge_rules
from newsledger.ledger.score import score_pair, veto
from newsledger.ledger.signature import Place, Signature, main_incident_id, signature, terms
from newsledger.records import DocumentRecord, LedgerActor, LedgerIncident
from newsledger.store import ledger_queries as queries
from newsledger.store import models as m
from newsledger.store.db import connect

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "corpus"
SEEDS = ROOT.parent / "shared" / "seeds"
SCHEMAS = ROOT / "docs" / "schema"


@pytest.fixture(scope="module")
def records() -> list[DocumentRecord]:
    """The sample corpus (and the seeds, when ../shared is there), extracted once."""
    paths = [str(SAMPLES)] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    found = list(build_records(iter_articles(paths)))
    assert all(isinstance(r, DocumentRecord) for r in found), found
    return found


def _sqlite(tmp_path: Path, name: str = "ledger.db") -> Engine:
    return connect(f"sqlite:///{tmp_path / name}")


@pytest.fixture
def ledger(tmp_path: Path, records: list[DocumentRecord]) -> Iterator[Engine]:
    engine = _sqlite(tmp_path)
    for record in records:
        ingest_record(engine, record)
    yield engine
    engine.dispose()


def snapshot(engine: Engine) -> dict:
    """Everything the ledger says, in a form two ledgers can be compared by."""
    incidents = sorted((i.model_dump(mode="json") for i in queries.iter_incidents(engine)),
                       key=lambda i: i["id"])
    actors = sorted((a.model_dump(mode="json") for a in queries.iter_actors(engine)),
                    key=lambda a: a["id"])
    return {"incidents": incidents, "actors": actors}


def _incident_with(engine: Engine, doc_id: str, incident_id: str = "i1") -> LedgerIncident:
    for incident in queries.iter_incidents(engine):
        if any(s.document == doc_id and s.incident == incident_id for s in incident.sources):
            return incident
    raise AssertionError(f"no ledger incident holds {doc_id}#{incident_id}")


def _doc(records: list[DocumentRecord], stem: str) -> DocumentRecord:
    return next(r for r in records if Path(r.source.path or "").name.startswith(stem))


# --- storage and merge invariants -------------------------------------------------


def test_every_document_and_incident_is_in_the_ledger(ledger: Engine,
                                                      records: list[DocumentRecord]) -> None:
    with ledger.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(m.Document)) == len(records)
        reports = conn.execute(select(m.LedgerReport.doc_id, m.LedgerReport.incident_id,
                                      m.LedgerReport.ledger_id)).all()
    assert len(reports) == sum(len(r.incidents) for r in records)
    assert all(row.ledger_id for row in reports)


def test_ingest_order_does_not_change_the_ledger(tmp_path: Path, ledger: Engine,
                                                 records: list[DocumentRecord]) -> None:
    backwards = _sqlite(tmp_path, "backwards.db")
    for record in reversed(records):
        ingest_record(backwards, record)
    shuffled = _sqlite(tmp_path, "shuffled.db")
    for record in records[1::2] + records[::2]:
        ingest_record(shuffled, record)
    expected = snapshot(ledger)
    assert snapshot(backwards) == expected
    assert snapshot(shuffled) == expected
    rebuild(ledger)
    assert snapshot(ledger) == expected


def test_reingest_changes_nothing(ledger: Engine, records: list[DocumentRecord]) -> None:
    before = snapshot(ledger)
    assert not any(ingest_record(ledger, record) for record in records)
    assert snapshot(ledger) == before


def test_every_merge_keeps_its_reasons(ledger: Engine, records: list[DocumentRecord]) -> None:
    tesvani = _incident_with(ledger, _doc(records, "01_").id)
    first, *joined = tesvani.sources
    assert first.joined is None and joined
    for source in joined:
        reason = source.joined
        assert reason is not None and reason.by in ("score", "rule", "decision")
        if reason.by == "score":
            assert reason.score is not None and reason.score >= merge_rules().link
            assert {"text", "type"} <= set(reason.features)


# --- people's corrections ------------------------------------------------------------


def test_split_and_merge_are_remembered_across_rebuilds(ledger: Engine,
                                                        records: list[DocumentRecord]) -> None:
    tesvani = _incident_with(ledger, _doc(records, "01_").id)
    leaving = tesvani.sources[-1]
    leaving_ref = f"{leaving.document}#{leaving.incident}"
    correct(ledger, "split", [tesvani.id], [leaving_ref], note="a different day")
    for _ in range(2):  # after the split, and again after a rebuild
        kept = _incident_with(ledger, tesvani.sources[0].document)
        alone = _incident_with(ledger, leaving.document, leaving.incident)
        assert kept.id == tesvani.id and alone.id != tesvani.id
        assert leaving.document not in {s.document for s in kept.sources} or \
            leaving.incident not in {s.incident for s in kept.sources
                                     if s.document == leaving.document}
        rebuild(ledger)

    correct(ledger, "merge", [tesvani.id, alone.id], note="same shelling after all")
    rebuild(ledger)
    together = _incident_with(ledger, leaving.document, leaving.incident)
    assert together.id == tesvani.id
    # every report is back; the split may have let another report of the
    # leaving one's article in, which the merge then keeps beside it
    assert {(s.document, s.incident) for s in tesvani.sources} <= \
        {(s.document, s.incident) for s in together.sources}
    with ledger.connect() as conn:
        kinds = [d.kind for d in conn.execute(select(m.LedgerDecision))]
    # a split keeps the leaving report apart from each staying one; the merge
    # then joins every report of the one incident to every report of the other,
    # overriding those splits
    assert kinds.count("split") == len(tesvani.sources) - 1
    assert kinds.count("merge") == len(kept.sources) * len(alone.sources)


def test_a_retired_id_redirects_to_the_incident_it_became(ledger: Engine,
                                                          records: list[DocumentRecord]
                                                          ) -> None:
    other = _incident_with(ledger, _doc(records, "05_").id)
    tesvani = _incident_with(ledger, _doc(records, "01_").id)
    result = correct(ledger, "merge", [tesvani.id, other.id], note="test")
    live = {i.id for i in result.incidents}
    assert tesvani.id in live and other.id not in live
    assert queries.get_incident(ledger, other.id).id == tesvani.id
    client = TestClient(create_app(str(ledger.url)))
    response = client.get(f"/api/ledger/incidents/{other.id}", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"].endswith(tesvani.id)
    page = client.get(f"/incidents/{other.id}", follow_redirects=False)
    assert page.status_code == 307 and page.headers["location"] == f"/incidents/{tesvani.id}"


def test_the_incident_page_shows_every_report_and_the_history(ledger: Engine,
                                                              records: list[DocumentRecord]
                                                              ) -> None:
    tesvani = _incident_with(ledger, _doc(records, "01_").id)
    client = TestClient(create_app(str(ledger.url)))
    listed = client.get("/incidents", params={"min_sources": 2}).text
    assert f'href="/incidents/{tesvani.id}"' in listed
    html = client.get(f"/incidents/{tesvani.id}").text
    assert html.count('<section class="report"') == len(tesvani.sources)
    history = html[html.index('class="list history"'):html.index("</table>",
                                                                  html.index("list history"))]
    assert history.count("<tr>") == len(tesvani.history) + 1  # with the header row
    for source in tesvani.sources:  # each report links to its evidence in its article
        assert f'/documents/{source.document.replace(":", "%3A")}#{source.incident}' in html
    assert html.count('data-kind="incident"') >= len(tesvani.sources)


def test_corrections_naming_what_is_not_there_fail_clearly(ledger: Engine) -> None:
    from newsledger.ledger.merge import CorrectionError

    with pytest.raises(CorrectionError, match="no such ledger incident"):
        correct(ledger, "merge", ["inc-000000000000", "inc-111111111111"])
    some = next(iter(queries.iter_incidents(ledger)))
    with pytest.raises(CorrectionError, match="not reports of"):
        correct(ledger, "split", [some.id], ["sha256:nope#i9"])


# --- actors across articles ------------------------------------------------------------


def _actor_named(engine: Engine, name: str) -> LedgerActor:
    _, found = queries.query_actors(engine, q=name, limit=50)
    exact = [a for a in found if a.name == name]
    assert exact, f"no actor {name!r} among {[a.name for a in found]}"
    return exact[0]


def test_one_person_across_articles(ledger: Engine) -> None:
    kovar = _actor_named(ledger, "Andrei Kovar")
    assert kovar.type == "person" and kovar.n_documents >= 3


def test_a_state_and_its_organs_across_articles(ledger: Engine) -> None:
    veloria = _actor_named(ledger, "Veloria")
    assert veloria.type == "state"
    ministry = _actor_named(ledger, "Velorian Defence Ministry")
    assert ministry.parent == veloria.id
    # "the Defence Ministry" of an article about Veloria is the same organ
    assert {"Velorian Defence Ministry", "Defence Ministry"} <= {a.name for a in
                                                                 ministry.aliases}
    assert ministry.n_documents >= 3


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
def test_armenia_by_any_name_is_one_actor(ledger: Engine) -> None:
    armenia = _actor_named(ledger, "Armenia")
    assert armenia.country == "AM" and armenia.type == "state"
    names = {a.name for a in armenia.aliases}
    assert "armed forces of Armenia" in names or "Armed Forces of Armenia" in names


def test_everything_an_actor_is_accused_of_is_one_query(ledger: Engine) -> None:
    dastan = _actor_named(ledger, "Dastan")
    mentions = queries.actor_mentions(ledger, dastan.id)
    assert len(mentions["accusations_against"]) >= 2
    assert any("Dastan" in (a["accused_name"] or "") for a in mentions["accusations_against"])
    ministry = _actor_named(ledger, "Velorian Defence Ministry")
    said = queries.actor_mentions(ledger, ministry.id)["statements"]
    assert len({s["doc_id"] for s in said}) >= 2


# --- interfaces ------------------------------------------------------------------------


def test_api_ledger_incidents_filters(ledger: Engine, records: list[DocumentRecord]) -> None:
    client = TestClient(create_app(str(ledger.url)))
    everything = client.get("/api/ledger/incidents", params={"limit": 1000}).json()
    assert everything["total"] == len(everything["incidents"]) > 0
    multi = client.get("/api/ledger/incidents", params={"min_sources": 2}).json()
    assert multi["total"] >= 1
    assert all(i["n_sources"] >= 2 for i in multi["incidents"])
    kind = "Explosions/Remote violence"
    typed = client.get("/api/ledger/incidents", params={"type": kind}).json()
    assert typed["total"] >= 1 and all(i["type"] == kind for i in typed["incidents"])
    dated = client.get("/api/ledger/incidents",
                       params={"date_from": "2024-03-01", "date_to": "2024-03-31"}).json()
    assert all("2024-03-01" <= i["date"] <= "2024-03-31" for i in dated["incidents"])
    located = [i for i in everything["incidents"] if i["location"] and
               i["location"]["lat"] is not None]
    assert located
    spot = located[0]["location"]
    box = f"{spot['lon'] - 0.5},{spot['lat'] - 0.5},{spot['lon'] + 0.5},{spot['lat'] + 0.5}"
    boxed = client.get("/api/ledger/incidents", params={"bbox": box}).json()
    assert located[0]["id"] in {i["id"] for i in boxed["incidents"]}
    if spot["country"]:
        by_country = client.get("/api/ledger/incidents",
                                params={"country": spot["country"]}).json()
        assert all(i["location"]["country"] == spot["country"]
                   for i in by_country["incidents"])
    dastan = _actor_named(ledger, "Dastan")
    blamed = client.get("/api/ledger/incidents", params={"actor": dastan.id}).json()
    tesvani = _incident_with(ledger, _doc(records, "01_").id)
    assert tesvani.id in {i["id"] for i in blamed["incidents"]}
    assert client.get("/api/ledger/incidents", params={"bbox": "1,2,3"}).status_code == 422
    assert client.get("/api/ledger/incidents", params={"country": "ARM"}).status_code == 422


def test_api_incident_and_actors(ledger: Engine, records: list[DocumentRecord]) -> None:
    client = TestClient(create_app(str(ledger.url)))
    tesvani = _incident_with(ledger, _doc(records, "01_").id)
    got = client.get(f"/api/ledger/incidents/{tesvani.id}")
    assert got.status_code == 200
    assert LedgerIncident.model_validate(got.json()) == tesvani
    assert client.get("/api/ledger/incidents/inc-nothing").status_code == 404
    actors = client.get("/api/actors", params={"type": "state"}).json()
    assert actors["total"] >= 2 and all(a["type"] == "state" for a in actors["actors"])
    veloria = _actor_named(ledger, "Veloria")
    one = client.get(f"/api/actors/{veloria.id}").json()
    assert one["name"] == "Veloria"
    assert {"statements", "accusations_by", "accusations_against"} <= set(one)
    assert client.get("/api/actors/nobody").status_code == 404


def test_cli_ledger_commands_and_export(ledger: Engine, records: list[DocumentRecord],
                                        tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", str(ledger.url)]
    tesvani = _incident_with(ledger, _doc(records, "01_").id)
    shown = runner.invoke(cli, ["ledger", "show", tesvani.id, *db])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["id"] == tesvani.id
    leaving = tesvani.sources[-1]
    split = runner.invoke(cli, ["ledger", "split", tesvani.id,
                                f"{leaving.document}#{leaving.incident}", "--note",
                                "<b>not</b> the same", *db])
    assert split.exit_code == 0, split.output
    listed = runner.invoke(cli, ["ledger", "decisions", *db], env={"COLUMNS": "200"})
    assert "split" in listed.stdout and "<b>not</b> the same" in listed.stdout
    missing = runner.invoke(cli, ["ledger", "show", "inc-nothing", *db])
    assert missing.exit_code == 1
    for what, model in (("incidents", LedgerIncident), ("actors", LedgerActor)):
        out = tmp_path / f"{what}.jsonl"
        done = runner.invoke(cli, ["export", "--what", what, "-o", str(out), *db])
        assert done.exit_code == 0, done.output
        lines = out.read_text("utf-8").splitlines()
        assert lines and all(model.model_validate_json(line) for line in lines)


@pytest.mark.parametrize("name, model", [("ledger-incident", LedgerIncident),
                                         ("ledger-actor", LedgerActor)])
def test_published_json_schemas_match_the_code(name: str, model: type) -> None:
    """docs/schema/*.json is what the code emits (regenerate: see docs/ledger.md)."""
    published = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    assert published == model.model_json_schema()


# --- PostgreSQL ----------------------------------------------------------------------


@pytest.fixture
def pg_ledger(fresh_postgres_database: Callable[[], str]) -> Iterator[Engine]:
    engine = connect(fresh_postgres_database())
    yield engine
    engine.dispose()


@pytest.mark.postgres
def test_postgres_ledger_equals_sqlite(pg_ledger: Engine, ledger: Engine,
                                       records: list[DocumentRecord]) -> None:
    for record in reversed(records):
        ingest_record(pg_ledger, record)
    assert snapshot(pg_ledger) == snapshot(ledger)
    tesvani = _incident_with(pg_ledger, _doc(records, "01_").id)
    correct(pg_ledger, "split", [tesvani.id], [report_ref(
        (tesvani.sources[-1].document, tesvani.sources[-1].incident))])
    rebuild(pg_ledger)
    assert _incident_with(pg_ledger, tesvani.sources[-1].document,
                          tesvani.sources[-1].incident).id != tesvani.id


def _village_report(doc: str, name: str) -> Signature:
    return Signature(doc_id=doc, incident_id="i1", type="Explosions/Remote violence",
                     date="2024-03-07", date_precision="day", date_lo="2024-03-07",
                     date_hi="2024-03-07", terms={"shelled": 3.0, "velorian": 5.0},
                     place=Place(name=name, key=name.lower(), precision="village"))


def test_two_unmapped_villages_shelled_the_same_morning_stay_apart() -> None:
    """Front-line villages the gazetteer cannot place: alike text and day, but
    two differently named villages are two incidents (each side blames the other)."""
    tesvani, mirdash = _village_report("a", "Tesvani"), _village_report("b", "Mirdash")
    assert veto(tesvani, mirdash) == "different_unmapped_places"
    assert veto(tesvani, _village_report("c", "Tesvani")) is None
    assert not score_pair(tesvani, mirdash).linked


def test_the_lede_counts_for_the_main_incident_only(records: list[DocumentRecord]) -> None:
    """The title and lede tell the article's main event; its other incidents
    are compared by their own evidence, so a side event does not look like
    another article's main event."""
    record = next(r for r in records if len(r.incidents) > 1 and r.title)
    main = main_incident_id(record.incidents)
    assert main == record.incidents[0].id
    lead_words = set(terms(record.title or ""))
    side = next(i for i in record.incidents if i.id != main)
    side_terms = set(signature(record, side, {}, main=False).terms)
    main_terms = set(signature(record, record.incidents[0], {}, main=True).terms)
    assert lead_words & main_terms
    assert (lead_words & main_terms) - side_terms


def test_merge_eval_reads_each_articles_main_report(ledger: Engine,
                                                    records: list[DocumentRecord]) -> None:
    """The article's cluster is its main report's incident; a ledger built
    before reports knew which is main is refused, not scored as all singletons."""
    clusters, _ = article_clusters(ledger)
    wire = next(r for r in records if r.source.id == "mnw-20240311-0412")  # 04, line 1
    assert clusters[wire.source.id] == _incident_with(ledger, wire.id).id
    with ledger.begin() as conn:
        conn.execute(update(m.LedgerReport).values(
            signature=func.json_remove(m.LedgerReport.signature, "$.main")))
    with pytest.raises(StaleLedger, match="--rebuild"):
        article_clusters(ledger)
