"""Shared pytest fixtures."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

# --- PostgreSQL ----------------------------------------------------------------
# A real server for tests marked `postgres`: $NEWSLEDGER_TEST_PG_URL if set,
# else a throwaway cluster started from the local PostgreSQL binaries. Without
# them the tests are skipped, unless NEWSLEDGER_REQUIRE_PG=1 (CI) makes that fail.


def _pg_bindir() -> Path | None:
    """The newest PostgreSQL bin folder; Debian keeps initdb off the PATH."""
    if found := shutil.which("initdb"):
        return Path(found).parent
    candidates = Path("/usr/lib/postgresql").glob("*/bin/initdb")
    versions = sorted(candidates, key=lambda p: [int(x) for x in p.parts[-3].split(".")])
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_cluster(tmp: Path) -> tuple[str, list[str]]:
    """Start a trust-auth cluster in ``tmp``; return its URL and the stop command.

    initdb refuses to run as root, so as root the server runs as the
    ``postgres`` system user, which must own ``tmp``.
    """
    bindir = _pg_bindir()
    if bindir is None:
        raise RuntimeError("no initdb found on PATH or in /usr/lib/postgresql/*/bin")
    as_user: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")  # KeyError: no such user
        os.chown(tmp, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = tmp / "data", _free_port()

    def run(*cmd: str | Path) -> None:
        subprocess.run([*as_user, *map(str, cmd)], cwd=tmp, check=True,
                       capture_output=True, text=True, timeout=60)

    run(bindir / "initdb", "-D", data, "-A", "trust", "-U", "postgres",
        "-E", "UTF8", "--locale=C", "--no-sync")
    # Durability is pointless for a throwaway cluster and costs seconds.
    options = (f"-h 127.0.0.1 -p {port} -k {tmp} -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")
    run(bindir / "pg_ctl", "-D", data, "-l", tmp / "server.log", "-o", options, "-w", "start")
    stop = [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a PostgreSQL server the tests may create databases on."""
    if url := os.environ.get("NEWSLEDGER_TEST_PG_URL"):
        yield url
        return
    tmp = Path(tempfile.mkdtemp(prefix="newsledger-pg-"))
    try:
        url, stop = _start_cluster(tmp)
    except (OSError, KeyError, RuntimeError, subprocess.SubprocessError) as exc:
        log = tmp / "server.log"
        detail = getattr(exc, "stderr", None) or exc
        if log.exists():
            detail = f"{detail}\n{log.read_text()[-2000:]}"
        shutil.rmtree(tmp, ignore_errors=True)
        reason = f"cannot start a PostgreSQL server: {detail}"
        if os.environ.get("NEWSLEDGER_REQUIRE_PG") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield url
    finally:
        subprocess.run(stop, cwd=tmp, capture_output=True, timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def fresh_postgres_database(postgres_url: str) -> Iterator[Callable[[], str]]:
    """Makes empty databases on the test server (URL each); all dropped afterwards."""
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make() -> str:
        made.append(f"test_{uuid.uuid4().hex}")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{made[-1]}"'))
        return admin.url.set(database=made[-1]).render_as_string(hide_password=False)

    try:
        yield make
    finally:
        with admin.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    yield request.getfixturevalue("fresh_postgres_database")()
