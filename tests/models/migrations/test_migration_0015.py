"""Migration 0015 on a register made before it: on PostgreSQL the companies indexed already get
their sort names on their index rows; on both stores the companies table lists and ranks a
search's matches by name as before, renamed and new companies included."""

from __future__ import annotations

import pytest

from models import backend, queries, store
from models.db import close_database, database, open_database
from models.entities import Company
from tests.models.migrations.older import register_before


@pytest.fixture(params=["sqlite", "postgresql"])
def before_0015(request, tmp_path, monkeypatch):
    location = (str(tmp_path / "palata.db") if request.param == "sqlite"
                else request.getfixturevalue("pg_server").create())

    def fill() -> None:
        for name in ("Ярославский хлеб", "Хлебозавод", "Хлебный дом"):
            store.create(Company, {"short_name": name, "legal_form": "ООО"})

    yield register_before("0015", location, tmp_path, monkeypatch, fill)
    close_database()


def test_the_indexed_companies_are_listed_by_name_after_it(before_0015):
    open_database(before_0015)
    if backend.current().index_sort_name:
        in_step = database.execute_sql(
            "SELECT count(*) FROM search_index s JOIN company c ON c.id = s.rowid "
            "WHERE s.sort_name = c.sort_name").fetchone()[0]
        assert in_step == 3
    by_name = queries.first_page("хлеб", rank_limit=1)
    assert [r.name for r in by_name.rows] == ["Хлебный дом", "Хлебозавод", "Ярославский хлеб"]
    assert (by_name.matching, by_name.ranked) == (3, False)
    ranked = queries.first_page("хлеб")
    assert [r.name for r in ranked.rows] == ["Хлебозавод", "Хлебный дом", "Ярославский хлеб"]


def test_the_index_rows_follow_a_sort_name_written_by_sql_alone(before_0015):
    # Whatever writes company.sort_name (a later migration recomputing it, a bulk update), the
    # matches are listed in the new order on both stores: PostgreSQL's trigger passes it on.
    open_database(before_0015)
    database.execute_sql("UPDATE company SET sort_name = 'яяя' WHERE short_name = 'Хлебный дом'")
    by_name = queries.first_page("хлеб", rank_limit=1)
    assert [r.name for r in by_name.rows] == ["Хлебозавод", "Ярославский хлеб", "Хлебный дом"]
