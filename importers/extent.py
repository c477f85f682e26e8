"""How far a sheet really reaches, found cheaply before calamine reads it.

calamine sizes each sheet as one dense rectangle, from A1 (or the first cell) to the farthest
cell: one stray space in XFD1048576 under a two-row list asks for 17 billion cells and aborts the
process; a cell at CXY200001 costs 12 GB. So before a sheet reaches calamine its extent is read
from the file itself — the cell references of an .xlsx sheet's XML (streamed), the cell records
of an .xls sheet — and compared with the number of cells it holds. Where the rectangle is absurd
for the cells, the cells far from the table are left out of a copy of the file (the table is
read as usual, the dropped cells are counted for a warning); where the cells themselves are
scattered over the sheet, the import is refused in one sentence. Memory and time stay in
proportion to the cells present.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from importers.errors import ImportFailure

# A rectangle this large is read as it is whatever it holds (about 50 MB in calamine)...
FREE_AREA = 2_000_000
# ...beyond it, the rectangle may hold at most this many times the cells present.
SPARSE_RATIO = 10
# Rows (columns) this far from the other cells start another block of the sheet.
ROW_GAP = 1_000
COL_GAP = 50
_CHUNK = 1 << 22


@dataclass(frozen=True)
class Trim:
    """Cells left out of a sheet because they lie far from its table."""

    sheet: str
    dropped: int  # how many cells were left out
    example: str  # one of them, as Excel names it ("XFD1048576")
    block: str  # the part of the sheet that is read ("A1:B2")


def _rewritten(zf: zipfile.ZipFile, replaced: dict[str, bytes]) -> io.BytesIO:
    """A copy of the workbook in memory with the `replaced` parts (the trimmed sheets) swapped in."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in zf.infolist():
            body = replaced.get(info.filename)
            target.writestr(info.filename, body if body is not None else zf.read(info.filename))
    out.seek(0)
    return out


