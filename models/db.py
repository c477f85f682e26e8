"""Opening the store: which file, the connection settings every process must share, migrations.

One `DatabaseProxy` serves all models, so the same code works on any file (and later PostgreSQL).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import peewee
from playhouse.migrations import Runner

from models.errors import StoreError

database = peewee.DatabaseProxy()

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
ENV_VAR = "PALATA_DB"
BUSY_TIMEOUT_S = 10.0

# Applied on every connection: WAL lets readers go on while one process writes; the busy timeout
# makes a writer wait for another instead of failing with "database is locked".
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": int(BUSY_TIMEOUT_S * 1000),
    "cache_size": -32_000,
}


def default_path() -> Path:
    """The per-user database file used when neither --db nor PALATA_DB names one."""
    from platformdirs import user_data_path

    return user_data_path("palata", appauthor=False) / "palata.db"


def resolve_location(option: str | None = None) -> str:
    """--db wins over PALATA_DB, which wins over the per-user default."""
    return option or os.environ.get(ENV_VAR) or str(default_path())


def _sqlite(path: Path, read_only: bool = False, immutable: bool = False) -> peewee.SqliteDatabase:
    if read_only:
        # A file this user cannot write (or on read-only media): open it for reading only, so
        # browsing and searching work and every write fails with a clear sentence. On read-only
        # media SQLite cannot create the WAL index beside the file; there the file cannot change
        # under us either, so it is opened as immutable.
        pragmas = {k: v for k, v in PRAGMAS.items() if k != "journal_mode"}
        uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
        return peewee.SqliteDatabase(uri, uri=True, pragmas=pragmas, timeout=BUSY_TIMEOUT_S,
                                     check_same_thread=False)
    return peewee.SqliteDatabase(
        str(path),
        pragmas=PRAGMAS,
        timeout=BUSY_TIMEOUT_S,
        # Every write transaction takes the write lock at BEGIN, so two writers queue up on the
        # busy timeout instead of deadlocking when both try to upgrade a read lock.
        lock_type="IMMEDIATE",
        check_same_thread=False,
    )


def _writable(path: Path) -> bool:
    """Whether this user can write the file and create its -wal/-shm companions beside it."""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _media_writable(path: Path) -> bool:
    return not (os.statvfs(path.parent).f_flag & os.ST_RDONLY)


def is_read_only() -> bool:
    """True when the open database was opened for reading only."""
    return _state.get("read_only", False)


_state: dict[str, bool] = {}


def _check_sqlite_file(path: Path, create: bool) -> None:
    if path.is_dir():
        raise StoreError(f"{path} — это папка, а не файл базы данных.")
    if not path.exists():
        if not create:
            raise StoreError(f"Файл базы данных {path} не найден.")
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"Не удалось создать папку {path.parent}: {exc.strerror}.") from None
        return
    if not os.access(path, os.R_OK):
        raise StoreError(f"Нет прав на чтение файла {path}.")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head and head != b"SQLite format 3\x00":
        raise StoreError(f"Файл {path} не является базой данных Palata (это не файл SQLite).")


def open_database(location: str | os.PathLike[str] | None = None, *, create: bool = True,
                  migrate: bool = True) -> peewee.Database:
    """Open the store at `location` (a path; default as in `resolve_location`), bind the models
    to it and bring its schema up to date. Raises StoreError with a sentence for a person."""
    path = Path(resolve_location(str(location) if location else None)).expanduser()
    _check_sqlite_file(path, create)
    read_only = path.exists() and not _writable(path)
    if not path.exists() and not _writable(path):
        raise StoreError(f"Нет прав на создание файла базы данных в папке {path.parent}.")
    db = _sqlite(path, read_only)
    database.initialize(db)
    _state["read_only"] = read_only
    try:
        try:
            db.connect(reuse_if_open=True)
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        except peewee.OperationalError:
            if not read_only or _media_writable(path):
                raise
            db = _sqlite(path, read_only=True, immutable=True)
            database.initialize(db)
            db.connect()
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except peewee.OperationalError as exc:
        db.close()
        raise explain(exc, path) from None
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        raise StoreError(f"Файл {path} повреждён или не является базой данных Palata ({exc}).") from None
    if migrate:
        if read_only and pending_migrations(db):
            raise StoreError(f"Базу данных {path} нужно обновить, но она доступна только для чтения.")
        migrate_schema(db, path)
    return db


def explain(exc: Exception, path: Path | str | None = None) -> StoreError:
    """One sentence for an error SQLite reports about the file or the disk."""
    # SQLite rolls back by itself on a full disk, so the rollback that follows fails too and
    # hides the cause: read the whole chain of exceptions, not only the last one.
    chain, seen = [], exc
    while seen is not None and len(chain) < 10:
        chain.append(str(seen).lower())
        seen = seen.__cause__ or seen.__context__
    text = " | ".join(chain)
    where = f" {path}" if path else ""
    if "locked" in text or "busy" in text:
        return StoreError(f"База данных{where} занята другим пользователем дольше {BUSY_TIMEOUT_S:.0f} с; "
                          "повторите действие чуть позже — ничего не потеряно.")
    if "disk is full" in text or "database or disk is full" in text:
        return StoreError("На диске закончилось место: изменения не сохранены, база данных осталась прежней.")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"База данных{where} открыта только для чтения: изменения невозможны.")
    if "disk i/o" in text or "i/o error" in text:
        return StoreError(f"Ошибка чтения или записи диска при работе с базой данных{where}; "
                          "изменения не сохранены.")
    if "unable to open" in text:
        return StoreError(f"Не удалось открыть базу данных{where}.")
    if "malformed" in text or "not a database" in text:
        return StoreError(f"Файл базы данных{where} повреждён. "
                          "Запустите palata doctor или восстановите резервную копию.")
    return StoreError(f"Ошибка базы данных{where}: {exc}.")


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()


def _runner(db: peewee.Database) -> Runner:
    return Runner(db, directory=str(MIGRATIONS_DIR), table_name="schema_migration")


def pending_migrations(db: peewee.Database) -> list[str]:
    status = _runner(db).status()
    unknown = [m.name for m in status if m.path is None]
    if unknown:
        raise StoreError(
            "База данных создана более новой версией Palata (неизвестные изменения схемы: "
            f"{', '.join(unknown)}). Обновите Palata, чтобы работать с ней."
        )
    return [m.name for m in status if not m.applied]


def migrate_schema(db: peewee.Database, path: Path | None = None) -> list[str]:
    """Apply pending numbered migrations; a non-empty SQLite file is backed up first."""
    pending = pending_migrations(db)
    if not pending:
        return []
    if path is not None and _has_tables(db):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_to(db, path.with_name(f"{path.name}.before-{pending[0]}-{stamp}.bak"))
    try:
        return _runner(db).up()
    except peewee.OperationalError as exc:
        raise StoreError(f"Не удалось обновить схему базы данных: {exc}.") from None


def _has_tables(db: peewee.Database) -> bool:
    return bool(db.get_tables())


def backup_to(db: peewee.Database, target: Path) -> Path:
    """A consistent copy of the live database through SQLite's online backup API."""
    target = Path(target)
    tmp = target.with_name(target.name + ".part")
    if tmp.exists():
        tmp.unlink()
    dest = sqlite3.connect(str(tmp))
    try:
        db.connection().backup(dest)
    finally:
        dest.close()
    os.replace(tmp, target)
    return target
