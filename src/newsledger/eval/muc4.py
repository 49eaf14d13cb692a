"""MUC-4: which news messages report a terrorist incident, against the answer keys.

MUC-4 keys hold one template per relevant incident; an irrelevant message
has a single template filled with '*'. A message is relevant in the gold
when it has at least one template whose INCIDENT: TYPE is not '*', and
relevant for us when we extract at least one non-aggregate incident. We
score relevant-document precision, recall and F1 over the test sets TST1
and TST2 (both by default, when PATH is the folder; ``--limit`` applies to
each file).

The texts are all-caps FBIS wire copy and are extracted as they are; the
message's dateline date ("SAN SALVADOR, 4 APR 89 (ACAN-EFE) --") is passed
as the publication date so that "yesterday" resolves as it would in news.

Perpetrator organisations (``perpetrator_orgs``): per message, the
organisations of PERP: ORGANIZATION ID over its filled templates (the
alternatives of one filler, "FARABUNDO MARTI NATIONAL LIBERATION FRONT" /
"FMLN", are one organisation) against the distinct perpetrators of our
events, each with its entity's name and mentions. A pair matches when a
gold name equals one of ours, is a whole-word part of it ("FMLN" in "FMLN
URBAN COMMANDOS"), or one of ours is a whole-word part of a gold name and
at least half of it. Pairs are matched one to one; F1 over organisations.
The confidence class is scored over the matched pairs: our status read as a
PERP: ORGANIZATION CONFIDENCE class (``CONFIDENCE``) is correct when it is
one of the gold's classes for that organisation (a filler may list
several). An actor with several statuses takes the most confident one in
MUC's own order: claimed, reported, alleged (by authorities, by others,
possible).
Perpetrators that share a name (the tagger's entity and the acronym rule's, both
"FARC") are one organisation. A state (actor_type "state": "Colombia", "the
Salvadoran side") is a party but no organisation: the keys name its organ
("GOVERNMENT", "ARMY"). So a state perpetrator is an organisation only where
the words that name it (``name_span``) are such an organ ("CRISTIANI'S
GOVERNMENT", "THE SALVADORAN REGIME": a head word of nlp/data/org_heads.txt
typed "state"), under those words alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rich.table import Table

from newsledger.eval.common import PRF, Metric, Score, extract, metric_table
from newsledger.extract.actors import AUTHORITY_TYPES
from newsledger.ingest.article import Article
from newsledger.nlp.lexicons import org_heads
from newsledger.records import DocumentRecord, Entity, Perpetrator

# a state's organ as a head word: "GOVERNMENT", "REGIME" (nlp/data/org_heads.txt)
_ORGAN = re.compile(r"\b(?:" + "|".join(w for w, t in org_heads().items() if t == "state")
                    + r")\b", re.IGNORECASE)
DEFAULT_SPLITS = ("tst1", "tst2")
F1_TARGET = 0.75
PERP_F1_TARGET = 0.60
CONFIDENCE_TARGET = 0.70
# our perpetrator status -> MUC-4 PERP: ORGANIZATION CONFIDENCE; an allegation
# made by an authority (a state, an armed force, a ministry, or a person who
# holds a title) is MUC's "... BY AUTHORITIES"; one no one is named for (a
# hedge, "presumably by X", or a clue, "pamphlets of X") is POSSIBLE.
CONFIDENCE = {"claimed": "CLAIMED OR ADMITTED", "reported": "REPORTED AS FACT",
              "alleged": "SUSPECTED OR ACCUSED"}
BY_AUTHORITIES = "SUSPECTED OR ACCUSED BY AUTHORITIES"
POSSIBLE = "POSSIBLE"
EMPTY = {"*", "-", ""}
MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}
DATELINE = re.compile(r"^\s*[^\n]{0,80}?,\s+(\d{1,2})\s+([A-Z]{3})\s+(\d{2})\b")


@dataclass
class GoldDoc:
    doc_id: str
    split: str
    text: str
    templates: list[dict[str, str]]  # only the filled ones: one per gold incident

    @property
    def relevant(self) -> bool:
        return bool(self.templates)


@dataclass
class GoldOrg:
    names: set[str]  # normalised alternatives
    classes: set[str] = field(default_factory=set)


@dataclass
class PredictedOrg:
    names: set[str]
    confidence: str


def normalise(name: str) -> str:
    """Upper case, no quotes or punctuation, no leading article."""
    words = re.sub(r"[^A-Z0-9]+", " ", name.upper()).split()
    if words and words[0] == "THE":
        words = words[1:]
    return " ".join(words)


def _quoted(value: str) -> list[str]:
    """The quoted fillers of one slot line, '\\"' escapes included."""
    return [normalise(v.replace('\\"', '"')) for v in re.findall(r'"((?:[^"\\]|\\.)*)"', value)]


def gold_orgs(templates: list[dict[str, str]]) -> list[GoldOrg]:
    """The message's perpetrator organisations, merged over its templates, with the
    confidence classes the keys give them."""
    orgs: list[GoldOrg] = []

    def org_for(names: set[str]) -> GoldOrg:
        for org in orgs:
            if org.names & names:
                org.names |= names
                return org
        orgs.append(GoldOrg(set(names)))
        return orgs[-1]

    for template in templates:
        for line in template.get("PERP: ORGANIZATION ID", "-").splitlines():
            names = {n for n in _quoted(line) if n}
            if names:
                org_for(names)
        for line in template.get("PERP: ORGANIZATION CONFIDENCE", "-").splitlines():
            head, _, fillers = line.partition(": \"")
            names = {n for n in _quoted('"' + fillers) if n}
            if names:
                org = org_for(names)
                org.classes |= {c.strip(" ?") for c in head.split(" / ") if c.strip(" ?")}
    return orgs


def _authority(entity: Entity | None) -> bool:
    if entity is None:
        return False
    return entity.actor_type in AUTHORITY_TYPES or (entity.type == "PERSON" and bool(entity.roles))


def confidence(perpetrator: Perpetrator, record: DocumentRecord) -> str:
    """Our status as a MUC-4 confidence class."""
    if perpetrator.status == "alleged":
        if perpetrator.asserted_by is None:
            return POSSIBLE  # a hedge or a clue no one is named for
        asserter = next((e for e in record.entities if e.id == perpetrator.asserted_by), None)
        return BY_AUTHORITIES if _authority(asserter) else CONFIDENCE["alleged"]
    return CONFIDENCE[perpetrator.status]


def predicted_orgs(record: DocumentRecord) -> list[PredictedOrg]:
    """The distinct perpetrators of the record's events, each with every name its
    entity goes by (a state: the words that name its government) and its most
    confident status."""
    found: dict[str, tuple[set[str], list[Perpetrator]]] = {}
    entities = {e.id: e for e in record.entities}
    for incident in record.incidents:
        if incident.aggregate:
            continue
        for p in incident.perpetrators:
            entity = entities.get(p.entity or "")
            if entity is None:
                names = {p.name}
            elif entity.actor_type != "state":
                names = {p.name} | {record.text[a:b] for a, b in entity.mentions}
            elif (organ := _organ(record, p)) is not None:
                names = {organ}
            else:
                continue  # a country is no organisation
            row = found.setdefault(p.entity or p.name, (set(), []))
            row[0].update(n for n in map(normalise, names) if n)
            row[1].append(p)
    merged: list[tuple[set[str], list[Perpetrator]]] = []
    for names, perpetrators in found.values():
        # one actor the tagger and the acronym rule both named ("FARC") counts once
        same = next((m for m in merged if m[0] & names), None)
        if same is None:
            merged.append((names, list(perpetrators)))
        else:
            same[0].update(names)
            same[1].extend(perpetrators)
    return [PredictedOrg(names, _most_confident(perpetrators, record))
            for names, perpetrators in merged]


def _organ(record: DocumentRecord, perpetrator: Perpetrator) -> str | None:
    """The words naming a state perpetrator when they name its government."""
    if perpetrator.name_span is None:
        return None
    words = record.text[perpetrator.name_span[0]:perpetrator.name_span[1]]
    return words if _ORGAN.search(words) else None


def _most_confident(perpetrators: list[Perpetrator], record: DocumentRecord) -> str:
    """MUC's order of confidence: claimed, reported, alleged (by authorities first)."""
    classes = [confidence(p, record) for p in perpetrators]
    order = [CONFIDENCE["claimed"], CONFIDENCE["reported"], BY_AUTHORITIES,
             CONFIDENCE["alleged"], POSSIBLE]
    return min(classes, key=order.index)