def col_letters(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA"."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def col_index(letters: bytes | str) -> int:
    """"A" → 0, "AA" → 26."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def absurd(rows: int, cols: int, cells: int) -> bool:
    area = rows * cols
    return area > FREE_AREA and area > SPARSE_RATIO * max(cells, 1)


def _clusters(counts: Counter, gap: int) -> tuple[int, int]:
    """The (first, last) index of the run of indexes, split where `gap` or more are missing,
    that holds most of the counted cells."""
    best = (0, 0, -1)
    start: int | None = None
    prev = 0  # read only once a run has started
    total = 0
    for index in sorted(counts):
        if start is None or index - prev > gap:
            if start is not None and total > best[2]:
                best = (start, prev, total)
            start, total = index, 0
        total += counts[index]
        prev = index
    if start is not None and total > best[2]:
        best = (start, prev, total)
    return best[0], best[1]


def _far_sentence(name: str, sheet: str, ref: str) -> ImportFailure:
    return ImportFailure("err.sheet.scattered", sheet=sheet, file=name, ref=ref)


# --- .xlsx ----------------------------------------------------------------------------------

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# In a worksheet's XML only rows and cells have an attribute r: a row's is a number, a cell's a
# reference ("B12"). Patterns that start at the attribute are several times faster than ones
# that start at the element.
_CELL_COL = re.compile(rb' r="([A-Z]{1,3})\d')
_ROW_NUM = re.compile(rb' r="(\d{1,9})"')
_CELL_REF = re.compile(rb' r="([A-Z]{1,3})(\d{1,9})"')
_ROW_ELEM = re.compile(rb'<(?:\w+:)?row\b[^>]*?(?:/>|>.*?</(?:\w+:)?row>)', re.DOTALL)
_CELL_ELEM = re.compile(rb'<(?:\w+:)?c\b[^>]*?(?:/>|>.*?</(?:\w+:)?c>)', re.DOTALL)
_DIMENSION = re.compile(rb'<((?:\w+:)?)dimension\b[^>]*?/>')


def _beyond(letters: bytes) -> re.Pattern:
    """A pattern finding a cell whose column comes after `letters` in Excel's order."""
    n = len(letters)
    alts = [b"[A-Z]{%d,3}" % (n + 1)] if n < 3 else []
    for i in range(n):
        ch = letters[i]
        if ch < ord("Z"):
            rest = b"[A-Z]{%d}" % (n - i - 1) if n - i - 1 else b""
            alts.append(letters[:i] + b"[%c-Z]" % (ch + 1) + rest)
    if not alts:
        alts = [b"(?!)"]
    return re.compile(rb' r="(?:' + b"|".join(alts) + rb')\d')


def _longest(found: Iterable[bytes]) -> bytes:
    return max(found, key=lambda b: (len(b), b))


def count_cells(fh) -> int:
    """About how many cells a worksheet's XML streamed from `fh` holds."""
    cells = 0
    carry = b""
    while block := fh.read(_CHUNK):
        data = carry + block
        cells += data.count(b"<c ") + data.count(b":c ")
        carry = data[-4:]
        cells -= carry.count(b"<c ") + carry.count(b":c ")  # counted again with the next block
    return cells + carry.count(b"<c ") + carry.count(b":c ")


def scan_xlsx_part(fh) -> tuple[int, int]:
    """(rows, columns) of a worksheet's XML streamed from `fh`: the farthest row and column any
    row or cell names. One pass of C-level searches over the XML: the row numbers, and a search
    for a column beyond the farthest one seen so far (which finds nothing in most blocks)."""
    max_row = 0
    max_col = b""
    beyond = None
    carry = b""
    while True:
        block = fh.read(_CHUNK)
        data = carry + block
        if block:
            cut = data.rfind(b">") + 1  # an element is never split between two searches
            data, carry = data[:cut], data[cut:]
        if data:
            rows = _ROW_NUM.findall(data)
            if rows:
                max_row = max(max_row, int(_longest(rows)))
            if beyond is None or beyond.search(data):
                found = _CELL_COL.findall(data)
                if found:
                    top = _longest([max_col, *found]) if max_col else _longest(found)
                    if top != max_col:
                        max_col, beyond = top, _beyond(top)
                for _, digits in _CELL_REF.findall(data) if rows == [] else ():
                    max_row = max(max_row, int(digits))  # cells named outside a numbered row
        if not block:
            break
    return max_row, (col_index(max_col) + 1 if max_col else 0)


def _worksheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part name) of each worksheet, from the workbook and its relationships."""
    from defusedxml import ElementTree

    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, ValueError):
        return []
    targets = {}
    for rel in rels:
        target = rel.get("Target") or ""
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id")] = re.sub(r"[^/]+/\.\./", "", target)
    out = []
    for sheet in book.iter(_NS_MAIN + "sheet"):
        part = targets.get(sheet.get(_NS_REL + "id"))
        if part:
            out.append((sheet.get("name") or "", part))
    return out


def bound_xlsx(path: Path) -> tuple[io.BytesIO | None, list[Trim]]:
    """(a copy of the workbook with far cells left out, what was left out) — or (None, []) when
    every sheet is read as it is. ImportFailure when a sheet's cells are scattered everywhere."""
    trims: list[Trim] = []
    replaced: dict[str, bytes] = {}
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        for sheet, part in _worksheet_parts(zf):
            if part not in names:
                continue
            with zf.open(part) as fh:
                rows, cols = scan_xlsx_part(fh)
            if rows * cols <= FREE_AREA:
                continue  # the usual sheet: its rectangle is small whatever it holds
            with zf.open(part) as fh:
                cells = count_cells(fh)
            if not absurd(rows, cols, cells):
                continue
            data = zf.read(part)
            new, trim = _trim_xlsx_part(data, sheet, path.name)
            del data
            replaced[part] = new
            trims.append(trim)
        if not replaced:
            return None, []
        out = _rewritten(zf, replaced)
    return out, trims


