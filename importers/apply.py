"""Running an import: read, plan, and write the plan in one transaction with one ImportBatch —
or, for a dry run, only plan. Undoing an import puts back exactly what the batch changed.

Every write goes through `models.store` with the batch, so the change log holds, for each batch,
the rows it created and the old and new value of each field it changed: that is what undo reads.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import peewee as pw

from importers.errors import ImportFailure, UndoRefused
from importers.headers import choose_sheet, parse_mapping
from importers.plan import DuplicateWarning, MergeWarning, Plan, Rejection, fill_cells, make_plan
from importers.read import open_workbook, sheet_rows
from importers.register import file_checksum
from models import backend, search, store
from models.db import database
from models.entities import EDITABLE, ChangeLog, Company, Contact, ImportBatch
from models.errors import ConflictError, ValidationError

Progress = Callable[[str, int, int], None]
_CHUNK = 1000


@dataclass
class ImportResult:
    file_name: str
    sheet: str
    counts: dict[str, int]
    rejections: list[Rejection]
    columns: list[str]
    batch_id: int | None = None
    dry_run: bool = False
    headers: list[tuple[str, str]] = field(default_factory=list)
    # values of duplicate rows that disagreed with the first row and were dropped
    warnings: list[MergeWarning] = field(default_factory=list)
    # new companies that probably exist in the register under other details
    duplicates: list[DuplicateWarning] = field(default_factory=list)


def plan_file(path: Path, *, sheet: str | None = None, mapping: Iterable[str] | Mapping[str, str] = (),
              progress: Progress | None = None) -> Plan:
    """Read `path` and plan its import against the register. Writes nothing."""
    path = Path(path)
    mapping = dict(mapping) if isinstance(mapping, Mapping) else parse_mapping(mapping)
    workbook = open_workbook(path)
    try:
        data = choose_sheet(workbook, sheet, mapping)
        damaged = ImportFailure(f"Файл {path.name} повреждён: лист «{data.name}» не удалось дочитать.")
        # calamine streams the sheet: damage deep inside shows up only while reading rows. Only
        # errors of reading are the file's fault; any other error is a bug and stays one.
        data.rows = _reading(data.rows, damaged)
        plan = make_plan(data, progress=progress)
        fill_cells(plan, _reading(sheet_rows(workbook, plan.sheet), damaged))
    finally:
        try:
            workbook.close()
        except Exception:  # already closed or not closable: nothing to release
            pass
    plan.rejections.sort(key=lambda r: r.row)
    return plan


def _reading(rows: Iterable, failure: ImportFailure) -> Iterator:
    """`rows`, with any error raised while reading the next one turned into `failure`."""
    it = iter(rows)
    while True:
        try:
            row = next(it)
        except StopIteration:
            return
        except ImportFailure:
            raise
        except Exception:
            raise failure from None
        yield row


def import_file(path: Path, *, sheet: str | None = None, mapping: Iterable[str] | Mapping[str, str] = (),
                dry_run: bool = False, progress: Progress | None = None,
                user: str | None = None) -> ImportResult:
    """Import the companies of a workbook: one transaction, one ImportBatch (none for a dry run).

    Raises ImportFailure when the file cannot be read at all; rows that cannot be imported are
    returned as rejections, never raised.
    """
    path = Path(path)
    plan = plan_file(path, sheet=sheet, mapping=mapping, progress=progress)
    from importers.headers import describe

    result = ImportResult(path.name, plan.sheet, plan.counts, plan.rejections, plan.header.titles,
                          dry_run=dry_run, headers=describe(plan.header), warnings=plan.warnings,
                          duplicates=plan.duplicates)
    if not dry_run:
        result.batch_id = apply_plan(plan, path, user=user or store.current_user(), progress=progress)
    return result


# After an import this large, PostgreSQL's planner is told the tables' new sizes at once.
ANALYZE_AFTER = 5_000
_IMPORTED_TABLES = ("company", "contact", "change_log", "search_index")


def apply_plan(plan: Plan, path: Path, *, user: str, progress: Progress | None = None) -> int:
    """Write `plan` in one transaction; returns the ImportBatch id.

    Everything goes through the store's bulk paths (rows, change log and all, a few statements
    per chunk); the search index is brought up to date once, at the end, inside the same
    transaction, for every company created or touched."""
    report = progress or (lambda stage, done, total: None)
    checksum = file_checksum(path)
    total = len(plan.creates) + len(plan.updates) + len(plan.contacts) + len(plan.contact_updates)
    done = 0
    try:
        with database.atomic():
            counts = plan.counts
            batch = ImportBatch.create(file_name=path.name, checksum=checksum, user=user,
                                       started_at=store.now(), **counts)
            reindex: set[int] = set()
            for start in range(0, len(plan.creates), _CHUNK):
                chunk = plan.creates[start:start + _CHUNK]
                ids = store.bulk_create(Company, [i.values for i in chunk], batch=batch, user=user,
                                        reindex=False, cleaned=True)
                for item, cid in zip(chunk, ids, strict=True):
                    item.existing = cid
                reindex.update(ids)
                done += len(chunk)
                report("write", done, total)
            for start in range(0, len(plan.updates), _CHUNK):
                chunk = plan.updates[start:start + _CHUNK]
                changed = store.bulk_update(
                    Company, [(u.company_id, u.version, u.changes) for u in chunk], batch=batch,
                    user=user, reindex=False)
                reindex |= changed.companies
                done += len(chunk)
                report("write", done, total)
            contact_rows = []
            for c in plan.contacts:
                cid = c.company_id if c.company_id is not None else c.incoming.existing
                contact_rows.append({**c.values, "company": cid})
                reindex.add(cid)
            for start in range(0, len(contact_rows), _CHUNK):
                store.bulk_create(Contact, contact_rows[start:start + _CHUNK], batch=batch, user=user,
                                  reindex=False)
                done += len(contact_rows[start:start + _CHUNK])
                report("write", done, total)
            for start in range(0, len(plan.contact_updates), _CHUNK):
                chunk = plan.contact_updates[start:start + _CHUNK]
                changed = store.bulk_update(
                    Contact, [(u.contact_id, u.version, u.changes) for u in chunk], batch=batch,
                    user=user, reindex=False)
                reindex |= changed.companies
                done += len(chunk)
                report("write", done, total)
            report("index", 0, len(reindex))
            search.reindex(reindex)
            report("index", len(reindex), len(reindex))
            batch.finished_at = store.now()
            batch.save()
        if total >= ANALYZE_AFTER:
            backend.current().analyze(database, _IMPORTED_TABLES)
    except ConflictError:
        raise ImportFailure("Пока файл готовился к импорту, другой пользователь изменил те же компании; "
                            "импорт отменён, повторите его.") from None
    except (ValidationError, pw.IntegrityError) as exc:
        raise ImportFailure(f"Импорт отменён, база данных не изменена: {exc}") from None
    return batch.id


# --- history and undo ----------------------------------------------------------------------

def list_batches(limit: int = 50) -> list[ImportBatch]:
    """The latest imports, newest first."""
    return list(ImportBatch.select().order_by(ImportBatch.id.desc()).limit(limit))


def _from_text(model, name: str, text: str | None) -> Any:
    """A change-log value back in the field's own type."""
    if text is None:
        return None
    f = model._meta.fields[name]
    if isinstance(f, pw.BooleanField):
        return text in ("1", "True", "true")
    if isinstance(f, pw.DateTimeField):
        return datetime.fromisoformat(text)
    if isinstance(f, pw.DateField):
        return date.fromisoformat(text[:10])
    if isinstance(f, (pw.IntegerField, pw.ForeignKeyField)):
        return int(text)
    return text


