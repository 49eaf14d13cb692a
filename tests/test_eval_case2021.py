"""The CASE 2021 mapping of a record to one code: what the snippet tells first."""

from __future__ import annotations

from newsledger.eval.case2021 import NO_INCIDENT, predicted_code
from newsledger.records import Accusation, DocumentRecord, Event, Incident, Perpetrator

TEXT = "A gas leak at a plant killed two. Later, rebels attacked a convoy near the plant."
LEAK = (0, 33)
ATTACK = (34, len(TEXT))


def record(**lists: list) -> DocumentRecord:
    return DocumentRecord(id="t", text=TEXT, **lists)


def attack(*perpetrators: Perpetrator, evidence: tuple[int, int] = ATTACK) -> Incident:
    return Incident(id="i1", type="Violence against civilians", subtype="Attack",
                    perpetrators=list(perpetrators), evidence=[evidence])


def test_nothing_found_is_no_incident() -> None:
    assert predicted_code(record()) == NO_INCIDENT


def test_the_event_told_first_wins() -> None:
    leak = Event(id="v1", kind="man_made_disaster", trigger="gas leak", evidence=[LEAK])
    assert predicted_code(record(events=[leak], incidents=[attack()])) == "MAN_MADE_DISASTER"
    later = leak.model_copy(update={"evidence": [ATTACK]})
    assert predicted_code(record(events=[later], incidents=[attack(evidence=LEAK)])) == "ATTACK"


def test_a_claimed_incident_is_attribution_an_alleged_one_is_not() -> None:
    claimed = Perpetrator(name="the rebels", status="claimed")
    alleged = Perpetrator(name="the rebels", status="alleged")
    assert predicted_code(record(incidents=[attack(claimed)])) == "ATTRIB"
    assert predicted_code(record(incidents=[attack(alleged)])) == "ATTACK"


def test_an_accusation_in_the_incidents_sentence_is_attribution() -> None:
    blame = Accusation(id="a1", allegation="the attack", evidence=ATTACK)
    assert predicted_code(record(accusations=[blame], incidents=[attack()])) == "ATTRIB"
    earlier = attack(evidence=LEAK)
    assert predicted_code(record(accusations=[blame], incidents=[earlier])) == "ATTACK"
