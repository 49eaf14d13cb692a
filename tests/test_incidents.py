"""Incident typing, dates, places and ranges on short invented wire-style reports."""

from __future__ import annotations

from newsledger.ingest.article import Article
from newsledger.ledger.build import build_records
from newsledger.records import DocumentRecord, Incident


def extract(text: str, published: str | None = "2022-05-06") -> DocumentRecord:
    article = Article(doc_id="test", text=text, path="test.txt", published=published)
    (record,) = build_records([article])
    assert isinstance(record, DocumentRecord), record
    return record


def main(text: str, published: str | None = "2022-05-06") -> Incident:
    """The first event (not an aggregate), as the scorers compare it."""
    return next(i for i in extract(text, published).incidents if not i.aggregate)


def kind(incident: Incident) -> tuple[str | None, str | None]:
    return incident.type, incident.subtype


def test_demonstration_is_a_peaceful_protest() -> None:
    incident = main("On 3 May 2022, about 200 teachers demonstrated in Nakuru "
                    "to demand unpaid salaries.")
    assert kind(incident) == ("Protests", "Peaceful protest")


def test_protest_then_police_dispersal_is_one_protest_with_intervention() -> None:
    record = extract("Hundreds of nurses marched through Nairobi on Tuesday to demand "
                     "unpaid wages. Police fired tear gas to disperse the crowd.")
    (incident,) = [i for i in record.incidents if not i.aggregate]
    assert kind(incident) == ("Protests", "Protest with intervention")


def test_march_the_month_is_not_a_protest() -> None:
    incident = main("On 5 March 2022, gunmen abducted two traders near Zaria.")
    assert kind(incident) == ("Violence against civilians", "Abduction/forced disappearance")


def test_arrest_is_a_strategic_development() -> None:
    incident = main("Police arrested 14 people in Lahore on Monday over a land dispute.")
    assert kind(incident) == ("Strategic developments", "Arrests")


def test_attack_on_a_checkpoint_is_an_armed_clash() -> None:
    incident = main("On 4 May 2022, militants attacked a police checkpoint in Bannu, "
                    "killing two policemen.")
    assert kind(incident) == ("Battles", "Armed clash")


def test_attack_on_villagers_stays_violence_against_civilians() -> None:
    incident = main("On 4 May 2022, militants attacked villagers in Bannu, killing two farmers.")
    assert kind(incident) == ("Violence against civilians", "Attack")


def test_off_duty_officer_is_not_an_armed_target() -> None:
    incident = main("On 4 May 2022, gunmen shot and killed an off-duty police officer "
                    "in Recife.")
    assert kind(incident) == ("Violence against civilians", "Attack")


def test_defused_bomb_is_disrupted_weapons_use() -> None:
    incident = main("On 4 May 2022, army engineers defused a roadside bomb near Kandahar.")
    assert kind(incident) == ("Strategic developments", "Disrupted weapons use")


def test_range_keeps_both_ends_and_codes_the_lowest() -> None:
    record = extract("Between 5 and 7 people were killed in Kano on 3 May 2022.")
    incident = next(i for i in record.incidents if not i.aggregate)
    assert (incident.killed.best, incident.killed.low, incident.killed.high) == (5, 5, 7)
    killed = sorted((c.value, c.qualifier) for c in record.claims if c.field == "killed")
    assert killed == [(5, "at_least"), (7, "up_to")]


def test_hyphenated_range_codes_the_lowest() -> None:
    incident = main("On 3 May 2022, militants attacked a market in Maiduguri, "
                    "killing 33-40 people.")
    assert (incident.killed.best, incident.killed.high) == (33, 40)


def test_opening_date_dates_an_event_told_in_a_later_sentence() -> None:
    incident = main("On 9 January 2022, the army moved reinforcements into the hills "
                    "north of Mopti. Militants later ambushed a patrol there, killing "
                    "three soldiers.")
    assert (incident.date, incident.date_precision) == ("2022-01-09", "day")


def test_as_reported_day_has_week_precision() -> None:
    incident = main("Around 9 January 2022 (as reported), gunmen abducted two teachers "
                    "in Zaria.")
    assert (incident.date, incident.date_precision) == ("2022-01-09", "week")


def test_place_names_agree_on_one_country() -> None:
    incident = main("Two civilians were shot dead in La Paz, near San Salvador, on 4 May 2022.")
    assert incident.location is not None
    assert (incident.location.name, incident.location.country) == ("La Paz", "SV")
