"""The nlp package's shared lexicons: demonyms and organisation head words."""

from __future__ import annotations

from functools import cache

from newsledger.datafiles import table


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
