"""The report's missions and interests: missions by kind, partner country and one by one with
their participants, meetings, agreements and follow-ups; interests opened, matched and closed by
direction and partner country (see `models.reports`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from models.briefing import OPPOSITE, subject_stems
from models.browse import OPEN_STATUSES
from models.dates import day
from models.db import database
from models.report_base import Figure, Period, chunks, in_list, month

CLOSED_STATUSES = ("done", "dropped")

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


def _partners(text: str | None) -> set[str]:
    return {p.strip().casefold() for p in (text or "").split(";") if p.strip()}


def missions_section(period: Period) -> Missions:
    """The missions that started in the period, by kind, by partner country and one by one."""
    # starts_on within the period: never NULL
    found = [(r[0], r[1], r[2], cast(date, day(r[3])), day(r[4]), r[5], r[6]) for r in database.execute_sql(
        "SELECT id, kind, title, starts_on, ends_on, partner_country, partners FROM mission "
        "WHERE archived_at IS NULL AND starts_on >= ? AND starts_on <= ? ORDER BY starts_on, id",
        (period.start, period.end))]
    ids = [m[0] for m in found]
    own: dict[int, _Tally] = {i: _Tally({i}) for i in ids}
    signed_kinds: dict[int, tuple[date | None, str]] = {}
    for chunk in chunks(ids):
        where, params = in_list("mission_id", chunk)
        for mid, cid in database.execute_sql(f"SELECT mission_id, company_id FROM participation "
                                             f"WHERE {where}", params):
            own[mid].companies.add(cid)
        for mid, gid in database.execute_sql(f"SELECT mission_id, id FROM meeting WHERE {where}", params):
            own[mid].meetings.add(gid)
        for mid, aid, kind, signed in database.execute_sql(
                f"SELECT mission_id, id, kind, signed_on FROM agreement WHERE {where} AND status != 'draft'",
                params):
            own[mid].agreements.add(aid)
            signed_kinds[aid] = (day(signed), kind)
        for mid, aid, done in database.execute_sql(f"SELECT mission_id, id, done FROM activity "
                                                   f"WHERE {where} AND due_on IS NOT NULL", params):
            (own[mid].done if done else own[mid].open).add(aid)
    total = _Tally()
    kinds: defaultdict[str, _Tally] = defaultdict(_Tally)
    countries: defaultdict[str, _Tally] = defaultdict(_Tally)
    months: dict[str, set[int]] = defaultdict(set)
    lines = []
    for mid, kind, title, starts, ends, country, partners in found:
        tally = own[mid]
        total.add(tally)
        kinds[kind].add(tally)
        countries[(country or "").strip()].add(tally)
        months[month(starts)].update(tally.companies)
        months[month(starts)].add(-mid)  # a marker: the month had a mission even with no companies
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
    rows: list[tuple] = [(r[0], r[1], r[2], r[3], r[4], (r[5] or "").strip(), day(r[6]), day(r[7]))
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
        months[month(r[6])].append(r)
    return Interests(tally("total", lambda r: True), group(2), group(5),
                     [_interest_figure(k, months.get(k, [])) for k in period.months()])


def _interest_figure(key: str, rows: list[tuple]) -> Figure:
    """A count of interests; the ids behind it are their companies'."""
    return Figure(key, len(rows), tuple(sorted({r[1] for r in rows})))


