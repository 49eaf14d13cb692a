"""Accusations, rebuttals, perpetrators with their status, and actors, on text we wrote.

The short reports below are invented; the sample corpus articles are our own
fiction too (samples/README.md). The MUC-4 perpetrator scoring is checked on
hand-made templates, never on rows of the dataset.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from newsledger.api.app import create_app
from newsledger.eval import muc4
from newsledger.ingest.article import Article
from newsledger.ingest.sources import iter_articles
from newsledger.ledger.build import build_records
from newsledger.records import Accusation, DocumentRecord, Entity, Incident, Perpetrator
from newsledger.store.repository import save_document
from newsledger.web.highlight import record_spans

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"


def extract(text: str, published: str | None = "2024-05-14") -> DocumentRecord:
    (record,) = build_records([Article(doc_id="test", text=text, path="test.txt",
                                       published=published)])
    assert isinstance(record, DocumentRecord), record
    return record


def sample(name: str) -> DocumentRecord:
    items = [item for item in iter_articles([str(CORPUS / name)]) if isinstance(item, Article)]
    (record,) = build_records(items)
    assert isinstance(record, DocumentRecord), record
    return record


def entity(record: DocumentRecord, entity_id: str | None) -> Entity | None:
    return next((e for e in record.entities if e.id == entity_id), None)


def name_of(record: DocumentRecord, entity_id: str | None) -> str | None:
    found = entity(record, entity_id)
    return found.name if found else None


def perpetrators(record: DocumentRecord) -> list[tuple[Incident, Perpetrator]]:
    return [(i, p) for i in record.incidents for p in i.perpetrators]


def evidence(record: DocumentRecord, accusation: Accusation) -> str:
    return record.text[accusation.evidence[0]:accusation.evidence[1]]


# --- accusations --------------------------------------------------------------------------

REPORTED_ACCUSATION = (
    "Armenia's Foreign Ministry on Tuesday rejected the accusations of the Armenian side in "
    "war crimes made by the Azerbaijani Defence Ministry, calling them nothing more than "
    "propaganda.\n\nThe ministry said its forces had not fired on any village near the border "
    "on Monday.")


def test_reported_accusation_is_made_by_whom_it_names() -> None:
    record = extract(REPORTED_ACCUSATION)
    (accusation,) = record.accusations
    assert accusation.accuser_name == "Azerbaijani Defence Ministry"
    assert accusation.accused_name == "Armenia"  # "the Armenian side" is the state
    assert accusation.category == "war crimes"
    assert "made by the Azerbaijani Defence Ministry" in evidence(record, accusation)


def test_rejection_is_a_rebuttal_of_the_accusation_it_names() -> None:
    record = extract(REPORTED_ACCUSATION)
    (accusation,) = record.accusations
    (rebuttal,) = accusation.rebuttals
    assert rebuttal.by_name and "Foreign Ministry" in rebuttal.by_name
    assert record.text[rebuttal.evidence[0]:rebuttal.evidence[1]].startswith(
        "Foreign Ministry on Tuesday rejected")


def test_armed_forces_of_a_state_are_the_state() -> None:
    record = extract("The Azerbaijani Foreign Ministry said the Armed Forces of Armenia "
                     "violated the ceasefire near Tovuz on Sunday, wounding two soldiers.")
    (accusation,) = record.accusations
    assert accusation.accused_name == "Armenia"
    assert accusation.category == "ceasefire violation"
    assert entity(record, accusation.accused).actor_type == "state"


def test_capital_accuses_capital() -> None:
    record = extract("Yerevan accused Baku of violating the ceasefire near Tavush on Sunday, "
                     "when two soldiers were wounded.")
    (accusation,) = record.accusations
    assert (accusation.accuser_name, accusation.accused_name) == ("Armenia", "Azerbaijan")
    assert accusation.category == "ceasefire violation"


def test_leadership_of_a_state_bears_responsibility_for_a_linked_incident() -> None:
    record = extract("The Azerbaijani Defence Ministry said the leadership of Armenia bears "
                     "full responsibility for the deaths of the two deminers killed near Lachin "
                     "on Monday.")
    (accusation,) = record.accusations
    assert accusation.accuser_name == "Azerbaijani Defence Ministry"  # the subject: no quote
    assert accusation.accused_name == "Armenia"
    assert accusation.category == "responsibility for casualties"
    (incident,) = [i for i in record.incidents if i.id == accusation.incident]
    # one entry: the same allegation from an unnamed source joins the named one
    assert [(p.name, p.status, name_of(record, p.asserted_by)) for p in incident.perpetrators] \
        == [("Armenia", "alleged", "Azerbaijani Defence Ministry")]


def test_blame_on_units_names_the_state_and_the_speaker() -> None:
    record = sample("11_meridian_brask_mortar_claim_denial.txt")
    blame = next(a for a in record.accusations if "blamed" in evidence(record, a))
    assert blame.accuser_name == "Velorian Defence Ministry"
    assert blame.accused_name == "Dastan"  # "the Dastani armed forces": a demonym of a place
    assert blame.incident is not None
    assert evidence(record, blame) == "The ministry blamed the Dastani armed forces for the attack"


def test_sample_reported_war_crimes_accusation_and_its_refutation() -> None:
    record = sample("11_meridian_brask_mortar_claim_denial.txt")
    reported = next(a for a in record.accusations if a.category == "war crimes")
    assert reported.accuser_name == "Lisvar Human Rights Centre"
    assert reported.accused_name == "Dastan"
    (rebuttal,) = reported.rebuttals
    assert record.text[rebuttal.evidence[0]:rebuttal.evidence[1]].endswith(
        "Foreign Ministry refuted this report")


# --- rebuttals ----------------------------------------------------------------------------

def test_denial_of_reported_accusation_in_the_sample() -> None:
    record = sample("03_dastan_news_tesvani_denial.txt")
    named = next(a for a in record.accusations if a.accuser_name == "Velorian Defence Ministry")
    assert "shelling the village of Tesvani" in named.allegation
    assert any(r.by_name == "Dastan’s Defence Ministry" for r in named.rebuttals)
    # "an allegation Corvenna has always denied" answers Kharzan's accusation in that sentence
    kharzan = next(a for a in record.accusations if a.accused_name == "Veloria")
    assert [r.by_name for r in kharzan.rebuttals] == ["Corvenna"]


def test_rejected_accusation_in_the_sample_answers_the_group() -> None:
    record = sample("08_colombia_argelia_clash_arrest.txt")
    (accusation,) = [a for a in record.accusations if a.accused_name == "army"]
    assert accusation.allegation == "firing on houses in El Mango"
    (rebuttal,) = accusation.rebuttals
    assert rebuttal.by_name == "Defence Ministry"


def test_denial_with_nothing_to_answer_implies_the_accusation() -> None:
    record = extract("Two soldiers were killed on Monday when a drone struck a post near "
                     "Shusha, the Azerbaijani Defence Ministry said. Armenia has denied "
                     "launching any drones across the line.")
    implied = next(a for a in record.accusations if a.rebuttals)
    assert implied.accused_name == "Armenia" and implied.accuser is None
    assert implied.allegation.startswith("launching any drones")
    assert implied.rebuttals[0].by_name == "Armenia"


def test_denial_answers_the_accusation_about_the_same_thing() -> None:
    record = sample("10_dastan_haskil_drone_strike.txt")
    arming = next(a for a in record.accusations if "arming" in a.allegation)
    assert [r.by_name for r in arming.rebuttals] == ["Velorian Defence Ministry"]


# --- perpetrators -------------------------------------------------------------------------

def test_claimed_and_alleged_perpetrators_of_one_attack() -> None:
    record = sample("11_meridian_brask_mortar_claim_denial.txt")
    found = {(p.name, p.status, name_of(record, p.asserted_by)) for _, p in perpetrators(record)}
    assert ("Sarn Volunteer Battalion", "claimed", "Sarn Volunteer Battalion") in found
    assert ("Dastan", "alleged", "Velorian Defence Ministry") in found


def test_claim_through_an_apposition_in_the_sample() -> None:
    record = sample("08_colombia_argelia_clash_arrest.txt")
    (incident, perpetrator), = [(i, p) for i, p in perpetrators(record)
                                if p.name == "Frente Rafael Aguado"]
    assert perpetrator.status == "claimed" and perpetrator.asserted_by == perpetrator.entity
    assert incident.subtype == "Armed clash"  # not the 2016 peace agreement


def test_alleged_by_the_ministry_in_its_statement() -> None:
    record = sample("01_veloria_tesvani_shelling_cpa.txt")
    found = [(i.subtype, p.name, p.status, name_of(record, p.asserted_by))
             for i, p in perpetrators(record)]
    assert found == [("Shelling/artillery/missile attack", "Dastan", "alleged",
                      "Velorian Defence Ministry")]


WIRE = """\
SAN ISIDRO, 3 MAY 90 (WIRE) -- [TEXT] MEMBERS OF THE PEOPLE'S LIBERATION FRONT [PLF] \
ATTACKED A POLICE POST IN THE TOWN OF SAN ISIDRO LAST NIGHT, KILLING TWO POLICEMEN.

