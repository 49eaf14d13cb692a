"""Sub-types ACLED tells apart by who acts and how: violent demonstrations,
territory changing hands, agreements and arrests (data/event_triggers.tsv)."""

from __future__ import annotations

import pytest

from newsledger.ingest.article import Article
from newsledger.ledger.build import build_records
from newsledger.records import DocumentRecord


def subtype(text: str) -> str | None:
    article = Article(doc_id="test", text=text, path="test.txt", published="2022-05-06")
    (record,) = build_records([article])
    assert isinstance(record, DocumentRecord), record
    incident = next((i for i in record.incidents if not i.aggregate), None)
    return incident.subtype if incident else None


@pytest.mark.parametrize("text", [
    # the police intervene, but the crowd's violence decides the sub-type
    "On Saturday, protesters threw stones at police in Lyon, who fired tear gas to "
    "disperse them.",
    "Riot police fired tear gas during clashes with student protesters outside "
    "parliament in Jakarta on Tuesday.",
    "Violent protests erupted in Bogota on Tuesday over the tax reform.",
    "Demonstrators pulled down the barriers around the ministry in Baghdad on Friday.",
])
def test_demonstrators_turning_violent_is_a_violent_demonstration(text: str) -> None:
    assert subtype(text) == "Violent demonstration"


def test_a_denied_arrest_is_no_arrest() -> None:
    assert subtype("No arrests have been made after 20 shops were looted in Pretoria "
                   "on Monday night.") == "Looting/property destruction"


@pytest.mark.parametrize(("text", "expected"), [
    ("Houthi fighters seized the capital of Saada province on Sunday despite a "
     "months-long bombing campaign.", "Non-state actor overtakes territory"),
    ("The Islamic State group recaptured Palmyra on Sunday.",
     "Non-state actor overtakes territory"),
    ("Troops have captured two New People's Army rebel camps in Abra on Sunday.",
     "Government regains territory"),
    ("On 26 May 2022, the army clashed with rebels in Kanombe and regained the territory.",
     "Government regains territory"),
    ("The army drove back the insurgents from a key village near Hama on Monday.",
     "Government regains territory"),
    ("Al Shabaab fighters entered Marka on Monday after government forces withdrew.",
     "Non-violent transfer of territory"),
    ("On 2 January 2022, local forces peacefully took control of the camp in Shabwah.",
     "Non-violent transfer of territory"),
])
def test_territory_changes_hands(text: str, expected: str) -> None:
    assert subtype(text) == expected


def test_militants_seizing_goods_take_no_territory() -> None:
    assert subtype("On 12 April 2022, militants seized cash and medicine in the village "
                   "of Cewane.") != "Non-state actor overtakes territory"


@pytest.mark.parametrize("text", [
    "The government and the rebels resumed peace talks in Oslo on Sunday.",
    "President Putin was in Tehran on Monday for talks with Iran's leadership.",
    "On 3 May 2022, forty fighters surrendered to the army in Sirnak.",
])
def test_talks_and_surrenders_are_agreements(text: str) -> None:
    assert subtype(text) == "Agreement"


def test_asking_for_talks_is_no_agreement() -> None:
    assert subtype("Today, 9 March, we received a message asking us to begin the "
                   "peace talks.") != "Agreement"


@pytest.mark.parametrize("text", [
    "Officers brutally attacked and injured a peaceful student demonstration in Delhi "
    "on 30 January.",
    "One civilian was killed and 65 injured in attacks against peaceful protesters near "
    "the border fence on Friday.",
])
def test_violence_against_a_peaceful_protest_is_excessive_force(text: str) -> None:
    assert subtype(text) == "Excessive force against protesters"


@pytest.mark.parametrize("text", [
    # fire aimed at the other side's positions, however many words the weapons take
    "On 3 March 2022, military forces of Dastan fired from small arms and sniper rifles "
    "on the positions of the military forces of Veloria near Tesvani. No casualties "
    "were reported.",
    "On 6 March 2022, Dastani forces fired on Velorian positions near Brask, wounding a "
    "Velorian soldier, the Velorian Defence Ministry said.",
    # a reported killing with no trigger word: an armed party killed by another
    "On 8 February 2022, two rebel fighters were killed by government troops near "
    "Haskil in Sarn district.",
])
def test_an_exchange_of_fire_between_armed_forces_is_a_battle(text: str) -> None:
    assert subtype(text) == "Armed clash"


def test_fire_on_farmers_stays_violence_against_civilians() -> None:
    assert subtype("On 8 March 2022, soldiers fired on a group of farmers near Haskil, "
                   "killing two civilians.") == "Attack"


def test_people_arrested_and_killed_is_an_attack() -> None:
    assert subtype("On 8 April 2022, in Orvashti village, three youths were arrested and "
                   "killed by the military while taking food to the camp.") == "Attack"
