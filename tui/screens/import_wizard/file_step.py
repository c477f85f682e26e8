"""Step 1 of the import: name a workbook (typed with completion, or picked in the folder tree) and
read its sheets on a thread; a folder named instead opens in the tree."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DirectoryTree
from textual.worker import get_current_worker

from importers.preview import WORKBOOK_SUFFIXES
from tui.i18n import t
from tui.screens.import_wizard.state import FileRead, Say, WizardState
from tui.sentences import store_sentence
from tui.widgets.path_input import PathInput


class WorkbookTree(DirectoryTree):
    """Folders and the workbooks in them; hidden entries left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        out = []
        for p in paths:
            if p.name.startswith("."):
                continue
            try:
                if p.is_dir() or p.suffix.lower() in WORKBOOK_SUFFIXES:
                    out.append(p)
            except OSError:
                continue
        return out


class FileStep(Vertical):
    """The file: sets `state.path`, then sends `FileRead` (or a `Say` with the reason)."""

    def __init__(self, state: WizardState, start: Path, initial: str, *, id: str) -> None:
        super().__init__(id=id)
        self.state = state
        self.start = start
        self.initial = initial

    def compose(self) -> ComposeResult:
        yield PathInput(self.initial, suffixes=WORKBOOK_SUFFIXES, placeholder=t("wizard.path"),
                        id="path", compact=True)
        yield WorkbookTree(self.start, id="tree")

    @property
    def typed(self) -> str:
        """What the path field holds now (the file a rebuilt wizard starts from)."""
        return self.query_one("#path", PathInput).value

    def focus_path(self) -> None:
        self.query_one("#path", PathInput).focus()

    @on(DirectoryTree.FileSelected, "#tree")
    def file_picked(self, event: DirectoryTree.FileSelected) -> None:
        path_input = self.query_one("#path", PathInput)
        path_input.value = str(event.path)
        path_input.cursor_position = len(path_input.value)
        self.choose()

    @on(PathInput.Submitted, "#path")
    def path_submitted(self) -> None:
        self.choose()

    def choose(self) -> None:
        """Read the workbook named in the path field."""
        value = self.typed.strip()
        if not value:
            self.post_message(Say(t("wizard.path_empty"), error=True))
            return
        path = Path(value).expanduser()
        if path.is_dir():  # a folder typed or completed: show it in the tree, pick a file there
            self.query_one("#tree", WorkbookTree).path = path
            self.post_message(Say(""))
            return
        self.state.path = path
        self.post_message(Say(t("wizard.reading", file=path.name)))
        self.read_sheets(path)

    @work(thread=True, exclusive=True, group="read")
    def read_sheets(self, path: Path) -> None:
        from importers.preview import list_sheets, preview

        worker = get_current_worker()
        try:
            sheets = list_sheets(path)
            sheet = sheets.guess or (sheets.names[0] if sheets.names else None)
            shown = preview(path, sheet)
        except Exception as exc:  # every failure ends as one sentence on the screen
            if not worker.is_cancelled:
                self.app.call_from_thread(self.post_message, Say(store_sentence(exc), error=True))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.post_message, FileRead(path, sheets.names, shown))
