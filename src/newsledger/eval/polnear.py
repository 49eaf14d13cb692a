"""PolNeAR: statements against PARC-style attribution annotations.

Each gold attribution has a content, a cue and a source, every role a list
of character spans (discontinuous spans happen) into the article text. We
extract every article and compare our statements with them, separately for
direct attributions (the gold content holds a quotation mark: “ ” or ")
and indirect ones (all others), since the two are found by different code.

- Content: a statement matches a gold attribution when its content (the
  parts of an interrupted statement, else its content span) covers at least
  half of the characters of the gold content (the union of its spans).
  Matching is one-to-one and as large as possible (a maximum bipartite
  matching), candidates tried best coverage first. Precision counts our
  statements by our own ``kind``; recall counts the gold by the quote-mark
  rule, so a class row shows two true-positive counts.
- Cue accuracy, over matched pairs whose gold has a cue: our cue equals the
  gold cue text (case-insensitive, whitespace collapsed), or our cue overlaps
  a gold cue span. Statements keep the cue as text only, so it is placed at
  its whole-word occurrence nearest to our content span, outside the content
  when such an occurrence exists (a quote may itself contain "said").
- Speaker accuracy, over matched pairs whose gold has a source: our speaker
  span overlaps a gold source span. "Speaker name" accuracy is the looser
  check that the entity we resolved is the one the gold names, however it
  is written: our speaker name and the gold source text, as lower-cased word
  sequences, are equal or one holds the other ("Trump" / "Donald Trump").

Pair-level scores (cue, speaker) are filed under the gold class. A few
articles have several annotators; the first line of each article is scored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.progress import track
from rich.table import Table

from newsledger.eval.common import Score
from newsledger.ingest.article import Article
from newsledger.ledger.build import build_records
from newsledger.records import DocumentRecord, Span, Statement

FILE_NAME = "polnear_dev.jsonl"
QUOTE_MARKS = "“”\""
CLASSES = ("direct", "indirect")
MIN_COVERAGE = 0.5


@dataclass(frozen=True)
class Gold:
    """One gold attribution, reduced to what the scores look at."""

    content: tuple[Span, ...]
    direct: bool = False
    cue: tuple[Span, ...] = ()
    cue_text: str | None = None
    source: tuple[Span, ...] = ()
    source_text: str | None = None

    @property
    def kind(self) -> str:
        return "direct" if self.direct else "indirect"


def is_direct(content: str) -> bool:
    """The corpus does not say which attributions quote; a quote mark in the content does."""
    return any(mark in content for mark in QUOTE_MARKS)


def gold_from(attribution: dict[str, Any]) -> Gold | None:
    """A gold attribution from a corpus line; None without a content to match."""
    def spans(role: dict[str, Any] | None) -> tuple[Span, ...]:
        return tuple((int(s), int(e)) for s, e in role["spans"]) if role else ()

    content, cue, source = (attribution.get(k) for k in ("content", "cue", "source"))
    if not content or not content.get("spans"):
        return None
    return Gold(content=spans(content), direct=is_direct(content["text"]), cue=spans(cue),
                cue_text=cue["text"] if cue else None, source=spans(source),
                source_text=source["text"] if source else None)


def merged(spans: Sequence[Span]) -> list[Span]:
    """Sorted, non-overlapping spans, so no character is counted twice."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        elif end > start:
            out.append((start, end))
    return out


def covered(spans: Sequence[Span], gold: Sequence[Span]) -> int:
    """Characters of ``gold`` (their union) that ``spans`` (their union) cover."""
    return sum(max(0, min(e, ge) - max(s, gs)) for s, e in merged(spans) for gs, ge in merged(gold))


