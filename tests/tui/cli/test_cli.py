"""The real `palata` command in a subprocess: help, errors, demo, search, backup."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from tests.conftest import run_palata


def test_version():
    result = run_palata("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("palata ")


def test_help_is_russian_by_default_and_english_on_request():
    ru = run_palata("--help")
    assert ru.returncode == 0
    assert "использование" in ru.stdout and "команды" in ru.stdout and "search" in ru.stdout
    en = run_palata("--help", "--lang", "en")
    assert "usage" in en.stdout and "commands" in en.stdout
    assert "использование" not in en.stdout
    by_locale = run_palata("--help", env={"PALATA_LANG": "", "LC_ALL": "en_US.UTF-8"})
    assert "usage" in by_locale.stdout


def test_unknown_command_is_one_sentence(tmp_path):
    result = run_palata("--db", str(tmp_path / "x.db"), "frobnicate")
    assert result.returncode == 2
    assert "Неизвестная команда «frobnicate»" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_database_for_search(tmp_path):
    result = run_palata("--db", str(tmp_path / "nowhere" / "x.db"), "search", "трубы")
    assert result.returncode == 1
    assert "не найден" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "nowhere").exists()


def test_corrupt_database_file(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("это не база данных\n" * 100, encoding="utf-8")
    result = run_palata("--db", str(bad), "search", "трубы")
    assert result.returncode == 1
    assert "не является базой данных" in result.stderr
    assert "Traceback" not in result.stderr
    assert bad.read_text(encoding="utf-8").startswith("это не база данных")


def test_palata_db_variable_picks_the_file(sample_db):
    result = run_palata("search", "Ставровский", env={"PALATA_DB": str(sample_db)})
    assert result.returncode == 0, result.stderr
    assert "Ставровский" in result.stdout


def test_demo_loads_the_sample_and_search_finds_it(sample_db):
    with sqlite3.connect(sample_db) as conn:
        members = conn.execute("SELECT count(*) FROM company WHERE member_status IS NOT NULL").fetchone()[0]
        interests = conn.execute("SELECT count(*) FROM interest").fetchone()[0]
    assert members >= 1300
    assert interests >= 1000
    result = run_palata("--db", str(sample_db), "search", "трубы")
    assert result.returncode == 0, result.stderr
    assert "Трубный завод" in result.stdout  # the name first
    result = run_palata("--db", str(sample_db), "search", "ставровский")
    assert "Ставровский" in result.stdout


def test_demo_refuses_a_non_empty_database_unless_forced(sample_db, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(sample_db, copy)
    again = run_palata("--db", str(copy), "demo")
    assert again.returncode == 0 and "уже загружены" in again.stdout
    with sqlite3.connect(copy) as conn:
        conn.execute("DELETE FROM import_batch")
    other = run_palata("--db", str(copy), "demo")
    assert other.returncode == 2
    assert "уже есть компании" in other.stderr


@pytest.mark.parametrize("query", ['"', "NEAR(", "((", "*", "AND"])
def test_search_never_fails_on_odd_input(sample_db, query):
    result = run_palata("--db", str(sample_db), "search", query)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_backup_makes_a_working_copy(sample_db, tmp_path):
    out = tmp_path / "backup.db"
    result = run_palata("--db", str(sample_db), "backup", str(out))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(out) as a, sqlite3.connect(sample_db) as b:
        query = "SELECT count(*) FROM company"
        assert a.execute(query).fetchone() == b.execute(query).fetchone()
        assert a.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
