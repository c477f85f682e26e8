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
from importers.plan import (
    CleanedWarning,
    DigestClash,
    DuplicateWarning,
    MergeWarning,
    Notice,
    Plan,
    Rejection,
    fill_cells,
    locked_companies,
    make_plan,
    replan_changed,
)
from importers.read import open_workbook, sheet_rows
from importers.register import file_checksum
from models import backend, import_digests, safetext, search, store
from models.db import bounded, database
from models.entities import EDITABLE, ChangeLog, Company, Contact, ImportBatch
from models.errors import ConflictError, Problem, ValidationError, record

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
    # cells that held control characters, and what was removed
    cleaned: list[CleanedWarning] = field(default_factory=list)
    # what the import decided on its own: rows skipped as totals, years, phones kept as typed…
    notices: list[Notice] = field(default_factory=list)


def plan_file(path: Path, *, sheet: str | None = None, mapping: Iterable[str] | Mapping[str, str] = (),
              progress: Progress | None = None, header_row: int | None = None) -> Plan:
    """Read `path` and plan its import against the register. Writes nothing. `header_row` is
    the header's row number as Excel shows it, when the user names it."""
    path = Path(path)
    mapping = dict(mapping) if isinstance(mapping, Mapping) else parse_mapping(mapping)
    workbook = open_workbook(path)
    try:
        data = choose_sheet(workbook, sheet, mapping, header_row)
        damaged = ImportFailure("err.import.sheet_cut", file=path.name, sheet=data.name)
        # calamine streams the sheet: damage deep inside shows up only while reading rows. Only
        # errors of reading are the file's fault; any other error is a bug and stays one.
        data.rows = _reading(data.rows, damaged)
        try:
            plan = make_plan(data, progress=progress)
        except DigestClash:  # rare: read the sheet again and plan every row the whole way
            data = choose_sheet(workbook, sheet, mapping, header_row)
            data.rows = _reading(data.rows, damaged)
            plan = make_plan(data, progress=progress, digests=False)
        fill_cells(plan, _reading(sheet_rows(workbook, plan.sheet), damaged))
    finally:
        try:
            workbook.close()
        except Exception:  # already closed or not closable: nothing to release
            pass
    plan.rejections.sort(key=lambda r: r.row)
    plan.notices[:0] = [Notice(t.sheet, 0, "far_cells", {"count": t.dropped, "example": t.example,
                                                         "block": t.block})
                        for t in getattr(workbook, "trims", ()) if t.sheet == plan.sheet]
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
                user: str | None = None, header_row: int | None = None,
                before_write: Callable[[ImportResult], None] | None = None) -> ImportResult:
    """Import the companies of a workbook: one transaction, one ImportBatch (none for a dry run).

    Raises ImportFailure when the file cannot be read at all; rows that cannot be imported are
    returned as rejections, never raised. `before_write` gets the result once the file is
    planned, before anything is written (the error report is made there: when it cannot be
    made, nothing is imported).
    """
    path = Path(path)
    plan = plan_file(path, sheet=sheet, mapping=mapping, progress=progress, header_row=header_row)
    from importers.headers import describe

    result = ImportResult(path.name, plan.sheet, plan.counts, plan.rejections, plan.header.titles,
                          dry_run=dry_run, headers=describe(plan.header), warnings=plan.warnings,
                          duplicates=plan.duplicates, notices=plan.notices,
                          cleaned=plan.cleaned)
    if before_write is not None:
        before_write(result)
    if not dry_run:
        result.batch_id = apply_plan(plan, path, user=user or store.current_user(), progress=progress)
        plan.rejections.sort(key=lambda r: r.row)  # rows planned again may have been rejected
        result.counts = plan.counts  # as written, after rows planned again
        result.rejections = plan.rejections
    return result


# After an import this large, PostgreSQL's planner is told the new sizes of the tables it took
# for smaller than the import at once.
ANALYZE_AFTER = 5_000
_IMPORTED_TABLES = ("company", "contact", "change_log", "search_index")


