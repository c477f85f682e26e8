""""What changed since …": the change log across the register, with the company each entry is about.

Each change-log entry names a table and a row; the company it belongs to is the row itself for a
company, the row's `company_id` for contacts, interests, activities, participations and meeting or
agreement parties, and — for a row deleted since — the company recorded in its last snapshot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, cast

from models.dates import moment
from models.db import database

# Tables whose rows belong to one company through `company_id`.
COMPANY_TABLES = ("contact", "interest", "activity", "participation", "meeting_party", "agreement_party")
TABLES = ("company", *COMPANY_TABLES, "mission", "meeting", "agreement")
DEFAULT_LIMIT = 500


@dataclass(frozen=True)
class Change:
    id: int
    at: datetime
    user: str
    table: str
    row_id: int
    action: str
    field: str | None
    old: str | None
    new: str | None
    company_id: int | None
    company_name: str | None
    batch_id: int | None = None
    # the record's own name when the entry was made (a company's, a contact's, an interest's
    # subject…), deleted records included: `record_labels`
    label: str | None = None

    @property
    def summary(self) -> str:
        """A create or delete holds the whole record as JSON: its main words, shortly."""
        text = self.new if self.action == "create" else self.old
        try:
            data = json.loads(text or "")
        except (TypeError, ValueError):
            return text or ""
        if not isinstance(data, dict):
            return str(data)
        for key in ("short_name", "name", "subject", "title", "text"):
            if data.get(key):
                return str(data[key])
        rest = {k: v for k, v in data.items() if k not in ("version", "created_at", "updated_at")}
        return ", ".join(f"{k}={v}" for k, v in list(rest.items())[:4])


def _company_expr() -> str:
    """SQL giving the company id of the change-log row `l`."""
    parts = [f"WHEN '{t}' THEN (SELECT company_id FROM \"{t}\" WHERE id = l.row_id)" for t in COMPANY_TABLES]
    return "CASE l.\"table\" WHEN 'company' THEN l.row_id " + " ".join(parts) + " END"


def as_start(value: date | datetime | str) -> datetime:
    """A day (from its midnight) or a moment; text as 2025-12-08, 08.12.2025, with an optional
    time, or 'today' / 'сегодня' / 'yesterday' / 'вчера' / 'Nd' (N days ago). Raises ValueError."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time.min)
    text = " ".join(str(value).strip().lower().split())
    today = datetime.combine(date.today(), time.min)
    if text in ("today", "сегодня"):
        return today
    if text in ("yesterday", "вчера"):
        return datetime.fromordinal(today.toordinal() - 1)
    if text.endswith(("d", "д")) and text[:-1].isdigit():
        return datetime.fromordinal(today.toordinal() - int(text[:-1]))
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S",
                "%d.%m.%Y", "%d.%m.%Y %H:%M", "%d.%m.%y"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(value)


def list_changes(since: date | datetime | str, *, user: str | None = None, table: str | None = None,
                 company: int | None = None, limit: int | None = DEFAULT_LIMIT,
                 until: datetime | None = None) -> list[Change]:
    """Change-log entries from `since` on (oldest first), optionally only one user's, one table's
    or one company's (including its contacts, interests… and the companies merged into it)."""
    start = as_start(since)
    company_expr = _company_expr()
    where = ["l.at >= ?"]
    params: list[Any] = [start.isoformat(sep=" ")]
    if until is not None:
        where.append("l.at < ?")
        params.append(until.isoformat(sep=" "))
    if user:
        where.append('l."user" = ?')
        params.append(user)
    if table:
        where.append('l."table" = ?')
        params.append(table)
    wanted: set[int] | None = None
    if company is not None:
        wanted = {company} | {r[0] for r in database.execute_sql(
            "SELECT id FROM company WHERE merged_into_id = ?", (company,))}
    if limit is not None and limit <= 0:
        return []
    # Newest first, so that only the `limit` entries shown are read: a day's import logs a change
    # per company, and reading all of them to keep the last thousand took seconds at 100,000.
    select = (f'SELECT l.id, l.at, l."user", l."table", l.row_id, l.action, l.field, l.old, l.new, '
              f"l.batch_id, {company_expr} AS cid FROM change_log l WHERE {' AND '.join(where)}")
    if wanted is None:
        sql = select + " ORDER BY l.at DESC, l.id DESC" + (" LIMIT ?" if limit is not None else "")
        rows = database.execute_sql(sql, params + ([limit] if limit is not None else [])).fetchall()
    else:
        # the company's own entries, and deleted records whose company only their snapshot knows
        ids = ", ".join("?" * len(wanted))
        deleted = ", ".join(f"'{t}'" for t in COMPANY_TABLES)
        sql = (f"SELECT * FROM ({select}) x WHERE x.cid IN ({ids}) OR (x.cid IS NULL AND "
               f"x.action = 'delete' AND x.\"table\" IN ({deleted})) ORDER BY x.at DESC, x.id DESC")
        rows = database.execute_sql(sql, params + sorted(wanted)).fetchall()
    picked = []
    for (cid_, at, who, tbl, row_id, action, fld, old, new, batch, cid) in rows:
        if cid is None and action == "delete" and tbl in COMPANY_TABLES:
            cid = _from_snapshot(old)
        if wanted is not None and cid not in wanted:
            continue
        picked.append((cid_, at, who, tbl, row_id, action, fld, old, new, batch, cid))
        if limit is not None and len(picked) >= limit:
            break
    picked.reverse()  # oldest first
    out: list[Change] = []
    companies = {p[-1] for p in picked if p[-1] is not None}
    names = _names(companies)
    labels = record_labels([(p[3], p[4], p[0]) for p in picked]
                           + [("company", cid, None) for cid in companies - set(names)])
    for (cid_, at, who, tbl, row_id, action, fld, old, new, batch, cid) in picked:
        when = cast(datetime, moment(at))  # change_log.at is NOT NULL
        # a company deleted since is named as it was last called
        company_name = names.get(cid) or (labels.get(("company", cid, None)) if cid is not None else None)
        out.append(Change(cid_, when, who, tbl, row_id, action, fld, old, new, cid, company_name, batch,
                          labels.get((tbl, row_id, cid_))))
    return out


