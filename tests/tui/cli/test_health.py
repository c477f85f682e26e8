"""`palata doctor`, `backup` and `restore` on real files through the real command."""

from __future__ import annotations

import sqlite3

from models import backend, search, store
from models.db import close_database
from models.entities import Company
from tests.conftest import run_palata


def _register(db, db_path):
    store.create(Company, {"short_name": "Стройдеталь", "inn": "7707083893", "city": "Владимир"})
    store.create(Company, {"short_name": "Ёлочка", "city": "Ковров"})
    close_database()
    return db_path


def test_doctor_on_a_healthy_register(db, db_path):
    path = _register(db, db_path)
    result = run_palata("--db", str(path), "doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[ок] Поисковый индекс соответствует таблицам" in result.stdout


def test_doctor_rebuilds_a_search_index_out_of_step(db, db_path):
    path = _register(db, db_path)
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM search_index")
    result = run_palata("--db", str(path), "doctor")
    assert "перестроен" in result.stdout
    found = run_palata("--db", str(path), "search", "ёлочка")
    assert "Ёлочка" in found.stdout


def test_doctor_reports_invalid_identifiers_in_plain_words(db, db_path):
    path = _register(db, db_path)
    with sqlite3.connect(path) as conn:  # a value that bypassed the write path
        conn.execute("UPDATE company SET inn = '7707083894' WHERE short_name = 'Стройдеталь'")
    result = run_palata("--db", str(path), "doctor")
    assert result.returncode == 1
    assert "Стройдеталь" in result.stdout and "контрольная цифра" in result.stdout


def test_restore_puts_a_backup_back(db, db_path, tmp_path):
    path = _register(db, db_path)
    backup = tmp_path / "copy.db"
    assert run_palata("--db", str(path), "backup", str(backup)).returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE company SET city = 'Потеряно'")
    refused = run_palata("--db", str(path), "restore", str(backup))
    assert refused.returncode == 2 and "--yes" in refused.stderr
    done = run_palata("--db", str(path), "restore", str(backup), "--yes")
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(path) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT city FROM company")) == ["Владимир", "Ковров"]


def test_restore_refuses_a_file_that_is_not_a_backup(db, db_path, tmp_path):
    path = _register(db, db_path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"garbage" * 1000)
    result = run_palata("--db", str(path), "restore", str(junk), "--yes")
    assert result.returncode == 1
    assert "не является резервной копией" in result.stderr
    assert "Traceback" not in result.stderr


def test_index_check_sees_orphans(db):
    store.create(Company, {"short_name": "Стройдеталь"})
    db.execute_sql("INSERT INTO search_index(rowid, name, ident, place, body) VALUES (999, 'x', '', '', '')")
    assert not search.index_matches_tables()
    search.rebuild()
    assert search.index_matches_tables()


def test_index_check_sees_a_company_missing_from_the_index_and_doctor_puts_it_back(both_backends):
    db = both_backends
    kept = store.create(Company, {"short_name": "Стройдеталь"})
    lost = store.create(Company, {"short_name": "Трубопрокат"})
    db.execute_sql("DELETE FROM search_index WHERE rowid = ?", (lost,))
    assert not search.index_matches_tables()
    from models.health import search_index

    assert search_index(repair=True).repaired
    assert search.index_matches_tables()
    assert [h.company_id for h in search.search_companies("трубопрокат")] == [lost]
    assert [h.company_id for h in search.search_companies("стройдеталь")] == [kept]


def test_doctor_puts_back_a_sort_name_the_index_lost_on_postgresql(both_backends):
    # PostgreSQL orders a search's matches by the sort name kept on their index rows (migration
    # 0015); one left behind (its trigger switched off for a restore, say) is out of step.
    db = both_backends
    store.create(Company, {"short_name": "Стройдеталь"})
    from models.health import search_index

    if backend.current().index_sort_name:
        db.execute_sql("ALTER TABLE company DISABLE TRIGGER company_sort_name_to_index")
        db.execute_sql("UPDATE company SET sort_name = 'яяя'")
        db.execute_sql("ALTER TABLE company ENABLE TRIGGER company_sort_name_to_index")
        assert not search.index_matches_tables()
        assert search_index(repair=True).repaired
    assert search.index_matches_tables()


def test_doctor_counts_the_live_companies_again_where_the_kept_number_drifted(both_backends):
    # PostgreSQL keeps the number of live companies for the first screen (migration 0015); one
    # that drifted (its triggers switched off for a bulk load, say) is counted again.
    db = both_backends
    from models import queries
    from models.health import live_count

    store.create(Company, {"short_name": "Стройдеталь"})
    store.create(Company, {"short_name": "Трубопрокат"})
    assert live_count() is None
    if backend.current().live_count_sql:
        db.execute_sql("INSERT INTO company_live_count (delta) VALUES (5)")
        assert queries.count_companies() == 7
        assert not live_count(repair=False).ok
        assert live_count().repaired
        assert live_count() is None
    assert queries.count_companies() == queries.first_page().matching == 2
