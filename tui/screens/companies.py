"""Companies: the home screen — a search line and filters over a table of the register, loaded a
page at a time, sortable by any column, refreshed in place when someone else changes the data.

Every keystroke asks the store for the first page and the count (`models.queries.first_page`) on
one reader thread that keeps its connection open, so SQLite's page cache stays warm between
keystrokes; an answer that arrives after the person typed on is dropped."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Input, Static

from models import queries
from models.browse import CompanyFilter
from models.db import connect_reader, database, warm_reader
from models.queries import CompanyRow
from tui import format as fmt
from tui.background import store_task
from tui.i18n import t
from tui.safe import cell, plain
from tui.screens.base import COMPANY_EDITS, Command, PalataScreen
from tui.widgets.company_table import CompanyTable
from tui.widgets.count_line import CountLine
from tui.widgets.focus import SearchAndTable, focus_now
from tui.widgets.footer import PalataFooter
from tui.widgets.localised import localise_bindings
from tui.widgets.tables import row_id
from tui.widgets.typed import LineInput

PAGE = 100
SORTS = ("name", "inn", "city", "industry", "status", "interests", "activity")
TITLES = {
    "name": "col.name", "inn": "field.inn", "city": "field.city", "industry": "field.industry",
    "status": "col.status", "interests": "col.interests", "activity": "col.activity",
    "matched": "col.matched",
}
SHORT_TITLES = {"interests": "col.interests.short", "activity": "col.activity.short"}
WIDE = 110  # from this width on, the industry column is shown


@dataclass(frozen=True)
class View:
    """What the table shows: an answer is used only if it was fetched for the current view."""

    text: str = ""
    filters: CompanyFilter = CompanyFilter()
    order: str | None = None
    descending: bool = False


def _remembered_view() -> View:
    """The sort the person chose last time (`tui.user_settings`), no search, no filters."""
    from tui import user_settings

    remembered = user_settings.load()
    order = remembered.get("sort")
    if order not in SORTS:
        return View()
    return View(order=order, descending=bool(remembered.get("descending")))


def _columns(width: int, searching: bool = False) -> list[tuple[str, int]]:
    """(column, width) that fit a terminal `width` wide; the name takes what is left. While
    searching, where each company matched takes the industry's place (narrow: INN's and the
    last activity's)."""
    if width >= WIDE:
        fixed = [("inn", 12), ("city", 16),
                 ("matched" if searching else "industry", max(18, (width - 120) // 3 + 18)),
                 ("status", 14), ("interests", 8), ("activity", 14)]
    elif searching:  # the name wins: the count of open interests only from 100 columns
        fixed = [("matched", 24), ("city", 11), ("status", 9)] + ([("interests", 3)] if width >= 100 else [])
    elif width >= 100:
        fixed = [("inn", 12), ("city", 11), ("status", 9), ("interests", 3), ("activity", 10)]
    else:  # the name wins: the count of open interests is in the dossier and the briefing
        fixed = [("inn", 12), ("city", 11), ("status", 9), ("activity", 10)]
    # two cells of padding per column, two for the scrollbar, two for the border
    left = width - 4 - 2 * (len(fixed) + 1) - sum(w for _, w in fixed)
    return [("name", max(16, min(left, 60))), *fixed]


def _values(row: CompanyRow) -> dict[str, str]:
    return {
        "name": row.display_name,
        "inn": row.inn or "",
        "city": row.city or "",
        "industry": row.industry or "",
        "status": fmt.status(row.member_status),
        "interests": str(row.open_interests) if row.open_interests else "",
        "activity": fmt.day(row.last_activity),
        "matched": fmt.matched(row.matched),
    }


class Reader:
    """One thread for the screen's reads, holding its own connection for the screen's life.

    A thread worker per keystroke would open a fresh connection each time, whose page cache
    starts cold: on 100,000 companies that cost more than the queries themselves."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="palata-companies")

    async def run(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self._pool, self._call, fn, args)

    def read_ahead(self) -> None:
        """Warm the reader's cache for the first searches, behind whatever it is reading now; a
        failure is for the next read to report."""
        try:
            self._pool.submit(self._call, warm_reader, ())
        except RuntimeError:  # the screen has closed
            pass

    @staticmethod
    def _call(fn, args):
        connect_reader()
        return fn(*args)

    def close(self) -> None:
        def close_connection() -> None:
            if not database.is_closed():
                database.close()

        try:
            self._pool.submit(close_connection)
        except RuntimeError:  # already shut down
            return
        self._pool.shutdown(wait=False)


class CompaniesScreen(SearchAndTable, PalataScreen[None]):
    EDITS = COMPANY_EDITS
    SEARCH_ID = "search"
    TABLE = "CompanyTable"
    BINDINGS = [
        Binding("ctrl+f", "focus_search", "key.search"),
        Binding("down", "focus_table", "key.table", show=False),
        Binding("escape", "clear", "key.clear", priority=True),
        Binding("ctrl+t", "filters", "key.filters", show=False),
        # the keys that move between the search line and the table do so as they are read, so
        # that the keys typed right after follow (tui/widgets/focus); each is on only where it
        # moves the focus, and looks in the footer as the key it stands in for
        Binding("slash", "search_from_table", "key.search", priority=True),
        Binding("ctrl+f", "search_from_table", "key.search", priority=True),
        Binding("down", "table_from_search", "key.table", show=False, priority=True),
        Binding("enter", "table_from_search", "key.table", show=False, priority=True),
    ]

    def __init__(self, view: View | None = None) -> None:
        super().__init__()
        localise_bindings(self)
        self.view = view or _remembered_view()
        self.rows: list[CompanyRow] = []
        self.matching = 0
        self.capped = False  # more than `matching` companies match (counted up to a cap)
        self.complete = False  # every matching row is loaded
        self.ranked = False  # the rows are best match first
        self.total = 0
        self.total_known = False  # `total` is counted once, again only when the data changes
        self.layout_width = 0
        self.shown: View | None = None  # the view whose rows the table holds
        self.reader = Reader()

    def clone(self) -> CompaniesScreen:
        return CompaniesScreen(self.view)

    # -- building -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield LineInput(value=self.view.text, placeholder=t("app.search.placeholder"), id="search",
                    compact=True)
        yield Static("", id="due-line")
        yield CompanyTable(id="companies")
        yield CountLine(id="count")
        yield PalataFooter()

    def on_mount(self) -> None:
        self._build_columns(self.app.size.width)
        self.query_one(Input).focus()
        self.load(self.view)
        self.load_due()

    def on_screen_resume(self) -> None:
        self.load_due()  # back from the follow-ups, or from marking one done elsewhere

    @store_task("due")
    async def load_due(self) -> None:
        """The first thing mentioned: my follow-ups overdue or due today (nothing when none)."""
        from models import editing, store

        def counts() -> tuple[int, int]:  # who I am is asked of the store too (PostgreSQL)
            return editing.due_counts(store.current_user(), store.now().date())

        overdue, today = await self.reader.run(counts)
        parts = [t("followups.overdue_n", n=overdue) if overdue else None,
                 t("followups.today_n", n=today) if today else None]
        line = self.query_one("#due-line", Static)
        line.update(t("followups.due_line", what=", ".join(p for p in parts if p)))
        line.display = bool(overdue or today)

    def on_unmount(self) -> None:
        self.reader.close()

    def on_resize(self) -> None:
        self._build_columns(self.size.width)

    def _build_columns(self, width: int, fill: bool = True) -> bool:
        """Lay the columns out for `width` and mark the sort column; True if they changed. With
        `fill`, the rows are put back (else the caller is about to fill the table)."""
        v = self.view
        layout = _columns(width, searching=bool(v.text.strip()))
        sorted_by = v.order or (None if v.text.strip() and self.ranked else "name")
        key = hash((tuple(layout), sorted_by, v.descending))
        if key == self.layout_width:
            return False
        self.layout_width = key
        table = self.query_one(CompanyTable)
        cursor_key = self._cursor_key()
        offset = table.cursor_row - table.scroll_y
        table.clear(columns=True)
        for column, w in layout:
            title = t(TITLES[column])
            if column in SHORT_TITLES and len(title) > w:
                title = t(SHORT_TITLES[column])
            if column == sorted_by:
                title = ("▼" if v.descending else "▲") + title
            table.add_column(title, width=w, key=column)
        if fill:
            self._fill(self.rows, cursor_key, offset)
        return True

    def _cells(self, rows: list[CompanyRow]) -> list[tuple[str, list[Text]]]:
        columns = [str(c.key.value) for c in self.query_one(CompanyTable).ordered_columns]
        out = []
        for row in rows:
            values = _values(row)
            out.append((str(row.id), [cell(values[c]) for c in columns]))
        return out

    def _fill(self, rows: list[CompanyRow], cursor_key: str | None = None, offset: float = 0) -> None:
        """Show `rows`; the row `cursor_key` keeps the cursor at `offset` lines from the top (if it
        has gone, the cursor stays on the same line)."""
        table = self.query_one(CompanyTable)
        old_row = table.cursor_row
        table.replace_rows(self._cells(rows))
        if cursor_key is not None:
            index = next((i for i, r in enumerate(rows) if str(r.id) == cursor_key),
                         min(old_row, len(rows) - 1) if rows else None)
            if index is not None:
                table.move_cursor(row=index, animate=False, scroll=False)
                table.scroll_to(y=max(0, index - offset), animate=False, immediate=True)

    def _cursor_key(self) -> str | None:
        table = self.query_one(CompanyTable)
        if not table.row_count:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # an empty or just-cleared table has no cell at the cursor
            return None

    # -- loading --------------------------------------------------------------------------------
    @store_task("load")
    async def load(self, view: View, keep: int = PAGE, cursor_key: str | None = None, offset: float = 0,
                   recount: bool = False) -> None:
        """Fetch the first rows for `view`; a newer keystroke cancels this one."""
        answer = await self.reader.run(self._fetch, view, keep, recount or not self.total_known)
        if answer is not None:
            page, total = answer
            self._show(view, page, total, cursor_key, offset, keep)

    def _fetch(self, view: View, keep: int, count_total: bool) -> tuple[queries.Page, int | None] | None:
        """On the reader thread: the page and (when asked, or when it comes free) the total."""
        if view != self.view:
            return None  # typed on while this waited for the reader
        fmt.learn_mission_title(view.filters)  # for the count line
        page = queries.first_page(view.text, filters=view.filters, order=view.order,
                                  descending=view.descending, limit=keep)
        searched = view.text.strip() or not view.filters.is_empty
        if not searched:
            return page, page.matching
        return page, queries.count_companies() if count_total else None

    def _show(self, view: View, page: queries.Page, total: int | None,
              cursor_key: str | None, offset: float, asked: int = PAGE) -> None:
        if view != self.view:
            return  # a stale answer to an older keystroke
        self.rows = page.rows
        self.matching, self.capped, self.ranked = page.matching, page.capped, page.ranked
        self.complete = len(page.rows) < asked or (not page.capped and len(page.rows) >= page.matching)
        if total is not None:
            self.total, self.total_known = total, True
        self._build_columns(self.size.width or self.app.size.width, fill=False)  # the sort arrow
        self._fill(page.rows, cursor_key, offset)
        if self.shown is None:  # once the first answer is painted the person reads; the reader reads ahead
            self.call_after_refresh(self.reader.read_ahead)
        self.shown = view
        self._update_count()

    @on(CompanyTable.NearEnd)
    def load_next_page(self) -> None:
        # checked again here: the table may have been refilled since the message was posted
        if self.query_one(CompanyTable).near_end and self.shown == self.view and not self.complete:
            self.load_more(self.view, len(self.rows))

    @store_task("more")
    async def load_more(self, view: View, offset: int) -> None:
        rows = await self.reader.run(self._fetch_more, view, offset)
        if rows is not None:
            self._append(view, offset, rows)

    def _fetch_more(self, view: View, offset: int) -> list[CompanyRow] | None:
        if view != self.view:
            return None
        return queries.list_companies(view.text, offset=offset, limit=PAGE, order=view.order,
                                      descending=view.descending, filters=view.filters,
                                      rank_limit=queries.RANK_LIMIT)

    def _append(self, view: View, offset: int, rows: list[CompanyRow]) -> None:
        if view != self.view or offset != len(self.rows):
            return
        self.query_one(CompanyTable).append_rows(self._cells(rows))
        self.rows += rows
        self.complete = len(rows) < PAGE or (not self.capped and len(self.rows) >= self.matching)
        self._update_count()

    def data_changed(self) -> None:
        """Someone changed the register: reload what is shown, keeping cursor, scroll and search."""
        table = self.query_one(CompanyTable)
        self.load(self.view, max(PAGE, len(self.rows)), self._cursor_key(), table.cursor_row - table.scroll_y,
                  recount=True)
        self.load_due()

    def _update_count(self) -> None:
        label = self.query_one("#count", Static)
        v = self.view
        if self.total == 0 and not v.text.strip() and v.filters.is_empty:
            label.update(t("app.empty"))
            return
        if (v.text.strip() or not v.filters.is_empty) and self.capped:
            parts = [t("app.found.more", found=self.matching, total=self.total)]
        elif v.text.strip() or not v.filters.is_empty:
            parts = [t("app.found", found=self.matching, total=self.total)]
        else:
            parts = [t("app.count", shown=len(self.rows), total=self.total)]
        if (len(self.rows) < self.matching or self.capped) and (v.text.strip() or not v.filters.is_empty):
            parts.append(t("app.loaded", shown=len(self.rows)))
        summary = fmt.filter_summary(v.filters)
        if summary:
            parts.append(t("app.filtered", what=summary))
        if v.order:
            arrow = "▼" if v.descending else "▲"
            parts.append(t("app.sorted", column=t(TITLES[v.order]), arrow=arrow))
        label.update(plain(" · ".join(parts)))  # filter values come from the register

    # -- changing the view ----------------------------------------------------------------------
    def _set_view(self, view: View) -> None:
        if (view.order, view.descending) != (self.view.order, self.view.descending):
            from tui import user_settings

            user_settings.remember(sort=view.order, descending=view.descending if view.order else None)
        self.view = view  # the columns' sort arrow follows with the answer (`_show`)
        self.load(view)

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        if event.value != self.view.text:
            self._set_view(replace(self.view, text=event.value))

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.action_focus_table()

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        self.palata.open_dossier(row_id(event.row_key))

    @on(DataTable.HeaderSelected)
    def header_clicked(self, event: DataTable.HeaderSelected) -> None:
        column = event.column_key.value
        if column not in SORTS:
            return  # where a search matched is not an order
        if self.view.order == column:
            self._set_view(replace(self.view, descending=not self.view.descending))
        else:
            self._set_view(replace(self.view, order=column, descending=False))

    def companies_view(self) -> tuple[str, CompanyFilter]:
        return self.view.text, self.view.filters

    def current_company(self) -> int | None:
        key = self._cursor_key()
        return int(key) if key else None

    def action_brief(self) -> None:
        company = self.current_company()
        if company is not None:
            self.palata.open_briefing(company)

    def action_sort_next(self) -> None:
        current = self.view.order or "name"
        self.sort_by(SORTS[(SORTS.index(current) + 1) % len(SORTS)])

    def sort_by(self, column: str, descending: bool = False) -> None:
        self._set_view(replace(self.view, order=column, descending=descending))

    def action_sort_reverse(self) -> None:
        self._set_view(replace(self.view, order=self.view.order or "name",
                               descending=not self.view.descending))

    def palette_commands(self) -> Iterator[Command]:
        yield t("cmd.filters"), t("cmd.filters.help"), self.action_filters
        yield t("cmd.clear"), t("cmd.clear.help"), self.action_clear
        for column in SORTS:
            title = t(TITLES[column])
            yield t("cmd.sort", column=title), t("cmd.sort.help"), partial(self.sort_by, column)
            yield t("cmd.sort_desc", column=title), t("cmd.sort.help"), partial(self.sort_by, column, True)

    def action_filters(self) -> None:
        from tui.screens.filters import FilterScreen

        self.app.push_screen(FilterScreen(self.view.filters), self.set_filters)

    def set_filters(self, filters: CompanyFilter | None) -> None:
        if filters is not None and filters != self.view.filters:
            self._set_view(replace(self.view, filters=filters))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search_from_table":
            return isinstance(self.focused, CompanyTable)
        return super().check_action(action, parameters)

    def action_search_from_table(self) -> None:
        self.action_focus_search()

    def action_clear(self) -> None:
        search = self.query_one(Input)
        if search.value:
            search.value = ""
        elif not self.view.filters.is_empty or self.view.order:
            self._set_view(View())
        focus_now(search)
