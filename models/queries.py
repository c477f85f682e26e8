"""What the screens and the command ask of the store, as functions returning plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import search
from models.db import database

_ORDER = {
    "name": "c.sort_name, c.id",
    "inn": "c.inn IS NULL, c.inn, c.id",
    "city": "c.city IS NULL, c.city, c.sort_name, c.id",
    "status": "c.member_status IS NULL, c.member_status, c.sort_name, c.id",
}


@dataclass(frozen=True)
class CompanyRow:
    id: int
    name: str
    legal_form: str | None
    inn: str | None
    city: str | None
    industry: str | None
    member_status: str | None
    open_interests: int
    last_activity: date | None

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.legal_form}" if self.legal_form else self.name


_ROW_SELECT = """
SELECT c.id, c.short_name, c.legal_form, c.inn, c.city, c.industry, c.member_status,
  (SELECT count(*) FROM interest i WHERE i.company_id = c.id AND i.status IN ('open', 'in_work')),
  (SELECT max(a.happened_on) FROM activity a WHERE a.company_id = c.id)
"""


def _row(values: tuple) -> CompanyRow:
    last = values[8]
    if isinstance(last, str):
        last = date.fromisoformat(last[:10])
    return CompanyRow(*values[:8], last)


def _source(text: str | None, status: str | None) -> tuple[str, list, bool]:
    """FROM and WHERE for the filters; the bool says whether the search index is joined."""
    where, params = ["c.archived_at IS NULL"], []
    if status:
        where.append("c.member_status = ?")
        params.append(status)
    expr = search.match_expression(text)
    if expr is None:
        return "FROM company c WHERE " + " AND ".join(where), params, False
    return ("FROM search_index JOIN company c ON c.id = search_index.rowid "
            "WHERE search_index MATCH ? AND " + " AND ".join(where)), [expr, *params], True


def list_companies(text: str | None = None, *, status: str | None = None, offset: int = 0,
                   limit: int = 100, order: str = "name") -> list[CompanyRow]:
    """One page of the register: matching `text` (best first) or all, ordered by `order`."""
    source, params, searched = _source(text, status)
    order_by = f"{search.RANK}, c.sort_name" if searched else _ORDER.get(order, _ORDER["name"])
    sql = f"{_ROW_SELECT} {source} ORDER BY {order_by} LIMIT ? OFFSET ?"
    return [_row(r) for r in database.execute_sql(sql, [*params, limit, offset])]


def count_companies(text: str | None = None, *, status: str | None = None) -> int:
    """How many companies `list_companies` would page through."""
    source, params, _ = _source(text, status)
    return database.execute_sql(f"SELECT count(*) {source}", params).fetchone()[0]


def is_empty() -> bool:
    """True when the register holds no company at all (archived included)."""
    return database.execute_sql("SELECT NOT EXISTS (SELECT 1 FROM company)").fetchone()[0] == 1
