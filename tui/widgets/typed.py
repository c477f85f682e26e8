"""Text fields that edit in the order the keys were typed.

Textual's Input and TextArea insert a typed letter as their own queue reaches the key, but run a
key bound to an editing action (Backspace, Ctrl+U, Home, ←…) only once the key has bubbled up
from them to the app and come back as a binding, after the letters typed behind it: a fast
typist's «п, Backspace, ы» left «п» (the Backspace took the «ы»), «Ctrl+U, т, р, у» an empty
line, «Home, x» the x at the end. Here the field runs its own editing keys as its queue reaches
them, in turn with the letters. Keys the app or the screen binds with priority still come first
(they are read before any key is handed to the field)."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input, TextArea


class _InOrder:
    """Runs the widget's own bound keys as it reads them (a mixin before the widget class)."""

    async def _on_key(self, event: events.Key) -> None:
        for key in event.aliases:
            bindings = self._bindings.key_to_bindings.get(key)  # type: ignore[attr-defined]
            if bindings:
                event.stop()
                event.prevent_default()
                await self.run_action(bindings[0].action)  # type: ignore[attr-defined]
                return
        await super()._on_key(event)  # type: ignore[misc]


class LineInput(_InOrder, Input):
    """Input, its editing keys run in the order typed.

    Input keeps its text's width as its virtual size (how far it may scroll), a size Textual
    lays the whole screen out again for whenever it changes: on every letter typed. A line of
    fixed size is not moved by its text, so the width is kept without that layout (on the
    companies screen, one of the two layouts each keystroke cost)."""

    def _watch_value(self, value: str) -> None:
        if not self.styles.auto_dimensions:
            self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)


class TextBox(_InOrder, TextArea):
    """TextArea, its editing keys run in the order typed."""
