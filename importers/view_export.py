"""Exporting what the companies table shows: the same workbook as `palata export`, for exactly the
companies that the table's search and filters pick.

`export_register` chooses companies by an `ExportFilter`, which cannot say everything the table's
`CompanyFilter` says (a place that is a region, "has open interests", an industry compared
exactly). So the companies are marked here by the table's own conditions (`models.queries`),
the records hanging on them are found by the export's own rules, and the sheets are written by
the export's writer. (An `ExportFilter` that could carry a `CompanyFilter` would make this module
a one-line call of `export_register`.)
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from importers import export as ex
from importers import layout
from importers.errors import ExportFailure
from models import export_queries as eq
from models import queries
from models.browse import CompanyFilter
from models.db import database

# A mission id no mission has: `_mark` then adds no company of its own and only follows the
# companies already marked to their missions, meetings and agreements.
_NO_MISSION = 0


@contextmanager
def _exporting_view(text: str, filters: CompanyFilter) -> Iterator[None]:
    with database.atomic(lock_type="DEFERRED"):
        eq._register_functions()
        eq.make_temp_tables()
        source, params, _ = queries._source(text, None, filters)
        eq.mark_ids(source, params)
        eq._mark(eq.ExportFilter(mission=_NO_MISSION))
        yield
        eq.drop_temp_tables()


def export_view(path: str | os.PathLike[str], *, text: str = "", filters: CompanyFilter | None = None,
                lang: str = "ru", progress: ex.Progress | None = None) -> ex.ExportSummary:
    """Write the companies the table shows for `text` and `filters` (and what hangs on them) to
    `path` in the register layout. With no search and no filter that is `palata export`'s whole
    register. Raises ExportFailure with a sentence."""
    filters = filters or CompanyFilter()
    if not text.strip() and filters.is_empty:
        return ex.export_register(path, lang=lang, progress=progress)
    target = Path(path).expanduser().absolute()
    ex._check_target(target)
    report = progress or (lambda stage, done, total: None)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise ExportFailure(f"Не удалось создать файл в папке {target.parent}: {exc.strerror}.") from None
    tmp = Path(tmp_name)
    summary = ex.ExportSummary(target)
    book = None
    try:
        book = ex.new_workbook(tmp)
        formats = ex._formats(book)
        with _exporting_view(text, filters):
            for sheet in layout.SHEETS:
                stream = eq.ROWS[sheet.key]()
                if stream.total >= ex.EXCEL_MAX_ROWS:
                    raise ExportFailure(
                        f"Лист «{sheet.title(lang)}» не поместится в Excel: {stream.total} строк, "
                        f"а лист вмещает {ex.EXCEL_MAX_ROWS - 1}; сузьте выборку фильтрами.")
                writer = ex._Writer(book, formats, sheet, stream.columns, lang)
                report(sheet.title(lang), 0, stream.total)
                count = writer.rows(stream.rows, formats["date"], report, stream.total)
                writer.finish(count)
                summary.counts[sheet.key] = count
                summary.truncated += writer.truncated
        report(target.name, 0, 0)
        ex._close(book, target)
        os.chmod(tmp, ex._mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        ex._discard(book)
        tmp.unlink(missing_ok=True)
        raise
    return summary
