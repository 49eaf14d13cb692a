"""Storage: the ledger as SQL tables on SQLite or PostgreSQL, migrated by Alembic."""

from newsledger.store.db import connect
from newsledger.store.repository import (
    DocumentSummary,
    IncidentRow,
    count_documents,
    get_document,
    iter_documents,
    list_documents,
    list_incidents,
    save_document,
)

__all__ = [
    "DocumentSummary",
    "IncidentRow",
    "connect",
    "count_documents",
    "get_document",
    "iter_documents",
    "list_documents",
    "list_incidents",
    "save_document",
]
