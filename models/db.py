"""Opening the store: which file, the connection settings every process must share, migrations.

One `DatabaseProxy` serves all models, so the same code works on any file or on a PostgreSQL
server (`postgresql://user@host/dbname`); what differs between the two is in `models.backend`.
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import peewee
from playhouse.migrations import Runner

from models import backend, safefile
from models.errors import PalataError, StoreBusy, StoreError
from models.sqlite_close import skip_checkpoint_on_close

if sys.platform != "win32":
    import fcntl
else:  # not on a POSIX system: processes starting at once are not serialised
    fcntl = None

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
    # After a big import the WAL is cut back to this size at the next checkpoint, instead of
    # staying as large as the import made it while other processes keep the file open.
    "journal_size_limit": 64 * 1024 * 1024,
}


def default_path() -> Path:
    """The per-user database file used when neither --db nor PALATA_DB names one."""
    from platformdirs import user_data_path

    return user_data_path("palata", appauthor=False) / "palata.db"


def resolve_location(option: str | None = None) -> str:
    """--db wins over PALATA_DB, which wins over the per-user default."""
    return option or os.environ.get(ENV_VAR) or str(default_path())


def is_server() -> bool:
    """True when the open store is a PostgreSQL server rather than a file."""
    return backend.current() is backend.POSTGRES


def register_id(head: bytes) -> bytes | None:
    """The register id in an SQLite file's first 100 bytes (SQLite's application_id, bytes
    68–71, set by migration 0012); None when they hold no id or are no whole SQLite header (a
    copy being written into the file)."""
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00") or head[68:72] == bytes(4):
        return None
    return head[68:72]


def read_head(path: Path) -> bytes | None:
    """The first 100 bytes of `path`, read through a descriptor this process already has open on
    the file (SQLite's own); None when it has none. (Closing a descriptor of a file drops every
    POSIX lock the process holds on it — SQLite's too — so no descriptor of it is opened here.)"""
    try:
        st = os.stat(path)
    except OSError:
        return None
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            fds = os.listdir(folder)
        except OSError:
            continue
        for name in fds:
            try:
                fd = int(name)
                seen = os.fstat(fd)
                if (seen.st_dev, seen.st_ino) == (st.st_dev, st.st_ino) and stat.S_ISREG(seen.st_mode):
                    return os.pread(fd, 100, 0)
            except (ValueError, OSError):
                continue
        break
    return None


def file_identity(path: Path) -> tuple[int, int] | None:
    """The device and inode of the file at `path`, None when there is none."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


class PalataSqlite(peewee.SqliteDatabase):
    """SQLite bound to the file it first opened, by device and inode.

    A file removed or replaced under a running process (by `rm`, `mv`, a copy renamed over it)
    would otherwise go on taking commits into the unlinked file, or a new connection would open
    (or create) whatever now lies at the path: every write transaction and every new connection
    first checks that the path still holds the same file, and refuses with a StoreError if not.
    A copy written into the same inode (`cp` over the open file keeps the inode) is told by the
    register id in the file's header (migration 0012), read from the file itself: SQLite would
    still serve the old register's pages from its log. `palata restore` is the way to replace a
    register."""

    def __init__(self, database: str, *, file: Path, **kwargs):
        self.file = file
        self.identity: tuple[int, int] | None = None
        self.companions: dict[Path, tuple[int, int] | None] = {}  # its -wal and -shm, as first seen
        self.register: bytes | None = None  # the register id in the header, once known
        self.connections: set[sqlite3.Connection] = set()  # open ones, of every thread
        super().__init__(database, **kwargs)

    def check_file(self) -> None:
        """Raise StoreError ("file_gone" / "file_replaced") if the path no longer holds the file
        first opened."""
        if self.identity is None:
            return
        now = file_identity(self.file)
        if now == self.identity:
            if self._same_register():
                self._note_companions()
                return
            # another register copied into this very file: the log this process (and SQLite's
            # last close) would copy into it is the old register's
            self._keep_log_out()
        self._drop_stale_companions()
        if now is None:
            raise StoreError("store.file_gone", "file_gone", where=str(self.file))
        raise StoreError("store.file_replaced", "file_replaced", where=str(self.file))

    # peewee's lock type for a plain begin(): private, absent from its stubs
    _lock_type: str | None

    # _connect, _initialize_connection and _close are peewee's private hooks, absent from its stubs.
    def _connect(self):
        self.check_file()  # before connecting: SQLite would create a new empty file at the path
        conn = super()._connect()  # type: ignore[misc]
        if self.identity is None:
            self.identity = file_identity(self.file)
        return conn

    def _initialize_connection(self, conn) -> None:
        super()._initialize_connection(conn)  # type: ignore[misc]  # WAL mode set: its files exist now
        self.connections.add(conn)
        self._note_companions()

    def _close(self, conn) -> None:
        self.connections.discard(conn)
        super()._close(conn)  # type: ignore[misc]

    def remember_register(self) -> None:
        """Note the register id the file's header holds (once the schema is up to date: a new
        register gets it from migration 0012). The id is first moved from the log into the file,
        where `check_file` reads it."""
        if self.register is None:
            try:
                self.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
            except peewee.DatabaseError:
                pass  # read only, or busy: the id is noted once it reaches the file
        self._same_register()

    def _same_register(self) -> bool:
        """Whether the file's header still names the register first noted in it (True while
        this process has no descriptor of the file to look through)."""
        head = read_head(self.file)
        if head is None:
            return True
        found = register_id(head)
        if self.register is None:
            if found:  # known from now on
                self.register = found
            return True
        return found == self.register

    def _keep_log_out(self) -> None:
        """No connection of this process copies its log into the file any more."""
        for conn in list(self.connections):
            try:
                skip_checkpoint_on_close(conn)
            except Exception:  # noqa: BLE001 — the log is removed below all the same
                pass

    def _note_companions(self) -> None:
        """Remember the -wal and -shm files while the path is still the file first opened."""
        for suffix in ("-wal", "-shm"):
            companion = self.file.with_name(self.file.name + suffix)
            if self.companions.get(companion) is None:
                self.companions[companion] = file_identity(companion)

    def _drop_stale_companions(self) -> None:
        """The -wal and -shm beside the path are still those of the file that went away (SQLite
        keeps them when its file has moved): a process opening the new file would replay the old
        file's pages into it. Remove them — only if they are still the very files this process
        opened, never a newer process's."""
        for companion, seen in self.companions.items():
            if seen is not None and file_identity(companion) == seen:
                try:
                    companion.unlink()
                except OSError:
                    pass
        self.companions = {}

    def begin(self, lock_type=None):
        super().begin(lock_type)
        if (lock_type or self._lock_type or "").upper() == "DEFERRED":
            return  # a snapshot to read (an export), nothing written
        try:  # checked holding the write lock: nothing can be committed into a stale file
            self.check_file()
        except StoreError:
            self.rollback()
            raise


