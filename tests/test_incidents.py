"""Incident typing, dates, places and ranges on short invented wire-style reports."""

from __future__ import annotations

import pytest

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


# --- casualty counts -------------------------------------------------------

def counts(text: str, published: str | None = "2022-05-06") -> tuple[int | None, int | None]:
    incident = main(text, published)
    return incident.killed.best, incident.injured.best


def test_killing_one_and_wounding_another_is_one_of_each() -> None:
    assert counts("Gunmen attacked a police patrol in Mosul on Monday, killing one "
                  "officer and wounding another.") == (1, 1)


def test_numbers_written_in_several_words() -> None:
    assert counts("A total of thirty-four people were injured when a car bomb exploded "
                  "in Baghdad on Sunday.")[1] == 34
    assert counts("One hundred fifty fighters were killed in the battle for Marib "
                  "on Sunday, and another 150 were captured.")[0] == 150


def test_stated_total_and_upwards_of() -> None:
    assert counts("A bomb exploded in a market in Kirkuk on Friday. A total of five "
                  "people were killed and upwards of 30 others were wounded.") == (5, 30)


def test_shot_and_hacked_to_death_are_killings_even_without_a_trigger_word() -> None:
    assert counts("Unidentified men shot to death seven farm workers near Tumaco "
                  "on Friday.")[0] == 7
    assert counts("Four missionaries were hacked to death in a village near Butembo "
                  "on Friday.")[0] == 4


def test_sentenced_to_death_is_not_a_killing() -> None:
    record = extract("A court in Cairo sentenced two men to death on Tuesday.")
    assert all(i.killed.best is None for i in record.incidents)


def test_state_word_after_the_object_counts_it() -> None:
    assert counts("A roadside bomb hit a convoy in Helmand on Sunday. The blast left "
                  "six soldiers wounded.")[1] == 6


def test_two_clauses_each_keep_their_own_count() -> None:
    assert counts("A car bomb exploded near a bakery in Baghdad on Sunday. Ten died "
                  "and fifteen were injured.") == (10, 15)
    assert counts("One policeman was killed and two others seriously injured in an "
                  "attack on a restaurant in Paris on Friday.") == (1, 2)


def test_number_before_a_possessive_counts_the_whole_phrase() -> None:
    assert counts("Two Russian soldiers' wives were killed in a cemetery in Dushanbe "
                  "on Friday.")[0] == 2


def test_conjoined_verbs_share_their_victims() -> None:
    assert counts("A police officer was shot and killed in Pattani on Friday.")[0] == 1
    assert counts("Militants killed and beheaded seven road workers on Jolo island on "
                  "Sunday.")[0] == 7


def test_a_couple_is_two_and_him_is_one() -> None:
    assert counts("Insurgents shot and killed an elderly couple in Narathiwat on "
                  "Saturday.")[0] == 2
    assert counts("A gunman stormed a shop in Kufa on Friday, stabbing the owner and "
                  "killing him.")[0] == 1


def test_pronoun_victims_take_the_count_they_refer_to() -> None:
    assert counts("Gunmen fired on a taxi carrying two police officers in Baqubah on "
                  "Friday, killing them.")[0] == 2
    assert counts("Gunmen attacked a minibus carrying five civilians near Gulu on "
                  "Friday, all of whom were killed.")[0] == 5


def test_nobody_hurt_and_attempted_killings_are_no_casualties() -> None:
    assert counts("A bomb damaged a bank in Athens on Friday. No one was injured or "
                  "killed.") == (None, None)
    record = extract("A woman tried to kill a policeman in Hebron on Friday but was "
                     "arrested.")
    assert all(i.killed.best is None for i in record.incidents)


def test_a_raised_toll_is_the_count() -> None:
    assert counts("Gunmen attacked an aid office in Muttur on 6 August 2006, killing "
                  "fifteen workers. Two days later two more bodies were found, raising "
                  "the number killed in the attack to seventeen.", "2006-08-06")[0] == 17


def test_a_date_or_an_amount_is_not_a_head_count() -> None:
    assert counts("Bombs exploded at four bases in Hesse on Friday, causing more than "
                  "$180,000 in damage but no injuries.") == (None, None)


