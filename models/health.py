"""Checking and repairing the store: what `palata doctor` runs, and restoring from a backup."""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from models import backend, search
from models.db import database
from models.errors import Problem, StoreError
from models.identifiers import identifier_problem


@dataclass
class Finding:
    """One check: its title and details are problems for the interface to word (a detail the
    database wrote itself, such as an integrity report's line, is kept as its text)."""

    ok: bool
    title: Problem
    details: list[Problem | str] = field(default_factory=list)
    repaired: bool = False


def integrity() -> Finding:
    rows = backend.current().integrity(database)
    ok = rows == ["ok"]
    if backend.current() is backend.POSTGRES:
        title = Problem("doctor.server_ok" if ok else "doctor.server_silent")
    else:
        title = Problem("doctor.file_ok" if ok else "doctor.file_damaged")
    return Finding(ok, title, [] if ok else list(rows[:20]))


def foreign_keys() -> Finding:
    rows = backend.current().foreign_key_problems(database)
    details: list[Problem | str] = [Problem("doctor.orphan", {"table": table, "row": rowid, "parent": parent})
                                    for table, rowid, parent, _ in rows[:20]]
    title = Problem("doctor.links_ok") if not rows else Problem("doctor.orphans", {"count": len(rows)})
    return Finding(not rows, title, details)


def search_index(repair: bool = True) -> Finding:
    if search.index_matches_tables():
        return Finding(True, Problem("doctor.index_ok"))
    if not repair:
        return Finding(False, Problem("doctor.index_off"))
    count = search.rebuild()
    return Finding(True, Problem("doctor.index_rebuilt", {"count": count}), repaired=True)


def live_count(repair: bool = True) -> Finding | None:
    """On PostgreSQL, whether the number of live companies the server keeps (migration 0015) is
    the count of the table's rows; None when it is (and on SQLite, which counts the table). A
    repair counts them again, the writers' changes held back meanwhile (they wait for it)."""
    live = backend.current().live_count_sql
    if not live:
        return None
    counted = "SELECT count(*) FROM company WHERE archived_at IS NULL"
    if database.execute_sql(live).fetchone()[0] == database.execute_sql(counted).fetchone()[0]:
        return None
    if not repair:
        return Finding(False, Problem("doctor.live_count_off"))
    with database.atomic():
        database.execute_sql("LOCK TABLE company_live_count IN EXCLUSIVE MODE")
        database.execute_sql("DELETE FROM company_live_count")
        database.execute_sql(f"INSERT INTO company_live_count (delta) {counted}")
    return Finding(True, Problem("doctor.live_count_redone"), repaired=True)


def prefix_counts(repair: bool = True) -> Finding | None:
    """On PostgreSQL, whether the numbers of index rows by the prefixes of their words, which the
    server keeps (migration 0022), are counted right; None when they are (and on SQLite). A repair
    counts them again, the writers of the index held back meanwhile (they wait for it)."""
    if not backend.current().keeps_prefix_counts:
        return None
    kept = ("SELECT prefix AS p, sum(delta) AS n FROM search_prefix_count GROUP BY prefix "
            "HAVING sum(delta) <> 0")
    counted = backend.counted_prefixes_sql()
    off = database.execute_sql(f"SELECT count(*) FROM ({kept}) k FULL JOIN ({counted}) c(p, n) USING (p) "
                               "WHERE k.n IS DISTINCT FROM c.n").fetchone()[0]
    if not off:
        return None
    if not repair:
        return Finding(False, Problem("doctor.prefix_counts_off", {"count": off}))
    with database.atomic():
        database.execute_sql("LOCK TABLE search_index IN SHARE MODE")
        database.execute_sql("DELETE FROM search_prefix_count")
        database.execute_sql(f"INSERT INTO search_prefix_count (prefix, delta) {counted}")
    return Finding(True, Problem("doctor.prefix_counts_redone", {"count": off}), repaired=True)


def identifiers() -> Finding:
    details: list[Problem | str] = []
    for cid, name, inn, kpp, ogrn, unp in database.execute_sql(
            "SELECT id, short_name, inn, kpp, ogrn, unp FROM company WHERE archived_at IS NULL"):
        for kind, value in (("inn", inn), ("kpp", kpp), ("ogrn", ogrn), ("unp", unp)):
            problem = identifier_problem(kind, value) if value else None
            if problem:
                details.append(Problem("doctor.bad_identifier",
                                       {"id": cid, "name": name, "problem": problem}))
    title = (Problem("doctor.identifiers_ok") if not details
             else Problem("doctor.identifiers_bad", {"count": len(details)}))
    return Finding(not details, title, details[:50])


