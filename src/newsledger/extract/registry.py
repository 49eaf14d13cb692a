"""A registry of extractors, so the pipeline is named in config, not wired in code.

Like spaCy's registered components: each extractor module registers one
function under a name, and ``ledger/pipeline.toml`` lists the names to run in
order. A new extractor is a new module plus one line of config.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from newsledger.extract.context import Extraction

Extractor = Callable[[Extraction], None]

_REGISTRY: dict[str, Extractor] = {}


def extractor(name: str) -> Callable[[Extractor], Extractor]:
    """Register ``func`` as the extractor called ``name``."""

    def register(func: Extractor) -> Extractor:
        if name in _REGISTRY and _REGISTRY[name] is not func:
            raise ValueError(f"extractor {name!r} is registered twice")
        _REGISTRY[name] = func
        return func

    return register


def get_extractor(name: str) -> Extractor:
    """The extractor registered as ``name``; modules are imported on first use."""
    if name not in _REGISTRY:
        try:
            import_module(f"newsledger.extract.{name}")
        except ModuleNotFoundError as err:
            raise KeyError(f"no extractor named {name!r}") from err
    if name not in _REGISTRY:
        raise KeyError(f"no extractor named {name!r}")
    return _REGISTRY[name]
