"""The one write path: create, update, archive and restore records with optimistic locking, the
change log and the search index, all in the caller's transaction (or one of its own).

Every module that changes the register goes through here, so nobody can forget the log.
"""

from __future__ import annotations

import json
import os
import pwd
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import peewee as pw

from models import backend, search
from models.db import bounded, database
from models.entities import (
    ChangeLog,
    Company,
    Contact,
    ImportBatch,
    Interest,
    Versioned,
)
from models.errors import ConflictError, PalataError, Problem, ValidationError
from models.textnorm import sort_key
from models.validation import clean_company, clean_generic, field_name, required_message

_user: dict[str, str] = {}


def current_user() -> str:
    """Who is writing, as the change log records it. On SQLite the OS account that runs the
    process (the SSH login on the server), read from the system and never from the environment:
    no variable can make a change look like a colleague's. On PostgreSQL the database role of the
    session (`session_user`), which the server itself writes into the log (migration 0008)."""
    if "test" in _user:
        return _user["test"]
    if backend.current() is backend.POSTGRES:
        db = database.obj
        if getattr(db, "palata_session_user", None) is None:
            db.palata_session_user = db.execute_sql("SELECT session_user").fetchone()[0]
        return db.palata_session_user
    return os_user()


def os_user() -> str:
    """The login of the process's effective user id."""
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:  # an account with no passwd entry (a container): its number
        return str(os.geteuid())


def set_user(name: str | None) -> None:
    """Record `name` instead of the OS account in this process (None: the OS account again): for
    tests, and for a browser session once its login was handed over by `palata web` and judged
    (tui/web/handover.py). There is deliberately no variable or option that does this."""
    if name is None:
        _user.pop("test", None)
    else:
        _user["test"] = name


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def as_text(value: Any) -> str | None:
    """How a value is written into the change log."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _company_of(model: type[Versioned], row: Any) -> int | None:
    if model is Company:
        return row.id
    if model in (Contact, Interest):
        return row.company_id
    return None


def _companies_of(model: type[Versioned], before: int | None, diff: Mapping[str, Any]) -> list[int]:
    """The companies whose search documents a change touches: the record's company, and for a
    contact or an interest moved to another company, that one too (it is found there now)."""
    moved_to = diff.get("company") if model in (Contact, Interest) else None
    moved_to = getattr(moved_to, "id", moved_to)
    return sorted({c for c in (before, moved_to) if c})


def clean(model: type[Versioned], values: Mapping[str, Any], row_id: int | None, *,
          check_unique: bool = True) -> dict[str, Any]:
    """Validated values ready to store; for a new record (row_id None) with defaults filled in.
    `check_unique` False leaves the INN's uniqueness to the caller (one query for many rows)."""
    cleaned = clean_company(values, row_id, check_unique=check_unique) if model is Company \
        else clean_generic(model, values)
    if model is Company and "short_name" in cleaned:
        cleaned["sort_name"] = sort_key(cleaned["short_name"])
    if row_id is None:
        defaults, required = _new_record_rules(model)
        for name, default in defaults:
            if cleaned.get(name) is None:
                cleaned[name] = default() if callable(default) else default
        missing = [n for n in required if cleaned.get(n) is None]
        if missing:
            raise ValidationError({n: required_message(n) for n in missing})
    return cleaned


_STAMPS = ("id", "version", "created_at", "updated_at")
_RULES: dict[type, tuple[list[tuple[str, Any]], list[str]]] = {}


def _new_record_rules(model: type[Versioned]) -> tuple[list[tuple[str, Any]], list[str]]:
    """(fields with a default, required fields) of a new record, worked out once per model."""
    rules = _RULES.get(model)
    if rules is None:
        fields = model._meta.fields
        rules = _RULES[model] = (
            [(n, f.default) for n, f in fields.items() if f.default is not None and n not in _STAMPS],
            [n for n, f in fields.items() if not f.null and f.default is None and n not in _STAMPS])
    return rules


def _log(rows: list[dict[str, Any]]) -> None:
    if rows:
        ChangeLog.insert_many(rows).execute()


