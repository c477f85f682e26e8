"""The values the filter dialog offers (`browse.choices`): the towns, regions, industries and tags
of the companies in the register, each with how many companies have it, the most frequent first,
the archived companies left out; on both stores alike, and read from indexes (migration 0020)."""

from __future__ import annotations

import pytest

from models import backend, browse, store
from models.db import database
from models.entities import Company


def _company(name: str, **fields) -> int:
    return store.create(Company, {"short_name": name, "legal_form": "ООО", **fields})


def test_the_lists_count_the_companies_not_archived_most_frequent_first(both_backends):
    _company("Первая", city="Ковров", region="Владимирская область", industry="Металлургия",
             tags="экспорт; ВЭД")
    _company("Вторая", city="Ковров", industry="Металлургия", tags="экспорт")
    _company("Третья", city="Муром", region="Владимирская область", industry="Строительство",
             tags="ВЭД; экспорт; ВЭД")
    _company("Четвёртая", city="Гусь-Хрустальный", industry="Строительство")
    gone = _company("Архивная", city="Муром", region="Ивановская область", industry="Текстиль",
                    tags="ткани")
    store.archive(Company, gone, Company.get_by_id(gone).version)

    found = browse.choices()

    # equal counts by name, whatever the store's collation; the region after the towns
    assert found.places == [("Ковров", 2), ("Гусь-Хрустальный", 1), ("Муром", 1),
                            ("Владимирская область", 2)]
    assert found.industries == [("Металлургия", 2), ("Строительство", 2)]
    assert found.tags == [("экспорт", 3), ("ВЭД", 2)]  # a tag named twice by one company counts once


def test_the_lists_are_read_from_indexes_not_from_every_company(both_backends):
    if backend.current() is not backend.SQLITE:
        pytest.skip("the plan asked of SQLite: PostgreSQL picks between its index and a scan by size")
    for column in ("city", "region", "industry", "tags"):
        plan = " ".join(row[-1] for row in database.execute_sql(
            f"EXPLAIN QUERY PLAN SELECT {column}, count(*) FROM company WHERE {column} IS NOT NULL "
            f"AND {column} != '' GROUP BY {column}").fetchall())
        assert f"COVERING INDEX company_{column}" in plan
    plan = " ".join(row[-1] for row in database.execute_sql(
        "EXPLAIN QUERY PLAN SELECT city, region, industry, tags FROM company "
        "WHERE archived_at >= '1900-01-01'").fetchall())
    assert "INDEX company_archived_at" in plan