def test_cumulative_toll_of_several_attacks_is_an_aggregate() -> None:
    record = extract("This was one of five attacks in which forty-three people were "
                     "killed in Casablanca on Friday. The attack on the hotel killed "
                     "three people.")
    incident = next(i for i in record.incidents if not i.aggregate)
    assert incident.killed.best == 3
    assert any(i.aggregate and i.killed.best == 43 for i in record.incidents)


def test_absurd_numbers_and_bare_numbers_do_not_raise_or_invent() -> None:
    record = extract("Rebels killed 10,000,000,000 people in Goma on Friday.")
    assert all(i.killed.best is None for i in record.incidents)
    record = extract("12 45 7 2022 3.5 1,000,000,000 99")
    assert all(i.killed.best is None and i.injured.best is None for i in record.incidents)


# --- dates ---------------------------------------------------------------------

def test_relative_days_resolve_against_publication() -> None:
    # 2022-05-06 is a Friday: "on Friday" is the same day
    assert main("Gunmen abducted two traders near Zaria on Friday.").date == "2022-05-06"
    assert main("Gunmen abducted two traders near Zaria yesterday.").date == "2022-05-05"
    assert main("Gunmen abducted two traders near Zaria on Tuesday.").date == "2022-05-03"
    assert main("Gunmen abducted two traders near Zaria on the morning of June 4.",
                "2022-06-10").date == "2022-06-04"


def test_weekday_without_publication_date_stays_null() -> None:
    incident = main("Gunmen abducted two traders near Zaria on Friday.", None)
    assert (incident.date, incident.date_precision) == (None, None)


def test_future_and_pre_1900_dates_are_rejected() -> None:
    assert main("Gunmen abducted two traders near Zaria on 4 May 2031.").date is None
    assert main("Gunmen abducted two traders near Zaria on 4 May 1850.").date is None


def test_all_caps_wire_copy_is_dated_and_anchored() -> None:
    incident = main("LIMA, 9 JAN 90 -- [TEXT] AT 0945 THIS MORNING, A GROUP OF "
                    "SUBVERSIVES SHOT AND KILLED A FORMER DEFENSE MINISTER.", "1990-01-09")
    assert incident.date == "1990-01-09"
    assert incident.killed.best == 1


# --- what is and is not an incident -------------------------------------------

def test_brief_report_with_the_date_in_the_lead_is_one_incident() -> None:
    incident = main("On 9 January 2022, hundreds of graduates closed the provincial "
                    "building in Nasiriyah. The rioters cut the road with burning tires.",
                    "2022-01-09")
    assert kind(incident) == ("Riots", "Violent demonstration")
    assert incident.date == "2022-01-09"


def test_questions_and_forecasts_are_not_incidents() -> None:
    record = extract("Is it not enough to have launched an offensive? The army says "
                     "the northern districts will be bombed.")
    assert [i for i in record.incidents if not i.aggregate] == []


def test_last_month_is_background() -> None:
    record = extract("Gunmen killed two guards in Mahmudiyah on Friday. The attack is "
                     "like the one in which three engineers were killed last month.")
    incident = next(i for i in record.incidents if not i.aggregate)
    assert incident.killed.best == 2


def test_shot_down_drone_is_disrupted_weapons_use() -> None:
    incident = main("On 28 April 2022, air defence units shot down a drone over Odesa.")
    assert kind(incident) == ("Strategic developments", "Disrupted weapons use")


def test_devices_found_is_disrupted_weapons_use() -> None:
    incident = main("Two explosive devices were found in a canal near Chester on Tuesday.")
    assert kind(incident) == ("Strategic developments", "Disrupted weapons use")


def test_rebels_capturing_a_town_overtake_territory() -> None:
    incident = main("On 3 May 2022, rebels captured the town of Kitchanga after heavy "
                    "fighting.")
    assert kind(incident) == ("Battles", "Non-state actor overtakes territory")


def test_protesters_dying_from_gunfire_is_excessive_force() -> None:
    incident = main("Four protesters died from gunfire during a demonstration in "
                    "Karbala on Sunday.")
    assert kind(incident) == ("Protests", "Excessive force against protesters")


def test_government_troops_capturing_villages_regain_territory() -> None:
    incident = main("On 3 May 2022, government troops captured two villages held by "
                    "rebels near Kidal.")
    assert kind(incident) == ("Battles", "Government regains territory")


