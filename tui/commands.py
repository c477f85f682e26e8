"""The command palette (ctrl+p): every action of the app, in the interface language, including
those of the screen it was opened from."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.i18n import t
from tui.screens.base import PalataScreen

if TYPE_CHECKING:
    from tui.app import PalataApp


class PalataCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, Callable]]:
        app = cast("PalataApp", self.app)  # the palette of Palata's own app
        screen = self.screen
        run = app.run_action
        yield t("imptab.companies"), t("cmd.companies.help"), partial(run, "companies")
        yield t("cmd.missions"), t("cmd.missions.help"), partial(run, "missions")
        yield t("col.interests"), t("cmd.interests.help"), partial(run, "interests")
        yield t("cmd.duplicates"), t("cmd.duplicates.help"), partial(run, "duplicates")
        yield t("cmd.changes"), t("cmd.changes.help"), partial(run, "changes")
        yield t("cmd.reports"), t("cmd.reports.help"), partial(run, "reports")
        if isinstance(screen, PalataScreen):  # a dialog has no commands of its own
            company = screen.current_company()
            if company is not None:
                yield t("cmd.dossier"), t("cmd.dossier.help"), partial(app.open_dossier, company)
                yield t("cmd.brief"), t("cmd.brief.help"), partial(app.open_briefing, company)
            yield from screen.palette_commands()
        from tui.forms.actions import editing_commands

        yield from editing_commands(app, screen)
        if app.can_go_back():
            yield t("key.back"), t("cmd.back.help"), app.action_back
        yield t("cmd.import"), t("cmd.import.help"), partial(run, "import_wizard")
        yield t("cmd.imports"), t("cmd.imports.help"), partial(run, "import_history")
        yield t("cmd.export"), t("cmd.export.help"), partial(run, "export")
        yield t("cmd.theme"), t("cmd.theme.help"), partial(run, "toggle_theme")
        yield t("cmd.language"), t("cmd.language.help"), partial(run, "switch_language")
        yield t("cmd.keys"), t("cmd.keys.help"), partial(run, "show_help_panel")
        yield t("cmd.quit"), t("cmd.quit.help"), partial(run, "quit")

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