def _part_of(part: str, whole: str) -> bool:
    return f" {part} " in f" {whole} "


def org_match(ours: set[str], gold: GoldOrg) -> bool:
    for g in gold.names:
        for p in ours:
            if p == g or _part_of(g, p) or (
                    _part_of(p, g) and 2 * len(p.split()) >= len(g.split())):
                return True
    return False


def perpetrator_scores(outcomes: list[DocOutcome]) -> tuple[PRF, Score]:
    """Organisation F1 and confidence-class accuracy over matched organisations."""
    prf, classes = PRF(), Score()
    for o in outcomes:
        ours = predicted_orgs(o.record)
        for gold in gold_orgs(o.gold.templates):
            hit = next((p for p in ours if org_match(p.names, gold)), None)
            if hit is None:
                prf.fn += 1
                continue
            ours.remove(hit)
            prf.tp += 1
            if gold.classes:
                classes.add(hit.confidence in gold.classes)
        prf.fp += len(ours)
    return prf, classes


@dataclass
class DocOutcome:
    gold: GoldDoc
    record: DocumentRecord

    @property
    def predicted_relevant(self) -> bool:
        return any(not i.aggregate for i in self.record.incidents)


def dateline_date(text: str) -> str | None:
    """ISO date of the message's dateline, None for 'NO DATE' or an odd heading."""
    m = DATELINE.match(text)
    if not m or m.group(2) not in MONTHS:
        return None
    day, month, year = int(m.group(1)), MONTHS[m.group(2)], 1900 + int(m.group(3))
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None


