"""What every part of the chamber's report is made of: the period, a figure and the companies
behind it, and the small helpers the parts share (figures per key of a grouped statement, chunks
of ids small enough for one statement on either store, the month of a stored day on each store).

A figure is counted by the database; the companies behind it are not carried along but read
when somebody asks for them (`Behind`: the statement that finds them, or their ids when the
count had to know them anyway)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from models.db import database


class BadPeriod(ValueError):
    """The period ends before it starts."""

    def __init__(self, start: date, end: date):
        self.start, self.end = start, end
        super().__init__(f"{start} > {end}")


@dataclass(frozen=True)
class Period:
    """The days a report counts, both ends included."""

    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BadPeriod(self.start, self.end)

    @classmethod
    def year(cls, year: int) -> Period:
        """1 January to 31 December of `year`."""
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def after(self) -> date:
        """The first day after the period (a stored moment of its last day is before it)."""
        return self.end + timedelta(days=1)

    def months(self) -> list[str]:
        """"YYYY-MM" of every month the period touches, in order."""
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def holds(self, day: date | None) -> bool:
        """Whether `day` falls within the period (None never does)."""
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class Behind:
    """The companies behind a figure: a statement whose column `cid` gives their ids (a company
    may come more than once) — with `key`, those of its rows whose column `k` is the key, so
    that one statement serves a whole group of figures (the workbook reads it once) — or the
    ids themselves, when the count had to know them anyway."""

    sql: str = field(default="", repr=False)
    params: tuple[object, ...] = field(default=(), repr=False)
    key: str | None = None
    ids: tuple[int, ...] | None = field(default=None, repr=False)

    def statement(self) -> tuple[str, tuple[object, ...]]:
        """A statement giving each company once, as `cid`."""
        if self.ids is not None:
            # whole numbers read from the store, written into the statement: one statement
            # whatever their number, on either store
            listed = ",".join(str(int(i)) for i in self.ids) or "NULL"
            return f"SELECT id AS cid FROM company WHERE id IN ({listed})", ()
        if self.key is not None:
            return f"SELECT DISTINCT b.cid FROM ({self.sql}) b WHERE b.k = ?", (*self.params, self.key)
        return f"SELECT DISTINCT b.cid FROM ({self.sql}) b", self.params


@dataclass(frozen=True)
class Figure:
    """One number of the report (a bar, a row) and how to find the companies it counts."""

    key: str  # a month "YYYY-MM", a code of a vocabulary, a town, a section letter…
    count: int
    behind: Behind | None = None

    @property
    def companies(self) -> tuple[int, ...]:
        """The ids of the companies behind the figure, in order (read from the store now)."""
        return company_ids(self.behind)


def company_ids(behind: Behind | None) -> tuple[int, ...]:
    """The ids of the companies `behind` finds, in order."""
    if behind is None:
        return ()
    if behind.ids is not None:
        return tuple(sorted(set(behind.ids)))
    sql, params = behind.statement()
    return tuple(r[0] for r in database.execute_sql(f"{sql} ORDER BY 1", params))


def is_postgres() -> bool:
    """Whether the open store is PostgreSQL (where the two write a statement differently)."""
    from models import backend

    return isinstance(backend.current(), backend.PostgresBackend)


def month_of(column: str) -> str:
    """SQL for the month "YYYY-MM" of a stored day or moment: PostgreSQL keeps dates, SQLite
    ISO text."""
    return f"to_char({column}, 'YYYY-MM')" if is_postgres() else f"substr({column}, 1, 7)"


def grouped(sql: str, params: Sequence[object]) -> dict[str, int]:
    """key -> count of a statement giving `k` and a count per key."""
    return {k: n for k, n in database.execute_sql(sql, tuple(params))}


def keyed(counts: dict[str, int], group: tuple[str, tuple[object, ...]],
          keys: Iterable[str] | None = None) -> list[Figure]:
    """Figures per key of `group` (a statement of `k` and `cid`: see `Behind`): in `keys`' order
    (every key, zeros too), else the largest first ("" — unknown — last among equals)."""
    sql, params = group
    if keys is not None:
        return [Figure(k, counts.get(k, 0), Behind(sql, params, k)) for k in keys]
    figures = [Figure(k, n, Behind(sql, params, k)) for k, n in counts.items()]
    return sorted(figures, key=lambda f: (-f.count, f.key == "", f.key))


def month(day: date) -> str:
    """The month's key of a day: "YYYY-MM"."""
    return f"{day.year:04d}-{day.month:02d}"


def chunks(ids: list[int], size: int = 900) -> Iterable[list[int]]:
    """`ids` in slices small enough for one statement's parameters on either store."""
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def in_list(column: str, ids: list[int]) -> tuple[str, list[int]]:
    """"column IN (?, …)" and its parameters."""
    return f"{column} IN ({','.join('?' * len(ids))})", ids
