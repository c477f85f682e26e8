"""What every part of the chamber's report is made of: the period, a figure and the companies
behind it, and the small readers the parts share (days as the drivers give them, names, chunks of
ids small enough for one statement on either store)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from models.db import database
from models.dossier import company_name


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
class Figure:
    """One number of the report (a bar, a row) and the companies it counts."""

    key: str  # a month "YYYY-MM", a code of a vocabulary, a town, a section letter…
    count: int
    companies: tuple[int, ...] = ()


def figure(key: str, ids: Iterable[int]) -> Figure:
    """A figure counting the distinct companies `ids`."""
    ids = tuple(sorted(set(ids)))
    return Figure(key, len(ids), ids)


def by_key(pairs: Iterable[tuple[str, int]], keys: Iterable[str] | None = None) -> list[Figure]:
    """Figures per key: in `keys`' order (every key, zeros too), else the largest first."""
    groups: dict[str, set[int]] = defaultdict(set)
    for key, company in pairs:
        groups[key].add(company)
    if keys is not None:
        return [figure(k, groups.get(k, ())) for k in keys]
    figures = [figure(k, v) for k, v in groups.items()]
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


def names_of(ids: Iterable[int]) -> dict[int, str]:
    """id -> the company's name as lists show it."""
    ids = sorted(set(ids))
    out: dict[int, str] = {}
    for chunk in chunks(ids):
        where, params = in_list("id", chunk)
        for cid, short, form in database.execute_sql(
                f"SELECT id, short_name, legal_form FROM company WHERE {where}", params):
            out[cid] = company_name(short, form)
    return out