def check_store_file() -> None:
    """Raise StoreError if the open SQLite file was removed or replaced (nothing on PostgreSQL)."""
    db = database.obj
    if isinstance(db, PalataSqlite):
        db.check_file()


def _sqlite(path: Path, read_only: bool = False, immutable: bool = False) -> PalataSqlite:
    if read_only:
        # A file this account may only read: open it for reading only, so browsing and searching
        # work and every write fails. A WAL reader needs the -wal/-shm files beside the database;
        # when a writer has them open the reader uses them (read-only is enough), but it must
        # never create them itself: they would belong to this account, and the writers, unable
        # to write them, would find the register read-only. So without them (nobody is writing)
        # — or on read-only media — the file is opened as immutable: read as it is, no side files.
        pragmas = {k: v for k, v in PRAGMAS.items() if k != "journal_mode"}
        uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
        return PalataSqlite(uri, file=path, uri=True, pragmas=pragmas, timeout=BUSY_TIMEOUT_S,
                            check_same_thread=False)
    return PalataSqlite(
        str(path),
        file=path,
        pragmas=PRAGMAS,
        timeout=BUSY_TIMEOUT_S,
        # Every write transaction takes the write lock at BEGIN, so two writers queue up on the
        # busy timeout instead of deadlocking when both try to upgrade a read lock.
        lock_type="IMMEDIATE",
        check_same_thread=False,
    )


