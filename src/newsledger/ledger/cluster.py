"""From scored pairs to incidents: constrained agglomeration, order-free.

Within one connected group of linked reports, pairs are taken best first
(score, then the reports' keys, so ties are broken the same way every time)
and two clusters join through a pair only when no hard rule forbids any of
their cross pairs and the mean score of the cross pairs that were compared
is at least ``mean_link`` (a chain of single links must not join reports that
disagree). A person's decisions come first: "merge" joins two reports
whatever the machine says, "split" keeps them apart; for one pair the latest
decision counts.

The result depends only on the reports, their scores and the decisions, never
on the order the reports arrived in: that is what lets the ledger recluster
one group incrementally and still equal a rebuild from scratch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from newsledger.ledger.rules import merge_rules
from newsledger.ledger.signature import ReportKey

Pair = tuple[ReportKey, ReportKey]


def pair(a: ReportKey, b: ReportKey) -> Pair:
    """The pair in canonical order, so (a, b) and (b, a) are one key."""
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True)
class Edge:
    """A scored pair as clustering needs it."""

    score: float
    linked: bool  # score at or above the link threshold, or forced by a rule
    forced: bool = False  # a rule (ACLED's same event) links it whatever the mean


@dataclass(frozen=True)
class Decision:
    kind: str  # merge | split
    a: ReportKey
    b: ReportKey


@dataclass
class Cluster:
    members: list[ReportKey]
    # the pairs that joined it, as (a, b, why): a spanning tree of the cluster
    joins: list[tuple[ReportKey, ReportKey, str]] = field(default_factory=list)


def _latest(decisions: Iterable[Decision]) -> dict[Pair, str]:
    found: dict[Pair, str] = {}
    for d in decisions:  # in the order they were made: the latest wins
        found[pair(d.a, d.b)] = d.kind
    return found


def cluster(members: Iterable[ReportKey], edges: dict[Pair, Edge],
            vetoed: Callable[[ReportKey, ReportKey], bool],
            decisions: Iterable[Decision] = ()) -> list[Cluster]:
    """The incidents among ``members``, each with the joins that made it."""
    rules = merge_rules()
    human = _latest(decisions)
    owner: dict[ReportKey, int] = {}
    groups: dict[int, Cluster] = {}
    for index, key in enumerate(sorted(set(members))):
        owner[key] = index
        groups[index] = Cluster([key])

    def kept_apart(x: Cluster, y: Cluster, check_machine: bool) -> bool:
        for a in x.members:
            for b in y.members:
                said = human.get(pair(a, b))
                if said == "split":
                    return True
                if check_machine and said != "merge" and vetoed(a, b):
                    return True
        return False

    def mean_score(x: Cluster, y: Cluster) -> float:
        scores = [e.score for a in x.members for b in y.members
                  if (e := edges.get(pair(a, b))) is not None]
        return sum(scores) / len(scores) if scores else 0.0

    def join(a: ReportKey, b: ReportKey, why: str) -> None:
        keep, gone = sorted((owner[a], owner[b]))
        into, other = groups[keep], groups.pop(gone)
        into.members += other.members
        into.joins += [*other.joins, (a, b, why)]
        for key in other.members:
            owner[key] = keep

    for (a, b), kind in human.items():
        if kind == "merge" and a in owner and b in owner and owner[a] != owner[b] \
                and not kept_apart(groups[owner[a]], groups[owner[b]], check_machine=False):
            join(a, b, "decision")
    ranked = sorted(((e.score, p) for p, e in edges.items() if e.linked),
                    key=lambda item: (-item[0], item[1]))
    for _, (a, b) in ranked:
        if a not in owner or b not in owner or owner[a] == owner[b]:
            continue
        x, y, edge = groups[owner[a]], groups[owner[b]], edges[a, b]
        if kept_apart(x, y, check_machine=True):
            continue
        if not edge.forced and mean_score(x, y) < rules.mean_link:
            continue
        join(a, b, "rule" if edge.forced else "score")
    return sorted(groups.values(), key=lambda c: min(c.members))
