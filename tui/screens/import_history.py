"""Import history: the past imports, newest first — when, who, which file, what came of it,
whether it was undone — and undoing one after a confirmation. A refusal (later edits touched the
same records) is shown as its sentence."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from tui.background import store_call, store_sentence, store_work
from tui.i18n import t
from tui.safe import cell
from tui.screens.base import PalataScreen
from tui.widgets.confirm import Confirm
from tui.widgets.fast_table import FastTable
from tui.widgets.footer import PalataFooter
from tui.widgets.localised import localise_bindings


def _when(value) -> str:
    return value.strftime("%d.%m.%y %H:%M") if value else ""




class ImportHistoryScreen(PalataScreen[None]):
    CSS = """
    ImportHistoryScreen #history { height: 1fr; }
    ImportHistoryScreen #history-detail { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
    ImportHistoryScreen #history-message { height: auto; max-height: 4; padding: 0 1; }
    ImportHistoryScreen #history-message.error { color: $text-error; text-style: bold; }
    """
    BINDINGS = [
        Binding("escape", "close", "key.back"),
        Binding("u", "undo", "key.undo_import"),
        Binding("ctrl+z", "undo", "key.undo_import", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self)
        self.batches: list = []

    def clone(self) -> ImportHistoryScreen:
        return ImportHistoryScreen()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("cmd.imports"), classes="screen-title")
        yield FastTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Static("", id="history-detail")
        yield Static("", id="history-message")
        yield PalataFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        width = self.app.size.width or 80
        fixed = [("id", "imports.col.id", 3), ("when", "imports.col.when", 14),
                 ("user", "imports.col.user", 8),
                 ("created", "imports.col.created", 5), ("updated", "imports.col.updated", 5),
                 ("rejected", "imports.col.rejected", 5), ("undone", "imphist.col.undone", 8)]
        # two cells of padding per column and two for the scrollbar; the file name takes the rest
        file_width = max(10, width - 2 - 2 * (len(fixed) + 1) - sum(w for *_, w in fixed))
        for key, title, w in fixed[:3]:
            table.add_column(t(title), key=key, width=w)
        table.add_column(t("imports.col.file"), key="file", width=file_width)
        for key, title, w in fixed[3:]:
            table.add_column(t(title), key=key, width=w)
        table.focus()
        self.load()

    @store_work("history")
    def load(self) -> None:
        from importers.apply import list_batches

        batches = list_batches(200)
        self.app.call_from_thread(self._show, batches)

    def _show(self, batches: list) -> None:
        table = self.query_one(DataTable)
        keep = self.current()
        self.batches = batches
        table.clear()
        for b in batches:
            table.add_row(cell(b.id, right=True), cell(_when(b.started_at)), cell(b.user), cell(b.file_name),
                          *(cell(count, right=True) for count in (b.created, b.updated, b.rejected)),
                          cell(b.undone_at.strftime("%d.%m.%y") if b.undone_at else ""), key=str(b.id))
        index = next((i for i, b in enumerate(batches) if keep is not None and b.id == keep.id), None)
        if index is not None:
            table.move_cursor(row=index, animate=False)
        if not batches:
            self.query_one("#history-detail", Static).update(t("imports.none"))
        self._detail()

    def current(self):
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((b for b in self.batches if str(b.id) == key), None)

    @on(DataTable.RowHighlighted)
    def _detail(self) -> None:
        b = self.current()
        if b is None:
            return
        self.query_one("#history-detail", Static).update(Text(t(
            "imphist.detail", id=b.id, file=b.file_name, user=b.user, when=_when(b.started_at),
            rows=b.rows_read, created=b.created, updated=b.updated, merged=b.merged,
            unchanged=b.unchanged, rejected=b.rejected)))

    def data_changed(self) -> None:
        self.load()

    def say(self, text: str, error: bool = False) -> None:
        message = self.query_one("#history-message", Static)
        message.update(Text(text))
        message.set_class(error, "error")

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        """Enter shows what the import did; `u` there (or here) undoes it after a question."""
        from tui.screens.import_detail import ImportDetailScreen

        b = self.current()
        if b is None:
            return

        def closed(answer: str | None) -> None:
            if answer == "undo":
                self.action_undo()

        self.app.push_screen(ImportDetailScreen(b.id), closed)

    def action_undo(self) -> None:
        from models.db import is_read_only

        if is_read_only():
            self.say(t("app.read_only_refused"), error=True)
            return
        b = self.current()
        if b is None:
            return
        from models import rights

        if not rights.can("undo_import"):
            from tui.rights_text import refusal

            self.say(refusal("undo_import"), error=True)
            return
        if b.undone_at is not None:
            self.say(t("imphist.already_undone", id=b.id, when=_when(b.undone_at)), error=True)
            return
        question = t("imphist.confirm", id=b.id, file=b.file_name, when=_when(b.started_at))

        def answered(yes: bool | None) -> None:
            if yes:
                self.say(t("imphist.undoing", id=b.id))
                self.undo(b.id)

        undo = Confirm(question, t("imphist.yes"), no=t("imphist.no"), enter_says_yes=False)
        self.app.push_screen(undo, answered)

    def undo(self, batch_id: int) -> None:
        """On a thread (`tui.background`): a refusal or a failure is one sentence, the register
        unchanged."""
        from importers.apply import undo_import

        def done(counts: dict) -> None:
            self.say(t("undo.done", id=batch_id, removed=counts["removed"], restored=counts["restored"]))
            self.load()

        store_call(self, "undo", lambda: undo_import(batch_id), done,
                   lambda exc: self.say(store_sentence(exc), True))

    def action_close(self) -> None:
        self.dismiss(None)