def _label(table: str, row_id: int) -> str:
    if table == "company":
        row = Company.get_or_none(Company.id == row_id)
        return f"компания «{row.short_name}»" if row else f"компания №{row_id}"
    if table == "contact":
        row = Contact.get_or_none(Contact.id == row_id)
        return f"контакт «{row.name}»" if row else f"контакт №{row_id}"
    return f"{table} №{row_id}"


def _refuse(batch_id: int, entry: ChangeLog, why: str) -> UndoRefused:
    when = entry.at.strftime("%d.%m.%Y %H:%M") if isinstance(entry.at, datetime) else str(entry.at)
    return UndoRefused(f"Импорт №{batch_id} нельзя отменить: {_label(entry.table, entry.row_id)} "
                       f"{why} ({entry.user}, {when}); сначала отмените или исправьте это изменение.")


def _later_entries(batch: ImportBatch, rows: set[tuple[str, int]], after: int) -> list[ChangeLog]:
    undone = ImportBatch.select(ImportBatch.id).where(ImportBatch.undone_at.is_null(False))
    out: list[ChangeLog] = []
    by_table: dict[str, list[int]] = {}
    for table, row_id in rows:
        by_table.setdefault(table, []).append(row_id)
    for table, ids in by_table.items():
        for start in range(0, len(ids), 500):
            out.extend(ChangeLog.select().where(
                (ChangeLog.table == table) & ChangeLog.row_id.in_(ids[start:start + 500])
                & (ChangeLog.id > after)
                & (ChangeLog.batch.is_null() | ChangeLog.batch.not_in(undone))
                & ((ChangeLog.batch != batch.id) | ChangeLog.batch.is_null())))
    return sorted(out, key=lambda e: e.id)


_CHILDREN = ("contact", "interest", "activity", "participation", "meeting_party", "agreement_party")


