"""Moving a whole register between stores: a SQLite file into PostgreSQL when the chamber
outgrows one file, or back into a file (`palata copy --to …`).

Every table goes across with its ids — the register, the change log, import batches, merges and
the schema history — in one transaction on the target, which must be empty. PostgreSQL's
sequences are moved past the copied ids, the search index is rebuilt on the target from its
tables, and before the commit each table is compared: its row count and a checksum of its rows
in id order must be the same on both sides, or nothing is kept.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee

from models import backend, safefile
from models.db import database, make_database, migrate_schema
from models.errors import StoreError

# In an order that satisfies the foreign keys (company.merged_into_id is set in a second pass).
TABLES = ("company", "mission", "meeting", "contact", "interest", "participation", "agreement",
          "meeting_party", "agreement_party", "activity", "import_batch", "change_log", "merge",
          "setting", "import_digest", "schema_migration")
# Tables whose key is not an id column: copied and compared in the order of this column. (The
# digests of imported rows go along, so the first import after a move is as quick as before.)
_ORDER_BY = {"import_digest": "digest"}
# Tables whose ids come from a sequence (the others have no id, or ids of their own making).
_SEQUENCED = tuple(t for t in TABLES if t not in _ORDER_BY)
_CHUNK = 2000
_TIME_TYPES = ("date", "datetime", "timestamp", "timestamp without time zone")


@dataclass
class TableCheck:
    table: str
    source_rows: int
    target_rows: int
    same: bool


@dataclass
class CopyReport:
    source: str
    target: str
    tables: list[TableCheck] = field(default_factory=list)
    indexed: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(t.same for t in self.tables)


def _describe(db: peewee.Database) -> str:
    if backend.of(db) is backend.POSTGRES:
        return backend.redact(db.database)
    return str(db.database)


@contextmanager
def bound_to(db: peewee.Database) -> Iterator[None]:
    """The models (and every function using `models.db.database`) work on `db` for a while."""
    before = database.obj
    database.initialize(db)
    try:
        yield
    finally:
        database.initialize(before)


def _columns(db: peewee.Database, table: str) -> list[tuple[str, str]]:
    return [(c.name, c.data_type.lower()) for c in db.get_columns(table)]


def _is_empty(db: peewee.Database) -> bool:
    return all(db.execute_sql(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() is None
               for t in TABLES if t != "schema_migration")


def _rows(db: peewee.Database, table: str, names: list[str]) -> Iterator[tuple]:
    select = ", ".join(f'"{n}"' for n in names)
    cursor = db.execute_sql(f'SELECT {select} FROM "{table}" ORDER BY "{_ORDER_BY.get(table, "id")}"')
    while True:
        chunk = cursor.fetchmany(_CHUNK)
        if not chunk:
            return
        yield from chunk


def _time_text(value: str) -> str:
    """A time as Python writes it (and so SQLite holds it): a space before the hour, and
    microseconds in six digits or none (PostgreSQL writes '.4358' for '.435800')."""
    value = value.replace("T", " ", 1)
    head, dot, fraction = value.partition(".")
    if not dot or not fraction.isdigit():
        return value
    fraction = fraction.ljust(6, "0")[:6]
    return head if fraction == "000000" else f"{head}.{fraction}"


def _normaliser(types: list[str], clean: Callable[[list], None] | None = None) -> Callable[[tuple], tuple]:
    """Values as both stores hold them: booleans as 0/1, times as `_time_text`, text cleaned by
    `clean` (see `_text_cleaner`)."""
    timed = [i for i, t in enumerate(types) if t in _TIME_TYPES]

    def norm(row: tuple) -> tuple:
        out: list[Any] = [int(v) if isinstance(v, bool) else v for v in row]
        for i in timed:
            if isinstance(out[i], str):
                out[i] = _time_text(out[i])
        if clean is not None:
            clean(out)
        return tuple(out)
    return norm


def _text_cleaner(table: str, names: list[str]) -> Callable[[list], None]:
    """Cleans the text of a row in place as the register cleans what it stores: a copy never
    carries control characters into the new store (PostgreSQL would refuse a NUL outright).
    Line breaks stay in free text and in the change log's values, except in its JSON snapshots.
    Both sides of the checksum are compared cleaned."""
    from models.safetext import clean
    from models.validation import MULTILINE_FIELDS

    if table == "import_digest":  # a cache of digests and keys joined by \x1f: copied as it is
        return lambda row: None
    multiline = {i for i, n in enumerate(names) if n in MULTILINE_FIELDS
                 or (table == "change_log" and n in ("old", "new"))}
    action = names.index("action") if table == "change_log" else None

    def scrub(row: list) -> None:
        snapshot = action is not None and row[action] in ("create", "delete")
        for i, value in enumerate(row):
            if isinstance(value, str) and not value.isprintable():
                row[i] = clean(value, multiline=i in multiline and not snapshot)
    return scrub


def _checksum(db: peewee.Database, table: str, names: list[str], types: list[str]) -> tuple[int, str]:
    norm = _normaliser(types, _text_cleaner(table, names))
    digest = hashlib.sha256()
    count = 0
    for row in _rows(db, table, names):
        digest.update(repr(norm(row)).encode())
        count += 1
    return count, digest.hexdigest()


def _converter(target_types: list[str],
               clean: Callable[[list], None] | None = None) -> Callable[[tuple], tuple]:
    """Rows read from one store made fit for the other: PostgreSQL's BOOLEAN takes no 0/1; text
    cleaned by `clean`."""
    flags = [i for i, t in enumerate(target_types) if t == "boolean"]
    norm = _normaliser(target_types, clean)
    if not flags:
        return norm

    def convert(row: tuple) -> tuple:
        out = list(norm(row))
        for i in flags:
            if out[i] is not None:
                out[i] = bool(out[i])
        return tuple(out)
    return convert


def _same_store(source: peewee.Database, location: str) -> bool:
    if backend.is_url(location):
        return backend.of(source) is backend.POSTGRES and \
            backend.normalise_url(location) == source.database
    if backend.of(source) is backend.POSTGRES:
        return False
    return Path(location).expanduser().resolve() == Path(source.database).expanduser().resolve()


def _open_target(location: str) -> peewee.Database:
    """The target store, created (a new file) or migrated; an existing file is accepted only
    when it holds an empty register (checked by the caller)."""
    if not backend.is_url(location):
        path = Path(location).expanduser()
        if not path.parent.is_dir():
            raise StoreError("err.copy.no_folder", folder=path.parent)
    db = make_database(location)
    try:
        db.connect(reuse_if_open=True)
        migrate_schema(db)
    except peewee.DatabaseError as exc:
        from models.db import explain

        raise explain(exc, _describe(db)) from None
    return db


def copy_register(source: backend.Db, target_location: str,
                  progress: Callable[[str, int, int], None] | None = None) -> CopyReport:
    """Copy everything in `source` (an open store) into the empty store at `target_location`
    (a file path or a postgresql:// URL, created or migrated first). Raises StoreError with a
    sentence when the target is not empty or the copy does not compare equal (then the target
    is left as it was)."""
    # a proxy is looked through: the store itself is copied
    db: peewee.Database = source.obj if isinstance(source, peewee.DatabaseProxy) else source
    if _same_store(db, target_location):
        raise StoreError("err.copy.same_store")
    path = None if backend.is_url(target_location) else Path(target_location).expanduser()
    if path is None or (path.exists() and not path.is_symlink()):
        return _copy(db, target_location, progress)
    # A new file is written whole beside its place and renamed there once it compares equal:
    # nothing is ever written through a link planted at its name or its side files' names.
    if not path.parent.is_dir():
        raise StoreError("err.copy.no_folder", folder=path.parent)
    try:
        with safefile.replacing(path) as tmp:
            report = _copy(db, str(tmp), progress, shown=str(path))
    except OSError as exc:
        raise StoreError("err.write_failed", path=path, reason=exc.strerror) from None
    return report


def _copy(source: peewee.Database, target_location: str,
          progress: Callable[[str, int, int], None] | None, shown: str | None = None) -> CopyReport:
    report_progress = progress or (lambda stage, done, total: None)
    started = time.perf_counter()
    target = _open_target(target_location)
    report = CopyReport(_describe(source), shown or _describe(target))
    try:
        if not _is_empty(target):
            raise StoreError("err.copy.not_empty", target=report.target)
        if backend.of(target) is backend.POSTGRES:
            from models import rights

            have = rights.detect(target)
            if have != rights.ADMIN:
                raise rights.NotAllowed("copy", have)
        with source.atomic(lock_type="DEFERRED"), target.atomic():
            if backend.of(target) is backend.POSTGRES:
                # The history comes across with the names it was written by: the server's
                # triggers keep a given user only for an admin while this is set (models.roles).
                target.execute_sql("SET LOCAL palata.copying = 'on'")
            merged: list[tuple[int, int]] = []
            for table in TABLES:
                columns = _columns(source, table)
                names = [n for n, _ in columns]
                target_types = dict(_columns(target, table))
                convert = _converter([target_types.get(n, "") for n in names], _text_cleaner(table, names))
                if table == "schema_migration":
                    target.execute_sql('DELETE FROM "schema_migration"')
                merged_at = names.index("merged_into_id") if table == "company" else None
                sql = (f'INSERT INTO "{table}" ({", ".join(chr(34) + n + chr(34) for n in names)}) '
                       f'VALUES ({", ".join("?" * len(names))})')
                total = source.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                done = 0
                batch: list[tuple] = []
                cursor = target.cursor()
                for row in _rows(source, table, names):
                    row = convert(row)
                    if merged_at is not None and row[merged_at] is not None:
                        merged.append((row[merged_at], row[0]))
                        row = row[:merged_at] + (None,) + row[merged_at + 1:]
                    batch.append(row)
                    if len(batch) >= _CHUNK:
                        cursor.executemany(sql, batch)
                        done += len(batch)
                        batch = []
                        report_progress(table, done, total)
                if batch:
                    cursor.executemany(sql, batch)
                    done += len(batch)
                report_progress(table, done, total)
                if table == "company" and merged:
                    target.cursor().executemany("UPDATE company SET merged_into_id = ? WHERE id = ?", merged)
            # past every id the source ever gave, deleted rows included: never one given twice
            floors = {t: backend.of(source).high_water(source, t) for t in _SEQUENCED}
            backend.of(target).reset_sequences(target, list(_SEQUENCED), floors)
            backend.of(target).analyze(target)
            report_progress("search_index", 0, 0)
            with bound_to(target):
                from models import search

                report.indexed = search.rebuild()
            for table in TABLES:
                columns = _columns(source, table)
                names = [n for n, _ in columns]
                types = [t for _, t in columns]
                target_types = dict(_columns(target, table))
                n_src, sum_src = _checksum(source, table, names, types)
                n_dst, sum_dst = _checksum(target, table, names, [target_types.get(n, "") for n in names])
                report.tables.append(TableCheck(table, n_src, n_dst, n_src == n_dst and sum_src == sum_dst))
            companies = target.execute_sql("SELECT count(*) FROM company").fetchone()[0]
            if report.indexed != companies:
                report.tables.append(TableCheck("search_index", companies, report.indexed, False))
            if not report.ok:
                bad = ", ".join(t.table for t in report.tables if not t.same)
                raise StoreError("err.copy.differs", tables=bad, target=report.target)
    except peewee.DatabaseError as exc:
        from models.db import explain

        raise explain(exc, report.target) from None
    finally:
        if not target.is_closed():
            target.close()
    report.seconds = time.perf_counter() - started
    return report
