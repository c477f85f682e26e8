"""Migration 0006 cleans a register written before Palata cleaned what it stores: every text
column of every table, each change of a record logged (old value shown, never raw), on both
stores. The "old database" is made by writing dirty bytes with SQL (as an old Palata, or a script,
would have) and forgetting that 0006 ran, then opening the store again as a user would."""

from __future__ import annotations

import json

import pytest

from models.db import close_database, database, open_database
from models.safetext import is_clean
from tests.terminal_attacks import history_triggers

ESC = "\x1b"


def _dirty_register(nul: bool) -> dict[str, int]:
    """Dirty rows in several tables, written bypassing the store; their ids."""
    from models import store
    from models.entities import Company, Mission

    company = store.create(Company, {"short_name": "Ромашка", "notes": "чисто"})
    mission = store.create(Mission, {"kind": "outgoing", "title": "Миссия"})
    zero = "\x00" if nul else ""
    database.execute_sql(
        "UPDATE company SET short_name = ?, city = ?, notes = ? WHERE id = ?",
        (f"{ESC}]0;pwned\x07ООО Ромашка{ESC}[2J", f"Влади{zero}мир\x9b31m",
         "строка 1\x0bстрока 2\u2028строка 3", company))
    if nul:  # a NUL alone in a value (SQLite's GLOB would stop reading at it)
        database.execute_sql("UPDATE company SET region = ? WHERE id = ?", ("Об\x00ласть", company))
    database.execute_sql("UPDATE mission SET title = ? WHERE id = ?",
                         (f"{ESC}]8;;http://evil{ESC}\\Миссия{ESC}]8;;{ESC}\\", mission))
    database.execute_sql(
        'INSERT INTO change_log (at, "user", "table", row_id, action, field, old, new) '
        "VALUES ('2025-01-01 10:00:00', 'ivanov', 'company', ?, 'update', 'city', ?, ?)",
        (company, f"a{ESC}[6n", "b\u202e"))
    database.execute_sql(
        'INSERT INTO change_log (at, "user", "table", row_id, action, new) '
        "VALUES ('2025-01-01 10:00:00', 'ivanov', 'company', ?, 'create', ?)",
        (company, json.dumps({"short_name": f"x{ESC}[2J"}, ensure_ascii=False)))
    database.execute_sql(
        "INSERT INTO import_batch (file_name, checksum, \"user\", started_at, rows_read, created, updated, "
        "merged, unchanged, rejected) VALUES (?, 'x', 'ivanov', '2025-01-01 10:00:00', 0, 0, 0, 0, 0, 0)",
        (f"list{ESC}[2J.xlsx",))
    database.execute_sql("DELETE FROM schema_migration WHERE name = '0006_clean_control_chars'")
    return {"company": company, "mission": mission}


def test_the_migration_cleans_every_table_and_logs_each_change(store_location):
    from models.backend import is_url

    open_database(store_location)
    history_triggers(False)  # the register as it was before migration 0008
    ids = _dirty_register(nul=not is_url(store_location))  # PostgreSQL text cannot hold NUL
    close_database()
    open_database(store_location)  # the upgrade: pending 0006 runs
    try:
        name, city, notes, sort_name, version = database.execute_sql(
            "SELECT short_name, city, notes, sort_name, version FROM company WHERE id = ?",
            (ids["company"],)).fetchone()
        assert (name, city, notes) == ("ООО Ромашка", "Владимир", "строка 1\nстрока 2\nстрока 3")
        assert sort_name == "ромашка" and version == 2
        (title,) = database.execute_sql("SELECT title FROM mission WHERE id = ?",
                                        (ids["mission"],)).fetchone()
        assert title == "Миссия"
        (file_name,) = database.execute_sql("SELECT file_name FROM import_batch").fetchone()
        assert file_name == "list.xlsx"
        texts = [v for table in ("company", "mission", "change_log", "import_batch")
                 for row in database.execute_sql(f'SELECT * FROM "{table}"').fetchall()
                 for v in row if isinstance(v, str)]
        assert all(is_clean(v) for v in texts)
        created = [json.loads(n) for n, in database.execute_sql(
            "SELECT new FROM change_log WHERE action = 'create' AND \"user\" = 'ivanov'")]
        assert created == [{"short_name": "x"}]
        logged = database.execute_sql(
            'SELECT "table", row_id, field, old, new FROM change_log WHERE "user" = ? ORDER BY id',
            ("palata-migration",)).fetchall()
        zero = "␀" if not is_url(store_location) else ""
        if zero:
            assert ("company", ids["company"], "region", "Об␀ласть", "Область") in logged
            logged.remove(("company", ids["company"], "region", "Об␀ласть", "Область"))
        assert sorted(logged) == sorted([
            ("company", ids["company"], "short_name", "␛]0;pwned␇ООО Ромашка␛[2J", "ООО Ромашка"),
            ("company", ids["company"], "city", f"Влади{zero}мир�31m", "Владимир"),
            ("company", ids["company"], "notes", "строка 1␋строка 2�строка 3",
             "строка 1\nстрока 2\nстрока 3"),
            ("mission", ids["mission"], "title", "␛]8;;http://evil␛\\Миссия␛]8;;␛\\", "Миссия"),
        ])
    finally:
        history_triggers(True)
        close_database()


@pytest.mark.parametrize("store_location", ["sqlite"], indirect=True)
def test_a_clean_register_is_left_as_it_is(store_location):
    open_database(store_location)
    from models import store
    from models.entities import Company

    store.create(Company, {"short_name": "Ромашка", "notes": "две\nстроки", "address": "ул.\u00a0Мира"})
    database.execute_sql("DELETE FROM schema_migration WHERE name = '0006_clean_control_chars'")
    before = database.execute_sql("SELECT * FROM company").fetchall()
    logged = database.execute_sql("SELECT count(*) FROM change_log").fetchone()
    close_database()
    open_database(store_location)
    try:
        assert database.execute_sql("SELECT * FROM company").fetchall() == before
        assert database.execute_sql("SELECT count(*) FROM change_log").fetchone() == logged
    finally:
        close_database()
