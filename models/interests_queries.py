"""Interests across the register for the interests screen: open needs and offers, filtered by
direction, status and words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import backend, search
from models.browse import OPEN_STATUSES
from models.dates import day
from models.db import database
from models.dossier import company_name
from models.matched import holds_all


@dataclass(frozen=True)
class InterestListRow:
    id: int
    company_id: int
    company: str
    city: str | None
    country: str | None
    direction: str
    subject: str
    status: str
    partner_geo: str | None
    opened_on: date | None


_SELECT = """
SELECT i.id, i.company_id, c.short_name, c.legal_form, c.city, c.country, i.direction, i.subject,
       i.status, i.partner_geo, i.opened_on
FROM interest i JOIN company c ON c.id = i.company_id
"""
_ORDER = "ORDER BY i.opened_on IS NULL, i.opened_on DESC, i.id DESC"
# Words narrow through the search index first; this bounds the rows compared word by word.
MAX_TEXT_ROWS = 50_000


def _row(r: tuple) -> InterestListRow:
    return InterestListRow(r[0], r[1], company_name(r[2], r[3]), r[4], r[5], r[6], r[7], r[8], r[9],
                           day(r[10]))


def _where(direction: str | None, statuses: tuple[str, ...] | None) -> tuple[str, list]:
    where, params = ["c.archived_at IS NULL"], []
    if direction:
        where.append("i.direction = ?")
        params.append(direction)
    if statuses:
        where.append(f"i.status IN ({','.join('?' * len(statuses))})")
        params += list(statuses)
    return " AND ".join(where), params


def _matches_words(row: InterestListRow, query: search.Query) -> bool:
    # every word, or one of its thesaurus group («белорусские» finds «Беларусь» too)
    return holds_all(query, f"{row.subject} {row.company} {row.city or ''} {row.partner_geo or ''} "
                            f"{row.country or ''}")


def _by_text(text: str, direction: str | None, statuses: tuple[str, ...] | None) -> list[InterestListRow]:
    query = search.parse_query(text)
    expr = query.expression() if query else None  # search.match_expression, keeping the query
    if query is None or expr is None:
        return []
    where, params = _where(direction, statuses)
    rows = [_row(r) for r in database.execute_sql(
        f"{_SELECT} WHERE i.company_id IN (SELECT rowid FROM search_index "
        f"WHERE {backend.current().match_sql()}) "
        f"AND {where} {_ORDER} LIMIT ?", [expr, *params, MAX_TEXT_ROWS])]
    return [r for r in rows if _matches_words(r, query)]


def list_interests(text: str | None = None, *, direction: str | None = None,
                   statuses: tuple[str, ...] | None = OPEN_STATUSES, offset: int = 0,
                   limit: int = 200) -> list[InterestListRow]:
    """A page of interests, newest first; `text` keeps those whose subject, company, city or
    partner geography hold every typed word (as a prefix or a Russian word form)."""
    if text and text.strip():
        return _by_text(text, direction, statuses)[offset:offset + limit]
    where, params = _where(direction, statuses)
    return [_row(r) for r in database.execute_sql(
        f"{_SELECT} WHERE {where} {_ORDER} LIMIT ? OFFSET ?", [*params, limit, offset])]


def count_interests(text: str | None = None, *, direction: str | None = None,
                    statuses: tuple[str, ...] | None = OPEN_STATUSES) -> int:
    """How many interests `list_interests` pages through."""
    if text and text.strip():
        return len(_by_text(text, direction, statuses))
    where, params = _where(direction, statuses)
    return database.execute_sql(
        f"SELECT count(*) FROM interest i JOIN company c ON c.id = i.company_id WHERE {where}",
        params).fetchone()[0]
