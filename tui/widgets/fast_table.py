"""A DataTable that skips the costs a plain table of one-line rows does not need:

- every column has its own width, so new rows are not measured cell by cell, and a new number
  of rows lays out only the table's scrollbar, not the screen (`_set_virtual_size`);
- `append_rows` adds many rows with DataTable's per-row bookkeeping (the cursor's reactive check,
  an idle check, a cache generation) done once instead of once per row;
- a line is drawn with the widget's and its rows' styles looked up once per paint instead of
  once per line (each lookup walks the DOM), and a one-line text cell from a cached line of its
  text plus the row's style instead of through rich's Styled(Padding(...)) (the same segments,
  a fraction of the time).

A table with a column sized to its content, row labels, fixed columns, a cell cursor, a row of
several lines or a styled cell is drawn as Textual draws it.

Refilling the companies table is on the path of every keystroke: a hundred rows added and twenty
lines painted, which DataTable's own paths made most of a key's cost. The changes screen adds a
thousand rows as it opens, which DataTable measured cell by cell on its next idle (0.1 s of its
opening at 100,000 companies, most of it under a profiler's eye)."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import zip_longest

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import DuplicateKey, Row, RowKey

_LINES_KEPT = 20_000  # cached text lines (value, width) before the cache starts afresh


class FastTable(DataTable):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._text_lines: dict[tuple, list[Segment]] = {}
        self._paint_styles: dict[object, Style] = {}  # looked up once per paint (render_lines)

    def append_rows(self, rows: Iterable[tuple[str, list]]) -> None:
        """Add one-line (key, cells) rows at the bottom: what `add_row` does for each, with its
        per-row bookkeeping done once for all of them."""
        columns = self.ordered_columns
        first = index = self.row_count
        try:
            for key, cells in rows:
                row_key = RowKey(key)
                if row_key in self._row_locations:
                    raise DuplicateKey(f"The row key {row_key!r} already exists.")
                if len(cells) > len(columns):
                    raise ValueError("More values provided than there are columns.")
                self._row_locations[row_key] = index
                self._data[row_key] = {column.key: value for column, value in zip_longest(columns, cells)}
                self.rows[row_key] = Row(row_key, 1)
                self._new_rows.add(row_key)
                index += 1
        finally:  # the rows added before a bad one are shown, as add_row would have left them
            if index > first:
                self._require_update_dimensions = True
                self.cursor_coordinate = self.cursor_coordinate
                if first == 0 and self.columns and self.show_cursor and self.cursor_type != "none":
                    self._highlight_cursor()  # a cursor has a row to stand on now, as add_row tells
                self._update_count += 1
                self.check_idle()

    def replace_rows(self, rows: Iterable[tuple[str, list]]) -> None:
        """Show these one-line (key, cells) rows instead of the current ones."""
        self.clear()
        self.append_rows(rows)

    # -- painting -------------------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        self._paint_styles = {}  # a paint sees one set of styles; the next may see another theme
        return super().render_lines(crop)

    def _style_of(self, name: object) -> Style:
        """The widget's rich style (None) or a component class's, looked up once per paint."""
        style = self._paint_styles.get(name)
        if style is None:
            style = self.rich_style if name is None else self.get_component_styles(str(name)).rich_style
            self._paint_styles[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        if self.fixed_rows:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        if y >= (self.header_height if self.show_header else 0):
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + self.size.width, self._style_of(None))

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        if row_index == -1:
            return self._style_of("datatable--header")
        if row_index < self.fixed_rows:
            return self._style_of("datatable--fixed")
        if self.zebra_stripes:
            return self._style_of("datatable--odd-row" if row_index % 2 else "datatable--even-row")
        return base_style

    def _render_line_in_row(self, row_key, line_no: int, base_style: Style, cursor_location,
                            hover_location):
        if (self.fixed_columns or self.cursor_type != "row"
                or (self._labelled_row_exists and self.show_row_labels)):
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location,
                                               hover_location)
        cache_key = (row_key, line_no, base_style, cursor_location, hover_location, self.cursor_type,
                     self.show_cursor, self._show_hover_cursor, self._update_count,
                     self._pseudo_class_state)
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        located = self._row_locations.get(row_key)
        row_index = -1 if located is None else located  # -1: the header
        row_style = self._get_row_style(row_index, base_style)
        cursor = row_index == cursor_location.row  # a row cursor lights the whole row
        hover = row_index == hover_location.row
        line: list[list[Segment]] = []
        table_width = self._row_label_column_width
        for column_index, column in enumerate(self.ordered_columns):
            width = column.get_render_width(self)
            table_width += width
            line.append(self._render_cell(row_index, column_index, row_style, width, cursor, hover)[line_no])
        # the row's style carried on to the widget's right edge, as DataTable does
        extend, _ = self._get_styles_to_render_cell(
            row_index == -1, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            False, False)
        extend = row_style + extend + Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        line.append([Segment(" " * max(0, self.size.width - table_width), extend)])
        pair: tuple[list, list] = ([], line)
        self._row_render_cache[cache_key] = pair
        return pair

    def _update_dimensions(self, new_rows) -> None:
        if any(column.auto_width for column in self.columns.values()) or any(
                row.auto_height or row.label is not None for row in self.rows.values()):
            super()._update_dimensions(new_rows)
            return
        # every column has a fixed width and every row one line: nothing to measure
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self._set_virtual_size(Size(width + self._row_label_column_width, self._total_row_height + header))

    def _set_virtual_size(self, size: Size) -> None:
        """A refill that changes only how many rows there are asks for no layout of the screen
        when the table's box does not follow its content (a height in fractions or cells): its
        scrollbar is set to the new length, and only showing or hiding it lays the screen out."""
        old, height = self.virtual_size, self.styles.height
        if (size.width != old.width or height is None or height.is_auto or not self.size.area):
            self.virtual_size = size  # Textual's way: the next frame lays the screen out
        elif size != old:
            self.set_reactive(DataTable.virtual_size, size)
            self._scroll_update(size)
            self.refresh()

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
