"""Text stored before Palata cleaned what it stores may hold what a terminal obeys: escape
sequences from an imported cell (a retitled window, a wiped screen, a planted link), NUL, C1
controls, bidi overrides, Word's line breaks. Every text column of every table is cleaned the way
`models.safetext` cleans new values now (line breaks kept in notes, outcomes, descriptions and
activity texts; spaces elsewhere; JSON snapshots cleaned value by value so they stay JSON).

Each value changed in a record of the register is logged in the change log as an update by the
user "palata-migration": the migration runs at the first start of whoever upgrades, and those
hundreds of edits are not that person's. The old value is logged as it would have been shown
(each control character as a visible stand-in, `safetext.printable`), never raw: the log must not
keep the bytes the register loses. Records changed get a new version, so a form opened on the
old text meets a conflict instead of saving over it, and the import digests of their companies
no longer match. Rows of the change log, import batches and merges are history: cleaned, not
logged.
"""

import json
from datetime import datetime

USER = "palata-migration"
# The tables as they are at this migration, with what each holds.
_REGISTER = ("company", "contact", "mission", "meeting", "interest", "participation", "agreement",
             "activity")
_HISTORY = ("import_batch", "change_log", "merge")
_MULTILINE = {"notes", "outcome", "description", "text", "old", "new"}
_JSON = {("merge", "others"), ("merge", "moved")}
_TEXT_TYPES = ("text", "character varying", "varchar")


def _text_columns(db, table: str) -> list[str]:
    return [c.name for c in db.get_columns(table)
            if c.data_type.lower().startswith(_TEXT_TYPES) and c.name != "sort_name"]


def _clean_json(value):
    from models.safetext import clean

    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_clean_json(v) for v in value]
    if isinstance(value, dict):
        return {clean(k): _clean_json(v) for k, v in value.items()}
    return value


def _cleaned(table: str, column: str, value: str, action: str | None) -> str:
    """The value as it is stored from now on; a JSON snapshot (a merge, a create or delete in
    the change log) stays JSON, with control characters json.dumps wrote as \\u001b cleaned too."""
    from models.safetext import clean

    snapshot = table == "change_log" and column == "new" and action in ("create", "delete")
    if (table, column) in _JSON or snapshot:
        try:
            data = json.loads(value)
        except ValueError:
            data = None
        if data is not None:
            fresh = _clean_json(data)
            return value if fresh == data else json.dumps(fresh, ensure_ascii=False)
    return clean(value, multiline=column in _MULTILINE)


# What PostgreSQL is asked to find, so that the rows do not all cross the network: any character
# `safetext` removes or turns into a line break (and, in JSON, any escape).
_FOUND = "[\x01-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def _json_columns(table: str, columns: list[str]) -> list[str]:
    return [c for c in columns if (table, c) in _JSON or (table, c) == ("change_log", "new")]


def _rows(db, table: str, columns: list[str]):
    """(id, values) of each row whose text columns may need cleaning, read once.

    SQLite is read row by row: one str.isprintable of a row's text (False for anything to clean,
    and for an ordinary newline or NBSP: those rows are checked in full) is faster there than
    asking SQLite to GLOB each column (100,000 companies: 9 s against 14 s, on a busy machine).
    PostgreSQL filters with a regular expression (its text holds no NUL)."""
    from models.backend import POSTGRES, of

    if not columns:
        return
    select = ", ".join(f'"{c}"' for c in ["id", *columns])
    json_columns = _json_columns(table, columns)
    if of(db) is POSTGRES:
        tests = [f'"{c}" ~ ?' for c in columns] + [f"strpos(\"{c}\", ?) > 0" for c in json_columns]
        params = [_FOUND] * len(columns) + ["\\"] * len(json_columns)
        cursor = db.execute_sql(f'SELECT {select} FROM "{table}" WHERE {" OR ".join(tests)} ORDER BY id',
                                params)
        for row in cursor.fetchall():
            yield row[0], dict(zip(columns, row[1:], strict=True))
        return
    for row in db.execute_sql(f'SELECT {select} FROM "{table}" ORDER BY id'):
        text = "".join([v for v in row[1:] if v.__class__ is str])
        if not text.isprintable() or (json_columns and "\\" in text):
            yield row[0], dict(zip(columns, row[1:], strict=True))


def up(migrator, db):
    from models.safetext import printable
    from models.textnorm import sort_key

    stamp = datetime.now().replace(microsecond=0).isoformat(sep=" ")
    log: list[tuple] = []
    for table in _HISTORY + _REGISTER:
        columns = _text_columns(db, table)
        history = table in _HISTORY
        updates: list[tuple[dict, int]] = []
        for row_id, values in _rows(db, table, columns):
            action = values.get("action") if table == "change_log" else None
            diff = {c: _cleaned(table, c, v, action) for c, v in values.items() if isinstance(v, str)}
            diff = {c: v for c, v in diff.items() if v != values[c]}
            if not diff:
                continue
            updates.append((diff, row_id))
            if not history:
                log.extend((stamp, USER, table, row_id, "update", c, printable(values[c]), v)
                           for c, v in diff.items())
        for diff, row_id in updates:
            sets = dict(diff)
            if table == "company" and "short_name" in diff:
                sets["sort_name"] = sort_key(diff["short_name"])
            assignments = ", ".join(f'"{c}" = ?' for c in sets)
            if not history:
                assignments += ", version = version + 1, updated_at = ?"
            params = [*sets.values(), *([] if history else [stamp]), row_id]
            db.execute_sql(f'UPDATE "{table}" SET {assignments} WHERE id = ?', params)
    if log:
        db.cursor().executemany(
            'INSERT INTO change_log (at, "user", "table", row_id, action, field, old, new) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", log)


def down(migrator, db):
    """Nothing to undo: the cleaned bytes were never meant to be stored (the backup taken before
    the migration holds them)."""
