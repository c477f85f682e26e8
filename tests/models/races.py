"""Colleagues in tests: another session on its own connection (a thread; peewee keeps a
connection per thread), holding its transaction open until the test lets it commit."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from models import backend
from models.db import database

WAIT_S = 30.0


class Session:
    """`work` run in a thread on its own connection; `result` or `error` once it ended."""

    def __init__(self, work: Callable[[], Any], *, hold: bool = False):
        self.work = work
        self.hold = hold
        self.result: Any = None
        self.error: BaseException | None = None
        self.started_at = self.ended_at = 0.0
        self._ready = threading.Event()
        self._release = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        self.started_at = time.monotonic()
        try:
            if self.hold:
                with database.atomic():
                    self.result = self.work()
                    self._ready.set()
                    self._release.wait(WAIT_S)
            else:
                self.result = self.work()
        except BaseException as exc:  # handed to the test, which asserts on it
            self.error = exc
        finally:
            self.ended_at = time.monotonic()
            self._ready.set()
            if not database.is_closed():
                database.close()

    def start(self) -> Session:
        self.thread.start()
        if self.hold:
            assert self._ready.wait(WAIT_S)
            assert self.error is None, self.error
        return self

    def commit(self) -> Session:
        """Let a held transaction commit, and wait for the thread."""
        self._release.set()
        return self.join()

    def join(self) -> Session:
        self.thread.join(WAIT_S)
        assert not self.thread.is_alive()
        return self

    @property
    def seconds(self) -> float:
        return self.ended_at - self.started_at


def hold(work: Callable[[], Any]) -> Session:
    """A colleague who did `work` and has not committed yet."""
    return Session(work, hold=True).start()


def run(work: Callable[[], Any]) -> Session:
    """`work` started in the background."""
    return Session(work).start()


def wait_until_blocked(sessions: int = 1) -> None:
    """On PostgreSQL, until `sessions` sessions of this database wait for a lock (a condition
    the server reports, not a guess). SQLite tells nobody who waits on its busy timeout; there
    the tests assert outcomes that hold whichever session came first."""
    if backend.current() is not backend.POSTGRES:
        return
    import psycopg2

    conn = psycopg2.connect(database.obj.database)
    conn.autocommit = True
    try:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            with conn.cursor() as cur:
                cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                            "AND wait_event_type = 'Lock'")
                if cur.fetchone()[0] >= sessions:
                    return
            time.sleep(0.01)
        raise AssertionError("no session came to wait for the lock")
    finally:
        conn.close()


def once_in(thread: threading.Thread | None, hook: Callable[[], None],
            original: Callable[..., Any]) -> Callable[..., Any]:
    """`original`, which runs `hook` first, the first time it is called in `thread` (the main
    thread when None)."""
    done = []

    def wrapped(*args, **kwargs):
        here = threading.current_thread()
        if not done and here is (thread or threading.main_thread()):
            done.append(True)
            hook()
        return original(*args, **kwargs)
    return wrapped
