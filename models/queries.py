"""What the screens and the command ask of the store, as functions returning plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import browse, search
from models.browse import CompanyFilter
from models.db import database


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


def _source(text: str | None, status: str | None,
            filters: CompanyFilter | None = None) -> tuple[str, list, bool]:
    """FROM and WHERE for the filters; the bool says whether the search index is joined."""
    where, params = ["c.archived_at IS NULL"], []
    if status:
        where.append("c.member_status = ?")
        params.append(status)
    more, more_params = browse.conditions(filters)
    where += more
    params += more_params
    expr = search.match_expression(text)
    if expr is None:
        return "FROM company c WHERE " + " AND ".join(where), params, False
    return ("FROM search_index JOIN company c ON c.id = search_index.rowid "
            "WHERE search_index MATCH ? AND " + " AND ".join(where)), [expr, *params], True


def list_companies(text: str | None = None, *, status: str | None = None, offset: int = 0,
                   limit: int = 100, order: str | None = None, descending: bool = False,
                   filters: CompanyFilter | None = None) -> list[CompanyRow]:
    """One page of the register: matching `text` and `filters`, ordered by the column `order`
    (see `models.browse.SORTS`); with no order, best match first when searching, else by name.

    The page's ids are found first and only those rows are built, so a deep page of a sort on a
    computed column (open interests, last activity) does not compute it for every row twice."""
    source, params, searched = _source(text, status, filters)
    if order is None and searched:
        order_by = f"{search.RANK}, c.sort_name, c.id"
    else:
        order_by = browse.order_by(order or "name", descending)
    ids = [r[0] for r in database.execute_sql(
        f"SELECT c.id {source} ORDER BY {order_by} LIMIT ? OFFSET ?", [*params, limit, offset])]
    if not ids:
        return []
    rows = {r[0]: _row(r) for r in database.execute_sql(
        f"{_ROW_SELECT} FROM company c WHERE c.id IN ({','.join('?' * len(ids))})", ids)}
    return [rows[i] for i in ids if i in rows]


def count_companies(text: str | None = None, *, status: str | None = None,
                    filters: CompanyFilter | None = None) -> int:
    """How many companies `list_companies` would page through."""
    source, params, _ = _source(text, status, filters)
    return database.execute_sql(f"SELECT count(*) {source}", params).fetchone()[0]


def is_empty() -> bool:
    """True when the register holds no company at all (archived included)."""
    return database.execute_sql("SELECT NOT EXISTS (SELECT 1 FROM company)").fetchone()[0] == 1