def _trim_xlsx_part(data: bytes, sheet: str, file_name: str) -> tuple[bytes, Trim]:
    rows: Counter = Counter()
    cols: Counter = Counter()
    far_row = far_col = -1
    for letters, digits in _CELL_REF.findall(data):
        r, c = int(digits), col_index(letters)
        rows[r] += 1
        cols[c] += 1
        if (r, c) > (far_row, far_col):
            far_row, far_col = r, c
    example = f"{col_letters(far_col)}{far_row}"
    if not rows:
        raise _far_sentence(file_name, sheet, example)
    r1, r2 = _clusters(rows, ROW_GAP)
    c1, c2 = _clusters(cols, COL_GAP)
    kept = 0
    dropped = 0
    example = ""

    def cell(m: re.Match) -> bytes:
        nonlocal kept, dropped, example
        ref = _CELL_REF.search(m.group())
        if ref is None:
            return m.group()
        c = col_index(ref.group(1))
        if c1 <= c <= c2:
            kept += 1
            return m.group()
        dropped += 1
        example = example or (ref.group(1) + ref.group(2)).decode()
        return b""

    def row(m: re.Match) -> bytes:
        nonlocal dropped, example
        num = _ROW_NUM.search(m.group())
        r = int(num.group(1)) if num else None
        if r is not None and not r1 <= r <= r2:
            refs = _CELL_REF.findall(m.group())
            dropped += len(refs)
            if refs and not example:
                example = (refs[0][0] + refs[0][1]).decode()
            return b""
        return _CELL_ELEM.sub(cell, m.group())

    new = _ROW_ELEM.sub(row, data)
    block = f"{col_letters(c1)}{r1}:{col_letters(c2)}{r2}"
    if absurd(r2, c2 + 1, kept):
        raise _far_sentence(file_name, sheet, f"{col_letters(far_col)}{far_row}")
    new = _DIMENSION.sub(lambda m: b'<%sdimension ref="%s"/>' % (m.group(1), block.encode()), new, count=1)
    rows_left, cols_left = scan_xlsx_part(io.BytesIO(new))
    if absurd(rows_left, cols_left, kept):  # whatever the XML's shape, calamine gets no more
        raise _far_sentence(file_name, sheet, f"{col_letters(far_col)}{far_row}")
    return new, Trim(sheet, dropped, example or f"{col_letters(far_col)}{far_row}", block)


# --- .xlsb ---------------------------------------------------------------------------------

_XLSB_ROW = 0  # BrtRowHdr: the row of the cells that follow
# Cell records (blank, RK, error, bool, real, string, shared string, four formulas, rich string):
# each starts with its column.
_XLSB_CELLS = frozenset({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 62})
_XLSB_DIM = 148  # BrtWsDim
_XLSB_SHEET = 156  # BrtBundleSh in workbook.bin


def _xlsb_records(data: bytes):
    """(start, type, body start, end) of each record of an .xlsb part."""
    pos, n = 0, len(data)
    while pos < n:
        start = pos
        kind = data[pos]
        pos += 1
        if kind & 0x80:
            kind = (kind & 0x7F) | ((data[pos] & 0x7F) << 7)
            pos += 1
        size = shift = 0
        for _ in range(4):
            byte = data[pos]
            pos += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        yield start, kind, pos, pos + size
        pos += size


