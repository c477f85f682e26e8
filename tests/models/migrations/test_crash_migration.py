"""A process killed while it migrates the schema leaves the old schema or the new one, never half,
and the next start finishes the job."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time

from playhouse.migrations import Runner

from models.db import MIGRATIONS_DIR, close_database, open_database
from tests.conftest import REPO

OPEN = "from models.db import open_database; import sys; open_database(sys.argv[1])"


def _old_database(path) -> None:
    db = open_database(path, migrate=False)
    Runner(db, directory=str(MIGRATIONS_DIR), table_name="schema_migration").up("0001_initial")
    for i in range(2000):
        db.execute_sql("INSERT INTO company (version, short_name, sort_name, country, member_number) "
                       "VALUES (1, ?, ?, 'Россия', ?)", (f"Компания {i}", f"компания {i}", f"{i:04d}"))
    close_database()


def _state(path) -> tuple[bool, bool]:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        applied = bool(conn.execute("SELECT 1 FROM schema_migration WHERE name = '0002_lookup_indexes'")
                       .fetchone())
        indexed = bool(conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'company_member_number'")
                       .fetchone())
        assert conn.execute("SELECT count(*) FROM company").fetchone()[0] == 2000
    return applied, indexed


def test_killed_migrations_leave_a_whole_schema(tmp_path):
    rnd = random.Random(3)
    for trial in range(8):
        path = tmp_path / f"old-{trial}.db"
        _old_database(path)
        proc = subprocess.Popen([sys.executable, "-c", OPEN, str(path)], cwd=REPO)
        time.sleep(rnd.uniform(0.05, 0.6))  # a random moment: before, during or after migrating
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        applied, indexed = _state(path)
        assert applied == indexed  # the migration is all there or not at all
        open_database(path)  # the next start completes the migration
        close_database()
        assert _state(path) == (True, True)
