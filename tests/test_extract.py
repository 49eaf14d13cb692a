"""Extraction on realistic wire text: entities, roles, statements, incidents, accusations."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from newsledger.extract import dates
from newsledger.extract.quotes import find_quotes
from newsledger.ingest.article import Article
from newsledger.ingest.sources import iter_articles
from newsledger.ledger.build import build_records
from newsledger.records import DocumentRecord

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"


def extract(text: str, published: str | None = "2024-03-08") -> DocumentRecord:
    article = Article(doc_id="test", text=text, path="test.txt", published=published)
    (record,) = build_records([article])
    assert isinstance(record, DocumentRecord), record
    return record


def span_text(record: DocumentRecord, span: tuple[int, int] | None) -> str:
    assert span is not None
    return record.text[span[0]:span[1]]


def named(record: DocumentRecord, entity_id: str | None) -> str | None:
    return next((e.name for e in record.entities if e.id == entity_id), None)


MINE_REPORT = (
    "A shepherd was killed and two soldiers were injured on Thursday when a landmine "
    "exploded near the village of Alkhanli in Fuzuli district, the Azerbaijani Defence "
    "Ministry said in a statement.\n\n"
    "“The mine was planted by the Armenian side during the occupation,” the ministry said. "
    "“Such crimes will not go unanswered.”\n\n"
    "Anar Guliyev, spokesman for the Fuzuli district administration, said the victim was "
    "Rustam Karimli, a 34-year-old shepherd.\n\n"
    "\"We warned residents many times about this area,\" Guliyev told reporters. \"The "
    "clearance teams had not reached it yet.\""
)


@pytest.fixture(scope="module")
def mine_record() -> DocumentRecord:
    return extract(MINE_REPORT)


def test_every_span_points_at_its_evidence(mine_record: DocumentRecord) -> None:
    text = mine_record.text
    for entity in mine_record.entities:
        for start, end in entity.mentions:
            assert 0 <= start < end <= len(text)
    for statement in mine_record.statements:
        parts = statement.parts or [statement.content_span]
        assert " ".join(span_text(mine_record, p) for p in parts) == statement.text
        assert statement.content_span == (parts[0][0], parts[-1][1])
    for claim in mine_record.claims:
        assert 0 <= claim.evidence[0] < claim.evidence[1] <= len(text)


def test_person_role_from_apposition(mine_record: DocumentRecord) -> None:
    guliyev = next(e for e in mine_record.entities if e.name == "Anar Guliyev")
    assert guliyev.type == "PERSON"
    assert guliyev.roles[0].title == "spokesman"
    assert len(guliyev.mentions) == 2  # "Guliyev" joins the full name


def test_direct_quotes_resolve_ministry_and_surname(mine_record: DocumentRecord) -> None:
    direct = [s for s in mine_record.statements if s.kind == "direct"]
    by_text = {s.text[:20]: s.speaker_name for s in direct}
    assert by_text["The mine was planted"] == "Azerbaijani Defence Ministry"
    assert by_text["We warned residents "] == "Anar Guliyev"
    # “A,” Guliyev told reporters. “B.” is one statement in two parts
    warned = next(s for s in direct if s.text.startswith("We warned"))
    assert [span_text(mine_record, p)[:19] for p in warned.parts] == [
        "We warned residents", "The clearance teams"]
    # “A,” the ministry said. “B.” likewise
    planted = next(s for s in direct if s.text.startswith("The mine was planted"))
    assert planted.text.endswith("Such crimes will not go unanswered.")


def test_incident_type_date_place_and_toll(mine_record: DocumentRecord) -> None:
    (incident,) = [i for i in mine_record.incidents if not i.aggregate]
    assert incident.type == "Explosions/Remote violence"
    assert incident.subtype == "Remote explosive/landmine/IED"
    assert incident.date == "2024-03-07"  # Thursday before Friday 2024-03-08
    assert incident.date_precision == "day"
    assert incident.location is not None
    assert incident.location.name == "Alkhanli"
    assert incident.location.country == "AZ"
    assert incident.killed.best == 1
    assert incident.injured.best == 2
    assert incident.weapon == "landmine"


def test_accusation_links_incident_and_alleges_perpetrator(mine_record: DocumentRecord) -> None:
    (incident,) = [i for i in mine_record.incidents if not i.aggregate]
    accusation = next(a for a in mine_record.accusations if a.category == "landmines")
    assert accusation.accused_name == "Armenia"
    assert accusation.accuser_name == "Azerbaijani Defence Ministry"
    assert accusation.incident == incident.id
    assert [(p.name, p.status) for p in incident.perpetrators] == [("Armenia", "alleged")]


def test_disagreeing_tolls_kept_side_by_side() -> None:
    record = extract(
        "Two civilians died in the shelling of Tesvani on Thursday, local media reported.\n\n"
        "“As a result of the shelling, three civilians were killed and five were wounded,” "
        "the Velorian Defence Ministry said.")
    (incident,) = [i for i in record.incidents if not i.aggregate]
    assert incident.subtype == "Shelling/artillery/missile attack"
    assert (incident.killed.low, incident.killed.best, incident.killed.high) == (2, 3, 3)
    killed = sorted(c.value for c in record.claims if c.field == "killed")
    assert killed == [2, 3]


def test_cumulative_toll_is_aggregate_not_an_event() -> None:
    record = extract("Up to 250 people have been killed by mines since the early 1990s, "
                     "the agency said.", published=None)
    assert record.incidents and all(i.aggregate for i in record.incidents)
    claim = next(c for c in record.claims if c.field == "killed")
    assert (claim.value, claim.qualifier) == (250, "up_to")


def test_background_war_makes_no_incident() -> None:
    record = extract("During the second Karabakh war, artillery shelling destroyed the town, "
                     "residents recalled.")
    assert not [i for i in record.incidents if not i.aggregate]


def test_capital_speaking_for_its_state() -> None:
    record = extract("The Azerbaijani Foreign Ministry issued a statement on Friday.\n\n"
                     "Baku also emphasized that Armenia bears all the responsibility for the "
                     "victims of landmines.")
    statement = next(s for s in record.statements if s.cue == "emphasized")
    assert statement.speaker_name == "Azerbaijan"
    assert span_text(record, statement.speaker_span) == "Baku"


def test_multi_paragraph_and_unbalanced_quotes() -> None:
    text = ("“The first paragraph goes on\n\n“and the second closes it,” she said.\n\n"
            "“This one never closes\n\nPlain paragraph.")
    quotes = [(q.start, q.end) for q in find_quotes(text)]
    assert [text[a:b] for a, b in quotes] == [
        "The first paragraph goes on\n\n“and the second closes it,",
        "This one never closes"]


def test_extraction_time_grows_linearly_with_article_length() -> None:
    """A quadratic step (a whole-document scan per statement) shows as a 16x jump
    when the article grows 4x; linear work grows about 4x."""
    from time import perf_counter

    from newsledger.ledger.build import record_from_doc
    from newsledger.nlp.pipeline import load_pipeline

    paragraph = ("“The situation on the line of contact remains tense,” said Anna Keller, a "
                 "spokeswoman for the Dastani Interior Ministry. Three soldiers were wounded in "
                 "the shelling of Tesvani on Monday, she said.")
    timings = []
    for count in (100, 400):
        text = "\n\n".join([paragraph] * count)
        doc = load_pipeline()(text)
        started = perf_counter()
        record = record_from_doc(Article(doc_id="long", text=text, published="2024-03-08"), doc)
        timings.append(perf_counter() - started)
        assert len(record.statements) >= 2 * count
        assert all(0 <= s.content_span[0] < s.content_span[1] <= len(text)
                   for s in record.statements)
    assert timings[1] < 10 * timings[0]


@pytest.mark.parametrize(("expression", "published", "expected"), [
    ("on Friday", "2021-06-04", ("2021-06-04", "day")),
    ("on Tuesday", "2021-06-04", ("2021-06-01", "day")),
    ("yesterday", "2024-03-08", ("2024-03-07", "day")),
    ("on the morning of June 4, 2021", None, ("2021-06-04", "day")),
    ("on March 3", "2024-03-08", ("2024-03-03", "day")),
    ("in May 2023", None, ("2023-05-01", "month")),
    ("on Tuesday", None, None),
    ("on 12 December 2099", "2024-01-01", None),
])
def test_dates_resolve_against_publication(expression: str, published: str | None,
                                           expected: tuple[str, str] | None) -> None:
    assert dates.resolve(expression, published) == expected


def _check_seeds_module():
    path = SHARED / "tools" / "check_seeds.py"
    spec = importlib.util.spec_from_file_location("check_seeds", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
def test_reference_articles_pass_every_check(tmp_path: Path) -> None:
    records = [r for r in build_records(iter_articles([str(p) for p in sorted(
        SEEDS.glob("*.txt"))]))]
    assert all(isinstance(r, DocumentRecord) for r in records)
    out = tmp_path / "seeds.jsonl"
    out.write_text("".join(json.dumps(r.to_json_dict()) + "\n" for r in records))
    checks = _check_seeds_module()
    docs = checks.load(str(out))
    results = checks.checks_statement(checks.Doc(docs[checks.SEED_STATEMENT]))
    results += checks.checks_incident(checks.Doc(docs[checks.SEED_INCIDENT]))
    failed = [name for name, ok in results if not ok]
    assert not failed
    assert len(results) == 31


def test_reported_killing_without_trigger_is_an_event_with_the_figures_after_it() -> None:
    record = extract("Rival clan militias killed five farmers in Mogadishu on Tuesday. "
                     "One other farmer was wounded.")
    (incident,) = record.incidents
    assert (incident.type, incident.subtype) == ("Violence against civilians", "Attack")
    assert not incident.aggregate
    assert (incident.killed.best, incident.injured.best) == (5, 1)


def test_generic_attack_sentence_joins_the_specific_event() -> None:
    record = extract("A roadside bomb struck a police patrol in Kirkuk on Monday, killing three "
                     "officers. Attacks on police are common in the province.")
    (incident,) = record.incidents
    assert incident.subtype == "Remote explosive/landmine/IED"
    assert incident.killed.best == 3


def test_an_uninstalled_pipeline_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger.nlp.pipeline import PipelineNotInstalled, load_pipeline

    monkeypatch.setenv("NEWSLEDGER_PIPELINE", "xx_no_such_pipeline")
    with pytest.raises(PipelineNotInstalled, match="xx_no_such_pipeline"):
        load_pipeline()


def test_pronoun_goes_to_the_person_of_its_gender() -> None:
    record = extract(
        "Anna Keller, a spokeswoman for the Dastani Interior Ministry, briefed reporters "
        "on Monday alongside the police chief Mark Jensen.\n\n"
        "“The convoy was attacked at dawn near the border post,” Jensen said.\n\n"
        "“We will not be intimidated by these attacks,” she said.")
    by_text = {s.text[:12]: s.speaker_name for s in record.statements if s.kind == "direct"}
    assert by_text["The convoy w"] == "Mark Jensen"
    assert by_text["We will not "] == "Anna Keller"


def test_reported_speech_styles() -> None:
    record = extract(
        "Climate change, the minister often says, is the greatest threat the region faces.\n\n"
        "''We will not back down,'' said Omar Haddad, a spokesman for the council.\n\n"
        "The council said it would appeal the ruling and warned that protests would continue.")
    texts = {s.text: s for s in record.statements}
    interrupted = next(s for s in record.statements if s.cue == "says")
    assert [span_text(record, p) for p in interrupted.parts] == [
        "Climate change", "is the greatest threat the region faces"]
    assert texts["We will not back down"].kind == "direct"
    assert texts["We will not back down"].speaker_name == "Omar Haddad"
    appeal = next(s for s in record.statements if s.cue == "said" and "appeal" in s.text)
    assert appeal.text == "it would appeal the ruling"  # the next verb is its own statement
    assert any(s.cue == "warned" and s.text == "protests would continue" for s in
               record.statements)


def test_a_town_is_the_namesake_in_the_region_the_article_names() -> None:
    springfield = next(e for e in extract(
        "Protesters marched through Springfield, the capital of Illinois, on Saturday."
    ).entities if e.name == "Springfield")
    assert springfield.geo is not None
    assert (round(springfield.geo.lat), round(springfield.geo.lon)) == (40, -90)  # Illinois
    default = next(e for e in extract("Protesters marched through Springfield on Saturday."
                                      ).entities if e.name == "Springfield")
    assert default.geo is not None and round(default.geo.lon) == -93  # the largest: Missouri
