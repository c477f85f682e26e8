"""Read-only tables that wrap long text (outcomes, subjects) between words instead of scrolling
sideways (`tui.widgets.fit.FitTable`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text

from tui.i18n import t
from tui.widgets.fit import FitTable


def rich_table(columns: Sequence[tuple[str, dict]], rows: Iterable[Sequence[object]]) -> FitTable | Text:
    """A table with a bold header; `columns` are (title, options) as `FitTable` takes them. An
    empty list reads as a sentence, not as an empty frame."""
    rows = list(rows)
    if not rows:
        return Text(t("list.empty"), style="italic")
    return FitTable(columns, rows)
