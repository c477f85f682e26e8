"""The store's life around the races: many processes starting at once on a new register, ids that
old files used to reuse, the bounded waits set on every connection, a copy that keeps the import
digests."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from playhouse.migrations import Runner

from importers.apply import import_file
from models import backend, store
from models.db import MIGRATIONS_DIR, close_database, open_database, pending_migrations
from models.entities import Company, Contact
from models.identifiers import make_inn
from models.transfer import copy_register
from tests.conftest import REPO


def _member_list(path: Path, first: int, rows: int) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["Наименование", "ИНН", "Город"])
    for i in range(first, first + rows):
        ws.append([f"Компания-{i}", make_inn(f"33{8_000_000 + i:07d}"), "Владимир"])
    wb.save(path)
    return path


def test_imports_started_at_once_on_a_new_register_all_succeed(store_location, tmp_path, request):
    """Four imports started together on a register nobody opened yet: one creates the schema,
    the others wait for it, and every company arrives."""
    books = [_member_list(tmp_path / f"list-{n}.xlsx", n * 10, 10) for n in range(4)]
    if backend.is_url(store_location):  # a database the DBA just created: no tables yet
        store_location = request.getfixturevalue("pg_server").create("palata_first")
    env = {"PALATA_LANG": "ru", "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-m", "tui.cli", "--db", store_location, "import", str(b)],
                              cwd=REPO, env={**_environ(), **env}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for b in books]
    outcomes = [(p.wait(timeout=180), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _ in outcomes] == [0, 0, 0, 0], [err for _, err in outcomes]
    db = open_database(store_location)
    try:
        assert pending_migrations(db) == []
        assert Company.select().count() == 40
    finally:
        close_database()


def _environ() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.pop("PALATA_DB", None)
    return env


def test_an_old_file_keeps_everything_and_stops_reusing_ids(tmp_path):
    """Migration 0007 on a file made before it: rows, foreign keys and indexes as they were, and
    the ids of companies deleted at the top (an import undone) are not given again."""
    path = tmp_path / "old.db"
    db = open_database(path, migrate=False)
    Runner(db, directory=str(MIGRATIONS_DIR), table_name="schema_migration").up("0005_import_digests")
    ids = [store.create(Company, {"short_name": f"Компания {i}"}) for i in range(6)]
    store.bulk_create(Contact, [{"company": ids[0], "name": "Петров"},
                                {"company": ids[1], "name": "Сидоров"}])
    store.bulk_delete(Company, ids[-2:])  # the newest two gone, as an undone import leaves it
    close_database()

    def state() -> dict:
        with sqlite3.connect(path) as conn:
            return {
                "rows": {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY id').fetchall()
                         for t in ("company", "contact", "change_log")},
                "indexes": sorted(conn.execute("SELECT name, tbl_name, sql FROM sqlite_master "
                                               "WHERE type = 'index' AND sql IS NOT NULL")),
                "keys": conn.execute("PRAGMA foreign_key_list(contact)").fetchall(),
            }

    before = state()
    open_database(path)
    close_database()
    after = state()
    # later migrations may add tables and indexes of their own; every index that was there stays
    old_indexes = {name for name, _, _ in before["indexes"]}
    after["indexes"] = [index for index in after["indexes"] if index[0] in old_indexes]
    assert after == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert "AUTOINCREMENT" in conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'company'").fetchone()[0]
    open_database(path)
    try:
        assert store.create(Company, {"short_name": "Ромашка"}) == ids[-1] + 1
        assert store.bulk_create(Company, [{"short_name": "Лютик"}]) == [ids[-1] + 2]
        # a contact hung on a deleted company id is refused as before (foreign keys still on)
        with pytest.raises(Exception):  # noqa: B017  (the store's conflict: the company is gone)
            store.create(Contact, {"company": ids[-1], "name": "Никто"})
    finally:
        close_database()


def test_new_registers_never_reuse_ids(db_path):
    open_database(db_path)
    try:
        first = store.create(Company, {"short_name": "Ромашка"})
        Company.delete_by_id(first)
        assert store.create(Company, {"short_name": "Лютик"}) == first + 1
    finally:
        close_database()


def test_every_connection_has_bounded_waits(both_backends):
    db = both_backends
    if backend.of(db) is backend.POSTGRES:
        settings = {name: db.execute_sql(f"SHOW {name}").fetchone()[0] for name in
                    ("lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout")}
        assert settings == {"lock_timeout": "5s", "statement_timeout": "10min",
                            "idle_in_transaction_session_timeout": "1min"}
        # a read snapshot (an export) may think between two queries for as long as it needs
        with db.atomic(lock_type="DEFERRED"):
            assert db.execute_sql("SHOW idle_in_transaction_session_timeout").fetchone()[0] == "0"
        assert db.execute_sql("SHOW idle_in_transaction_session_timeout").fetchone()[0] == "1min"
    else:
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 10_000
        assert db.execute_sql("PRAGMA journal_size_limit").fetchone()[0] == 64 * 1024 * 1024


def test_a_copy_carries_the_import_digests(store_location, tmp_path):
    book = _member_list(tmp_path / "list.xlsx", 0, 30)
    source = tmp_path / "source.db"
    open_database(source)
    try:
        import_file(book, user="ivanova")
        with sqlite3.connect(source) as conn:
            digests = conn.execute("SELECT * FROM import_digest ORDER BY digest").fetchall()
        assert len(digests) == 30
        from models.db import database

        report = copy_register(database, store_location)
        assert report.ok and "import_digest" in {t.table for t in report.tables}
    finally:
        close_database()
    db = open_database(store_location)
    try:
        copied = [tuple(r) for r in db.execute_sql("SELECT * FROM import_digest ORDER BY digest")]
        assert copied == digests
        again = import_file(book, user="ivanova")  # known rows: recognised without cleaning
        assert again.counts["unchanged"] == 30
    finally:
        close_database()

