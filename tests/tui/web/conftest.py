"""Fixtures of the browser tests: Debian's chromium driven by Playwright (no browser download),
the real `palata web` on the sample register (SQLite, and PostgreSQL with PALATA_TEST_PG)."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest

from tests.conftest import run_palata
from tests.tui.web.launcher import Launcher, Tab

CHROMIUM = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()), None)


@pytest.fixture(scope="module")
def browser():
    """Headless chromium; skipped with the reason when chromium or Playwright is missing.

    One per test module, not per session: Playwright's sync API keeps an event loop running on
    the thread while it is open, and the app tests that run next in the same worker start their
    own (asyncio.run refuses to inside a running loop)."""
    if CHROMIUM is None:
        pytest.skip("the browser tests need Debian's chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[web]' for Playwright")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


class Register:
    """A register with the sample data and the logins that may use it."""

    def __init__(self, location: str, kind: str, pg=None):
        self.location = location
        self.kind = kind
        self.pg = pg
        self.roles: list[str] = []

    def login(self, name: str, level: str = "editor") -> str:
        """A login of this register: on PostgreSQL a role granted `level` (unique per test run,
        since roles belong to the whole server); on SQLite the name as it is."""
        if self.kind == "sqlite":
            return name
        role = f"web_{name}_{uuid.uuid4().hex[:6]}"
        done = run_palata("--db", self.location, "grant", role, level)
        assert done.returncode == 0, done.stderr
        self.roles.append(role)
        return role

    def changes(self, company_id: int) -> list[tuple[str, str, str]]:
        """(user, field, new value) of the company's change log, newest first."""
        from models.db import close_database, open_database
        from models.entities import ChangeLog

        open_database(self.location)
        try:
            mine = (ChangeLog.table == "company") & (ChangeLog.row_id == company_id)
            rows = ChangeLog.select().where(mine).order_by(ChangeLog.id.desc())
            return [(r.user, r.field, r.new) for r in rows]
        finally:
            close_database()

    def renamed(self, name: str) -> tuple[int, str]:
        """(company id, who) of the latest change that gave a company the short name `name`; the
        latest few short-name changes in the message when there is none."""
        from models.db import close_database, open_database
        from models.entities import ChangeLog

        open_database(self.location)
        try:
            names = (ChangeLog.table == "company") & (ChangeLog.field == "short_name")
            rows = list(ChangeLog.select().where(names).order_by(ChangeLog.id.desc()).limit(5))
        finally:
            close_database()
        found = [(r.row_id, r.user) for r in rows if r.new == name]
        assert found, [(r.row_id, r.user, r.old, r.new) for r in rows]
        return found[0]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def register(request, tmp_path_factory, sample_db):
    """The sample register: a copy of the SQLite sample, or copied into a new PostgreSQL database."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("web") / "palata.db"
        shutil.copy(sample_db, path)
        yield Register(str(path), "sqlite")
        return
    pg = request.getfixturevalue("pg_server")
    url = pg.create("palata_test_web")
    result = run_palata("--db", str(sample_db), "copy", "--to", url, timeout=600)
    assert result.returncode == 0, result.stderr
    reg = Register(url, "postgresql", pg)
    yield reg
    _drop_roles(pg, reg.roles, url)


def _drop_roles(pg, roles: list[str], url: str) -> None:
    import psycopg2

    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        for role in roles:
            cur.execute(f'REASSIGN OWNED BY "{role}" TO CURRENT_USER')
            cur.execute(f'DROP OWNED BY "{role}"')
    conn.close()
    with pg.admin.cursor() as cur:
        for role in roles:
            cur.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture
def launch(tmp_path):
    """Start `palata web` on a register; stopped after the test."""
    started: list[Launcher] = []

    def start(location: str, *args: str, state: Path | None = None, **kwargs) -> Launcher:
        launcher = Launcher(location, state or tmp_path / f"state{len(started)}", *args, **kwargs)
        started.append(launcher)
        return launcher

    yield start
    for launcher in started:
        launcher.stop()


@pytest.fixture
def tabs(browser):
    """Open browser tabs (each its own context: its own login); closed after the test."""
    opened: list[Tab] = []

    def tab(launcher: Launcher, login: str, **kwargs) -> Tab:
        opened.append(Tab(browser, launcher, login, **kwargs))
        return opened[-1]

    yield tab
    for t in opened:
        t.close()