def _side_files_readable(path: Path) -> bool:
    """Whether a writer's -wal and -shm are there for a reader to use."""
    return all(os.access(path.with_name(path.name + suffix), os.R_OK) for suffix in ("-wal", "-shm"))


def make_database(location: str) -> peewee.Database:
    """A database object for `location` (a file path or a postgresql:// URL), neither connected
    nor bound to the models: for working on a second store beside the open one
    (`models.transfer`)."""
    if backend.is_url(location):
        return backend.PalataPostgres(location)
    path = Path(location).expanduser()
    _check_sqlite_file(path, create=True)
    _create_file(path)
    return _sqlite(path)


def _writable(path: Path) -> bool:
    """Whether this user can write the file and create its -wal/-shm companions beside it."""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def is_read_only() -> bool:
    """True when the open database was opened for reading only."""
    return _state.get("read_only", False)


_state: dict[str, bool] = {}
_opened: dict[str, Path] = {}


def database_file() -> Path | None:
    """The SQLite file the open store lives in (None on PostgreSQL)."""
    return None if is_server() else _opened.get("path")


def _check_sqlite_file(path: Path, create: bool) -> None:
    try:
        os.stat(path)
    except PermissionError:  # a folder on the way this account may not enter (a team's folder)
        raise StoreError("err.db.folder_closed", path=path, folder=path.parent) from None
    except OSError:
        pass
    if path.is_dir():
        raise StoreError("err.db.is_folder", path=path)
    if not path.exists():
        if not create:
            raise StoreError("err.db.not_found", path=path)
        if path.is_symlink():
            raise StoreError("err.db.dangling_link", path=path)
        if not path.parent.exists():
            try:
                safefile.make_folders(path.parent)
            except OSError as exc:
                raise StoreError("err.db.no_folder_made", folder=path.parent, reason=exc.strerror) from None
        return
    if not os.access(path, os.R_OK):
        raise StoreError("err.db.unreadable", path=path)
    with path.open("rb") as fh:
        head = fh.read(16)
    if head and head != b"SQLite format 3\x00":
        raise StoreError("err.db.not_sqlite", path=path)


def _create_file(path: Path) -> None:
    """A new database file made private before SQLite opens it (SQLite would make it 0644 under
    the usual umask, and its -wal/-shm take the database file's mode)."""
    if path.exists():
        return
    try:
        safefile.create_new(path)
    except FileExistsError:
        pass  # another process created it meanwhile (a link was refused before)
    except OSError as exc:
        raise StoreError("err.db.not_created", path=path, reason=exc.strerror) from None


def follow_writers() -> bool:
    """A reader that opened the file as immutable (nobody was writing then) goes over to reading
    through the writers' -wal/-shm once a writer is at work, so it sees their changes from then
    on (asked every second by the app's live refresh). True when it went over."""
    db, path = database.obj, _opened.get("path")
    if not is_read_only() or is_server() or path is None or "immutable=1" not in str(db.database):
        return False
    if not _side_files_readable(path):
        return False
    live = _sqlite(path, read_only=True)
    try:
        live.connect()
        live.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except peewee.DatabaseError:
        live.close()
        return False
    database.initialize(live)
    db.close()
    return True


