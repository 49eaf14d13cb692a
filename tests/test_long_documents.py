"""Issue 14.1: an article longer than spaCy takes is extracted in pieces, never kills a batch.

The pieces are made small here (``CHUNK_CHARS`` patched) so a few thousand
characters of wire copy exercise the joining; the real-size run (1.1 million
characters, memory measured) is marked ``slow``.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger import documents
from newsledger.documents import Built, build, split_text
from newsledger.ingest.article import Article, IngestError
from newsledger.ledger.build import record_from_doc
from newsledger.nlp.pipeline import load_pipeline
from newsledger.records import DocumentRecord

PARAGRAPHS = [
    "LISVAR, April 2 (Meridian Wire) - Four people were killed and nine wounded when a drone "
    "struck a fuel depot on the outskirts of Lisvar on Tuesday night, the regional governor "
    "said. Firefighters were still battling the blaze on Wednesday morning.",
    "\"The strike hit the depot as workers were loading tankers for the morning deliveries,\" "
    "Governor Aren Tavash told reporters at the scene. \"These were civilians doing their "
    "jobs.\"",
    "The Velorian Defence Ministry accused Dastan of launching the drone from positions near "
    "the border town of Kharzan, in violation of the ceasefire agreed in March.",
    "Dastan's Foreign Ministry denied any involvement, saying its forces had not fired on "
    "Velorian territory and calling the accusation a provocation.",
    "In a separate incident, two border guards were wounded in an exchange of fire near the "
    "village of Mirdash on Wednesday, the Velorian Defence Ministry said in a statement.",
    "Residents of Mirdash said shelling continued for about an hour. \"We hid in the cellar "
    "with the children,\" said Lena Orvik, a teacher at the village school.",
    "The United Nations mission in the Orlen Valley said it was investigating both incidents "
    "and urged the two governments to return to talks in Lisvar later this month.",
    "Three days earlier, a landmine killed a shepherd near the village of Tesvani, local "
    "officials said. The area was mined during the fighting two years ago.",
]
LONG_TEXT = "\n\n".join(PARAGRAPHS * 3)  # the same names again in later pieces
PIECE = 1500
SHORT = Article(doc_id="short-1", text=PARAGRAPHS[4], path="short.txt",
                published="2024-04-03")


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "CHUNK_CHARS", PIECE)


def long_article() -> Article:
    return Article(doc_id="long-1", text=LONG_TEXT, path="digest.txt", published="2024-04-03")


def records_of(results: list[Built | IngestError]) -> list[DocumentRecord]:
    assert all(isinstance(r, Built) for r in results), results
    return [r.record for r in results if isinstance(r, Built)]


def all_spans(record: DocumentRecord) -> list[tuple[int, int]]:
    spans = [m for e in record.entities for m in e.mentions]
    for s in record.statements:
        spans += [s.content_span, *s.parts, *([s.speaker_span] if s.speaker_span else [])]
    spans += [e for i in record.incidents for e in i.evidence]
    spans += [p.name_span for i in record.incidents for p in i.perpetrators if p.name_span]
    spans += [a.evidence for a in record.accusations]
    spans += [b.evidence for a in record.accusations for b in a.rebuttals]
    spans += [c.evidence for c in record.claims] + [e for v in record.events for e in v.evidence]
    return spans


def test_a_text_over_max_length_is_extracted_between_short_ones(
    small_pieces: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    nlp = load_pipeline()
    monkeypatch.setattr(nlp, "max_length", 2 * PIECE)  # the long text is over it

    short, joined, again = records_of(list(build([SHORT, long_article(), SHORT], nlp)))

    assert (short.id, joined.id, again.id) == ("short-1", "long-1", "short-1")
    assert joined.text == LONG_TEXT
    for start, end in all_spans(joined):
        assert 0 <= start < end <= len(LONG_TEXT)
    for statement in joined.statements:
        if not statement.parts:  # a quote's text is exactly what its span covers
            start, end = statement.content_span
            assert LONG_TEXT[start:end] == statement.text


def test_pieces_join_with_offsets_shifted_and_ids_renumbered(small_pieces: None) -> None:
    nlp = load_pipeline()
    (joined,) = records_of(list(build([long_article()], nlp)))
    pieces = split_text(LONG_TEXT, PIECE)
    assert len(pieces) >= 3

    quoted = {(s.content_span, s.text) for s in joined.statements}
    evidence = {tuple(i.evidence) for i in joined.incidents}
    for start, piece in pieces:  # each piece's own records, moved to where the piece is
        alone = record_from_doc(Article(doc_id="piece", text=piece, published="2024-04-03"),
                                nlp(piece))
        for s in alone.statements:
            assert ((s.content_span[0] + start, s.content_span[1] + start), s.text) in quoted
        for i in alone.incidents:
            assert tuple((a + start, b + start) for a, b in i.evidence) in evidence

    ids = [x.id for kind in ("entities", "statements", "incidents", "accusations", "claims",
                             "events") for x in getattr(joined, kind)]
    assert len(ids) == len(set(ids))
    names = [(e.name, e.type) for e in joined.entities]
    assert len(names) == len(set(names))  # a name in every piece is one entity
    ministry = next(e for e in joined.entities if e.name == "Velorian Defence Ministry")
    assert len(ministry.mentions) == LONG_TEXT.count(ministry.name) == 6
    assert all(LONG_TEXT[a:b] == ministry.name for a, b in ministry.mentions)
    known = set(ids)
    refs = [s.speaker for s in joined.statements] + [c.subject for c in joined.claims]
    refs += [a.incident for a in joined.accusations] + [a.accuser for a in joined.accusations]
    refs += [c for i in joined.incidents for c in i.claims]
    refs += [p.entity for i in joined.incidents for p in i.perpetrators]
    assert {r for r in refs if r is not None} <= known


def test_a_failing_piece_loses_only_its_article(
    small_pieces: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail_on_mirdash(article: Article, doc: object) -> DocumentRecord:
        if "Mirdash" in article.text and len(article.text) > len(SHORT.text):
            raise RuntimeError("extractor bug")
        return record_from_doc(article, doc)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "record_from_doc", fail_on_mirdash)
    jsonl_long = Article(doc_id="long-2", text=LONG_TEXT, path="wire.jsonl", line=7)
    error, after = list(build([jsonl_long, SHORT], load_pipeline()))
    assert isinstance(error, IngestError)
    assert str(error).startswith("wire.jsonl:7: extraction failed at character ")
    assert isinstance(after, Built) and after.record.id == "short-1"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Shelling hit Mirdash.", " ", "\n", "\n\n", "Ravik",
                                 "x" * 40, "Two died. ", "?"]), max_size=80),
       st.integers(min_value=8, max_value=120))
def test_split_text_pieces_join_back_and_fit(parts: list[str], size: int) -> None:
    text = "".join(parts)
    pieces = split_text(text, size)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= size for _, p in pieces)
    assert [s for s, _ in pieces] == [sum(len(p) for _, p in pieces[:i])
                                      for i in range(len(pieces))]
    for start, piece in pieces[:-1]:  # a paragraph break that fits is where a piece ends
        if "\n\n" in text[start + size // 2:start + size]:
            assert piece.endswith("\n\n")


@pytest.mark.slow
def test_a_real_size_long_file_in_a_batch(tmp_path: Path) -> None:
    """1.1 million characters (over spaCy's max_length) between two short files."""
    (tmp_path / "a.txt").write_text(PARAGRAPHS[0], encoding="utf-8")
    (tmp_path / "b_digest.txt").write_text("\n\n".join(PARAGRAPHS * 600)[:1_100_000],
                                           encoding="utf-8")
    (tmp_path / "c.txt").write_text(PARAGRAPHS[4], encoding="utf-8")
    exe = Path(sys.executable).parent / "newsledger"
    done = subprocess.run([str(exe), "extract", str(tmp_path)], capture_output=True, text=True,
                          timeout=1200, check=False)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 3
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb < 1500, f"{peak_mb:.0f} MB"
