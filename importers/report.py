"""The error report of an import: one row per rejected input row — sheet, row number, reason and
the row's cells as they were — written with openpyxl so it opens in any office suite."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from importers.errors import ExportFailure
from importers.plan import MergeWarning, Rejection
from models import safefile, safetext
from models.errors import Problem

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ReportWords:
    """The report's sheet titles and headings in the reader's language, and `say`, which words a
    rejection's reason (a `models.errors.Problem`): the interface gives them (`tui.sentences`)."""

    say: Callable[[Problem], str]
    rejected: str
    rejected_head: tuple[str, str, str]  # sheet, row, reason
    notes: str
    notes_head: tuple[str, str, str]  # sheet, row, note
    warnings: str
    warnings_head: tuple[str, str, str, str, str, str]  # sheet, row, field, kept, dropped, kept from


def _safe(value: object) -> object:
    """A value openpyxl writes: text cleaned as the register cleans it (openpyxl refuses NUL,
    vertical tab and most other control characters, and the report must never fail on what a
    rejected row held)."""
    if value is None or isinstance(value, (int, float, date, datetime, bool)):
        return value
    return safetext.clean(str(value), multiline=True)


def _as_text(row) -> None:
    """Text that starts like a formula ("=HYPERLINK(...)") is written as text, never evaluated."""
    for cell in row:
        if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
            cell.data_type = "s"


def write_report(path: Path, rejections: Sequence[Rejection], columns: Sequence[str], words: ReportWords,
                 lang: str = "ru", warnings: Sequence[MergeWarning] = (),
                 notes: Sequence[tuple[str, int, str]] = ()) -> Path:
    """Write the rejected rows to an .xlsx workbook at `path` (replaced atomically); with
    `warnings`, a second sheet lists the values of duplicate rows that were dropped; with
    `notes` — (sheet, row, sentence) — a third what the import decided on its own."""
    return prepare_report(path, rejections, columns, words, lang, warnings, notes).publish()


class PendingReport:
    """A report written in full beside its place (`safefile.replacing`), not yet in it."""

    def __init__(self, path: Path, replacing) -> None:
        self.path = path
        self._replacing = replacing

    def publish(self) -> Path:
        """Put the report in its place in one rename."""
        try:
            self._replacing.__exit__(None, None, None)
        except OSError as exc:
            raise ExportFailure("err.report.not_written", path=self.path, reason=exc.strerror) from None
        return self.path

    def discard(self) -> None:
        """Remove the written report; its place stays as it was."""
        stop = RuntimeError("report discarded")
        self._replacing.__exit__(RuntimeError, stop, None)


def prepare_report(path: Path, rejections: Sequence[Rejection], columns: Sequence[str], words: ReportWords,
                   lang: str = "ru", warnings: Sequence[MergeWarning] = (),
                   notes: Sequence[tuple[str, int, str]] = ()) -> PendingReport:
    """The report of `write_report`, written beside `path` as "<name>.part" and not yet in its
    place: an import makes it before it commits, and `publish`es it after."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.worksheet import Worksheet

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet), "a new workbook opens on its one worksheet"
    ws.title = words.rejected
    ws.append([*words.rejected_head, *[_safe(c) or "" for c in columns]])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    _as_text(ws[1])
    for r in rejections:
        ws.append([_safe(r.sheet), r.row, _safe(words.say(r.reason)), *[_safe(c) for c in r.cells]])
        _as_text(ws[ws.max_row])
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 60
    if warnings:
        _write_warnings(wb, warnings, words, lang)
    if notes:
        _write_notes(wb, notes, words)
    replacing = safefile.replacing(path)
    try:
        tmp = replacing.__enter__()
    except OSError as exc:
        raise ExportFailure("err.report.not_written", path=path, reason=exc.strerror) from None
    pending = PendingReport(path, replacing)
    try:
        wb.save(tmp)
    except OSError as exc:
        pending.discard()
        raise ExportFailure("err.report.not_written", path=path, reason=exc.strerror) from None
    return pending


def _write_notes(wb, notes: Sequence[tuple[str, int, str]], words: ReportWords) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet(words.notes)
    ws.append(list(words.notes_head))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for sheet, row, text in notes:
        ws.append([_safe(sheet), row or None, _safe(text)])
        _as_text(ws[ws.max_row])
    ws.freeze_panes = "A2"
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 100


def _write_warnings(wb, warnings: Sequence[MergeWarning], words: ReportWords, lang: str) -> None:
    """The sheet of dropped duplicate values: sheet, row, field, kept value, dropped value."""
    from openpyxl.styles import Font

    ws = wb.create_sheet(words.warnings)
    ws.append(list(words.warnings_head))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for w in warnings:
        ws.append([_safe(w.sheet), w.row, _safe(w.label(lang)), _safe(w.kept), _safe(w.dropped), w.kept_row])
        _as_text(ws[ws.max_row])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for letter, width in zip("ABCDEF", (18, 8, 28, 40, 40, 10), strict=True):
        ws.column_dimensions[letter].width = width
