"""Merging a group of duplicates: the companies side by side, field by field, with the value the
kept company will end with. Enter on a cell takes that company's value, `k` keeps the company of
the current column, ctrl+s asks for a confirmation and merges (models.merge). Dismisses with the
merge's number, or None when nothing was merged."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from models.merge import (
    FieldChoice,
    choose_values,
    company_values,
    merge_companies,
    merge_fields,
    related_counts,
)
from tui.background import store_call, store_sentence, store_work
from tui.i18n import keys, language, t
from tui.i18n.labels import short_field_label
from tui.safe import cell
from tui.screens.base import PalataScreen
from tui.widgets.confirm import Confirm
from tui.widgets.fit import Fit, column_widths
from tui.widgets.footer import PalataFooter
from tui.widgets.fresh import FreshScreen
from tui.widgets.localised import localise_bindings

KEEP_MARK = "★"
TAKEN_MARK = "✓"
UNITED_MARK = "+"


def field_label(name: str) -> str:
    return short_field_label(name)


def _shown(value: Any, width: int = 40) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _label(name: str, value: Any) -> Any:
    """A vocabulary code (the membership status) in words."""
    if name == "member_status" and value:
        from models import vocab

        return vocab.label(vocab.MEMBER_STATUS, value, language())
    return value




class MergeScreen(FreshScreen, PalataScreen[int | None]):
    DEFAULT_CSS = """
    MergeScreen #merge-table { height: 1fr; }
    MergeScreen #merge-help, MergeScreen #merge-related { height: auto; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "key.back"),
        Binding("k", "keep", "key.keep"),
        Binding("ctrl+s", "merge", "key.merge"),
    ]

    def __init__(self, company_ids: list[int], keep: int | None = None,
                 choices: dict[str, int] | None = None) -> None:
        super().__init__()
        localise_bindings(self)
        self.company_ids = list(company_ids)
        self.keep = keep if keep is not None else self.company_ids[0]
        self.choices: dict[str, int] = dict(choices or {})
        self.values: dict[int, dict[str, Any]] = {}
        self.fields: dict[str, FieldChoice] = {}

    def clone(self) -> MergeScreen:
        return MergeScreen(self.company_ids, self.keep, self.choices)

    @property
    def others(self) -> list[int]:
        return [c for c in self.company_ids if c != self.keep]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="merge-title", classes="screen-title")
        yield Static(t("mergeview.help"), id="merge-help")
        yield DataTable(id="merge-table", cursor_type="cell", zebra_stripes=True)
        yield Static("", id="merge-related")
        yield PalataFooter()

    def on_mount(self) -> None:
        self.load()

    @store_work("merge")
    def load(self) -> None:
        values = company_values(self.company_ids)
        related = {cid: related_counts(cid) for cid in self.company_ids if cid in values}
        self.app.call_from_thread(self._loaded, values, related)

    def _loaded(self, values: dict[int, dict[str, Any]], counted: dict[int, dict[str, int]]) -> None:
        self.values = values
        self.company_ids = [c for c in self.company_ids if c in self.values]
        if self.keep not in self.values:
            if not self.company_ids:
                return
            self.keep = self.company_ids[0]
        related = []
        for cid in self.company_ids:
            counts = ", ".join(f"{t(keys.MERGE_TABLE[k])} {n}" for k, n in counted[cid].items() if n)
            related.append(f"ID {cid}: {counts or '—'}")
        self.query_one("#merge-related", Static).update(Text("  ·  ".join(related)))
        self.rebuild()
        table = self.query_one(DataTable)
        table.focus()
        table.move_cursor(row=0, column=1, animate=False)

    def rebuild(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_coordinate
        self.fields = choose_values(self.values, self.keep, self.choices)
        keep_name = self.values[self.keep]["short_name"]
        self.query_one("#merge-title", Static).update(Text(t("mergeview.title", keep=keep_name)))
        table.clear(columns=True)
        # the values share the width (a phone number whole at 80 columns); the field's name may end in "…"
        widths = column_widths(self.app.size.width, {
            "field": Fit(12, 20, 1), **{f"c{cid}": Fit(16, 60, 2) for cid in self.company_ids},
            "result": Fit(16, 60, 2)})
        table.add_column(t("merge.col.field"), key="field", width=widths["field"])
        for cid in self.company_ids:
            mark = f"{KEEP_MARK} " if cid == self.keep else ""
            label = f"{mark}{self.values[cid]['short_name']} (ID {cid})"
            table.add_column(cell(label), key=f"c{cid}",
                             width=widths[f"c{cid}"])
        table.add_column(t("mergeview.result"), key="result", width=widths["result"])
        for name in merge_fields():
            if all(self.values[c][name] in (None, "") for c in self.company_ids):
                continue
            choice = self.fields[name]
            cells = [cell(field_label(name))]
            for cid in self.company_ids:
                value = self.values[cid][name]
                mark = ""
                if choice.combined and value not in (None, ""):
                    mark = f"{UNITED_MARK} "
                elif not choice.combined and cid == choice.source:
                    mark = f"{TAKEN_MARK} "
                cells.append(cell(mark + _shown(_label(name, value))))
            result = _shown(_label(name, choice.value))
            if choice.combined:
                result += f" ({t('merge.combined')})"
            cells.append(cell(result, style="bold"))
            table.add_row(*cells, key=name)
        if table.row_count:
            table.move_cursor(row=min(cursor.row, table.row_count - 1),
                              column=min(max(cursor.column, 1), len(self.company_ids)), animate=False)

    def _current(self) -> tuple[str | None, int | None]:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None, None
        key = table.coordinate_to_cell_key(table.cursor_coordinate)
        column = key.column_key.value or ""
        company = int(column[1:]) if column.startswith("c") else None
        return key.row_key.value, company

    @on(DataTable.CellSelected)
    def take(self, event: DataTable.CellSelected) -> None:
        name, company = self._current()
        if name is not None and company is not None:
            self.choices[name] = company
            self.rebuild()

    def action_keep(self) -> None:
        _, company = self._current()
        if company is not None and company != self.keep:
            self.keep = company
            self.rebuild()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_merge(self) -> None:
        if self.keep not in self.values:
            return  # not loaded yet
        from models import rights

        if not rights.can("merge"):
            from tui.rights_text import refusal

            self.notify(refusal("merge"), severity="warning")
            return
        question = t("mergeview.confirm", count=len(self.others),
                     keep=self.values[self.keep]["short_name"])
        self.app.push_screen(Confirm(question, t("key.merge")), self._confirmed)

    def _confirmed(self, yes: bool | None) -> None:
        if not yes:
            return
        keep, others, choices = self.keep, self.others, dict(self.choices)
        store_call(self, "merge", lambda: merge_companies(keep, others, choices),
                   lambda result: self.dismiss(result.merge_id),
                   lambda exc: self.notify(store_sentence(exc), severity="error", markup=False))
