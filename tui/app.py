"""The Textual app: screens, bindings and theme — wiring only."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from tui.i18n import t
from tui.screens.companies import CompaniesScreen


class PalataApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Palata"
    BINDINGS = [
        Binding("ctrl+q", "quit", t("app.key.quit"), priority=True),
        Binding("f2", "toggle_theme", t("app.key.theme")),
    ]

    def __init__(self, location: str | None = None):
        super().__init__()
        self.location = location
        self.title = t("app.title")
        self.sub_title = location or ""

    def on_mount(self) -> None:
        self.push_screen(CompaniesScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
