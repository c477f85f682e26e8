"""Errors a user can cause in the store; the edge (command or screen) shows their text as it is."""

from __future__ import annotations

from typing import Any


class PalataError(Exception):
    """Base of every error whose message is a sentence meant for a person."""


class StoreError(PalataError):
    """The database cannot be opened or used (missing, damaged, newer schema, unwritable, busy,
    gone). `code` names the kind of failure ("busy", "connection_lost", "file_replaced", …) and
    `values` what the sentence needs, so the app can word it in the user's language; the message
    is the Russian sentence the command prints."""

    def __init__(self, message: str, code: str = "other", **values: object):
        self.code = code
        self.values = values
        super().__init__(message)


class StoreBusy(StoreError):
    """A colleague's session held what this write needed for longer than the bounded wait (the
    busy timeout on SQLite, lock_timeout on PostgreSQL); the write was rolled back whole.
    `seconds` is how long it waited at most."""

    def __init__(self, message: str, seconds: float):
        self.seconds = seconds
        super().__init__(message, "busy")


class ValidationError(PalataError):
    """A value does not fit its field; `problems` maps field names to sentences."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(problems.values()))


class ConflictError(PalataError):
    """A colleague saved the record after it was read: `theirs` holds their values of the fields
    that differ from what was read, so the app can show what they changed."""

    def __init__(self, table: str, row_id: int, theirs: dict[str, Any], their_version: int | None):
        self.table = table
        self.row_id = row_id
        self.theirs = theirs
        self.their_version = their_version
        super().__init__(
            "Запись изменил другой пользователь после того, как вы её открыли; "
            "ваши изменения не сохранены."
            if their_version is not None
            else "Запись удалена или перенесена в архив другим пользователем."
        )
