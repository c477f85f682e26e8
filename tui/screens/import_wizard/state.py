"""What the wizard's steps share: the one `WizardState` they read and write, and the messages a
step sends up to the coordinator (`wizard.py`). A step never reaches into another step; it reads
what earlier steps settled from the state and tells the coordinator what it finished (in the
"wizard" namespace: the handlers are `on_wizard_say`, `on_wizard_file_read`...)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual.message import Message

from importers.preview import Column, Preview, mapping_for

if TYPE_CHECKING:
    from importers.apply import ImportResult

Step = Literal["file", "columns", "check", "run", "done"]


@dataclass
class WizardState:
    """The import as chosen so far: the file, its sheet, where each column goes, the result."""

    step: Step = "file"
    path: Path | None = None
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    preview: Preview | None = None
    detected: list[Column] = field(default_factory=list)  # as the reader guessed them
    columns: list[Column] = field(default_factory=list)  # as the person set them
    running: bool = False
    batch_id: int | None = None

    def mapping(self) -> dict[str, str]:
        """What the person changed, as the importer takes it."""
        return mapping_for(self.columns, self.detected)


class Say(Message, namespace="wizard"):
    """A step's sentence for the wizard's message line ("" clears it)."""

    def __init__(self, text: str, error: bool = False) -> None:
        super().__init__()
        self.text = text
        self.error = error


class FileRead(Message, namespace="wizard"):
    """The chosen workbook was read: its sheets and the preview of the likeliest one."""

    def __init__(self, path: Path, names: list[str], preview: Preview) -> None:
        super().__init__()
        self.path = path
        self.names = names
        self.preview = preview


class Checked(Message, namespace="wizard"):
    """The dry run came back with what the import would do."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__()
        self.result = result


class Imported(Message, namespace="wizard"):
    """The import was stored."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__()
        self.result = result


class Failed(Message, namespace="wizard"):
    """The dry run or the import did not go through; `error` is False for a cancel."""

    def __init__(self, step: Step, text: str, error: bool = True) -> None:
        super().__init__()
        self.step = step
        self.text = text
        self.error = error
