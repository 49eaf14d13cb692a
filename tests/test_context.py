"""The shared Extraction state: its shortcuts past spaCy's per-access rebuilding
must give exactly what the plain spaCy calls give."""

from __future__ import annotations

import pytest
from spacy.attrs import LOWER, POS

from newsledger.extract.context import Extraction, span_text
from newsledger.ingest.article import Article
from newsledger.nlp.pipeline import load_pipeline

TEXT = (
    "GOMA, June 4 (Lakeside Wire) - Two rangers were killed when gunmen attacked a patrol "
    "near the village of Kibumba on Tuesday, park officials said.\n\n"
    "\"They came at dawn,\" a ranger told reporters. The army said it was searching "
    "the area, and the governor spoke about the attack on regional radio.\n\n"
    "Officials Warned that more attacks could follow."
)


@pytest.fixture(scope="module")
def ex() -> Extraction:
    return Extraction(article=Article(doc_id="test", text=TEXT), doc=load_pipeline()(TEXT))


def test_sentences_and_their_text_match_spacy(ex: Extraction) -> None:
    assert [s.text for s in ex.sentences] == [s.text for s in ex.doc.sents]
    assert [span_text(s) for s in ex.sentences] == [s.text for s in ex.sentences]
    assert ex.text == ex.doc.text


def test_span_text_of_a_doc_no_extraction_has_seen() -> None:
    doc = load_pipeline()("Police said three people died.")
    assert span_text(doc[0:2]) == "Police said"


def test_sentence_of_any_character(ex: Extraction) -> None:
    for char in range(len(TEXT)):
        token = ex.doc.char_span(char, char + 1, alignment_mode="expand")
        if token is not None and len(token):
            assert ex.sentence_of(char) == token[0].sent, char
    assert ex.sentence_of(len(TEXT) + 10) == ex.sentences[-1]


def test_tokens_where_finds_what_a_token_loop_finds(ex: Extraction) -> None:
    for sentence in ex.sentences:
        verbs = [t.i for t in ex.tokens_where(POS, frozenset({"VERB"}), sentence)]
        assert verbs == [t.i for t in sentence if t.pos_ == "VERB"]
        preps = frozenset({"about", "near"})
        found = [t.i for t in ex.tokens_where(LOWER, preps, sentence)]
        assert found == [t.i for t in sentence if t.lower_ in preps]
    assert [t.text for t in ex.tokens_where(LOWER, frozenset({"about"}), ex.doc[:])] == ["about"]