def filled_templates(templates: list[dict[str, str]]) -> list[dict[str, str]]:
    """The templates that describe an incident (an irrelevant message has a '*' one)."""
    return [t for t in templates if t.get("INCIDENT: TYPE", "*").strip() not in EMPTY]


def relevance(outcomes: list[DocOutcome]) -> PRF:
    """Relevant-document counts: a hit is a relevant message where we found an incident."""
    prf = PRF()
    for o in outcomes:
        prf.tp += o.gold.relevant and o.predicted_relevant
        prf.fp += not o.gold.relevant and o.predicted_relevant
        prf.fn += o.gold.relevant and not o.predicted_relevant
    return prf


@dataclass
class MucReport:
    docs: int = 0
    outcomes: list[DocOutcome] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def metrics(self) -> Iterator[Metric]:
        splits = sorted({o.gold.split for o in self.outcomes})
        prf = relevance(self.outcomes)
        relevant = sum(o.gold.relevant for o in self.outcomes)
        yield Metric("relevant docs: precision", prf.precision, prf.tp + prf.fp)
        yield Metric("relevant docs: recall", prf.recall, relevant)
        yield Metric("relevant docs: F1", prf.f1, len(self.outcomes), F1_TARGET)
        if len(splits) > 1:
            for split in splits:
                part = [o for o in self.outcomes if o.gold.split == split]
                yield Metric(f"relevant docs: F1 ({split})", relevance(part).f1, len(part))
        orgs, classes = perpetrator_scores(self.outcomes)
        yield Metric("perpetrator organisation: precision", orgs.precision, orgs.tp + orgs.fp)
        yield Metric("perpetrator organisation: recall", orgs.recall, orgs.tp + orgs.fn)
        yield Metric("perpetrator organisation: F1", orgs.f1, orgs.tp + orgs.fp + orgs.fn,
                     PERP_F1_TARGET)
        yield Metric("perpetrator confidence: accuracy (found)", classes.accuracy,
                     classes.total, CONFIDENCE_TARGET)

    def table(self) -> Table:
        return metric_table(f"MUC-4 ({self.docs} messages)", self.metrics(), self.failed)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return [path / f"muc4_{split}.jsonl" for split in DEFAULT_SPLITS]
    return [path]


def load(path: Path, limit: int | None = None) -> list[GoldDoc]:
    """The messages of each file (the first ``limit`` of each) with their filled templates."""
    docs: list[GoldDoc] = []
    for file in _files(path):
        with file.open(encoding="utf-8") as fh:
            for index, line in enumerate(fh):
                if limit is not None and index >= limit:
                    break
                row = json.loads(line)
                docs.append(GoldDoc(doc_id=row["doc_id"], split=row.get("split") or file.stem,
                                    text=row["text"],
                                    templates=filled_templates(row.get("templates") or [])))
    return docs


def evaluate(path: Path, limit: int | None = None) -> MucReport:
    docs = load(path, limit)
    articles = [Article(doc_id=f"muc4:{d.doc_id}", text=d.text,
                        published=dateline_date(d.text)) for d in docs]
    report = MucReport(docs=len(docs))
    for doc, record in zip(docs, extract(articles, "muc4"), strict=True):
        if isinstance(record, str):
            report.failed.append(record)
        else:
            report.outcomes.append(DocOutcome(doc, record))
    return report
