"""The statements a piece of code sends to the open store, for tests of how many it takes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from models.db import database


@contextmanager
def statements_sent() -> Iterator[list[str]]:
    """A list that collects the SQL of every statement sent while inside."""
    sent: list[str] = []
    original = database.obj.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        sent.append(sql)
        return original(sql, params, *args, **kwargs)

    database.obj.execute_sql = counting
    try:
        yield sent
    finally:
        del database.obj.execute_sql
