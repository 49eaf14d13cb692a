"""The incident and place scorers: exact numbers for the pure helpers, and an
end-to-end ``evaluate()`` per dataset on a few invented rows in its format.

The end-to-end tests check that the table renders with the expected rows,
not what extraction scores: extraction changes, the scorer's shape should not.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table

from newsledger.eval import acled, case2021, geoparsing, muc4
from newsledger.eval.common import PRF, Score, haversine_km, main_incident, predicted
from newsledger.records import DocumentRecord, Figure, Incident


def rendered(table: Table) -> str:
    console = Console(record=True, width=220)
    console.print(table)
    return console.export_text()


# --- pure helpers -----------------------------------------------------------------


def test_haversine_one_degree_of_the_equator_and_a_known_pair() -> None:
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.195, abs=1e-3)
    assert haversine_km(10, 20, 10, 20) == 0.0
    # Kyiv - Kharkiv, about 410 km
    assert haversine_km(50.4501, 30.5234, 49.9935, 36.2304) == pytest.approx(409.6, abs=1.0)


def test_prf_and_score() -> None:
    prf = PRF(tp=3, fp=1, fn=2)
    assert (prf.precision, prf.recall) == (0.75, 0.6)
    assert prf.f1 == pytest.approx(2 / 3)
    assert PRF().f1 == 0.0
    assert (prf + PRF(1, 1, 1)) == PRF(4, 2, 3)
    score = Score()
    for ok in (True, False, True, True):
        score.add(ok)
    assert (score.correct, score.total, score.accuracy) == (3, 4, 0.75)


def test_main_incident_skips_aggregates_and_the_figure_comes_from_the_first_with_one() -> None:
    record = DocumentRecord(id="d", text="x", incidents=[
        Incident(id="i1", aggregate=True, killed=Figure(best=40)),
        Incident(id="i2", type="Battles", subtype="Armed clash"),
        Incident(id="i3", type="Violence against civilians", killed=Figure(best=3)),
    ])
    assert (incident := main_incident(record)) is not None and incident.id == "i2"
    assert predicted(record, "killed") == 3
    assert predicted(record, "injured") == 0
    assert main_incident(DocumentRecord(id="e", text="x")) is None


@pytest.mark.parametrize(("name", "code"), [
    ("Ukraine", "UA"),
    ("Democratic Republic of Congo", "CD"),
    ("Republic of Congo", "CG"),
    ("Turkey", "TR"),
    ("Russia", "RU"),  # fuzzy fallback
    ("Curacao", "CW"),  # accent-folded name
    ("Kosovo", "XK"),
    ("Atlantis", None),
])
def test_acled_country_names_to_iso2(name: str, code: str | None) -> None:
    assert acled.country_code(name) == code


def test_span_matching_is_one_to_one_greatest_overlap_first() -> None:
    gold = [(0, 5), (10, 20)]
    predicted_spans = [(2, 7), (12, 15), (15, 25)]
    assert geoparsing.match_spans(gold, predicted_spans) == [(0, 0), (1, 2)]
    assert geoparsing.match_spans([(0, 4)], [(4, 8)]) == []  # touching is not overlapping
    # two gold toponyms inside one long mention: only one of them is matched
    assert geoparsing.match_spans([(0, 3), (4, 8)], [(0, 8)]) == [(1, 0)]


def test_muc_dateline_and_filled_templates() -> None:
    assert muc4.dateline_date("   SAN JOSE, 7 MAR 90 (WIRE) -- [TEXT] X") == "1990-03-07"
    assert muc4.dateline_date("   CLANDESTINE, NO DATE (RADIO) -- [TEXT] X") is None
    templates = [{"INCIDENT: TYPE": "*"}, {"INCIDENT: TYPE": "BOMBING"}]
    assert muc4.filled_templates(templates) == [{"INCIDENT: TYPE": "BOMBING"}]
    assert muc4.filled_templates([{"INCIDENT: TYPE": "*"}]) == []


def test_case_map_covers_the_25_acled_codes_and_our_event_kinds() -> None:
    codes = case2021.subtype_codes()
    assert codes["Remote explosive/landmine/IED"] == "REM_EXPLOS"
    assert codes["Shelling/artillery/missile attack"] == "ART_MISS_ATTACK"
    assert codes["man_made_disaster"] == "MAN_MADE_DISASTER"
    assert len(set(codes.values())) == 25 + 4  # ATTRIB is a rule, not a row


# --- end to end on invented rows ----------------------------------------------------

ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
                 "event_type", "sub_event_type", "actor1", "country", "admin1", "location",
                 "latitude", "longitude", "geo_precision", "notes", "fatalities"]
ACLED_ROWS = [
    ["UKR1", "2022-03-04", "2022", "1", "Political violence", "Explosions/Remote violence",
     "Shelling/artillery/missile attack", "Military Forces of Russia", "Ukraine", "Kharkiv",
     "Kharkiv", "49.9935", "36.2304", "1",
     "On 4 March 2022, Russian forces shelled a residential district of Kharkiv, Kharkiv. "
     "2 civilians were killed.", "2"],
    ["NIG1", "2022-02-11", "2022", "1", "Demonstrations", "Protests", "Peaceful protest",
     "Protesters (Nigeria)", "Nigeria", "Lagos", "Ikeja", "6.6018", "3.3515", "1",
     "On 11 February 2022, traders protested in Ikeja, Lagos, against new market fees. "
     "[size=no report]", "0"],
]


def test_acled_evaluate_renders_every_measure(tmp_path: Path) -> None:
    path = tmp_path / acled.FILE_NAME
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(ACLED_COLUMNS)
        writer.writerows(ACLED_ROWS)

    report = acled.evaluate(tmp_path)

    text = rendered(report.table())
    assert "ACLED (2 rows)" in text
    for measure in acled.TARGETS:
        assert measure in text
    assert len(report.outcomes) == 2 and not report.failed
    assert acled.evaluate(tmp_path, limit=1).rows == 1


def _muc_doc(doc_id: str, text: str, incident_type: str) -> str:
    template = {"MESSAGE: ID": doc_id, "MESSAGE: TEMPLATE": "1" if incident_type != "*" else "*",
                "INCIDENT: TYPE": incident_type, "INCIDENT: DATE": "*"}
    return json.dumps({"doc_id": doc_id, "split": doc_id.split("-")[0].lower(), "text": text,
                       "relevant": incident_type != "*", "templates": [template]})


def test_muc4_evaluate_scores_both_test_sets_by_default(tmp_path: Path) -> None:
    (tmp_path / "muc4_tst1.jsonl").write_text("\n".join([
        _muc_doc("TST1-MUC3-0001", "   LIMA, 3 MAY 90 (WIRE) -- [TEXT] A CAR BOMB EXPLODED "
                 "OUTSIDE A POLICE STATION IN LIMA YESTERDAY, KILLING TWO OFFICERS.", "BOMBING"),
        _muc_doc("TST1-MUC3-0002", "   QUITO, 4 MAY 90 (WIRE) -- [TEXT] THE CENTRAL BANK "
                 "RAISED ITS INTEREST RATE TODAY.", "*"),
    ]) + "\n", encoding="utf-8")
    (tmp_path / "muc4_tst2.jsonl").write_text(_muc_doc(
        "TST2-MUC4-0001", "   BOGOTA, 9 JUN 90 (WIRE) -- [TEXT] GUERRILLAS KIDNAPPED A MAYOR "
        "IN THE TOWN OF NEIVA.", "KIDNAPPING") + "\n", encoding="utf-8")
    (tmp_path / "muc4_dev.jsonl").write_text("this file must not be read\n", encoding="utf-8")

    report = muc4.evaluate(tmp_path)

    text = rendered(report.table())
    assert "MUC-4 (3 messages)" in text
    for measure in ("relevant docs: precision", "relevant docs: recall", "relevant docs: F1",
                    "F1 (tst1)", "F1 (tst2)"):
        assert measure in text
    assert [o.gold.relevant for o in report.outcomes] == [True, False, True]


def test_case2021_evaluate_renders_accuracy_and_errors(tmp_path: Path) -> None:
    path = tmp_path / case2021.FILE_NAME
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "EventSnippet", "SubType"])
        writer.writerow(["1", "A roadside bomb exploded near an army patrol outside Kandahar, "
                         "wounding three soldiers.", "REM_EXPLOS"])
        writer.writerow(["2", "The two ministers signed a trade memorandum in Geneva on "
                         "Tuesday.", "DIPLO"])
        writer.writerow(["3", "Hundreds of students marched peacefully through the capital "
                         "demanding lower fees.", "PEACE_PROTEST"])

    report = case2021.evaluate(path)

    text = rendered(report.table())
    assert "CASE 2021 task 2 (3 snippets)" in text
    for measure in ("accuracy: all snippets", "accuracy: ACLED-derived codes",
                    "top errors by gold class"):
        assert measure in text
    assert [gold for _, gold, _ in report.pairs] == ["REM_EXPLOS", "DIPLO", "PEACE_PROTEST"]
    assert report.pairs[1][2] == "AGREEMENT"  # a signed memorandum is ACLED's Agreement


def test_geoparsing_evaluate_reports_each_corpus_and_overall(tmp_path: Path) -> None:
    lgl_text = "Flooding closed roads in Springfield, Illinois, on Monday."
    virus_text = "Health officials in Kenya reported new cholera cases near Mombasa."

    def span(text: str, name: str) -> tuple[int, int]:
        return text.index(name), text.index(name) + len(name)

    lgl = {"doc_id": "1", "title": "Flooding", "date": "2009-03-20 12:00:00", "text": lgl_text,
           "toponyms": [{"phrase": n, "start": span(lgl_text, n)[0], "end": span(lgl_text, n)[1],
                         "lat": lat, "lon": lon}
                        for n, lat, lon in (("Springfield", 39.80, -89.64),
                                            ("Illinois", 40.0, -89.0))]}
    virus = {"doc_id": "7", "text": virus_text,
             "toponyms": [{"name": n, "start": span(virus_text, n)[0],
                           "end": span(virus_text, n)[1], "lat": lat, "lon": lon}
                          for n, lat, lon in (("Kenya", 0.25, 38.0), ("Mombasa", -4.05, 39.67))]}
    (tmp_path / "lgl.jsonl").write_text(json.dumps(lgl) + "\n", encoding="utf-8")
    (tmp_path / "geovirus.jsonl").write_text(json.dumps(virus) + "\n", encoding="utf-8")

    report = geoparsing.evaluate(tmp_path)

    text = rendered(report.table())
    assert "Geoparsing (2 articles)" in text
    for row in ("lgl", "geovirus", "overall", "acc@161km"):
        assert row in text
    scores = report.scores()
    assert scores["overall"].spans.tp + scores["overall"].spans.fn == 4


def test_gva_scores_single_incident_articles_and_the_shooter_reading(tmp_path: Path) -> None:
    from newsledger.eval import gva

    article = {"id": "a1", "title": "Two dead in Millbrook shooting", "published": "2016-05-02",
               "incident_id": "gva-1", "multi_incident": False,
               "text": "Two men were shot and killed and three others were wounded on Sunday "
                       "night outside a bar in Millbrook, police said. The gunman later "
                       "killed himself."}
    roundup = {**article, "id": "a2", "multi_incident": True}
    incident = {"incident_id": "gva-1", "killed": 3, "killed_victims": 2, "injured": 3}
    (tmp_path / "articles.jsonl").write_text(
        "\n".join(json.dumps(a) for a in (article, roundup)) + "\n", encoding="utf-8")
    (tmp_path / "incidents.jsonl").write_text(json.dumps(incident) + "\n", encoding="utf-8")
    report = gva.evaluate(tmp_path)
    assert report.articles == 1  # the roundup is skipped
    scores = report.scores
    assert scores["killed, victims only: all articles"].accuracy == 1.0
    assert scores["killed, GVA count or victims only: all articles"].accuracy == 1.0
    assert scores["injured, count written in text"].total == 1
    Console(file=None, width=120).print(report.table())
