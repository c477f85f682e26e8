"""`palata export` end to end, its filters, and how it fails."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from importers.errors import ExportFailure
from importers.export import export_register
from models import backend, export_queries, store
from models.db import close_database, database, open_database
from models.entities import Company, Interest, Mission, Participation
from models.export_queries import ExportFilter
from tests.conftest import raises_said, run_palata
from tests.importers.export_support import make_register


@pytest.fixture
def register_file(store_location: str) -> str:
    """A small register in a file (or, second, in a PostgreSQL database): its --db."""
    open_database(store_location)
    try:
        make_register(6)
    finally:
        close_database()
    return store_location


def _rows(path: Path, sheet: str) -> list[tuple]:
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(min_row=2, values_only=True))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_command_writes_the_register_and_says_where(register_file, tmp_path):
    out = tmp_path / "выгрузка.xlsx"
    out.write_text("an old file that is replaced without asking")
    result = run_palata("--db", str(register_file), "export", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress bar in a pipe
    [line] = result.stdout.strip().splitlines()
    assert str(out) in line and "компании 6" in line and "контакты 12" in line
    assert len(_rows(out, "Компании")) == 6
    assert _leftovers(tmp_path) == []


def test_command_in_english_with_filters_and_sheets(register_file, tmp_path):
    out = tmp_path / "kovrov.xlsx"
    result = run_palata("--db", str(register_file), "--lang", "en", "export", str(out), "--city", "КОВРОВ",
                        "--sheets", "companies,Contacts")
    assert result.returncode == 0, result.stderr
    assert "companies 2" in result.stdout and "contacts 4" in result.stdout
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Companies", "Contacts"]
    assert {r[10] for r in _rows(out, "Companies")} == {"Ковров"}


@pytest.mark.parametrize("args, message", [
    (["/no/such/folder/x.xlsx"], "Папки /no/such/folder не существует"),
    (["{tmp}/x.csv"], "расширение .xlsx"),
    (["{tmp}/x.xlsx", "--status", "спит"], "Неизвестный статус членства «спит»"),
    (["{tmp}/x.xlsx", "--sheets", "счета"], "Неизвестный лист «счета»"),
    (["{tmp}/x.xlsx", "--mission", "999"], "Миссии № 999 нет в реестре"),
    (["{tmp}/file.txt/x.xlsx"], "не папка"),
])
def test_bad_requests_end_in_one_sentence(register_file, tmp_path, args, message):
    (tmp_path / "file.txt").write_text("a file, not a folder")
    args = [a.format(tmp=tmp_path) for a in args]
    result = run_palata("--db", str(register_file), "export", *args)
    assert result.returncode != 0
    assert message in result.stderr.replace("\n", " ")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) <= 2
    assert _leftovers(tmp_path) == [] and not (tmp_path / "x.xlsx").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_folder(register_file, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = run_palata("--db", str(register_file), "export", str(locked / "x.xlsx"))
    assert result.returncode == 1 and "Нет прав на запись" in result.stderr


def test_a_failure_midway_keeps_the_old_file_and_leaves_no_temp(db, tmp_path, monkeypatch):
    from importers import export

    make_register(3)
    monkeypatch.setattr(export, "_REPORT_EVERY", 1)
    out = tmp_path / "keep.xlsx"
    out.write_bytes(b"the previous export")

    def boom(stage, done, total):
        if done == 2:  # in the middle of the companies sheet, its cursor still open
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_register(out, progress=boom)
    assert out.read_bytes() == b"the previous export"
    assert _leftovers(tmp_path) == []
    assert export_register(out).counts["companies"] == 3  # the connection is fine afterwards


def _companies(path: Path) -> set[str]:
    return {r[1] for r in _rows(path, "Компании")}


def test_filters_pick_companies_and_only_their_records(db, tmp_path):
    ids = make_register(6)["companies"]
    names = {cid: Company.get_by_id(cid).short_name for cid in ids}
    store.update(Company, ids[0], 1, {"tags": "Экспорт; ВЭД"})
    lonely = store.create(Mission, {"kind": "congress", "title": "Конгресс без наших"})
    store.create(Participation, {"mission": lonely, "company": ids[5]})
    store.create(Interest, {"company": ids[4], "direction": "buys", "subject": "Трубами стальными"})
    out = tmp_path / "f.xlsx"

    def export(**kw) -> set[str]:
        export_register(out, company_filter=ExportFilter(**kw))
        return _companies(out)

    assert export(city="ковров") == {names[ids[1]], names[ids[4]]}
    assert export(status="left") == {names[ids[2]], names[ids[5]]}
    assert export(tag="экспорт") == {names[i] for i in (ids[0], ids[1], ids[3], ids[5])}
    assert export(industry="23") == {names[ids[1]], names[ids[4]]}
    assert export(industry="23.61") == {names[ids[1]], names[ids[4]]}
    assert export(industry="2") == set()
    assert export(mission=lonely) == {names[ids[5]]}
    assert export(interest="трубы") == set(names.values())  # every company wants "стальные трубы"
    assert export(interest="трубам", city="Ковров") == {names[ids[1]], names[ids[4]]}
    assert export(city="Ковров", status="active") == set()
    assert export(search=Company.get_by_id(ids[2]).inn) == {names[ids[2]]}
    # dependent sheets: only rows of the exported companies; missions they took part in
    export_register(out, company_filter=ExportFilter(mission=lonely))
    company_refs = {r[0] for r in _rows(out, "Компании")}
    assert company_refs == {ids[5]}
    for sheet, col in (("Контакты", 0), ("Интересы", 1), ("Участие", 1), ("Действия", 0)):
        assert {r[col] for r in _rows(out, sheet)} == {ids[5]}, sheet
    assert {r[2] for r in _rows(out, "Миссии")} == {"Бизнес-миссия в Минск", "Конгресс без наших",
                                                    "Круглый стол: экспорт"}
    assert [r[3] for r in _rows(out, "Встречи")] == [str(ids[5])]  # only its own party number
    assert _rows(out, "Соглашения") == []


def _plan(select: str) -> str:
    """How the open store would read `select`, as one text."""
    if isinstance(backend.current(), backend.PostgresBackend):
        return "\n".join(r[0] for r in database.execute_sql("EXPLAIN " + select).fetchall())
    return "\n".join(r[3] for r in database.execute_sql("EXPLAIN QUERY PLAN " + select).fetchall())


def test_a_filtered_export_reads_its_few_companies_by_id_not_the_whole_register(db):
    # A few companies of a large register must not cost a walk through every company's name (at
    # a million companies that made a filtered export take 10-15 s). The planner is told how
    # many were marked; here the register is small, which leaves the planner the same guess.
    make_register(6)
    with export_queries.exporting(ExportFilter(city="Ковров")):
        plan = _plan(f"SELECT c.id FROM company c {export_queries._IN_EXPORT} ORDER BY c.sort_name, c.id")
    assert "company_sort_name" not in plan and "Seq Scan on company" not in plan, plan
    assert "SCAN e" in plan or f"Seq Scan on {export_queries._TEMP}" in plan, plan


def test_a_full_disk_at_the_end_is_one_sentence_and_no_temp(db, tmp_path, monkeypatch):
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    make_register(2)

    def full(self):
        raise FileCreateError(OSError(28, "No space left on device"))

    monkeypatch.setattr(xlsxwriter.Workbook, "close", full)
    out = tmp_path / "full.xlsx"
    with raises_said(ExportFailure, r"^На диске не хватило места, файл .*full.xlsx не записан; "):
        export_register(out)
    assert _leftovers(tmp_path) == [] and not out.exists()


def test_a_colleague_can_write_during_an_export_and_it_is_not_half_seen(db, db_path, tmp_path):
    import sqlite3

    make_register(3)
    out = tmp_path / "snapshot.xlsx"
    written = []

    def colleague(stage, done, total):
        if not written:
            with sqlite3.connect(db_path, timeout=1) as other:  # fails if the export held the lock
                cid = other.execute("INSERT INTO company (short_name, sort_name, country, version) "
                                    "VALUES ('Новичок', 'новичок', 'Россия', 1)").lastrowid
                # a contact of a company already in the export: the snapshot must not see it
                other.execute("INSERT INTO contact (company_id, name, is_primary, version) "
                              "SELECT min(id), 'Новый контакт', 0, 1 FROM company")
            written.append(cid)

    summary = export_register(out, progress=colleague)
    assert written and summary.counts["companies"] == 3 and summary.counts["contacts"] == 6
    assert "Новичок" not in _companies(out)


def test_a_sheet_too_long_for_excel_is_refused_before_writing(db, tmp_path, monkeypatch):
    from importers import export

    make_register(4)
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 8)
    with raises_said(ExportFailure, "«Контакты» не поместится в Excel: 8 строк"):
        export_register(tmp_path / "big.xlsx")
    assert _leftovers(tmp_path) == [] and not (tmp_path / "big.xlsx").exists()
