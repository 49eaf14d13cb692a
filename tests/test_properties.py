"""Properties over generated input, on SQLite and PostgreSQL.

* Any article (wire-copy sentences with names and figures, salted with NUL,
  lone surrogates, control and astral characters) extracted, stored and read
  back is the record that was extracted, and every span indexes its text;
  pieces of random size (long articles) included.
* No request the OpenAPI schema allows, or nearly allows, gets a 500
  (schemathesis over every operation, POST /api/documents with its token).
"""

from __future__ import annotations

import json
from unittest.mock import patch

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from newsledger import documents
from newsledger.api.app import create_app
from newsledger.documents import Built, build
from newsledger.ingest.sources import iter_jsonl_bytes
from newsledger.ledger.merge import ingest_record
from newsledger.nlp.pipeline import load_pipeline
from newsledger.store.db import connect
from newsledger.store.repository import get_document
from test_api import hostile_record, landmine_record

TOKEN = "property-token"

PLACES = ["Lisvar", "Mirdash", "Kharzan", "Tesvani", "the Orlen Valley"]
SPEAKERS = ["the Velorian Defence Ministry", "Governor Aren Tavash", "Dastan's Foreign Ministry",
            "a United Nations spokesperson", "village head Lena Orvik"]
SENTENCES = [
    "{n} civilians were killed when shells hit the market in {place} on Monday, {who} said.",
    "\"We will respond to this attack,\" {who} told reporters in {place}.",
    "{who} accused the rebels of planting mines on the road to {place}.",
    "At least {n} people were wounded in a drone strike near {place}.",
    "{who} denied that its forces had fired on {place}.",
    "Talks on a ceasefire will resume in {place} next week, {who} said.",
]
NOISE = st.sampled_from(["\x00", "\ud800", "\udfff", "\x1b[31m", "\u202e", "🇦🇲", "\t",
                         "\r\n", "é", "\ufeff", "\u200b", "—"])


@st.composite
def wire_copy(draw: st.DrawFn) -> str:
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        sentences = [draw(st.sampled_from(SENTENCES)).format(
            n=draw(st.integers(0, 2000)), place=draw(st.sampled_from(PLACES)),
            who=draw(st.sampled_from(SPEAKERS))) for _ in range(draw(st.integers(1, 3)))]
        paragraph = " ".join(sentences)
        for noise in draw(st.lists(NOISE, max_size=3)):
            at = draw(st.integers(0, len(paragraph)))
            paragraph = paragraph[:at] + noise + paragraph[at:]
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def spans(record) -> list[tuple[int, int]]:
    found = [m for e in record.entities for m in e.mentions]
    found += [s.content_span for s in record.statements] + [a.evidence for a in record.accusations]
    found += [e for i in record.incidents for e in i.evidence]
    return found + [c.evidence for c in record.claims]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=wire_copy(), title=st.text(max_size=30), piece=st.sampled_from([120, 400, 100_000]))
def test_extract_store_read_back_is_equal(db_url: str, text: str, title: str, piece: int) -> None:
    engine = connect(db_url)
    line = json.dumps({"text": text, "title": title}).encode()
    with patch.object(documents, "CHUNK_CHARS", piece):
        results = list(build(iter_jsonl_bytes(line, "wire.jsonl"), load_pipeline()))
    engine.dispose()
    if not isinstance(results[0], Built):  # only noise: refused with its line, never raised
        assert str(results[0]).startswith("wire.jsonl:1: ")
        return
    record = results[0].record
    for start, end in spans(record):
        assert 0 <= start <= end <= len(record.text)
    engine = connect(db_url)
    ingest_record(engine, record)
    assert get_document(engine, record.id) == record
    engine.dispose()


def test_no_request_gets_a_500(db_url: str) -> None:
    """Every operation of the OpenAPI schema, by schemathesis's generated cases (valid and
    invalid, with the ingest token), on a database holding two documents and their ledger."""
    app = create_app(db_url, ingest_token=TOKEN)
    for record in (landmine_record(), hostile_record()):
        ingest_record(app.state.engine, record)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9  # every /api route, POST /api/documents included

    for operation in operations:
        @settings(max_examples=30, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def no_500(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"},
                                   checks=[not_a_server_error])

        no_500()
