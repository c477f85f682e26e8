"""A stored day, or a stored moment, as Python's, whichever store it came from: PostgreSQL's
driver gives `date` and `datetime`, SQLite's gives ISO text. The one place that reads them, with
the difference said by the name:

- `day(value)` — a day (a `DateField`): a moment met where a day is stored (a `datetime`, or text
  with a time) is cut to its day, on both stores alike;
- `moment(value)` — a moment (the change log's time): a `datetime` as it is, text read whole, a
  bare day as its midnight."""

from __future__ import annotations

import functools
from datetime import date, datetime, time


def day(value: object) -> date | None:
    """A stored day as a date (None stays None)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _parsed(str(value))


@functools.lru_cache(maxsize=65_536)
def _parsed(text: str) -> date:
    """SQLite's ISO text as a date; a register holds few distinct days, so each is parsed once."""
    return date.fromisoformat(text[:10])


def moment(value: object) -> datetime | None:
    """A stored moment as a datetime (None stays None)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    return datetime.fromisoformat(str(value))
