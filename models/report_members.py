"""The report's members and dues: who was a member at the period's start and end, who joined and
left in which month, where and in what industry the members work, and whose dues are paid, due
this quarter or overdue — with whom to call about them (see `models.reports`)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from models.dates import day
from models.db import database
from models.okved_sections import section_of
from models.report_base import Figure, Period, by_key, chunks, figure, month, names_of

OVERDUE_BUCKETS = ("3m", "6m", "12m", "more")  # up to 3 months, 3–6, 6–12, more than a year
_BUCKET_DAYS = ((90, "3m"), (181, "6m"), (365, "12m"))

@dataclass(frozen=True)
class Members:
    at_start: Figure
    at_end: Figure
    joined: list[Figure]  # by month, every month of the period
    left: list[Figure]
    left_undated: int
    by_place: list[Figure]  # members at the end by town (district), most first
    by_section: list[Figure]  # members at the end by OKVED section ("" when unknown)

    @property
    def joined_total(self) -> int:
        return sum(f.count for f in self.joined)

    @property
    def left_total(self) -> int:
        return sum(f.count for f in self.left)


@dataclass(frozen=True)
class Debtor:
    company_id: int
    name: str
    paid_until: date | None
    days_overdue: int | None  # None: no date recorded
    contact: str | None
    position: str | None
    phone: str | None


@dataclass(frozen=True)
class Dues:
    as_of: date
    quarter_end: date
    paid: Figure
    due_quarter: Figure
    overdue: list[Figure]  # by OVERDUE_BUCKETS
    unknown: Figure
    debtors: list[Debtor]  # overdue and unknown, the longest overdue first

    @property
    def overdue_total(self) -> int:
        return sum(f.count for f in self.overdue)


@dataclass(frozen=True, slots=True)
class _Member:
    """A member as the period sees it (the dates compared by the database, see `_MEMBERS`)."""

    id: int
    current: bool  # active or suspended now (not "left")
    city: str | None
    okved: str | None
    paid_until: date | None
    at_start: bool
    at_end: bool
    joined_by_as_of: bool  # joined by the day the dues are counted on
    joined_on: date | None  # within the period
    left_on: date | None  # within the period
    undated: bool  # "left" with no day of leaving in the change log


# The day a member left: when its status last became "left" (the change log's moment, compared
# with whole days: left on D <=> at >= D and at < D + 1).
_MEMBERS = """
SELECT c.id, c.member_status IN ('active', 'suspended'), c.city, c.okved, c.dues_paid_until,
  (c.member_since IS NULL OR c.member_since < ?)
    AND (c.member_status IN ('active', 'suspended') OR l.left_at >= ?),
  (c.member_since IS NULL OR c.member_since <= ?)
    AND (c.member_status IN ('active', 'suspended') OR l.left_at >= ?),
  c.member_since IS NULL OR c.member_since <= ?,
  CASE WHEN c.member_since >= ? AND c.member_since <= ? THEN c.member_since END,
  CASE WHEN l.left_at >= ? AND l.left_at < ? THEN l.left_at END,
  c.member_status = 'left' AND l.left_at IS NULL