def _xlsb_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part name) of each sheet of an .xlsb, from workbook.bin and its relationships."""
    from defusedxml import ElementTree

    try:
        book = zf.read("xl/workbook.bin")
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.bin.rels"))
    except (KeyError, ElementTree.ParseError, ValueError):
        return []
    targets = {rel.get("Id"): "xl/" + (rel.get("Target") or "").lstrip("/").removeprefix("xl/")
               for rel in rels}
    out = []
    for _, kind, body, end in _xlsb_records(book):
        if kind == _XLSB_SHEET and end - body >= 12:
            pos = body + 8
            strings = []
            for _ in range(2):
                (count,) = struct.unpack_from("<I", book, pos)
                if count == 0xFFFFFFFF:
                    strings.append("")
                    pos += 4
                    continue
                strings.append(book[pos + 4:pos + 4 + 2 * count].decode("utf-16-le", errors="replace"))
                pos += 4 + 2 * count
            rel_id, name = strings
            if rel_id in targets:
                out.append((name, targets[rel_id]))
    return out


def bound_xlsb(path: Path) -> tuple[io.BytesIO | None, list[Trim]]:
    """As `bound_xlsx`, for the binary .xlsb: far cells' records are left out of a copy."""
    trims: list[Trim] = []
    replaced: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            for sheet, part in _xlsb_parts(zf):
                if part in names:
                    data = zf.read(part)
                    trimmed = _trim_xlsb_part(data, sheet, path.name)
                    if trimmed is not None:
                        replaced[part], trim = trimmed
                        trims.append(trim)
            if not replaced:
                return None, []
            out = _rewritten(zf, replaced)
    except (struct.error, IndexError):
        return None, []  # calamine says what is wrong with it
    out.seek(0)
    return out, trims


def _xlsb_cells(data: bytes):
    """(record start, end, row, column) of each cell record of a sheet part."""
    row = 0
    for start, kind, body, end in _xlsb_records(data):
        if kind == _XLSB_ROW and end - body >= 4:
            (row,) = struct.unpack_from("<I", data, body)
        elif kind in _XLSB_CELLS and end - body >= 4:
            yield start, end, row, struct.unpack_from("<I", data, body)[0]


def _trim_xlsb_part(data: bytes, sheet: str, file_name: str) -> tuple[bytes, Trim] | None:
    rows: Counter = Counter()
    cols: Counter = Counter()
    count = 0
    far = (-1, -1)
    for _, _, row, col in _xlsb_cells(data):  # counts only: nothing per cell is kept
        rows[row] += 1
        cols[col] += 1
        count += 1
        if (row, col) > far:
            far = (row, col)
    if not count or not absurd(max(rows) + 1, max(cols) + 1, count):
        return None
    r1, r2 = _clusters(rows, ROW_GAP)
    c1, c2 = _clusters(cols, COL_GAP)
    far_ref = f"{col_letters(far[1])}{far[0] + 1}"
    dropped = [(start, end, row, col) for start, end, row, col in _xlsb_cells(data)
               if not (r1 <= row <= r2 and c1 <= col <= c2)]
    if absurd(r2 + 1, c2 + 1, count - len(dropped)):
        raise _far_sentence(file_name, sheet, far_ref)
    out = bytearray()
    pos = 0
    for start, end, _, _ in dropped:
        out += data[pos:start]
        pos = end
    out += data[pos:]
    for _, kind, body, end in _xlsb_records(bytes(out)):
        if kind == _XLSB_DIM and end - body >= 16:
            out[body:body + 16] = struct.pack("<IIII", r1, r2, c1, c2)
            break
    first = dropped[0]
    return bytes(out), Trim(sheet, len(dropped), f"{col_letters(first[3])}{first[2] + 1}",
                            f"{col_letters(c1)}{r1 + 1}:{col_letters(c2)}{r2 + 1}")


# --- .xls (BIFF8 in an OLE compound file) ---------------------------------------------------

_END_OF_CHAIN = 0xFFFFFFFE


