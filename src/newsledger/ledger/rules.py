"""The merge settings of data/merge.toml and data/event_families.tsv, read once.

Config over code: weights, thresholds and windows live in the data files, so
a change of policy is a reviewed change of one file, documented in
docs/ledger.md.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newsledger.datafiles import table


@dataclass(frozen=True)
class MergeRules:
    slack_days: int
    undated_window_days: int
    max_key_reports: int
    name_window_days: int
    key_terms: int
    key_term_weight: float
    weights: dict[str, float]
    link: float
    mean_link: float
    identity_names: int
    max_day_gap: int
    max_precise_km: float
    date_scale_days: float
    near_km: float
    far_km: float
    common_zipf: float
    max_terms: int
    lead_chars: int
    cascade_rounds: int


@cache
def merge_rules() -> MergeRules:
    raw = tomllib.loads(resources.files("newsledger.ledger").joinpath(
        "data", "merge.toml").read_text("utf-8"))
    return MergeRules(**raw["blocking"], **raw["score"], **raw["rules"], **raw["text"],
                      **raw["cluster"])


@cache
def type_links() -> dict[frozenset[str], float]:
    """Pairs of different event types that may report one event, with their score."""
    return {frozenset((a, b)): float(score)
            for a, b, score in table("newsledger.ledger", "event_families.tsv")}
