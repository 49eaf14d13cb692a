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


@dataclass
class _Between:
    """What two clusters know of each other: their compared pairs' scores, and
    whether a person or a hard rule keeps some pair of them apart."""

    score_sum: float = 0.0
    compared: int = 0
    split: bool = False  # a person's split
    vetoed: bool = False  # a hard rule no person overrode

    def add(self, other: _Between) -> _Between:
        return _Between(self.score_sum + other.score_sum, self.compared + other.compared,
                        self.split or other.split, self.vetoed or other.vetoed)

    @property
    def mean(self) -> float:
        return self.score_sum / self.compared if self.compared else 0.0


def cluster(members: Iterable[ReportKey], edges: dict[Pair, Edge],
            vetoed: Callable[[ReportKey, ReportKey], bool],
            decisions: Iterable[Decision] = ()) -> list[Cluster]:
    """The incidents among ``members``, each with the joins that made it.

    Average linkage kept as sums between clusters (merged on each join, as
    hierarchical clustering does), so a join costs the clusters it touches,
    not the product of their sizes.
    """
    rules = merge_rules()
    human = _latest(decisions)
    keys = sorted(set(members))
    owner = {key: index for index, key in enumerate(keys)}
    groups = {index: Cluster([key]) for index, key in enumerate(keys)}
    between: dict[int, dict[int, _Between]] = {index: {} for index in groups}
    for i, a in enumerate(keys):
        for j in range(i + 1, len(keys)):
            b = keys[j]
            said, edge = human.get((a, b)), edges.get((a, b))
            found = _Between(edge.score if edge else 0.0, 1 if edge else 0, said == "split",
                             said != "merge" and vetoed(a, b))
            if edge is not None or found.split or found.vetoed:
                between[i][j] = between[j][i] = found

    def join(a: ReportKey, b: ReportKey, why: str) -> None:
        keep, gone = sorted((owner[a], owner[b]))
        into, other = groups[keep], groups.pop(gone)
        into.members += other.members
        into.joins += [*other.joins, (a, b, why)]
        for key in other.members:
            owner[key] = keep
        between[keep].pop(gone, None)
        for third, known in between.pop(gone).items():
            if third == keep:
                continue
            del between[third][gone]
            merged = between[keep].get(third, _Between()).add(known)
            between[keep][third] = between[third][keep] = merged

    def apart(a: ReportKey, b: ReportKey) -> _Between:
        return between[owner[a]].get(owner[b], _Between())

    for (a, b), kind in human.items():
        if kind == "merge" and a in owner and b in owner and owner[a] != owner[b] \
                and not apart(a, b).split:
            join(a, b, "decision")
    ranked = sorted(((e.score, p) for p, e in edges.items() if e.linked),
                    key=lambda item: (-item[0], item[1]))
    for _, (a, b) in ranked:
        if a not in owner or b not in owner or owner[a] == owner[b]:
            continue
        known = apart(a, b)
        if known.split or known.vetoed:
            continue
        if not edges[a, b].forced and known.mean < rules.mean_link:
            continue
        join(a, b, "rule" if edges[a, b].forced else "score")
    return sorted(groups.values(), key=lambda c: min(c.members))
