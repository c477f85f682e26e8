"""Read-only tables that wrap long text (outcomes, subjects) instead of scrolling sideways."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.table import Table
from rich.text import Text

from tui.i18n import t


def rich_table(columns: Sequence[tuple[str, dict]], rows: Iterable[Sequence[object]]) -> Table | Text:
    """A rich Table with a bold header; `columns` are (title, column options). An empty list
    reads as a sentence, not as an empty frame."""
    rows = list(rows)
    if not rows:
        return Text(t("list.empty"), style="italic")
    table = Table(expand=True, show_edge=False, header_style="bold", pad_edge=False,
                  box=box.SIMPLE_HEAD, show_lines=False)
    for title, options in columns:
        table.add_column(title, overflow="fold", **options)
    for row in rows:
        table.add_row(*[c if isinstance(c, Text) else Text(str(c) if c is not None else "") for c in row])
    return table
