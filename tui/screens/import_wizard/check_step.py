"""Step 3 of the import, the dry run: the import planned and rolled back on a thread, its counts
and the rows it would reject or wants looked at. The same view shows the real import's result at
the end, and marks it when the import has been undone since."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static
from textual.worker import Worker

from tui import format as fmt
from tui.background import store_call, store_work
from tui.i18n import keys, t
from tui.screens.import_wizard.state import Checked, Failed, Say, WizardState
from tui.sentences import said, store_sentence

if TYPE_CHECKING:
    from importers.apply import ImportResult

COUNTS = ("rows_read", "created", "updated", "merged", "unchanged", "rejected")
CHANGED = ("created", "updated", "rejected")  # counted otherwise once stored, and once undone


class CheckStep(Vertical):
    """The dry run (sends `Checked` or `Failed`) and the counts of a run, dry or real."""

    def __init__(self, state: WizardState, *, id: str) -> None:
        super().__init__(id=id)
        self.state = state

    def compose(self) -> ComposeResult:
        yield DataTable(id="counts", show_cursor=False)
        yield Static("", id="rejected-title", classes="count")
        yield DataTable(id="rejections", cursor_type="row")

    def dry_run(self, path: Path, sheet: str | None, mapping: dict[str, str]) -> Worker[None]:
        """The import planned and rolled back, on a thread (`tui.background`): its counts."""
        from importers.apply import import_file

        def checked(result: ImportResult) -> None:
            self.post_message(Checked(result))

        def failed(exc: BaseException) -> None:
            self.post_message(Failed("check", store_sentence(exc)))

        return store_call(self, "read", lambda: import_file(path, sheet=sheet, mapping=mapping, dry_run=True),
                          checked, failed)

    def show_result(self, result: ImportResult, dry_run: bool) -> None:
        counts = self.query_one("#counts", DataTable)
        counts.clear(columns=True)
        for key in COUNTS:
            word = keys.WIZARD_COUNT[key]
            if not dry_run and key in CHANGED:
                word = keys.WIZARD_COUNTED[key]
            counts.add_column(t(word), key=key)
        counts.add_row(*(Text(str(result.counts.get(k, 0)), justify="right") for k in COUNTS))
        warnings = fmt.import_warnings(result)
        title = (t("wizard.rejected_title", count=len(result.rejections)) if result.rejections
                 else t("wizard.no_rejections"))
        if warnings:
            title += " " + t("wizard.warnings", count=len(warnings))
        self.query_one("#rejected-title", Static).update(title)
        table = self.query_one("#rejections", DataTable)
        table.clear(columns=True)
        table.display = bool(result.rejections or warnings)
        width = max(20, (self.app.size.width or 80) - 14)
        table.add_column(t("import_report.row"), key="row", width=6)
        table.add_column(t("wizard.col.reason"), key="reason", width=width)
        for r in result.rejections:
            table.add_row(Text(str(r.row), justify="right"), Text(said(r.reason), overflow="fold"),
                          height=None, key=f"{r.sheet}:{r.row}")
        for n, (row, sentence) in enumerate(warnings):  # stored, but worth a look: marked ⚠
            table.add_row(Text(str(row), justify="right"), Text("⚠ " + sentence, overflow="fold"),
                          height=None, key=f"warning:{n}")

    # -- after the import: its counts stand only while it does ------------------------------------
    @store_work("undone")
    def check_undone(self) -> None:
        """Ask whether the import shown was undone since (from the import history, say)."""
        state = self.state
        if state.step != "done" or state.batch_id is None:
            return
        from models.import_report import batch

        found = batch(state.batch_id)
        undone = found.undone_at if found is not None else None
        if undone is not None:
            self.app.call_from_thread(self._undone, state.batch_id, undone)

    def _undone(self, batch_id: int, when: datetime) -> None:
        """The import was undone since: the counts are what it did then, no longer the register."""
        counts = self.query_one("#counts", DataTable)
        for column in counts.columns.values():
            key = column.key.value
            if key in CHANGED:
                column.label = Text(t(keys.WIZARD_WAS[key]))
        counts.refresh()
        self.post_message(Say(t("wizard.undone", batch=batch_id, when=when.strftime("%d.%m.%Y %H:%M")),
                              error=True))
