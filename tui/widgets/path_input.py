"""A path line that completes folders and files as you type: the rest of the first match shows
dimmed; Tab (or → at the end) takes it. "~" stands for the home folder."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from textual.binding import Binding
from textual.suggester import Suggester

from tui.widgets.localised import localise_bindings
from tui.widgets.typed import LineInput


def complete(value: str, suffixes: Sequence[str] = ()) -> str | None:
    """`value` completed to the first folder (with a trailing "/") or file with one of `suffixes`
    (any file when empty) whose name starts with what was typed; None when nothing fits."""
    if not value:
        return None
    expanded = os.path.expanduser(value)
    folder, sep, start = expanded.rpartition(os.sep)
    where = Path(folder or os.sep) if sep else Path(".")
    try:
        entries = sorted(os.scandir(where), key=lambda e: (not e.is_dir(), e.name.casefold()))
    except OSError:
        return None
    wanted = start.casefold()
    for entry in entries:
        if entry.name.startswith(".") and not start.startswith("."):
            continue
        if not entry.name.casefold().startswith(wanted):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if not is_dir and suffixes and not entry.name.lower().endswith(tuple(suffixes)):
            continue
        # keep what the person typed (a "~", their case) and add the rest of the name
        return value[: len(value) - len(start)] + entry.name + (os.sep if is_dir else "")
    return None


class PathSuggester(Suggester):
    def __init__(self, suffixes: Sequence[str] = ()) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.suffixes = tuple(suffixes)

    async def get_suggestion(self, value: str) -> str | None:
        found = complete(value, self.suffixes)
        return found if found and found != value else None


class PathInput(LineInput):
    """An Input for a file path with completion of folders and of files with `suffixes`."""

    BINDINGS = [Binding("tab", "complete", "key.complete", show=False)]

    def __init__(self, value: str = "", *, suffixes: Sequence[str] = (), **kwargs) -> None:
        super().__init__(value, suggester=PathSuggester(suffixes), **kwargs)
        localise_bindings(self)

    def action_complete(self) -> None:
        """Take the suggestion; with none, Tab moves on as usual."""
        if self._suggestion and self._suggestion != self.value:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()
