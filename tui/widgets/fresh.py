"""Mixed into a screen (before Textual's Screen in its bases): a screen that has not yet been
covered is not restyled when it comes on top. Textual restyles every widget of a screen each time
it comes on top, so that a screen shown again follows what changed while it was covered (a theme);
a new screen's widgets were styled a moment ago as they were mounted, and doing it again (twice
for a section's first screen) was a quarter of the time a screen took to open. A screen whose own
stylesheet (CSS_PATH) is read only as it is pushed still needs that pass: Textual styles its
widgets before reading it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.screen import Screen

    _ScreenMixin = Screen[Any]  # what FreshScreen is mixed into: the type checker sees its names
else:
    _ScreenMixin = object


class FreshScreen(_ScreenMixin):
    _palata_covered = False  # suspended at least once: it may have missed a change of style

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        try:
            sheet = self.app.stylesheet
            self._palata_css_read = not self.CSS and all(
                sheet.has_source(str(path), "") for path in self.css_path)
        except Exception:  # noqa: BLE001 — made outside a running app: keep Textual's pass
            self._palata_css_read = False

    def _on_screen_suspend(self) -> None:
        self._palata_covered = True

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._palata_covered and self._palata_css_read:
            event.refresh_styles = False  # read by Textual's own handler, which runs next
