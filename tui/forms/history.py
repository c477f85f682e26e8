"""A company's change log in words: who, when, which record, which field, old → new."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from models import editing, vocab
from models.editing import HistoryRow
from models.validation import VOCABULARIES_BY_TABLE
from tui import format as fmt
from tui.background import store_work
from tui.forms import CSS
from tui.i18n import keys, labels, language, t
from tui.screens.base import PalataScreen
from tui.widgets.footer import PalataFooter
from tui.widgets.localised import localise_bindings
from tui.widgets.tables import rich_table

_FLAGS = {"is_primary", "done"}
_STAMPS = {"archived_at"}


def field_label(name: str | None) -> str:
    return labels.field_label(name)


def value_text(table: str, name: str | None, value: str | None) -> str:
    """A logged value the way people read it: labels for codes, dd.mm.yyyy for dates, yes/no."""
    if value in (None, ""):
        return "—"
    voc = VOCABULARIES_BY_TABLE.get((table, name or ""))
    if voc is not None:
        return vocab.label(voc, value, language())
    if name in _FLAGS:
        return t("form.yes") if value in ("1", "True", "true") else t("form.no")
    if len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return value
        return fmt.day(day) + (value[10:16].replace("T", " ") if len(value) > 10 else "")
    return value


def describe(row: HistoryRow) -> Text:
    if row.action == "create":
        text = Text(t("history.created"), style="bold")
        shown = [f"{field_label(k)}: {value_text(row.table, k, v)}" for k, v in row.created.items()
                 if k not in ("company", "sort_name")]
        if shown:
            text.append(" — " + "; ".join(shown[:6]) + ("…" if len(shown) > 6 else ""))
        return text
    if row.action in ("archive", "restore"):
        return Text(t(keys.HISTORY_ACTION[row.action]), style="bold")
    text = Text(field_label(row.field) + ": ", style="bold")
    text.append(f"{value_text(row.table, row.field, row.old)} → {value_text(row.table, row.field, row.new)}")
    return text


def record_text(row: HistoryRow) -> str:
    if row.table == "company":
        return t("changes.record.company")
    what = t(keys.HISTORY_TABLE[row.table])
    return f"{what}: {row.record}" if row.record else what


class HistoryScreen(PalataScreen[None]):
    CSS_PATH = CSS
    BINDINGS = [Binding("escape", "close", "key.back")]

    def __init__(self, company_id: int) -> None:
        super().__init__()
        localise_bindings(self)
        self.company_id = company_id
        self.rows: list[HistoryRow] = []

    def clone(self) -> HistoryScreen:
        return HistoryScreen(self.company_id)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", classes="screen-title", id="history-title")
        with VerticalScroll(classes="tab-body", id="history-body"):
            yield Static("", id="history-table", classes="tab-text")
        yield PalataFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#history-body").focus()

    @store_work("history")
    def reload(self) -> None:
        name, rows = editing.company_label(self.company_id), editing.company_history(self.company_id)
        self.app.call_from_thread(self._show, name, rows)

    def _show(self, name: str, rows: list[HistoryRow]) -> None:
        self.query_one("#history-title", Static).update(t("history.title", name=name))
        self.rows = rows
        self.query_one("#history-table", Static).update(rich_table(
            [(t("imports.col.when"), {"no_wrap": True}), (t("imports.col.user"), {"ratio": 1}),
             (t("changes.col.what"), {"ratio": 2}), (t("col.change"), {"ratio": 5})],
            [(fmt.stamp(r.at), r.user, record_text(r), describe(r)) for r in self.rows]))

    def data_changed(self) -> None:
        self.reload()

    def action_close(self) -> None:
        self.dismiss()
