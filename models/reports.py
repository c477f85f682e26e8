"""The chamber's figures for a period — what the president reports to the board: members, their
places and industries, dues, missions and interests. One query layer for the reports screen and
`palata report`, so both show the same numbers on either store.

Each figure keeps the ids of the companies behind it, for the list a person opens from a bar or a
row and for the workbook's rows. The rows are read with plain SELECTs and counted here, so SQLite
and PostgreSQL give the same figures whatever their date and grouping functions do.

Definitions (the report says them too):
- a member is a company with a membership status (active, suspended, left) that is not archived
  (a company merged into another is archived);
  it is a member from `member_since` (a missing date: always was) until it left. The day it left
  is the change log's: when its status last became "left". A company entered already "left" has
  no such day: it counts in no period (`left_undated` says how many).
- members at the start are those who joined before the first day and had not left before it;
  at the end, those who joined by the last day and had not left by it; so
  start + joined − left = end.
- dues are counted on the period's last day, or today when the period goes on: paid (beyond this
  quarter), due this quarter (paid until a day of this quarter, not yet past), overdue (paid until
  a past day: by how long), unknown (no date).
- a mission belongs to the period by its first day; its meetings, agreements (not drafts) and
  follow-ups (activities with a due date) are those recorded on it.
- interests: opened (by `opened_on`), closed (done or dropped, by `closed_on`) in the period, and
  matched: opened in the period, still open, and answered by an open interest of another company
  (the briefing's rule: opposite directions, a shared word stem).
"""

from __future__ import annotations

import calendar
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from models.briefing import OPPOSITE, subject_stems
from models.browse import OPEN_STATUSES
from models.db import database
from models.dossier import company_name
from models.okved_sections import section_of

OVERDUE_BUCKETS = ("3m", "6m", "12m", "more")  # up to 3 months, 3–6, 6–12, more than a year
_BUCKET_DAYS = ((90, "3m"), (181, "6m"), (365, "12m"))
CLOSED_STATUSES = ("done", "dropped")


class BadPeriod(ValueError):
    """The period ends before it starts."""

    def __init__(self, start: date, end: date):
        self.start, self.end = start, end
        super().__init__(f"{start} > {end}")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BadPeriod(self.start, self.end)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def months(self) -> list[str]:
        """"YYYY-MM" of every month the period touches, in order."""
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class Figure:
    """One number of the report (a bar, a row) and the companies it counts."""

    key: str  # a month "YYYY-MM", a code of a vocabulary, a town, a section letter…
    count: int
    companies: tuple[int, ...] = ()


def _figure(key: str, ids: Iterable[int]) -> Figure:
    ids = tuple(sorted(set(ids)))
    return Figure(key, len(ids), ids)


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


@dataclass(frozen=True)
class MissionTally:
    key: str  # a kind code, a country ("" unknown) or a mission id
    missions: int
    participants: int  # companies, each once
    meetings: int
    agreements: int
    followups_open: int
    followups_done: int
    companies: tuple[int, ...] = ()


@dataclass(frozen=True)
class MissionLine:
    id: int
    kind: str
    title: str
    starts_on: date | None
    country: str | None
    tally: MissionTally  # its own records
    with_events: MissionTally  # with those of the events held during it with the same partners
    signed: tuple[str, ...] = ()  # the kinds of its agreements (with the events'), in date order


@dataclass(frozen=True)
class Missions:
    total: MissionTally
    by_kind: list[MissionTally]
    by_country: list[MissionTally]
    missions: list[MissionLine]
    by_month: list[Figure]  # missions started each month (companies: their participants)


@dataclass(frozen=True)
class InterestTally:
    key: str  # a direction code or a partner country/region ("" unknown)
    opened: Figure
    matched: Figure
    closed: Figure


@dataclass(frozen=True)
class Interests:
    total: InterestTally
    by_direction: list[InterestTally]
    by_country: list[InterestTally]
    opened_by_month: list[Figure]


@dataclass(frozen=True)
class Report:
    period: Period
    members: Members
    dues: Dues
    missions: Missions
    interests: Interests
    chamber: str | None = None
    names: dict[int, str] = field(default_factory=dict, repr=False)


# --- reading ---------------------------------------------------------------------------------

