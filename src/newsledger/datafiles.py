"""Readers for the word lists and tables in each package's ``data/`` folder.

Lexicons, patterns and gazetteer rules are data files so they can be extended
without touching code: ``#`` starts a comment line, blank lines are ignored,
TSV files split on tabs. One reader serves every package.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _lines(package: str, name: str) -> list[str]:
    text = resources.files(package).joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@cache
def word_list(package: str, name: str) -> tuple[str, ...]:
    """A one-item-per-line list from ``<package>/data/<name>``."""
    return tuple(_lines(package, name))


@cache
def table(package: str, name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated file from ``<package>/data/<name>``."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _lines(package, name))
