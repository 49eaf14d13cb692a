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

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text

MIGRATIONS = Path(__file__).with_name("migrations")
# The repository relies on INSERT … ON CONFLICT, which only these two share.
SUPPORTED_BACKENDS = ("sqlite", "postgresql")

# Key of the PostgreSQL advisory lock that serialises concurrent upgrades
# (several web workers starting at once); any constant unique to the app.
_PG_MIGRATION_LOCK = 0x6E6C6467


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
    engine = create_engine(sa_url)
    if backend == "sqlite":
        _configure_sqlite(engine)
    upgrade(engine)
    return engine


def upgrade(engine: Engine) -> None:
    """Run ``alembic upgrade head`` in one transaction on ``engine``."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        command.upgrade(alembic_config(conn), "head")


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
        conn.exec_driver_sql("BEGIN")
