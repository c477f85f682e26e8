"""What changed since …: the change log across the register, filtered by period and user;
Enter opens the company an entry is about."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Static

from models.changes import Change, as_start, list_changes
from tui import format as fmt
from tui.background import store_work
from tui.i18n import t
from tui.safe import cell
from tui.screens.base import PalataScreen
from tui.widgets.count_line import CountLine
from tui.widgets.fast_table import FastTable
from tui.widgets.fit import Fit, column_widths
from tui.widgets.footer import PalataFooter
from tui.widgets.fresh import FreshScreen
from tui.widgets.localised import localise_bindings
from tui.widgets.typed import LineInput

DEFAULT_SINCE = "7d"
_TITLES = {"when": "imports.col.when", "who": "imports.col.user", "what": "changes.col.what",
           "field": "merge.col.field", "change": "changes.col.change"}
LIMIT = 1000


class ChangesScreen(FreshScreen, PalataScreen[None]):
    DEFAULT_CSS = """
    ChangesScreen #changes-filters { height: 3; }
    ChangesScreen #changes-filters Input { width: 1fr; }
    ChangesScreen #changes { height: 1fr; }
    ChangesScreen #changes-count { height: 1; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "app.back", "key.back"),
        Binding("enter", "open", "key.open", show=False),
    ]

    def __init__(self, since: str = DEFAULT_SINCE, user: str = "") -> None:
        super().__init__()
        localise_bindings(self)
        self.since = since
        self.user = user
        self.changes: list[Change] = []

    def clone(self) -> ChangesScreen:
        return ChangesScreen(self.since, self.user)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("cmd.changes"), classes="screen-title")
        with Horizontal(id="changes-filters"):
            yield LineInput(self.since, placeholder=t("changes.since.placeholder"), id="since")
            yield LineInput(self.user, placeholder=t("changes.user.placeholder"), id="user")
        yield FastTable(id="changes", cursor_type="row", zebra_stripes=True)
        yield CountLine(id="changes-count")
        yield PalataFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.stamp_width = 16 if self.app.size.width >= 110 else 14  # 20.11.26 16:37 at 80 columns
        # the record (a company's name) and the change itself matter most; the field's name
        # must still read whole ("статус членства")
        widths = column_widths(self.app.size.width, {
            "when": Fit(self.stamp_width, self.stamp_width), "who": Fit(9, 9), "what": Fit(16, 40, 4),
            "field": Fit(10, 18, 1), "change": Fit(14, 200, 5)})
        for key, w in widths.items():
            table.add_column(t(_TITLES[key]), key=key, width=w)
        table.focus()
        self.load()

    @on(Input.Submitted)
    @on(Input.Changed)
    def filters_changed(self, event: Input.Changed | Input.Submitted) -> None:
        self.since = self.query_one("#since", Input).value.strip() or DEFAULT_SINCE
        self.user = self.query_one("#user", Input).value.strip()
        self.load()

    @store_work("changes")
    def load(self) -> None:
        since, user = self.since, self.user
        try:
            start = as_start(since)
        except ValueError:
            self.app.call_from_thread(self._show_error, t("err.changes_since", value=since))
            return
        changes = list_changes(start, user=user or None, limit=LIMIT)
        self.app.call_from_thread(self._show, since, user, list(reversed(changes)))

    def _show_error(self, sentence: str) -> None:
        self.query_one("#changes-count", Static).update(Text(sentence))  # may quote what was typed

    def _show(self, since: str, user: str, changes: list[Change]) -> None:
        if (since, user) != (self.since, self.user):
            return  # an answer to filters typed over since
        self.changes = changes
        table = self.query_one(DataTable)
        table.clear()
        for c in changes:
            field, change = fmt.change_text(c)
            when = (fmt.stamp if self.stamp_width == 16 else fmt.stamp_short)(c.at)
            table.add_row(cell(when), cell(c.user), cell(fmt.change_record(c)), cell(field),
                          cell(change), key=str(c.id))
        count = self.query_one("#changes-count", Static)
        if not changes:
            count.update(t("changes.none", since=fmt.stamp(as_start(since))))
        else:
            count.update(t("changes.count", count=len(changes))
                         + (" " + t("changes.newest_first", shown=LIMIT) if len(changes) >= LIMIT else ""))
        self.refresh_bindings()  # the editing keys follow the row now under the cursor

    def data_changed(self) -> None:
        self.load()

    def current_change(self) -> Change | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return self.changes[table.cursor_row] if table.cursor_row < len(self.changes) else None

    def current_company(self) -> int | None:
        change = self.current_change()
        return change.company_id if change else None

    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        company = self.current_company()
        if company is not None:
            self.palata.open_dossier(company)