def open_database(location: str | os.PathLike[str] | None = None, *, create: bool = True,
                  migrate: bool = True) -> peewee.Database:
    """Open the store at `location` (a path; default as in `resolve_location`), bind the models
    to it and bring its schema up to date. Raises StoreError with a sentence for a person.

    A `postgresql://` URL opens that server's database instead of a file (`create` does not
    apply: the DBA creates the database; Palata creates its tables there)."""
    where = resolve_location(str(location) if location else None)
    if backend.is_url(where):
        return _open_postgres(where, migrate)
    path = Path(where).expanduser()
    _check_sqlite_file(path, create)
    read_only = path.exists() and not _writable(path)
    if not path.exists() and not _writable(path):
        raise StoreError("err.db.folder_unwritable", folder=path.parent)
    _create_file(path)
    db = _sqlite(path, read_only, immutable=read_only and not _side_files_readable(path))
    database.initialize(db)
    _state["read_only"] = read_only
    _opened["path"] = path
    try:
        try:
            db.connect(reuse_if_open=True)
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        except peewee.OperationalError:
            if not read_only:
                raise
            # the writer's -shm went away between the look and the opening, or is unreadable
            db.close()
            db = _sqlite(path, read_only=True, immutable=True)
            database.initialize(db)
            db.connect()
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except peewee.OperationalError as exc:
        db.close()
        raise explain(exc, path) from None
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        raise StoreError("err.db.not_palata", path=path, detail=str(exc)) from None
    if migrate:
        if read_only and pending_migrations(db):
            raise StoreError("err.db.migrate_read_only", path=path)
        migrate_schema(db, path)
    db.remember_register()
    return db


def _open_postgres(url: str, migrate: bool) -> peewee.Database:
    try:
        import psycopg2  # noqa: F401  (only PostgreSQL users need it)
    except ImportError:
        raise StoreError("err.db.no_psycopg2") from None
    db = backend.PalataPostgres(url)
    database.initialize(db)
    _state["read_only"] = False
    shown = backend.redact(url)
    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT 1").fetchone()
    except peewee.DatabaseError as exc:
        if not db.is_closed():
            db.close()
        raise explain(exc, shown) from None
    from models import rights

    try:
        if not rights.may_open(db):
            db.close()
            raise rights.NotAllowed("open", rights.READER)
        if migrate:
            have = rights.detect(db) if pending_migrations(db) else rights.ADMIN
            if have != rights.ADMIN:
                db.close()
                raise rights.NotAllowed("migrate", have)
            migrate_schema(db)
        # A role that may only read opens the register read-only, as an unwritable file does.
        _state["read_only"] = rights.detect(db) == rights.READER
    except peewee.DatabaseError as exc:
        raise explain(exc, shown) from None
    rights.forget()
    return db


def explain(exc: BaseException, path: Path | str | None = None) -> PalataError:
    """One sentence for an error SQLite reports about the file or the disk, or PostgreSQL about
    the server or the connection; its `code` says which (for the app to word it)."""
    if isinstance(exc, StoreError):
        return exc
    # SQLite rolls back by itself on a full disk, so the rollback that follows fails too and
    # hides the cause: read the whole chain of exceptions, not only the last one.
    chain: list[str] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 10:
        chain.append(str(seen).lower())
        seen = seen.__cause__ or seen.__context__
    text = " | ".join(chain)
    # `where` names the store in the app's sentences; `at` is the same with its leading space
    values = {"where": str(path) if path else "", "at": f" {path}" if path else ""}
    if backend.is_connection_lost(Exception(text)):
        return StoreError("err.db.connection_lost", "connection_lost", **values)
    if "could not connect" in text or "connection refused" in text or "could not translate host" in text \
            or "timeout expired" in text:
        return StoreError("err.db.unreachable", "unreachable", **values)
    if "password authentication failed" in text or "no pg_hba.conf entry" in text \
            or ("role" in text and "does not exist" in text):
        return StoreError("err.db.auth", "auth", **values)
    if "database" in text and "does not exist" in text:
        return StoreError("err.db.no_database", "no_database", **values)
    if "permission denied" in text or "must be owner" in text:
        from models.rights import NotAllowed

        return NotAllowed("denied", "")  # the edge says it in words
    if "could not serialize" in text or "deadlock detected" in text:
        return StoreBusy("err.db.busy", 0, **values)
    if "lock timeout" in text or "locked" in text or "busy" in text:
        return StoreBusy("err.db.busy_for", BUSY_TIMEOUT_S, **values)
    if "statement timeout" in text:
        return StoreBusy("err.db.too_long", backend.STATEMENT_TIMEOUT_S, **values)
    if "disk is full" in text or "database or disk is full" in text:
        return StoreError("store.disk_full", "disk_full", **values)
    if "readonly" in text or "read-only" in text:
        return StoreError("err.db.read_only", "read_only", **values)
    if "disk i/o" in text or "i/o error" in text:
        return StoreError("err.db.io", "io", **values)
    if "unable to open" in text:
        return StoreError("err.db.unopenable", "unopenable", **values)
    if "malformed" in text or "not a database" in text:
        return StoreError("err.db.damaged", "damaged", **values)
    detail = backend.redact(str(exc))
    return StoreError("err.db.other", "other", detail=detail, **values)