def overlaps(span: Span, spans: Sequence[Span]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def match(predicted: Sequence[Sequence[Span]],
          gold: Sequence[Sequence[Span]]) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs: as many as possible.

    A pair qualifies when the prediction covers at least half of the gold's
    characters. A maximum bipartite matching (augmenting paths) is taken, so a
    long statement that qualifies for two gold contents never costs the other
    one its match; candidates are tried best coverage first, which decides
    between equally large matchings.
    """
    options: dict[int, list[int]] = {}
    for j, spans in enumerate(gold):
        size = sum(e - s for s, e in merged(spans))
        ranked = []
        for i, parts in enumerate(predicted):
            hit = covered(parts, spans)
            if size and hit / size >= MIN_COVERAGE:
                ranked.append((-hit / size, -hit, parts[-1][1] - parts[0][0], i))
        options[j] = [i for *_, i in sorted(ranked)]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(j: int, seen: set[int]) -> bool:
        for i in options[j]:
            if i not in seen:
                seen.add(i)
                if i not in owner or augment(owner[i], seen):
                    owner[i] = j
                    return True
        return False

    for j in sorted(options, key=lambda j: len(options[j])):
        augment(j, set())
    return sorted(owner.items())


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def cue_span(text: str, cue: str, content: Span) -> Span | None:
    """Where our cue text sits: its whole-word occurrence nearest the content span,
    one outside the content first (a quote may itself contain "said")."""
    best: tuple[bool, int, Span] | None = None
    pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, cue.split())) + r"(?!\w)"
    for found in re.finditer(pattern, text, re.IGNORECASE):
        start, end = found.span()
        inside = start < content[1] and content[0] < end
        distance = max(content[0] - end, start - content[1], 0)
        key = (inside, distance, (start, end))
        if best is None or key < best:
            best = key
    return best[2] if best else None


def cue_correct(text: str, statement: Statement, gold: Gold) -> bool:
    if not statement.cue or not statement.cue.strip():
        return False
    if gold.cue_text and _norm(statement.cue) == _norm(gold.cue_text):
        return True
    span = cue_span(text, statement.cue, statement.content_span)
    return span is not None and overlaps(span, gold.cue)


def speaker_correct(statement: Statement, gold: Gold) -> bool:
    return statement.speaker_span is not None and overlaps(statement.speaker_span, gold.source)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", re.sub(r"['’]s\b", "", text.casefold()))


def _holds(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return n > 0 and any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def speaker_name_correct(statement: Statement, gold: Gold) -> bool:
    """Word-sequence containment either way, so "he" never matches "Stephen"."""
    if not statement.speaker_name or not gold.source_text:
        return False
    ours, theirs = _words(statement.speaker_name), _words(gold.source_text)
    return _holds(ours, theirs) or _holds(theirs, ours)


@dataclass
class ClassScore:
    """Counts for one class of statements (direct, indirect or all)."""

    predicted: int = 0  # our statements of this kind
    gold: int = 0  # gold attributions of this class
    tp_predicted: int = 0  # our statements of this kind that matched
    tp_gold: int = 0  # gold attributions of this class that were matched
    cue: Score = field(default_factory=Score)
    speaker: Score = field(default_factory=Score)
    speaker_name: Score = field(default_factory=Score)

    @property
    def precision(self) -> float:
        return self.tp_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class PolnearReport:
    documents: int = 0
    classes: dict[str, ClassScore] = field(
        default_factory=lambda: {name: ClassScore() for name in (*CLASSES, "all")})
    no_content: int = 0  # gold attributions skipped: nothing to match
    failed: list[str] = field(default_factory=list)  # documents whose extraction failed

    def table(self) -> Table:
        caption = [f"{len(self.failed)} documents failed to extract"]
        if self.no_content:
            caption.append(f"{self.no_content} gold attributions without content skipped")
        caption.append("direct = gold content holds a quote mark; precision by our kind; "
                       "cue and speaker over matched pairs (n)")
        table = Table(title=f"PolNeAR ({self.documents} documents)",
                      caption="; ".join(caption))
        for column in ("class", "precision", "recall", "F1", "tp/predicted", "tp/gold",
                       "cue", "speaker", "speaker name"):
            table.add_column(column, no_wrap=True)
        for name, s in self.classes.items():
            table.add_row(name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                          f"{s.tp_predicted}/{s.predicted}", f"{s.tp_gold}/{s.gold}",
                          *(f"{score.accuracy:.3f} ({score.total})"
                            for score in (s.cue, s.speaker, s.speaker_name)))
        return table


def score_document(report: PolnearReport, text: str, statements: Sequence[Statement],
                   golds: Sequence[Gold]) -> list[tuple[int, int]]:
    """Add one document's counts to ``report``; the pairs are returned for error analysis."""
    pairs = match([s.parts or [s.content_span] for s in statements], [g.content for g in golds])
    everything = report.classes["all"]
    for statement in statements:
        report.classes[statement.kind].predicted += 1
        everything.predicted += 1
    for gold in golds:
        report.classes[gold.kind].gold += 1
        everything.gold += 1
    for i, j in pairs:
        statement, gold = statements[i], golds[j]
        report.classes[statement.kind].tp_predicted += 1
        everything.tp_predicted += 1
        for scores in (report.classes[gold.kind], everything):
            scores.tp_gold += 1
            if gold.cue:
                scores.cue.add(cue_correct(text, statement, gold))
            if gold.source:
                scores.speaker.add(speaker_correct(statement, gold))
                scores.speaker_name.add(speaker_name_correct(statement, gold))
    return pairs


def read_documents(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Corpus lines, one per article (its first annotator); a folder means the dev split."""
    jsonl = path / FILE_NAME if path.is_dir() else path
    seen: set[str] = set()
    with jsonl.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            if row["doc_id"] in seen:
                continue
            if limit is not None and len(seen) >= limit:
                return
            seen.add(row["doc_id"])
            yield row


def golds_of(row: dict[str, Any]) -> tuple[list[Gold], int]:
    """A line's gold attributions, and how many had no content to score."""
    golds = [gold_from(a) for a in row["attributions"]]
    return [g for g in golds if g is not None], sum(g is None for g in golds)


def evaluate(path: Path, limit: int | None = None) -> PolnearReport:
    rows = list(read_documents(path, limit))
    articles = [Article(doc_id=f"polnear:{row['doc_id']}", text=row["text"],
                        published=row.get("publication_date") or None,
                        title=row.get("title")) for row in rows]
    report = PolnearReport(documents=len(rows))
    records = build_records(articles)  # all at once, so spaCy batches
    for row, record in track(zip(rows, records, strict=True), total=len(rows),
                             description="polnear", transient=True):
        if not isinstance(record, DocumentRecord):
            report.failed.append(str(record))
            continue
        golds, skipped = golds_of(row)
        report.no_content += skipped
        score_document(report, row["text"], record.statements, golds)
    return report
