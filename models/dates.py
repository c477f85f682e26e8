"""A stored day as a `date`, whichever store it came from."""

from __future__ import annotations

import functools
from datetime import date, datetime


def day(value) -> date | None:
    """A date as either driver gives it (PostgreSQL a date or a moment, SQLite ISO text)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _parsed(value)


@functools.lru_cache(maxsize=65_536)
def _parsed(text: str) -> date:
    """SQLite's ISO text as a date; a register holds few distinct days, so each is parsed once."""
    return date.fromisoformat(str(text)[:10])
