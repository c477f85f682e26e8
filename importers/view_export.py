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
from contextlib import AbstractContextManager

from importers import export as ex
from models import export_queries as eq
from models import queries
from models.browse import CompanyFilter


def _exporting_view(text: str, filters: CompanyFilter) -> AbstractContextManager[None]:
    source, params, _ = queries._source(text, None, filters)
    return eq.exporting_picked(source, params)


def export_view(path: str | os.PathLike[str], *, text: str = "", filters: CompanyFilter | None = None,
                lang: str = "ru", progress: ex.Progress | None = None) -> ex.ExportSummary:
    """Write the companies the table shows for `text` and `filters` (and what hangs on them) to
    `path` in the register layout. With no search and no filter that is `palata export`'s whole
    register. Raises ExportFailure with a sentence."""
    filters = filters or CompanyFilter()
    if not text.strip() and filters.is_empty:
        return ex.export_register(path, lang=lang, progress=progress)
    return ex.write_register(path, _exporting_view(text, filters), lang=lang, progress=progress)