def _day(value) -> date | None:
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


def _members(period: Period, as_of: date) -> list[_Member]:
    """The members (and those who left) with what the period needs to know of them."""
    after = period.end + timedelta(days=1)
    params = (period.start, period.start, period.end, after, as_of, period.start, period.end,
              period.start, after)
    from models import backend

    plus = "" if isinstance(backend.current(), backend.PostgresBackend) else "+"
    day = _day
    # the flags stay as the driver gives them (1/0 or True/False): only their truth is read
    return [_Member(r[0], r[1], r[2], r[3], r[4] and day(r[4]), r[5], r[6], r[7], r[8] and day(r[8]),
                    r[9] and day(r[9]), r[10])
            for r in database.execute_sql(_MEMBERS.format(plus=plus), params)]


def _by_key(pairs: Iterable[tuple[str, int]], keys: Iterable[str] | None = None) -> list[Figure]:
    """Figures per key: in `keys`' order (every key, zeros too), else the largest first."""
    groups: dict[str, set[int]] = defaultdict(set)
    for key, company in pairs:
        groups[key].add(company)
    if keys is not None:
        return [_figure(k, groups.get(k, ())) for k in keys]
    figures = [_figure(k, v) for k, v in groups.items()]
    return sorted(figures, key=lambda f: (-f.count, f.key == "", f.key))


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def members_section(period: Period, rows: list[_Member]) -> Members:
    """Members at the start and end, joined and left by month, and where and in what they work."""
    months = period.months()
    end = [m for m in rows if m.at_end]
    return Members(
        _figure("start", (m.id for m in rows if m.at_start)), _figure("end", (m.id for m in end)),
        _by_key(((_month(m.joined_on), m.id) for m in rows if m.joined_on and not m.undated), months),
        _by_key(((_month(m.left_on), m.id) for m in rows if m.left_on), months),
        sum(1 for m in rows if m.undated),
        _by_key(((m.city or "").strip(), m.id) for m in end),
        _by_key((section_of(m.okved) or "", m.id) for m in end))


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
    for chunk in _chunks(ids):
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


def _chunks(ids: list[int], size: int = 900) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


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
    names = _names(m.id for _, m in chase)
    who = _contacts([m.id for _, m in chase])
    debtors = [Debtor(m.id, names.get(m.id, ""), m.paid_until, days, *who.get(m.id, (None, None, None)))
               for days, m in chase]
    return Dues(as_of, q_end, _figure("paid", paid), _figure("due", due),
                _by_key(overdue, OVERDUE_BUCKETS), _figure("unknown", unknown), debtors)


# --- missions --------------------------------------------------------------------------------

@dataclass
class _Tally:
    missions: set[int] = field(default_factory=set)
    companies: set[int] = field(default_factory=set)
    meetings: set[int] = field(default_factory=set)
    agreements: set[int] = field(default_factory=set)
    open: set[int] = field(default_factory=set)
    done: set[int] = field(default_factory=set)

    def add(self, other: _Tally) -> None:
        for name in ("missions", "companies", "meetings", "agreements", "open", "done"):
            getattr(self, name).update(getattr(other, name))

    def frozen(self, key: str) -> MissionTally:
        return MissionTally(key, len(self.missions), len(self.companies), len(self.meetings),
                            len(self.agreements), len(self.open), len(self.done),
                            tuple(sorted(self.companies)))


def _in(column: str, ids: list[int]) -> tuple[str, list[int]]:
    return f"{column} IN ({','.join('?' * len(ids))})", ids


def _partners(text: str | None) -> set[str]:
    return {p.strip().casefold() for p in (text or "").split(";") if p.strip()}


