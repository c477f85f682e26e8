"""Editing from the browsing screens: the keys and palette commands that open the forms, each
enabled only where it has a record to work on and never on a read-only database.

Each screen says which of these actions it owns (`PalataScreen.EDITS`) and what it shows
(`current_company()`, `current_mission()`, `RECORD`); `EditingActions`, mixed into the App, holds
the keys (one place, so the footer shows them in one order on every screen) and the forms they
open, and asks the screen on top through that contract.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.screen import Screen

from models import db, editing, store
from models.entities import Company
from models.errors import ConflictError
from tui.background import store_call, store_sentence
from tui.i18n import keys, t
from tui.screens.base import PalataScreen
from tui.widgets.confirm import Confirm

EDIT_BINDINGS = [
    Binding("ctrl+n", "new_record", "key.new"),
    Binding("insert", "new_record", "key.new", show=False),  # a browser keeps Ctrl+N for itself
    Binding("e", "edit_record", "key.edit"),
    Binding("ctrl+r", "edit_record", "key.edit", show=False),
    Binding("x", "archive_record", "key.archive", show=False),
    Binding("k", "contacts", "list.contacts", show=False),
    Binding("i", "company_interests", "key.company_interests", show=False),
    Binding("a", "activities", "key.activities", show=False),
    Binding("m", "new_meeting", "field.meeting", show=False),
    Binding("g", "new_agreement", "form.agreement.edit", show=False),
    Binding("p", "participants", "mtab.participants", show=False),
    Binding("h", "history", "tab.history", show=False),
    Binding("ctrl+g", "followups", "mtab.followups", show=False),
]

# actions that need a company under the cursor; those that act on the screen's own record
COMPANY_ACTIONS = ("contacts", "company_interests", "activities", "history")
ON_SCREEN_ACTIONS = ("new_record", "archive_record", "new_meeting", "new_agreement", "participants")
EDIT_ACTIONS = {b.action for b in EDIT_BINDINGS}
# the keys that would change something: off on a register this account may only read
WRITING_KEYS = {b.key: b.action for b in EDIT_BINDINGS if b.action not in ("followups", "history")}




def browsing(screen: Screen) -> PalataScreen | None:
    """The screen as a browsing screen; None for a dialog or form (which own no editing keys)."""
    return screen if isinstance(screen, PalataScreen) else None


def company_in_view(screen: PalataScreen) -> int | None:
    try:
        return screen.current_company()
    except Exception:  # a table being refilled has no row under the cursor for a moment
        return None


def mission_in_view(screen: PalataScreen) -> int | None:
    try:
        return screen.current_mission()
    except Exception:  # an empty list
        return None


def available(screen: Screen, action: str) -> bool:
    """Whether `action` has something to act on in `screen` (read-only aside)."""
    view = browsing(screen)
    if view is None:
        return False
    if action == "followups":
        return True
    if action not in view.EDITS:
        return False
    if action in ON_SCREEN_ACTIONS:
        return True
    if action == "edit_record" and view.RECORD == "mission":
        return mission_in_view(view) is not None
    return company_in_view(view) is not None  # edit a company, or one of COMPANY_ACTIONS


if TYPE_CHECKING:
    from textual.app import App

    _AppMixin = App[None]  # what EditingActions is mixed into: the type checker sees the App's names
else:
    _AppMixin = object


class EditingActions(_AppMixin):
    """Mixed into the App: the actions behind EDIT_BINDINGS."""

    if TYPE_CHECKING:  # the app's own navigation (tui.app.PalataApp), which the actions open
        def open_dossier(self, company_id: int, replace: bool = False) -> None: ...

        def open_mission(self, mission_id: int) -> None: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDIT_ACTIONS:
            if db.is_read_only() and action not in ("followups", "history"):
                return False
            return available(self.screen, action)
        return True

    def on_key(self, event) -> None:
        """An editing key pressed on a register this account may only read says so (the key is
        off, so nothing else happens)."""
        action = WRITING_KEYS.get(event.key)
        if action and db.is_read_only() and available(self.screen, action):
            self.notify(t("app.read_only_refused"), severity="warning")

    # -- helpers --------------------------------------------------------------------------------
    @property
    def _on_top(self) -> PalataScreen:
        """The browsing screen on top: every action below is enabled only there (`available`)."""
        view = browsing(self.screen)
        assert view is not None, "an editing action ran over a dialog"
        return view

    def _open_form(self, form: Screen, then: Callable[[Any], None] | None = None) -> None:
        below = self._on_top

        def done(result: Any) -> None:
            if result:
                below.data_changed()
            if then is not None:
                then(result)

        self.push_screen(form, done)

    def _allowed(self, action: str) -> bool:
        return bool(self.check_action(action, ()))

    # -- actions --------------------------------------------------------------------------------
    def action_new_record(self) -> None:
        if not self._allowed("new_record"):
            return
        if self._on_top.RECORD == "mission":
            from tui.forms.mission_form import MissionForm

            self._open_form(MissionForm(), self._open_mission)
        else:
            from tui.forms.company_form import CompanyForm

            self._open_form(CompanyForm(), self._open_company)

    def _open_company(self, company_id: int | None) -> None:
        if company_id is not None:
            self.open_dossier(company_id)

    def _open_mission(self, mission_id: int | None) -> None:
        if mission_id is not None:
            self.open_mission(mission_id)

    def action_edit_record(self) -> None:
        if not self._allowed("edit_record"):
            return
        screen = self._on_top
        if screen.RECORD == "mission":
            from tui.forms.mission_form import MissionForm

            self._open_form(MissionForm(mission_in_view(screen)))
            return
        company_id = company_in_view(screen)
        if company_id is None:  # a table being refilled: no row under the cursor for a moment
            return
        store_call(screen, "open", partial(editing.company_state, company_id),
                   partial(self._edit_company, company_id))

    def _edit_company(self, company_id: int, company: editing.CompanyState | None) -> None:
        if company is None:
            return
        if company.archived:
            self.notify(t("form.restore_first"), severity="warning")
            return
        from tui.forms.company_form import CompanyForm

        self._open_form(CompanyForm(company_id))

    def action_archive_record(self) -> None:
        if not self._allowed("archive_record"):
            return
        screen = self._on_top
        company_id = company_in_view(screen)
        if company_id is None:  # a table being refilled: no row under the cursor for a moment
            return
        store_call(screen, "open", partial(editing.company_state, company_id),
                   partial(self._ask_archive, screen))

    def _ask_archive(self, screen: PalataScreen, company: editing.CompanyState | None) -> None:
        if company is None:
            return
        question = t("archive.restore_q" if company.archived else "archive.q", name=company.label)
        yes = t("archive.restore" if company.archived else "archive.yes")
        then = partial(self._archive, screen, company.id, company.version, company.archived)
        self.push_screen(Confirm(question, yes), then)

    def _archive(self, screen: PalataScreen, company_id: int, version: int, archived: bool,
                 yes: bool) -> None:
        if not yes:
            return

        def done(_result: object) -> None:
            self.notify(t("archive.restored" if archived else "archive.done"))
            screen.data_changed()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ConflictError):
                self.notify(t("list.conflict"), severity="warning")
            else:
                self.notify(store_sentence(exc), severity="error", markup=False)
            screen.data_changed()

        store_call(screen, "archive",
                   lambda: (store.restore if archived else store.archive)(Company, company_id, version),
                   done, failed)

    def _company_list(self, action: str, factory: Callable[[int], Screen]) -> None:
        if not self._allowed(action):
            return
        company_id = company_in_view(self._on_top)
        if company_id is not None:
            self._open_form(factory(company_id))

    def action_contacts(self) -> None:
        from tui.forms.lists import ContactsList

        self._company_list("contacts", ContactsList)

    def action_company_interests(self) -> None:
        from tui.forms.lists import InterestsList

        self._company_list("company_interests", InterestsList)

    def action_activities(self) -> None:
        from tui.forms.lists import ActivitiesList

        self._company_list("activities", ActivitiesList)

    def action_history(self) -> None:
        from tui.forms.history import HistoryScreen

        self._company_list("history", HistoryScreen)

    def _parties_form(self, action: str, form_class: type) -> None:
        if not self._allowed(action):
            return
        screen = self._on_top
        if screen.RECORD == "mission":
            mission_id = mission_in_view(screen)
            self._open_form(form_class(defaults={"mission": mission_id}))
        else:
            self._open_form(form_class(parties=[company_in_view(screen)]))

    def action_new_meeting(self) -> None:
        from tui.forms.meeting_form import MeetingForm

        self._parties_form("new_meeting", MeetingForm)

    def action_new_agreement(self) -> None:
        from tui.forms.agreement_form import AgreementForm

        self._parties_form("new_agreement", AgreementForm)

    def action_participants(self) -> None:
        if not self._allowed("participants"):
            return
        from tui.forms.participants import ParticipantsScreen

        mission_id = mission_in_view(self._on_top)
        if mission_id is not None:  # else a list being refilled, for a moment
            self._open_form(ParticipantsScreen(mission_id))

    def action_followups(self) -> None:
        from tui.forms.lists import FollowUpsScreen

        screen = browsing(self.screen)
        if screen is None or isinstance(screen, FollowUpsScreen):
            return
        mission_id = screen.followups_mission()
        self.push_screen(FollowUpsScreen(mission_id=mission_id))


# --- the command palette -------------------------------------------------------------------

_COMMANDS = (
    ("new_record", "cmd.new_company"), ("edit_record", "cmd.edit_company"),
    ("archive_record", "cmd.archive"), ("contacts", "cmd.contacts"),
    ("company_interests", "list.interests"), ("activities", "cmd.activities"),
    ("new_meeting", "cmd.new_meeting"), ("new_agreement", "cmd.new_agreement"),
    ("participants", "cmd.participants"), ("history", "cmd.history"), ("followups", "cmd.followups"),
)


def editing_commands(app: Any, screen: Screen) -> Iterator[tuple[str, str, Callable]]:
    """(title, help, callback) of the editing commands that make sense on `screen`."""
    view = browsing(screen)
    if view is None:
        return
    mission_kind = view.RECORD == "mission"
    for action, key in _COMMANDS:
        if db.is_read_only() and action not in ("followups", "history"):
            continue
        if not available(screen, action):
            continue
        if mission_kind and action in ("new_record", "edit_record"):
            key = "cmd.new_mission" if action == "new_record" else "cmd.edit_mission"
        if action == "archive_record" and view.company_archived():
            key = "cmd.restore"
        yield t(key), t(keys.HELP[key]), partial(app.run_action, action)
