"""Writing the register, or the part a filter picks, as a formatted workbook in the register layout.

The workbook is the one `importers.register` and `palata import` read: the sheets and columns of
`importers.layout`, "№" columns holding database ids, vocabularies as labels, real dates. It is
safe to open: every text is written as a string cell (never a formula, whatever it starts with,
and with no apostrophe added to it), identifiers are text so no leading zero is lost.

Rows stream from the database into xlsxwriter's constant-memory mode (one row in memory at a
time), into a temporary file beside the target that replaces it only once complete.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from importers import layout
from importers.errors import ExportFailure
from models import export_queries, safefile, vocab
from models.export_queries import ExportFilter

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): stage is the sheet's title; importers never print."""

EXCEL_MAX_CHARS = 32_767  # a cell holds no more (xlsxwriter cuts and returns -2)
EXCEL_MAX_ROWS = 1_048_576
DATE_FORMAT = "dd.mm.yyyy"  # shown as ДД.ММ.ГГГГ in a Russian Excel
_REPORT_EVERY = 2_000

_DATE_KEYS = frozenset({"member_since", "dues_paid_until", "opened_on", "starts_on", "ends_on",
                        "held_on", "signed_on", "happened_on", "due_on"})
_REF_KEYS = frozenset({"ref", "company_ref", "mission_ref"})
_BOOL_KEYS = frozenset({"is_primary", "done"})
# Text that Excel would otherwise turn into numbers when someone edits the cell.
_IDENT_KEYS = frozenset({"inn", "kpp", "ogrn", "unp", "phones", "member_number", "okved", "party_refs"})
_WRAP_KEYS = frozenset({"notes", "description", "text", "outcome", "address", "full_name", "subject"})

_VOCABULARIES: dict[tuple[str, str], vocab.Vocabulary] = {
    ("companies", "member_status"): vocab.MEMBER_STATUS,
    ("interests", "direction"): vocab.INTEREST_DIRECTION,
    ("interests", "status"): vocab.INTEREST_STATUS,
    ("missions", "kind"): vocab.MISSION_KIND,
    ("participations", "role"): vocab.PARTICIPATION_ROLE,
    ("agreements", "kind"): vocab.AGREEMENT_KIND,
    ("agreements", "status"): vocab.AGREEMENT_STATUS,
    ("activities", "kind"): vocab.ACTIVITY_KIND,
}

MIN_WIDTH, MAX_WIDTH, MAX_WRAP_WIDTH = 6, 50, 60
_PADDING = 2  # room around the text (and the filter button)


@dataclass
class ExportSummary:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    truncated: int = 0  # cells longer than Excel allows, cut to EXCEL_MAX_CHARS


def sheet_keys(names: Iterable[str]) -> list[str]:
    """Sheet keys for what a person typed ("contacts", "Контакты", "interests"), in layout order.
    Raises ValueError naming the first unknown one."""
    known = {}
    for sheet in layout.SHEETS:
        for name in (sheet.key, sheet.ru, sheet.en):
            known[name.strip().lower()] = sheet.key
    # "participation" (English title) and its plural key both work
    chosen = set()
    for name in names:
        name = name.strip().lower()
        if not name:
            continue
        if name not in known:
            raise ValueError(name)
        chosen.add(known[name])
    return [s.key for s in layout.SHEETS if s.key in chosen]


# --- cells -------------------------------------------------------------------------------------

def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _text_width(text: str) -> int:
    if "\n" in text:
        return max(len(line) for line in text.split("\n"))
    return len(text)


