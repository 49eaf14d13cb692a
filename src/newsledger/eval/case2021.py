"""CASE 2021 Task 2: fine-grained event sub-type of short snippets.

Each snippet has one gold code: 25 are ACLED's sub-types under short names
(REM_EXPLOS = remote explosive/landmine/IED), five more (disasters,
diplomacy, organised crime, attribution) are outside ACLED's taxonomy. We
extract each snippet and score what it tells first (``predicted_code``):
the main incident's ACLED sub-type, or the kind of an event outside the
conflict taxonomy (a disaster, organised crime, diplomacy: the record's
``events``), mapped to a code with ``data/case2021_map.tsv``. ATTRIB
(attribution: the snippet's point is who did it) is an incident whose
perpetrator claimed it, or an accusation told no later than the snippet's
event. A snippet where we find none of these, or whose sub-type has no
code, counts as wrong. Accuracy is given over all
snippets (the issue's figure) and over the ACLED-derived codes only, with
per-class errors, so the misses point at the triggers to work on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import get_args

from rich.table import Table

from newsledger.eval.common import (
    Metric,
    Score,
    csv_rows,
    extract,
    main_incident,
    metric_table,
)
from newsledger.ingest.article import Article
from newsledger.records import DocumentRecord, EventKind, Incident

FILE_NAME = "case2021_task2_test_with_labels.csv"
ACCURACY_TARGET = 0.70
ATTRIBUTION = "ATTRIB"
NO_INCIDENT = "(no incident)"
NO_SUBTYPE = "(no sub-type)"
SHOWN_CLASSES = 12  # classes in the error table, most errors first
SHOWN_CONFUSIONS = 3  # wrong answers shown per class


@cache
def subtype_codes() -> dict[str, str]:
    """ACLED sub-type name -> CASE code, from the package's data file."""
    text = files("newsledger.eval").joinpath("data", "case2021_map.tsv").read_text("utf-8")
    mapping: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            subtype, code = line.split("\t")
            mapping[subtype.strip()] = code.strip()
    return mapping


def predicted_code(record: DocumentRecord) -> str:
    """Our CASE code for a snippet, or a bracketed reason why there is none.

    The snippet's event is what it tells first: its first accusation, its
    first event outside the conflict taxonomy, or its main incident (on a tie,
    in that order: an accusation is about the incident in its sentence).
    """
    incident = main_incident(record)
    told: list[tuple[int, int, str]] = []  # (start, tie order, code)
    if record.accusations:
        told.append((record.accusations[0].evidence[0], 0, ATTRIBUTION))
    if record.events:
        event = record.events[0]
        told.append((event.evidence[0][0], 1, subtype_codes()[event.kind]))
    if incident is not None:
        told.append((start(incident), 2, incident_code(incident)))
    return min(told)[2] if told else NO_INCIDENT


def incident_code(incident: Incident) -> str:
    """An incident its perpetrator claimed is told for the claim (ATTRIB);
    otherwise its sub-type's code."""
    if any(p.status == "claimed" for p in incident.perpetrators):
        return ATTRIBUTION
    if incident.subtype is None:
        return NO_SUBTYPE
    return subtype_codes().get(incident.subtype, f"(unmapped: {incident.subtype})")


def start(incident: Incident) -> int:
    """Where the incident is first told (its evidence spans are in text order)."""
    return incident.evidence[0][0] if incident.evidence else 0


@dataclass
class CaseReport:
    rows: int = 0
    pairs: list[tuple[str, str, str]] = field(default_factory=list)  # (id, gold, predicted)
    failed: list[str] = field(default_factory=list)

    def metrics(self) -> Iterator[Metric]:
        unseen = {subtype_codes()[kind] for kind in get_args(EventKind)} | {ATTRIBUTION}
        overall, in_taxonomy = Score(), Score()
        for _, gold, guess in self.pairs:
            overall.add(gold == guess)
            if gold not in unseen:
                in_taxonomy.add(gold == guess)
        yield Metric("accuracy: all snippets", overall.accuracy, overall.total,
                     ACCURACY_TARGET)
        yield Metric("accuracy: ACLED-derived codes", in_taxonomy.accuracy, in_taxonomy.total)
        none = sum(guess == NO_INCIDENT for _, _, guess in self.pairs)
        yield Metric("share with no incident or event found", none / len(self.pairs) if self.pairs
                     else 0.0, len(self.pairs))

    def confusions(self) -> Table:
        """Per gold class: how often right, and the commonest wrong answers."""
        totals = Counter(gold for _, gold, _ in self.pairs)
        wrong: dict[str, Counter[str]] = {}
        for _, gold, guess in self.pairs:
            if gold != guess:
                wrong.setdefault(gold, Counter())[guess] += 1
        table = Table(title="top errors by gold class")
        for column in ("gold", "n", "accuracy", "commonest wrong answers"):
            table.add_column(column)
        ranked = sorted(wrong, key=lambda g: (-sum(wrong[g].values()), g))[:SHOWN_CLASSES]
        for gold in ranked:
            errors = sum(wrong[gold].values())
            answers = ", ".join(f"{guess} {count}"
                                for guess, count in wrong[gold].most_common(SHOWN_CONFUSIONS))
            table.add_row(gold, str(totals[gold]), f"{1 - errors / totals[gold]:.3f}", answers)
        return table

    def table(self) -> Table:
        grid = Table.grid()
        grid.add_row(metric_table(f"CASE 2021 task 2 ({self.rows} snippets)", self.metrics(),
                                  self.failed, value_header="value"))
        grid.add_row(self.confusions())
        return grid


def evaluate(path: Path, limit: int | None = None) -> CaseReport:
    rows = list(csv_rows(path, FILE_NAME, limit))
    articles = [Article(doc_id=f"case2021:{row['id']}", text=row["EventSnippet"])
                for row in rows]
    report = CaseReport(rows=len(rows))
    for row, record in zip(rows, extract(articles, "case2021"), strict=True):
        if isinstance(record, str):
            report.failed.append(record)
        else:
            report.pairs.append((row["id"], row["SubType"].strip(), predicted_code(record)))
    return report