def test_new_bases_set_up_are_headquarters_established() -> None:
    incident = main("On 3 May 2022, the army set up two new bases near Tal Tamr.")
    assert kind(incident) == ("Strategic developments", "Headquarters or base established")


def test_ceasefire_alone_is_an_agreement() -> None:
    incident = main("A ceasefire between the two militias took hold in Tripoli on "
                    "Sunday.")
    assert kind(incident) == ("Strategic developments", "Agreement")


def test_violent_demonstration_is_a_riot_as_in_acled() -> None:
    incident = main("On 4 May 2022, protesters threw stones at police and burned tyres "
                    "outside the governor's office in Kisumu.")
    assert kind(incident) == ("Riots", "Violent demonstration")


def test_sums_dozens_and_qualifiers() -> None:
    assert counts("A bomb exploded on a plane over Lockerbie on Friday. All 38 "
                  "passengers and 9 crew were killed.")[0] == 47
    record = extract("Dozens of people were injured when police fired on protesters in "
                     "Lagos on Friday.")
    incident = next(i for i in record.incidents if not i.aggregate)
    assert kind(incident) == ("Protests", "Excessive force against protesters")
    assert incident.injured.best == 12
    assert [c.qualifier for c in record.claims if c.field == "injured"] == ["at_least"]
    record = extract("Up to 40 people were killed and more than 60 injured when a bomb "
                     "exploded in Quetta on Friday.")
    assert sorted((c.field, c.value, c.qualifier) for c in record.claims
                  if c.field in {"killed", "injured"}) == [
        ("injured", 60, "more_than"), ("killed", 40, "up_to")]


def test_displacement_bans_and_elections_are_other_strategic_developments() -> None:
    for text in ("On 2 May 2022, about 3,600 refugees from Dastan arrived in Velor and were "
                 "registered by the border police.",
                 "On 4 May 2022, the Hakkari governor's office issued a ban on all marches "
                 "and sit-ins in the province for 15 days.",
                 "On 1 May 2022, Veloria held parliamentary elections across the country."):
        assert kind(main(text)) == ("Strategic developments", "Other"), text


def test_a_ban_beside_a_shelling_does_not_make_a_second_incident() -> None:
    record = extract("On 4 May 2022, artillery shelled the village of Tesvani, killing two "
                     "farmers. The governor later imposed a curfew on the district.")
    events = [i for i in record.incidents if not i.aggregate]
    assert [kind(i) for i in events] == [
        ("Explosions/Remote violence", "Shelling/artillery/missile attack")]


def test_a_denied_trigger_tells_no_incident() -> None:
    record = extract("Police were called to a petrol station in Kerem on Monday after a "
                     "window was found broken. Officers said there was no sign of an attack "
                     "and that a storm had blown a sign into the glass.")
    assert [i for i in record.incidents if not i.aggregate] == []


def test_a_trigger_affirmed_after_its_own_denial_still_counts() -> None:
    incident = main("Officials first said it was not an attack, but on Tuesday police "
                    "confirmed that gunmen attacked the checkpoint in Kerem, killing two "
                    "guards.")
    assert incident.type in {"Battles", "Violence against civilians"}


def test_a_war_named_by_its_years_and_a_count_since_a_past_month_are_background() -> None:
    record = extract(
        "Two civilians were killed when shells hit the village of Orvashti on Thursday, "
        "the ministry said. The valley has been divided since the end of the 1998–2001 "
        "war, in which an estimated 14,000 people were killed. Monitors have recorded "
        "more than 60 civilian deaths since the ceasefire took effect in November 2021.")
    (main,) = [i for i in record.incidents if not i.aggregate]
    assert (main.killed.low, main.killed.high) == (2, 2)
    assert {i.killed.best for i in record.incidents if i.aggregate} == {14000, 60}


def test_a_denied_shooting_and_a_named_ceasefire_make_no_incident() -> None:
    record = extract(
        "The units stationed in the district did not open fire on the village or on any "
        "other settlement on Thursday, a spokeswoman said. She called the claims a "
        "violation of the 2021 ceasefire agreement.")
    assert record.incidents == []


