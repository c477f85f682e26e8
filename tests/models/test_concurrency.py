"""Many staff at once on one file, and processes killed mid-edit: nothing lost, nothing locked."""

from __future__ import annotations

import sqlite3

import pytest

from bench import scenarios


@pytest.fixture
def shared_db(tmp_path):
    path = tmp_path / "shared.db"
    scenarios.seed_register(path)
    return path


def test_eight_writers_lose_nothing_and_never_see_a_lock(shared_db, tmp_path):
    result = scenarios.concurrent_writers(shared_db, tmp_path, processes=8, ops=40)
    assert result.errors == []
    assert result.attempted == 8 * 40
    assert result.committed == result.attempted  # conflicts were retried, none given up
    assert result.lost == 0


def test_writers_and_an_import_at_the_same_time(shared_db, tmp_path):
    result = scenarios.concurrent_writers(shared_db, tmp_path, processes=4, ops=30, import_rows=300)
    assert result.errors == []
    assert result.lost == 0
    assert result.committed == result.attempted


def test_killed_edits_are_all_or_nothing(shared_db, tmp_path):
    result = scenarios.crash_during_edits(shared_db, tmp_path, trials=6)
    assert result.errors == []
    assert result.lost == 0
    assert result.committed > 0
    with sqlite3.connect(shared_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_readers_keep_answering_while_an_import_runs(shared_db, tmp_path):
    result = scenarios.readers_during_import(shared_db, tmp_path, rows=1500, seconds=1.0)
    assert result.errors == []
    assert result.committed == result.attempted > 0
