"""Migration 0019 on a SQLite register made before it: the search index is rebuilt with
ready-made prefixes of three and four letters, and finds, counts and lists the same companies as before."""

from __future__ import annotations

from models import queries, store
from models.backend import SqliteBackend
from models.db import close_database, database, open_database
from models.entities import Company, Interest
from tests.models.migrations.older import register_before

NAMES = ("Трубный завод", "Стройтрест", "Трубоцентр", "Мебель Коврова", "Строймаш", "Труба-Сервис")


def _answers() -> list:
    out = []
    for text in ("тру", "стр", "тр", "труб", "мебел", "ков", "трубы стальные"):
        page = queries.first_page(text)
        out.append((text, page.matching, page.capped, [r.name for r in page.rows],
                    [r.matched for r in page.rows]))
    out.append([r.name for r in queries.first_page("тру", count_cap=2, rank_limit=1, limit=2).rows])
    return out


def test_the_index_keeps_longer_prefixes_and_finds_the_same(tmp_path, monkeypatch):
    seen: list = []

    def fill() -> None:
        for name in NAMES:
            company = store.create(Company, {"short_name": name, "legal_form": "ООО"})
        store.create(Interest, {"company": company, "direction": "sells", "subject": "стальные трубы"})
        seen.append(_answers())

    with monkeypatch.context() as m:  # the register before 0019 has no index of 0021 either
        m.setattr(SqliteBackend, "company_by_id_index", None)
        location = register_before("0019", str(tmp_path / "palata.db"), tmp_path, monkeypatch, fill)
    open_database(location)
    try:
        assert _answers() == seen[0]
        assert seen[0][0][1:3] == (3, False)  # «тру»: three companies, counted exactly
        schema = database.execute_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'search_index'").fetchone()[0]
        assert "prefix = '1 2 3 4'" in schema
        # written after it, a company is found by its first three or four letters
        store.create(Company, {"short_name": "Трубопрокат", "legal_form": "АО"})
        assert "Трубопрокат" in [r.name for r in queries.first_page("тру").rows]
        assert "Трубопрокат" in [r.name for r in queries.first_page("труб").rows]
    finally:
        close_database()
