"""The PolNeAR scorer: span matching, cue and speaker checks, and one end-to-end run.

Every text here is invented; the gold is written the way the corpus writes
it (role spans into the text, discontinuous spans allowed). End-to-end
assertions stay loose because the extractor itself keeps changing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.eval.polnear import (
    Gold,
    PolnearReport,
    covered,
    cue_correct,
    cue_span,
    evaluate,
    gold_from,
    is_direct,
    match,
    read_documents,
    score_document,
    speaker_correct,
    speaker_name_correct,
)
from newsledger.records import Statement


def statement(content: tuple[int, int], kind: str = "indirect", cue: str | None = "said",
              speaker_span: tuple[int, int] | None = None,
              speaker_name: str | None = None) -> Statement:
    return Statement(id="s1", kind=kind, cue=cue, content_span=content, text="",
                     speaker_span=speaker_span, speaker_name=speaker_name)


# --- spans and matching --------------------------------------------------------------


def test_covered_counts_the_union_of_discontinuous_spans_once() -> None:
    assert covered([(0, 10)], [(0, 4), (2, 6), (8, 20)]) == 8
    assert covered([(30, 40)], [(0, 10)]) == 0
    # a statement in two parts covers only what its parts hold
    assert covered([(0, 4), (8, 12)], [(0, 12)]) == 8


def test_match_needs_half_of_the_gold_characters() -> None:
    gold = [[(10, 30)]]
    assert match([[(10, 20)]], gold) == [(0, 0)]  # exactly half
    assert match([[(10, 19)]], gold) == []  # 9 of 20
    # a discontinuous gold is measured on its union: 10 of 16 characters
    assert match([[(0, 10)]], [[(0, 6), (8, 18)]]) == [(0, 0)]


def test_match_is_one_to_one_and_as_large_as_possible() -> None:
    # a long statement covers gold 0 fully and gold 1 at 60%; a short one covers gold 1 fully
    predicted = [[(0, 46)], [(40, 50)]]
    gold = [[(0, 30)], [(40, 50)]]
    assert match(predicted, gold) == [(0, 0), (1, 1)]
    # two statements on one gold: the tighter wins, the other is a false positive
    assert match([[(0, 100)], [(5, 35)]], [[(5, 35)]]) == [(1, 0)]
    # one statement over two golds takes the one it covers best
    assert match([[(0, 25)]], [[(0, 10)], [(15, 40)]]) == [(0, 0)]
    # a statement that fully covers a short gold inside a long one leaves the short
    # gold to the statement that only qualifies for it: two matches, not one
    assert match([[(0, 100)], [(40, 60)]], [[(45, 55)], [(0, 100)]]) == [(0, 1), (1, 0)]


def test_match_reads_the_parts_of_an_interrupted_statement() -> None:
    # “A,” said X, speaking of B. “C.” — the parts skip the attribution, so the
    # statement does not cover the gold content "B" of "speaking of"
    parts = [[(0, 20), (60, 100)]]
    assert match(parts, [[(35, 50)]]) == []
    assert match(parts, [[(0, 20), (60, 100)]]) == [(0, 0)]


def test_direct_is_a_quote_mark_in_the_gold_content() -> None:
    assert is_direct("“We will win,”")
    assert is_direct('that the plan was "dead on arrival"')
    assert not is_direct("that the plan was dead")


def test_gold_from_reads_roles_and_skips_a_missing_content() -> None:
    gold = gold_from({"id": "E1", "source": {"spans": [[0, 5]], "text": "Smith"},
                      "cue": {"spans": [[6, 10]], "text": "said"},
                      "content": {"spans": [[11, 20], [25, 30]], "text": "“a b” “c”"}})
    assert gold == Gold(content=((11, 20), (25, 30)), direct=True, cue=((6, 10),),
                        cue_text="said", source=((0, 5),), source_text="Smith")
    assert gold.kind == "direct"
    no_source = gold_from({"id": "E2", "source": None, "cue": {"spans": [[0, 4]], "text": "x"},
                           "content": {"spans": [[5, 9]], "text": "abcd"}})
    assert no_source is not None and no_source.source == () and no_source.kind == "indirect"
    assert gold_from({"id": "E3", "source": None, "cue": None, "content": None}) is None


# --- cue and speaker -----------------------------------------------------------------

CUE_TEXT = "Ms Vance said the mayor said nothing, and aides said little."
#           0         1         2         3         4         5
#           0123456789012345678901234567890123456789012345678901234567890


def test_cue_span_prefers_the_occurrence_outside_and_nearest_the_content() -> None:
    # content "the mayor said nothing": the "said" inside it is skipped
    assert cue_span(CUE_TEXT, "said", (14, 36)) == (9, 13)
    # content "little": the nearest "said" is the one just before it
    assert cue_span(CUE_TEXT, "said", (53, 59)) == (48, 52)
    assert cue_span(CUE_TEXT, "told", (14, 36)) is None
    assert cue_span("He said so.", "sai", (8, 10)) is None  # whole words only


def test_cue_correct_by_text_or_by_position() -> None:
    gold = Gold(content=((14, 36),), cue=((9, 13),), cue_text="said")
    assert cue_correct(CUE_TEXT, statement((14, 36), cue=" Said "), gold)
    assert not cue_correct(CUE_TEXT, statement((14, 36), cue=None), gold)
    # a two-word gold cue is matched by our one-word cue sitting inside it
    phrase = "Officials have warned that taxes will rise."
    gold = Gold(content=((27, 42),), cue=((10, 21),), cue_text="have warned")
    assert cue_correct(phrase, statement((27, 42), cue="warned"), gold)
    assert not cue_correct(phrase, statement((27, 42), cue="rise"), gold)


def test_speaker_by_span_overlap_and_by_name() -> None:
    gold = Gold(content=((20, 40),), source=((0, 12), (50, 53)),
                source_text="Senator Anne Lister")
    assert speaker_correct(statement((20, 40), speaker_span=(8, 20)), gold)
    assert speaker_correct(statement((20, 40), speaker_span=(51, 52)), gold)
    assert not speaker_correct(statement((20, 40), speaker_span=(12, 20)), gold)
    assert not speaker_correct(statement((20, 40)), gold)
    assert speaker_name_correct(statement((0, 1), speaker_name="Anne Lister"), gold)
    assert speaker_name_correct(statement((0, 1), speaker_name="lister"), gold)
    assert not speaker_name_correct(statement((0, 1), speaker_name="Lister Group Inc"), gold)
    assert not speaker_name_correct(statement((0, 1)), gold)
    # words, not letters: "he" is not inside "Stephen"; a possessive still names the holder
    pronoun = Gold(content=((0, 1),), source=((0, 2),), source_text="he")
    assert not speaker_name_correct(statement((0, 1), speaker_name="Stephen Hale"), pronoun)
    owner = Gold(content=((0, 1),), source=((0, 2),), source_text="Hale’s")
    assert speaker_name_correct(statement((0, 1), speaker_name="Stephen Hale"), owner)
    titled = Gold(content=((0, 1),), source=((0, 2),), source_text="the governor, Stephen Hale,")
    assert speaker_name_correct(statement((0, 1), speaker_name="Stephen Hale"), titled)


# --- document scores -----------------------------------------------------------------


def test_score_document_counts_by_our_kind_and_by_gold_class() -> None:
    text = "x" * 200
    golds = [
        Gold(content=((0, 20),), direct=True, cue=((25, 29),), cue_text="said",
             source=((30, 35),), source_text="Mr Kay"),
        Gold(content=((50, 90),), direct=False, cue=((40, 44),), cue_text="told",
             source=((45, 48),), source_text="she"),
        Gold(content=((100, 120),), direct=False),  # missed
        Gold(content=((150, 170),), direct=True, cue=((171, 175),), cue_text="said"),
    ]
    predicted = [
        statement((0, 20), kind="direct", cue="said", speaker_span=(30, 35),
                  speaker_name="Kay"),
        statement((50, 80), kind="indirect", cue="told", speaker_span=(0, 3),
                  speaker_name="Ann Kay"),
        statement((130, 140), kind="indirect"),  # false positive
        statement((150, 170), kind="indirect", cue="says"),  # our kind differs from gold's
    ]
    report = PolnearReport(documents=1)
    pairs = score_document(report, text, predicted, golds)
    assert sorted(pairs) == [(0, 0), (1, 1), (3, 3)]
    direct, indirect, everything = (report.classes[k] for k in ("direct", "indirect", "all"))
    assert (direct.predicted, direct.tp_predicted, direct.gold, direct.tp_gold) == (1, 1, 2, 2)
    assert (indirect.predicted, indirect.tp_predicted, indirect.gold, indirect.tp_gold) == (
        3, 2, 2, 1)
    assert direct.precision == 1.0 and direct.recall == 1.0 and direct.f1 == 1.0
    assert indirect.precision == pytest.approx(2 / 3)
    assert indirect.recall == 0.5
    assert indirect.f1 == pytest.approx(4 / 7)
    assert (everything.predicted, everything.tp_predicted, everything.gold,
            everything.tp_gold) == (4, 3, 4, 3)
    # cue: direct pairs (0,0) right and (3,3) wrong; speaker only where the gold has a source
    assert (direct.cue.correct, direct.cue.total) == (1, 2)
    assert (direct.speaker.correct, direct.speaker.total) == (1, 1)
    assert (direct.speaker_name.correct, direct.speaker_name.total) == (1, 1)
    assert (indirect.cue.correct, indirect.cue.total) == (1, 1)
    assert (indirect.speaker.correct, indirect.speaker.total) == (0, 1)
    assert (indirect.speaker_name.correct, indirect.speaker_name.total) == (0, 1)
    assert (everything.cue.correct, everything.cue.total) == (2, 3)


def test_empty_report_scores_zero_without_dividing_by_zero() -> None:
    report = PolnearReport()
    assert report.classes["direct"].f1 == 0.0
    assert report.classes["indirect"].precision == 0.0


# --- reading the corpus and end to end -----------------------------------------------

PORT_TEXT = (
    "HARBOURTON, May 3 (Meridian Wire) - The city council approved a new ferry terminal "
    "on Tuesday after months of debate.\n\n"
    "“This terminal will bring hundreds of jobs back to the waterfront,” she said after "
    "the vote, referring to the plan she has backed since 2019.\n\n"
    "Council member Rosa Delgado said that the project would be finished within two years."
)
FARM_TEXT = (
    "GREENVALE, June 12 (Meridian Wire) - Dairy farmers in the region blocked a highway "
    "on Monday to protest falling milk prices.\n\n"
    "Agriculture Minister Pavel Horak said that the government would review the subsidy "
    "rules before the end of the month.\n\n"
    "“We cannot keep selling milk for less than it costs to produce,” said farmer Jonas "
    "Weber, who joined the blockade with his tractor."
)


def role(text: str, fragment: str, after: int = 0) -> dict[str, Any]:
    start = text.index(fragment, after)
    return {"spans": [[start, start + len(fragment)]], "text": fragment}


def attribution(text: str, ident: str, source: str, cue: str, content: str) -> dict[str, Any]:
    return {"id": ident, "source": role(text, source), "cue": role(text, cue),
            "content": role(text, content)}


def corpus_lines() -> list[dict[str, Any]]:
    port = [
        attribution(PORT_TEXT, "E1", "she", "said",
                    "“This terminal will bring hundreds of jobs back to the waterfront,”"),
        attribution(PORT_TEXT, "E2", "Council member Rosa Delgado", "said",
                    "that the project would be finished within two years"),
    ]
    port[1]["cue"] = role(PORT_TEXT, "said", PORT_TEXT.index("Rosa"))
    farm = [
        attribution(FARM_TEXT, "E1", "Agriculture Minister Pavel Horak", "said",
                    "that the government would review the subsidy rules before the end of "
                    "the month"),
        attribution(FARM_TEXT, "E2", "farmer Jonas Weber", "said",
                    "“We cannot keep selling milk for less than it costs to produce,”"),
    ]
    farm[1]["cue"] = role(FARM_TEXT, "said", FARM_TEXT.index("“We"))
    base = {"split": "dev", "publisher": "meridian", "author": None}
    return [
        {**base, "doc_id": "port", "annotator": "a1", "publication_date": "2021-05-03",
         "title": "Ferry terminal approved", "text": PORT_TEXT, "attributions": port},
        # a second annotator of the same article is not scored
        {**base, "doc_id": "port", "annotator": "a2", "publication_date": "2021-05-03",
         "title": "Ferry terminal approved", "text": PORT_TEXT, "attributions": port[:1]},
        {**base, "doc_id": "farm", "annotator": "a1", "publication_date": "2021-06-12",
         "title": "Farmers block highway", "text": FARM_TEXT, "attributions": farm},
    ]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "polnear_dev.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n"
                            for line in corpus_lines()), encoding="utf-8")
    return path


def test_gold_offsets_in_the_invented_corpus_are_clean() -> None:
    for line in corpus_lines():
        for a in line["attributions"]:
            for part in ("source", "cue", "content"):
                (start, end), = a[part]["spans"]
                assert line["text"][start:end] == a[part]["text"]


def test_read_documents_keeps_the_first_annotator_and_honours_limit(corpus: Path) -> None:
    rows = list(read_documents(corpus.parent))  # a folder means polnear_dev.jsonl
    assert [(r["doc_id"], r["annotator"]) for r in rows] == [("port", "a1"), ("farm", "a1")]
    assert [r["doc_id"] for r in read_documents(corpus, limit=1)] == ["port"]


def test_evaluate_end_to_end_scores_direct_and_indirect(corpus: Path) -> None:
    report = evaluate(corpus.parent)
    assert report.documents == 2 and not report.failed and report.no_content == 0
    direct, indirect = report.classes["direct"], report.classes["indirect"]
    assert direct.gold == 2 and indirect.gold == 2
    assert report.classes["all"].gold == 4
    # both quotes are plain wire style: found, with their cue and speaker
    assert direct.tp_gold == 2 and direct.recall == 1.0
    assert direct.cue.accuracy == 1.0
    assert direct.speaker.total == 2 and direct.speaker.accuracy >= 0.5
    assert indirect.tp_gold >= 1
    for scores in report.classes.values():
        for value in (scores.precision, scores.recall, scores.f1):
            assert 0.0 <= value <= 1.0
    console = Console(width=160, record=True)
    console.print(report.table())
    rendered = console.export_text()
    assert "PolNeAR (2 documents)" in rendered
    assert "│ direct " in rendered and "│ indirect " in rendered and "│ all " in rendered
    assert "0 documents failed to extract" in rendered


def test_cli_eval_polnear_prints_the_table(corpus: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "polnear", str(corpus), "--limit", "1"],
                                env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "PolNeAR (1 documents)" in result.output
    assert "indirect" in result.output
