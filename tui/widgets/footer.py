"""The footer of every screen: Textual's own, made cheaper to build. It looks and works the same.

Textual's footer rebuilds all its keys whenever the bindings may have changed — on every focus
move — and styles each new key three times (on mount, then for its `compact` flag being set and
unset). With the editing keys that is ~20 widgets, and it was the largest part of opening a
screen. Here the keys are built only when what they show has changed (once for a screen coming
on top, not once for its keys and again for its focus), and born with the footer's `compact`
flag so that they are styled once.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class PalataFooter(Footer):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: tuple | None = None  # what the keys on screen say
        self._rebuilding = False  # a rebuild is on its way: it will show the keys as they are then

    def _showing(self, screen: Screen) -> tuple:
        """What compose would put on screen now: the keys shown, their words and states."""
        app = screen.app
        return (app.ENABLE_COMMAND_PALETTE and self.show_command_palette, self.compact,
                tuple((key, app.get_key_display(b), b.description, b.action, b.group, enabled, tooltip)
                      for key, (_, b, enabled, tooltip) in screen.active_bindings.items()
                      if b.show or key == app.COMMAND_PALETTE_BINDING))

    def compose(self) -> ComposeResult:
        self._rebuilding = False
        if self._bindings_ready and self.is_attached:
            self._shown = self._showing(self.screen)
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if widget.has_class("-command-palette"):  # not bound to the footer: stays compact
                    widget.add_class("-compact", update=False)
                else:
                    widget.set_reactive(FooterKey.compact, self.compact)  # as its data_bind will set it
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        if (self._bindings_ready and self.is_attached and screen is self.screen
                and (self._rebuilding or self._showing(screen) == self._shown)):
            return  # the same keys, or a rebuild already asked for: nothing more to do
        super().bindings_changed(screen)
        # Textual's footer asks for a rebuild after the next refresh when it has the focus; a
        # screen coming on top changes its bindings twice (its keys, then its focus) before that
        self._rebuilding = bool(screen.app.app_focus and self.is_attached and screen is self.screen)
