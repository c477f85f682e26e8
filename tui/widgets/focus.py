"""Moving the focus at once, so that the keys typed right after follow it.

Textual hands each key to the widget that has the focus when the app reads the key. A key that
moves the focus through a widget's binding or message (Enter in an input, Tab) is handled after
the keys read with it have already been handed to the old widget, and `Widget.focus()` takes
effect later still (on the app's next turn). A fast typist's «Enter, О, О, О» put «ООО» at the end
of the field just left. So the keys that move the focus are priority bindings (handled as the app
reads them, before the next key is handed on), and they move it with `focus_now`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from textual.screen import Screen

    _Screen = Screen
else:
    _Screen = object


def focus_now(widget: Widget) -> None:
    """Give `widget` the focus before the next key is handed to anybody."""
    widget.screen.set_focus(widget)


def takes_tab(widget: Widget | None) -> bool:
    """The focused widget uses Tab itself (a text area that indents, a path line that completes
    with it) rather than leaving."""
    if widget is None:
        return False
    if isinstance(widget, TextArea) and widget.tab_behavior == "indent":
        return True
    return "tab" in widget._bindings.key_to_bindings  # its own binding (Textual keeps no public view)


# Ctrl+F to the search line from anywhere; ↓ and Enter from the search line to the table. Each is
# on only where it moves the focus (`SearchAndTable.check_action`), and looks in the footer as the
# key it stands in for.
SEARCH_AND_TABLE_BINDINGS = [
    Binding("ctrl+f", "focus_search", "key.search", priority=True),
    Binding("down", "table_from_search", "key.table", show=False, priority=True),
    Binding("enter", "table_from_search", "key.table", show=False, priority=True),
]


class SearchAndTable(_Screen):
    """A screen with a search line over its table: the actions that move the focus between them
    (for `SEARCH_AND_TABLE_BINDINGS`). Put it before the screen's base class."""

    SEARCH_ID: str  # the search line's id
    TABLE = "DataTable"  # a selector of the table

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "table_from_search":
            return self.focused is not None and self.focused.id == self.SEARCH_ID
        return super().check_action(action, parameters)

    def action_focus_search(self) -> None:
        focus_now(self.query_one(f"#{self.SEARCH_ID}", Input))

    def action_focus_table(self) -> None:
        focus_now(self.query_one(self.TABLE))

    def action_table_from_search(self) -> None:
        self.action_focus_table()
