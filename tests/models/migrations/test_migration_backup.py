"""Before migrating a SQLite file Palata copies it aside, but only for a migration that changes a
SQLite file: one for PostgreSQL only (its STORES) leaves nothing to restore, and at a million
companies the copy costs 3.7 GB of disk and some 10 s of the first start after an update."""

from __future__ import annotations

from models import store
from models.db import close_database, open_database
from models.entities import Company
from tests.models.migrations.older import only_before, register_before


def _company() -> None:
    store.create(Company, {"short_name": "Стройдеталь"})


def test_a_file_migrated_by_postgresql_only_migrations_is_not_copied_aside(tmp_path, monkeypatch):
    path = tmp_path / "palata.db"
    register_before("0014", str(path), tmp_path, monkeypatch, _company)
    only_before("0017", tmp_path, monkeypatch)
    open_database(str(path))  # 0014, 0015 and 0016: each for PostgreSQL only
    close_database()
    assert not list(tmp_path.glob("palata.db.before-*.bak"))


def test_a_file_migrated_by_a_migration_that_changes_it_is_copied_aside_first(tmp_path, monkeypatch):
    path = tmp_path / "palata.db"
    register_before("0010", str(path), tmp_path, monkeypatch, _company)
    open_database(str(path))  # 0010 adds the trigram index of names to the file
    close_database()
    assert [p.name.split("-")[1] for p in tmp_path.glob("palata.db.before-*.bak")] == ["0010_name_fragments"]
