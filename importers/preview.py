"""What the import wizard shows before anything is planned: the sheets of a workbook with a guess
of the data sheet, and the first rows of a sheet under its detected header with the field each
column goes to. Reads only; every failure is an ImportFailure with one sentence.

The user's corrections go back to `importers.apply` as a mapping keyed by the column titles
(`mapping_for`), the same form `palata import --map` gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from importers.errors import ImportFailure
from importers.headers import FIELDS, SKIP, Header, choose_sheet, header_key

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
PREVIEW_ROWS = 8


@dataclass
class Sheets:
    names: list[str]  # the visible worksheets, in tab order
    guess: str | None  # the one whose header names most fields, None when none has a header


@dataclass
class Column:
    index: int
    title: str  # the header cell as written ("" when blank)
    field: str  # a key of FIELDS, or SKIP


@dataclass
class Preview:
    sheet: str
    header_row: int  # 1-based row number of the (first) header row
    columns: list[Column]
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number, cells)


def _close(workbook) -> None:
    try:
        workbook.close()
    except Exception:  # already closed or not closable: nothing to release
        pass


def _visible(meta) -> bool:
    return (str(getattr(meta.visible, "name", meta.visible)).lower().endswith("visible")
            and "worksheet" in str(getattr(meta.typ, "name", meta.typ)).lower())


def list_sheets(path: Path) -> Sheets:
    """The worksheets of `path` a person can import from, and the one the importer would take."""
    from importers.read import open_workbook

    workbook = open_workbook(Path(path))
    try:
        metas = workbook.sheets_metadata
        names = [m.name for m in metas if _visible(m)] or [m.name for m in metas]
        try:
            guess = choose_sheet(workbook).name
        except ImportFailure:
            guess = None
    finally:
        _close(workbook)
    return Sheets(names, guess)


def preview(path: Path, sheet: str | None = None, mapping: Mapping[str, str] | None = None,
            rows: int = PREVIEW_ROWS) -> Preview:
    """The header the importer finds on `sheet` (the guess when None) and the first `rows` rows
    under it that hold anything."""
    from importers.read import open_workbook

    workbook = open_workbook(Path(path))
    try:
        data = choose_sheet(workbook, sheet, mapping or {})
        shown: list[tuple[int, list]] = []
        try:
            for number, cells in data.rows:
                if any(c not in (None, "") for c in cells):
                    shown.append((number, list(cells)))
                if len(shown) >= rows:
                    break
        except ImportFailure:
            raise
        except Exception:
            raise ImportFailure("err.sheet.cut", sheet=data.name) from None
    finally:
        _close(workbook)
    return Preview(data.name, data.header.row_index + 1, columns_of(data.header), shown)


def columns_of(header: Header) -> list[Column]:
    """Every column of the header, recognised or not, with the field it goes to."""
    width = max([len(header.titles), *(i + 1 for i in header.columns)])
    return [Column(i, header.titles[i].strip() if i < len(header.titles) else "",
                   header.columns.get(i, SKIP)) for i in range(width)]


def can_map(column: Column) -> bool:
    """A column is mapped by its title; one without a title keeps what the importer decided."""
    return bool(header_key(column.title))


def mapping_for(columns: list[Column], detected: list[Column]) -> dict[str, str]:
    """The override for the importer: {column title key: field} for each column whose field the
    person changed, and for every titled column when any changed (so no detected column keeps a
    field another one took). Empty when nothing changed."""
    before = {c.index: c.field for c in detected}
    if all(before.get(c.index) == c.field for c in columns):
        return {}
    out: dict[str, str] = {}
    for c in columns:
        if can_map(c):
            out[header_key(c.title)] = c.field
    return out


def field_label(name: str, lang: str = "ru") -> str:
    """The person's word for a field ('skip' has none here: the screen names it)."""
    pair = FIELDS.get(name)
    return (pair[1] if lang == "en" else pair[0]) if pair else name
