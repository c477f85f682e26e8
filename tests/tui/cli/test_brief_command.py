"""`palata brief NAME|INN [--out FILE]`: the same briefing as the app, printed or written."""

from __future__ import annotations

import sqlite3

from tests.conftest import run_palata

STAVROVO = "Ставровский индустриальный парк"


def test_brief_by_name_prints_the_briefing(app_db):
    result = run_palata("--db", str(app_db), "brief", STAVROVO)
    assert result.returncode == 0, result.stderr
    assert STAVROVO in result.stdout
    assert "Кому звонить" in result.stdout and "Открытые поручения" in result.stdout


def test_brief_by_inn_to_a_file_in_english(app_db, tmp_path):
    with sqlite3.connect(app_db) as con:
        inn = con.execute("SELECT inn FROM company WHERE short_name LIKE ? AND inn IS NOT NULL",
                          (STAVROVO + "%",)).fetchone()[0]
    out = tmp_path / "brief.md"
    result = run_palata("--db", str(app_db), "--lang", "en", "brief", inn, "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith(f"# {STAVROVO}")
    assert "## Whom to call" in text and "## Who of ours matches" in text


def test_brief_of_nobody_is_one_sentence(app_db):
    result = run_palata("--db", str(app_db), "brief", "Несуществующаякомпания")
    assert result.returncode == 2
    assert "не найдена" in result.stderr and "Traceback" not in result.stderr