def undo_import(batch_id: int, *, user: str | None = None) -> dict[str, int]:
    """Put back the state before batch `batch_id`: the rows it created are deleted, the fields it
    changed get their old values; all logged, the batch marked undone. Raises UndoRefused when
    the batch is unknown or undone, or when a later change touched the same rows or fields."""
    user = user or store.current_user()
    with database.atomic():
        batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
        if batch is None:
            raise UndoRefused(f"Импорта №{batch_id} нет в истории (список: palata imports).")
        if batch.undone_at is not None:
            when = batch.undone_at.strftime("%d.%m.%Y %H:%M")
            raise UndoRefused(f"Импорт №{batch_id} уже отменён {when}.")
        entries = list(ChangeLog.select(ChangeLog.id, ChangeLog.table, ChangeLog.row_id, ChangeLog.action,
                                        ChangeLog.field, ChangeLog.old, ChangeLog.new)
                       .where(ChangeLog.batch == batch.id).order_by(ChangeLog.id).namedtuples())
        created: dict[tuple[str, int], ChangeLog] = {}
        changed: dict[tuple[str, int, str], ChangeLog] = {}
        for e in entries:
            if e.action == "create":
                created[(e.table, e.row_id)] = e
            elif e.action == "update" and e.field:
                changed.setdefault((e.table, e.row_id, e.field), e)  # the first holds the old value
        if entries:
            first = entries[0].id
            touched = set(created) | {(t, r) for t, r, _ in changed}
            for later in _later_entries(batch, touched, first):
                if (later.table, later.row_id) in created:
                    raise _refuse(batch_id, later, "изменена после импорта")
                if (later.table, later.row_id, later.field) in changed or later.action != "update":
                    what = f"поле «{later.field}»" if later.field else "запись"
                    raise _refuse(batch_id, later, f"— {what} изменено после импорта")
            _check_children(batch_id, created)
        restored, reindex = _restore(batch, changed, user)
        removed = _delete_created(batch, created, user, reindex)
        batch.undone_at = store.now()
        batch.save()
    return {"removed": removed, "restored": restored}


def _restore(batch: ImportBatch, changed: dict, user: str) -> tuple[int, set[int]]:
    """Put back the old value of every field the batch changed, a record at a time in bulk;
    returns (fields restored, companies whose index rows change)."""
    by_row: dict[str, dict[int, dict[str, Any]]] = {}
    for (table, row_id, name), e in changed.items():
        model = EDITABLE[table]
        by_row.setdefault(table, {}).setdefault(row_id, {})[name] = _from_text(model, name, e.old)
    restored = 0
    companies: set[int] = set()
    for table, rows in by_row.items():
        model = EDITABLE[table]
        current = store.read_rows(model, rows)
        items = [(row_id, current[row_id]["version"], changes) for row_id, changes in rows.items()
                 if row_id in current]
        restored += sum(len(changes) for _, _, changes in items)
        companies |= store.bulk_update(model, items, batch=batch, user=user, reindex=False).companies
    return restored, companies


def _check_children(batch_id: int, created: dict[tuple[str, int], ChangeLog]) -> None:
    """Refuse when someone hung other records on a company this import created."""
    companies = [r for t, r in created if t == "company"]
    mine = {(t, r) for t, r in created}
    for start in range(0, len(companies), 500):
        chunk = companies[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for table in _CHILDREN:
            for (row_id, company_id) in database.execute_sql(
                    f'SELECT id, company_id FROM "{table}" WHERE company_id IN ({marks})', chunk):
                if (table, row_id) not in mine:
                    row = Company.get_by_id(company_id)
                    raise UndoRefused(
                        f"Импорт №{batch_id} нельзя отменить: к созданной им компании «{row.short_name}» "
                        "после импорта добавлены другие записи (контакты, интересы, участие); "
                        "сначала удалите или перенесите их.")


def _delete_created(batch: ImportBatch, created: dict[tuple[str, int], Any], user: str,
                    reindex: set[int]) -> int:
    """Delete what the batch created, children first, each deletion logged with its last state;
    then bring the index up to date for those and for the companies in `reindex`."""
    by_table: dict[str, list[int]] = {}
    for table, row_id in sorted(created, key=lambda k: (k[0] == "company", k[1])):
        by_table.setdefault(table, []).append(row_id)
    removed = 0
    companies: list[int] = []
    for table, ids in by_table.items():
        done = store.bulk_delete(EDITABLE[table], ids, batch=batch, user=user, reindex=False)
        removed += len(done)
        if table == "company":
            companies.extend(done)
    # The contacts removed belonged to companies that stay: their index rows change too.
    contact_companies = {json.loads(created[k].new or "{}").get("company")
                         for k in created if k[0] == "contact"}
    search.reindex([int(c) for c in contact_companies if c] + companies + list(reindex))
    return removed