class _Writer:
    """One sheet's column plan: how each column is written and how wide it has grown."""

    def __init__(self, book, formats: dict, sheet: layout.Sheet, columns: tuple[str, ...], lang: str):
        self.sheet = sheet
        self.lang = lang
        self.ws = book.add_worksheet(sheet.title(lang))
        position = {name: i for i, name in enumerate(columns)}
        missing = [c.key for c in sheet.columns if c.key not in position]
        if missing:  # a bug between layout and query, not a user's doing
            raise KeyError(f"{sheet.key}: the query gives no {missing}")
        self.plan = []
        yes, no = (layout.YES[1], "no") if lang == "en" else (layout.YES[0], "нет")
        extra: Any  # by kind: None, the (yes, no) words, or a vocabulary's code → label
        for c in sheet.columns:
            key = c.key
            if key in _DATE_KEYS:
                kind, fmt, extra = "date", formats["date"], None
            elif key in _REF_KEYS:
                kind, fmt, extra = "ref", formats["ref"], None
            elif key in _BOOL_KEYS:
                kind, fmt, extra = "bool", None, (yes, no)
            elif (sheet.key, key) in _VOCABULARIES:
                vocabulary = _VOCABULARIES[(sheet.key, key)]
                labels = {code: vocab.label(vocabulary, code, lang) for code in vocabulary}
                kind, fmt, extra = "vocab", None, labels
            elif key in _IDENT_KEYS:
                kind, fmt, extra = "text", formats["ident"], None
            elif key in _WRAP_KEYS:
                kind, fmt, extra = "text", formats["wrap"], None
            else:
                kind, fmt, extra = "text", None, None
            self.plan.append((position[key], kind, fmt, extra))
        self.widths = [len(c.title(lang)) + 3 for c in sheet.columns]  # room for the filter button
        self.caps = [MAX_WRAP_WIDTH if c.key in _WRAP_KEYS else MAX_WIDTH for c in sheet.columns]
        self.truncated = 0
        self.header(formats["header"])

    def header(self, fmt) -> None:
        for col, c in enumerate(self.sheet.columns):
            self.ws.write_string(0, col, c.title(self.lang), fmt)

    def rows(self, rows: Iterable[tuple], date_fmt, progress: Progress, total: int) -> int:
        ws = self.ws
        write_string, write_number, write_datetime = ws.write_string, ws.write_number, ws.write_datetime
        widths, caps = self.widths, self.caps
        title = self.sheet.title(self.lang)
        r = 0
        for row in rows:
            r += 1
            for col, (i, kind, fmt, extra) in enumerate(self.plan):
                value = row[i]
                if value is None or value == "":
                    continue
                if kind == "text":
                    if value.__class__ is not str:  # TEXT affinity makes this rare
                        value = str(value)
                    if len(value) > EXCEL_MAX_CHARS:
                        self.truncated += 1
                    write_string(r, col, value, fmt)
                    if widths[col] < caps[col]:
                        n = _text_width(value)
                        if n > widths[col]:
                            widths[col] = n
                    continue
                if kind == "ref":
                    write_number(r, col, value, fmt)
                    text = str(value)
                elif kind == "date":
                    day = _as_date(value)
                    if day is None:  # not a date at all (written around the store): keep the text
                        text = str(value)
                        write_string(r, col, text)
                    elif day.year < 1900:  # before Excel's calendar: text that reads back as the date
                        text = f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
                        write_string(r, col, text)
                    else:
                        write_datetime(r, col, day, date_fmt)
                        text = "00.00.0000"
                elif kind == "vocab":
                    text = extra.get(value) or str(value)  # an unknown code is shown as it is
                    write_string(r, col, text)
                else:  # bool
                    text = extra[0] if value else extra[1]
                    write_string(r, col, text)
                if len(text) > widths[col]:
                    widths[col] = len(text)
            if r % _REPORT_EVERY == 0:
                progress(title, r, total)
        progress(title, r, total)
        return r

    def finish(self, rows: int) -> None:
        ws = self.ws
        for col, width in enumerate(self.widths):
            ws.set_column(col, col, max(MIN_WIDTH, min(width, self.caps[col])) + _PADDING)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(rows, 1), len(self.sheet.columns) - 1)


