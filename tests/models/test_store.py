"""The store: models, change log, optimistic locking, migrations, concurrent writers."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from playhouse.migrations import Runner

from models import store
from models.db import MIGRATIONS_DIR, close_database, open_database
from models.entities import Company, Contact, Interest, Mission, Participation
from models.errors import ConflictError, StoreError, ValidationError
from tests.conftest import REPO, raises_said, recorded_user, sqlite_only
from tui.sentences import said


@pytest.fixture
def db(both_backends):
    """These tests run on SQLite and, with PALATA_TEST_PG, on PostgreSQL (tests/conftest.py)."""
    return both_backends


def _company(**values) -> int:
    return store.create(Company, {"short_name": "Стройдеталь", "legal_form": "ООО", **values}, user="ivanova")


def test_sqlite_connection_settings(db):
    sqlite_only(db)
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_a_readers_connection_keeps_its_pages_between_searches(db):
    """The companies screen's reader stays connected between keystrokes: on SQLite with a page
    cache that holds the rows of a word's every match (COUNT_CAP companies); the colleague's
    threads keep the ordinary one. On PostgreSQL the server caches for every session."""
    import threading

    from models import backend, queries
    from models.db import PRAGMAS, connect_reader, database, warm_reader

    seen: dict[str, object] = {}

    def reader() -> None:
        connect_reader()
        seen["before"] = queries.first_page("строй")
        warm_reader()  # read ahead once the first answer is shown: nothing shown changes
        connect_reader()  # the second keystroke: the same connection, still warm
        seen["after"] = queries.first_page("строй")
        seen["page"] = len(queries.first_page("строй").rows)
        if backend.current().name == "sqlite":
            seen["cache"] = database.execute_sql("PRAGMA cache_size").fetchone()[0]
        database.close()

    _company()
    thread = threading.Thread(target=reader)
    thread.start()
    thread.join()
    assert seen["page"] == 1 and seen["after"] == seen["before"]
    if backend.current().name == "sqlite":
        assert seen["cache"] == -backend.current().reader_cache_kib
        assert db.execute_sql("PRAGMA cache_size").fetchone()[0] == PRAGMAS["cache_size"]


def test_create_writes_a_logged_record(db):
    cid = _company(inn="7707083893", city="Владимир")
    company = Company.get_by_id(cid)
    assert (company.version, company.country, company.sort_name) == (1, "Россия", "стройдеталь")
    [entry] = store.history("company", cid)
    assert (entry.action, entry.user) == ("create", recorded_user("ivanova"))
    assert json.loads(entry.new)["inn"] == "7707083893"


def test_update_logs_each_changed_field_with_old_and_new(db):
    cid = _company(city="Владимир", phones="+7 4922 12-34-56")
    version = store.update(Company, cid, 1, {"city": "Муром", "phones": "+7 4922 12-34-56", "notes": "ВЭД"},
                           user="petrov")
    assert version == 2
    changes = [(e.action, e.field, e.old, e.new, e.user) for e in store.history("company", cid)[1:]]
    petrov = recorded_user("petrov")
    assert sorted(changes) == [("update", "city", "Владимир", "Муром", petrov),
                               ("update", "notes", None, "ВЭД", petrov)]


def test_update_with_nothing_different_changes_nothing(db):
    cid = _company(city="Владимир")
    assert store.update(Company, cid, 1, {"city": " Владимир "}) == 1
    assert len(store.history("company", cid)) == 1


def test_archive_and_restore_keep_the_company_and_log_it(db):
    cid = _company()
    v = store.archive(Company, cid, 1, user="ivanova")
    assert Company.get_by_id(cid).archived_at is not None
    store.restore(Company, cid, v, user="ivanova")
    assert Company.get_by_id(cid).archived_at is None
    assert [e.action for e in store.history("company", cid)] == ["create", "archive", "restore"]


def test_a_stale_version_raises_conflict_and_keeps_the_colleagues_value(db):
    cid = _company(city="Владимир")
    store.update(Company, cid, 1, {"city": "Ковров"}, user="colleague")
    with pytest.raises(ConflictError) as caught:
        store.update(Company, cid, 1, {"city": "Муром"}, user="me")
    assert caught.value.theirs == {"city": "Ковров"}
    assert Company.get_by_id(cid).city == "Ковров"


def test_conflict_between_two_processes(db, store_location):
    cid = _company(city="Владимир")
    # A colleague's process saves the company after we read it at version 1.
    script = textwrap.dedent(f"""
        from models.db import open_database
        from models import store
        from models.entities import Company
        open_database({store_location!r})
        store.update(Company, {cid}, 1, {{"city": "Ковров"}}, user="colleague")
    """)
    subprocess.run([sys.executable, "-c", script], cwd=REPO, check=True)
    with pytest.raises(ConflictError):
        store.update(Company, cid, 1, {"city": "Муром"}, user="me")
    assert Company.get_by_id(cid).city == "Ковров"


def test_invalid_identifiers_are_refused_with_a_sentence(db):
    with pytest.raises(ValidationError) as caught:
        _company(inn="7707083894")
    assert "контрольная" in said(caught.value)
    assert Company.select().count() == 0


def test_inn_is_unique(db):
    _company(inn="7707083893")
    with pytest.raises(ValidationError) as caught:
        store.create(Company, {"short_name": "Другая", "inn": "7707083893"})
    assert "уже есть" in said(caught.value)


def test_required_fields_and_vocabulary(db):
    cid = _company()
    with pytest.raises(ValidationError):
        store.create(Interest, {"company": cid, "subject": "трубы"})  # no direction
    with pytest.raises(ValidationError):
        store.create(Interest, {"company": cid, "subject": "трубы", "direction": "ворует"})
    iid = store.create(Interest, {"company": cid, "subject": "трубы", "direction": "покупает"})
    assert Interest.get_by_id(iid).direction == "buys"


def test_whole_domain_links(db):
    cid = _company()
    store.create(Contact, {"company": cid, "name": "Иванов Иван", "is_primary": True})
    mid = store.create(Mission, {"kind": "incoming", "title": "Делегация"})
    store.create(Participation, {"mission": mid, "company": cid, "role": "host"})
    assert [c.name for c in Company.get_by_id(cid).contacts] == ["Иванов Иван"]
    assert Mission.get_by_id(mid).participations.get().role == "host"


def test_migration_from_an_older_schema_keeps_data_and_backs_up(db_path):
    db = open_database(db_path, migrate=False)
    Runner(db, directory=str(MIGRATIONS_DIR), table_name="schema_migration").up("0001_initial")
    db.execute_sql("INSERT INTO company (version, short_name, sort_name, country) VALUES (1, 'Старая', "
                   "'старая', 'Россия')")
    close_database()

    db = open_database(db_path)
    indexes = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "company_member_number" in indexes
    assert [c.short_name for c in Company.select()] == ["Старая"]
    backups = list(db_path.parent.glob("palata.db.before-0002*.bak"))
    assert len(backups) == 1
    close_database()
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT short_name FROM company").fetchall() == [("Старая",)]


def test_a_database_from_a_newer_version_is_refused(db_path):
    db = open_database(db_path)
    db.execute_sql("INSERT INTO schema_migration (name, applied) VALUES ('0099_future', '2030-01-01')")
    close_database()
    with raises_said(StoreError, "более новой версией"):
        open_database(db_path)


@pytest.mark.parametrize("content", [b"not a database at all" * 100, b"SQLite format 3\x00" + b"\x00" * 50])
def test_a_damaged_file_gives_a_sentence(tmp_path, content):
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    with pytest.raises(StoreError):
        open_database(path)


def test_two_processes_write_at_once_without_locking_errors(db, store_location):
    cid = _company()
    close_database()
    script = textwrap.dedent(f"""
        import sys
        from models.db import open_database
        from models import store
        from models.entities import Contact
        open_database({store_location!r})
        for i in range(60):
            store.create(Contact, {{"company": {cid}, "name": f"{{sys.argv[1]}} {{i}}"}})
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script, name], cwd=REPO, stderr=subprocess.PIPE,
                              text=True) for name in ("Первый", "Второй")]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    open_database(store_location)
    assert Contact.select().count() == 120


