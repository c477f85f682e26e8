"""A stray cell far from the table: the sheet's real extent is read before calamine sizes it,
so the import reads the table (with a warning) or refuses in one sentence — within a few hundred
MB, never an abort. Each case runs the real `palata import` in a child process whose peak memory
is measured."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.extent import col_letters
from models.identifiers import make_inn
from tests.importers.xlfixtures import REPO, write_ods, write_xlsb

ROWS = [["Наименование", "ИНН"], ["Ромашка", "7707083893"], ["Вектор", make_inn("332710048")]]
LIMIT_MB = 400


def _peak_mb(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run `palata` in a child of a child, so that the peak resident memory measured is that
    command's alone."""
    code = ("import resource, subprocess, sys\n"
            "r = subprocess.run([sys.executable, '-m', 'tui.cli', *sys.argv[1:]],\n"
            "                   capture_output=True, text=True)\n"
            "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
            "sys.exit(r.returncode)\n")
    env = {**os.environ, "PALATA_LANG": "ru", "NO_COLOR": "1", "COLUMNS": "200", "PALATA_USER": "tester"}
    env.pop("PALATA_DB", None)
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=300)
    *err, peak = result.stderr.rstrip("\n").split("\n")
    result.stderr = "\n".join(err)
    return result, int(peak) / 1024


def far_xlsx(path: Path, cells: dict[str, str], rows=ROWS, dimension: str | None = None) -> Path:
    """An .xlsx built by hand (inline strings), with `cells` placed where openpyxl could not
    place them cheaply; `dimension` as the sheet declares it (a lie, when given)."""
    by_row: dict[int, list[tuple[int, str, str]]] = {}
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            by_row.setdefault(r, []).append((c, f"{col_letters(c)}{r}", value))
    for ref, value in cells.items():
        m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        letters, r = m.group(1), int(m.group(2))
        c = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(letters))) - 1
        by_row.setdefault(r, []).append((c, ref, value))
    xml_rows = []
    for r in sorted(by_row):
        cs = "".join(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>'
                     for _, ref, v in sorted(by_row[r]))
        xml_rows.append(f'<row r="{r}">{cs}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main">{dim}<sheetData>{"".join(xml_rows)}</sheetData></worksheet>')
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
        'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="'
        '/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="Члены" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


def _imported(result: subprocess.CompletedProcess[str], peak: float, *words: str) -> None:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    out = " ".join(result.stdout.split())
    assert "компаний создано: 2" in out, out
    for w in words:
        assert w in out, out
    assert peak < LIMIT_MB, peak


def test_a_space_in_the_last_cell_of_the_sheet_is_left_out(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in ROWS:
        ws.append(row)
    ws["XFD1048576"] = " "
    wb.save(tmp_path / "list.xlsx")
    assert (tmp_path / "list.xlsx").stat().st_size < 10_000
    result, peak = _peak_mb("--db", str(tmp_path / "r.db"), "import", str(tmp_path / "list.xlsx"))
    _imported(result, peak, "XFD1048576", "не прочитаны", "A1:B3")


def test_a_far_cell_behind_a_lying_dimension(tmp_path):
    path = far_xlsx(tmp_path / "list.xlsx", {"CXY200001": "x"}, dimension="A1:B3")
    result, peak = _peak_mb("--db", str(tmp_path / "r.db"), "import", str(path))
    _imported(result, peak, "CXY200001")


def test_a_table_far_from_a1_is_read_where_it_is(tmp_path):
    rows = [[None] * 3 + r for r in ROWS]  # starts in column D
    path = far_xlsx(tmp_path / "list.xlsx", {"A1048000": "стр. 1"}, rows=[[]] * 4 + rows)
    result, peak = _peak_mb("--db", str(tmp_path / "r.db"), "import", str(path))
    _imported(result, peak, "A1048000")


def test_xls_with_a_cell_at_iv65536(tmp_path):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Члены")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            ws.write(r, c, value)
    ws.write(65535, 255, " ")
    wb.save(str(tmp_path / "list.xls"))
    result, peak = _peak_mb("--db", str(tmp_path / "r.db"), "import", str(tmp_path / "list.xls"))
    _imported(result, peak, "IV65536")
    assert peak < 200  # calamine alone took 1 GB for this file


def test_xlsb_with_a_far_cell_behind_a_lying_dimension(tmp_path):
    cells = {(r, c): str(v) for r, row in enumerate(ROWS) for c, v in enumerate(row)}
    path = write_xlsb(tmp_path / "list.xlsb", {**cells, (200_000, 2_596): "x"}, (0, 2, 0, 1))
    result, peak = _peak_mb("--db", str(tmp_path / "r.db"), "import", str(path))
    _imported(result, peak, "CUW200001", "A1:B3")


def test_ods_with_a_far_cell_is_refused_in_one_sentence(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    path = write_ods(tmp_path / "base.ods", ROWS)
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Члены")
    for row in ROWS:
        tr = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    table.addElement(TableRow(numberrowsrepeated=200_000))
    far = TableRow()
    far.addElement(TableCell(numbercolumnsrepeated=2_000))
    cell = TableCell(valuetype="string")
    cell.addElement(P(text="x"))
    far.addElement(cell)
    table.addElement(far)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    result, peak = _peak_mb("--db", str(tmp_path / "r.db"), "import", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    assert message.startswith("palata: Лист «Члены»") and "новый лист" in message, message
    assert peak < LIMIT_MB
    assert not (tmp_path / "r.db").exists()


coordinate = st.tuples(st.integers(0, 16_383), st.integers(1, 1_048_576))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(coordinate, min_size=1, max_size=6))
def test_random_far_cells_end_in_bounded_memory(tmp_path_factory, far):
    tmp = tmp_path_factory.mktemp("far")
    cells = {f"{col_letters(c)}{r}": "x" for c, r in far if r > len(ROWS)}
    path = far_xlsx(tmp / "list.xlsx", cells)
    result, peak = _peak_mb("--db", str(tmp / "r.db"), "import", "--dry-run", str(path))
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode in (0, 1), result.stderr
    if result.returncode == 1:  # refused: one sentence
        assert result.stderr.startswith("palata: ") and result.stdout == ""
    assert peak < LIMIT_MB, (peak, cells)