HOURS LATER, THE BLACK HAWKS COMMAND CLAIMED RESPONSIBILITY FOR A BOMBING AT THE TOWN HALL.

THE PLF HAS ATTACKED THE TOWN TWICE THIS YEAR.
"""


def test_all_caps_group_names_and_acronyms() -> None:
    record = extract(WIRE, "1990-05-03")
    front = next(e for e in record.entities if e.name == "PEOPLE'S LIBERATION FRONT")
    assert front.actor_type == "group"
    said = {record.text[a:b] for a, b in front.mentions}
    assert said == {"PEOPLE'S LIBERATION FRONT", "PLF"}  # the acronym is the same actor


def test_all_caps_reported_and_claimed_perpetrators() -> None:
    record = extract(WIRE, "1990-05-03")
    found = {(p.name, p.status) for _, p in perpetrators(record)}
    assert ("PEOPLE'S LIBERATION FRONT", "reported") in found
    assert ("BLACK HAWKS COMMAND", "claimed") in found


UNITS_WIRE = """\
SAN ISIDRO, 4 MAY 90 (WIRE) -- [TEXT] ON 1 NOVEMBER URBAN GUERRILLAS ATTACKED A BANK IN \
SAN ISIDRO. THE PEOPLE'S LIBERATION FRONT [PLF] HAS BEEN ACTIVE IN THE CITY SINCE MARCH.

