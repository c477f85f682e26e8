"""Editing: the forms (ModalScreens) that create and change records, and the screens around them
(conflicts, duplicates, participants, follow-ups, history)."""

from pathlib import Path

CSS = str(Path(__file__).resolve().parent.parent / "forms.tcss")
