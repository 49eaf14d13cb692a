"""What ingest hands to the rest of the pipeline: a cleaned article or an error."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One input document after cleaning; every later offset points into `text`."""

    doc_id: str  # "sha256:<hex>" of the input bytes (of the line, for JSONL input)
    text: str
    path: str | None = None
    source_id: str | None = None  # the input's own id (JSONL `id`)
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date
    author: str | None = None
    line: int | None = None  # the JSONL line it came from, for error messages


@dataclass(frozen=True)
class IngestError:
    """A rejected input: reported on one line, the rest of the batch goes on."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"
