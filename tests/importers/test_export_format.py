"""What a person sees on opening the export, and what can never be in it (formulas)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from importers import layout
from importers.export import MAX_WRAP_WIDTH, MIN_WIDTH, export_register, sheet_keys
from models import store
from models.entities import Company
from tests.conftest import sqlite_only
from tests.importers.export_support import make_register

_STARTS = ["=1+1", "=cmd|' /C calc'!A0", "+7 912 000-00-00", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1",
           "=HYPERLINK(\"http://x.example\")", "==", "+", "-", "@"]


@pytest.fixture
def workbook(db, tmp_path):
    make_register(4)
    path = tmp_path / "out.xlsx"
    export_register(path)
    return openpyxl.load_workbook(path)


def _column(ws, title: str) -> int:
    return [c.value for c in ws[1]].index(title) + 1


def test_sheets_and_headers_are_the_register_layout(workbook):
    assert workbook.sheetnames == [s.ru for s in layout.SHEETS]
    for sheet in layout.SHEETS:
        assert [c.value for c in workbook[sheet.ru][1]] == [c.ru for c in sheet.columns]


def test_english_sheets_columns_and_labels(db, tmp_path):
    make_register(3)
    export_register(tmp_path / "en.xlsx", lang="en")
    wb = openpyxl.load_workbook(tmp_path / "en.xlsx")
    assert wb.sheetnames == [s.en for s in layout.SHEETS]
    ws = wb["Companies"]
    assert [c.value for c in ws[1]] == [c.en for c in layout.COMPANIES.columns]
    statuses = {r[0] for r in ws.iter_rows(min_row=2, min_col=_column(ws, "Membership status"),
                                           max_col=_column(ws, "Membership status"), values_only=True)}
    assert statuses == {"active", "suspended", "left"}
    contacts = wb["Contacts"]
    primary = {r[0] for r in contacts.iter_rows(min_row=2, min_col=_column(contacts, "Primary"),
                                                max_col=_column(contacts, "Primary"), values_only=True)}
    assert primary == {"yes", "no"}


def test_header_style_frozen_pane_filter_and_widths(workbook):
    for ws in workbook.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert all(cell.font.bold for cell in ws[1])
        for letter, dim in ws.column_dimensions.items():
            if dim.width:
                assert MIN_WIDTH <= dim.width <= MAX_WRAP_WIDTH + 3, (ws.title, letter, dim.width)
    ws = workbook["Компании"]
    inn = openpyxl.utils.get_column_letter(_column(ws, "ИНН"))
    assert 11 <= ws.column_dimensions[inn].width <= 16  # fitted to the 10 digits, not the default
    notes = ws.cell(2, _column(ws, "Примечания"))
    assert notes.alignment.wrap_text


def test_dates_are_real_dates_and_identifiers_are_text(workbook):
    ws = workbook["Компании"]
    since = ws.cell(2, _column(ws, "Член палаты с"))
    assert isinstance(since.value, dt.datetime) and since.number_format.lower() == "dd.mm.yyyy"
    for title in ("ИНН", "КПП", "ОГРН/ОГРНИП", "Телефоны", "Членский билет №"):
        cell = ws.cell(2, _column(ws, title))
        assert cell.data_type == "s" and isinstance(cell.value, str), title
        assert cell.number_format == "@", title
    inns = [r[0] for r in ws.iter_rows(min_row=2, min_col=_column(ws, "ИНН"), max_col=_column(ws, "ИНН"),
                                       values_only=True)]
    assert any(v.startswith("0") for v in inns) and all(len(v) == 10 for v in inns)
    refs = [r[0] for r in ws.iter_rows(min_row=2, max_col=1, values_only=True)]
    assert refs == sorted(refs, key=lambda r: Company.get_by_id(r).sort_name)  # the "№" is the id


def test_labels_not_codes(workbook):
    ws = workbook["Компании"]
    col = _column(ws, "Статус членства")
    values = {r[0] for r in ws.iter_rows(min_row=2, min_col=col, max_col=col, values_only=True)}
    assert values <= {"действует", "приостановлено", "вышел"}


def test_no_cell_is_ever_a_formula_and_text_is_kept_intact(db, tmp_path):
    make_register(len(_STARTS), hostile=_STARTS)
    store.create(Company, {"short_name": "=2+2", "notes": "@evil", "address": "-1", "website": "+x",
                           "tags": "=A1; +B2", "inn": None, "phones": "=1"})
    path = tmp_path / "hostile.xlsx"
    export_register(path)
    wb = openpyxl.load_workbook(path)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    seen.add(cell.value)
                    assert not cell.quotePrefix
    assert "=2+2" in seen and "@evil" in seen and "=A1; +B2" in seen and "=1" in seen
    assert any(v.startswith("=cmd|") for v in seen) and not any(v.startswith("'=") for v in seen)


def test_sheet_names_can_be_keys_or_titles():
    assert sheet_keys(["Контакты", "companies", " Missions "]) == ["companies", "contacts", "missions"]
    with pytest.raises(ValueError):
        sheet_keys(["счета"])


def test_dates_before_excel_calendar_and_long_cells(db, tmp_path):
    from importers.register import load_register
    from models.db import close_database, open_database
    from tests.importers.export_support import snapshot

    store.create(Company, {"short_name": "Старинная мануфактура", "member_since": dt.date(1812, 9, 7),
                           "dues_paid_until": dt.date(1900, 1, 1), "notes": "ы" * 40_000})
    path = tmp_path / "old.xlsx"
    summary = export_register(path)
    assert summary.truncated == 1
    ws = openpyxl.load_workbook(path)["Компании"]
    assert ws.cell(2, _column(ws, "Член палаты с")).value == "07.09.1812"
    before = snapshot()
    close_database()
    open_database(tmp_path / "again.db")
    load_register(path)
    after = snapshot()
    [company] = after["companies"]
    assert company[:-1] == before["companies"][0][:-1]  # 1812 and 1900 dates included
    assert company[-1] == "ы" * 32_767  # Excel's limit; the command warns about it


def test_odd_values_written_around_the_store_do_not_break_it(db, tmp_path):
    sqlite_only(db)  # PostgreSQL's typed columns refuse such values when they are written
    db.execute_sql("INSERT INTO company (short_name, sort_name, country, member_since, inn, member_status, "
                   "version) VALUES ('=1', '', 'Россия', 'когда-то', 12345, 'frozen', 1)")
    export_register(tmp_path / "odd.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "odd.xlsx")["Компании"]
    row = {ws.cell(1, c).value: ws.cell(2, c) for c in range(1, ws.max_column + 1)}
    assert row["Краткое наименование"].value == "=1" and row["Краткое наименование"].data_type == "s"
    assert row["Член палаты с"].value == "когда-то"
    assert row["ИНН"].value == "12345" and row["Статус членства"].value == "frozen"
