"""Closing an SQLite connection without its checkpoint.

The last connection to a WAL database to close copies the log into the database file. When
another register was copied into the same file under a running process (`cp` over it keeps the
inode), that log belongs to the register that was there before: copied in, it would overwrite the
new register with the old one's pages. SQLite can be told to skip it
(SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE); Python says so from 3.12 on (`Connection.setconfig`), and
before that only SQLite's own C function can, reached through ctypes."""

from __future__ import annotations

import ctypes
import ctypes.util
import platform
import sqlite3
import sys

NO_CKPT_ON_CLOSE = 1006  # SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, sqlite3.h (SQLite 3.16+)


def _library() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("sqlite3")
    try:
        lib = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    if lib is None:
        return None
    lib.sqlite3_libversion.restype = ctypes.c_char_p
    # the very SQLite the sqlite3 module runs on (the connection's layout is that version's)
    return lib if lib.sqlite3_libversion().decode() == sqlite3.sqlite_version else None


def _handle(conn: sqlite3.Connection) -> int | None:
    """The `sqlite3*` of a connection: CPython 3.11's connection object holds it right after the
    object header (Modules/_sqlite/connection.h)."""
    if platform.python_implementation() != "CPython" or sys.version_info[:2] != (3, 11):
        return None
    return ctypes.c_void_p.from_address(id(conn) + object.__basicsize__).value


def skip_checkpoint_on_close(conn: sqlite3.Connection) -> bool:
    """Tell `conn` not to copy its log into the file when it closes; False when this Python
    cannot say so (the log is then removed before closing, which is all that is left to do)."""
    setconfig = getattr(conn, "setconfig", None)
    flag = getattr(sqlite3, "SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE", None)
    if setconfig is not None and flag is not None:
        setconfig(flag, True)
        return True
    handle, lib = _handle(conn), _library()
    if not handle or lib is None:
        return False
    done = ctypes.c_int(-1)
    rc = lib.sqlite3_db_config(ctypes.c_void_p(handle), ctypes.c_int(NO_CKPT_ON_CLOSE), ctypes.c_int(1),
                               ctypes.byref(done))
    return rc == 0 and done.value == 1
