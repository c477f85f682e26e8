"""Noticing that another process changed the store, cheaply enough to ask every second."""

from __future__ import annotations

from models.db import database


def data_version() -> tuple[int, int]:
    """A value that changes whenever anyone commits to the store.

    SQLite's `PRAGMA data_version` changes when another connection commits (it is per connection,
    so the caller keeps asking on the same one); the last change-log id covers this connection's own
    writes, which every edit through `models.store` makes.
    """
    version = database.execute_sql("PRAGMA data_version").fetchone()[0]
    last = database.execute_sql("SELECT max(id) FROM change_log").fetchone()[0] or 0
    return version, last