def _formats(book) -> dict:
    return {
        "header": book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                                   "valign": "top"}),
        "date": book.add_format({"num_format": DATE_FORMAT}),
        "ref": book.add_format({"num_format": "0"}),
        "ident": book.add_format({"num_format": "@"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }


def new_workbook(path: str | os.PathLike[str], tmpdir: str | None = None):
    """An xlsxwriter workbook set up for safe streaming: rows leave memory as they are written
    (into files in `tmpdir`), and nothing typed as text ever becomes a formula, a number or a
    link."""
    import xlsxwriter

    return xlsxwriter.Workbook(str(path), {
        "constant_memory": True,
        "tmpdir": tmpdir,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    })


# --- the file ----------------------------------------------------------------------------------

def _check_target(path: Path) -> None:
    folder = path.parent
    if path.is_dir():
        raise ExportFailure("err.export.is_folder", path=path)
    if not folder.exists():
        raise ExportFailure("err.export.no_folder", folder=folder, file=path.name)
    if not folder.is_dir():
        raise ExportFailure("err.export.not_folder", folder=folder, file=path.name)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportFailure("err.export.folder_closed", folder=folder, file=path.name)
    if path.exists() and not os.access(path, os.W_OK):
        raise ExportFailure("err.export.file_closed", path=path)


def export_register(path: str | os.PathLike[str], *, company_filter: ExportFilter | None = None,
                    sheets: Iterable[str] | None = None, lang: str = "ru",
                    progress: Progress | None = None) -> ExportSummary:
    """Write the register (or the companies `company_filter` picks and what hangs on them) to
    `path` as an .xlsx in the register layout; an existing file is replaced whole.

    `sheets` are layout sheet keys (all by default). Raises ExportFailure with a sentence.
    """
    return write_register(path, export_queries.exporting(company_filter), sheets=sheets, lang=lang,
                          progress=progress)


def write_register(path: str | os.PathLike[str], selection: AbstractContextManager, *,
                   sheets: Iterable[str] | None = None, lang: str = "ru",
                   progress: Progress | None = None) -> ExportSummary:
    """Write the sheets of the register layout for the records `selection` marks (a context in
    which `export_queries.ROWS` streams them), atomically and privately (`models.safefile`): a
    temporary file beside the target, then one rename. Raises ExportFailure with a sentence."""
    target = Path(path).expanduser().absolute()
    _check_target(target)
    wanted = set(sheets) if sheets is not None else {s.key for s in layout.SHEETS}
    report = progress or (lambda stage, done, total: None)
    summary = ExportSummary(target)
    book = None
    _sweep_leftovers()
    # The rows wait in private files (0600) of the private work folder (0700) that `replacing`
    # makes beside the target, until the workbook is packed: removed whole with it at the end,
    # on an error, on Ctrl+C or SIGTERM (the command turns it into one); one left by an export
    # killed outright is swept by the next write into that folder (`safefile.sweep_stale`).
    # Nothing goes to the shared temporary folder.
    rows_dir = None
    try:
        with safefile.replacing(target) as tmp:
            try:
                rows_dir = tmp.parent / "rows"
                rows_dir.mkdir(0o700)
                book = new_workbook(tmp, str(rows_dir))
                formats = _formats(book)
                with selection:
                    for sheet in layout.SHEETS:
                        if sheet.key not in wanted:
                            continue
                        stream = export_queries.ROWS[sheet.key]()
                        if stream.total >= EXCEL_MAX_ROWS:
                            raise ExportFailure("err.export.too_many_rows", sheet=sheet.title(lang),
                                                rows=stream.total, most=EXCEL_MAX_ROWS - 1)
                        writer = _Writer(book, formats, sheet, stream.columns, lang)
                        report(sheet.title(lang), 0, stream.total)
                        count = writer.rows(stream.rows, formats["date"], report, stream.total)
                        writer.finish(count)
                        summary.counts[sheet.key] = count
                        summary.truncated += writer.truncated
                report(target.name, 0, 0)  # packing the file: no count to show
                _close(book, target)
            except BaseException:
                _discard(book)
                raise
    except OSError as exc:  # the disk (the target's or the temporary folder's) failed mid-way
        raise _write_failure(target, exc) from None
    finally:
        if rows_dir is not None:
            shutil.rmtree(rows_dir, ignore_errors=True)
    return summary


_ROWS_PREFIX = "palata-export-"


def _write_failure(target: Path, exc: OSError) -> ExportFailure:
    if exc.errno == errno.ENOSPC:
        return ExportFailure("err.export.disk_full", path=target)
    return ExportFailure("err.write_failed", path=target, reason=exc.strerror or str(exc))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep_leftovers() -> None:
    """The folders of rows an export of an earlier version killed outright (SIGKILL, a power
    cut) left in the temporary folder: this account's, of a process that no longer runs (by the
    pid in the name)."""
    for path in Path(tempfile.gettempdir()).glob(f"{_ROWS_PREFIX}*-*"):
        pid = path.name.removeprefix(_ROWS_PREFIX).split("-")[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        try:
            if path.is_dir() and path.stat().st_uid == os.getuid():
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            continue


def _discard(book) -> None:
    """Remove the row files a constant-memory workbook keeps until it is closed."""
    if book is None or book.fileclosed:
        return
    book.fileclosed = True  # no second attempt to write it when it is collected
    for ws in book.worksheets():
        fh, name = getattr(ws, "row_data_fh", None), getattr(ws, "row_data_filename", None)
        if fh is not None:
            fh.close()
        if name:
            Path(name).unlink(missing_ok=True)


def _close(book, target: Path) -> None:
    try:
        book.close()
    except OSError as exc:
        _drop_open_zip(exc)
        raise _write_failure(target, exc) from None
    except Exception as exc:  # xlsxwriter wraps file errors in its own types
        _drop_open_zip(exc)
        causes = [*exc.args, exc.__cause__, exc.__context__]
        failed = next((c for c in causes if isinstance(c, OSError) and c.strerror), None)
        if failed is not None:
            raise _write_failure(target, failed) from None
        raise ExportFailure("err.write_failed", path=target, reason=str(exc)) from None


def _drop_open_zip(exc: BaseException) -> None:
    """xlsxwriter leaves its ZipFile open when writing it fails (a full disk); collected later,
    it would try to write again and print a traceback. Close its file quietly and let it go."""
    import zipfile

    seen: BaseException | None = exc
    for _ in range(5):  # the failure and what it wraps
        if seen is None:
            break
        tb = seen.__traceback__
        while tb is not None:
            for value in list(tb.tb_frame.f_locals.values()):
                if isinstance(value, zipfile.ZipFile) and value.fp is not None:
                    try:
                        value.fp.close()
                    except OSError:
                        pass
                    value.fp = None
            tb = tb.tb_next
        seen = seen.__cause__ or seen.__context__