YESTERDAY PLF URBAN COMMANDOS SET OFF A BOMB AT THE TOWN HALL OF SAN ISIDRO, KILLING A \
GUARD. PLF 12TH FRONT UNITS ALSO BURNED TWO BUSES IN THE TOWN, AND AN ARMED GROUP \
ATTACKED A POLICE POST.
"""


def test_a_group_named_before_its_members_and_units() -> None:
    record = extract(UNITS_WIRE, "1990-05-04")
    names = {e.name for e in record.entities if e.actor_type}
    assert "NOVEMBER" not in names  # a month before "URBAN GUERRILLAS" is no name
    assert "ARMED GROUP" not in names  # a description, not a name
    found = {p.name for _, p in perpetrators(record)}
    assert found == {"PEOPLE'S LIBERATION FRONT"}  # its commandos and its front's units


def test_an_act_told_by_its_noun_and_a_claim_of_it() -> None:
    record = extract("SAN ISIDRO, 5 MAY 90 (WIRE) -- [TEXT] NO ONE WAS HURT IN THE ATTACK ON "
                     "THE AIR FORCE HEADQUARTERS BY BLACK HAWKS COMMAND REBELS LAST NIGHT. THE "
                     "KILLING OF A JUDGE IN SAN ISIDRO ON MONDAY WAS CLAIMED BY THE RED STAR "
                     "MOVEMENT.", "1990-05-05")
    found = {(p.name, p.status) for _, p in perpetrators(record)}
    assert ("BLACK HAWKS COMMAND", "reported") in found
    assert ("RED STAR MOVEMENT", "claimed") in found


def test_accepted_responsibility_is_a_claim() -> None:
    record = extract("SAN ISIDRO, 8 MAY 90 (WIRE) -- [TEXT] THE 4TH INFANTRY BRIGADE ACCEPTED "
                     "RESPONSIBILITY TODAY FOR THE DEATH OF TWO REPORTERS WHO WERE SHOT AT A "
                     "CHECKPOINT NEAR SAN ISIDRO.", "1990-05-08")
    assert ("4TH INFANTRY BRIGADE", "claimed") in {
        (p.name, p.status) for _, p in perpetrators(record)}


def test_blamed_implicated_and_held_responsible_in_wire_copy() -> None:
    record = extract("SAN ISIDRO, 6 MAY 90 (WIRE) -- [TEXT] PRESIDENT ALVAREZ HAS BLAMED THE "
                     "PEOPLE'S LIBERATION FRONT FOR THE MURDER OF A JUDGE IN SAN ISIDRO "
                     "YESTERDAY.", "1990-05-06")
    ((_, blamed),) = perpetrators(record)
    assert (blamed.name, blamed.status) == ("PEOPLE'S LIBERATION FRONT", "alleged")
    accuser = entity(record, blamed.asserted_by)
    assert accuser is not None and accuser.name == "ALVAREZ"  # the name before the verb
    assert muc4.confidence(blamed, record) == muc4.BY_AUTHORITIES  # a president
    record = extract("SAN ISIDRO, 6 MAY 90 (WIRE) -- [TEXT] SIX PRIESTS WERE MURDERED IN SAN "
                     "ISIDRO ON 16 NOVEMBER. THE PRESIDENT IMPLICATED FIVE MEMBERS OF THE ARMED "
                     "FORCES IN THE MURDER OF THE PRIESTS.", "1990-05-06")
    assert {(p.name, p.status) for _, p in perpetrators(record)} == {("ARMED FORCES", "alleged")}
    record = extract("SAN ISIDRO, 6 MAY 90 (WIRE) -- [TEXT] A BOMB DAMAGED A BANK IN SAN "
                     "ISIDRO TODAY, AN INCIDENT FOR WHICH THE RED STAR MOVEMENT IS BEING HELD "
                     "RESPONSIBLE.", "1990-05-06")
    assert {(p.name, p.status) for _, p in perpetrators(record)} == {
        ("RED STAR MOVEMENT", "alleged")}


def test_claims_it_did_and_hedged_guesses_in_wire_copy() -> None:
    record = extract("SAN ISIDRO, 9 MAY 90 (WIRE) -- [TEXT] GUERRILLAS ATTACKED THE 3D BRIGADE "
                     "IN SAN ISIDRO LAST NIGHT. THE RED STAR MOVEMENT CLAIMS IT SEIZED A FARM AND "
                     "ATTACKED THE BRIGADE FROM THERE.", "1990-05-09")
    assert ("RED STAR MOVEMENT", "claimed") in {
        (p.name, p.status) for _, p in perpetrators(record)}
    record = extract("SAN ISIDRO, 9 MAY 90 (WIRE) -- [TEXT] A BOMB KILLED A JUDGE IN SAN ISIDRO "
                     "TODAY. WE MUST INVESTIGATE THE POSSIBILITY THAT THE RED STAR MOVEMENT "
                     "STAGED THIS ASSASSINATION.", "1990-05-09")
    ((_, guessed),) = perpetrators(record)
    assert (guessed.name, guessed.status) == ("RED STAR MOVEMENT", "alleged")
    assert muc4.confidence(guessed, record) == muc4.POSSIBLE  # no one is named for it


def test_a_force_acting_on_armed_opponents_is_no_perpetrator() -> None:
    record = extract("SAN ISIDRO, 10 MAY 90 (WIRE) -- [TEXT] KIDNAPPERS ABDUCTED A BANKER IN "
                     "SAN ISIDRO ON MONDAY. DURING THE RESCUE OPERATION, THE POLICE KILLED SIX "
                     "KIDNAPPERS AND SEIZED ARMS.", "1990-05-10")
    assert not [p for _, p in perpetrators(record) if p.name == "POLICE"]
    record = extract("SAN ISIDRO, 10 MAY 90 (WIRE) -- [TEXT] THE ARMY KILLED THREE PEASANTS "
                     "IN SAN ISIDRO ON MONDAY.", "1990-05-10")
    assert ("ARMY", "reported") in {(p.name, p.status) for _, p in perpetrators(record)}


def test_a_gerund_ends_a_name_of_tail() -> None:
    record = extract("SAN ISIDRO, 7 MAY 90 (WIRE) -- [TEXT] THE BISHOP ACCUSED THE ARMED FORCES "
                     "OF KILLING THREE PEASANTS IN SAN ISIDRO ON SUNDAY.", "1990-05-07")
    forces = [e.name for e in record.entities if e.actor_type == "armed_force"]
    assert forces == ["ARMED FORCES"]


def test_negated_act_names_no_perpetrator() -> None:
    record = extract("Three civilians were killed when shells hit the village of Marvi on "
                     "Sunday, local officials said. The Dastani forces did not fire on Marvi, "
                     "a spokesman said.")
    assert not perpetrators(record)


def test_blame_without_an_event_makes_no_perpetrator() -> None:
    record = extract("A roadside bomb killed two farmers near Kandahar on Monday, police "
                     "said. The governor accused the Taliban of lying about the peace talks.")
    assert not [p for _, p in perpetrators(record) if p.status == "alleged"]


def test_odd_input_does_not_raise() -> None:
    for text in ["CLAIMED RESPONSIBILITY.", "[A] [B] [C] (D) FRONT FRONT FRONT.",
                 "The the the denied denied. Nothing more than propaganda.",
                 "X" * 5000, "Accused " * 300]:
        extract(text)


# --- the web page ----------------------------------------------------------------------------

def test_document_page_shows_rebuttal_and_perpetrator_status(tmp_path: Path) -> None:
    record = sample("11_meridian_brask_mortar_claim_denial.txt")
    app = create_app(f"sqlite:///{tmp_path / 'ledger.db'}")
    assert save_document(app.state.engine, record)
    with TestClient(app) as client:
        response = client.get(f"/documents/{record.id}")
    assert "Content-Security-Policy" in response.headers
    assert 'title="the actor itself claims or admits it">claimed' in response.text
    assert "Rebutted by <strong>Foreign Ministry</strong>" in response.text


# --- MUC-4 perpetrator scoring --------------------------------------------------------------

TEMPLATES = [
    {"INCIDENT: TYPE": "BOMBING",
     "PERP: ORGANIZATION ID": '"BLACK HAWKS COMMAND" / "BHC"',
     "PERP: ORGANIZATION CONFIDENCE": 'CLAIMED OR ADMITTED: "BLACK HAWKS COMMAND" / "BHC"'},
    {"INCIDENT: TYPE": "ATTACK",
     "PERP: ORGANIZATION ID": '"PEOPLE\'S LIBERATION FRONT"\n"ARMED FORCES"',
     "PERP: ORGANIZATION CONFIDENCE":
         'REPORTED AS FACT / POSSIBLE: "PEOPLE\'S LIBERATION FRONT"\n'
         'SUSPECTED OR ACCUSED BY AUTHORITIES: "ARMED FORCES"'},
]


def test_gold_organisations_merge_alternatives_and_classes() -> None:
    orgs = muc4.gold_orgs(TEMPLATES)
    assert [sorted(o.names) for o in orgs] == [["BHC", "BLACK HAWKS COMMAND"],
                                               ["PEOPLE S LIBERATION FRONT"], ["ARMED FORCES"]]
    assert orgs[1].classes == {"REPORTED AS FACT", "POSSIBLE"}


def test_organisation_match_rules() -> None:
    (fmln,) = muc4.gold_orgs([{"INCIDENT: TYPE": "ATTACK",
                               "PERP: ORGANIZATION ID": '"FARABUNDO FRONT" / "FF"'}])
    assert muc4.org_match({"FF URBAN COMMANDOS"}, fmln)  # the gold name inside ours
    assert muc4.org_match({"FARABUNDO FRONT"}, fmln)
    assert not muc4.org_match({"FRONT"}, muc4.GoldOrg({"FARABUNDO MARTI NATIONAL FRONT"}))


def test_perpetrator_scores_on_an_extracted_wire() -> None:
    record = extract(WIRE, "1990-05-03")
    gold = muc4.GoldDoc("W-1", "tst1", WIRE, TEMPLATES)
    orgs, classes = muc4.perpetrator_scores([muc4.DocOutcome(gold, record)])
    assert (orgs.tp, orgs.fn) == (2, 1)  # the armed forces are not found
    assert classes.total == 2 and classes.correct == 2


def test_confidence_classes_follow_the_asserter() -> None:
    record = extract("Colonel Ruben Arce, the army spokesman, blamed the People's Liberation "
                     "Front for the bombing of a bus in San Isidro on Monday that killed three "
                     "passengers.", "1990-05-03")
    ((_, blamed),) = [(i, p) for i, p in perpetrators(record) if p.status == "alleged"]
    assert muc4.confidence(blamed, record) == muc4.BY_AUTHORITIES  # a person with a title
    unnamed = Perpetrator(name="X", status="alleged")
    assert muc4.confidence(unnamed, record) == muc4.POSSIBLE
    assert muc4.confidence(Perpetrator(name="X", status="claimed"), record) \
        == "CLAIMED OR ADMITTED"


def test_a_state_counts_as_an_organisation_only_when_blamed_as_its_government() -> None:
    record = extract("CLANDESTINE, 3 MAY 90 (WIRE) -- [TEXT] A BOMB EXPLODED AT THE "
                     "UNIVERSITY IN SAN SALVADOR, KILLING A STUDENT. THE FMLN BLAMED THE "
                     "SALVADORAN GOVERNMENT FOR THE BOMBING.", "1990-05-03")
    ((_, blamed),) = perpetrators(record)
    assert blamed.name == "El Salvador"  # the state, named by its government
    assert [o.names for o in muc4.predicted_orgs(record)] == [{"SALVADORAN GOVERNMENT"}]
    country = blamed.model_copy(update={"name_span": None})
    record.incidents[0].perpetrators = [country]
    assert muc4.predicted_orgs(record) == []  # a country is no organisation


def test_the_words_naming_a_perpetrator_are_kept_and_highlighted() -> None:
    record = extract(WIRE, "1990-05-03")
    spans = [(s, p) for i in record.incidents for p in i.perpetrators
             if (s := p.name_span) is not None]
    assert ("PEOPLE'S LIBERATION FRONT", "PEOPLE'S LIBERATION FRONT") in {
        (record.text[s[0]:s[1]], p.name) for s, p in spans}
    marks = [h for h in record_spans(record) if h.role == "perpetrator"]
    assert {(h.start, h.end) for h in marks} == {s for s, _ in spans}
    assert all(h.kind == "incident" and "perpetrator" in h.title for h in marks)
