"""Moving the focus at once, so that the keys typed right after follow it.

Textual hands each key to the widget that has the focus when the app reads the key. A key that
moves the focus through a widget's binding or message (Enter in an input, Tab) is handled after
the keys read with it have already been handed to the old widget, and `Widget.focus()` takes
effect later still (on the app's next turn). A fast typist's «Enter, О, О, О» put «ООО» at the end
of the field just left. So the keys that move the focus are priority bindings (handled as the app
reads them, before the next key is handed on), and they move it with `focus_now`.
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import TextArea


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
