"""Migration 0018 on a register made before it: PostgreSQL gains the index of the search index's
rows by name, and a search matching more companies than the table counts is listed by name as it
was before, on both stores."""

from __future__ import annotations

import pytest

from models import backend, queries, store
from models.db import close_database, database, open_database
from models.entities import Company
from tests.models.migrations.older import register_before

NAMES = ("Хлебозавод", "Ярославский хлеб", "Лавка хлеба", "Хлебный дом", "Мельница", "Хлебница")


def _page() -> list[str]:
    return [r.name for r in queries.first_page("хлеб", limit=3, rank_limit=1, count_cap=2).rows]


@pytest.fixture(params=["sqlite", "postgresql"])
def before_0018(request, tmp_path, monkeypatch):
    location = (str(tmp_path / "palata.db") if request.param == "sqlite"
                else request.getfixturevalue("pg_server").create())
    seen: list[list[str]] = []

    def fill() -> None:
        for name in NAMES:
            store.create(Company, {"short_name": name, "legal_form": "ООО"})
        seen.append(_page())

    yield register_before("0018", location, tmp_path, monkeypatch, fill), seen[0]
    close_database()


def test_a_broad_search_lists_the_same_names_after_it(before_0018):
    location, before = before_0018
    open_database(location)
    assert before == _page() == ["Лавка хлеба", "Хлебница", "Хлебный дом"]
    if backend.current() is backend.POSTGRES:
        assert database.execute_sql(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'search_index_sort_name'").fetchone() == (1,)