FROM company c LEFT JOIN (
  SELECT row_id, max(at) AS left_at FROM change_log
  WHERE "table" = 'company' AND field = 'member_status' AND new = 'left' GROUP BY row_id
) l ON l.row_id = c.id AND c.member_status = 'left'
WHERE {plus}c.member_status IN ('active', 'suspended', 'left') AND {plus}c.archived_at IS NULL
"""
# On SQLite the unary plus keeps the planner off the indexes of status and archived_at (nearly
# every company is a live member: reading them all through an index costs more than a plain
# scan); PostgreSQL plans it itself.


def read_members(period: Period, as_of: date) -> list[_Member]:
    """The members (and those who left) with what the period needs to know of them."""
    after = period.end + timedelta(days=1)
    params = (period.start, period.start, period.end, after, as_of, period.start, period.end,
              period.start, after)
    from models import backend

    plus = "" if isinstance(backend.current(), backend.PostgresBackend) else "+"
    # the flags stay as the driver gives them (1/0 or True/False): only their truth is read
    return [_Member(r[0], r[1], r[2], r[3], r[4] and day(r[4]), r[5], r[6], r[7], r[8] and day(r[8]),
                    r[9] and day(r[9]), r[10])
            for r in database.execute_sql(_MEMBERS.format(plus=plus), params)]


def members_section(period: Period, rows: list[_Member]) -> Members:
    """Members at the start and end, joined and left by month, and where and in what they work."""
    months = period.months()
    end = [m for m in rows if m.at_end]
    return Members(
        figure("start", (m.id for m in rows if m.at_start)), figure("end", (m.id for m in end)),
        by_key(((month(m.joined_on), m.id) for m in rows if m.joined_on and not m.undated), months),
        by_key(((month(m.left_on), m.id) for m in rows if m.left_on), months),
        sum(1 for m in rows if m.undated),
        by_key(((m.city or "").strip(), m.id) for m in end),
        by_key((section_of(m.okved) or "", m.id) for m in end))


# --- dues ------------------------------------------------------------------------------------

def quarter_end(day: date) -> date:
    month = (day.month - 1) // 3 * 3 + 3
    return date(day.year, month, calendar.monthrange(day.year, month)[1])


def _bucket(days: int) -> str:
    for limit, key in _BUCKET_DAYS:
        if days <= limit:
            return key
    return "more"


def _contacts(ids: list[int]) -> dict[int, tuple[str | None, str | None, str | None]]:
    """company id -> (name, position, phone) of whom to call: a contact with a phone, the primary
    one first; else the primary contact and the company's own phone."""
    found: dict[int, tuple[str | None, str | None, str | None]] = {}
    for chunk in chunks(ids):
        marks = ",".join("?" * len(chunk))
        phones = dict(database.execute_sql(f"SELECT id, phones FROM company WHERE id IN ({marks})", chunk))
        for cid, name, position, phone in database.execute_sql(
                f"SELECT company_id, name, position, phones FROM contact WHERE company_id IN ({marks}) "
                "AND archived_at IS NULL ORDER BY company_id, (phones IS NULL OR phones = ''), "
                "is_primary DESC, id", chunk):
            if cid not in found:
                found[cid] = (name, position, phone or phones.get(cid))
        for cid in chunk:
            found.setdefault(cid, (None, None, phones.get(cid)))
    return found


def dues_as_of(period: Period, today: date) -> date:
    """The day the dues are counted on: the period's last, or today while it goes on."""
    return min(period.end, today)


def dues_section(period: Period, today: date, rows: list[_Member]) -> Dues:
    """The dues of the members (active or suspended) on `dues_as_of`."""
    as_of = dues_as_of(period, today)
    q_end = quarter_end(as_of)
    members = [m for m in rows if m.current and m.joined_by_as_of]
    paid, due, unknown = [], [], []
    overdue: list[tuple[str, int]] = []
    late: list[tuple[int, _Member]] = []
    for m in members:
        if m.paid_until is None:
            unknown.append(m.id)
        elif m.paid_until > q_end:
            paid.append(m.id)
        elif m.paid_until >= as_of:
            due.append(m.id)
        else:
            days = (as_of - m.paid_until).days
            overdue.append((_bucket(days), m.id))
            late.append((days, m))
    chase = sorted(late, key=lambda x: (-x[0], x[1].id)) + [(None, m) for m in members
                                                             if m.paid_until is None]
    names = names_of(m.id for _, m in chase)
    who = _contacts([m.id for _, m in chase])
    debtors = [Debtor(m.id, names.get(m.id, ""), m.paid_until, days, *who.get(m.id, (None, None, None)))
               for days, m in chase]
    return Dues(as_of, q_end, figure("paid", paid), figure("due", due),
                by_key(overdue, OVERDUE_BUCKETS), figure("unknown", unknown), debtors)


