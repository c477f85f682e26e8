"""The import wizard's coordinator: the title, the message line, the buttons and keys, and which
step shows. The steps (`file_step`, `columns_step`, `check_step`, `run_step`) share one
`WizardState` and report what they finished in messages; this screen starts the next step."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Header, Static
from textual.worker import Worker

from importers.preview import Column, Preview
from tui.i18n import t
from tui.safe import plain
from tui.screens.base import PalataScreen
from tui.screens.import_wizard.check_step import CheckStep
from tui.screens.import_wizard.columns_step import ColumnsStep
from tui.screens.import_wizard.file_step import FileStep
from tui.screens.import_wizard.run_step import RunStep
from tui.screens.import_wizard.state import Checked, Failed, FileRead, Imported, Say, Step, WizardState
from tui.widgets.footer import PalataFooter
from tui.widgets.localised import localise_bindings

TITLES: dict[Step, str] = {"file": "wizard.step.file", "columns": "wizard.step.columns",
                           "check": "wizard.step.check", "run": "wizard.step.run", "done": "wizard.step.done"}
NEXT_LABELS: dict[Step, str] = {"file": "wizard.next", "columns": "wizard.check", "check": "wizard.import",
                                "done": "wizard.close"}


class ImportWizard(PalataScreen[int | None]):
    """Dismissed with the new batch id, or None when nothing was imported."""

    CSS = """
    ImportWizard #wizard-steps { height: 1fr; }
    ImportWizard #file, ImportWizard #columns, ImportWizard #check, ImportWizard #run { height: 1fr; }
    ImportWizard #path { margin: 0 0 1 0; padding: 0 1; }
    ImportWizard #tree { height: 1fr; }
    ImportWizard #sheet-bar { height: 1; }
    ImportWizard #sheet-label { width: auto; padding: 0 1; }
    ImportWizard #sheet { width: 1fr; }
    ImportWizard #preview { height: auto; max-height: 8; }
    ImportWizard #mapping { height: 1fr; }
    ImportWizard .map-row { height: 1; }
    ImportWizard .map-title { width: 34; padding: 0 1; }
    ImportWizard .map-select { width: 1fr; }
    ImportWizard #counts { height: 2; }
    ImportWizard #rejections { height: 1fr; }
    ImportWizard #stage { padding: 1 1 0 1; }
    ImportWizard #progress { margin: 1 1; }
    ImportWizard #wizard-message { height: auto; max-height: 3; padding: 0 1; }
    ImportWizard #wizard-message.error { color: $text-error; text-style: bold; }
    ImportWizard #wizard-buttons { height: 1; align-horizontal: right; }
    ImportWizard #wizard-buttons Button { margin: 0 0 0 2; }
    """

    BINDINGS = [
        Binding("escape", "close", "key.close"),  # on the last step
        Binding("escape", "cancel", "key.cancel"),
        Binding("ctrl+n", "next", "wizard.next"),
        Binding("alt+n,alt+т", "next", "wizard.next", show=False),  # a browser keeps Ctrl+N
        Binding("ctrl+b", "back_step", "key.back"),
    ]

    def __init__(self, start: Path | str | None = None, path: Path | str | None = None) -> None:
        super().__init__()
        localise_bindings(self)
        self.start = Path(start) if start is not None else Path.cwd()
        if path is None:  # in a browser: the list the login uploaded last (tui/web/handover.py)
            from tui.web.handover import offered_upload

            path = offered_upload()
        self.initial = str(path) if path is not None else ""
        self.state = WizardState()

    def clone(self) -> ImportWizard:
        """The wizard afresh in another language, with the file already named."""
        value = self.query_one(FileStep).typed if self.is_mounted else self.initial
        return ImportWizard(self.start, value or None)

    # -- what the tests and the app read --------------------------------------------------------
    @property
    def step(self) -> Step:
        return self.state.step

    @property
    def running(self) -> bool:
        return self.state.running

    @property
    def columns(self) -> list[Column]:
        return self.state.columns

    @property
    def preview_data(self) -> Preview | None:
        return self.state.preview

    def mapping(self) -> dict[str, str]:
        """What the person changed, as the importer takes it."""
        return self.state.mapping()

    # -- building -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("wizard.step.file"), id="wizard-step", classes="screen-title")
        with ContentSwitcher(initial="file", id="wizard-steps"):
            yield FileStep(self.state, self.start, self.initial, id="file")
            yield ColumnsStep(self.state, id="columns")
            yield CheckStep(self.state, id="check")
            yield RunStep(self.state, id="run")
        yield Static("", id="wizard-message")
        with Horizontal(id="wizard-buttons"):
            yield Button(t("key.back"), id="back", compact=True)
            yield Button(t("wizard.next"), id="next", variant="primary", compact=True)
            yield Button(t("cmd.imports"), id="history", compact=True)
            yield Button(t("key.cancel"), id="cancel", compact=True)
        yield PalataFooter()

    def on_mount(self) -> None:
        self._show_step("file")
        self.query_one(FileStep).focus_path()

    def _show_step(self, step: Step, **values: object) -> None:
        self.state.step = step
        self.query_one(ContentSwitcher).current = "check" if step == "done" else step
        path = self.state.path
        self.query_one("#wizard-step", Static).update(plain(t(TITLES[step], file=path.name if path else "",
                                                              **values)))
        back, nxt = self.query_one("#back", Button), self.query_one("#next", Button)
        cancel, history = self.query_one("#cancel", Button), self.query_one("#history", Button)
        back.display = step in ("columns", "check")
        nxt.display = step in ("file", "columns", "check", "done")
        nxt.label = t(NEXT_LABELS[step]) if step in NEXT_LABELS else ""
        history.display = step == "done"
        cancel.display = step != "done"
        cancel.disabled = False
        self.say("")
        self.refresh_bindings()

    def say(self, text: str, error: bool = False) -> None:
        message = self.query_one("#wizard-message", Static)
        message.update(Text(text))
        message.set_class(error, "error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back_step":
            return self.step in ("columns", "check")
        if action == "next":
            return self.step in ("file", "columns", "check")
        if action == "close":
            return self.step == "done"
        if action == "cancel":
            return self.step != "done"
        return True

    # -- navigation -----------------------------------------------------------------------------
    def action_next(self) -> None:
        state = self.state
        if state.step == "file":
            self.query_one(FileStep).choose()
        elif state.step == "columns" and state.path is not None and state.preview is not None:
            self.say(t("wizard.planning"))
            self.query_one("#next", Button).disabled = True
            self.query_one(CheckStep).dry_run(state.path, state.sheet, state.mapping())
        elif state.step == "check" and state.path is not None:
            self._show_step("run")
            self.query_one("#cancel", Button).focus()
            self.query_one(RunStep).start(state.path, state.sheet, state.mapping())

    def action_back_step(self) -> None:
        if self.step == "columns":
            self._show_step("file")
            self.query_one(FileStep).focus_path()
        elif self.step == "check":
            self._show_step("columns")
            self.query_one(ColumnsStep).focus_mapping()

    def action_close(self) -> None:
        self.dismiss(self.state.batch_id)

    def action_cancel(self) -> None:
        if self.step == "run":
            if self.running:
                for worker in self._my_workers("import"):
                    worker.cancel()
                self.query_one("#cancel", Button).disabled = True
                self.say(t("wizard.cancelling"))
            return
        for worker in self._my_workers():
            worker.cancel()
        self.dismiss(self.state.batch_id)

    def _my_workers(self, group: str | None = None) -> list[Worker[object]]:
        """The workers of this screen and of its steps (not the file tree's folder loader)."""
        steps: tuple[type[Widget], ...] = (FileStep, ColumnsStep, CheckStep, RunStep)
        return [w for w in self.app.workers
                if (w.node is self or (isinstance(w.node, steps) and w.node.screen is self))
                and (group is None or w.group == group)]

    @on(Button.Pressed, "#next")
    def next_pressed(self) -> None:
        if self.step == "done":
            self.action_close()
        else:
            self.action_next()

    @on(Button.Pressed, "#back")
    def back_pressed(self) -> None:
        self.action_back_step()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#history")
    def history_pressed(self) -> None:
        # on the app's loop, not this screen's: the wizard is closed on the way (F7 then starts a
        # new import), which cannot be awaited from its own handler
        self.app.call_later(self.palata.open_section, "imports", True)

    # -- what the steps report ------------------------------------------------------------------
    def on_wizard_say(self, message: Say) -> None:
        message.stop()
        self.say(message.text, message.error)

    async def on_wizard_file_read(self, message: FileRead) -> None:
        message.stop()
        if message.path != self.state.path or self.step != "file":  # another file since
            return
        columns = self.query_one(ColumnsStep)
        mounted = columns.show_workbook(message.names, message.preview)
        self._show_step("columns")
        await mounted  # the column's selects, to focus the first
        self.call_after_refresh(columns.focus_mapping)

    def on_wizard_checked(self, message: Checked) -> None:
        message.stop()
        nxt = self.query_one("#next", Button)
        nxt.disabled = False
        if self.step != "columns":
            return
        result = message.result
        self.query_one(CheckStep).show_result(result, dry_run=True)
        self._show_step("check")
        changes = sum(result.counts[k] for k in ("created", "updated"))
        if not changes:
            self.say(t("wizard.nothing_to_do"))
            nxt.disabled = True
        self.query_one("#next" if changes else "#back", Button).focus()

    def on_wizard_failed(self, message: Failed) -> None:
        message.stop()
        if message.step == "check":  # the dry run: Next tries again
            self.query_one("#next", Button).disabled = False
            self.say(message.text, error=True)
            return
        self.state.running = False
        self._show_step("check")
        self.say(message.text, error=message.error)
        self.query_one("#back", Button).focus()

    def on_wizard_imported(self, message: Imported) -> None:
        message.stop()
        result = message.result
        self.state.running = False
        self.state.batch_id = result.batch_id
        self.query_one(CheckStep).show_result(result, dry_run=False)
        self._show_step("done")
        self.say(t("wizard.done", batch=result.batch_id, file=result.file_name, sheet=result.sheet))
        self.query_one("#next", Button).focus()

    # -- after the import: its counts stand only while it does ----------------------------------
    def data_changed(self) -> None:
        self.check_undone()

    def on_screen_resume(self) -> None:
        self.check_undone()  # back from the import history, where it may have been undone

    def check_undone(self) -> None:
        """Mark the result when its import has been undone since."""
        self.query_one(CheckStep).check_undone()