def permissions() -> Finding | None:
    """Whether accounts outside the file's owner and group can read or change the register: on
    SQLite its file's permissions are the only boundary. None on PostgreSQL."""
    from models.db import database_file

    path = database_file()
    if path is None:
        return None
    details: list[Problem | str] = []
    for item in (path.parent, path):  # SQLite gives the -wal/-shm the file's own mode
        try:
            mode = item.stat().st_mode
        except OSError:
            continue
        if mode & 0o006:
            code = {(True, 0o004): "doctor.open_folder_read", (True, 0o002): "doctor.open_folder_write",
                    (True, 0o006): "doctor.open_folder_both", (False, 0o004): "doctor.open_file_read",
                    (False, 0o002): "doctor.open_file_write", (False, 0o006): "doctor.open_file_both",
                    }[(item.is_dir(), mode & 0o006)]
            details.append(Problem(code, {"path": str(item), "mode": stat.filemode(mode)}))
    blocking: list[Problem | str] = []
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists() and os.access(path, os.W_OK) and not os.access(side, os.W_OK):
            blocking.append(Problem("doctor.foreign_side_file", {
                "path": str(side), "mode": stat.filemode(side.stat().st_mode), "owner": _owner(side)}))
    if details:
        title = Problem("doctor.open_to_all")
    elif blocking:
        title = Problem("doctor.side_files_block")
    else:
        title = Problem("doctor.closed")
    return Finding(not details and not blocking, title, details + blocking)


def _owner(path: Path) -> str:
    uid = path.stat().st_uid
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


# A table is due for upkeep past PostgreSQL's own autovacuum thresholds (their defaults): dead
# rows over a fifth of the table, changes since the planner's last look over a tenth, or rows
# added since the last vacuum over a fifth. The last is what a bulk load leaves (Palata analyzes
# the tables it loads, and no row is dead): until vacuumed, no page is marked all-visible, and
# every index read goes to the table's rows as well.
_DEAD_SHARE, _CHANGED_SHARE, _INSERTED_SHARE, _BASE = 0.2, 0.1, 0.2, 50


def upkeep(repair: bool = True) -> Finding | None:
    """On PostgreSQL, whether the server tidies Palata's tables itself (autovacuum): where it does
    not (switched off for the server or for a table), a table a large import or undo left with
    dead rows and stale statistics slows every search and count that reads it (a count reads the
    whole table instead of its index; the planner misjudges the search index). Repairing vacuums
    and analyzes those tables. None on SQLite, which needs no upkeep."""
    if backend.current() is not backend.POSTGRES:
        return None
    server_on = database.execute_sql("SELECT current_setting('autovacuum') = 'on'").fetchone()[0]
    due = [table for table, dead, changed, inserted, live, table_on in database.execute_sql(
        "SELECT s.relname, s.n_dead_tup, s.n_mod_since_analyze, s.n_ins_since_vacuum, s.n_live_tup, "
        "       NOT coalesce('autovacuum_enabled=false' = ANY (c.reloptions), false) "
        "FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
        "WHERE s.schemaname = current_schema() ORDER BY s.relname")
        if not (server_on and table_on)
        and (dead > _BASE + _DEAD_SHARE * live or changed > _BASE + _CHANGED_SHARE * live
             or inserted > _BASE + _INSERTED_SHARE * live)]
    if server_on and not due:
        return Finding(True, Problem("doctor.upkeep_ok"))
    off = Problem("doctor.upkeep_server_off" if not server_on else "doctor.upkeep_tables_off")
    if not due:
        return Finding(True, Problem("doctor.upkeep_tidy"), [off])
    tables = Problem("doctor.upkeep_tables", {"tables": ", ".join(due)})
    if not repair:
        return Finding(False, Problem("doctor.upkeep_due", {"count": len(due)}), [off, tables])
    for table in due:  # VACUUM runs outside a transaction: the store is in autocommit between them
        database.execute_sql(f'VACUUM (ANALYZE) "{table}"')
    return Finding(True, Problem("doctor.upkeep_done", {"count": len(due)}), [off, tables], repaired=True)


def run_doctor(repair: bool = True) -> list[Finding]:
    """Every check, repairing what can be repaired safely (the search index, the counts of live
    companies and of words' prefixes PostgreSQL keeps, the tables' upkeep)."""
    first = integrity()
    if not first.ok:
        return [first]
    access = permissions()
    findings = [first, *([access] if access else []), foreign_keys(), search_index(repair)]
    kept = [f for f in (live_count(repair), prefix_counts(repair)) if f]
    findings += [*kept, identifiers()]
    # last: the repairs above (a rebuilt index) leave dead rows of their own to tidy
    tidy = upkeep(repair)
    return findings + ([tidy] if tidy else [])


def restore_from(backup: Path) -> None:
    """Replace the open database's content with a backup, through SQLite's online backup API so
    other processes keep working and see the restored register."""
    backup = Path(backup)
    if backend.current() is backend.POSTGRES:
        raise StoreError("err.restore.on_server")
    if not backup.is_file():
        raise StoreError("err.restore.not_found", path=backup)
    try:
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise StoreError("err.restore.damaged", path=backup)
            has_schema = src.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'schema_migration'").fetchone()
            if not has_schema:
                raise StoreError("err.restore.not_palata", path=backup)
            # through a private copy, where it takes the live register's id (migration 0012): the
            # processes that have the file open see the register restored, not replaced
            with tempfile.TemporaryDirectory(prefix=".palata-restore.") as folder:
                staged = sqlite3.connect(Path(folder) / "staged.db")
                try:
                    src.backup(staged)
                    live_id = database.execute_sql("PRAGMA application_id").fetchone()[0]
                    if live_id:
                        staged.execute(f"PRAGMA application_id = {int(live_id)}")
                        staged.commit()
                    staged.backup(database.connection())
                finally:
                    staged.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError("err.restore.not_palata_detail", path=backup, detail=str(exc)) from None
