"""The report's members and dues: who was a member at the period's start and end, who joined and
left in which month, where and in what industry the members work, and whose dues are paid, due
this quarter or overdue — with whom to call about them (see `models.reports`).

Every figure is counted by the database (a few grouped statements, each one pass over the
companies); the companies behind a figure are read only when asked for (`Figure.companies`)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from models.dates import day
from models.db import database
from models.dossier import company_name
from models.okved_sections import SECTION_OF_CLASS, class_sql, section_sql
from models.report_base import Behind, Figure, Period, grouped, keyed, month_of

OVERDUE_BUCKETS = ("3m", "6m", "12m", "more")  # up to 3 months, 3–6, 6–12, more than a year
_BUCKET_DAYS = ((90, "3m"), (181, "6m"), (365, "12m"))
CURRENT = "('active', 'suspended')"  # a member now (not "left")


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


def _plus() -> str:
    """On SQLite a unary plus keeps the planner off the indexes of status and archived_at (nearly
    every company is a live member: reading them all through an index costs more than a plain
    scan); PostgreSQL plans it itself."""
    from models.report_base import is_postgres

    return "" if is_postgres() else "+"


# The members (and those who left) as the period sees them. The day a member left: when its
# status last became "left" (the change log's moment, compared with whole days: left on D <=>
# at >= D and at < D + 1). Flags: at_start, at_end, undated ("left" with no day of leaving).
_MEMBERS = """
SELECT c.id AS cid, c.city, c.okved, c.member_since, l.left_at,
  (c.member_since IS NULL OR c.member_since < ?)
    AND (c.member_status IN {current} OR l.left_at >= ?) AS at_start,
  (c.member_since IS NULL OR c.member_since < ?)
    AND (c.member_status IN {current} OR l.left_at >= ?) AS at_end,
  (c.member_status = 'left' AND l.left_at IS NULL) AS undated
FROM company c LEFT JOIN (
  SELECT row_id, max(at) AS left_at FROM change_log
  WHERE "table" = 'company' AND field = 'member_status' AND new = 'left' GROUP BY row_id
) l ON l.row_id = c.id AND c.member_status = 'left'
WHERE {plus}c.member_status IN ('active', 'suspended', 'left') AND {plus}c.archived_at IS NULL
"""


def _members(period: Period) -> tuple[str, tuple[object, ...]]:
    sql = _MEMBERS.format(plus=_plus(), current=CURRENT)
    return sql, (period.start, period.start, period.after, period.after)


def _groups(period: Period) -> dict[str, tuple[str, tuple[object, ...]]]:
    """The statements (`cid`, `k`) behind each group of the members' figures."""
    sql, params = _members(period)
    return {
        "joined": (f"SELECT m.cid, {month_of('m.member_since')} AS k FROM ({sql}) m "
                   "WHERE m.member_since >= ? AND m.member_since < ? AND NOT m.undated",
                   (*params, period.start, period.after)),
        "left": (f"SELECT m.cid, {month_of('m.left_at')} AS k FROM ({sql}) m "
                 "WHERE m.left_at >= ? AND m.left_at < ?", (*params, period.start, period.after)),
        "places": (f"SELECT m.cid, trim(coalesce(m.city, '')) AS k FROM ({sql}) m WHERE m.at_end", params),
        "sections": (f"SELECT m.cid, {section_sql('m.okved')} AS k FROM ({sql}) m WHERE m.at_end", params),
    }


def members_section(period: Period) -> Members:
    """Members at the start and end, joined and left by month, and where and in what they work."""
    sql, params = _members(period)
    groups = _groups(period)
    # one pass for the summary and the months: the (month joined, month left) pairs are few
    start = end = undated = 0
    joined: dict[str, int] = {}
    gone: dict[str, int] = {}
    for jm, lm, n, s, e, u in database.execute_sql(
            "SELECT CASE WHEN m.member_since >= ? AND m.member_since < ? AND NOT m.undated "
            f"THEN {month_of('m.member_since')} END, "
            f"CASE WHEN m.left_at >= ? AND m.left_at < ? THEN {month_of('m.left_at')} END, count(*), "
            "sum(CASE WHEN m.at_start THEN 1 ELSE 0 END), sum(CASE WHEN m.at_end THEN 1 ELSE 0 END), "
            f"sum(CASE WHEN m.undated THEN 1 ELSE 0 END) FROM ({sql}) m GROUP BY 1, 2",
            (period.start, period.after, period.start, period.after, *params)):
        start, end, undated = start + int(s), end + int(e), undated + int(u)
        if jm is not None:
            joined[jm] = joined.get(jm, 0) + n
        if lm is not None:
            gone[lm] = gone.get(lm, 0) + n
    # towns and industries of the members at the end in one pass: the (town, OKVED class) pairs
    # are few; a class's section is looked up here (a CASE of every section costs more per row)
    places: dict[str, int] = {}
    sections: dict[str, int] = {}
    for place, head, n in database.execute_sql(
            f"SELECT trim(coalesce(m.city, '')), {class_sql('m.okved')}, count(*) FROM ({sql}) m "
            "WHERE m.at_end GROUP BY 1, 2", params):
        places[place] = places.get(place, 0) + n
        section = SECTION_OF_CLASS.get(head, "")
        sections[section] = sections.get(section, 0) + n
    months = period.months()
    return Members(
        Figure("start", start, Behind(f"SELECT m.cid FROM ({sql}) m WHERE m.at_start", params)),
        Figure("end", end, Behind(f"SELECT m.cid FROM ({sql}) m WHERE m.at_end", params)),
        keyed(joined, groups["joined"], months), keyed(gone, groups["left"], months), undated,
        keyed(places, groups["places"]), keyed(sections, groups["sections"]))


