"""Probable duplicates: the groups found over the whole register; Enter compares a group side by
side and merges it (tui.screens.merge)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from models.duplicates import Group, find_duplicates
from tui.background import store_work
from tui.i18n import keys, t
from tui.safe import cell
from tui.screens.base import PalataScreen
from tui.widgets.fast_table import FastTable
from tui.widgets.fit import Fit, column_widths
from tui.widgets.footer import PalataFooter
from tui.widgets.fresh import FreshScreen
from tui.widgets.localised import localise_bindings


def confidence_label(confidence: str) -> str:
    return t(keys.DUP_CONFIDENCE[confidence])


def reasons_text(group: Group) -> str:
    return "; ".join(f"{t(keys.DUP_RULE[r.rule])}: {r.shown}" for r in group.reasons)


class DuplicatesScreen(FreshScreen, PalataScreen[None]):
    DEFAULT_CSS = """
    DuplicatesScreen #dups { height: 1fr; }
    DuplicatesScreen #dups-count { height: 1; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "app.back", "key.back"),
        Binding("enter", "open", "key.merge"),
        Binding("ctrl+r", "refresh", "key.refresh"),
    ]

    def __init__(self, cursor_key: str | None = None) -> None:
        super().__init__()
        localise_bindings(self)
        self.groups: list[Group] = []
        self.cursor_key = cursor_key

    def clone(self) -> DuplicatesScreen:
        return DuplicatesScreen(self._cursor_key())

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("dups.title"), id="dups-title", classes="screen-title")
        yield FastTable(id="dups", cursor_type="row", zebra_stripes=True)
        yield Static(t("dups.searching"), id="dups-count", classes="count")
        yield PalataFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        widths = column_widths(self.app.size.width, {
            "n": Fit(3, 3), "confidence": Fit(11, 11), "names": Fit(20, 70, 1), "reasons": Fit(20, 80, 1)})
        titles = {"n": "№", "confidence": t("dup.col.confidence"), "names": t("col.name"),
                  "reasons": t("dup.col.reason")}
        for key, w in widths.items():
            table.add_column(titles[key], key=key, width=w)
        table.focus()
        self.load()

    @store_work("duplicates")
    def load(self) -> None:
        groups = find_duplicates()
        self.app.call_from_thread(self._show, groups)

    def _show(self, groups: list[Group]) -> None:
        table = self.query_one(DataTable)
        keep = self._cursor_key() or self.cursor_key
        self.groups = groups
        table.clear()
        for n, g in enumerate(groups, start=1):
            names = " | ".join(f"{c.display_name} ({c.city or '—'}, ID {c.id})" for c in g.companies)
            table.add_row(cell(n), cell(confidence_label(g.confidence)), cell(names),
                          cell(reasons_text(g)), key=_key(g))
        index = next((i for i, g in enumerate(groups) if _key(g) == keep), None)
        if index is not None:
            table.move_cursor(row=index, animate=False)
        self.query_one("#dups-count", Static).update(
            t("dups.count", count=len(groups)) if groups else t("dup.none"))

    def _cursor_key(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def current_group(self) -> Group | None:
        key = self._cursor_key()
        return next((g for g in self.groups if _key(g) == key), None)

    def data_changed(self) -> None:
        self.load()

    def action_refresh(self) -> None:
        self.load()

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        group = self.current_group()
        if group is not None:
            from tui.screens.merge import MergeScreen

            self.app.push_screen(MergeScreen(group.ids), self._merged)

    def _merged(self, merge_id: int | None) -> None:
        if merge_id is not None:
            self.notify(t("mergeview.done", id=merge_id))
            self.load()


def _key(group: Group) -> str:
    return ",".join(str(i) for i in group.ids)