def missions_section(period: Period) -> Missions:
    """The missions that started in the period, by kind, by partner country and one by one."""
    found = [(r[0], r[1], r[2], _day(r[3]), _day(r[4]), r[5], r[6]) for r in database.execute_sql(
        "SELECT id, kind, title, starts_on, ends_on, partner_country, partners FROM mission "
        "WHERE archived_at IS NULL AND starts_on >= ? AND starts_on <= ? ORDER BY starts_on, id",
        (period.start, period.end))]
    ids = [m[0] for m in found]
    own: dict[int, _Tally] = {i: _Tally({i}) for i in ids}
    signed_kinds: dict[int, tuple[date | None, str]] = {}
    for chunk in _chunks(ids):
        where, params = _in("mission_id", chunk)
        for mid, cid in database.execute_sql(f"SELECT mission_id, company_id FROM participation "
                                             f"WHERE {where}", params):
            own[mid].companies.add(cid)
        for mid, gid in database.execute_sql(f"SELECT mission_id, id FROM meeting WHERE {where}", params):
            own[mid].meetings.add(gid)
        for mid, aid, kind, signed in database.execute_sql(
                f"SELECT mission_id, id, kind, signed_on FROM agreement WHERE {where} AND status != 'draft'",
                params):
            own[mid].agreements.add(aid)
            signed_kinds[aid] = (_day(signed), kind)
        for mid, aid, done in database.execute_sql(f"SELECT mission_id, id, done FROM activity "
                                                   f"WHERE {where} AND due_on IS NOT NULL", params):
            (own[mid].done if done else own[mid].open).add(aid)
    total, kinds, countries = _Tally(), defaultdict(_Tally), defaultdict(_Tally)
    months: dict[str, set[int]] = defaultdict(set)
    lines = []
    for mid, kind, title, starts, ends, country, partners in found:
        tally = own[mid]
        total.add(tally)
        kinds[kind].add(tally)
        countries[(country or "").strip()].add(tally)
        months[_month(starts)].update(tally.companies)
        months[_month(starts)].add(-mid)  # a marker: the month had a mission even with no companies
        events = _Tally()
        events.add(tally)
        mine = _partners(partners)
        for other in found:  # events held during this one with the same partners (a visit's round table)
            if other[0] != mid and mine and _partners(other[6]) & mine and other[3] and starts \
                    and starts <= other[3] <= (ends or starts):
                events.add(own[other[0]])
        events.missions = {mid}
        signed = tuple(signed_kinds[a][1] for a in sorted(
            events.agreements, key=lambda a: (signed_kinds[a][0] or date.max, a)))
        lines.append(MissionLine(mid, kind, title, starts, country, tally.frozen(str(mid)),
                                 events.frozen(str(mid)), signed))
    by_month = []
    for key in period.months():
        got = months.get(key, set())
        by_month.append(Figure(key, sum(1 for x in got if x < 0), tuple(sorted(x for x in got if x > 0))))
    return Missions(
        total.frozen("total"),
        sorted((t.frozen(k) for k, t in kinds.items()), key=lambda t: (-t.missions, t.key)),
        sorted((t.frozen(k) for k, t in countries.items()), key=lambda t: (-t.missions, t.key == "", t.key)),
        lines, by_month)


# --- interests -------------------------------------------------------------------------------

def _answered(candidates: list[tuple], stems_of) -> set[int]:
    """Ids of the `candidates` (id, company, direction, subject) answered by an open interest of
    another company: opposite directions, a shared stem (as `models.briefing.matches_for`)."""
    if not candidates:
        return set()
    wanted = {s for _, _, _, subject in candidates for s in stems_of(subject)}
    # (stem, direction) -> the one company whose open interest has it, or -1 for several
    holder: dict[tuple[str, str], int] = {}
    for cid, direction, subject in database.execute_sql(
            "SELECT i.company_id, i.direction, i.subject FROM interest i "
            "JOIN company c ON c.id = i.company_id WHERE i.status IN (?, ?) AND c.archived_at IS NULL",
            OPEN_STATUSES):
        for s in stems_of(subject) & wanted:
            have = holder.get((s, direction))
            if have is None:
                holder[(s, direction)] = cid
            elif have != cid:
                holder[(s, direction)] = -1
    found = set()
    for iid, cid, direction, subject in candidates:
        theirs = OPPOSITE.get(direction, ())
        if any(holder.get((s, d)) not in (None, cid) for s in stems_of(subject) for d in theirs):
            found.add(iid)
    return found


