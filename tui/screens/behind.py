"""The companies behind one figure of the report (Enter on a row of the reports screen), by name,
read when the list opens; Enter opens a dossier."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from models import reports
from models.reports import Figure
from tui import format as fmt
from tui.background import store_work
from tui.i18n import keys, t
from tui.safe import cell
from tui.screens.base import PalataScreen
from tui.widgets.fast_table import FastTable
from tui.widgets.localised import localise_bindings


class BehindScreen(PalataScreen[None]):
    """The companies behind one figure, by name; Enter opens a dossier."""

    LIMIT = 2_000  # a DataTable builds every row: more are in the workbook
    DEFAULT_CSS = """
    BehindScreen DataTable { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "app.back", "key.back")]

    def __init__(self, label: str, figure: Figure) -> None:
        super().__init__()
        localise_bindings(self)
        self.label = label
        self.figure = figure
        self.companies: list[reports.CompanyLine] = []

    def clone(self) -> BehindScreen:
        return BehindScreen(self.label, self.figure)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(self.label.strip()), id="behind-title", classes="screen-title")
        yield FastTable(id="behind", cursor_type="row", zebra_stripes=True)
        yield Static("", id="behind-note", classes="count")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        width = self.app.size.width
        for key, size in (("company", max(24, width - 12 - 16 - 14 - 12 - 10)), ("inn", 12), ("city", 16),
                          ("status", 14), ("dues_until", 10)):
            table.add_column(t(keys.REPORT_COLUMN[key]), key=key, width=size)
        table.focus()
        self.load()

    @store_work("behind")
    def load(self) -> None:
        total, found = reports.companies_behind(self.figure, self.LIMIT)
        self.app.call_from_thread(self._show, total, found)

    def _show(self, total: int, found: list[reports.CompanyLine]) -> None:
        self.companies = found
        self.query_one("#behind-title", Static).update(
            Text(t("report.behind.title", label=self.label.strip(), count=total)))
        table = self.query_one(DataTable)
        table.clear()
        for c in found:
            cells = (c.name, c.inn, c.city, fmt.status(c.member_status), fmt.day(c.dues_paid_until))
            table.add_row(*(cell(v) for v in cells), key=str(c.id))
        if total > self.LIMIT:
            self.query_one("#behind-note", Static).update(
                t("report.behind.more", shown=self.LIMIT, count=total))
        self.refresh_bindings()  # the editing keys follow the row now under the cursor

    def data_changed(self) -> None:
        self.load()

    def current_company(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count or table.cursor_row >= len(self.companies):
            return None
        return self.companies[table.cursor_row].id

    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        company = self.current_company()
        if company is not None:
            self.palata.open_dossier(company)