def apply_plan(plan: Plan, path: Path, *, user: str, progress: Progress | None = None) -> int:
    """Write `plan` in one transaction; returns the ImportBatch id.

    Everything goes through the store's bulk paths (rows, change log and all, a few statements
    per chunk); the search index is brought up to date once, at the end, inside the same
    transaction, for every company created or touched."""
    report = progress or (lambda stage, done, total: None)
    checksum = file_checksum(path)
    try:
        with bounded(), database.atomic():
            # The companies the plan reads are locked (PostgreSQL; SQLite's write lock holds
            # everything), then the rows whose company a colleague changed while the file was
            # planned are planned again: nothing can change them again before the commit.
            backend.current().lock_rows(database, "company", locked_companies(plan))
            replan_changed(plan)
            total = len(plan.creates) + len(plan.updates) + len(plan.contacts) + len(plan.contact_updates)
            done = 0
            counts = plan.counts
            batch = ImportBatch.create(file_name=safetext.clean(path.name), checksum=checksum, user=user,
                                       started_at=store.now(), **counts)
            reindex: set[int] = set()
            created: list[int] = []
            for start in range(0, len(plan.creates), _CHUNK):
                chunk = plan.creates[start:start + _CHUNK]
                ids = store.bulk_create(Company, [i.new_values() for i in chunk], batch=batch, user=user,
                                        reindex=False, cleaned=True)
                for item, cid in zip(chunk, ids, strict=True):
                    item.existing = cid
                reindex.update(ids)
                created.extend(ids)
                done += len(chunk)
                report("write", done, total)
            for start in range(0, len(plan.updates), _CHUNK):
                updates = plan.updates[start:start + _CHUNK]
                changed = store.bulk_update(
                    Company, [(u.company_id, u.version, u.changes) for u in updates], batch=batch,
                    user=user, reindex=False)
                reindex |= changed.companies
                done += len(updates)
                report("write", done, total)
            for start in range(0, len(plan.contacts), _CHUNK):
                contact_rows = []
                for c in plan.contacts[start:start + _CHUNK]:
                    # an existing company, or one this import has just created
                    owner = c.company_id
                    if owner is None and c.incoming is not None:
                        owner = c.incoming.existing
                    assert owner is not None, "every new contact has its company"
                    contact_rows.append({**c.values, "company": owner})
                    reindex.add(owner)
                store.bulk_create(Contact, contact_rows, batch=batch, user=user, reindex=False)
                done += len(contact_rows)
                report("write", done, total)
            for start in range(0, len(plan.contact_updates), _CHUNK):
                contact_updates = plan.contact_updates[start:start + _CHUNK]
                changed = store.bulk_update(
                    Contact, [(u.contact_id, u.version, u.changes) for u in contact_updates], batch=batch,
                    user=user, reindex=False)
                reindex |= changed.companies
                done += len(contact_updates)
                report("write", done, total)
            report("index", 0, len(reindex))
            # every company it touches is locked above (`locked_companies`) or new in this transaction
            search.reindex(reindex, locked=True)
            report("index", len(reindex), len(reindex))
            import_digests.remember(plan.digests(), created=created)
            batch.report = _report(plan)
            batch.finished_at = store.now()
            batch.save()
        if total >= ANALYZE_AFTER:
            backend.current().analyze(database, _IMPORTED_TABLES, grown_by=total)
    except ConflictError:  # a contact changed by a path that raises no company's version
        raise ImportFailure("err.import.changed_meanwhile") from None
    except (ValidationError, pw.IntegrityError) as exc:
        cause = exc if isinstance(exc, ValidationError) else str(exc)
        raise ImportFailure("err.import.cancelled", cause=cause) from None
    return batch.id


def _report(plan: Plan) -> str | None:
    """What the import history shows of an import besides its counts: the rejected rows (sheet,
    row, why) and the warnings, as their fields (the sentences are the interface's)."""
    from dataclasses import asdict

    if not (plan.rejections or plan.warnings or plan.duplicates or plan.cleaned or plan.notices):
        return None
    return json.dumps({
        "rejections": [{"sheet": r.sheet, "row": r.row, "reason": asdict(r.reason)} for r in plan.rejections],
        "warnings": [asdict(w) for w in plan.warnings],
        "duplicates": [asdict(d) for d in plan.duplicates],
        "cleaned": [asdict(c) for c in plan.cleaned],
        "notices": [asdict(n) for n in plan.notices],
    }, ensure_ascii=False, default=str)


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


def _label(table: str, row_id: int) -> Problem:
    if table == "company":
        company = Company.get_or_none(Company.id == row_id)
        return record(table, row_id, company.short_name if company else None)
    if table == "contact":
        contact = Contact.get_or_none(Contact.id == row_id)
        return record(table, row_id, contact.name if contact else None)
    return record(table, row_id)


