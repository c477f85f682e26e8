"""Shared fixtures: real temporary SQLite files, real PostgreSQL databases and the real `palata`
command.

`db` is an empty store in a temporary SQLite file. Where a test module or folder says
`db = both_backends` (tests/models/, tests/importers/), its `db` is parametrised over both
backends: SQLite always, PostgreSQL when PALATA_TEST_PG names a server (an admin URL such as
postgresql://postgres@127.0.0.1:5432/test: each test process creates its own
`palata_test_<random>` database there, empties it between tests and drops it at the end).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from models.db import close_database, open_database

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tui" / "sample" / "palata_sample.xlsx"


@pytest.fixture(autouse=True)
def private_config(tmp_path_factory, monkeypatch) -> Path:
    """Each test's own config folder (XDG_CONFIG_HOME, which platformdirs reads): what a test
    remembers (theme, language, sort) never reaches the person running the tests or another test."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


@pytest.fixture
def as_user():
    """Record changes as the given name in this process, as if that OS account ran the tests
    (`models.store.set_user`; no variable can do this for the real command); the OS account
    again afterwards."""
    from models import store

    yield store.set_user
    store.set_user(None)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "palata.db"


@pytest.fixture
def sqlite_db(db_path: Path):
    """An opened, migrated, empty store in a temporary file."""
    database = open_database(db_path)
    yield database
    close_database()


@pytest.fixture
def db(sqlite_db):
    """The SQLite store, unless the test's folder or module says `db = both_backends`."""
    return sqlite_db


PG_ENV = "PALATA_TEST_PG"
PG_SKIP = f"PostgreSQL tests need {PG_ENV}=postgresql://user@host:port/admin_db (unset here)"


class PgServer:
    """The admin URL of the test server and a connection to it (psycopg2, autocommit)."""

    def __init__(self, admin_url: str):
        import psycopg2

        self.admin_url = admin_url
        self.admin = psycopg2.connect(admin_url)
        self.admin.autocommit = True
        self.made: list[str] = []

    def url(self, name: str) -> str:
        base, _, _ = self.admin_url.rpartition("/")
        return f"{base}/{name}"

    def create(self, prefix: str = "palata_test") -> str:
        """A new empty database; its URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with self.admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return self.url(name)

    def drop_all(self) -> None:
        with self.admin.cursor() as cur:
            for name in self.made:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                for kind in ("admin", "editor", "reader"):  # Palata's groups of that database
                    cur.execute(f'DROP ROLE IF EXISTS "{name}_{kind}"')
        self.admin.close()


@pytest.fixture(scope="session")
def pg_server():
    """The PostgreSQL server named by PALATA_TEST_PG; the test is skipped without one."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(PG_SKIP)
    server = PgServer(url)
    yield server
    server.drop_all()


@pytest.fixture(scope="session")
def _pg_store(pg_server):
    """One migrated database per test process, reused (emptied) by every PostgreSQL test."""
    url = pg_server.create()
    open_database(url)
    close_database()
    return url


def empty_pg_store(url: str) -> None:
    import psycopg2

    """Every table but the schema history emptied, sequences back at 1."""
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "AND tablename != 'schema_migration'")
        tables = ", ".join(f'"{t}"' for (t,) in cur.fetchall())
        cur.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    conn.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request, tmp_path: Path) -> str:
    """Where an empty, migrated store is: a temporary SQLite file, or (second param) a database
    on the PostgreSQL test server. For `palata --db` and `open_database`."""
    if request.param == "sqlite":
        return str(tmp_path / "palata.db")
    if "db_path" in request.fixturenames:
        pytest.skip("this test reads the SQLite file itself")
    url = request.getfixturevalue("_pg_store")
    empty_pg_store(url)
    return url


@pytest.fixture
def both_backends(store_location: str):
    """An opened, migrated, empty store: SQLite, and PostgreSQL when PALATA_TEST_PG is set."""
    database = open_database(store_location)
    yield database
    close_database()


def recorded_user(name: str) -> str:
    """Who the change log names when a test writes as `name`: that name on SQLite; on PostgreSQL
    the server writes the session's own role whatever the client says (migration 0008)."""
    from models import backend
    from models.db import database

    if backend.current() is backend.POSTGRES:
        return database.execute_sql("SELECT session_user").fetchone()[0]
    return name


@contextmanager
def history_rewritable(db) -> Iterator[None]:
    """A test that rewrites the change log on purpose (backdating an entry, removing its own):
    PostgreSQL refuses any change to it, so there it is done as only the superuser could, with
    the triggers off."""
    from models import backend

    if backend.of(db) is not backend.POSTGRES:
        yield
        return
    db.execute_sql("SET session_replication_role = replica")
    try:
        yield
    finally:
        db.execute_sql("SET session_replication_role = DEFAULT")


def sqlite_only(db) -> None:
    """Skip a test of SQLite's own machinery (its file, pragmas, locks) on PostgreSQL."""
    from models import backend

    if backend.of(db) is not backend.SQLITE:
        pytest.skip("about the SQLite file itself")


@pytest.fixture(scope="module")
def accounts():
    """Real Unix accounts (tests/accounts.py), made for one module's tests and removed after."""
    from tests.accounts import Accounts

    team = Accounts()
    yield team
    team.cleanup()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """A database file with the sample data loaded once per test process (copy it to write)."""
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    result = run_palata("--db", str(path), "demo")
    assert result.returncode == 0, result.stderr
    return path


def run_palata(*args: str, env: dict[str, str] | None = None, timeout: float = 120,
               input: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess, with Russian as the interface language unless told."""
    full_env = {**os.environ, "PALATA_LANG": "ru", "NO_COLOR": "1", "COLUMNS": "200"}
    full_env.pop("PALATA_DB", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=REPO, env=full_env,
                          capture_output=True, text=True, timeout=timeout, input=input)


@contextmanager
def raises_said(kind: type[BaseException], match: str, lang: str = "ru") -> Iterator[pytest.ExceptionInfo]:
    """Like `pytest.raises(kind, match=…)`, matched against the sentence a person reads for the
    error (lower layers raise codes and values; `tui.sentences.said` words them)."""
    import re

    from tui.i18n import language, set_language
    from tui.sentences import said

    with pytest.raises(kind) as info:
        yield info
    before = language()
    set_language(lang)
    try:
        text = said(info.value)
    finally:
        set_language(before)
    assert re.search(match, text), f"{match!r} not found in {text!r}"
