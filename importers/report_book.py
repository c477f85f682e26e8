"""Writing a report as a workbook: one sheet per section, each a column of small tables with a
native Excel chart beside the table it draws (xlsxwriter's charts, so they stay live and editable
in Excel and LibreOffice), and a last sheet with the companies behind every figure.

What the tables say is decided by the caller (already in the reader's language); this module
only lays it out: the export's header style, frozen first row, real dates, text never a formula.
The file is written into a private temporary file and replaces the target whole
(`models.safefile.replacing`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from importers.export import DATE_FORMAT, EXCEL_MAX_CHARS, EXCEL_MAX_ROWS, new_workbook
from models import safefile, safetext

CHART_KINDS = ("column", "bar", "pie", "line")
_GAP = 2  # empty rows between two tables
_CHART_ROWS = 15  # how tall a chart is, in rows: the next table starts below it


@dataclass(frozen=True)
class Chart:
    """A chart of a table: the first column gives the categories, `series` the value columns."""

    kind: str
    title: str
    series: tuple[int, ...] = (1,)
    max_rows: int = 25  # a long table (every town) is charted by its first rows


@dataclass(frozen=True)
class Table:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    chart: Chart | None = None


@dataclass(frozen=True)
class Sheet:
    name: str  # the tab (Excel allows 31 characters)
    title: str  # the first line of the sheet
    tables: Sequence[Table] = ()


@dataclass(frozen=True)
class RowsBehind:
    """The last sheet: one row per company behind a figure."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]


@dataclass
class BookSummary:
    path: Path
    sheets: list[str] = field(default_factory=list)
    charts: int = 0
    rows_behind: int = 0


def _cell(ws, row: int, col: int, value: object, formats: dict) -> int:
    """Write one value; returns its width in characters."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, (int, float)):
        ws.write_number(row, col, value)
        return len(str(value))
    if isinstance(value, date):
        ws.write_datetime(row, col, value, formats["date"])
        return 10
    text, width = _text(str(value))
    ws.write_string(row, col, text)  # a string cell: "=…" stays text, never a formula
    return width


def _text(value: str) -> tuple[str, int]:
    """A text as a cell holds it (nothing a terminal would obey, within Excel's limit) and its
    width in characters."""
    text = safetext.clean(value, multiline=True)[:EXCEL_MAX_CHARS]
    return text, max((len(line) for line in text.split("\n")), default=0)


def _chart(book, sheet_name: str, chart: Chart, header_row: int, first: int, last: int,
           headers: Sequence[str]):
    made = book.add_chart({"type": chart.kind})
    last = min(last, first + chart.max_rows - 1)
    quoted = "'" + sheet_name.replace("'", "''") + "'"
    for col in chart.series:
        made.add_series({
            "name": [sheet_name, header_row, col],
            "categories": f"={quoted}!$A${first + 1}:$A${last + 1}",
            "values": [sheet_name, first, col, last, col],
            "data_labels": {"value": True} if chart.kind != "line" else {},
        })
    made.set_title({"name": chart.title, "name_font": {"size": 11}})
    if chart.kind == "pie" or len(chart.series) == 1:
        made.set_legend({"none": chart.kind != "pie"})
    else:
        made.set_legend({"position": "bottom"})
    if chart.kind == "bar":
        made.set_y_axis({"reverse": True})  # the first row on top, as in the table
    made.set_size({"width": 560, "height": _CHART_ROWS * 20})
    return made


def _sheet(book, formats: dict, sheet: Sheet) -> int:
    ws = book.add_worksheet(sheet.name)
    ws.write_string(0, 0, safetext.clean(sheet.title), formats["title"])
    widths: dict[int, int] = {}
    charts, row = 0, 2
    for table in sheet.tables:
        ws.write_string(row, 0, safetext.clean(table.title), formats["subtitle"])
        row += 1
        header_row = row
        for col, text in enumerate(table.headers):
            ws.write_string(row, col, text, formats["header"])
            widths[col] = max(widths.get(col, 0), min(len(text), 24))
        first = row + 1
        for values in table.rows:
            row += 1
            for col, value in enumerate(values):
                widths[col] = max(widths.get(col, 0), _cell(ws, row, col, value, formats))
        last = row
        if table.chart is not None and table.rows:
            made = _chart(book, sheet.name, table.chart, header_row, first, last, table.headers)
            ws.insert_chart(header_row, len(table.headers) + 1, made, {"x_offset": 10})
            charts += 1
            row = max(row, header_row + _CHART_ROWS)
        row += _GAP + 1
    for col, width in widths.items():
        ws.set_column(col, col, min(max(width, 6), 60) + 2)
    return charts


def _behind(book, formats: dict, behind: RowsBehind) -> int:
    ws = book.add_worksheet(behind.name)
    for col, text in enumerate(behind.headers):
        ws.write_string(0, col, text, formats["header"])
    widths = [len(text) for text in behind.headers]
    # the same section, figure, company and town come back on many rows: each text is cleaned
    # and measured once (the rows are hundreds of thousands at 100,000 companies)
    texts: dict[str, tuple[str, int]] = {}
    row = 0
    for values in behind.rows:
        if row + 1 >= EXCEL_MAX_ROWS:
            break
        row += 1
        for col, value in enumerate(values):
            if isinstance(value, str):
                if not value:
                    continue
                got = texts.get(value)
                if got is None:
                    got = texts[value] = _text(value)
                ws.write_string(row, col, got[0])
                width = got[1]
            elif value is None:
                continue
            else:
                width = _cell(ws, row, col, value, formats)
            if width > widths[col]:
                widths[col] = width
    for col, width in enumerate(widths):
        ws.set_column(col, col, min(max(width, 6), 50) + 2)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(row, 1), len(behind.headers) - 1)
    return row


def write_book(target: str | os.PathLike[str], sheets: Sequence[Sheet], behind: RowsBehind) -> BookSummary:
    """Write the workbook at `target` (replaced whole, private); OSError when it cannot be
    written (the target is then as it was)."""
    target = Path(target)
    summary = BookSummary(target)
    with safefile.replacing(target) as tmp:
        book = new_workbook(tmp, str(tmp.parent))
        formats = {
            "title": book.add_format({"bold": True, "font_size": 14}),
            "subtitle": book.add_format({"bold": True, "font_size": 11}),
            "header": book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1,
                                       "text_wrap": True, "valign": "top"}),
            "date": book.add_format({"num_format": DATE_FORMAT}),
        }
        for sheet in sheets:
            summary.charts += _sheet(book, formats, sheet)
            summary.sheets.append(sheet.name)
        summary.rows_behind = _behind(book, formats, behind)
        summary.sheets.append(behind.name)
        book.close()
    return summary
