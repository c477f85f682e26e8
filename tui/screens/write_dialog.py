"""The export dialog for a document already made on screen (the report, a briefing): asks for the
path, writes on a thread (`tui.background`: the store is read inside, on its own connection) and says what was
written, or why not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from tui.background import store_call, store_sentence
from tui.screens.export_dialog import ExportDialog


class WriteDialog(ExportDialog):
    """`write_file(path)` writes the file and returns the sentence to show."""

    def __init__(self, what: str, path: str, write_file: Callable[[Path], str], *, suffix: str = ".xlsx",
                 title: str = "cmd.export", suffix_sentence: str = "export.suffix",
                 path_label: str = "export.path") -> None:
        super().__init__(path=path, count=0)
        self.what = what
        self.write_file = write_file
        self.SUFFIX, self.heading, self.SUFFIX_SENTENCE = suffix, title, suffix_sentence
        self.PATH_LABEL = path_label

    def _describe(self, count: int | None) -> None:
        self.query_one("#export-what", Static).update(Text(self.what))

    def write(self, path: Path) -> None:
        """On a thread (`tui.background`); a failure is one sentence."""
        store_call(self, "export", lambda: self.write_file(path), lambda line: self._written(path, line),
                   lambda exc: self._failed(store_sentence(exc)))
