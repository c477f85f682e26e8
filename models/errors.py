"""Errors a user can cause: each carries a `code` and the values its sentence needs, never the
sentence itself. The code is the key of the sentence in the interface's one catalogue
(`tui/i18n/strings.py`); the edge (`tui.sentences.said`) words it in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one value (a field, a row of a file): a catalogue key and its values.
    Lower layers return or collect these where they would otherwise have written a sentence."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:  # for logs and debugging; people read `tui.sentences.said`
        return f"{self.code}{self.params or ''}"

    @staticmethod
    def revive(data: Any) -> Any:
        """A problem stored as JSON (`dataclasses.asdict`) as a Problem again; anything else (an
        older record's sentence) as it is."""
        if isinstance(data, dict) and set(data) == {"code", "params"}:
            return Problem(data["code"], {k: Problem.revive(v) for k, v in data["params"].items()})
        if isinstance(data, list):
            return [Problem.revive(v) for v in data]
        return data


class PalataError(Exception):
    """Base of every error a person can cause. `code` names the sentence, `params` fill it;
    a param may itself be a Problem or PalataError (a cause worded in the same language)."""

    def __init__(self, code: str, /, **params: Any):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def problem(self) -> Problem:
        return Problem(self.code, self.params)

    def __str__(self) -> str:  # for logs; people read `tui.sentences.said`
        return f"{self.code}{self.params or ''}"


class StoreError(PalataError):
    """The database cannot be opened or used (missing, damaged, newer schema, unwritable, busy,
    gone). `kind` groups the failures the app answers alike ("busy", "connection_lost",
    "file_replaced", …, see KINDS); `code` is the exact sentence the command prints."""

    KINDS = ("busy", "connection_lost", "unreachable", "auth", "no_database", "disk_full", "read_only",
             "io", "unopenable", "damaged", "file_gone", "file_replaced", "other")

    def __init__(self, code: str, /, kind: str = "other", **params: Any):
        self.kind = kind
        super().__init__(code, **params)

    @property
    def values(self) -> dict[str, Any]:
        return self.params


class StoreBusy(StoreError):
    """A colleague's session held what this write needed for longer than the bounded wait (the
    busy timeout on SQLite, lock_timeout on PostgreSQL); the write was rolled back whole.
    `seconds` is how long it waited at most."""

    def __init__(self, code: str, /, seconds: float, **params: Any):
        self.seconds = seconds
        super().__init__(code, "busy", seconds=f"{seconds:.0f}", **params)


class ValidationError(PalataError):
    """Values do not fit their fields; `problems` maps field names to what is wrong."""

    def __init__(self, problems: dict[str, Problem]):
        self.problems = problems
        super().__init__("err.problems", problems=list(problems.values()))


class ConflictError(PalataError):
    """A colleague saved the record after it was read: `theirs` holds their values of the fields
    that differ from what was read, so the app can show what they changed."""

    def __init__(self, table: str, row_id: int, theirs: dict[str, Any], their_version: int | None):
        self.table = table
        self.row_id = row_id
        self.theirs = theirs
        self.their_version = their_version
        super().__init__("err.conflict.changed" if their_version is not None else "err.conflict.gone")


# A table's record as a sentence names it ("компания «Вектор»", "участие в миссии №12").
_TABLE_WORDS = {
    "company": "changes.record.company", "contact": "changes.record.contact",
    "interest": "changes.record.interest", "activity": "changes.record.activity",
    "participation": "changes.record.participation", "meeting_party": "changes.record.meeting_party",
    "agreement_party": "changes.record.agreement_party", "mission": "changes.record.mission",
    "meeting": "changes.record.meeting", "agreement": "timeline.agreement",
}


def record(table: str, row_id: object, name: object = None) -> Problem:
    """A record of `table` for a sentence: by its name when it has one, else by its number."""
    word = Problem(_TABLE_WORDS[table]) if table in _TABLE_WORDS else table
    if name:
        return Problem("rec.named", {"what": word, "name": name})
    return Problem("rec.numbered", {"what": word, "id": row_id})