def _insert(model: type[Versioned], rows: Sequence[Mapping[str, Any]], user: str,
            batch: ImportBatch | int | None) -> list[int]:
    """Insert cleaned rows in one `executemany` through the cursor and log one create entry per
    row, holding the values as JSON so a record's first state is never lost.

    The ids are given explicitly, known without a statement per row (`models.backend`
    `allocate_ids`: on SQLite max(id)+1 onwards, what SQLite would choose itself, under the
    caller's write lock; on PostgreSQL from the table's sequence). A writer outside the
    transaction would fail on the primary key, never mix rows up."""
    if not rows:
        return []
    stamp = as_text(now())  # as the driver would write it, without adapting it per row
    table = model._meta.table_name
    keys = list(rows[0])
    fields = [model._meta.fields[k] for k in keys]
    columns = ['"id"'] + [f'"{f.column_name}"' for f in fields] + ["version", "created_at", "updated_at"]
    sql = (f'INSERT INTO "{table}" ({", ".join(columns)}) '
           f'VALUES ({", ".join("?" * len(columns))})')
    ids = backend.current().allocate_ids(database, table, len(rows))
    plain = [isinstance(f, _TEXT_FIELDS) for f in fields]
    convert = [f.db_value for f in fields]
    batch_id = batch.id if isinstance(batch, ImportBatch) else batch
    values, entries = [], []
    dumps = json.dumps
    for row_id, row in zip(ids, rows, strict=True):
        cells = [row[k] for k in keys]
        # text fields take text as it is: their db_value would only return it again
        values.append([row_id, *[c if c is None or (p and type(c) is str) else f(c)
                                 for c, p, f in zip(cells, plain, convert, strict=True)], 1, stamp, stamp])
        snapshot = {k: v if type(v) is str else as_text(v) for k, v in zip(keys, cells, strict=True)
                    if v is not None and v != "" and k != "sort_name"}
        entries.append((stamp, user, table, row_id, "create", dumps(snapshot, ensure_ascii=False), batch_id))
    database.cursor().executemany(sql, values)
    _log_rows(entries)
    return ids


_TEXT_FIELDS = (pw.TextField, pw.CharField)


