"""Engines whose schema is always current: ``connect`` migrates on first use.

Alembic is configured in code (no ``alembic.ini``), so migrations run from an
installed package. To write the next revision, autogenerate it against a
database at head and review it::

    from alembic import command
    from newsledger.store.db import alembic_config, connect

    with connect("sqlite:///dev.db").begin() as conn:
        command.revision(alembic_config(conn), autogenerate=True,
                         rev_id="0002", message="what changed")
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError, OperationalError

MIGRATIONS = Path(__file__).with_name("migrations")
# The repository relies on INSERT … ON CONFLICT, which only these two share.
SUPPORTED_BACKENDS = ("sqlite", "postgresql")

# Key of the PostgreSQL advisory lock that serialises concurrent upgrades
# (several web workers starting at once); any constant unique to the app.
_PG_MIGRATION_LOCK = 0x6E6C6467
# How long a SQLite writer waits for another one (another ingest, the API's
# POST) before "database is locked".
SQLITE_BUSY_SECONDS = 60
# PostgreSQL's codes for "try again": serialization failure, deadlock.
_PG_RETRY_CODES = ("40001", "40P01")
_RETRIES = 5

T = TypeVar("T")


def alembic_config(connection: Connection) -> Config:
    """An Alembic config pointing at the packaged migrations, bound to ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def connect(url: str) -> Engine:
    """Create an engine for ``url`` and upgrade its schema to the latest revision.

    A plain ``postgresql://`` URL uses psycopg 3 (psycopg2 is not a dependency).
    A SQLite file and its folder are created if missing.
    """
    sa_url = make_url(url)
    backend = sa_url.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise ValueError(f"unsupported database {backend!r}: use SQLite or PostgreSQL")
    if sa_url.drivername == "postgresql":
        sa_url = sa_url.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and sa_url.database not in (None, "", ":memory:"):
        Path(sa_url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(sa_url, **(
        {"connect_args": {"timeout": SQLITE_BUSY_SECONDS}} if backend == "sqlite" else {}))
    if backend == "sqlite":
        _configure_sqlite(engine)
    retry_busy(lambda: upgrade(engine))  # another process may be opening it too
    return engine


def upgrade(engine: Engine) -> None:
    """Run ``alembic upgrade head`` in one transaction on ``engine``, holding the
    database's write lock from the start: two processes opening a new database
    at once take turns, and the second finds the schema at head."""
    with engine.connect() as conn:
        conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                             {"key": _PG_MIGRATION_LOCK})
            command.upgrade(alembic_config(conn), "head")


def retry_busy(write: Callable[[], T]) -> T:
    """``write()`` (one whole transaction), run again while the database says to
    retry: SQLite still locked after its busy timeout, a PostgreSQL deadlock or
    serialization failure. Each try rolled back entirely, so retrying is safe."""
    for attempt in range(_RETRIES - 1):
        try:
            return write()
        except OperationalError as error:
            if not _retryable(error):
                raise
            time.sleep(0.1 * 2**attempt)
    return write()


def _retryable(error: OperationalError) -> bool:
    code = getattr(error.orig, "sqlstate", None)
    return code in _PG_RETRY_CODES or "database is locked" in str(error.orig)


def describe(error: Exception) -> str:
    """A database error in one line: the driver's message, without the SQL statement,
    its parameters and SQLAlchemy's help link."""
    message = str(error.orig) if isinstance(error, DBAPIError) else str(error)
    return message.strip().splitlines()[0] if message.strip() else type(error).__name__


def _configure_sqlite(engine: Engine) -> None:
    """Enforce foreign keys, use WAL, and make transactions (DDL included) real.

    pysqlite by default neither enforces foreign keys (so ON DELETE CASCADE
    would do nothing) nor wraps DDL in the transaction, which would leave a
    half-created schema behind if a migration failed. Taking over BEGIN is the
    recipe from the SQLAlchemy SQLite dialect docs.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE (migrations) takes the write lock at once, waiting out the busy
        # timeout; a deferred read that later writes could not wait for it.
        conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('sqlite_begin', '')}")