def is_store_failure(exc: BaseException) -> bool:
    """Whether `exc` is the store failing (busy, gone, damaged, the connection lost) rather than a
    bug: what `explain` turns into a sentence. A connection the server dropped surfaces as
    peewee's InterfaceError (not a DatabaseError) when the rollback finds it closed, and some
    psycopg2 errors come up unwrapped."""
    if isinstance(exc, (StoreError, sqlite3.Error, peewee.DatabaseError, peewee.InterfaceError)):
        return True
    module = type(exc).__module__ or ""
    return module.startswith("psycopg2") and isinstance(exc, Exception) and hasattr(exc, "pgcode")


@contextmanager
def bounded() -> Iterator[None]:
    """Around a write: a wait for a colleague's session that ran out (the busy timeout, a lock
    or statement timeout, a deadlock) comes out as StoreBusy with its sentence; the write's
    transaction has rolled back whole."""
    try:
        yield
    except (peewee.OperationalError, sqlite3.OperationalError) as exc:
        error = explain(exc)
        if isinstance(error, StoreBusy):
            raise error from None
        raise


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()
    if isinstance(database.obj, backend.PalataPostgres):
        database.obj.close_idle()


def _runner(db: peewee.Database) -> Runner:
    return Runner(db, directory=str(MIGRATIONS_DIR), table_name="schema_migration")


def pending_migrations(db: peewee.Database) -> list[str]:
    status = _runner(db).status()
    unknown = [m.name for m in status if m.path is None]
    if unknown:
        raise StoreError("err.db.newer", names=", ".join(unknown))
    return [m.name for m in status if not m.applied]


def migrate_schema(db: peewee.Database, path: Path | None = None) -> list[str]:
    """Apply pending numbered migrations; a non-empty SQLite file is backed up first. (On
    PostgreSQL there is no file to copy: the server's own backups — the DBA's — apply. There
    the processes starting at once take turns on an advisory lock: one migrates, the others
    then find nothing pending.)"""
    if backend.of(db) is not backend.POSTGRES:
        if not pending_migrations(db):
            return []
        # Processes starting at once on a new or older file take turns on a lock on its folder:
        # one creates or migrates the schema, the others then find nothing pending. (A lock of
        # its own, not a transaction: a migration that rebuilds a table must switch foreign keys
        # off, which SQLite allows only outside a transaction.)
        with _file_lock(path):
            return _migrate(db, path)
    # A migration may take longer than the bounded wait for an ordinary lock.
    db.execute_sql(f"SET lock_timeout = '{MIGRATION_WAIT_S}s'")
    try:
        db.execute_sql("SELECT pg_advisory_lock(?)", (_MIGRATION_LOCK,))
        try:
            owner = _owner_to_become(db) if pending_migrations(db) else None
            if owner:
                # An admin who is not the owner migrates as the admin group that owns the tables,
                # so what the migration creates belongs to the group too.
                db.execute_sql(f'SET ROLE "{owner}"')
            try:
                done = _migrate(db, None)
                if done:
                    from models import roles

                    roles.apply_grants(db)  # a table a migration added gets the groups' rights
                return done
            finally:
                if owner:
                    db.execute_sql("RESET ROLE")
        finally:
            db.execute_sql("SELECT pg_advisory_unlock(?)", (_MIGRATION_LOCK,))
    finally:
        db.execute_sql("RESET lock_timeout")


