"""Migration 0022 on a register made before it: PostgreSQL counts the words of the companies
indexed already by their prefixes, and a short word is counted as before on both stores."""

from __future__ import annotations

import pytest

from models import backend, health, queries, store
from models.db import close_database, database, open_database
from models.entities import Company
from tests.models.migrations.older import register_before


def _counts() -> list[int]:
    return [queries.count_companies(w, cap=3) for w in ("хле", "хлеб", "м", "ооо", "хлебозавод")]


@pytest.fixture(params=["sqlite", "postgresql"])
def before_0022(request, tmp_path, monkeypatch):
    location = (str(tmp_path / "palata.db") if request.param == "sqlite"
                else request.getfixturevalue("pg_server").create())
    seen: list[list[int]] = []

    def fill() -> None:
        for name in ("Хлебозавод", "Ярославский хлеб", "Хлебный дом", "Хлебница", "Мельница"):
            store.create(Company, {"short_name": name, "legal_form": "ООО"})
        seen.append(_counts())

    yield register_before("0022", location, tmp_path, monkeypatch, fill), seen[0]
    close_database()


def test_short_words_are_counted_as_before_after_it(before_0022):
    location, before = before_0022
    open_database(location)
    assert before == _counts() == [4, 4, 1, 4, 1]  # 4: more than 3
    assert health.prefix_counts(repair=False) is None
    if backend.current() is backend.POSTGRES:
        kept = dict(database.execute_sql(
            "SELECT prefix, sum(delta) FROM search_prefix_count GROUP BY prefix").fetchall())
        assert (kept["хлеб"], kept["м"], kept["ооо"]) == (4, 1, 5)
