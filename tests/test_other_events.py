"""Events outside the conflict taxonomy: disasters, organised crime and diplomacy
are recorded as events, not turned into violent incidents."""

from __future__ import annotations

from pathlib import Path

from newsledger.ingest.article import Article
from newsledger.ingest.sources import iter_articles
from newsledger.ledger.build import build_records
from newsledger.records import DocumentRecord
from newsledger.store import connect, get_document, save_document


def extract(text: str) -> DocumentRecord:
    article = Article(doc_id="test", text=text, path="test.txt", published="2022-05-06")
    (record,) = build_records([article])
    assert isinstance(record, DocumentRecord), record
    return record


def kinds(record: DocumentRecord) -> list[str]:
    return [e.kind for e in record.events]


def test_gas_explosion_at_a_plant_is_a_man_made_disaster_not_an_incident() -> None:
    record = extract("A gas explosion at a fertiliser plant in Ruse killed four workers "
                     "on Tuesday.")
    assert record.incidents == []
    (event,) = record.events
    assert event.kind == "man_made_disaster"
    assert event.trigger == "gas explosion"
    assert [record.text[a:b] for a, b in event.evidence] == [record.text]


def test_flood_toll_told_later_stays_with_the_flood() -> None:
    record = extract("Flash floods swept through villages in Sindh province on Monday. "
                     "At least 12 people were killed and 30 injured, officials said.")
    assert kinds(record) == ["natural_disaster"]
    assert record.incidents == []  # not even an aggregate: these are not conflict deaths
    assert len(record.events[0].evidence) == 2


def test_earthquake_deaths_are_not_an_attack() -> None:
    record = extract("A strong earthquake struck eastern Turkey on Friday, killing "
                     "eight people and damaging 300 buildings.")
    assert kinds(record) == ["natural_disaster"]
    assert record.incidents == []


def test_bus_crash_is_an_accident() -> None:
    record = extract("Nineteen people were killed when a bus plunged off a bridge near "
                     "Kutaisi on Saturday.")
    assert kinds(record) == ["man_made_disaster"]
    assert record.incidents == []


def test_bomb_blast_at_a_factory_stays_a_conflict_incident() -> None:
    record = extract("On 4 May 2022, militants detonated a bomb at a textile factory in "
                     "Quetta, killing three workers.")
    assert record.events == []
    assert record.incidents[0].type == "Explosions/Remote violence"


def test_fire_after_shelling_is_the_attacks_consequence() -> None:
    record = extract("On 16 April 2022, Russian forces shelled Kharkiv. A fire broke out "
                     "at an oil depot and the depot exploded, killing two workers.")
    assert record.events == []
    assert record.incidents[0].subtype == "Shelling/artillery/missile attack"


def test_sabotage_ruled_out_keeps_the_blast_an_accident() -> None:
    # a bug: "sabotage" was read as a conflict cue even when investigators denied it
    record = extract("A gas explosion at a chemical plant in Sorvik killed four workers on "
                     "Monday. Investigators ruled out sabotage and blamed a corroded valve. "
                     "There was no sign of an attack, the plant's director told reporters.")
    assert kinds(record) == ["man_made_disaster"]
    assert record.incidents == []


def test_sabotage_affirmed_after_a_denial_of_something_else_is_an_incident() -> None:
    record = extract("A gas explosion at a chemical plant in Sorvik killed four workers on "
                     "Monday. Police ruled out an accident and said saboteurs had planted "
                     "a bomb near the main tank.")
    assert [i.type for i in record.incidents if not i.aggregate] == [
        "Explosions/Remote violence"]


def test_expulsion_of_diplomats_is_diplomacy() -> None:
    record = extract("Germany on Monday expelled four Russian diplomats from Berlin.")
    assert kinds(record) == ["diplomacy"]
    assert record.incidents == []


def test_sanctions_over_an_attack_are_diplomacy_not_the_attack() -> None:
    record = extract("Canada on Friday imposed new sanctions on Syria in response to the "
                     "chemical attack on Douma.")
    assert kinds(record) == ["diplomacy"]
    assert record.incidents == []


def test_bombing_told_before_collapsed_talks_is_an_incident() -> None:
    record = extract("A suicide bomber killed four soldiers in Kandahar on Monday, after "
                     "the collapse of the summit between the two sides.")
    assert record.events == []
    assert record.incidents[0].subtype == "Suicide bomb"


def test_cartel_drug_seizure_is_organised_crime_not_an_arrest() -> None:
    record = extract("Police in Sinaloa seized 300 kilograms of cocaine belonging to a "
                     "cartel and arrested two men on Wednesday.")
    assert kinds(record) == ["organised_crime"]
    assert record.incidents == []


def test_cartel_gunmen_killing_people_is_a_conflict_incident() -> None:
    record = extract("On 23 May 2022, in Celaya, members of a drug cartel shot and killed "
                     "eleven people inside two bars.")
    assert record.events == []
    assert record.incidents[0].killed.best == 11


def test_lockdown_against_an_epidemic_is_no_disaster() -> None:
    record = extract("On 28 March 2022, Shanghai entered a lockdown following new "
                     "infections of 3,500 coronavirus cases.")
    assert record.events == []


def test_protest_against_corruption_stays_a_protest() -> None:
    record = extract("Thousands of people marched in Bratislava on Friday against "
                     "corruption.")
    assert record.events == []
    assert record.incidents[0].subtype == "Peaceful protest"


def test_odd_text_raises_nothing() -> None:
    for text in ("", "flood", "Flood. Flood? 999999999999 killed in a gas leak.",
                 "sanctions sanctions sanctions"):
        extract(text)


def test_events_round_trip_through_the_store(tmp_path: Path) -> None:
    record = extract("A chemical leak at a pesticide factory in Vizag killed ten people "
                     "on Thursday. Dozens were injured.")
    assert kinds(record) == ["man_made_disaster"]
    engine = connect(f"sqlite:///{tmp_path / 'ledger.db'}")
    assert save_document(engine, record)
    loaded = get_document(engine, record.id)
    assert loaded is not None
    assert loaded.model_dump_json() == record.model_dump_json()


def test_sample_depot_blast_is_an_accident_and_its_sanctions_diplomacy() -> None:
    path = Path(__file__).resolve().parents[1] / "samples" / "corpus" / \
        "12_kura_press_ravik_depot_blast.txt"
    (article,) = [a for a in iter_articles([str(path)]) if isinstance(a, Article)]
    (record,) = build_records([article])
    assert isinstance(record, DocumentRecord)
    assert record.incidents == [] and record.claims == []  # no conflict deaths, no arrest
    assert [(e.kind, e.trigger) for e in record.events] == [
        ("man_made_disaster", "gas explosion"), ("diplomacy", "announced new sanctions")]
    assert len(record.events[0].evidence) == 2  # the lede and "The blast tore through"