def _owner_to_become(db: peewee.Database) -> str | None:
    """The owner of the tables when this session is not it but has its privileges."""
    row = db.execute_sql(
        "SELECT pg_get_userbyid(c.relowner), pg_get_userbyid(c.relowner) <> current_user "
        "AND pg_has_role(current_user, c.relowner, 'USAGE') "
        "FROM pg_class c WHERE c.oid = to_regclass(quote_ident(current_schema()) || '.change_log')"
    ).fetchone()
    return row[0] if row and row[1] else None


_MIGRATION_LOCK = 0x70616C61746D  # "palatm"
MIGRATION_WAIT_S = 600


@contextmanager
def _file_lock(path: Path | None) -> Iterator[None]:
    """An exclusive lock (flock) on the database's folder for as long as the block runs: no side
    file to leave behind or to own, and any account that can open the register can take it.
    (Not on the database file itself: closing another descriptor of that file would drop the
    locks SQLite holds on it.) None for a database without a path of its own."""
    if path is None or fcntl is None:
        yield
        return
    try:
        fd = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        yield  # a folder we cannot open: opening the register will say what is wrong itself
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _migrate(db: peewee.Database, path: Path | None) -> list[str]:
    pending = pending_migrations(db)
    if not pending:
        return []
    if path is not None and _has_tables(db) and any(_changes_sqlite(name) for name in pending):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_to(db, path.with_name(f"{path.name}.before-{pending[0]}-{stamp}.bak"))
    try:
        return _runner(db).up()
    except peewee.OperationalError as exc:
        raise StoreError("err.db.migration_failed", detail=str(exc)) from None


def _changes_sqlite(name: str) -> bool:
    """Whether migration `name` changes a SQLite file. One that says it is for PostgreSQL only
    (`STORES = ("postgresql",)`) needs no backup copy of the file first: at a million companies
    that copy is 3.7 GB of disk and some 10 s of every colleague's first start after an update."""
    spec = importlib.util.spec_from_file_location(f"palata_migration_{name}", MIGRATIONS_DIR / f"{name}.py")
    if spec is None or spec.loader is None:
        return True
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return "sqlite" in getattr(module, "STORES", ("sqlite", "postgresql"))


def _has_tables(db: peewee.Database) -> bool:
    return bool(db.get_tables())


def backup_to(db: peewee.Database, target: Path) -> Path:
    """A consistent copy of the live database through SQLite's online backup API (from
    PostgreSQL: the whole register copied into a new SQLite file, `models.transfer`)."""
    target = Path(target)
    if backend.of(db) is backend.POSTGRES:
        from models.transfer import copy_register

        copy_register(db, str(target))
        return target
    if target.is_dir():
        raise StoreError("err.backup.is_folder", path=target)
    try:
        with safefile.replacing(target) as tmp:
            dest = sqlite3.connect(str(tmp))
            try:
                db.connection().backup(dest)
                # a file on its own: opening it later needs no -wal/-shm beside it
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
    except OSError as exc:
        raise StoreError("err.backup.not_written", path=target, reason=exc.strerror) from None
    return target


def connect_reader() -> None:
    """Connect the calling thread for reads that go on for a screen's life (the companies
    screen's typed searches), kept open and warm between them (`SqliteBackend.keep_warm`)."""
    if database.connect(reuse_if_open=True):
        backend.current().keep_warm(database)


def warm_reader() -> None:
    """On the reader's thread, once its first answer is on the screen: read ahead what the first
    searches would read a page at a time (`SqliteBackend.warm_up`)."""
    connect_reader()
    backend.current().warm_up(database)


def connected():
    """A connection of the calling thread for the length of a `with` block, closed after it (the
    app's background loaders and saves each run in one)."""
    return database.connection_context()
