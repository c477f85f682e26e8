"""The Textual app: screens, bindings, theme, language and the live refresh — wiring only."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette

from models import live, missions_queries
from models.browse import CompanyFilter
from models.db import check_store_file, is_read_only
from models.errors import StoreError
from tui import format as fmt
from tui import safe
from tui.background import StoreProblems, report_failure
from tui.commands import PalataCommands
from tui.forms.actions import EDIT_BINDINGS, EditingActions
from tui.i18n import language, set_language, t
from tui.screens.companies import CompaniesScreen
from tui.widgets.localised import localise_bindings

POLL_SECONDS = 1.0
THEMES = ("textual-dark", "textual-light")


class PalataApp(StoreProblems, EditingActions, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Palata"
    COMMANDS = {PalataCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "key.quit", priority=True),
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True),
        Binding("f2", "toggle_theme", "key.theme", show=False),
        Binding("f3", "switch_language", "key.language", show=False),
        Binding("f5", "missions", "key.missions", show=False),
        Binding("f6", "interests", "key.interests", show=False),
        Binding("f4", "companies", "key.companies", show=False),
        Binding("f7", "import_wizard", "key.import", show=False),
        Binding("f8", "import_history", "key.imports", show=False),
        Binding("ctrl+o", "export", "key.export", show=False),
        Binding("f9", "duplicates", "key.duplicates", show=False),
        Binding("f10", "changes", "key.changes", show=False),
        # tui/background: only while a failure is on screen (priority: dialogs too); else ctrl+r falls through
        Binding("ctrl+r", "retry_store", "key.retry", priority=True),
        *EDIT_BINDINGS,  # tui/forms: editing keys, enabled where there is a record to edit
    ]

    def __init__(self, location: str | None = None, *, subtitle: str | None = None,
                 poll: float | None = POLL_SECONDS):
        safe.install()  # control characters from the register never reach the terminal raw
        super().__init__()
        localise_bindings(self)
        self.location = location
        self.subtitle = subtitle
        self.poll = poll
        self.version: tuple[int, int] | None = None
        self._polling: ThreadPoolExecutor | None = None
        self._poll_pending = False
        self._set_titles()

    def _set_titles(self) -> None:
        self.title = t("app.title")
        self.sub_title = self.subtitle if self.subtitle is not None else (self.location or "")
        if is_read_only():
            marker = t("app.read_only")
            self.sub_title = f"{self.sub_title} · {marker}" if self.sub_title else marker

    def on_mount(self) -> None:
        from tui import user_settings

        remembered = user_settings.load()
        if remembered.get("theme") in THEMES:
            self.theme = remembered["theme"]
        self.push_screen(CompaniesScreen())
        if self.poll:
            self.version = self._data_version()
            self.set_interval(self.poll, self.check_for_changes)

    # -- live refresh ---------------------------------------------------------------------------
    def _data_version(self) -> tuple[int, int] | None:
        try:
            return live.data_version()
        except Exception:  # the store is busy or gone for a moment: try again on the next tick
            return self.version

    def check_for_changes(self) -> None:
        """Another process committed: the screen on top reloads what it shows; the others when they
        come back to the top. Asked on a thread of its own (a server that went away must not
        freeze the screen), one question at a time."""
        if self._polling is None:
            self._polling = ThreadPoolExecutor(1, thread_name_prefix="palata-live")
        if not self._poll_pending:
            self._poll_pending = True
            self._polling.submit(self._poll)

    def _poll(self) -> None:
        try:
            check_store_file()
        except StoreError as exc:  # removed or replaced under us: said on whatever screen is on top
            report_failure(self.screen, "store-file", exc)
            self._poll_pending = False
            return
        version = self._data_version()
        try:
            self.call_from_thread(self._changed, version)
        except RuntimeError:  # the app has closed
            pass
        self._poll_pending = False

    def _changed(self, version: tuple[int, int] | None) -> None:
        if version is None or version == self.version:
            return
        self.version = version
        for screen in self.screen_stack:
            screen._palata_stale = True  # type: ignore[attr-defined]
        self._refresh_top()

    def on_unmount(self) -> None:
        if self._polling is not None:
            self._polling.shutdown(wait=False)

    def _refresh_top(self) -> None:
        screen = self.screen
        if getattr(screen, "_palata_stale", False) and hasattr(screen, "data_changed"):
            screen._palata_stale = False  # type: ignore[attr-defined]
            screen.data_changed()

    def on_screen_resume(self) -> None:
        self._refresh_top()

    # -- navigation -----------------------------------------------------------------------------
    def open_dossier(self, company_id: int, replace: bool = False) -> None:
        from tui.screens.dossier import DossierScreen

        (self.switch_screen if replace else self.push_screen)(DossierScreen(company_id))

    def open_briefing(self, company_id: int) -> None:
        from tui.screens.briefing import BriefingScreen

        self.push_screen(BriefingScreen(company_id))

    def open_mission(self, mission_id: int) -> None:
        from tui.screens.mission import MissionScreen

        self.push_screen(MissionScreen(mission_id))

    async def _home(self) -> None:
        while len(self.screen_stack) > 2:
            await self.pop_screen()

    async def action_companies(self) -> None:
        await self._home()

    async def action_missions(self) -> None:
        from tui.screens.missions import MissionsScreen

        await self._home()
        await self.push_screen(MissionsScreen())

    async def action_interests(self) -> None:
        from tui.screens.interests import InterestsScreen

        await self._home()
        await self.push_screen(InterestsScreen())

    def action_back(self) -> None:
        if len(self.screen_stack) > 2:
            self.pop_screen()

    def action_import_wizard(self) -> None:
        from models import rights
        from tui.screens.import_wizard import ImportWizard

        if not rights.can("import"):
            from tui.rights_text import refusal

            self.notify(refusal("import"), severity="warning")
            return
        self.push_screen(ImportWizard())

    def action_import_history(self) -> None:
        from tui.screens.import_history import ImportHistoryScreen

        self.push_screen(ImportHistoryScreen())

    def action_export(self) -> None:
        from tui.screens.export_dialog import open_export

        open_export(self)

    async def action_duplicates(self) -> None:
        from tui.screens.duplicates import DuplicatesScreen

        await self._home()
        await self.push_screen(DuplicatesScreen())

    async def action_changes(self) -> None:
        from tui.screens.changes import ChangesScreen

        await self._home()
        await self.push_screen(ChangesScreen())

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("palette.placeholder"), id="--command-palette"))

    # -- look and language ----------------------------------------------------------------------
    def action_toggle_theme(self) -> None:
        from tui import user_settings

        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]
        user_settings.remember(theme=self.theme)

    async def action_switch_language(self, lang: str | None = None) -> None:
        """Switch between Russian and English, rebuilding the screens in place."""
        from tui import user_settings

        set_language(lang or ("en" if language() == "ru" else "ru"))
        user_settings.remember(language=language())
        localise_bindings(self)
        self._set_titles()
        stack = [s.clone() for s in self.screen_stack[1:] if hasattr(s, "clone")]
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        if stack:
            await self.switch_screen(stack[0])
            for screen in stack[1:]:
                await self.push_screen(screen)
        self.refresh_bindings()

    def filter_summary(self, f: CompanyFilter) -> str:
        """The active filters in words, for the count line."""
        parts = []
        if f.status:
            parts.append(fmt.status(f.status))
        if f.place:
            parts.append(f.place)
        if f.industry:
            parts.append(f.industry)
        if f.tag:
            parts.append(f"#{f.tag}")
        if f.open_interests:
            parts.append(t("filter.open_interests_short"))
        if f.mission_id:
            parts.append(t("filter.mission_short",
                           title=missions_queries.mission_title(f.mission_id) or f.mission_id))
        return ", ".join(parts)
