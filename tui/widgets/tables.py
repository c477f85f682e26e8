"""Read-only tables that wrap long text (outcomes, subjects) between words instead of scrolling
sideways (`tui.widgets.fit.FitTable`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from tui.i18n import t
from tui.widgets.fit import FitTable

if TYPE_CHECKING:
    from textual.widgets.data_table import RowKey


def row_id(key: RowKey) -> int:
    """The id of the record a row shows: the tables of records key each row by its record's id."""
    if key.value is None:
        raise ValueError("a row added without its record's id")
    return int(key.value)


def rich_table(columns: Sequence[tuple[str, dict]], rows: Iterable[Sequence[object]]) -> FitTable | Text:
    """A table with a bold header; `columns` are (title, options) as `FitTable` takes them. An
    empty list reads as a sentence, not as an empty frame."""
    rows = list(rows)
    if not rows:
        return Text(t("list.empty"), style="italic")
    return FitTable(columns, rows)
