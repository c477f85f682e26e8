"""Writing the sample register as an .xlsx workbook whose bytes depend on the register only: fixed
document properties and fixed zip entry times, so two runs give the same file."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date, datetime

# The same bytes whether or not lxml is installed (python-docx brings it): openpyxl writes its
# XML through lxml when it can, with other spacing.
os.environ["OPENPYXL_LXML"] = "False"
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Font  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from openpyxl.writer.excel import ExcelWriter  # noqa: E402

from importers.layout import LIST_SEPARATOR, SHEETS, Sheet  # noqa: E402
from sample_data.records import Register  # noqa: E402

FIXED_STAMP = datetime(2026, 11, 20, 9, 0, 0)  # workbook created/modified, zip entry times

TEXT_KEYS = {"inn", "kpp", "ogrn", "unp", "phones", "member_number", "okved", "party_refs"}
WIDTHS = {"short_name": 38, "full_name": 50, "address": 55, "industry": 45, "description": 80,
          "title": 60, "subject": 50, "outcome": 50, "text": 70, "notes": 40, "emails": 34,
          "phones": 34, "company": 34, "name": 32, "position": 32, "organisers": 34,
          "partners": 50, "place": 36, "tags": 30, "website": 26, "source": 24}


def cell_value(value: object) -> object:
    """Lists become "a; b"; empty values stay empty cells."""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    if value == "":
        return None
    return value


def write_sheet(wb: Workbook, sheet: Sheet, rows: list[dict[str, object]]) -> None:
    ws = wb.create_sheet(sheet.title("ru"))
    keys = [c.key for c in sheet.columns]
    ws.append([c.title("ru") for c in sheet.columns])
    for row in rows:
        unknown = set(row) - set(keys)
        if unknown:
            raise KeyError(f"{sheet.key}: unknown columns {sorted(unknown)}")
        ws.append([cell_value(row.get(k)) for k in keys])
    for index, key in enumerate(keys, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = WIDTHS.get(key, 16)
        for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
            elif key in TEXT_KEYS and cell.value is not None:
                cell.number_format = "@"
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def workbook_bytes(register: Register) -> bytes:
    """The workbook as .xlsx bytes that depend on the register only (no clock inside)."""
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the one sheet a new workbook has
    for sheet in SHEETS:
        write_sheet(wb, sheet, register.rows(sheet))
    wb.properties.creator = "Palata sample_data/generate.py"
    wb.properties.title = "Palata: демонстрационный реестр Владимирской ТПП"
    wb.properties.created = FIXED_STAMP
    wb.properties.modified = FIXED_STAMP
    raw = io.BytesIO()
    # ExcelWriter directly: save_workbook() would stamp `modified` with the current time.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return stable_zip(raw.getvalue())


def stable_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times (zip records each file's write time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_STAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
