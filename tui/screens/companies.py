"""Companies: the home screen — a search line over a table of the register, loaded a page at a time."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from models import queries, vocab
from models.db import database
from models.queries import CompanyRow
from tui.i18n import language, t

PAGE = 100
COLUMNS = ("col.name", "col.inn", "col.city", "col.industry", "col.status", "col.interests", "col.activity")


def _cells(row: CompanyRow) -> tuple[str, ...]:
    return (
        row.display_name,
        row.inn or "",
        row.city or "",
        row.industry or "",
        vocab.label(vocab.MEMBER_STATUS, row.member_status, language()),
        str(row.open_interests) if row.open_interests else "",
        row.last_activity.strftime("%d.%m.%Y") if row.last_activity else "",
    )


class CompaniesScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+f", "focus_search", t("app.key.search")),
        Binding("escape", "clear_search", t("app.key.clear"), show=False),
        Binding("down", "focus_table", t("app.key.table"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.loaded = 0
        self.matching = 0
        self.total = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=t("app.search.placeholder"), id="search")
        yield DataTable(id="companies", cursor_type="row", zebra_stripes=True)
        yield Static("", id="count")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in COLUMNS:
            table.add_column(t(key), key=key)
        self.query_one(Input).focus()
        self.load(self.query_text)

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.load(event.value)

    @work(exclusive=True, thread=True, group="load")
    def load(self, text: str) -> None:
        """Fetch the first page for `text`; a newer keystroke cancels this one."""
        worker = get_current_worker()
        with database.connection_context():
            rows = queries.list_companies(text, limit=PAGE)
            matching = queries.count_companies(text)
            total = queries.count_companies() if text.strip() else matching
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, text, rows, matching, total)

    def _show(self, text: str, rows: list[CompanyRow], matching: int, total: int) -> None:
        if text != self.query_text:
            return  # a stale answer to an older keystroke
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(*_cells(row), key=str(row.id))
        self.loaded, self.matching, self.total = len(rows), matching, total
        self._update_count()

    def _update_count(self) -> None:
        label = self.query_one("#count", Static)
        if self.total == 0 and not self.query_text.strip():
            label.update(t("app.empty"))
        elif self.query_text.strip():
            label.update(t("app.found", found=self.matching, total=self.total))
        else:
            label.update(t("app.count", shown=self.loaded, total=self.total))

    @on(DataTable.RowHighlighted)
    def maybe_load_more(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.loaded - 10 and self.loaded < self.matching:
            self.load_more(self.query_text, self.loaded)

    @work(exclusive=True, thread=True, group="more")
    def load_more(self, text: str, offset: int) -> None:
        with database.connection_context():
            rows = queries.list_companies(text, offset=offset, limit=PAGE)
        self.app.call_from_thread(self._append, text, offset, rows)

    def _append(self, text: str, offset: int, rows: list[CompanyRow]) -> None:
        if text != self.query_text or offset != self.loaded:
            return
        table = self.query_one(DataTable)
        for row in rows:
            table.add_row(*_cells(row), key=str(row.id))
        self.loaded += len(rows)
        self._update_count()

    def action_focus_search(self) -> None:
        self.query_one(Input).focus()

    def action_focus_table(self) -> None:
        self.query_one(DataTable).focus()

    def action_clear_search(self) -> None:
        search = self.query_one(Input)
        search.value = ""
        search.focus()
