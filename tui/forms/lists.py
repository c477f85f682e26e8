"""A company's contacts, interests and timeline as lists to edit: Enter opens the form of the row,
Ctrl+N adds one, and a key per list for the quick change (archive a contact, move an interest's
status, mark a follow-up done)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from models import editing, store, vocab
from models.editing import Item
from models.entities import Activity, Contact, Interest, Versioned
from models.errors import ConflictError
from tui.background import store_call, store_sentence, store_work
from tui.forms import CSS
from tui.i18n import keys, language, t
from tui.safe import cell
from tui.screens.base import PalataScreen
from tui.widgets.fast_table import FastTable
from tui.widgets.fit import Fit, column_widths
from tui.widgets.localised import localise_bindings

STATUS_CYCLE = ("open", "in_work", "done", "dropped")


class RecordList(ModalScreen[bool]):
    """One kind of a company's records. Dismisses with True when something changed."""
    CSS_PATH = CSS

    MODEL: ClassVar[type[Versioned]]
    TITLE: ClassVar[str]
    COLUMNS: ClassVar[tuple[tuple[str, int], ...]]  # (title key, width; 0 = the rest)
    BINDINGS = [
        Binding("escape", "close", "key.close"),
        Binding("ctrl+n", "new", "key.new"),
        Binding("insert", "new", "key.new", show=False),  # a browser keeps Ctrl+N for itself
        Binding("enter", "edit", "key.edit"),
    ]

    def __init__(self, company_id: int) -> None:
        super().__init__()
        localise_bindings(self)
        self.company_id = company_id
        self.items: list[Item] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-dialog list-dialog"):
            yield Static(t(self.TITLE), classes="form-title")
            yield Static("", classes="form-heading", id="records-heading")
            yield FastTable(cursor_type="row", zebra_stripes=True, id="records")
            yield Static(t(keys.LIST_HINT[self.TITLE]), classes="form-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        fixed = sum(w for _, w in self.COLUMNS) + 2 * len(self.COLUMNS) + 6
        for key, width in self.COLUMNS:
            table.add_column(t(key), width=width or max(12, min(self.app.size.width, 100) - fixed))
        self.reload()
        table.focus()

    def load(self) -> list[Item]:
        raise NotImplementedError

    def cells(self, item: Item) -> tuple[str, ...]:
        return item.columns

    @store_work("records")
    def reload(self) -> None:
        heading, items = editing.company_label(self.company_id), self.load()
        self.app.call_from_thread(self._fill, heading, items)

    def _fill(self, heading: str, items: list[Item]) -> None:
        self.query_one("#records-heading", Static).update(heading)
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.items = items
        table.clear()
        for item in self.items:
            table.add_row(*(cell(c) for c in self.cells(item)), key=str(item.id))
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1), animate=False)

    def current(self) -> Item | None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    def form(self, row_id: int | None):
        raise NotImplementedError

    def action_new(self) -> None:
        self.app.push_screen(self.form(None), self._saved)

    def action_edit(self) -> None:
        item = self.current()
        if item is not None:
            self.app.push_screen(self.form(item.id), self._saved)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    def _saved(self, row_id: int | None) -> None:
        if row_id is not None:
            self.changed = True
            self.reload()

    def quick(self, item: Item, changes: dict) -> None:
        """A one-key change through the store, with the same conflict rule as a form."""
        store_call(self, "quick", lambda: store.update(self.MODEL, item.id, item.version, changes),
                   self._quick_done, self._quick_failed)

    def _quick_done(self, _result: object) -> None:
        self.changed = True
        self.reload()

    def _quick_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ConflictError):
            self.notify(t("list.conflict"), severity="warning")
        else:
            self.notify(store_sentence(exc), severity="error", markup=False)
        self.reload()

    def action_close(self) -> None:
        self.dismiss(self.changed)


class ContactsList(RecordList):
    MODEL = Contact
    TITLE = "list.contacts"
    COLUMNS = (("col.person", 0), ("col.position", 18), ("field.phones", 18))
    BINDINGS = [Binding("ctrl+x", "archive", "key.archive")]

    def load(self) -> list[Item]:
        return editing.contacts_of(self.company_id)

    def cells(self, item: Item) -> tuple[str, ...]:
        name = item.columns[0]
        if item.code == "primary":
            name += f" ({t('brief.primary')})"
        if item.archived:
            name = f"[{t('list.archived')}] {name}"
        return (name, item.columns[1], item.columns[2])

    def form(self, row_id: int | None):
        from tui.forms.contact_form import ContactForm

        return ContactForm(self.company_id, row_id)

    def action_archive(self) -> None:
        item = self.current()
        if item is not None:
            self.quick(item, {"archived_at": None if item.archived else store.now()})

    def action_edit(self) -> None:
        item = self.current()
        if item is not None and item.archived:
            self.notify(t("list.restore_first"), severity="warning")
            return
        super().action_edit()


class InterestsList(RecordList):
    MODEL = Interest
    TITLE = "list.interests"
    COLUMNS = (("col.direction", 14), ("col.subject", 0), ("col.status", 10))
    BINDINGS = [Binding("ctrl+t", "next_status", "col.status"),
                # a browser keeps Ctrl+T for itself
                Binding("alt+t,alt+е", "next_status", "col.status", show=False)]

    def load(self) -> list[Item]:
        return editing.interests_of(self.company_id)

    def cells(self, item: Item) -> tuple[str, ...]:
        return (vocab.label(vocab.INTEREST_DIRECTION, item.columns[0], language()), item.columns[1],
                vocab.label(vocab.INTEREST_STATUS, item.code, language()))

    def form(self, row_id: int | None):
        from tui.forms.interest_form import InterestForm

        return InterestForm(self.company_id, row_id)

    def action_next_status(self) -> None:
        item = self.current()
        if item is None:
            return
        status = STATUS_CYCLE[(STATUS_CYCLE.index(item.code) + 1) % len(STATUS_CYCLE)] \
            if item.code in STATUS_CYCLE else "open"
        changes: dict = {"status": status}
        if status in ("done", "dropped"):
            changes["closed_on"] = store.now().date()
        elif status == "open":
            changes["closed_on"] = None
        self.quick(item, changes)


