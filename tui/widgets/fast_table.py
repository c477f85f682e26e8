"""A DataTable that skips two of its costs where a table lets it: every column has its own width,
so new rows are not measured cell by cell; and a one-line text cell is rendered from a cached line
of its text plus the row's style, instead of through rich's Styled(Padding(...)) for each visible
cell (the same segments, a fraction of the time). A table with a column sized to its content, a
row of several lines or a styled cell is drawn as Textual draws it.

Refilling the companies table is on the path of every keystroke; the changes screen adds a
thousand rows as it opens, which DataTable measured cell by cell on its next idle (0.1 s of its
opening at 100,000 companies, most of it under a profiler's eye)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widgets import DataTable

_LINES_KEPT = 20_000  # cached text lines (value, width) before the cache starts afresh


class FastTable(DataTable):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._text_lines: dict[tuple, list[Segment]] = {}

    def _update_dimensions(self, new_rows) -> None:
        if any(column.auto_width for column in self.columns.values()) or any(
                row.auto_height or row.label is not None for row in self.rows.values()):
            super()._update_dimensions(new_rows)
            return
        # every column has a fixed width and every row one line: nothing to measure
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width + self._row_label_column_width, self._total_row_height + header)

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False):
        if row_index < self.fixed_rows or column_index < self.fixed_columns:  # header, labels
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:  # no such cell: as Textual draws it
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (row_key, column_key, base_style, cursor, hover,
               self._show_hover_cursor, self._update_count, self._pseudo_class_state)
        lines = self._cell_render_cache.get(key)
        if lines is not None:
            return lines
        row = self.rows.get(row_key)
        cell = self._get_row_renderables(row_index).cells[column_index]
        inner = width - 2 * self.cell_padding
        if (row is None or row.height != 1 or type(cell) is not Text or cell.spans or cell.style
                or "\n" in cell.plain or inner < 1):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component, post = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component
        text_key = (cell.plain, cell.overflow, cell.no_wrap, cell.justify, cell.end, inner)
        text_line = self._text_lines.get(text_key)
        if text_line is None:
            if len(self._text_lines) >= _LINES_KEPT:
                self._text_lines.clear()
            options = self.app.console_options.update_dimensions(inner, 1).update(no_wrap=True)
            text_line = self.app.console.render_lines(cell, options, style=Style(), pad=True)[0]
            self._text_lines[text_key] = text_line
        # what rich makes of Styled(Padding(cell, (0, padding)), style, post) on one line
        pad = [Segment(" " * self.cell_padding, Style())] if self.cell_padding else []
        lines = [list(Segment.apply_style([*pad, *text_line, *pad], style, post))]
        self._cell_render_cache[key] = lines
        return lines
