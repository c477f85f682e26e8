"""Errors of importing and exporting that a user can cause; their text is shown as it is."""

from __future__ import annotations

from models.errors import PalataError


class ImportFailure(PalataError):
    """The file cannot be imported at all; the database is untouched."""


class ExportFailure(PalataError):
    """The file cannot be written."""


class UndoRefused(PalataError):
    """An import cannot be undone (unknown, already undone, or its rows changed since)."""
