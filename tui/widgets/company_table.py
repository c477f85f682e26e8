"""The companies table: a DataTable that holds only the pages fetched so far and asks for the next
one when the view nears its end (by cursor, scroll wheel or scrollbar). Refilling it is on the
path of every keystroke: it is drawn the cheaper way of `FastTable`."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message

from tui.widgets.fast_table import FastTable
from tui.widgets.localised import localise_bindings

NEAR_END = 15


class CompanyTable(FastTable):
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
