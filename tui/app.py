"""The Textual app: screens, bindings, theme, language and the live refresh — wiring only."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import cast

from textual.app import App
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen
from textual.signal import Signal
from textual.widget import Widget

from models import live
from models.db import check_store_file, is_read_only
from models.errors import StoreError
from tui import safe
from tui.background import StoreProblems, report_failure
from tui.commands import PalataCommands
from tui.forms.actions import EDIT_BINDINGS, EditingActions
from tui.i18n import language, set_language, t
from tui.quiet_gc import QuietCollector
from tui.screens.base import PalataScreen
from tui.screens.companies import CompaniesScreen
from tui.widgets.focus import takes_tab
from tui.widgets.localised import localise_bindings

POLL_SECONDS = 1.0
THEMES = ("textual-dark", "textual-light")
HOME = "companies"


def _screen(module: str, name: str):
    """A section's first screen, imported when the section is first opened (start stays fast)."""

    def make() -> Screen:
        from importlib import import_module

        return _styled_now(getattr(import_module(f"tui.screens.{module}"), name)())

    return make


def _styled_now(screen: Screen) -> Screen:
    """A section's new screen is styled with the stylesheet as it is when it is mounted. Textual
    marks a new screen as having missed every earlier change of the stylesheet (the theme set at
    start), so that entering a section for the first time re-read the whole stylesheet and
    restyled every screen, twice — most of the time F9 or F10 took to show."""
    screen._css_update_count = screen.app._css_update_count  # Textual's own counter, no public way
    return screen


# The sections (F4–F11): each is a Textual mode with its own stack of screens, so going to the
# missions and back to the companies finds the companies as they were left.
SECTIONS = {
    HOME: lambda: _styled_now(CompaniesScreen()),
    "missions": _screen("missions", "MissionsScreen"),
    "interests": _screen("interests", "InterestsScreen"),
    "import": _screen("import_wizard", "ImportWizard"),
    "imports": _screen("import_history", "ImportHistoryScreen"),
    "duplicates": _screen("duplicates", "DuplicatesScreen"),
    "changes": _screen("changes", "ChangesScreen"),
    "reports": _screen("reports", "ReportsScreen"),
}