def _refuse(batch_id: int, entry: ChangeLog, code: str) -> UndoRefused:
    when = entry.at.strftime("%d.%m.%Y %H:%M") if isinstance(entry.at, datetime) else str(entry.at)
    return UndoRefused(code, id=batch_id, what=_label(entry.table, entry.row_id), field=entry.field,
                       user=entry.user, when=when)


# A batch's change log is read in ranges of this many ids, each range in one statement.
_SPAN = 50_000
# The old values of a batch's changes are kept from that one reading up to this many; past it
# (an import of hundreds of thousands of rows) only compact sets of row ids are kept, and the
# values are read again a chunk of records at a time, so a batch of any size fits in memory.
_HELD = 200_000
# Rows restored per read of their log entries (the ids go in an IN list: at most 500, as
# everywhere else, for SQLite builds with a low limit on parameters). models.store works in
# chunks of 500 too: a chunk handed to it is one of its own (and one check of the INNs it sets).
_ROWS = 500
# A log entry `{l}` after the batch began that counts against undoing it: neither the batch's own
# (its id the second parameter) nor one of a batch undone since.
_OTHERS = """{l}id > ?
  AND ({l}batch_id IS NULL OR ({l}batch_id <> ? AND {l}batch_id NOT IN (
       SELECT id FROM import_batch WHERE undone_at IS NOT NULL)))"""
# The first later entry whose change undoing the batch would overwrite or lose: any entry on a
# row the batch created; on a row it changed, one on a field it changed or one that is not a
# field update.
_FIRST_LATER = f"""
SELECT min(l.id) FROM change_log b
CROSS JOIN change_log l ON l."table" = b."table" AND l.row_id = b.row_id
WHERE b.batch_id = ? AND b.id BETWEEN ? AND ?
  AND (b.action = 'create' OR (b.action = 'update' AND b.field <> ''
                               AND (l.field = b.field OR l.action <> 'update')))
  AND {_OTHERS.format(l="l.")}
"""
# Whether anything but the batch itself and batches undone since wrote to the log after the batch
# began. Most often nothing did (an import is undone soon after it was made): then no later change
# can be in the way, known without looking up each record of the batch (`_FIRST_LATER`).
_OTHERS_SINCE = f"SELECT 1 FROM change_log WHERE {_OTHERS.format(l='')} LIMIT 1"
# The changes of a batch's records, found by record: PostgreSQL has no INDEXED BY, and its
# planner, whose statistics do not know the batch yet, would read the batch's index (or the whole
# span of ids) per chunk; a unary plus leaves it no index on those two columns.
_CHANGED_BY_ROW = "+batch_id = ? AND +id BETWEEN ? AND ? AND action = 'update' AND field <> ''"


def _spans(first: int, last: int) -> Iterator[tuple[int, int]]:
    for low in range(first, last + 1, _SPAN):
        yield low, min(low + _SPAN - 1, last)


def _marks(values: list) -> str:
    return ",".join("?" * len(values))


@dataclass
class _BatchLog:
    """What undoing a batch needs of its change log entries `first`..`last`, read once."""

    first: int
    last: int
    # the rows it created, by table, each table's ids in the order they were logged
    created: dict[str, dict[int, None]] = field(default_factory=dict)
    # per table created in: its lowest row id and the entry that logged that row first
    lowest: dict[str, tuple[int, int]] = field(default_factory=dict)
    # the rows it updated (a field or otherwise), by table: the undo locks them
    updated: dict[str, set[int]] = field(default_factory=dict)
    # the fields it changed: tables and rows in the order it first changed them, each row with
    # (field, value before the batch, field, value…), the old value of the field's first entry —
    # flat tuples, a dict per row would take twice the memory — or, past `_HELD` values, the rows
    # alone (empty), their values read again by `_old_values`
    changes: dict[str, dict[int, tuple[Any, ...]]] = field(default_factory=dict)
    held: bool = True


def _read_log(batch_id: int, first: int, last: int) -> _BatchLog:
    """The batch's entries, in the order they were logged, a span of ids per statement."""
    log = _BatchLog(first, last)
    values = 0
    names: dict[str, str] = {}  # one string per field name, not one per entry
    for low, high in _spans(first, last):
        for entry_id, table, row_id, action, name, old in database.execute_sql(
                'SELECT id, "table", row_id, action, field, old FROM change_log '
                "WHERE batch_id = ? AND id BETWEEN ? AND ? ORDER BY id", (batch_id, low, high)):
            if action == "create":
                log.created.setdefault(table, {})[row_id] = None
                if table not in log.lowest or row_id < log.lowest[table][0]:
                    log.lowest[table] = (row_id, entry_id)
            elif action == "update":
                log.updated.setdefault(table, set()).add(row_id)
                if not name:
                    continue
                rows = log.changes.setdefault(table, {})
                known = rows.setdefault(row_id, ())
                if log.held and name not in known[::2]:
                    rows[row_id] = (*known, names.setdefault(name, name), old)
                    values += 1
                    if values > _HELD:
                        _let_go(log)
    return log


