"""Readers for the word lists in ``data/`` folders: one loader, many lists.

Lists are data files so that linguists can extend them without touching code:
``#`` starts a comment, blank lines are ignored, TSV files split on tabs.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _lines(package: str, name: str) -> list[str]:
    text = resources.files(package).joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        line = line.rstrip("\n")
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append(line.strip())
    return rows


@cache
def word_list(package: str, name: str) -> tuple[str, ...]:
    """A one-item-per-line list from ``<package>/data/<name>``."""
    return tuple(_lines(package, name))


@cache
def table(package: str, name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated file from ``<package>/data/<name>``."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _lines(package, name))


@cache
def demonyms() -> dict[str, tuple[str, str]]:
    """Lower-cased demonym or plural -> (ISO alpha-2, country name)."""
    out: dict[str, tuple[str, str]] = {}
    for adjective, plural, code, country in table("newsledger.nlp", "demonyms.tsv"):
        out[adjective.lower()] = (code, country)
        out[plural.lower()] = (code, country)
    return out


@cache
def org_heads() -> dict[str, str]:
    """Organisation head word -> actor type ("Ministry" -> "ministry")."""
    return {word: actor for word, actor in table("newsledger.nlp", "org_heads.txt")}