# The field that names a record of each table (tables without one are named by their company).
NAME_FIELDS = {"company": "short_name", "contact": "name", "interest": "subject", "mission": "title",
               "meeting": "subject", "agreement": "subject", "activity": "text"}


def record_labels(wanted: list[tuple[str, int, int | None]]) -> dict[tuple[str, int, int | None], str]:
    """For each (table, row id, change-log id) the record's name as it was at that entry (None
    for the id: its last name), read from the log's own entries — the record as created, each
    change of its name, its last state when deleted — so a record deleted since keeps its name.
    A record with no such entry (older than the log) is named as it is now."""
    rows: dict[str, set[int]] = {}
    for table, row_id, _ in wanted:
        if table in NAME_FIELDS:
            rows.setdefault(table, set()).add(row_id)
    history: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for table, ids in rows.items():
        key = NAME_FIELDS[table]
        ordered = sorted(ids)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start:start + 500]
            for log_id, row_id, action, old, new in database.execute_sql(
                    'SELECT id, row_id, action, old, new FROM change_log WHERE "table" = ? '
                    f"AND row_id IN ({','.join('?' * len(chunk))}) "
                    "AND (action IN ('create', 'delete') OR field = ?) ORDER BY id", (table, *chunk, key)):
                name = _snapshot_value(new if action == "create" else old, key) \
                    if action in ("create", "delete") else new
                if name:
                    history.setdefault((table, row_id), []).append((log_id, name))
    current: dict[tuple[str, int], str] = {}
    for table, ids in rows.items():
        missing = sorted(i for i in ids if (table, i) not in history)
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            for row_id, name in database.execute_sql(
                    f'SELECT id, "{NAME_FIELDS[table]}" FROM "{table}" '
                    f"WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                if name:
                    current[(table, row_id)] = str(name)
    out: dict[tuple[str, int, int | None], str] = {}
    for table, row_id, log_id in wanted:
        names = history.get((table, row_id))
        if not names:
            if (table, row_id) in current:
                out[(table, row_id, log_id)] = current[(table, row_id)]
            continue
        label = names[-1][1] if log_id is None else next(
            (n for i, n in reversed(names) if i <= log_id), names[0][1])
        out[(table, row_id, log_id)] = label
    return out


def _snapshot_value(text: str | None, key: str) -> str | None:
    try:
        value = json.loads(text or "").get(key)
    except (ValueError, TypeError, AttributeError):
        return None
    return str(value) if value not in (None, "") else None


def _from_snapshot(text: str | None) -> int | None:
    try:
        value = json.loads(text or "").get("company")
        return int(value) if value is not None else None
    except (ValueError, TypeError, AttributeError):
        return None


def _names(ids: set[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        for cid, name, form in database.execute_sql(
                f"SELECT id, short_name, legal_form FROM company WHERE id IN ({','.join('?' * len(chunk))})",
                chunk):
            out[cid] = f"{name}, {form}" if form else name
    return out


def known_users() -> list[str]:
    return [r[0] for r in database.execute_sql('SELECT DISTINCT "user" FROM change_log ORDER BY "user"')]


__all__ = ["Change", "list_changes", "as_start", "TABLES", "known_users"]