def _let_go(log: _BatchLog) -> None:
    """Keep the rows of the changes without their values, read again when they are restored."""
    log.held = False
    for rows in log.changes.values():
        for row_id in rows:
            rows[row_id] = ()


def _first_later(batch_id: int, first: int, last: int) -> ChangeLog | None:
    """The earliest change, after the batch began, that undoing it would overwrite or lose."""
    if database.execute_sql(_OTHERS_SINCE, (first, batch_id)).fetchone() is None:
        return None
    found = None
    for low, high in _spans(first, last):
        (later,) = database.execute_sql(_FIRST_LATER, (batch_id, low, high, first, batch_id)).fetchone()
        if later is not None and (found is None or later < found):
            found = later
    return ChangeLog.get_by_id(found) if found is not None else None


_CHILDREN = ("contact", "interest", "activity", "participation", "meeting_party", "agreement_party")


def undo_import(batch_id: int, *, user: str | None = None) -> dict[str, int]:
    """Put back the state before batch `batch_id`: the rows it created are deleted, the fields it
    changed get their old values; all logged, the batch marked undone. Raises UndoRefused when
    the batch is unknown or undone, or when a later change touched the same rows or fields."""
    user = user or store.current_user()
    try:
        with bounded(), database.atomic():
            return _undo_import(batch_id, user)
    except ConflictError as exc:  # PostgreSQL: a save slipped in between (see _lock_batch_rows)
        raise UndoRefused("err.undo_import.saved_meanwhile", id=batch_id,
                          what=record(exc.table, exc.row_id)) from None
    except pw.IntegrityError:
        # never the cascade deleting a colleague's rows, never a raw foreign key error: a record
        # hung on what the undo deletes, by a path the checks above do not know
        raise UndoRefused("err.undo_import.referenced", id=batch_id) from None


def _undo_import(batch_id: int, user: str) -> dict[str, int]:
    batch = store.locked_undoable(ImportBatch, batch_id, UndoRefused, unknown="err.undo_import.unknown",
                                  undone="err.undo_import.undone")
    # Only the entries logged so far are the batch's: undoing it logs more under its id.
    first, last = database.execute_sql(
        "SELECT min(id), max(id) FROM change_log WHERE batch_id = ?", (batch.id,)).fetchone()
    log: _BatchLog | None = None
    restored, reindex, locked = 0, set[int](), set[int]()
    if first is not None:
        log = _read_log(batch.id, first, last)
        locked = _lock_batch_rows(log)
        later = _first_later(batch.id, first, last)
        if later is not None:
            if later.row_id in log.created.get(later.table, ()):
                raise _refuse(batch_id, later, "err.undo_import.changed")
            raise _refuse(batch_id, later, "err.undo_import.field_changed" if later.field
                          else "err.undo_import.record_changed")
        _check_children(batch_id, log.created)
        restored, reindex = _restore(batch, log, user)
    removed = _delete_created(batch, log, user, reindex, locked)
    batch.undone_at = store.now()
    batch.save()
    return {"removed": removed, "restored": restored}


def _lock_batch_rows(log: _BatchLog) -> set[int]:
    """Lock every row the undo will delete or write back, before it checks that nobody changed
    them (PostgreSQL: FOR UPDATE; SQLite's write lock covers it already). The companies come
    first: locked so, nobody can hang a new contact on one until the undo ends, so the check of
    their children that follows stays true until the rows are deleted. Returns the companies
    locked: their index rows need no lock of their own."""
    tables: dict[str, set[int]] = {t: set(ids) for t, ids in log.created.items()}
    for table, ids in log.updated.items():
        tables.setdefault(table, set()).update(ids)
    order = sorted(tables, key=lambda t: (t != "company", t))
    for table in order:
        backend.current().lock_rows(database, table, list(tables[table]))
    return tables.get("company", set())