def interests_section(period: Period) -> Interests:
    """Interests opened, matched and closed in the period, by direction and partner country."""
    rows = [(r[0], r[1], r[2], r[3], r[4], (r[5] or "").strip(), _day(r[6]), _day(r[7]))
            for r in database.execute_sql(
                "SELECT i.id, i.company_id, i.direction, i.subject, i.status, i.partner_geo, i.opened_on, "
                "i.closed_on FROM interest i JOIN company c ON c.id = i.company_id "
                "WHERE c.archived_at IS NULL AND ((i.opened_on >= ? AND i.opened_on <= ?) "
                "OR (i.closed_on >= ? AND i.closed_on <= ?))",
                (period.start, period.end, period.start, period.end))]
    opened = [r for r in rows if period.holds(r[6])]
    cache: dict[str, frozenset[str]] = {}

    def stems_of(subject: str) -> frozenset[str]:
        got = cache.get(subject)
        if got is None:
            got = cache[subject] = subject_stems(subject)
        return got

    still_open = [(r[0], r[1], r[2], r[3]) for r in opened if r[4] in OPEN_STATUSES]
    matched = _answered(still_open, stems_of)
    closed = [r for r in rows if r[4] in CLOSED_STATUSES and period.holds(r[7])]

    def tally(key: str, pick) -> InterestTally:
        return InterestTally(key, _interest_figure(key, [r for r in opened if pick(r)]),
                             _interest_figure(key, [r for r in opened if r[0] in matched and pick(r)]),
                             _interest_figure(key, [r for r in closed if pick(r)]))

    def group(column: int) -> list[InterestTally]:
        keys = {r[column] for r in opened} | {r[column] for r in closed}
        out = [tally(k, lambda r, k=k: r[column] == k) for k in keys]
        return sorted(out, key=lambda t: (-t.opened.count, -t.closed.count, t.key == "", t.key))

    months: dict[str, list[tuple]] = defaultdict(list)
    for r in opened:
        months[_month(r[6])].append(r)
    return Interests(tally("total", lambda r: True), group(2), group(5),
                     [_interest_figure(k, months.get(k, [])) for k in period.months()])


def _interest_figure(key: str, rows: list[tuple]) -> Figure:
    """A count of interests; the ids behind it are their companies'."""
    return Figure(key, len(rows), tuple(sorted({r[1] for r in rows})))


# --- the whole report ------------------------------------------------------------------------

def _names(ids: Iterable[int]) -> dict[int, str]:
    """id -> the company's name as lists show it."""
    ids = sorted(set(ids))
    out: dict[int, str] = {}
    for chunk in _chunks(ids):
        where, params = _in("id", chunk)
        for cid, short, form in database.execute_sql(
                f"SELECT id, short_name, legal_form FROM company WHERE {where}", params):
            out[cid] = company_name(short, form)
    return out


def sections(period: Period, today: date | None = None) -> Iterator[tuple[str, object]]:
    """The report's parts one by one, as soon as each is counted, all read in one transaction
    (one moment's figures): ("members", Members), ("dues", Dues), ("missions", Missions),
    ("interests", Interests), ("chamber", its name or None)."""
    from models import settings, store

    today = today or store.now().date()
    with database.atomic():
        rows = _members(period, dues_as_of(period, today))
        yield "members", members_section(period, rows)
        yield "dues", dues_section(period, today, rows)
        yield "missions", missions_section(period)
        yield "interests", interests_section(period)
        yield "chamber", settings.get("name")


def report(period: Period, today: date | None = None) -> Report:
    """Every section of the report for `period` (see `sections`)."""
    return Report(period, **dict(sections(period, today)))


@dataclass(frozen=True)
class CompanyLine:
    """A company behind a figure, as the list and the workbook show it."""

    id: int
    name: str
    inn: str | None
    city: str | None
    member_status: str | None
    member_since: date | None
    dues_paid_until: date | None


def companies(ids: Iterable[int]) -> list[CompanyLine]:
    """The companies behind a figure, by name."""
    out = []
    for chunk in _chunks(sorted(set(ids))):
        where, params = _in("id", chunk)
        out += [CompanyLine(r[0], company_name(r[1], r[2]), r[3], r[4], r[5], _day(r[6]), _day(r[7]))
                for r in database.execute_sql(
                    "SELECT id, short_name, legal_form, inn, city, member_status, member_since, "
                    f"dues_paid_until, sort_name FROM company WHERE {where}", params)]
    from models.textnorm import fold

    return sorted(out, key=lambda c: (fold(c.name), c.id))
