"""Missions: the list of business events, newest first, with a search line and filters by year,
kind and partner country; Enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Select, Static

from models import missions_queries
from models.missions_queries import MissionFilters, MissionRow
from tui import format as fmt
from tui.background import store_work
from tui.i18n import t
from tui.safe import cell
from tui.screens.base import MISSION_EDITS, PalataScreen
from tui.widgets.count_line import CountLine
from tui.widgets.fast_table import FastTable
from tui.widgets.fit import Fit, column_widths
from tui.widgets.focus import SEARCH_AND_TABLE_BINDINGS, SearchAndTable
from tui.widgets.footer import PalataFooter
from tui.widgets.localised import localise_bindings
from tui.widgets.tables import row_id
from tui.widgets.typed import LineInput

COLUMN_TITLES = {"dates": "col.dates", "kind": "col.kind", "title": "field.mission",
                 "country": "col.partner_country", "participants": "col.participants",
                 "meetings": "tab.meetings", "agreements": "brief.agreements"}


def _count_cell(value: object) -> Text:
    return cell(value, blank_zero=True)


class MissionsScreen(SearchAndTable, PalataScreen[None]):
    EDITS = MISSION_EDITS
    RECORD = "mission"
    BINDINGS = [
        Binding("escape", "clear", "key.back"),
        Binding("enter", "open", "key.open", show=False),
        *SEARCH_AND_TABLE_BINDINGS,
    ]
    SEARCH_ID = "missions-search"

    def __init__(self, cursor_key: str | None = None, text: str = "",
                 filters: tuple[int | None, str | None, str | None] = (None, None, None)) -> None:
        super().__init__()
        localise_bindings(self)
        self.rows: list[MissionRow] = []
        self.cursor_key = cursor_key
        self.text = text
        self.year, self.kind, self.country = filters
        self.choices: MissionFilters | None = None

    def clone(self) -> MissionsScreen:
        return MissionsScreen(self._cursor_key(), self.text, (self.year, self.kind, self.country))

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("missions.title"), id="missions-title", classes="screen-title")
        yield LineInput(value=self.text, placeholder=t("missions.placeholder"), id="missions-search",
                    compact=True)
        with Horizontal(id="missions-filters"):
            yield Select([], prompt=t("missions.any_year"), id="missions-year", compact=True)
            yield Select([], prompt=t("missions.any_kind"), id="missions-kind", compact=True)
            yield Select([], prompt=t("missions.any_country"), id="missions-country", compact=True)
        yield FastTable(id="missions", cursor_type="row", zebra_stripes=True)
        yield CountLine(id="missions-count")
        yield PalataFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        wide = self.app.size.width >= 110
        # the mission's title is what a person reads; its kind may end in "…" at 80 columns
        fits = {"dates": Fit(21, 21) if wide else Fit(13, 13), "kind": Fit(12, 22, 1),
                "title": Fit(24, 120, 6), "country": Fit(10, 14, 1) if wide else Fit(10, 10)}
        if wide:
            fits |= {"participants": Fit(10, 10), "meetings": Fit(8, 8), "agreements": Fit(10, 10)}
        for key, w in column_widths(self.app.size.width, fits).items():
            table.add_column(t(COLUMN_TITLES[key]), key=key, width=w)
        table.focus()
        self.load()

    @store_work("missions")
    def load(self) -> None:
        choices = missions_queries.mission_filters() if self.choices is None else None
        rows = missions_queries.list_missions(self.text, year=self.year, kind=self.kind,
                                              country=self.country)
        self.app.call_from_thread(self._show, rows, choices)

    def _set_choices(self, choices: MissionFilters) -> None:
        self.choices = choices
        for widget_id, options, value in (
                ("#missions-year", [(str(y), y) for y in choices.years], self.year),
                ("#missions-kind", [(fmt.mission_kind(k), k) for k in choices.kinds], self.kind),
                ("#missions-country", [(c, c) for c in choices.countries], self.country)):
            select = self.query_one(widget_id, Select)
            with select.prevent(Select.Changed):
                select.set_options(options)
                if value is not None:
                    select.value = value

    def _show(self, rows: list[MissionRow], choices: MissionFilters | None = None) -> None:
        if choices is not None:
            self._set_choices(choices)
        table = self.query_one(FastTable)
        keep = self._cursor_key() or self.cursor_key
        self.rows = rows
        columns = [str(c.key.value) for c in table.ordered_columns]
        cells = []
        for m in rows:
            values = {"dates": fmt.period(m.starts_on, m.ends_on), "kind": fmt.mission_kind(m.kind),
                      "title": m.title, "country": m.partner_country, "participants": m.participants,
                      "meetings": m.meetings, "agreements": m.agreements}
            cells.append((str(m.id), [_count_cell(values[c]) for c in columns]))
        table.replace_rows(cells)
        index = next((i for i, m in enumerate(rows) if str(m.id) == keep), None)
        if index is not None:
            table.move_cursor(row=index, animate=False)
        count = t("missions.count", count=len(rows))
        if self.text.strip() or any(v is not None for v in (self.year, self.kind, self.country)):
            count = t("missions.found", found=len(rows))
        self.query_one("#missions-count", Static).update(count)
        self.refresh_bindings()  # the editing keys follow the row now under the cursor

    def _cursor_key(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def data_changed(self) -> None:
        self.load()

    def current_mission(self) -> int | None:
        key = self._cursor_key()
        return int(key) if key else None

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        self.palata.open_mission(row_id(event.row_key))

    def action_open(self) -> None:
        key = self._cursor_key()
        if key:
            self.palata.open_mission(int(key))

    @on(Input.Changed, "#missions-search")
    def search_changed(self, event: Input.Changed) -> None:
        if event.value != self.text:
            self.text = event.value
            self.load()

    @on(Select.Changed)
    def filter_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else event.value
        wanted = {"missions-year": "year", "missions-kind": "kind", "missions-country": "country"}
        name = wanted.get(event.select.id or "")
        if name and getattr(self, name) != value:
            setattr(self, name, value)
            self.load()

    def action_clear(self) -> None:
        """Esc: clears the search, then the filters, then goes back."""
        search = self.query_one("#missions-search", Input)
        if search.value:
            search.value = ""
            return
        if any(v is not None for v in (self.year, self.kind, self.country)):
            self.year = self.kind = self.country = None
            for select in self.query(Select):
                with select.prevent(Select.Changed):
                    select.clear()
            self.load()
            return
        self.palata.action_back()