def _old_values(batch: ImportBatch, log: _BatchLog, table: str,
                chunk: list[int]) -> dict[int, dict[str, str | None]]:
    """The value before the batch of each field it changed in records `chunk` of `table`."""
    if log.held:
        rows = log.changes[table]
        return {row_id: dict(zip(rows[row_id][::2], rows[row_id][1::2], strict=True)) for row_id in chunk}
    # SQLite's planner, without statistics, would take the batch's index and read all of it per chunk
    by_row = backend.current().index_hint("change_log_table_row_id")
    changes: dict[int, dict[str, str | None]] = {r: {} for r in chunk}
    for row_id, name, old in database.execute_sql(
            f"SELECT row_id, field, old FROM change_log {by_row} "
            f'WHERE "table" = ? AND row_id IN ({_marks(chunk)}) AND {_CHANGED_BY_ROW} ORDER BY id',
            (table, *chunk, batch.id, log.first, log.last)):
        changes[row_id].setdefault(name, old)
    return changes


def _restore(batch: ImportBatch, log: _BatchLog, user: str) -> tuple[int, set[int]]:
    """Put back the old value of every field the batch changed, a record at a time in bulk, the
    tables and records in the order the batch first changed them; returns (fields restored,
    companies whose index rows change)."""
    restored = 0
    companies: set[int] = set()
    for table, rows in log.changes.items():
        model = EDITABLE[table]
        ids = list(rows)
        for start in range(0, len(ids), _ROWS):
            chunk = ids[start:start + _ROWS]
            old = _old_values(batch, log, table, chunk)
            # as they are now (locked by `_lock_batch_rows`); a record deleted since is left alone
            items: list[tuple[int, int | None, dict[str, Any]]] = [
                (row_id, None, {name: _from_text(model, name, text) for name, text in old[row_id].items()})
                for row_id in chunk]
            done = store.bulk_update(model, items, batch=batch, user=user, reindex=False)
            companies.update(done.companies)
            restored += sum(len(changes) for row_id, _, changes in items if row_id not in done.missing)
    return restored, companies


def _check_children(batch_id: int, created: dict[str, dict[int, None]]) -> None:
    """Refuse when someone hung other records on a company this import created."""
    companies = list(created.get("company", ()))
    for start in range(0, len(companies), 500):
        chunk = companies[start:start + 500]
        merged = database.execute_sql(
            f"SELECT merged_into_id FROM company WHERE merged_into_id IN ({_marks(chunk)}) "
            f"AND id NOT IN ({_marks(chunk)}) LIMIT 1", chunk + chunk).fetchone()
        if merged is not None:
            row = Company.get_by_id(merged[0])
            raise UndoRefused("err.undo_import.merged_into", id=batch_id, name=row.short_name)
        for table in _CHILDREN:
            mine = created.get(table, {})
            for (row_id, company_id) in database.execute_sql(
                    f'SELECT id, company_id FROM "{table}" WHERE company_id IN ({_marks(chunk)})', chunk):
                if row_id not in mine:
                    row = Company.get_by_id(company_id)
                    raise UndoRefused("err.undo_import.children", id=batch_id, name=row.short_name)


def _delete_created(batch: ImportBatch, log: _BatchLog | None, user: str, reindex: set[int],
                    locked: set[int]) -> int:
    """Delete what the batch created, children first, each deletion logged with its last state;
    then bring the index up to date for those and for the companies in `reindex` (`locked`: the
    companies this transaction holds already)."""
    created = log.created if log is not None else {}

    def order(table: str) -> tuple[bool, int, int]:
        # As one sort of all the created rows by (is a company, id) would group them: a table
        # comes at its lowest id, a tie going to the row logged first.
        assert log is not None
        return (table == "company", *log.lowest[table])

    removed = 0
    companies: set[int] = set(reindex)
    for table in sorted(created, key=order):
        ids = sorted(created[table])
        if table == "contact":
            # The contacts removed belonged to companies that stay: their index rows change too.
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                companies.update(c for c, in database.execute_sql(
                    f"SELECT DISTINCT company_id FROM contact WHERE id IN ({_marks(chunk)})", chunk))
        done = store.bulk_delete(EDITABLE[table], ids, batch=batch, user=user, reindex=False)
        removed += len(done)
        if table == "company":
            companies.update(done)
    # The index rows of the companies not locked yet (those of contacts written back) are locked
    # as `search.reindex` would; the others are held FOR UPDATE already, which is more.
    backend.current().lock_search_index(database, sorted(companies - locked))
    search.reindex(companies, locked=True)  # it writes the documents a chunk at a time
    return removed
