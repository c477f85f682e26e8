"""Writing the workbooks the importer tests read: real files, as office programs leave them."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

Rows = Sequence[Sequence[object]]


def write_xlsx(path: Path, sheets: dict[str, Rows], *, hidden_columns: Sequence[str] = (),
               merged: Sequence[str] = (), hidden_sheets: Sequence[str] = ()) -> Path:
    """An .xlsx with the given sheets (first = first tab); merged ranges and hidden columns apply
    to the first sheet that has rows with a header."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        if name in hidden_sheets:
            ws.sheet_state = "hidden"
    data = wb[next(n for n in sheets if n not in hidden_sheets and len(sheets[n]) > 1)] \
        if any(len(r) > 1 for r in sheets.values()) else wb.worksheets[0]
    for rng in merged:
        data.merge_cells(rng)
    for col in hidden_columns:
        data.column_dimensions[col].hidden = True
    wb.save(path)
    return path


def write_xls(path: Path, rows: Rows, sheet: str = "Лист1") -> Path:
    """The old binary .xls, as accounting systems export it (xlwt)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, (date, datetime)):
                ws.write(r, c, value, date_style)
            elif value is not None:
                ws.write(r, c, value)
    wb.save(str(path))
    return path


def write_ods(path: Path, rows: Rows, sheet: str = "Лист1") -> Path:
    """An OpenDocument spreadsheet (odfpy), as LibreOffice saves it."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for row in rows:
        tr = TableRow()
        for value in row:
            if value is None or value == "":
                tr.addElement(TableCell())
                continue
            if isinstance(value, (date, datetime)):
                iso = value.isoformat()
                cell = TableCell(valuetype="date", datevalue=iso)
                shown = value.strftime("%d.%m.%Y")
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                cell = TableCell(valuetype="float", value=value)
                shown = str(value)
            else:
                cell = TableCell(valuetype="string")
                shown = str(value)
            cell.addElement(P(text=shown))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def write_xlsb(path: Path, cells: dict[tuple[int, int], str], dimension: tuple[int, int, int, int]) -> Path:
    """A minimal binary .xlsb built record by record (no library writes the format): text cells
    at 0-based (row, column), and the dimension the sheet declares (first row, last row, first
    column, last column)."""

    def varint(n: int) -> bytes:
        out = b""
        while True:
            low, n = n & 0x7F, n >> 7
            if not n:
                return out + bytes([low])
            out += bytes([low | 0x80])

    def rec(kind: int, body: bytes = b"") -> bytes:
        return varint(kind) + varint(len(body)) + body

    def wide(text: str) -> bytes:
        return struct.pack("<I", len(text)) + text.encode("utf-16-le")

    sheet = rec(129) + rec(148, struct.pack("<IIII", *dimension)) + rec(145)
    rows: dict[int, list[tuple[int, str]]] = {}
    for (r, c), value in cells.items():
        rows.setdefault(r, []).append((c, value))
    for r in sorted(rows):
        sheet += rec(0, struct.pack("<IIHHI", r, 0, 0, 0, 0) + b"\0" * 8)
        for c, value in sorted(rows[r]):
            sheet += rec(6, struct.pack("<II", c, 0) + wide(value))
    sheet += rec(146) + rec(130)
    book = rec(131) + rec(143) + rec(156, struct.pack("<II", 0, 1) + wide("rId1") + wide("Члены")) \
        + rec(144) + rec(132)
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    binary = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        f'openxmlformats-package.relationships+xml"/><Default Extension="bin" ContentType="{binary}"/>'
        f'<Override PartName="/xl/workbook.bin" ContentType="{binary}"/><Override PartName="/xl/'
        'worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}officeDocument" '
        'Target="xl/workbook.bin"/></Relationships>',
        "xl/_rels/workbook.bin.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}worksheet" '
        'Target="worksheets/sheet1.bin"/></Relationships>',
        "xl/workbook.bin": book,
        "xl/worksheets/sheet1.bin": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return path


def with_doctype(source: Path, target: Path) -> Path:
    """`source` with a "billion laughs" entity block in front of its first sheet's XML."""
    entities = '<!ENTITY lol "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY lol{k} "{("&lol;" if k == 1 else f"&lol{k - 1};") * 10}">' for k in range(1, 10))
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                if text.startswith("<?xml"):
                    decl_end = text.index("?>") + 2
                    text = text[:decl_end] + f"<!DOCTYPE worksheet [{entities}]>" + text[decl_end:]
                else:
                    text = f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>' + text
                data = text.replace("Ромашка", "&lol9;").encode("utf-8")
            out.writestr(info, data)
    return target


def zip_bomb(target: Path, gigabytes: float = 1.0) -> Path:
    """A small .xlsx whose sheet1.xml really inflates to `gigabytes` (repetitive XML, deflated)."""
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>lol</t></is></c></row>'
    chunk = row * (4 * 1024 * 1024 // len(row))
    total = int(gigabytes * 1024 ** 3)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                   'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            written = 0
            while written < total:
                fh.write(chunk)
                written += len(chunk)
    return target


def encrypted_ole(target: Path) -> Path:
    """How Excel stores a password-protected .xlsx: an OLE compound file holding the streams
    EncryptionInfo and EncryptedPackage (contents here are random-looking filler)."""
    sector = 512
    free, end, fat_sect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    info = (b"\x04\x00\x04\x00\x40\x00\x00\x00" + os.urandom(4088))  # agile encryption header
    package = struct.pack("<Q", 12345) + os.urandom(8184)
    streams = [("EncryptionInfo", info), ("EncryptedPackage", package)]
    fat = [fat_sect, end]
    starts, data = [], b""
    next_sector = 2
    for _, blob in streams:
        n = -(-len(blob) // sector)
        starts.append(next_sector)
        fat.extend(list(range(next_sector + 1, next_sector + n)) + [end])
        data += blob.ljust(n * sector, b"\0")
        next_sector += n
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, left=nostream, right=nostream, child=nostream, start=end, size=0):
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", left, right, child) + b"\0" * 16 + struct.pack("<I", 0)
                + b"\0" * 16 + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, child=1)
                 + entry(streams[0][0], 2, right=2, start=starts[0], size=len(streams[0][1]))
                 + entry(streams[1][0], 2, start=starts[1], size=len(streams[1][1]))
                 + entry("", 0))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    assert len(header) == sector and len(directory) == sector
    target.write_bytes(header + struct.pack("<128I", *fat) + directory + data)
    return target


def palata(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The real `palata` command in a subprocess, speaking Russian."""
    env = {**os.environ, "PALATA_LANG": "ru", "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("PALATA_DB", None)
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)
