"""Export: the companies the table shows (its search and filters), or the whole register, to an
.xlsx in the register layout — the workbook `palata export` writes. Asks for the path, writes in a
thread with a progress bar, and shows the summary line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, ProgressBar, Static
from textual.worker import get_current_worker

from models.browse import CompanyFilter
from tui import format as fmt
from tui.background import store_call, store_sentence, store_work
from tui.i18n import keys, language, t
from tui.screens.base import PalataScreen
from tui.widgets.localised import localise_bindings
from tui.widgets.path_input import PathInput


def default_path(today: date | None = None) -> str:
    return f"~/palata-export-{(today or date.today()).isoformat()}.xlsx"


def describe_view(text: str, filters: CompanyFilter) -> str:
    """The search and filters in words ("поиск «трубы», действует, Ковров")."""
    parts = [t("export.search", text=text.strip())] if text.strip() else []
    summary = fmt.filter_summary(filters)
    if summary:
        parts.append(summary)
    return ", ".join(parts)


class ExportDialog(ModalScreen[Path | None]):
    """Dismissed with the written file, or None."""

    CSS = """
    ExportDialog { align: center middle; }
    ExportDialog #export-box {
        width: 78; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ExportDialog #export-title { text-style: bold; padding: 0 0 1 0; }
    ExportDialog #export-what { width: 100%; padding: 0 0 1 0; }
    ExportDialog #export-path { margin: 0 0 1 0; }
    ExportDialog #export-progress { display: none; }
    ExportDialog #export-progress.running { display: block; }
    ExportDialog #export-message { height: auto; width: 100%; }
    ExportDialog #export-message.error { color: $text-error; text-style: bold; }
    ExportDialog #export-buttons { height: auto; align-horizontal: right; padding: 1 0 0 0; }
    ExportDialog Button { margin: 0 0 0 1; }
    """
    BINDINGS = [Binding("escape", "close", "key.cancel")]
    SUFFIX = ".xlsx"  # what the file must end in; said by the sentence SUFFIX_SENTENCE otherwise
    SUFFIX_SENTENCE = "export.suffix"
    TITLE = "cmd.export"
    PATH_LABEL = "export.path"

    def __init__(self, text: str = "", filters: CompanyFilter | None = None, *, path: str | None = None,
                 count: int | None = None) -> None:
        super().__init__()
        localise_bindings(self)
        self.text = text
        self.filters = filters or CompanyFilter()
        self.path = path or default_path()
        self.count = count
        self.written: Path | None = None
        self.running = False
        self.heading = self.TITLE  # the catalogue key of the dialog's title (a WriteDialog's own)

    @property
    def whole_register(self) -> bool:
        return not self.text.strip() and self.filters.is_empty

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label(t(self.heading), id="export-title")
            yield Static("", id="export-what")
            yield Label(t(self.PATH_LABEL))
            yield PathInput(self.path, suffixes=(self.SUFFIX,), id="export-path")
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static("", id="export-message")
            with Horizontal(id="export-buttons"):
                yield Button(t("export.write"), id="write", variant="primary")
                yield Button(t("key.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", PathInput).focus()
        self._describe(self.count)
        if self.count is None:
            self.count_rows()

    @store_work("count")
    def count_rows(self) -> None:
        from models import queries

        fmt.learn_mission_title(self.filters)  # for the words of the view
        count = queries.count_companies(self.text, filters=self.filters)
        self.app.call_from_thread(self._describe, count)

    def _describe(self, count: int | None) -> None:
        shown = "…" if count is None else str(count)
        what = (t("export.what_all", count=shown) if self.whole_register else
                t("export.what_view", what=describe_view(self.text, self.filters), count=shown))
        self.query_one("#export-what", Static).update(Text(what))

    def say(self, text: str, error: bool = False) -> None:
        message = self.query_one("#export-message", Static)
        message.update(Text(text))
        message.set_class(error, "error")

    @on(PathInput.Submitted, "#export-path")
    @on(Button.Pressed, "#write")
    def write_pressed(self) -> None:
        if self.written is not None:
            self.dismiss(self.written)
            return
        if self.running:
            return
        value = self.query_one("#export-path", PathInput).value.strip()
        if not value.lower().endswith(self.SUFFIX):
            self.say(t(self.SUFFIX_SENTENCE), error=True)
            return
        self.running = True
        self.query_one("#write", Button).disabled = True
        self.query_one("#export-progress", ProgressBar).add_class("running")
        self.say(t("export.writing"))
        self.write(Path(value).expanduser())

    def write(self, path: Path) -> None:
        """On a thread (`tui.background`), with a progress bar; a failure is one sentence."""
        from importers.view_export import export_view

        def job():
            worker = get_current_worker()

            def progress(stage: str, done: int, total: int) -> None:
                if not worker.is_cancelled:
                    self.app.call_from_thread(self._progress, stage, done, total)

            return export_view(path, text=self.text, filters=self.filters, lang=language(), progress=progress)

        def done(summary) -> None:
            counts = ", ".join(f"{t(keys.COUNT[key])} {n}" for key, n in summary.counts.items())
            line = t("export.done", path=summary.path, counts=counts)
            if summary.truncated:
                line += " " + t("export.truncated", count=summary.truncated)
            self._written(summary.path, line)

        store_call(self, "export", job, done, lambda exc: self._failed(store_sentence(exc)))

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=total or None, progress=done)
        self.say(f"{t('export.writing')}: {stage}")

    def _failed(self, message: str) -> None:
        self.running = False
        self.query_one("#write", Button).disabled = False
        self.query_one("#export-progress", ProgressBar).remove_class("running")
        self.say(message, error=True)

    def _written(self, path: Path, line: str) -> None:
        self.running = False
        self.written = path
        if self.app.is_web:  # in a browser the file is of no use on the server: the browser gets it
            self.app.deliver_binary(path)  # the workbook, the report or the briefing's .docx: by suffix
            line += " " + t("export.delivered", name=path.name)
        self.query_one("#export-progress", ProgressBar).remove_class("running")
        self.say(line)
        write = self.query_one("#write", Button)
        write.label = t("key.close")
        write.disabled = False
        write.focus()
        self.query_one("#cancel", Button).display = False

    @on(Button.Pressed, "#cancel")
    def action_close(self) -> None:
        if self.running:
            return  # the file appears whole or not at all; closing mid-write is not offered
        self.dismiss(self.written)


def open_export(app) -> None:
    """The export dialog for the screen on top: its companies view when it has one, else the
    whole register."""
    screen = app.screen
    view = screen.companies_view() if isinstance(screen, PalataScreen) else None
    if view is not None:
        app.push_screen(ExportDialog(*view))
    else:
        app.push_screen(ExportDialog())
