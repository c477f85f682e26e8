"""The companies table: a DataTable that holds only the pages fetched so far and asks for the next
one when the view nears its end (by cursor, scroll wheel or scrollbar).

Refilling it is on the path of every keystroke, so two of DataTable's costs are cut here: every
column has its own width, so new rows are not measured cell by cell; and a one-line text cell is
rendered from a cached line of its text plus the row's style, instead of through rich's
Styled(Padding(...)) for each visible cell (the same segments, a fraction of the time)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.widgets import DataTable

from tui.widgets.localised import localise_bindings

NEAR_END = 15
_LINES_KEPT = 20_000  # cached text lines (value, width) before the cache starts afresh


class CompanyTable(DataTable):
    BINDINGS = [
        Binding("enter", "select_cursor", "key.open"),
        Binding("b", "screen.brief", "key.brief"),
        Binding("f", "screen.filters", "key.filters"),
        Binding("s", "screen.sort_next", "key.sort"),
        Binding("S", "screen.sort_reverse", "key.sort_reverse", show=False),
        Binding("slash", "screen.focus_search", "key.search"),
    ]

    class NearEnd(Message):
        """The view is within a few rows of the last loaded one."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        localise_bindings(self)
        self._text_lines: dict[tuple, list[Segment]] = {}

    def replace_rows(self, rows: list[tuple[str, list]]) -> None:
        """Show these (key, cells) rows instead of the current ones."""
        self.clear()
        self.append_rows(rows)

    def append_rows(self, rows: list[tuple[str, list]]) -> None:
        """Add (key, cells) rows at the bottom."""
        for key, cells in rows:
            self.add_row(*cells, key=key)

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

    @property
    def near_end(self) -> bool:
        """True when the cursor or the bottom of the view is close to the last loaded row."""
        if not self.row_count:
            return False
        last_visible = self.scroll_y + self.scrollable_content_region.height
        return max(self.cursor_row, last_visible) >= self.row_count - NEAR_END

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.near_end:
            self.post_message(self.NearEnd())

    def watch_cursor_coordinate(self, old_coordinate, new_coordinate) -> None:
        super().watch_cursor_coordinate(old_coordinate, new_coordinate)
        if self.near_end:
            self.post_message(self.NearEnd())
