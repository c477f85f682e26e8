"""Migration 0010 on registers made before it, on both stores: the fragments of their names are
found as soon as the register is opened by this version, and the index stays in step."""

from __future__ import annotations

import pytest

import models.db
from models import backend, search, store
from models.db import close_database, open_database
from models.entities import Company
from tests.models.migrations.older import register_before


@pytest.fixture
def before_0010(tmp_path, monkeypatch, request):
    """A store made by the migrations up to 0009, with companies saved in it (no trigram index
    there to keep)."""
    location = str(tmp_path / "old.db")
    if request.param == "postgresql":
        location = request.getfixturevalue("pg_server").create()

    def fill() -> None:
        store.create(Company, {"short_name": "Спецжелезобетон", "legal_form": "ОАО"})
        store.create(Company, {"short_name": "Муромтрубмаш", "legal_form": "ООО"})

    return register_before("0010", location, tmp_path, monkeypatch, fill)


@pytest.mark.parametrize("before_0010", ["sqlite", "postgresql"], indirect=True)
def test_an_older_register_finds_fragments_after_the_migration(before_0010):
    open_database(before_0010)
    try:
        assert [h.name for h in search.search_companies("железобет")] == ["Спецжелезобетон"]
        assert [h.name for h in search.search_companies("трубмаш")] == ["Муромтрубмаш"]
        assert search.index_matches_tables()
        if backend.current() is backend.POSTGRES:  # pg_trgm's index answers LIKE '%…%'
            assert models.db.database.execute_sql(
                "SELECT count(*) FROM pg_indexes "
                "WHERE indexname = 'search_index_name_trgm'").fetchone()[0] == 1
        store.create(Company, {"short_name": "Трубмашресурс", "legal_form": "ООО"})
        # the name's beginning before a fragment inside one
        assert [h.name for h in search.search_companies("трубмаш")] == ["Трубмашресурс", "Муромтрубмаш"]
        assert search.index_matches_tables()
    finally:
        close_database()