class OleFile:
    """The streams of an OLE compound file (the container of .xls), read from bytes in memory.
    Only what reading a workbook stream needs; ValueError on anything malformed."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        if len(data) < 512 or data[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise ValueError("not an OLE file")
        self.sector = 1 << struct.unpack_from("<H", data, 30)[0]
        self.mini = 1 << struct.unpack_from("<H", data, 32)[0]
        if self.sector not in (512, 4096) or self.mini != 64:
            raise ValueError("unusual sector size")
        (n_fat, first_dir, _, self.cutoff, first_minifat, n_minifat, first_difat,
         n_difat) = struct.unpack_from("<IIIIIIII", data, 44)
        difat = list(struct.unpack_from("<109I", data, 76))
        sect = first_difat
        per = self.sector // 4
        for _ in range(n_difat):
            if sect >= _END_OF_CHAIN:
                break
            entries = struct.unpack_from(f"<{per}I", data, self._offset(sect))
            difat.extend(entries[:-1])
            sect = entries[-1]
        self.fat: list[int] = []
        for s in difat[:n_fat]:
            self.fat.extend(struct.unpack_from(f"<{per}I", data, self._offset(s)))
        self.entries = []
        directory = self._read_chain(first_dir, None)
        for i in range(0, len(directory) - 127, 128):
            raw = directory[i:i + 128]
            length = struct.unpack_from("<H", raw, 64)[0]
            name = raw[:max(0, length - 2)].decode("utf-16-le", errors="replace")
            kind = raw[66]
            start, size = struct.unpack_from("<IQ", raw, 116)
            self.entries.append((name, kind, start, size))
        root = next((e for e in self.entries if e[1] == 5), None)
        self.ministream_chain = self._chain(root[2]) if root else []
        self.minifat: list[int] = []
        if n_minifat:
            raw = self._read_chain(first_minifat, None)
            self.minifat = list(struct.unpack_from(f"<{len(raw) // 4}I", raw))

    def _offset(self, sect: int) -> int:
        off = (sect + 1) * self.sector
        if off + self.sector > len(self.data):
            raise ValueError("sector out of file")
        return off

    def _chain(self, start: int, table: list[int] | None = None) -> list[int]:
        table = self.fat if table is None else table
        out: list[int] = []
        sect = start
        while sect < _END_OF_CHAIN:
            if sect >= len(table) or len(out) > len(table):
                raise ValueError("broken chain")
            out.append(sect)
            sect = table[sect]
        return out

    def _read_chain(self, start: int, size: int | None) -> bytes:
        raw = b"".join(self.data[self._offset(s):self._offset(s) + self.sector] for s in self._chain(start))
        return raw if size is None else raw[:size]

    def stream(self, name: str) -> tuple[bytes, list[int], int] | None:
        """(the stream's bytes, the file offset of each of its blocks, the block size) — the
        blocks being sectors or mini sectors — or None when there is no such stream."""
        entry = next((e for e in self.entries if e[1] == 2 and e[0].lower() == name.lower()), None)
        if entry is None:
            return None
        _, _, start, size = entry
        if size < self.cutoff:
            offsets = []
            for ms in self._chain(start, self.minifat):
                pos = ms * self.mini
                big = self.ministream_chain[pos // self.sector]
                offsets.append(self._offset(big) + pos % self.sector)
            block = self.mini
        else:
            offsets = [self._offset(s) for s in self._chain(start)]
            block = self.sector
        raw = b"".join(self.data[o:o + block] for o in offsets)[:size]
        return raw, offsets, block

    def names(self) -> list[str]:
        return [e[0] for e in self.entries if e[1] == 2]


# The BIFF records of one cell, each starting with its row and column (two bytes each).
_CELL_RECORDS = {0x0203, 0x0204, 0x0205, 0x0006, 0x0406, 0x027E, 0x00FD, 0x0201, 0x00D6}
_MULTI_RECORDS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, …, last column
_BOUNDSHEET, _BOF, _EOF, _DIMENSIONS = 0x0085, 0x0809, 0x000A, 0x0200
# Records calamine skips: a cell left out becomes one of these, its length unchanged.
_IGNORED = 0x00EF  # an unused record number


def _biff_records(stream: bytes, start: int):
    pos = start
    n = len(stream)
    while pos + 4 <= n:
        kind, length = struct.unpack_from("<HH", stream, pos)
        yield pos, kind, length
        pos += 4 + length
        if kind == _EOF and pos > start + 4:
            return


def _biff_sheets(stream: bytes) -> list[tuple[str, int]]:
    """(name, offset of its BOF) of each sheet, from the workbook globals."""
    out = []
    for pos, kind, length in _biff_records(stream, 0):
        if kind == _BOUNDSHEET and length >= 8:
            offset = struct.unpack_from("<I", stream, pos + 4)[0]
            count = stream[pos + 10]
            flags = stream[pos + 11]
            raw = stream[pos + 12:pos + 12 + count * (2 if flags & 1 else 1)]
            out.append((raw.decode("utf-16-le" if flags & 1 else "latin-1", errors="replace"), offset))
        if kind == _EOF:
            break
    return out


def bound_xls(path: Path) -> tuple[io.BytesIO | None, list[Trim]]:
    """As `bound_xlsx`, for a BIFF8 .xls: far cells' records are turned into records calamine
    skips, in a copy of the file in memory; the DIMENSIONS record is set to the block read."""
    data = path.read_bytes()
    try:
        ole = OleFile(data)
        found = ole.stream("Workbook") or ole.stream("Book")
    except (ValueError, struct.error, IndexError):
        return None, []  # calamine says what is wrong with it
    if found is None:
        return None, []
    stream, offsets, block = found
    patched = bytearray(data)
    trims = []

    def put(stream_pos: int, value: bytes) -> None:
        for i, byte in enumerate(value):
            p = stream_pos + i
            patched[offsets[p // block] + p % block] = byte

    try:
        for sheet, start in _biff_sheets(stream):
            refs: list[tuple[int, int, int, int]] = []  # (record pos, row, first col, last col)
            dims = None
            for pos, kind, length in _biff_records(stream, start):
                if kind in _CELL_RECORDS and length >= 4:
                    r, c = struct.unpack_from("<HH", stream, pos + 4)
                    refs.append((pos, r, c, c))
                elif kind in _MULTI_RECORDS and length >= 6:
                    r, c = struct.unpack_from("<HH", stream, pos + 4)
                    last = struct.unpack_from("<H", stream, pos + 4 + length - 2)[0]
                    refs.append((pos, r, c, max(c, last)))
                elif kind == _DIMENSIONS and length >= 14:
                    dims = pos
            if not refs:
                continue
            rows = max(r for _, r, _, _ in refs) + 1
            cols = max(c for _, _, _, c in refs) + 1
            if not absurd(rows, cols, len(refs)):
                continue
            row_counts = Counter(r for _, r, _, _ in refs)
            col_counts = Counter(c for _, _, c, _ in refs)
            r1, r2 = _clusters(row_counts, ROW_GAP)
            c1, c2 = _clusters(col_counts, COL_GAP)
            far = max(refs, key=lambda x: (x[1], x[3]))
            far_ref = f"{col_letters(far[3])}{far[1] + 1}"
            inside = [x for x in refs if r1 <= x[1] <= r2 and c1 <= x[2] and x[3] <= c2]
            if absurd(r2 + 1, c2 + 1, len(inside)):
                raise _far_sentence(path.name, sheet, far_ref)
            dropped = [x for x in refs if not (r1 <= x[1] <= r2 and c1 <= x[2] and x[3] <= c2)]
            for pos, *_ in dropped:
                put(pos, struct.pack("<H", _IGNORED))
            if dims is not None:
                put(dims + 4, struct.pack("<IIHH", r1, r2 + 1, c1, c2 + 1))
            first = dropped[0]
            trims.append(Trim(sheet, len(dropped), f"{col_letters(first[2])}{first[1] + 1}",
                              f"{col_letters(c1)}{r1 + 1}:{col_letters(c2)}{r2 + 1}"))
    except (struct.error, IndexError):
        return None, []
    if not trims:
        return None, []
    return io.BytesIO(bytes(patched)), trims


def date1904(path: Path) -> bool:
    """True when the workbook counts its dates from 1904 (Excel for Mac's older files): its
    serial numbers then mean other days."""
    try:
        with zipfile.ZipFile(path) as zf:
            head = zf.read("xl/workbook.xml")[:4096]
        return re.search(rb'date1904="(?:1|true)"', head) is not None
    except (KeyError, zipfile.BadZipFile, OSError):
        pass
    try:
        found = OleFile(path.read_bytes()).stream("Workbook")
    except (ValueError, struct.error, IndexError, OSError):
        return False
    if found is None:
        return False
    stream = found[0]
    for pos, kind, length in _biff_records(stream, 0):
        if kind == 0x0022 and length >= 2:  # DATEMODE
            return struct.unpack_from("<H", stream, pos + 4)[0] == 1
        if kind == _EOF:
            break
    return False


def xls_protected(path: Path) -> bool:
    """True when an .xls carries a FILEPASS record: its content is encrypted or obfuscated under
    a password (XOR, RC4 or CryptoAPI — every scheme of the format)."""
    try:
        found = OleFile(path.read_bytes()).stream("Workbook")
    except (ValueError, struct.error, IndexError, OSError):
        return False
    if found is None:
        return False
    for _, kind, _ in _biff_records(found[0], 0):
        if kind == 0x002F:
            return True
        if kind == _BOUNDSHEET:
            break  # FILEPASS comes right after the first BOF, before the sheets
    return False


# --- .ods -----------------------------------------------------------------------------------

_ODS_ROW = re.compile(rb'<table:table-row\b([^>]*?)(/?)>')
_ODS_CELL = re.compile(rb'<table:(?:covered-)?table-cell\b([^>]*?)(/?)>')
_ODS_TABLE = re.compile(rb'<table:table\b[^>]*?table:name="([^"]*)"')
_REPEAT_ROWS = re.compile(rb'table:number-rows-repeated="(\d+)"')
_REPEAT_COLS = re.compile(rb'table:number-columns-repeated="(\d+)"')


def check_ods(path: Path) -> None:
    """Refuse an .ods whose sheet holds a cell with content far from the others; empty repeated
    rows and cells (how LibreOffice writes the rest of a formatted sheet) cost nothing."""
    try:
        with zipfile.ZipFile(path) as zf:
            data = zf.read("content.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return
    tables = [(m.start(), m.group(1).decode("utf-8", errors="replace")) for m in _ODS_TABLE.finditer(data)]
    for i, (start, name) in enumerate(tables):
        end = tables[i + 1][0] if i + 1 < len(tables) else len(data)
        rows, cols, cells = _scan_ods_table(data, start, end)
        if absurd(rows, cols, cells):
            raise _far_sentence(path.name, name, f"{col_letters(max(cols - 1, 0))}{rows}")


def _scan_ods_table(data: bytes, start: int, end: int) -> tuple[int, int, int]:
    """(last row with content, last column with content, cells with content) of one table."""
    row = 0
    last_row = last_col = cells = 0
    pos = start
    while True:
        m = _ODS_ROW.search(data, pos, end)
        if m is None:
            break
        rep = _REPEAT_ROWS.search(m.group(1))
        repeat = int(rep.group(1)) if rep else 1
        close = data.find(b"</table:table-row>", m.end(), end) if not m.group(2) else m.end()
        close = end if close < 0 else close
        col = 0
        row_cells = 0
        p = m.end()
        while not m.group(2):
            c = _ODS_CELL.search(data, p, close)
            if c is None:
                break
            crep = _REPEAT_COLS.search(c.group(1))
            n = int(crep.group(1)) if crep else 1
            if c.group(2):
                has = b"office:value" in c.group(1)
                p = c.end()
            else:
                stop = data.find(b"table-cell>", c.end(), close)
                stop = close if stop < 0 else stop
                has = True
                p = stop
            if has:
                row_cells += n
                last_col = max(last_col, col + n)
            col += n
        if row_cells:
            cells += row_cells * repeat
            last_row = row + repeat
        row += repeat
        pos = max(close, m.end())
    return last_row, last_col, cells
