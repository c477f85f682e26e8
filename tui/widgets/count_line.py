"""The line under a list that says how many it holds (`.count` in app.tcss: one row high).

What it says changes with every keystroke in a search line; its size never does. Static.update
lays the whole screen out again by default, for a text that might change the widget's size: here
an update only repaints the line (on the companies screen that was one of the two layouts each
keystroke cost)."""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


class CountLine(Static):
    DEFAULT_CLASSES = "count"

    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        super().update(content, layout=layout)