def test_bulk_update_writes_many_rows_in_pages_and_refuses_a_stale_one_whole(db):
    # more rows than one multi-row statement takes, a date and a NULL in the same column
    ids = store.bulk_create(Company, [{"short_name": f"Компания {i}", "legal_form": "ООО"}
                                      for i in range(1_205)], user="ivanova")
    changes = [(cid, 1, {"city": "Ковров" if n % 2 else None, "dues_paid_until": "2026-12-31",
                         "phones": f"+7 4922 {n:06d}"}) for n, cid in enumerate(ids)]
    done = store.bulk_update(Company, changes, user="ivanova")
    assert set(done.versions.values()) == {2}
    rows = {c.id: c for c in Company.select()}
    assert {str(rows[cid].dues_paid_until) for cid in ids} == {"2026-12-31"}
    assert rows[ids[1]].city == "Ковров" and rows[ids[1_204]].phones == "+7 4922 001204"
    assert (rows[ids[0]].city, rows[ids[0]].version) == (None, 2)

    store.update(Company, ids[700], 2, {"notes": "правка коллеги"}, user="petrova")
    with pytest.raises(ConflictError):
        store.bulk_update(Company, [(cid, 2, {"city": "Муром"}) for cid in ids], user="ivanova")
    assert Company.select().where(Company.city == "Муром").count() == 0
    assert Company.get_by_id(ids[700]).notes == "правка коллеги"