class PalataApp(StoreProblems, EditingActions, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Palata"
    COMMANDS = {PalataCommands}
    MODES = SECTIONS
    DEFAULT_MODE = HOME
    BINDINGS = [
        Binding("ctrl+q", "quit", "cmd.quit", priority=True),
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True),
        # Tab moves the focus as the key is read: the keys typed right after follow (tui/widgets/focus)
        Binding("tab", "focus_next_now", show=False, priority=True),
        Binding("shift+tab", "focus_previous_now", show=False, priority=True),
        Binding("f2", "toggle_theme", "key.theme", show=False),
        Binding("f3", "switch_language", "key.language", show=False),
        Binding("f5", "missions", "cmd.missions", show=False),
        Binding("f6", "interests", "col.interests", show=False),
        Binding("f4", "companies", "imptab.companies", show=False),
        Binding("f7", "import_wizard", "key.import", show=False),
        Binding("f8", "import_history", "cmd.imports", show=False),
        Binding("ctrl+o", "export", "key.export", show=False),
        Binding("f9", "duplicates", "cmd.duplicates", show=False),
        Binding("f10", "changes", "key.changes", show=False),
        Binding("f11", "reports", "key.reports", show=False),
        # tui/background: only while a failure is on screen (priority: dialogs too); else ctrl+r falls through
        Binding("ctrl+r", "retry_store", "store.retry", priority=True),
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
        # "the data changed" (a commit by anybody): every screen listens (tui/screens/base)
        self.data_signal: Signal[tuple[int, int]] = Signal(self, "data-changed")
        self.collector = QuietCollector(self)
        self._set_titles()

    def _set_titles(self) -> None:
        self.title = t("app.title")
        self.sub_title = self.subtitle if self.subtitle is not None else (self.location or "")
        if is_read_only():
            marker = t("app.read_only")
            self.sub_title = f"{self.sub_title} · {marker}" if self.sub_title else marker

    def on_mount(self) -> None:
        from tui import user_settings

        self.collector.start()
        remembered = user_settings.load()
        if remembered.get("theme") in THEMES:
            self.theme = remembered["theme"]
        if self.poll:
            self.check_for_changes()  # the first answer is the version to compare with
            self.set_interval(self.poll, self.check_for_changes)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("focus_next_now", "focus_previous_now"):
            return not takes_tab(self.focused)
        return super().check_action(action, parameters)

    def action_focus_next_now(self) -> None:
        self.screen.focus_next()  # sets the focus at once (Screen.set_focus)

    def action_focus_previous_now(self) -> None:
        self.screen.focus_previous()

    def update_styles(self, node, animate: bool = True) -> None:
        """A widget not yet in the screen's tree is styled when it is mounted: styling it before
        (Textual does for `compact=True` and other class flags given to a constructor) was a
        whole extra pass per input, select and button — a third of the time a form took to open."""
        if isinstance(node, Widget) and not node.is_attached:
            return
        super().update_styles(node, animate=animate)

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
        if self.is_running:  # else closed meanwhile: a call handed over now would never run
            try:
                self.call_from_thread(self._changed, version)
            except RuntimeError:  # closed between the check and the call
                pass
        self._poll_pending = False

    def _changed(self, version: tuple[int, int] | None) -> None:
        if version is None or version == self.version:
            return
        first, self.version = self.version is None, version
        if first:
            return  # the version the screens were loaded at
        # every section's screens hear it, not just this one's: the one on top reloads now
        self.data_signal.publish(version)

    def on_unmount(self) -> None:
        self.collector.stop()
        if self._polling is not None:
            self._polling.shutdown(wait=False)

    # -- navigation -----------------------------------------------------------------------------
    def open_dossier(self, company_id: int, replace: bool = False) -> None:
        """The company's dossier; `replace` puts it in place of the screen on top (its briefing)."""
        from tui.screens.dossier import DossierScreen

        (self.switch_screen if replace else self.push_screen)(DossierScreen(company_id))

    def open_briefing(self, company_id: int, replace: bool = False) -> None:
        from tui.screens.briefing import BriefingScreen

        (self.switch_screen if replace else self.push_screen)(BriefingScreen(company_id))

    def open_mission(self, mission_id: int) -> None:
        from tui.screens.mission import MissionScreen

        self.push_screen(MissionScreen(mission_id))

    async def open_section(self, mode: str, leaving: bool = False) -> None:
        """Go to a section as it was left; with `leaving`, the section left starts afresh."""
        left = self.current_mode
        await self.switch_mode(mode)
        if leaving and left not in (mode, HOME):
            await self._reset_section(left)

    async def _section(self, mode: str) -> None:
        """Go to a section as it was left; asked for again, back to its first screen."""
        if self.current_mode != mode:
            await self.open_section(mode)
            return
        while len(self.screen_stack) > 1:
            await super().pop_screen()

    async def action_companies(self) -> None:
        await self._section(HOME)

    async def action_missions(self) -> None:
        await self._section("missions")

    async def action_interests(self) -> None:
        await self._section("interests")

    async def action_import_wizard(self) -> None:
        from models import rights

        if not rights.can("import"):
            from tui.rights_text import refusal

            self.notify(refusal("import"), severity="warning")
            return
        await self._section("import")

    async def action_import_history(self) -> None:
        await self._section("imports")

    async def action_duplicates(self) -> None:
        await self._section("duplicates")

    async def action_changes(self) -> None:
        await self._section("changes")

    async def action_reports(self) -> None:
        await self._section("reports")

    def can_go_back(self) -> bool:
        return len(self.screen_stack) > 1 or self.current_mode != HOME

    # Textual's is a coroutine; this one is plain, as the screens call it (Esc on an empty search)
    def action_back(self) -> None:  # type: ignore[override]
        if self.can_go_back():
            self.pop_screen()

    def pop_screen(self) -> AwaitComplete:
        """Closing the first screen of a section (Esc, a finished import) goes back to the
        companies; the section starts afresh when opened again."""
        if len(self.screen_stack) > 1 or self.current_mode == HOME:
            return super().pop_screen()
        return AwaitComplete(self._leave_section())

    async def _leave_section(self) -> None:
        mode = self.current_mode
        await self.switch_mode(HOME)
        await self._reset_section(mode)

    async def _reset_section(self, mode: str, keep: bool = False) -> None:
        """The section starts afresh when next opened; with `keep` (the current section) only its
        later restarts do."""
        if keep:
            self._modes[mode] = SECTIONS[mode]  # Textual has no public way to re-point a live mode
            return
        await self.remove_mode(mode)
        self.add_mode(mode, SECTIONS[mode])

    def action_export(self) -> None:
        from tui.screens.export_dialog import open_export

        open_export(self)

    def action_command_palette(self) -> None:
        # is_open takes an App[object]; Textual's App is invariant in its result type
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(CommandPalette(placeholder=t("palette.placeholder"), id="--command-palette"))

    # -- look and language ----------------------------------------------------------------------
    def action_toggle_theme(self) -> None:
        from tui import user_settings

        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]
        user_settings.remember(theme=self.theme)

    async def action_switch_language(self, lang: str | None = None) -> None:
        """Switch between Russian and English, rebuilding this section's screens in place from
        their clones (every PalataScreen has one); the other sections start afresh in the new
        language. Not while a dialog or form is open: what is typed in it would be lost (forms
        keep no clone of half-typed work), so the user is asked to finish or cancel it first."""
        from tui import user_settings

        if any(isinstance(s, ModalScreen) and not isinstance(s, CommandPalette) for s in self.screen_stack):
            self.notify(t("app.language_after_form"), severity="warning")
            return
        set_language(lang or ("en" if language() == "ru" else "ru"))
        user_settings.remember(language=language())
        localise_bindings(self)
        self._set_titles()
        for mode in [m for m in self._screen_stacks if m not in (self.current_mode, "_default")]:
            await self._reset_section(mode)
        mode = self.current_mode
        stack = [s.clone() for s in self.screen_stack if isinstance(s, PalataScreen)]
        # the first screen of a section cannot be switched in place: the section is rebuilt
        # from its clone, stepping aside to a blank screen meanwhile
        self.add_mode("_rebuilding", Screen)
        await self.switch_mode("_rebuilding")
        await self.remove_mode(mode)
        self.add_mode(mode, lambda: stack[0])
        await self.switch_mode(mode)
        await self.remove_mode("_rebuilding")
        await self._reset_section(mode, keep=True)
        for screen in stack[1:]:
            await self.push_screen(screen)
        self.refresh_bindings()
