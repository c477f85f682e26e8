"""Migration 0016 on a register made before it: the index rows Palata writes bring their company's
sort name, and on PostgreSQL a row written by plain SQL without one, or moved to another company,
still gets its company's; on both stores the companies table lists a search's matches by name."""

from __future__ import annotations

import pytest

from models import backend, queries, store
from models.db import close_database, database, open_database
from models.entities import Company
from tests.models.migrations.older import register_before


@pytest.fixture(params=["sqlite", "postgresql"])
def before_0016(request, tmp_path, monkeypatch):
    location = (str(tmp_path / "palata.db") if request.param == "sqlite"
                else request.getfixturevalue("pg_server").create())
    company = {"short_name": "Ярославский хлеб", "legal_form": "ООО"}
    yield register_before("0016", location, tmp_path, monkeypatch, lambda: store.create(Company, company))
    close_database()


def _out_of_step() -> int:
    return database.execute_sql(
        "SELECT count(*) FROM search_index s JOIN company c ON c.id = s.rowid "
        "WHERE s.sort_name IS DISTINCT FROM c.sort_name").fetchone()[0]


def test_index_rows_carry_their_companies_sort_names_after_it(before_0016):
    open_database(before_0016)
    for name in ("Хлебозавод", "Хлебный дом"):
        store.create(Company, {"short_name": name, "legal_form": "ООО"})
    cid = store.create(Company, {"short_name": "Хлебная лавка", "legal_form": "ООО"})
    store.update(Company, cid, 1, {"short_name": "Лавка хлеба"})
    by_name = queries.first_page("хлеб", rank_limit=1)
    assert [r.name for r in by_name.rows] == ["Лавка хлеба", "Хлебный дом", "Хлебозавод", "Ярославский хлеб"]
    if backend.current().index_sort_name:
        assert _out_of_step() == 0


def test_a_row_written_by_sql_without_a_sort_name_or_moved_still_gets_it(before_0016):
    open_database(before_0016)
    if not backend.current().index_sort_name:
        pytest.skip("only PostgreSQL's index rows carry sort names")
    first, second = (store.create(Company, {"short_name": n, "legal_form": "ООО"})
                     for n in ("Хлебозавод", "Мельница"))
    database.execute_sql("DELETE FROM search_index WHERE rowid = ?", (first,))
    database.execute_sql("INSERT INTO search_index (rowid, name) VALUES (?, 'хлебозавод')", (first,))
    database.execute_sql("DELETE FROM search_index WHERE rowid = ?", (second,))
    database.execute_sql("UPDATE search_index SET rowid = ? WHERE rowid = ?", (second, first))
    database.execute_sql("INSERT INTO search_index (rowid, name) VALUES (?, 'хлебозавод')", (first,))
    assert _out_of_step() == 0
