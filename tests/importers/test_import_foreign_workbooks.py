"""Workbooks from other programs and people: Excel's own column letters in --map, years typed
alone, totals and placeholders, float noise and durations, foreign phones, the exact cause of a
refusal, and a report that cannot fail after the import committed."""

from __future__ import annotations

import struct
import zipfile
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from importers import normalise as nz
from importers.apply import import_file
from importers.extent import OleFile
from models.entities import Company
from models.identifiers import make_inn
from tests.importers.xlfixtures import palata, write_xls, write_xlsx
from tui.sentences import said

INN_A = "7707083893"
INN_B = make_inn("332710048")


def by_inn() -> dict[str, Company]:
    return {c.inn: c for c in Company.select()}


# --- --map letters ---------------------------------------------------------------------------

TABLE_IN_B = [
    [],
    [None, "Список членов палаты на 01.12.2025"],
    [None, "Орг.", "Нас. пункт", "Рег. код"],
    [None, "Ромашка", "Владимир", INN_A],
    [None, "Вектор", "Ковров", INN_B],
]


def test_map_letters_are_excels_columns_and_title_rows_are_skipped(db, tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", {"Лист1": TABLE_IN_B})
    result = import_file(path, mapping=["B=short_name", "C=city", "D=inn"])
    assert result.counts["created"] == 2 and result.counts["rejected"] == 0
    got = by_inn()
    assert (got[INN_A].short_name, got[INN_A].city) == ("Ромашка", "Владимир")
    assert (got[INN_B].short_name, got[INN_B].city) == ("Вектор", "Ковров")
    assert Company.select().count() == 2  # neither the title nor «Орг.» is a company


def test_header_row_named_by_its_number(db, tmp_path):
    rows = [["Отчёт"], ["Фирма", "Код"], ["Ромашка", INN_A], ["Фирма", "Код"], ["Вектор", INN_B]]
    path = write_xlsx(tmp_path / "list.xlsx", {"Лист1": rows})
    result = import_file(path, mapping=["A=short_name", "B=inn"], header_row=2)
    assert result.counts["created"] == 2
    assert sorted(c.short_name for c in Company.select()) == ["Вектор", "Ромашка"]
    assert [n.key for n in result.notices] == ["header_row"]  # the repeated header, row 4
    assert result.notices[0].row == 4


def test_map_letters_through_the_command(tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", {"Лист1": TABLE_IN_B})
    db = tmp_path / "r.db"
    result = palata("--db", str(db), "import", str(path), "--map", "B=short_name", "--map", "C=city",
                    "--map", "D=inn")
    assert result.returncode == 0, result.stderr
    assert "компаний создано: 2" in result.stdout


# --- dates -----------------------------------------------------------------------------------

def test_bare_years_and_implausible_serials(db, tmp_path):
    rows = [["Наименование", "ИНН", "Дата вступления"],
            ["Ромашка", INN_A, 2015],
            ["Вектор", INN_B, "2019"],
            ["Сокол", make_inn("331234567"), 123]]
    result = import_file(write_xlsx(tmp_path / "list.xlsx", {"Лист1": rows}))
    got = by_inn()
    assert got[INN_A].member_since == date(2015, 1, 1)
    assert got[INN_B].member_since == date(2019, 1, 1)
    years = [n for n in result.notices if n.key == "year_only"]
    assert [(n.row, n.values["year"]) for n in years] == [(2, 2015), (3, 2019)]
    [rejected] = result.rejections
    assert rejected.row == 4 and "123" in said(rejected.reason) and "дату" in said(rejected.reason)


def test_serials_count_from_1904_in_a_1904_workbook(db, tmp_path):
    import xlsxwriter

    path = tmp_path / "mac.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"date_1904": True})
    ws = wb.add_worksheet("Лист1")
    for r, row in enumerate([["Наименование", "ИНН", "Дата вступления"], ["Ромашка", INN_A, 43000]]):
        for c, value in enumerate(row):
            ws.write(r, c, value)
    wb.close()
    import_file(path)
    assert by_inn()[INN_A].member_since == date(1904, 1, 1) + timedelta(days=43000)


# --- totals, placeholders --------------------------------------------------------------------

def test_totals_placeholders_and_dashes(db, tmp_path):
    rows = [["Наименование", "ИНН", "Регион", "Телефон", "Сайт", "Оборот"],
            ["Наименование организации", "ИНН", "Регион", "телефон", "url", ""],  # a template's example
            ["Ромашка", INN_A, "-", "нет", "—", 10.5],
            ["Вектор", INN_B, "н/д", "8 (4922) 12-34-56", "www.vector.ru", 20],
            ["England", "", "-", "", "", 30.5],
            ["Итого", "", "", "", "", 61]]
    result = import_file(write_xlsx(tmp_path / "list.xlsx", {"Лист1": rows}))
    assert Company.select().count() == 2 and result.counts["rejected"] == 0
    a, b = by_inn()[INN_A], by_inn()[INN_B]
    assert (a.region, a.phones, a.website) == (None, None, None)
    assert (b.region, b.phones, b.website) == (None, "+7 4922 12-34-56", "www.vector.ru")
    keys = {(n.row, n.key) for n in result.notices}
    assert {(2, "header_row"), (5, "place_total"), (6, "totals_row")} <= keys


# --- numbers, durations ----------------------------------------------------------------------

def test_float_noise_and_durations_read_as_excel_shows_them(db, tmp_path):
    import xlsxwriter

    path = tmp_path / "list.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Лист1")
    ws.write_row(0, 0, ["Наименование", "ИНН", "Примечания", "Регион"])
    ws.write_row(1, 0, ["Ромашка", INN_A])
    ws.write_number(1, 2, 68.66499999999999)
    ws.write_number(1, 3, 10 + (15 * 3600 + 10 * 60 + 10) / 86400, wb.add_format({"num_format": "[h]:mm:ss"}))
    wb.close()
    import_file(path)
    a = by_inn()[INN_A]
    assert a.notes == "68.665"
    assert a.region == "255:10:10"


# --- phones ----------------------------------------------------------------------------------

def test_foreign_phones_are_formatted_and_invalid_ones_kept_with_a_warning(db, tmp_path):
    rows = [["Наименование", "ИНН", "Телефон"],
            ["Ромашка", INN_A, "+375 17 123-45-67; 8 10 86 10 1234 5678"],
            ["Вектор", INN_B, "+998 71 123 45 67, 12-34"]]
    result = import_file(write_xlsx(tmp_path / "list.xlsx", {"Лист1": rows}))
    got = by_inn()
    assert got[INN_A].phones == "+375 17 123-45-67; +86 10 1234 5678"
    assert got[INN_B].phones == "+998 71 123 45 67; 12-34"
    [kept] = [n for n in result.notices if n.key == "phone_kept"]
    assert (kept.row, kept.values["phone"]) == (3, "12-34")


@given(st.from_regex(r"[0-589][0-9]{9}", fullmatch=True))
def test_the_fast_path_agrees_with_phonenumbers(ten):
    import phonenumbers

    number = phonenumbers.parse("+7" + ten)
    assert nz._russian(ten) == phonenumbers.is_valid_number(number)


# --- exact causes ----------------------------------------------------------------------------

def _refused(tmp_path, path, *words) -> None:
    db = tmp_path / "new.db"
    result = palata("--db", str(db), "import", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    for w in words:
        assert w in message, message
    assert "повреждён" not in message
    assert not db.exists()  # a refused import leaves no database it created


def test_xls_under_an_xor_password(tmp_path):
    path = write_xls(tmp_path / "list.xls", [["Наименование", "ИНН"], ["Ромашка", INN_A]])
    data = bytearray(path.read_bytes())
    ole = OleFile(bytes(data))
    stream, offsets, block = ole.stream("Workbook")
    # the record after the first BOF becomes FILEPASS (type 0: XOR obfuscation), length kept
    bof_len = struct.unpack_from("<H", stream, 2)[0]
    pos = 4 + bof_len
    length = struct.unpack_from("<H", stream, pos + 2)[0]
    assert length >= 2
    record = struct.pack("<HH", 0x002F, length) + b"\0" * length
    for i, byte in enumerate(record):
        p = pos + i
        data[offsets[p // block] + p % block] = byte
    path.write_bytes(bytes(data))
    _refused(tmp_path, path, "защищён паролем")


def test_excel_4_file_is_an_old_format(tmp_path):
    path = tmp_path / "old.xls"
    bof = struct.pack("<HHHHH", 0x0409, 6, 0, 0x10, 0)[:10]
    path.write_bytes(bof + struct.pack("<HH", 0x000A, 0))
    _refused(tmp_path, path, "старом формате", ".xlsx")


def test_kspread_file_is_an_old_format(tmp_path):
    path = tmp_path / "list.ksp"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/x-kspread")
        z.writestr("maindoc.xml", '<?xml version="1.0"?><spreadsheet/>')
    _refused(tmp_path, path, "старом формате", ".xlsx")


def test_opendocument_variant_calamine_cannot_read_is_not_called_damaged(tmp_path):
    path = tmp_path / "kspread.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="urn:'
                   'oasis:names:tc:opendocument:xmlns:office:1.0"><office:body/></office:document-content>')
    db = tmp_path / "new.db"
    result = palata("--db", str(db), "import", str(path))
    message = " ".join(result.stderr.split())
    assert result.returncode == 1 and "Traceback" not in message
    assert "повреждён" not in message and not db.exists(), message


# --- the report ------------------------------------------------------------------------------

def test_report_of_rows_with_control_characters_is_written(tmp_path):
    import xlsxwriter
    from openpyxl import load_workbook

    path = tmp_path / "list.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Лист1")
    ws.write_row(0, 0, ["Наименование", "ИНН", "Адрес"])
    ws.write_row(1, 0, ["Ромашка", INN_A, "ул. Мира\x0bд. 1"])
    ws.write_row(2, 0, ["Вектор", "123", "пр.\x0bЛенина\x00"])  # rejected: a bad INN
    wb.close()
    report = tmp_path / "report.xlsx"
    result = palata("--db", str(tmp_path / "r.db"), "import", str(path), "--report", str(report))
    assert result.returncode == 0, result.stderr
    rows = list(load_workbook(report).active.iter_rows(values_only=True))
    assert rows[1][:2] == ("Лист1", 3) and "ИНН" in rows[1][2]


def test_a_report_that_cannot_be_written_stops_the_import_before_it_commits(tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", {"Лист1": [["Наименование", "ИНН"], ["Ромашка", INN_A]]})
    db = tmp_path / "r.db"
    assert palata("--db", str(db), "import", "--dry-run", str(path)).returncode == 0
    palata("--db", str(db), "doctor")
    result = palata("--db", str(db), "import", str(path), "--report", str(tmp_path / "no" / "r.xlsx"))
    assert result.returncode == 1 and "отчёт" in result.stderr
    listing = palata("--db", str(db), "imports")
    assert "list.xlsx" not in listing.stdout  # nothing was imported