class ActivitiesList(RecordList):
    MODEL = Activity
    TITLE = "list.activities"
    COLUMNS = (("col.date", 10), ("col.kind", 12), ("col.text", 0), ("col.due", 12))
    BINDINGS = [Binding("ctrl+d", "done", "field.done")]

    def load(self) -> list[Item]:
        return editing.activities_of(self.company_id)

    def cells(self, item: Item) -> tuple[str, ...]:
        due = item.columns[3]
        if item.code == "done":
            due = t("followup.done")
        kind = vocab.label(vocab.ACTIVITY_KIND, item.columns[1], language())
        return (item.columns[0], kind, item.columns[2], due)

    def form(self, row_id: int | None):
        from tui.forms.activity_form import ActivityForm

        return ActivityForm(self.company_id, row_id)

    def action_done(self) -> None:
        item = self.current()
        if item is not None and item.code != "done":
            self.quick(item, {"done": True})


class FollowUpsScreen(PalataScreen[None]):
    """«Мои поручения»: the open follow-ups (activities with a due date, not done) of the person at
    the keyboard, overdue first, then the soonest due; `v` switches to everybody's (and back). Of
    one company or one mission when asked (everybody's). Ctrl+D marks one done, Enter opens it."""
    CSS_PATH = CSS

    BINDINGS = [
        Binding("escape", "close", "key.back"),
        Binding("ctrl+d", "done", "field.done"),
        Binding("v", "toggle_whose", "key.whose"),
        Binding("enter", "edit", "key.edit", show=False),
    ]

    def __init__(self, company_id: int | None = None, mission_id: int | None = None,
                 mine: bool | None = None) -> None:
        super().__init__()
        localise_bindings(self)
        self.company_id = company_id
        self.mission_id = mission_id
        self.mine = (company_id is None and mission_id is None) if mine is None else mine
        self.items: list[editing.FollowUp] = []

    def clone(self) -> FollowUpsScreen:
        return FollowUpsScreen(self.company_id, self.mission_id, self.mine)

    def compose(self) -> ComposeResult:
        from textual.widgets import Header

        from tui.widgets.footer import PalataFooter

        yield Header()
        yield Static(t("followups.title"), id="followups-title", classes="screen-title")
        yield FastTable(cursor_type="row", zebra_stripes=True, id="followups")
        yield Static("", id="followups-count", classes="count")
        yield PalataFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # whom it is about and what to do share the width; the due day is a mark beside its date
        widths = column_widths(self.app.size.width, {
            "due": Fit(12, 12), "company": Fit(20, 50, 4), "kind": Fit(8, 12, 1),
            "text": Fit(20, 200, 5)})
        for key, w in widths.items():
            table.add_column(t("col.name" if key == "company" else f"col.{key}"), width=w, key=key)
        self.reload()
        table.focus()

    @store_work("followups")
    def reload(self) -> None:
        user = store.current_user()  # on PostgreSQL the server says who the session is
        items = editing.open_followups(self.company_id, self.mission_id, author=user if self.mine else None)
        self.app.call_from_thread(self._fill, items, user)

    def _fill(self, items: list[editing.FollowUp], user: str) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.items = items
        self.query_one("#followups-title", Static).update(
            t("followups.mine", user=user) if self.mine else t("followups.title"))
        today = store.now().date()
        table.clear()
        for f in self.items:
            due = f.due_on.strftime("%d.%m.%Y")
            if f.due_on < today:
                due = f"! {due}"  # overdue: said by a mark, not only by colour
            table.add_row(cell(due), cell(f.company),
                          cell(vocab.label(vocab.ACTIVITY_KIND, f.kind, language())), cell(f.text),
                          key=str(f.id))
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1), animate=False)
        overdue = sum(1 for f in self.items if f.due_on < today)
        self.query_one("#followups-count", Static).update(
            t("followups.count", count=len(self.items), overdue=overdue))

    def data_changed(self) -> None:
        self.reload()

    def action_toggle_whose(self) -> None:
        self.mine = not self.mine
        self.reload()

    def current(self) -> editing.FollowUp | None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    def action_done(self) -> None:
        item = self.current()
        if item is None:
            return

        def done(_result: object) -> None:
            self.notify(t("followups.marked", text=item.text[:40]))
            self.reload()

        store_call(self, "done", lambda: editing.mark_done(item.id, item.version), done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ConflictError):
            self.notify(t("list.conflict"), severity="warning")
        else:
            self.notify(store_sentence(exc), severity="error", markup=False)
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from models.db import is_read_only

        if action in ("done", "edit") and is_read_only():
            return False
        return True

    @on(DataTable.RowSelected)
    def action_edit(self) -> None:
        from models.db import is_read_only
        from tui.forms.activity_form import ActivityForm

        item = self.current()
        if item is not None and not is_read_only():
            self.app.push_screen(ActivityForm(item.company_id, item.id), self._reload_after)

    def _reload_after(self, _saved: int | None) -> None:
        self.reload()

    def action_close(self) -> None:
        self.dismiss()
