"""Step 4 of the import: the import itself on a thread, with its stage and progress; Escape
stops it at its next progress report, inside the transaction, so that nothing of it stays."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, get_current_worker

from tui.background import store_call
from tui.i18n import keys, t
from tui.screens.import_wizard.state import Failed, Imported, WizardState
from tui.sentences import store_sentence

if TYPE_CHECKING:
    from importers.apply import ImportResult


class ImportCancelled(Exception):
    """Raised from the progress callback to roll the running import back."""


class RunStep(Vertical):
    """The running import: sends `Imported`, or `Failed` (not an error when cancelled)."""

    def __init__(self, state: WizardState, *, id: str) -> None:
        super().__init__(id=id)
        self.state = state

    def compose(self) -> ComposeResult:
        yield Static("", id="stage")
        yield ProgressBar(id="progress", show_eta=False)

    def start(self, path: Path, sheet: str | None, mapping: dict[str, str]) -> Worker[None]:
        """Run the import from its first stage."""
        self.state.running = True
        self.query_one("#progress", ProgressBar).update(total=None, progress=0)
        self.query_one("#stage", Static).update(t("import.loading"))
        return self.run_import(path, sheet, mapping)

    def run_import(self, path: Path, sheet: str | None, mapping: dict[str, str]) -> Worker[None]:
        """The import, on a thread (`tui.background`); Esc rolls it back from its progress."""
        from importers.apply import import_file

        def job() -> ImportResult:
            worker = get_current_worker()

            def progress(stage: str, done: int, total: int) -> None:
                if worker.is_cancelled:
                    raise ImportCancelled()  # inside the transaction: it rolls back
                self.app.call_from_thread(self._progress, stage, done, total)

            return import_file(path, sheet=sheet, mapping=mapping, progress=progress)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ImportCancelled):
                self.post_message(Failed("run", t("wizard.cancelled"), error=False))
            else:
                self.post_message(Failed("run", store_sentence(exc)))

        def imported(result: ImportResult) -> None:
            self.post_message(Imported(result))

        return store_call(self, "import", job, imported, failed)

    def _progress(self, stage: str, done: int, total: int) -> None:
        key = keys.IMPORT_STAGE.get(stage)
        self.query_one("#stage", Static).update(f"{t('import.loading')}: {t(key) if key else stage}")
        self.query_one("#progress", ProgressBar).update(total=total or None, progress=done)
