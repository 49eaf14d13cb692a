"""The literal screen in front of the data-file regexes: it may only skip searches
that would fail, so screened and plain matching must agree everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsledger.extract import accusations, incidents, other_events, perpetrators, rebuttals
from newsledger.extract.screen import CaseBlind, required_literals

SAMPLE_CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"

# wordings the samples lack: all-caps wire copy, mixed case, near misses
EXTRA_SENTENCES = [
    "GUERRILLAS OF THE FMLN DYNAMITED TWO ELECTRICITY TOWERS IN USULUTAN YESTERDAY.",
    "THE ARMY RECAPTURED THE TOWN OF SAN MIGUEL AFTER THE REBELS WITHDREW.",
    "Police Defused An IED Found Near The Market On Monday.",
    "An earthquake of magnitude 6.1 struck the province, killing 14 people.",
    "Since the early 1990s the region has seen sporadic shelling.",
    "No arrests have been made, police said.",
    "Protesters marched on the ministry in March; police fired tear gas.",
    "Militiamen took control of three villages near the border crossing.",
    "A drone strike hit a convoy; the Taliban denied losses.",
    "THE ARMED FORCES REJECTED THE ACCUSATIONS AS NOTHING MORE THAN PROPAGANDA.",
    "Baku Accused Yerevan Of Violating The Ceasefire.",
    "THE FMLN CLAIMED RESPONSIBILITY FOR THE ATTACK, WHICH THE ARMY BLAMED ON THE ELN.",
]


def corpus_sentences() -> list[str]:
    text = "\n".join(p.read_text("utf-8") for p in sorted(SAMPLE_CORPUS.glob("*.txt")))
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()] + EXTRA_SENTENCES


def screened_patterns() -> list[CaseBlind]:
    patterns = [t.pattern for t in incidents.triggers()]
    patterns += [t.pattern for t in other_events.other_triggers()]
    patterns += incidents.historical_markers()
    patterns += [rx for rx, _ in incidents.weapons()]
    patterns += [cue for *_, cue in accusations.patterns()]
    patterns += [cue for *_, cue in rebuttals.patterns()]
    patterns += list(perpetrators.cues().values())
    return patterns


def test_literals_of_an_alternation_are_the_union_of_its_branches() -> None:
    found = required_literals(r"\b(defused|neutrali[sz]ed) (\S+ ){0,4}(IEDs?|bombs?)\b",
                              re.IGNORECASE)
    assert found is not None and {"defused", "neutrali"} <= found | {"ied", "bomb"}
    assert found in ({"defused", "neutrali"}, {"ied", "bomb"})


def test_optional_words_are_never_required() -> None:
    assert required_literals(r"(?:at least )?(\d+) (people )?killed") == {"killed"}
    assert required_literals(r"(a|an)? ?attack") == {"attack"}


def test_a_lookahead_requirement_holds_in_the_text() -> None:
    found = required_literals(r"^(?=.*\b(army|troops)\b)(?=.*\bcaptured the village\b)")
    assert found == {"captured the village"}


def test_case_sensitive_parts_are_lowered_for_the_lowered_text() -> None:
    assert required_literals(r"(?-i:March)") == {"march"}
    assert required_literals(r"\bIEDs?\b", re.IGNORECASE) == {"ied"}


def test_patterns_with_no_literal_run_unscreened() -> None:
    assert required_literals(r"\w+ \d+") is None  # a space is required, but is everywhere
    assert required_literals(r"(bomb|\d+)") is None
    assert CaseBlind.compile(r"\w+").search("Anything", "anything") is not None


def test_a_broken_pattern_is_left_to_re_to_report() -> None:
    assert required_literals("(unclosed") is None
    with pytest.raises(re.error):
        CaseBlind.compile("(unclosed")


def test_every_data_file_pattern_agrees_with_plain_matching() -> None:
    sentences = corpus_sentences()
    patterns = screened_patterns()
    assert len(patterns) > 90
    matched = 0
    for screened in patterns:
        for sentence in sentences:
            plain = screened.pattern.search(sentence)
            fast = screened.search(sentence, sentence.lower())
            assert (plain is None) == (fast is None), (screened.pattern.pattern, sentence)
            matched += plain is not None
    assert matched > 100  # the corpus exercises the patterns, not only their misses


def test_most_data_file_patterns_are_screened() -> None:
    patterns = screened_patterns()
    assert sum(p.literals is not None for p in patterns) / len(patterns) > 0.9
