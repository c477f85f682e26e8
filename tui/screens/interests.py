"""Interests: open needs and offers across the register, filtered by direction, status and words,
with the matches of the highlighted one below."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Select, Static
from textual.worker import get_current_worker

from models import briefing, interests_queries, vocab
from models.browse import OPEN_STATUSES
from models.interests_queries import InterestListRow
from tui import format as fmt
from tui.background import store_work
from tui.i18n import t
from tui.safe import cell
from tui.screens.base import COMPANY_EDITS, PalataScreen
from tui.widgets.count_line import CountLine
from tui.widgets.fast_table import FastTable
from tui.widgets.fit import Fit, column_widths
from tui.widgets.focus import SEARCH_AND_TABLE_BINDINGS, SearchAndTable, focus_now
from tui.widgets.footer import PalataFooter
from tui.widgets.localised import localise_bindings
from tui.widgets.typed import LineInput

PAGE = 200
COLUMN_TITLES = {"direction": "col.direction", "subject": "col.subject", "company": "col.name",
                 "status": "col.status", "date": "col.date", "shared": "col.shared"}
OPEN = "open+in_work"


@dataclass(frozen=True)
class InterestView:
    text: str = ""
    direction: str | None = None
    status: str = OPEN  # OPEN, "all", or one status code

    @property
    def statuses(self) -> tuple[str, ...] | None:
        if self.status == OPEN:
            return OPEN_STATUSES
        if self.status == "all":
            return None
        return (self.status,)


class InterestsScreen(SearchAndTable, PalataScreen[None]):
    EDITS = COMPANY_EDITS
    SEARCH_ID = "interest-search"
    TABLE = "#interests"
    BINDINGS = [
        Binding("escape", "back_or_clear", "key.back"),
        *SEARCH_AND_TABLE_BINDINGS,
        Binding("ctrl+d", "cycle_direction", "col.direction"),
        Binding("b", "brief", "key.brief"),
    ]

    def __init__(self, view: InterestView | None = None) -> None:
        super().__init__()
        localise_bindings(self)
        self.view = view or InterestView()
        self.rows: list[InterestListRow] = []
        self.matching = 0

    def clone(self) -> InterestsScreen:
        return InterestsScreen(self.view)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="interest-bar"):
            yield LineInput(self.view.text, placeholder=t("interests.placeholder"), id="interest-search",
                        compact=True)
            yield Select([(fmt.direction(c), c) for c in vocab.INTEREST_DIRECTION], id="direction",
                         value=self.view.direction or Select.NULL, prompt=t("interests.any_direction"),
                         compact=True)
            yield Select([(t("interests.open"), OPEN), (t("interests.all"), "all"),
                          *((fmt.interest_status(c), c) for c in vocab.INTEREST_STATUS)],
                         id="status", value=self.view.status, allow_blank=False, compact=True)
        yield FastTable(id="interests", cursor_type="row", zebra_stripes=True)
        yield CountLine(id="interests-count")
        yield Static(t("interests.matches_title"), id="matches-title")
        yield FastTable(id="matches", cursor_type="row", show_cursor=False)
        yield PalataFooter()

    def on_mount(self) -> None:
        width = self.app.size.width
        wide = width >= 110
        # what is wanted and who wants it take the width; the status only where there is room
        fits = {"direction": Fit(13, 13), "subject": Fit(18, 60, 5), "company": Fit(18, 50, 5)}
        if wide:
            fits["status"] = Fit(10, 10)
        fits["date"] = Fit(10, 10)
        table = self.query_one("#interests", DataTable)
        for key, w in column_widths(width, fits).items():
            table.add_column(t(COLUMN_TITLES[key]), key=key, width=w)
        matches = self.query_one("#matches", DataTable)
        for key, w in column_widths(width, {
                "direction": Fit(13, 13), "subject": Fit(18, 60, 5), "company": Fit(18, 50, 5),
                "shared": Fit(10, 30, 2)}).items():
            matches.add_column(t(COLUMN_TITLES[key]), key=key, width=w)
        self.query_one("#interest-search", Input).focus()
        self.load(self.view)

    # -- loading --------------------------------------------------------------------------------
    @store_work("interests")
    def load(self, view: InterestView, keep: int = PAGE) -> None:
        worker = get_current_worker()
        rows = interests_queries.list_interests(view.text, direction=view.direction,
                                                statuses=view.statuses, limit=keep)
        if worker.is_cancelled:
            return
        matching = interests_queries.count_interests(view.text, direction=view.direction,
                                                     statuses=view.statuses)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, view, rows, matching)

    def _show(self, view: InterestView, rows: list[InterestListRow], matching: int) -> None:
        if view != self.view:
            return
        table = self.query_one("#interests", FastTable)
        keep = self._cursor_key()
        self.rows, self.matching = rows, matching
        table.replace_rows(self._cells(rows))
        index = next((i for i, r in enumerate(rows) if str(r.id) == keep), None)
        if index is not None:
            table.move_cursor(row=index, animate=False)
        self._update_count()
        self._show_matches()
        self.refresh_bindings()  # the editing keys follow the row now under the cursor

    def _cells(self, rows: list[InterestListRow]) -> list[tuple[str, list]]:
        columns = [str(c.key.value) for c in self.query_one("#interests", FastTable).ordered_columns]
        out = []
        for r in rows:
            values = {"direction": fmt.direction(r.direction), "subject": r.subject,
                      "company": fmt.joined(r.company, r.city), "status": fmt.interest_status(r.status),
                      "date": fmt.day(r.opened_on)}
            out.append((str(r.id), [cell(values[c]) for c in columns]))
        return out

    def _update_count(self) -> None:
        self.query_one("#interests-count", Static).update(
            t("app.count", shown=len(self.rows), total=self.matching))

    def _cursor_key(self) -> str | None:
        table = self.query_one("#interests", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @on(DataTable.RowHighlighted, "#interests")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_matches()
        if event.cursor_row >= len(self.rows) - 20 and len(self.rows) < self.matching:
            self.load_more(self.view, len(self.rows))

    @store_work("more")
    def load_more(self, view: InterestView, offset: int) -> None:
        rows = interests_queries.list_interests(view.text, direction=view.direction,
                                                statuses=view.statuses, offset=offset, limit=PAGE)
        self.app.call_from_thread(self._append, view, offset, rows)

    def _append(self, view: InterestView, offset: int, rows: list[InterestListRow]) -> None:
        if view != self.view or offset != len(self.rows):
            return
        self.query_one("#interests", FastTable).append_rows(self._cells(rows))
        self.rows += rows
        self._update_count()

    def _show_matches(self) -> None:
        key = self._cursor_key()
        if key is not None:
            self.load_matches(int(key))
        else:
            self.query_one("#matches", DataTable).clear()

    @store_work("matches")
    def load_matches(self, interest_id: int) -> None:
        found = briefing.matches_for_interest(interest_id, limit=20)
        self.app.call_from_thread(self._show_found, interest_id, found)

    def _show_found(self, interest_id: int, found: list[briefing.Match]) -> None:
        if self._cursor_key() != str(interest_id):
            return
        table = self.query_one("#matches", DataTable)
        table.clear()
        for m in found:
            table.add_row(cell(fmt.direction(m.direction)), cell(m.subject),
                          cell(fmt.joined(m.company, m.city)), cell(", ".join(m.shared)),
                          key=f"{m.interest_id}:{m.company_id}")
        self.query_one("#matches-title", Static).update(
            t("interests.matches", count=len(found)) if found else t("interests.no_matches"))

    def data_changed(self) -> None:
        self.load(self.view, max(PAGE, len(self.rows)))

    # -- changing the view ----------------------------------------------------------------------
    def _set_view(self, view: InterestView) -> None:
        self.view = view
        self.load(view)

    @on(Input.Changed, "#interest-search")
    def text_changed(self, event: Input.Changed) -> None:
        if event.value != self.view.text:
            self._set_view(replace(self.view, text=event.value))

    @on(Select.Changed, "#direction")
    def direction_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else str(event.value)
        if value != self.view.direction:
            self._set_view(replace(self.view, direction=value))

    @on(Select.Changed, "#status")
    def status_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.view.status:
            self._set_view(replace(self.view, status=str(event.value)))

    def action_cycle_direction(self) -> None:
        codes = [None, *vocab.INTEREST_DIRECTION]
        nxt = codes[(codes.index(self.view.direction) + 1) % len(codes)]
        self.query_one("#direction", Select).value = nxt if nxt else Select.NULL

    @on(DataTable.RowSelected, "#interests")
    def open_company(self, event: DataTable.RowSelected) -> None:
        row = next((r for r in self.rows if str(r.id) == event.row_key.value), None)
        if row:
            self.palata.open_dossier(row.company_id)

    @on(DataTable.RowSelected, "#matches")
    def open_match(self, event: DataTable.RowSelected) -> None:
        self.palata.open_dossier(int(str(event.row_key.value).split(":")[1]))

    def current_company(self) -> int | None:
        key = self._cursor_key()
        row = next((r for r in self.rows if str(r.id) == key), None)
        return row.company_id if row else None

    def action_brief(self) -> None:
        company = self.current_company()
        if company is not None:
            self.palata.open_briefing(company)

    def action_back_or_clear(self) -> None:
        search = self.query_one("#interest-search", Input)
        if search.value:
            search.value = ""
            focus_now(search)
        else:
            self.palata.action_back()
