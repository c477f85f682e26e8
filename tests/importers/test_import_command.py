"""The contract of `palata import`, `palata imports` and `palata undo-import`, run as a user runs
them; and a process killed in the middle of an import."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import date

from openpyxl import load_workbook

from models.identifiers import make_inn
from models.store import os_user
from tests.importers.xlfixtures import REPO, palata, write_xlsx

INN_A, INN_B = "7707083893", make_inn("332710048")

ROWS = [
    ["Реестр членов палаты"],
    [],
    ["Наименование", "ИНН/КПП", "Телефон", "Эл. почта", "Дата вступления", "Город", "Статус"],
    ['ООО "Ромашка"', f"{INN_A}/773601001", "8 (4922) 12-34-56", "INFO@romashka.ru",
     date(2020, 1, 15), "Владимир", "действует"],
    ["Вектор, АО", INN_B, "+7 49232 2-34-56", "", "15.01.2021 г.", "Ковров", ""],
    ["Ромашка", INN_A, "", "", "", "", ""],
    ["Лотос", "7707083894", "", "", "", "Муром", ""],
    ["Итого: 4", "", "", "", "", "", ""],
]


def count(db_path, table="company"):
    with sqlite3.connect(db_path) as con:
        return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def test_import_summary_report_dry_run_history_and_undo(tmp_path):
    db_path = tmp_path / "x.db"
    path = write_xlsx(tmp_path / "list.xlsx", {"Инструкция": [["Заполните второй лист"]], "Данные": ROWS})

    dry = palata("--db", str(db_path), "import", str(path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "база не изменена" in dry.stdout
    assert "компаний создано: 2" in dry.stdout
    assert not db_path.exists()  # a dry run does not even create the database

    report = tmp_path / "rejected.xlsx"
    result = palata("--db", str(db_path), "import", str(path), "--report", str(report))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for line in ("строк прочитано: 4", "компаний создано: 2", "компаний обновлено: 0",
                 "объединено повторов: 1", "без изменений: 0", "отклонено: 1"):
        assert line in out, out
    assert "лист «Данные», строка 7: ИНН 7707083894" in out
    ws = load_workbook(report).active
    rows = list(ws.values)
    assert rows[0][:3] == ("Лист", "Строка", "Причина")
    assert rows[1][:2] == ("Данные", 7) and "7707083894" in rows[1][2]
    assert "Лотос" in rows[1]
    assert count(db_path) == 2

    again = palata("--db", str(db_path), "import", str(path), "--dry-run")
    assert "компаний создано: 0" in again.stdout and "компаний обновлено: 0" in again.stdout
    assert count(db_path, "import_batch") == 1  # the dry run recorded no batch

    history = palata("--db", str(db_path), "imports")
    assert history.returncode == 0 and "list.xlsx" in history.stdout
    assert os_user() in history.stdout  # the OS account that ran the import

    undo = palata("--db", str(db_path), "undo-import", "1")
    assert undo.returncode == 0, undo.stderr
    assert "Импорт №1 отменён" in undo.stdout
    assert count(db_path) == 0
    assert "отменён" in palata("--db", str(db_path), "imports").stdout
    twice = palata("--db", str(db_path), "undo-import", "1")
    assert twice.returncode != 0 and "уже отменён" in twice.stderr and "Traceback" not in twice.stderr


def test_map_option_and_english(tmp_path):
    db_path = tmp_path / "x.db"
    path = write_xlsx(tmp_path / "m.xlsx", {"Sheet1": [["Орг.", "Номер"], ["Ромашка", INN_A]]})
    result = palata("--db", str(db_path), "--lang", "en", "import", str(path),
                    "--map", "Орг.=short_name", "--map", "Номер=inn")
    assert result.returncode == 0, result.stderr
    assert "companies created: 1" in result.stdout


_KILLED_IMPORT = r"""
import sys, time
from models.db import open_database
from importers.apply import import_file

open_database(sys.argv[1])

def progress(stage, done, total):
    if stage == "write" and done:
        print("MID", flush=True)
        time.sleep(60)

import_file(sys.argv[2], progress=progress)
"""


def test_kill_9_in_the_middle_of_an_import_leaves_the_database_as_it_was(tmp_path):
    db_path = tmp_path / "x.db"
    seed = write_xlsx(tmp_path / "seed.xlsx", {"Лист1": [["Наименование", "ИНН"], ["Ромашка", INN_A]]})
    assert palata("--db", str(db_path), "import", str(seed)).returncode == 0
    rows = [["Наименование", "ИНН", "Город"]] + [
        [f"Компания {i}", make_inn(f"33{i:07d}"), "Владимир"] for i in range(1, 2500)]
    big = write_xlsx(tmp_path / "big.xlsx", {"Лист1": rows})
    before = (count(db_path), count(db_path, "change_log"), count(db_path, "import_batch"))

    proc = subprocess.Popen([sys.executable, "-c", _KILLED_IMPORT, str(db_path), str(big)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert proc.stdout.readline().strip() == "MID", proc.stderr.read()
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with sqlite3.connect(db_path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert (count(db_path), count(db_path, "change_log"), count(db_path, "import_batch")) == before
    # and the database works: the same import now runs to the end
    done = palata("--db", str(db_path), "import", str(big))
    assert done.returncode == 0 and "компаний создано: 2499" in done.stdout
