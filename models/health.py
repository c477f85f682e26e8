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
from models.errors import StoreError
from models.identifiers import identifier_problem


@dataclass
class Finding:
    ok: bool
    title: str
    details: list[str] = field(default_factory=list)
    repaired: bool = False


def integrity() -> Finding:
    rows = backend.current().integrity(database)
    ok = rows == ["ok"]
    if backend.current() is backend.POSTGRES:
        title = "База данных на сервере PostgreSQL отвечает" if ok else "База данных на сервере не отвечает"
    else:
        title = "Целостность файла базы данных" if ok else "Файл базы данных повреждён"
    return Finding(ok, title, [] if ok else rows[:20])


def foreign_keys() -> Finding:
    rows = backend.current().foreign_key_problems(database)
    details = [f"{table}: строка {rowid} ссылается на отсутствующую запись в {parent}"
               for table, rowid, parent, _ in rows[:20]]
    return Finding(not rows, "Ссылки между записями" if not rows else f"Записи-сироты: {len(rows)}", details)


def search_index(repair: bool = True) -> Finding:
    if search.index_matches_tables():
        return Finding(True, "Поисковый индекс соответствует таблицам")
    if not repair:
        return Finding(False, "Поисковый индекс не соответствует таблицам")
    count = search.rebuild()
    return Finding(True, f"Поисковый индекс не соответствовал таблицам и перестроен ({count} компаний)",
                   repaired=True)


def identifiers() -> Finding:
    details = []
    for cid, name, inn, kpp, ogrn, unp in database.execute_sql(
            "SELECT id, short_name, inn, kpp, ogrn, unp FROM company WHERE archived_at IS NULL"):
        for kind, value in (("inn", inn), ("kpp", kpp), ("ogrn", ogrn), ("unp", unp)):
            problem = identifier_problem(kind, value) if value else None
            if problem:
                details.append(f"№ {cid} «{name}»: {problem}")
    title = "Идентификаторы компаний верны" if not details else f"Неверные идентификаторы: {len(details)}"
    return Finding(not details, title, details[:50])


def permissions() -> Finding | None:
    """Whether accounts outside the file's owner and group can read or change the register: on
    SQLite its file's permissions are the only boundary. None on PostgreSQL."""
    from models.db import database_file

    path = database_file()
    if path is None:
        return None
    details = []
    for item in (path.parent, path):  # SQLite gives the -wal/-shm the file's own mode
        try:
            mode = item.stat().st_mode
        except OSError:
            continue
        if mode & 0o006:
            what = "папка" if item.is_dir() else "файл"
            rights = " и ".join(w for bit, w in ((0o004, "читать"), (0o002, "изменять")) if mode & bit)
            details.append(f"{what} {item} ({stat.filemode(mode)}): {rights} может любой пользователь "
                           f"сервера; закройте доступ: chmod o-rwx {item}")
    blocking = []
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists() and os.access(path, os.W_OK) and not os.access(side, os.W_OK):
            blocking.append(f"файл {side} ({stat.filemode(side.stat().st_mode)}) принадлежит учётной записи "
                           f"{_owner(side)}, и эта учётная запись не может его изменить: пока его не удалят "
                           "(когда никто не работает с базой), изменения невозможны")
    if details:
        title = "Файл базы данных или его папка доступны всем пользователям сервера"
    elif blocking:
        title = "Файлы другой учётной записи рядом с базой данных мешают её изменять"
    else:
        title = "Файл базы данных закрыт от посторонних"
    return Finding(not details and not blocking, title, details + blocking)


def _owner(path: Path) -> str:
    uid = path.stat().st_uid
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


def run_doctor(repair: bool = True) -> list[Finding]:
    """Every check, repairing what can be repaired safely (the search index)."""
    first = integrity()
    if not first.ok:
        return [first]
    access = permissions()
    return [first, *([access] if access else []), foreign_keys(), search_index(repair), identifiers()]


def restore_from(backup: Path) -> None:
    """Replace the open database's content with a backup, through SQLite's online backup API so
    other processes keep working and see the restored register."""
    backup = Path(backup)
    if backend.current() is backend.POSTGRES:
        raise StoreError("Восстановление из копии-файла заменяет файл SQLite; для базы на сервере "
                         "PostgreSQL скопируйте копию в новую пустую базу: palata copy --db КОПИЯ.db "
                         "--to postgresql://… (или восстановите резервную копию сервера).")
    if not backup.is_file():
        raise StoreError(f"Файл резервной копии {backup} не найден.")
    try:
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise StoreError(f"Резервная копия {backup} повреждена; восстановление отменено.")
            has_schema = src.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'schema_migration'").fetchone()
            if not has_schema:
                raise StoreError(f"{backup} не является резервной копией базы Palata.")
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
        raise StoreError(f"{backup} не является резервной копией базы Palata ({exc}).") from None
