"""The store on SQLite and on a real PostgreSQL server: round trips, atomic
writes, listings and the Alembic schema."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, delete, func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from newsledger.records import (
    Accusation,
    Claim,
    DocumentRecord,
    Entity,
    Figure,
    Geo,
    Incident,
    Location,
    Perpetrator,
    Rebuttal,
    Role,
    Source,
    Span,
    Statement,
    Victim,
)
from newsledger.store import (
    connect,
    count_documents,
    get_document,
    iter_documents,
    list_documents,
    list_incidents,
    repository,
    save_document,
)
from newsledger.store import models as m
from newsledger.store.db import alembic_config


@pytest.fixture(scope="module")
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    """A database of our own on the server, migrated once for this module."""
    name = f"test_store_{uuid.uuid4().hex}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng = connect(admin.url.set(database=name).render_as_string(hide_password=False))
    yield eng
    eng.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        eng = connect(f"sqlite:///{tmp_path / 'ledger.db'}")
        yield eng
        eng.dispose()
        return
    # Emptying is ~10x faster than a new database per test.
    eng = request.getfixturevalue("pg_engine")
    with eng.begin() as conn:
        conn.execute(text("TRUNCATE documents CASCADE"))
    yield eng


def _span(text_: str, quote: str, nth: int = 0) -> Span:
    """The offsets of the ``nth`` occurrence of ``quote``, as the extractor gives them."""
    start = -1
    for _ in range(nth + 1):
        start = text_.index(quote, start + 1)
    return (start, start + len(quote))


LANDMINE_TEXT = (
    "Three people were killed and four injured when their vehicle hit an anti-tank mine "
    "near the village of Susuzlug in Kalbajar district, the Azerbaijani Foreign Ministry "
    "said on Friday. Among those killed was Siraj Abishov, an operator with Azerbaijan "
    "Television. \"Armenia bears full responsibility for the deliberate planting of "
    "landmines in our territories,\" spokesperson Leyla Abdullayeva told reporters. She "
    "said up to 3 people died in the blast, about 10.5 km from the road. Yerevan denied "
    "the accusation as groundless. Since November, 30 people have been killed by mines "
    "in the region, the ministry said. Ünal Çelik, 100% sure, was not hurt."
)


def landmine_record() -> DocumentRecord:
    """A fully populated record: every field type, None next to empty lists."""
    t = LANDMINE_TEXT
    return DocumentRecord(
        id="sha256:" + "a" * 64,
        source=Source(path="samples/newsaz-landmine.html", id=None,
                      url="https://news.az/landmine", outlet="News.Az"),
        title="Three killed in landmine blast in Kalbajar",
        published="2021-06-04",
        language="en",
        text=t,
        entities=[
            Entity(id="e1", name="Leyla Abdullayeva", type="PERSON",
                   mentions=[_span(t, "Leyla Abdullayeva"), _span(t, "She")],
                   roles=[Role(title="spokesperson", organization="e2",
                               organization_name="Azerbaijani Foreign Ministry")],
                   country="AZ", actor_type="person"),
            Entity(id="e2", name="Azerbaijani Foreign Ministry", type="ORG",
                   mentions=[_span(t, "Azerbaijani Foreign Ministry"), _span(t, "ministry")],
                   country="AZ", actor_type="ministry"),
            Entity(id="e3", name="Armenia", type="GPE",
                   mentions=[_span(t, "Armenia"), _span(t, "Yerevan")],
                   roles=[], country="AM", actor_type="state"),
            Entity(id="e4", name="Susuzlug", type="LOC", mentions=[_span(t, "Susuzlug")],
                   country="AZ", geo=Geo(lat=40.123456789012, lon=46.1, precision="village")),
            Entity(id="e5", name="Siraj Abishov", type="PERSON",
                   mentions=[_span(t, "Siraj Abishov")],
                   roles=[Role(title="operator", organization="e6")]),
            Entity(id="e6", name="Azerbaijan Television", type="ORG",
                   mentions=[_span(t, "Azerbaijan Television")], actor_type="media"),
            Entity(id="e7", name="Kalbajar", type="GPE", mentions=[],
                   geo=Geo(lat=40.1, lon=-0.0001, precision="district")),
        ],
        statements=[
            Statement(id="s1", kind="direct", speaker="e1", speaker_name="Leyla Abdullayeva",
                      speaker_span=_span(t, "Leyla Abdullayeva"), cue="told",
                      content_span=_span(t, "Armenia bears full responsibility"),
                      text="Armenia bears full responsibility", date="2021-06-04",
                      parts=[_span(t, "Armenia bears"), _span(t, "full responsibility")]),
            Statement(id="s2", kind="indirect", speaker="e1", speaker_name="Leyla Abdullayeva",
                      speaker_span=_span(t, "She"), cue="said",
                      content_span=_span(t, "up to 3 people died in the blast"),
                      text="up to 3 people died in the blast"),
            Statement(id="s3", kind="indirect", content_span=_span(t, "was not hurt"),
                      text="was not hurt"),
        ],
        incidents=[
            Incident(id="i1", type="Explosions/Remote violence",
                     subtype="Remote explosive/landmine/IED", weapon="anti-tank mine",
                     date="2021-06-04", date_precision="day", aggregate=False,
                     location=Location(name="Susuzlug", admin1="Kalbajar", admin2=None,
                                       country="AZ", lat=40.123456789012, lon=46.1,
                                       precision="village"),
                     killed=Figure(best=3, low=2, high=3),
                     injured=Figure(best=4, low=4, high=4),
                     victims=[Victim(entity="e5", name="Siraj Abishov", outcome="killed",
                                     role="operator, Azerbaijan Television", civilian=True),
                              Victim(name="Ünal Çelik", outcome="injured")],
                     perpetrators=[Perpetrator(entity="e3", name="Armenia", status="alleged",
                                               asserted_by="e2")],
                     claims=["c1", "c2", "c3"],
                     evidence=[_span(t, "Three people were killed"),
                               _span(t, "up to 3 people died")]),
            Incident(id="i2", type="Explosions/Remote violence", aggregate=True,
                     location=Location(name="Kalbajar"),
                     killed=Figure(best=30), claims=["c4"],
                     evidence=[_span(t, "30 people have been killed by mines")]),
            Incident(id="i3", type="Strategic developments"),
        ],
        accusations=[
            Accusation(id="a1", accuser="e2", accuser_name="Azerbaijani Foreign Ministry",
                       accused="e3", accused_name="Armenia",
                       allegation="deliberate planting of landmines", category="landmines",
                       incident="i1", evidence=_span(t, "deliberate planting of landmines"),
                       rebuttals=[Rebuttal(by="e3", by_name="Armenia",
                                           evidence=_span(t, "denied the accusation")),
                                  Rebuttal(evidence=_span(t, "groundless"))]),
            Accusation(id="a2", allegation="mines", evidence=_span(t, "mines")),
        ],
        claims=[
            Claim(id="c1", subject="i1", field="killed", value=3, qualifier="up_to",
                  asserted_by="e1", evidence=_span(t, "up to 3 people died")),
            Claim(id="c2", subject="i1", field="injured", value=4,
                  evidence=_span(t, "four injured")),
            Claim(id="c3", subject="i1", field="distance_km", value=10.5, qualifier="about",
                  evidence=_span(t, "about 10.5 km")),
            Claim(id="c4", subject="i2", field="killed", value=30.0, qualifier="at_least",
                  asserted_by="e2", evidence=_span(t, "30 people")),
            Claim(id="c5", subject="e7", field="certainty", value="100%", qualifier="exact",
                  evidence=_span(t, "100% sure")),
            Claim(id="c6", subject="i1", field="killed", value="3",
                  evidence=_span(t, "3 people")),
        ],
    )


def small_record(n: int, *, title: str | None, published: str | None, text_: str,
                 incidents: Sequence[Incident] = ()) -> DocumentRecord:
    return DocumentRecord(id=f"sha256:{n:064x}", title=title, published=published,
                          text=text_, source=Source(path=f"in/{n}.txt"),
                          incidents=list(incidents))


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.name: conn.scalar(select(func.count()).select_from(t))
                for t in m.Base.metadata.sorted_tables}


def assert_same(loaded: DocumentRecord | None, record: DocumentRecord) -> None:
    """Equal, and equal as JSON too: == alone would accept 3.0 for 3."""
    assert loaded == record
    assert loaded.model_dump_json() == record.model_dump_json()


def test_round_trip_is_exact(engine: Engine) -> None:
    record = landmine_record()
    assert save_document(engine, record) is True
    loaded = get_document(engine, record.id)
    assert_same(loaded, record)
    assert [type(c.value) for c in loaded.claims] == [int, int, float, float, str, str]
    assert isinstance(loaded.entities[0].mentions[0], tuple)
    assert get_document(engine, "sha256:missing") is None


def test_minimal_record_round_trips(engine: Engine) -> None:
    record = DocumentRecord(id="sha256:min", text="")
    assert save_document(engine, record)
    assert_same(get_document(engine, record.id), record)


def test_evidence_spans_table_holds_every_span(engine: Engine) -> None:
    record = landmine_record()
    save_document(engine, record)
    with engine.connect() as conn:
        rows = conn.execute(select(m.EvidenceSpan.record_kind, m.EvidenceSpan.record_id,
                                   m.EvidenceSpan.span_start, m.EvidenceSpan.span_end)
                            .order_by(m.EvidenceSpan.span_start)).all()
    expected = (
        [("statement", s.id, *s.content_span) for s in record.statements]
        + [("incident", i.id, *e) for i in record.incidents for e in i.evidence]
        + [("accusation", a.id, *a.evidence) for a in record.accusations]
        + [("rebuttal", a.id, *b.evidence) for a in record.accusations for b in a.rebuttals]
        + [("claim", c.id, *c.evidence) for c in record.claims]
    )
    assert sorted(tuple(r) for r in rows) == sorted(expected)
    for _, _, start, end in rows:
        assert 0 <= start < end <= len(record.text)


def test_second_save_changes_nothing(engine: Engine) -> None:
    record = landmine_record()
    assert save_document(engine, record)
    before = row_counts(engine)
    with engine.connect() as conn:
        ingested = conn.scalar(select(m.Document.ingested_at))
    assert save_document(engine, record) is False
    assert row_counts(engine) == before
    with engine.connect() as conn:
        assert conn.scalar(select(m.Document.ingested_at)) == ingested
    assert before["documents"] == 1 and before["mentions"] == 9


def _duplicate_claim_id(record: DocumentRecord) -> DocumentRecord:
    """A record whose last table violates its primary key."""
    claims = [*record.claims, record.claims[0].model_copy(update={"value": 99})]
    return record.model_copy(update={"id": "sha256:broken", "claims": claims})


def test_failed_save_rolls_back_the_whole_document(engine: Engine, monkeypatch) -> None:
    earlier = small_record(1, title="Earlier", published="2021-01-01", text_="Earlier text")
    assert save_document(engine, earlier)
    before = row_counts(engine)

    with pytest.raises(IntegrityError):
        save_document(engine, _duplicate_claim_id(landmine_record()))
    assert row_counts(engine) == before

    # A crash after most tables are written (here: before the evidence spans).
    real_insert = repository.insert

    def failing_insert(model):
        if model is m.EvidenceSpan:
            raise RuntimeError("disk full")
        return real_insert(model)

    monkeypatch.setattr(repository, "insert", failing_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        save_document(engine, landmine_record())
    monkeypatch.undo()

    assert row_counts(engine) == before
    assert get_document(engine, landmine_record().id) is None
    assert_same(get_document(engine, earlier.id), earlier)
    assert save_document(engine, landmine_record())  # and the id is not blocked


def test_deleting_a_document_cascades(engine: Engine) -> None:
    save_document(engine, landmine_record())
    with engine.begin() as conn:
        conn.execute(delete(m.Document))
    assert set(row_counts(engine).values()) == {0}


def _three_documents(engine: Engine) -> list[DocumentRecord]:
    docs = [
        landmine_record(),
        small_record(2, title="Ceasefire talks resume", published="2021-07-01",
                     text_="Talks in Moscow. Drone STRIKE on 50%_of the depot.",
                     incidents=[Incident(id="i1", type="Battles", date="2021-06-30",
                                         evidence=[(17, 29)])]),
        small_record(3, title=None, published=None, text_="Undated wire item about mines.",
                     incidents=[Incident(id="i1", type="Explosions/Remote violence")]),
    ]
    for doc in docs:
        assert save_document(engine, doc)
    return docs


def test_list_and_count_documents(engine: Engine) -> None:
    landmine, talks, undated = _three_documents(engine)

    listed = list_documents(engine)
    assert [d.id for d in listed] == [talks.id, landmine.id, undated.id]
    first = listed[1]
    assert (first.title, first.published, first.outlet, first.path) == (
        landmine.title, "2021-06-04", "News.Az", "samples/newsaz-landmine.html")
    assert (first.n_entities, first.n_statements, first.n_incidents,
            first.n_accusations, first.n_claims) == (7, 3, 3, 2, 6)
    assert listed[0].n_incidents == 1 and listed[0].n_entities == 0

    assert [d.id for d in list_documents(engine, limit=1, offset=1)] == [landmine.id]
    assert count_documents(engine) == 3

    # Case-insensitive, over title and text; % and _ are literal characters.
    assert [d.id for d in list_documents(engine, q="CEASEFIRE")] == [talks.id]
    assert [d.id for d in list_documents(engine, q="drone strike")] == [talks.id]
    assert {d.id for d in list_documents(engine, q="mines")} == {landmine.id, undated.id}
    assert count_documents(engine, q="mines") == 2
    assert count_documents(engine, q="50%_of") == 1
    assert count_documents(engine, q="5_%") == 0
    assert count_documents(engine, q="no such words") == 0


def test_list_incidents_filters(engine: Engine) -> None:
    landmine, talks, undated = _three_documents(engine)

    rows = list_incidents(engine)
    assert [(r.doc_id, r.id) for r in rows] == [
        (talks.id, "i1"), (landmine.id, "i1"), (landmine.id, "i2"),
        (landmine.id, "i3"), (undated.id, "i1"),
    ]
    first = rows[1]
    assert (first.doc_title, first.published) == (landmine.title, "2021-06-04")
    assert first.model_dump(exclude={"doc_id", "doc_title", "published"}) == (
        landmine.incidents[0].model_dump())
    assert rows[0].evidence == [(17, 29)]

    explosions = list_incidents(engine, type="Explosions/Remote violence")
    assert [(r.doc_id, r.id) for r in explosions] == [
        (landmine.id, "i1"), (landmine.id, "i2"), (undated.id, "i1")]
    june = list_incidents(engine, date_from="2021-06-01", date_to="2021-06-30")
    assert [(r.doc_id, r.id) for r in june] == [(talks.id, "i1"), (landmine.id, "i1")]
    assert [r.id for r in list_incidents(engine, date_to="2021-06-29")] == ["i1"]
    assert list_incidents(engine, type="Battles", date_from="2021-07-01") == []
    assert len(list_incidents(engine, limit=2, offset=4)) == 1


def test_iter_documents_streams_in_id_order(engine: Engine) -> None:
    docs = _three_documents(engine)
    streamed = list(iter_documents(engine, batch_size=2))
    assert [d.id for d in streamed] == sorted(d.id for d in docs)
    for loaded in streamed:
        assert_same(loaded, next(d for d in docs if d.id == loaded.id))
    assert len(list(iter_documents(engine, batch_size=3))) == 3


def test_migrations_match_models(engine: Engine) -> None:
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), m.Base.metadata) == []
        tables = set(inspect(conn).get_table_names())
    assert tables == set(m.Base.metadata.tables) | {"alembic_version"}

    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), m.Base.metadata) == []


def test_connect_creates_a_sqlite_file_once(tmp_path) -> None:
    path = tmp_path / "new" / "ledger.db"
    eng = connect(f"sqlite:///{path}")
    assert path.exists()
    save_document(eng, landmine_record())
    eng.dispose()

    again = connect(f"sqlite:///{path}")  # already at head: migrates nothing
    with again.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        head = ScriptDirectory.from_config(alembic_config(conn)).get_current_head()
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head
    assert_same(get_document(again, landmine_record().id), landmine_record())
    again.dispose()
