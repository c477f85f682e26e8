"""`palata doctor` on a PostgreSQL server that does not tidy Palata's tables itself (autovacuum off
for the server or for a table): it says so, vacuums and analyzes the tables a large write left
with dead rows, and says what it did. On SQLite there is nothing to tidy and nothing is said."""

from __future__ import annotations

import psycopg2
import pytest

from models import health, store
from models.db import close_database, open_database
from models.entities import Company
from tests.conftest import run_palata


def _changed_rows(url: str, table: str) -> int:
    """Row changes since the table was last analyzed, as the server counts them."""
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT n_mod_since_analyze FROM pg_stat_user_tables "
                    "WHERE schemaname = current_schema() AND relname = %s", (table,))
        (changed,) = cur.fetchone()
    conn.close()
    return changed


def _leave_changed_rows(url: str) -> None:
    """Autovacuum off for the companies' table, and many changed rows in it since the planner's
    last look (what a large update import leaves: dead row versions, stale statistics)."""
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("ALTER TABLE company SET (autovacuum_enabled = false)")
        for _ in range(40):  # each pass changes the 3 rows
            cur.execute("UPDATE company SET version = version")
            conn.commit()
        # a session publishes its counts from time to time; this makes it publish them as the
        # statement ends, before the server answers it (PostgreSQL 15)
        cur.execute("SELECT pg_stat_force_next_flush()")
        conn.commit()
    conn.close()
    assert _changed_rows(url, "company") >= 120


@pytest.fixture
def pg_register(pg_server):
    url = pg_server.create("palata_test_upkeep")
    open_database(url)
    for name in ("Стройдеталь", "Ёлочка", "Муромтепловоз"):
        store.create(Company, {"short_name": name})
    close_database()
    yield url
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("ALTER TABLE company RESET (autovacuum_enabled)")
    conn.close()


def test_doctor_tidies_the_tables_the_server_leaves_and_says_why(pg_register):
    _leave_changed_rows(pg_register)
    first = run_palata("--db", pg_register, "doctor")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "autovacuum" in first.stdout and "выключен" in first.stdout
    lines = first.stdout.splitlines()
    done = next(i for i, line in enumerate(lines) if "Убрано" in line)
    assert lines[done].startswith("[ок]") and "обновлена статистика" in lines[done]
    named = next(line for line in lines[done + 1:] if line.strip().startswith("таблицы:"))
    assert "company" in named.partition(":")[2].replace(",", " ").split()
    assert _changed_rows(pg_register, "company") == 0  # analyzed

    again = run_palata("--db", pg_register, "doctor")
    assert again.returncode == 0 and "Убрано" not in again.stdout
    assert "[ок] Таблицы убраны" in again.stdout or "[ок] Сервер PostgreSQL сам убирает" in again.stdout


def test_without_the_right_to_repair_doctor_names_the_tables_waiting(pg_register):
    _leave_changed_rows(pg_register)
    open_database(pg_register)
    try:
        finding = health.upkeep(repair=False)
    finally:
        close_database()
    assert finding is not None and not finding.ok and finding.title.code == "doctor.upkeep_due"
    named = [d.params["tables"].split(", ") for d in finding.details
             if getattr(d, "code", "") == "doctor.upkeep_tables"]
    assert named and "company" in named[0]
    assert _changed_rows(pg_register, "company") >= 120  # nothing was done


def test_doctor_vacuums_a_table_loaded_in_bulk_and_analyzed_already(pg_register):
    # A bulk load leaves no dead rows, and Palata analyzes what it loads; but until the table is
    # vacuumed none of its pages is marked all-visible, and its indexes cannot be read alone.
    open_database(pg_register)
    store.bulk_create(Company, [{"short_name": f"Фирма {i}"} for i in range(300)])
    close_database()
    with psycopg2.connect(pg_register) as conn, conn.cursor() as cur:
        cur.execute("ALTER TABLE company SET (autovacuum_enabled = false)")
        cur.execute("ANALYZE company")
        cur.execute("SELECT pg_stat_force_next_flush()")
    conn.close()
    assert _changed_rows(pg_register, "company") == 0
    result = run_palata("--db", pg_register, "doctor")
    assert result.returncode == 0 and "Убрано" in result.stdout, result.stdout + result.stderr
    with psycopg2.connect(pg_register) as conn, conn.cursor() as cur:
        cur.execute("SELECT relallvisible FROM pg_class WHERE oid = 'company'::regclass")
        (all_visible,) = cur.fetchone()
    conn.close()
    assert all_visible > 0


def test_sqlite_has_no_upkeep_to_report(db, db_path):
    store.create(Company, {"short_name": "Стройдеталь"})
    close_database()
    result = run_palata("--db", str(db_path), "doctor")
    assert result.returncode == 0
    assert "autovacuum" not in result.stdout and "Убрано" not in result.stdout