def test_bulk_update_without_versions_changes_records_as_they_are_and_leaves_deleted_ones(db):
    # what undoing an import does with the rows it holds locked: no version read beforehand
    cid = _company()
    awkward = 'Склад {2}, "корпус", д\'Артаньян \\ NULL'
    ids = store.bulk_create(Contact, [{"company": cid, "name": f"Сотрудник {n}", "is_primary": n == 0}
                                      for n in range(3)], user="ivanova")
    store.update(Contact, ids[1], 1, {"position": "Бухгалтер"}, user="petrova")
    store.bulk_delete(Contact, [ids[2]], user="petrova")
    done = store.bulk_update(Contact, [(ids[0], None, {"position": awkward, "is_primary": False}),
                                       (ids[1], None, {"position": None}),
                                       (ids[2], None, {"position": "Кассир"})], user="ivanova")
    assert done.missing == {ids[2]}
    assert done.versions == {ids[0]: 2, ids[1]: 3}
    rows = {c.id: c for c in Contact.select()}
    assert (rows[ids[0]].position, rows[ids[0]].is_primary, rows[ids[0]].version) == (awkward, False, 2)
    assert (rows[ids[1]].position, rows[ids[1]].version) == (None, 3)
    assert ids[2] not in rows
    assert [(e.field, e.old, e.new) for e in store.history("contact", ids[1])][-1:] == [
        ("position", "Бухгалтер", None)]


def test_raw_sql_keeps_question_marks_and_percent_signs_inside_quotes(db):
    # the PostgreSQL connection turns SQLite's ? into the driver's placeholders, and only those
    from models.db import database

    row = database.execute_sql(
        """SELECT 'why?' || ?, '100%' || ?, "a?b" FROM (SELECT 1 AS "a?b") t WHERE 'it''s?' <> ?""",
        ("!", "%", "x")).fetchone()
    assert tuple(row) == ("why?!", "100%%", 1)


def test_bulk_create_stores_text_dates_and_flags_exactly_as_given(db):
    # enough rows that PostgreSQL sends them as COPY, whose text format escapes tabs, line ends,
    # backslashes and takes \N for NULL: none of that may show in what is stored
    awkward = "Склад\tкорпус 2\nвторой этаж \\ вход со двора, код \\N"
    ids = store.bulk_create(Company, [
        {"short_name": f"Компания {i}", "legal_form": "ООО", "notes": f"{awkward} {i}" if i % 2 else None,
         "dues_paid_until": "2026-12-31", "member_number": "\\N"} for i in range(300)], user="ivanova")
    contacts = store.bulk_create(Contact, [{"company": cid, "name": f"Сотрудник {n}",
                                            "is_primary": n % 3 == 0} for n, cid in enumerate(ids)],
                                 user="ivanova")
    rows = {c.id: c for c in Company.select()}
    assert [rows[cid].notes for cid in ids[:3]] == [None, f"{awkward} 1", None]
    assert {str(rows[cid].dues_paid_until) for cid in ids} == {"2026-12-31"}
    assert {rows[cid].member_number for cid in ids} == {"\\N"}
    assert [c.is_primary for c in Contact.select().order_by(Contact.id)][:4] == [True, False, False, True]
    assert len(contacts) == 300
    [created] = store.history("company", ids[1])
    assert json.loads(created.new)["notes"] == f"{awkward} 1"
    from models.search import search_companies

    assert [h.company_id for h in search_companies("Сотрудник 299")] == [ids[299]]
    assert sorted(h.company_id for h in search_companies("корпус", limit=500)) == ids[1::2]