def _log_rows(entries: list[tuple]) -> None:
    """Change-log rows (at, user, table, row_id, action, new, batch_id) or, with nine items,
    (at, user, table, row_id, action, field, old, new, batch_id), in one statement each kind."""
    if not entries:
        return
    if len(entries[0]) == 7:
        sql = ('INSERT INTO change_log (at, "user", "table", row_id, action, new, batch_id) '
               "VALUES (?, ?, ?, ?, ?, ?, ?)")
    else:
        sql = ('INSERT INTO change_log (at, "user", "table", row_id, action, field, old, new, batch_id) '
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
    database.cursor().executemany(sql, entries)


def _column(model: type[Versioned], key: str) -> str:
    return f'"{model._meta.fields[key].column_name}"'


def _db_value(model: type[Versioned], key: str, value: Any) -> Any:
    return model._meta.fields[key].db_value(value)


def create(model: type[Versioned], values: Mapping[str, Any], *, batch: ImportBatch | int | None = None,
           user: str | None = None) -> int:
    """Insert one record and log it; returns its id. Raises ValidationError."""
    with bounded(), _parent_gone(model), database.atomic():
        data = clean(model, values, None)
        [row_id] = _insert(model, [data], user or current_user(), batch)
        company_id = _company_of(model, model.get_by_id(row_id))
        if company_id:
            # a new company is this transaction's alone: its index row needs no lock
            search.reindex([company_id], locked=model is Company)
    return row_id


def bulk_create(model: type[Versioned], rows: Iterable[Mapping[str, Any]], *,
                batch: ImportBatch | int | None = None, user: str | None = None,
                reindex: bool = True, cleaned: bool = False) -> list[int]:
    """Insert many records of one kind in the caller's transaction, validated and logged like
    `create`, without a round of ORM objects per row. All rows must have the same keys.

    With `cleaned`, the rows are already what `clean(model, row, None)` answered (a planner that
    validated them before) and are not cleaned twice."""
    if cleaned:
        rows = list(rows)
    else:
        # the INNs are checked against the register in one query per chunk, not one per row
        rows = [clean(model, r, None, check_unique=False) for r in rows]
        if model is Company:
            for start in range(0, len(rows), _CHUNK):
                _check_unique_inns([(0, r) for r in rows[start:start + _CHUNK]])
    if not rows:
        return []
    with bounded(), _parent_gone(model), database.atomic():
        ids = _insert(model, rows, user or current_user(), batch)
        if reindex:
            if model is Company:
                search.reindex(ids, locked=True)  # new rows: this transaction's alone
            elif model in (Contact, Interest):
                search.reindex({r["company"] for r in rows})
    return ids


def update(model: type[Versioned], row_id: int, expected_version: int, changes: Mapping[str, Any], *,
           batch: ImportBatch | int | None = None, user: str | None = None, reindex: bool = True) -> int:
    """Change the fields in `changes` of a record read at `expected_version`.

    Only fields whose value really differs are written and logged. Returns the new version (the
    same one when nothing differed). Raises ConflictError when a colleague saved the record since
    it was read, ValidationError for bad values. With `reindex` False the caller brings the
    search index up to date itself (once for many updates, in the same transaction).
    """
    user = user or current_user()
    with bounded(), _parent_gone(model), database.atomic():
        row = model.get_or_none(model.id == row_id)
        if row is None or (getattr(row, "archived_at", None) and "archived_at" not in changes):
            raise ConflictError(model._meta.table_name, row_id, {}, None)
        if row.version != expected_version:
            raise ConflictError(model._meta.table_name, row_id,
                                {k: getattr(row, k, None) for k in changes}, row.version)
        data = clean(model, changes, row_id)
        diff = {k: v for k, v in data.items() if getattr(row, _attr(model, k)) != v}
        if not diff:
            return row.version
        stamp = now()
        count = (model.update(**diff, version=model.version + 1, updated_at=stamp)
                 .where((model.id == row_id) & (model.version == expected_version))
                 .execute())
        if count != 1:
            # PostgreSQL: a colleague's save committed between the read and this UPDATE (which
            # waited for it, then found another version). SQLite: only if something wrote
            # outside BEGIN IMMEDIATE.
            raise _conflict(model, row_id, changes)
        table = model._meta.table_name
        action = _action_of(diff)
        _log([
            dict(at=stamp, user=user, table=table, row_id=row_id, action=action, field=k,
                 old=as_text(getattr(row, _attr(model, k))), new=as_text(v), batch=batch)
            for k, v in diff.items() if k != "sort_name"
        ])
        companies = _companies_of(model, _company_of(model, row), diff)
        if companies and reindex:
            # A company's own UPDATE holds its row already (a lock at least as strong as the one
            # `search.reindex` takes); a contact's or an interest's does not hold its company.
            search.reindex(companies, locked=model is Company)
        return expected_version + 1


@dataclass
class BulkUpdate:
    """What `bulk_update` did: the new version of each record it changed, and the companies
    whose search index rows those changes touch."""

    versions: dict[int, int] = field(default_factory=dict)
    companies: set[int] = field(default_factory=set)
    # records given without an expected version that no longer exist (left alone)
    missing: set[int] = field(default_factory=set)


_CHUNK = 500


def read_rows(model: type[Versioned], ids: Iterable[int],
              names: Iterable[str] | None = None) -> dict[int, dict[str, Any]]:
    """The current records `ids` as {id: {field name: python value}}, read through the cursor in
    chunks (a foreign key holds the related id), without a model instance per row; only the
    fields `names` (and the id) when given."""
    ids = list(ids)
    table = model._meta.table_name
    by_column = model._meta.columns
    if names is None:
        columns = "*"
    else:
        fields = model._meta.fields
        columns = ", ".join(f'"{fields[n].column_name}"' for n in dict.fromkeys(["id", *names]))
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        cursor = database.execute_sql(
            f'SELECT {columns} FROM "{table}" WHERE id IN ({",".join("?" * len(chunk))})', chunk)
        fields = [by_column.get(d[0]) for d in cursor.description]
        names = [f.name if f is not None else d[0] for f, d in zip(fields, cursor.description, strict=True)]
        convert = [None if f is None or isinstance(f, _TEXT_FIELDS) else f.python_value for f in fields]
        for raw in cursor:
            row = {n: (v if c is None or v is None else c(v))
                   for n, c, v in zip(names, convert, raw, strict=True)}
            out[row["id"]] = row
    return out


def bulk_update(model: type[Versioned], items: Iterable[tuple[int, int | None, Mapping[str, Any]]], *,
                batch: ImportBatch | int | None = None, user: str | None = None,
                reindex: bool = True) -> BulkUpdate:
    """Many `update`s of one kind in the caller's transaction: for each (id, expected version,
    changes) the same checks, the same values written and the same change-log entries as
    `update`, with the rows read, written and logged in a few statements instead of a few per
    row. The INNs the changes set are checked against the register in one query per chunk.
    Raises ConflictError or ValidationError like `update` (the caller's transaction rolls back).

    An expected version of None: the caller holds the record locked and changes it as it is now
    (an undo putting back old values); such a record deleted since is left alone and named in
    `missing`, instead of being read once more only for its version.
    """
    user = user or current_user()
    items = list(items)
    table = model._meta.table_name
    result = BulkUpdate()
    with bounded(), _parent_gone(model), database.atomic():
        for start in range(0, len(items), _CHUNK):
            chunk = items[start:start + _CHUNK]
            current = read_rows(model, [i[0] for i in chunk], _needed(model, chunk))
            cleaned: list[tuple[int, int, dict[str, Any], dict[str, Any]]] = []
            for row_id, expected, changes in chunk:
                row = current.get(row_id)
                if expected is None:
                    if row is None:
                        result.missing.add(row_id)
                        continue
                    expected = row["version"]
                if row is None or (row.get("archived_at") and "archived_at" not in changes):
                    raise ConflictError(table, row_id, {}, None)
                if row["version"] != expected:
                    raise ConflictError(table, row_id, {k: row.get(k) for k in changes}, row["version"])
                data = clean(model, changes, row_id, check_unique=False)
                diff = {k: v for k, v in data.items() if row[k] != v}
                if diff:
                    cleaned.append((row_id, expected, row, diff))
            if model is Company:
                _check_unique_inns([(row_id, diff) for row_id, _, _, diff in cleaned])
            _write_updates(model, cleaned, batch, user, result)
        if reindex and result.companies:
            search.reindex(result.companies, locked=model is Company)  # as in `update`
    return result


def _needed(model: type[Versioned], items: list[tuple[int, int | None, Mapping[str, Any]]]) -> list[str]:
    """The fields `bulk_update` reads to check and log these changes: the version, the archive
    mark, the company (for the search index) and the fields changed (with the sort name a new
    name changes)."""
    fields = model._meta.fields
    names: list[str | None] = ["version", *(n for n in ("archived_at", "company") if n in fields)]
    for _, _, changes in items:
        names.extend(field_name(model, key) for key in changes)
    if model is Company and "short_name" in names:
        names.append("sort_name")
    return [n for n in dict.fromkeys(names) if n is not None]


def _check_unique_inns(changed: list[tuple[int, Mapping[str, Any]]]) -> None:
    wanted = {diff["inn"]: row_id for row_id, diff in changed if diff.get("inn")}
    if not wanted:
        return
    inns = list(wanted)
    marks = ",".join("?" * len(inns))
    for inn, other, name in database.execute_sql(
            f"SELECT inn, id, short_name FROM company WHERE inn IN ({marks})", inns):
        if other != wanted[inn]:
            raise ValidationError({"inn": Problem("err.inn_taken", {"inn": inn, "name": name})})


def _write_updates(model: type[Versioned], cleaned: list, batch: ImportBatch | int | None, user: str,
                   result: BulkUpdate) -> None:
    stamp = now()
    table = model._meta.table_name
    fields = model._meta.fields
    batch_id = batch.id if isinstance(batch, ImportBatch) else batch
    groups: dict[tuple[str, ...], list[list[Any]]] = {}
    entries: list[tuple[Any, ...]] = []
    for row_id, expected, row, diff in cleaned:
        keys = tuple(diff)
        groups.setdefault(keys, []).append(
            [fields[k].db_value(diff[k]) for k in keys] + [stamp, row_id, expected])
        action = _action_of(diff)
        entries.extend((stamp, user, table, row_id, action, k, as_text(row[k]), as_text(v), batch_id)
                       for k, v in diff.items() if k != "sort_name")
        result.versions[row_id] = expected + 1
        before = row_id if model is Company else row.get("company") if model in (Contact, Interest) else None
        result.companies.update(_companies_of(model, before, diff))
    for keys, params in groups.items():
        columns = [fields[k].column_name for k in keys]
        if backend.current().update_versioned(database, table, columns, params) != len(params):
            # a colleague's save committed since the read (PostgreSQL; see `update`): which row?
            versions = dict(database.execute_sql(
                f'SELECT id, version FROM "{table}" WHERE id IN ({",".join("?" * len(params))})',
                [p[-2] for p in params]))
            stale = next((p[-2] for p in params if versions.get(p[-2]) != p[-1] + 1), params[0][-2])
            raise _conflict(model, stale, dict.fromkeys(keys))
    _log_rows(entries)


def bulk_delete(model: type[Versioned], ids: Iterable[int], *, batch: ImportBatch | int | None = None,
                user: str | None = None, reindex: bool = True) -> list[int]:
    """Delete records of one kind in the caller's transaction, each logged with its last state
    (like undoing an import does); returns the ids deleted (those that still existed), in order."""
    user = user or current_user()
    ids = list(ids)
    table = model._meta.table_name
    batch_id = batch.id if isinstance(batch, ImportBatch) else batch
    stamp = now()
    done: list[int] = []
    companies: set[int] = set()
    with bounded(), _parent_gone(model), database.atomic():
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            rows = read_rows(model, chunk)
            present = [i for i in chunk if i in rows]
            if not present:
                continue
            entries = []
            for row_id in present:
                row = rows[row_id]
                snapshot = {k: as_text(v) for k, v in row.items()
                            if v is not None and v != "" and k not in ("id", "sort_name")}
                entries.append((stamp, user, table, row_id, "delete", None,
                                json.dumps(snapshot, ensure_ascii=False, default=str), None, batch_id))
                if model in (Contact, Interest):
                    companies.add(row["company"])
            database.execute_sql(
                f'DELETE FROM "{table}" WHERE id IN ({",".join("?" * len(present))})', present)
            _log_rows(entries)
            done.extend(present)
        if reindex:
            if model is Company:
                search.reindex(done)
            elif companies:
                search.reindex(companies)
    return done


def _conflict(model: type[Versioned], row_id: int, changes: Mapping[str, Any]) -> ConflictError:
    """The ConflictError for a record a colleague changed (or deleted) since it was read, with
    their values of the fields `changes` names, read now (after their commit)."""
    row = model.get_or_none(model.id == row_id)
    if row is None or (getattr(row, "archived_at", None) and "archived_at" not in changes):
        return ConflictError(model._meta.table_name, row_id, {}, None)
    return ConflictError(model._meta.table_name, row_id,
                         {k: getattr(row, k, None) for k in changes if k in model._meta.fields}, row.version)


@contextmanager
def _parent_gone(model: type[Versioned]) -> Iterator[None]:
    """A record hung on a company (or mission…) a colleague deleted a moment ago (an import
    undone): the foreign key refuses it; that is a conflict with the colleague, said as one."""
    try:
        yield
    except (pw.IntegrityError, sqlite3.IntegrityError) as exc:  # the raw cursor raises sqlite3's
        if "foreign key" not in str(exc).lower():
            raise
        raise ConflictError(model._meta.table_name, 0, {}, None) from None


def _attr(model: type[Versioned], key: str) -> str:
    # Foreign keys are compared by id: `company_id`, not the related object.
    f = model._meta.fields.get(key)
    if f is not None and hasattr(f, "rel_model"):
        return f.name + "_id"
    return key


def _action_of(diff: Mapping[str, Any]) -> str:
    if set(diff) == {"archived_at"}:
        return "archive" if diff["archived_at"] else "restore"
    return "update"


def archive(model: type[Versioned], row_id: int, expected_version: int, *, user: str | None = None) -> int:
    """Move a record to the archive (it stays, with its history, and can be restored)."""
    return update(model, row_id, expected_version, {"archived_at": now()}, user=user)


def restore(model: type[Versioned], row_id: int, expected_version: int, *, user: str | None = None) -> int:
    """Bring an archived record back."""
    return update(model, row_id, expected_version, {"archived_at": None}, user=user)


def locked_undoable(model: type[pw.Model], row_id: int, refused: type[PalataError], *,
                    unknown: str, undone: str) -> Any:
    """The row of what is being undone (a merge, an import batch), locked first: two undos of
    the same take turns and the second finds it undone. `refused(unknown | undone, …)` when
    there is no such row or it was undone already."""
    table = model._meta.table_name
    database.execute_sql(f"SELECT id FROM {table} WHERE id = ?{backend.current().for_update}",
                         (row_id,)).fetchall()
    row: Any = model.get_or_none(model._meta.primary_key == row_id)  # a Merge or an ImportBatch
    if row is None:
        raise refused(unknown, id=row_id)
    if row.undone_at is not None:
        raise refused(undone, id=row_id, when=row.undone_at.strftime("%d.%m.%Y %H:%M"))
    return row


def history(table: str, row_id: int) -> list[ChangeLog]:
    """The change log of one record, oldest first."""
    return list(ChangeLog.select()
                .where((ChangeLog.table == table) & (ChangeLog.row_id == row_id))
                .order_by(ChangeLog.id))


def reindex_all(company_ids: Iterable[int] | None = None) -> int:
    """Rebuild the search index (for the given companies, or all)."""
    return search.reindex(company_ids) if company_ids is not None else search.rebuild()


__all__ = ["create", "update", "archive", "restore", "history", "current_user", "set_user", "ValidationError"]