# --- dues ------------------------------------------------------------------------------------

def quarter_end(day: date) -> date:
    month = (day.month - 1) // 3 * 3 + 3
    return date(day.year, month, calendar.monthrange(day.year, month)[1])


def dues_as_of(period: Period, today: date) -> date:
    """The day the dues are counted on: the period's last, or today while it goes on."""
    return min(period.end, today)


def _dues(as_of: date) -> tuple[str, tuple[object, ...]]:
    """The members (active or suspended, joined by `as_of`) and where their dues stand, as `k`:
    paid (beyond this quarter), due (this quarter, not yet past), overdue by how long, unknown."""
    q_after = quarter_end(as_of) + timedelta(days=1)
    arms = " ".join(f"WHEN c.dues_paid_until >= ? THEN '{key}'" for _, key in _BUCKET_DAYS)
    plus = _plus()
    sql = (f"SELECT c.id AS cid, CASE WHEN c.dues_paid_until IS NULL THEN 'unknown' "
           f"WHEN c.dues_paid_until >= ? THEN 'paid' WHEN c.dues_paid_until >= ? THEN 'due' {arms} "
           f"ELSE 'more' END AS k FROM company c WHERE {plus}c.member_status IN {CURRENT} "
           f"AND {plus}c.archived_at IS NULL AND (c.member_since IS NULL OR c.member_since < ?)")
    return sql, (q_after, as_of, *(as_of - timedelta(days=n) for n, _ in _BUCKET_DAYS),
                 as_of + timedelta(days=1))


_DEBTORS = "SELECT d.cid FROM ({dues}) d WHERE d.k NOT IN ('paid', 'due')"


def debtors(as_of: date) -> list[Debtor]:
    """The members whose dues are overdue on `as_of`, the longest overdue first, then those with
    no date recorded; with whom to call: a contact with a phone, the primary one first; else the
    primary contact and the company's own phone."""
    sql, params = _dues(as_of)
    owed = _DEBTORS.format(dues=sql)
    found = [(cid, company_name(short, form), day(paid), phones) for cid, short, form, paid, phones in
             database.execute_sql(
                 f"SELECT c.id, c.short_name, c.legal_form, c.dues_paid_until, c.phones FROM company c "
                 f"WHERE c.id IN ({owed}) ORDER BY CASE WHEN c.dues_paid_until IS NULL THEN 1 ELSE 0 END, "
                 "c.dues_paid_until, c.id", params)]
    who: dict[int, tuple[str | None, str | None, str | None]] = {}
    for cid, name, position, phone in database.execute_sql(
            "SELECT k.company_id, k.name, k.position, k.phones FROM contact k "
            f"WHERE k.company_id IN ({owed}) AND k.archived_at IS NULL ORDER BY k.company_id, "
            "CASE WHEN k.phones IS NULL OR k.phones = '' THEN 1 ELSE 0 END, "
            "CASE WHEN k.is_primary THEN 0 ELSE 1 END, k.id", params):
        if cid not in who:
            who[cid] = (name, position, phone)
    out = []
    for cid, name, paid, phones in found:
        contact, position, phone = who.get(cid, (None, None, None))
        out.append(Debtor(cid, name, paid, None if paid is None else (as_of - paid).days, contact, position,
                          phone or phones))
    return out


def dues_section(period: Period, today: date) -> Dues:
    """The dues of the members (active or suspended) on `dues_as_of`."""
    as_of = dues_as_of(period, today)
    group = _dues(as_of)
    counts = grouped(f"SELECT d.k, count(*) FROM ({group[0]}) d GROUP BY d.k", group[1])
    figures = {f.key: f for f in keyed(counts, group, ("paid", "due", *OVERDUE_BUCKETS, "unknown"))}
    return Dues(as_of, quarter_end(as_of), figures["paid"], figures["due"],
                [figures[k] for k in OVERDUE_BUCKETS], figures["unknown"], debtors(as_of))