def test_two_villages_shelled_by_opposite_sides_are_two_incidents() -> None:
    record = extract(
        "Two civilians were killed when Dastani artillery shelled the village of Orvashti "
        "on Thursday, the Velorian ministry said.\n\n"
        "The Dastani ministry denied it and said Velorian guns had shelled the village of "
        "Kemrek the same morning, wounding three people.\n\n"
        "The woman wounded in Kemrek was in a stable condition, the governor said.")
    events = [i for i in record.incidents if not i.aggregate]
    assert [(i.location.name if i.location else None, i.killed.best, i.injured.best)
            for i in events] == [("Orvashti", 2, None), ("Kemrek", None, 3)]


def test_a_hamlet_inside_the_municipality_is_the_same_clash() -> None:
    record = extract(
        "Three soldiers were killed in a clash with a dissident group in the rural area "
        "of Argelia, in the department of Cauca, the army said on Saturday.\n\n"
        "The fighting broke out on Friday near the hamlet of La Palma, when a patrol came "
        "under fire from a hillside.")
    assert len([i for i in record.incidents if not i.aggregate]) == 1


def test_victims_named_in_their_own_sentence() -> None:
    record = extract(
        "Two border guards were killed and a third was wounded when a drone dropped "
        "explosives on their post near the village of Orvashti on Tuesday, the border "
        "service said.\n\n"
        "The dead were named as Sergeant Timur Alekseev, 27, and Private Daulet Sarsen, 20. "
        "The woman wounded in Orvashti, Aigerim Nurlanova, was in a stable condition, the "
        "deputy governor, Ruslan Temirov, told reporters.")
    (incident,) = [i for i in record.incidents if not i.aggregate]
    victims = {v.name: v for v in incident.victims}
    assert any("Timur Alekseev" in name for name in victims)
    assert victims["Daulet Sarsen"].outcome == "killed"
    assert victims["Daulet Sarsen"].civilian is False  # a private is no civilian
    assert victims["Aigerim Nurlanova"].outcome == "injured"
    assert not any("Temirov" in name for name in victims)  # the speaker
    assert (incident.killed.best, incident.killed.high) == (2, 2)


@pytest.mark.parametrize(("text", "killed", "injured"), [
    ("Five men were shot during an argument outside a bar in Millbrook on Tuesday "
     "morning, police said.", None, 5),
    ("Police said the gunman fatally shot William Orr, 22, at a house in Millbrook on "
     "Thursday.", 1, None),
    ("Three people including an off-duty officer are dead after a shooting at a bar in "
     "Millbrook on Saturday, police said.", 3, None),
    ("A man was shot and killed on Saturday in Millbrook while his uncle cleaned one of "
     "four guns, police said.", 1, None),
    ("The gunman shot at a passing car in Millbrook on Friday night, police said.",
     None, None),
])
def test_shootings_count_whom_they_hit(text: str, killed: int | None,
                                       injured: int | None) -> None:
    incident = main(text)
    assert (incident.killed.best, incident.injured.best) == (killed, injured)


def test_best_is_the_highest_count_and_an_arrest_carries_no_toll() -> None:
    record = extract(
        "Police arrested a man on Monday for killing three people in Millbrook.\n\n"
        "An alleged gunman killed three people and injured two others in a shooting in "
        "Millbrook on Saturday night.\n\n"
        "\"The third victim was shot and killed as he tried to help,\" the police chief "
        "said.")
    violent = [i for i in record.incidents if i.type == "Violence against civilians"]
    assert violent and (violent[0].killed.best, violent[0].killed.high) == (3, 3)
    assert all(i.killed.best is None for i in record.incidents
               if i.type == "Strategic developments")


def test_the_day_a_statement_was_made_is_not_the_day_of_the_event() -> None:
    incident = main("Ceasefire monitors said on Monday that four civilians were killed "
                    "when shells hit the village of Orvashti last Thursday.",
                    published="2024-03-11")
    assert incident.date == "2024-03-07"


def test_a_named_victim_counted_in_the_toll_is_no_claim_of_one() -> None:
    record = extract("Shelling killed three villagers in Orvashti on Thursday, the "
                     "ministry said. Petar Lazic was killed in his garden, the ministry "
                     "said.")
    (incident,) = [i for i in record.incidents if not i.aggregate]
    assert (incident.killed.low, incident.killed.best) == (3, 3)
    assert [v.name for v in incident.victims] == ["Petar Lazic"]
