"""What the person connected may do with the register: read, edit, or administer it.

On SQLite the boundary is the file's permissions: whoever can write the file may do everything,
whoever can only read it is a reader (`models.db.is_read_only`). On PostgreSQL it is the server's
roles (`models.roles`): the level is read from the session's own privileges when the store is
opened, so a role set up by hand by a DBA is judged by what it really may do.

Screens and commands ask `can(action)` to hide or refuse what the level does not allow, before
any SQL runs; `require(action)` raises `NotAllowed`, which the edge turns into one sentence.
"""

from __future__ import annotations

import peewee

from models import backend
from models.errors import PalataError

READER, EDITOR, ADMIN = "reader", "editor", "admin"
LEVELS = (READER, EDITOR, ADMIN)

# The least level each action needs.
NEEDS: dict[str, str] = {
    "read": READER, "export": READER, "backup": READER,
    "edit": EDITOR, "import": EDITOR, "repair": EDITOR,
    "merge": ADMIN, "undo_import": ADMIN, "undo_merge": ADMIN, "restore": ADMIN, "copy": ADMIN,
    "migrate": ADMIN,
}


class NotAllowed(PalataError):
    """The connected account's level does not allow `action`."""

    def __init__(self, action: str, level: str):
        self.action = action
        self.level = level
        super().__init__("rights.denied", action=action, level=level)


# SQL asking the session's own privileges (PostgreSQL). Admin: the session has the privileges of
# the owner of the change log (after migration 0008 the owner is the database's admin group role);
# editor: it may change companies and append to the change log.
_ADMIN_SQL = ("SELECT coalesce(pg_has_role(session_user, c.relowner, 'USAGE'), false) FROM pg_class c "
              "WHERE c.oid = to_regclass(quote_ident(current_schema()) || '.change_log')")
_EDITOR_SQL = ("SELECT has_table_privilege(quote_ident(current_schema()) || '.change_log', 'INSERT') "
               "AND has_table_privilege(quote_ident(current_schema()) || '.company', 'UPDATE')")

_cache: dict[str, object] = {}


def detect(db: peewee.Database) -> str:
    """The level of the session on `db` (an open store)."""
    db = getattr(db, "obj", db)
    if backend.of(db) is not backend.POSTGRES:
        from models.db import is_read_only

        return READER if is_read_only() else ADMIN
    row = db.execute_sql(_ADMIN_SQL).fetchone()
    if row is None or row[0]:  # no tables yet: whoever creates them owns them
        return ADMIN
    return EDITOR if db.execute_sql(_EDITOR_SQL).fetchone()[0] else READER


def may_open(db: peewee.Database) -> bool:
    """Whether the session may read the register at all (a login with none of Palata's rights
    may not); a database with no tables yet may be opened by whoever can create them."""
    db = getattr(db, "obj", db)
    return bool(db.execute_sql(
        "SELECT to_regclass(quote_ident(current_schema()) || '.change_log') IS NULL OR "
        "has_table_privilege(quote_ident(current_schema()) || '.change_log', 'SELECT')").fetchone()[0])


def level() -> str:
    """The level on the open store, worked out once per opened database."""
    from models.db import database

    if _cache.get("db") is not database.obj:
        _cache["level"] = detect(database.obj)
        _cache["db"] = database.obj
    return str(_cache["level"])


def forget() -> None:
    """Work the level out again at the next question (the store was reopened or changed)."""
    _cache.clear()


def at_least(wanted: str, have: str) -> bool:
    return LEVELS.index(have) >= LEVELS.index(wanted)


def can(action: str) -> bool:
    return at_least(NEEDS[action], level())


def require(action: str) -> None:
    """Raise NotAllowed unless the connected account may do `action`."""
    have = level()
    if not at_least(NEEDS[action], have):
        raise NotAllowed(action, have)
