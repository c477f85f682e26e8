"""Choosing companies from the register: the parties picker of meetings and agreements, and the
participants of a mission (added from a search, each in a role, with its outcome)."""

from __future__ import annotations

from typing import Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from models import editing, missions_queries, vocab
from models.editing import Choice
from models.entities import Participation
from tui.background import store_call, store_sentence, store_work
from tui.forms import CSS
from tui.forms.base import RecordForm
from tui.forms.fields import CHOICE, LONG, Spec
from tui.i18n import language, t
from tui.safe import plain
from tui.widgets.localised import localise_bindings
from tui.widgets.typed import LineInput

RESULTS = 8


def _option(c: Choice) -> Option:
    text = Text(c.label)
    if c.detail:
        text.append(f" · {c.detail}", style="dim")
    return Option(text, id=str(c.id))


class CompanySearch(Vertical):
    """A search line over the register and the companies it finds; Enter picks one."""

    class Picked(Message):
        def __init__(self, search: CompanySearch, choice: Choice) -> None:
            super().__init__()
            self.search = search
            self.choice = choice

        @property
        def control(self) -> CompanySearch:
            return self.search

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="company-search")
        self.found: list[Choice] = []

    def compose(self) -> ComposeResult:
        yield LineInput(placeholder=t("picker.search"), compact=True, classes="picker-input")
        yield OptionList(classes="picker-results")

    def on_mount(self) -> None:
        self.query_one(OptionList).display = False

    @on(Input.Changed)
    def _search(self, event: Input.Changed) -> None:
        event.stop()
        self.search(event.value.strip())

    @store_work("picker")
    def search(self, text: str) -> None:
        found = editing.find_companies(text, RESULTS) if text else []
        self.app.call_from_thread(self._found, text, found)

    def _found(self, text: str, found: list[Choice]) -> None:
        if text != self.query_one(Input).value.strip():
            return  # typed on since
        self.found = found
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options([_option(c) for c in self.found])
        results.display = bool(self.found)
        if self.found:
            results.highlighted = 0

    @on(Input.Submitted)
    def _first(self, event: Input.Submitted) -> None:
        event.stop()
        results = self.query_one(OptionList)
        if self.found:
            self._pick(self.found[results.highlighted or 0])

    def on_key(self, event) -> None:
        results = self.query_one(OptionList)
        if event.key in ("down", "up") and self.query_one(Input).has_focus and self.found:
            event.stop()
            event.prevent_default()
            last = len(self.found) - 1
            step = 1 if event.key == "down" else -1
            results.highlighted = min(last, max(0, (results.highlighted or 0) + step))

    @on(OptionList.OptionSelected, ".picker-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(next(c for c in self.found if str(c.id) == event.option.id))

    def _pick(self, choice: Choice) -> None:
        self.post_message(self.Picked(self, choice))
        search = self.query_one(Input)
        search.value = ""
        search.focus()


class PartyPicker(Horizontal):
    """The companies of a meeting or an agreement: the chosen ones (Delete removes one) and a
    search to add more."""

    def __init__(self, chosen: list[Choice] | None = None) -> None:
        super().__init__(id="parties", classes="field-row party-picker")
        self.chosen: list[Choice] = list(chosen or [])

    def compose(self) -> ComposeResult:
        yield Label(t("col.parties") + " *", classes="field-label")
        with Vertical(classes="field-body"):
            yield OptionList(id="chosen", classes="picker-chosen")
            yield Static(t("picker.none"), id="chosen-empty", classes="field-note")
            yield CompanySearch(id="party-search")
            yield Static("", id="problem-parties", classes="field-problem")
            yield Static(t("picker.hint"), classes="field-note picker-hint")

    def on_mount(self) -> None:
        self.query_one("#problem-parties", Static).display = False
        self.refresh_chosen()

    def set_chosen(self, chosen: list[Choice]) -> None:
        self.chosen = list(chosen)
        if self.is_mounted:
            self.refresh_chosen()

    def refresh_chosen(self) -> None:
        listing = self.query_one("#chosen", OptionList)
        listing.clear_options()
        listing.add_options([_option(c) for c in self.chosen])
        listing.display = bool(self.chosen)
        self.query_one("#chosen-empty", Static).display = not self.chosen

    def ids(self) -> tuple[int, ...]:
        return tuple(c.id for c in self.chosen)

    def set_problem(self, problem: str | None) -> None:
        box = self.query_one("#problem-parties", Static)
        box.update(plain(f"⚠ {problem}" if problem else ""))
        box.display = bool(problem)

    @on(CompanySearch.Picked)
    def _add(self, event: CompanySearch.Picked) -> None:
        event.stop()
        if all(c.id != event.choice.id for c in self.chosen):
            self.chosen.append(event.choice)
            self.refresh_chosen()
            self.set_problem(None)

    def on_key(self, event) -> None:
        listing = self.query_one("#chosen", OptionList)
        if event.key in ("delete", "backspace") and listing.has_focus and self.chosen:
            event.stop()
            index = listing.highlighted or 0
            del self.chosen[index]
            self.refresh_chosen()
            if self.chosen:
                listing.highlighted = min(index, len(self.chosen) - 1)
            else:
                self.query_one(".picker-input", Input).focus()


class PartiesForm(RecordForm):
    """A form whose record has parties (meeting, agreement)."""

    EXTRA_LINES = 8

    def __init__(self, row_id: int | None = None, *, parties: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(row_id, **kwargs)
        self.initial_parties = parties or []
        self.party_names: dict[int, str] = {}  # the parties' names, as read off the UI thread

    def read_frame_extra(self) -> dict[str, Any]:
        self.party_names.update({i: editing.company_label(i) for i in self.initial_parties})
        return {}

    def compose_extra(self) -> ComposeResult:
        yield PartyPicker([Choice(i, self._party_name(i)) for i in self.initial_parties])

    def frame_read_again(self) -> None:
        for picker in self.query(PartyPicker):  # the names the first read could not give
            picker.set_chosen([Choice(c.id, self.party_names.get(c.id, c.label)) for c in picker.chosen])

    def load_extra(self) -> dict[str, Any]:
        assert self.row_id is not None, "only an existing record's parties are read"
        chosen = editing.parties_of(self.MODEL, self.row_id)
        self.party_names.update({c.id: c.label for c in chosen})
        return {"parties": tuple(c.id for c in chosen)}

    def _party_name(self, company_id: int) -> str:
        if company_id not in self.party_names:  # one picked in the search
            for picker in self.query(PartyPicker):
                self.party_names.update({c.id: c.label for c in picker.chosen})
        return self.party_names.get(company_id, f"#{company_id}")

    def set_extra(self, values: dict[str, Any]) -> None:
        if "parties" in values:
            chosen = [Choice(i, self._party_name(i)) for i in values["parties"]]
            self.query_one(PartyPicker).set_chosen(chosen)

    def read_extra(self) -> dict[str, Any]:
        return {"parties": self.query_one(PartyPicker).ids()}

    def extra_problems(self, extra: dict[str, Any]) -> dict[str, str]:
        return {} if extra.get("parties") else {"parties": t("form.err.parties")}

    def place_extra_problem(self, name: str, problem: str) -> bool:
        if name != "parties":
            return False
        picker = self.query_one(PartyPicker)
        picker.set_problem(problem)
        picker.query_one(".picker-input", Input).focus()
        return True

    def show_extra(self, name: str, value: Any) -> str:
        return "; ".join(self._party_name(i) for i in value or ()) or "—"

    def write_new(self, values: dict[str, Any], extra: dict[str, Any]) -> int:
        return editing.create_with_parties(self.MODEL, {**self.fixed, **values}, list(extra["parties"]))

    def write_changes(self, changes: dict[str, Any], extra_changes: dict[str, Any]) -> int:
        parties = extra_changes.get("parties")
        assert self.row_id is not None and self.version is not None, "changes of a record read"
        return editing.update_with_parties(self.MODEL, self.row_id, self.version, changes,
                                           list(parties) if parties is not None else None)


# --- mission participants ------------------------------------------------------------------

class ParticipationForm(RecordForm):
    MODEL = Participation
    TITLE_EDIT = "form.participation.edit"

    def specs(self):
        return [Spec("role", "field.role", CHOICE, required=True, vocabulary=vocab.PARTICIPATION_ROLE),
                Spec("outcome", "col.outcome", LONG)]


class ParticipantsScreen(ModalScreen[bool]):
    """Who takes part in a mission; a search adds companies in the chosen role. Dismisses with
    True when something changed."""
    CSS_PATH = CSS

    BINDINGS = [
        Binding("escape", "close", "key.close"),
        Binding("ctrl+e", "edit_participant", "key.edit", show=False),
    ]

    def __init__(self, mission_id: int) -> None:
        super().__init__()
        localise_bindings(self)
        self.mission_id = mission_id
        self.items: list[editing.ParticipantItem] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-dialog participants-dialog"):
            yield Static(t("cmd.participants"), classes="form-title")
            yield Static("", classes="form-heading", id="participants-mission")
            with Horizontal(classes="field-row"):
                yield Label(t("field.role"), classes="field-label")
                yield Select([(vocab.label(vocab.PARTICIPATION_ROLE, c, language()), c)
                              for c in vocab.PARTICIPATION_ROLE], value="participant", allow_blank=False,
                             id="role", compact=True)
            with Horizontal(classes="field-row"):
                yield Label(t("participants.add"), classes="field-label")
                yield CompanySearch(id="participant-search")
            yield Static("", id="participants-count", classes="form-heading")
            yield OptionList(id="participants")
            yield Static(t("participants.hint"), classes="form-hint")

    def on_mount(self) -> None:
        self.reload()
        self.query_one(".picker-input", Input).focus()

    @store_work("participants")
    def reload(self) -> None:
        title = missions_queries.mission_title(self.mission_id) or ""
        items = editing.participants_of(self.mission_id)
        self.app.call_from_thread(self._fill, title, items)

    def _fill(self, title: str, items: list[editing.ParticipantItem]) -> None:
        self.query_one("#participants-mission", Static).update(title)
        self.items = items
        listing = self.query_one("#participants", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        for p in self.items:
            text = Text(p.name)
            text.append(f" · {vocab.label(vocab.PARTICIPATION_ROLE, p.role, language())}")
            if p.outcome:
                text.append(f" — {p.outcome}", style="dim")
            listing.add_option(Option(text, id=str(p.id)))
        if self.items:
            listing.highlighted = min(highlighted or 0, len(self.items) - 1)
        self.query_one("#participants-count", Static).update(t("participants.count", count=len(self.items)))

    @on(CompanySearch.Picked)
    def add(self, event: CompanySearch.Picked) -> None:
        role = cast(str, self.query_one("#role", Select).value)  # a list with no blank: always a role
        choice = event.choice
        store_call(self, "add", lambda: editing.add_participant(self.mission_id, choice.id, role),
                   lambda added: self._added(choice, added),
                   lambda exc: self.notify(store_sentence(exc), severity="error", markup=False))

    def _added(self, choice: Choice, added: object) -> None:
        if added is None:
            self.notify(t("participants.already", name=choice.label), severity="warning")
            return
        self.changed = True
        self.notify(t("participants.added", name=choice.label))
        self.reload()

    @on(OptionList.OptionSelected, "#participants")
    def action_edit_participant(self) -> None:
        listing = self.query_one("#participants", OptionList)
        if not self.items or listing.highlighted is None:
            return
        item = self.items[listing.highlighted]
        self.app.push_screen(ParticipationForm(item.id), self._edited)

    def _edited(self, saved: int | None) -> None:
        if saved is not None:
            self.changed = True
            self.reload()

    def action_close(self) -> None:
        self.dismiss(self.changed)
