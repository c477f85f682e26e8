"""The one write path: create, update, archive and restore records with optimistic locking, the
change log and the search index, all in the caller's transaction (or one of its own).

Every module that changes the register goes through here, so nobody can forget the log.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from models import search
from models.db import database
from models.entities import (
    ChangeLog,
    Company,
    Contact,
    ImportBatch,
    Interest,
    Versioned,
)
from models.errors import ConflictError, ValidationError
from models.textnorm import sort_key
from models.validation import clean_company, clean_generic, required_message

USER_ENV = "PALATA_USER"


def current_user() -> str:
    """The OS login of the person at the keyboard (the SSH login on the server)."""
    override = os.environ.get(USER_ENV)
    if override:
        return override
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


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


def clean(model: type[Versioned], values: Mapping[str, Any], row_id: int | None) -> dict[str, Any]:
    """Validated values ready to store; for a new record (row_id None) with defaults filled in."""
    cleaned = clean_company(values, row_id) if model is Company else clean_generic(model, values)
    if model is Company and "short_name" in cleaned:
        cleaned["sort_name"] = sort_key(cleaned["short_name"])
    if row_id is None:
        for name, f in model._meta.fields.items():
            if cleaned.get(name) is None and f.default is not None and name not in _STAMPS:
                cleaned[name] = f.default() if callable(f.default) else f.default
        missing = [n for n, f in model._meta.fields.items()
                   if not f.null and f.default is None and n not in _STAMPS and cleaned.get(n) is None]
        if missing:
            raise ValidationError({n: required_message(n) for n in missing})
    return cleaned


_STAMPS = ("id", "version", "created_at", "updated_at")


def _log(rows: list[dict[str, Any]]) -> None:
    if rows:
        ChangeLog.insert_many(rows).execute()


def _insert(model: type[Versioned], rows: list[dict[str, Any]], user: str,
            batch: ImportBatch | int | None) -> list[int]:
    """Insert cleaned rows one statement each (for their ids) and log one create entry per row,
    holding the values as JSON so a record's first state is never lost."""
    stamp = now()
    table = model._meta.table_name
    columns = [_column(model, k) for k in rows[0]] + ["version", "created_at", "updated_at"] if rows else []
    sql = (f'INSERT INTO "{table}" ({", ".join(columns)}) '
           f'VALUES ({", ".join("?" * len(columns))})')
    cursor = database.cursor()
    ids, entries = [], []
    batch_id = batch.id if isinstance(batch, ImportBatch) else batch
    for row in rows:
        cursor.execute(sql, [_db_value(model, k, v) for k, v in row.items()] + [1, stamp, stamp])
        ids.append(cursor.lastrowid)
        snapshot = {k: as_text(v) for k, v in row.items() if v not in (None, "") and k != "sort_name"}
        entries.append((stamp, user, table, cursor.lastrowid, "create",
                        json.dumps(snapshot, ensure_ascii=False), batch_id))
    cursor.executemany(
        'INSERT INTO change_log (at, user, "table", row_id, action, new, batch_id) '
        "VALUES (?, ?, ?, ?, ?, ?, ?)", entries)
    return ids


def _column(model: type[Versioned], key: str) -> str:
    return f'"{model._meta.fields[key].column_name}"'


def _db_value(model: type[Versioned], key: str, value: Any) -> Any:
    return model._meta.fields[key].db_value(value)


def create(model: type[Versioned], values: Mapping[str, Any], *, batch: ImportBatch | int | None = None,
           user: str | None = None) -> int:
    """Insert one record and log it; returns its id. Raises ValidationError."""
    with database.atomic():
        data = clean(model, values, None)
        [row_id] = _insert(model, [data], user or current_user(), batch)
        company_id = _company_of(model, model.get_by_id(row_id))
        if company_id:
            search.reindex([company_id])
    return row_id


def bulk_create(model: type[Versioned], rows: Iterable[Mapping[str, Any]], *,
                batch: ImportBatch | int | None = None, user: str | None = None,
                reindex: bool = True) -> list[int]:
    """Insert many records of one kind in the caller's transaction, validated and logged like
    `create`, without a round of ORM objects per row. All rows must have the same keys."""
    cleaned = [clean(model, r, None) for r in rows]
    if not cleaned:
        return []
    with database.atomic():
        ids = _insert(model, cleaned, user or current_user(), batch)
        if reindex:
            if model is Company:
                search.reindex(ids)
            elif model in (Contact, Interest):
                search.reindex({r["company"] for r in cleaned})
    return ids


def update(model: type[Versioned], row_id: int, expected_version: int, changes: Mapping[str, Any], *,
           batch: ImportBatch | int | None = None, user: str | None = None) -> int:
    """Change the fields in `changes` of a record read at `expected_version`.

    Only fields whose value really differs are written and logged. Returns the new version (the
    same one when nothing differed). Raises ConflictError when a colleague saved the record since
    it was read, ValidationError for bad values.
    """
    user = user or current_user()
    with database.atomic():
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
        if count != 1:  # only reachable if something wrote outside BEGIN IMMEDIATE
            raise ConflictError(model._meta.table_name, row_id, {}, None)
        table = model._meta.table_name
        action = _action_of(diff)
        _log([
            dict(at=stamp, user=user, table=table, row_id=row_id, action=action, field=k,
                 old=as_text(getattr(row, _attr(model, k))), new=as_text(v), batch=batch)
            for k, v in diff.items() if k != "sort_name"
        ])
        company_id = _company_of(model, row)
        if company_id:
            search.reindex([company_id])
        return expected_version + 1


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


def history(table: str, row_id: int) -> list[ChangeLog]:
    """The change log of one record, oldest first."""
    return list(ChangeLog.select()
                .where((ChangeLog.table == table) & (ChangeLog.row_id == row_id))
                .order_by(ChangeLog.id))


def reindex_all(company_ids: Iterable[int] | None = None) -> int:
    """Rebuild the search index (for the given companies, or all)."""
    return search.reindex(company_ids) if company_ids is not None else search.rebuild()


__all__ = ["create", "update", "archive", "restore", "history", "current_user", "ValidationError"]
