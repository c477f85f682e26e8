"""The report's missions and interests: missions by kind, partner country and one by one with
their participants, meetings, agreements and follow-ups; interests opened, matched and closed by
direction and partner country (see `models.reports`).

The counts come from grouped statements; only what the database cannot decide is read row by
row: a year's participations and signed agreements (a visit's events are joined by their
partners' names) and the words of the interests still open (matching is by word stems)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from models.briefing import OPPOSITE, subject_stems
from models.browse import OPEN_STATUSES
from models.dates import day
from models.db import database
from models.report_base import Behind, Figure, Period, company_ids, keyed, month, month_of

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
    behind: Behind | None = None  # the participants

    @property
    def companies(self) -> tuple[int, ...]:
        return company_ids(self.behind)


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
    agreements: set[int] = field(default_factory=set)
    meetings: int = 0  # a meeting or follow-up belongs to one mission: counts add up
    open: int = 0
    done: int = 0

    def add(self, other: _Tally) -> None:
        """Add the records of another mission (never the same one twice)."""
        self.missions |= other.missions
        self.companies |= other.companies
        self.agreements |= other.agreements
        self.meetings += other.meetings
        self.open += other.open
        self.done += other.done

    def frozen(self, key: str) -> MissionTally:
        return MissionTally(key, len(self.missions), len(self.companies), self.meetings,
                            len(self.agreements), self.open, self.done,
                            Behind(ids=tuple(sorted(self.companies))))


def _partners(text: str | None) -> frozenset[str]:
    return frozenset(p.strip().casefold() for p in (text or "").split(";") if p.strip())


_OF_PERIOD = "JOIN mission m ON m.id = x.mission_id WHERE m.archived_at IS NULL AND m.starts_on >= ? " \
             "AND m.starts_on < ?"


def missions_section(period: Period) -> Missions:
    """The missions that started in the period, by kind, by partner country and one by one."""
    span = (period.start, period.after)
    found = [(r[0], r[1], r[2], day(r[3]), day(r[4]), r[5], _partners(r[6])) for r in database.execute_sql(
        "SELECT id, kind, title, starts_on, ends_on, partner_country, partners FROM mission m "
        "WHERE archived_at IS NULL AND starts_on >= ? AND starts_on < ? ORDER BY starts_on, id", span)]
    own: dict[int, _Tally] = {m[0]: _Tally({m[0]}) for m in found}
    signed_kinds: dict[int, tuple[date | None, str]] = {}
    for mid, cid in database.execute_sql(
            f"SELECT x.mission_id, x.company_id FROM participation x {_OF_PERIOD}", span):
        own[mid].companies.add(cid)
    for mid, n in database.execute_sql(f"SELECT x.mission_id, count(*) FROM meeting x {_OF_PERIOD} "
                                       "GROUP BY x.mission_id", span):
        own[mid].meetings = n
    for mid, aid, kind, signed in database.execute_sql(
            f"SELECT x.mission_id, x.id, x.kind, x.signed_on FROM agreement x {_OF_PERIOD} "
            "AND x.status != 'draft'", span):
        own[mid].agreements.add(aid)
        signed_kinds[aid] = (day(signed), kind)
    for mid, done, n in database.execute_sql(
            f"SELECT x.mission_id, CASE WHEN x.done THEN 1 ELSE 0 END, count(*) FROM activity x {_OF_PERIOD} "
            "AND x.due_on IS NOT NULL GROUP BY 1, 2", span):
        if done:
            own[mid].done = n
        else:
            own[mid].open = n
    total = _Tally()
    kinds: defaultdict[str, _Tally] = defaultdict(_Tally)
    countries: defaultdict[str, _Tally] = defaultdict(_Tally)
    months: dict[str, _Tally] = defaultdict(_Tally)
    lines = []
    for mid, kind, title, starts, ends, country, mine in found:
        tally = own[mid]
        total.add(tally)
        kinds[kind].add(tally)
        countries[(country or "").strip()].add(tally)
        if starts is not None:  # always: the period holds its first day
            months[month(starts)].add(tally)
        events = _Tally()
        events.add(tally)
        if mine and starts:
            for other in found:  # events held during it with the same partners (a visit's round table)
                if other[0] != mid and other[6] & mine and other[3] \
                        and starts <= other[3] <= (ends or starts):
                    events.add(own[other[0]])
        events.missions = {mid}
        signed = tuple(signed_kinds[a][1] for a in sorted(
            events.agreements, key=lambda a: (signed_kinds[a][0] or date.max, a)))
        lines.append(MissionLine(mid, kind, title, starts, country, tally.frozen(str(mid)),
                                 events.frozen(str(mid)), signed))
    by_month = []
    for key in period.months():
        got = months.get(key, _Tally())
        by_month.append(Figure(key, len(got.missions), Behind(ids=tuple(sorted(got.companies)))))
    return Missions(
        total.frozen("total"),
        sorted((t.frozen(k) for k, t in kinds.items()), key=lambda t: (-t.missions, t.key)),
        sorted((t.frozen(k) for k, t in countries.items()), key=lambda t: (-t.missions, t.key == "", t.key)),
        lines, by_month)


# --- interests -------------------------------------------------------------------------------

# interests of companies not archived: the archived are few, looked up once (a join would read
# the company of every interest)
_LIVE = "FROM interest i WHERE i.company_id NOT IN (SELECT id FROM company WHERE archived_at IS NOT NULL)"


def _answered(candidates: list[tuple[int, int, str, str]],
              stems_of: Callable[[str], frozenset[str]]) -> set[int]:
    """Ids of the `candidates` (id, company, direction, subject) answered by an open interest of
    another company: opposite directions, a shared stem (as `models.briefing.matches_for`)."""
    if not candidates:
        return set()
    wanted = {s for _, _, _, subject in candidates for s in stems_of(subject)}
    # (stem, direction) -> the one company whose open interest has it, or -1 for several; the
    # open interests come grouped by subject and direction (one company or several behind each)
    holder: dict[tuple[str, str], int] = {}
    for direction, subject, first, last in database.execute_sql(
            f"SELECT i.direction, i.subject, min(i.company_id), max(i.company_id) {_LIVE} "
            "AND i.status IN (?, ?) GROUP BY i.direction, i.subject", OPEN_STATUSES):
        for s in stems_of(subject) & wanted:
            have = holder.get((s, direction))
            if first != last or (have is not None and have != first):
                holder[(s, direction)] = -1
            elif have is None:
                holder[(s, direction)] = first
    found = set()
    for iid, cid, direction, subject in candidates:
        theirs = OPPOSITE.get(direction, ())
        if any(holder.get((s, d)) not in (None, cid) for s in stems_of(subject) for d in theirs):
            found.add(iid)
    return found


def _interest_groups(period: Period) -> dict[str, tuple[str, tuple[object, ...]]]:
    """The statements (`cid`, `k`) behind the interests' figures: opened or closed in the period
    by direction, partner country, month; `k` is "" for the totals."""
    opened = "i.opened_on >= ? AND i.opened_on < ?"
    closed = f"i.status IN {CLOSED_STATUSES!r} AND i.closed_on >= ? AND i.closed_on < ?"
    span: tuple[object, ...] = (period.start, period.after)
    keys = {"direction": "i.direction", "country": "trim(coalesce(i.partner_geo, ''))",
            "month": month_of("i.opened_on"), "total": "''"}
    out: dict[str, tuple[str, tuple[object, ...]]] = {}
    for what, where in (("opened", opened), ("closed", closed)):
        for name, k in keys.items():
            out[f"{what}.{name}"] = (f"SELECT i.company_id AS cid, {k} AS k {_LIVE} AND {where}", span)
    return out


def interests_section(period: Period) -> Interests:
    """Interests opened, matched and closed in the period, by direction and partner country."""
    span = (period.start, period.after)
    groups = _interest_groups(period)
    geo = "trim(coalesce(i.partner_geo, ''))"
    opened: dict[str, dict[str, int]] = {"direction": {}, "country": {}, "month": {}, "total": {}}
    closed: dict[str, dict[str, int]] = {"direction": {}, "country": {}, "total": {}}
    # one pass: the (direction, country, month opened in the period, closed in it) are few
    for direction, country, opened_month, closed_in, n in database.execute_sql(
            f"SELECT i.direction, {geo}, "
            f"CASE WHEN i.opened_on >= ? AND i.opened_on < ? THEN {month_of('i.opened_on')} END, "
            f"CASE WHEN i.status IN {CLOSED_STATUSES!r} AND i.closed_on >= ? AND i.closed_on < ? THEN 1 "
            f"ELSE 0 END, count(*) {_LIVE} AND ((i.opened_on >= ? AND i.opened_on < ?) "
            f"OR (i.closed_on >= ? AND i.closed_on < ?)) GROUP BY 1, 2, 3, 4", span * 4):
        keys = {"direction": direction, "country": country, "total": ""}
        if opened_month is not None:
            for name, key in (*keys.items(), ("month", opened_month)):
                opened[name][key] = opened[name].get(key, 0) + n
        if closed_in:
            for name, key in keys.items():
                closed[name][key] = closed[name].get(key, 0) + n
    stems: dict[str, frozenset[str]] = {}

    def stems_of(subject: str) -> frozenset[str]:
        got = stems.get(subject)
        if got is None:
            got = stems[subject] = subject_stems(subject)
        return got

    candidates = [(r[0], r[1], r[2], r[3], (r[4] or "").strip()) for r in database.execute_sql(
        f"SELECT i.id, i.company_id, i.direction, i.subject, i.partner_geo {_LIVE} "
        "AND i.opened_on >= ? AND i.opened_on < ? AND i.status IN (?, ?)", (*span, *OPEN_STATUSES))]
    answered = _answered([r[:4] for r in candidates], stems_of)
    matched = [r for r in candidates if r[0] in answered]

    def matched_figure(key: str, column: int | None) -> Figure:
        rows = [r for r in matched if column is None or r[column] == key]
        return Figure(key, len(rows), Behind(ids=tuple(sorted({r[1] for r in rows}))))

    def counted(what: str, name: str, key: str) -> Figure:
        sql, params = groups[f"{what}.{name}"]
        counts = opened if what == "opened" else closed
        if name == "total":
            return Figure(key, counts[name].get("", 0), Behind(sql, params))
        return Figure(key, counts[name].get(key, 0), Behind(sql, params, key))

    def group(name: str, column: int) -> list[InterestTally]:
        out = [InterestTally(k, counted("opened", name, k), matched_figure(k, column),
                             counted("closed", name, k)) for k in {*opened[name], *closed[name]}]
        return sorted(out, key=lambda t: (-t.opened.count, -t.closed.count, t.key == "", t.key))

    total = InterestTally("total", counted("opened", "total", "total"), matched_figure("total", None),
                          counted("closed", "total", "total"))
    return Interests(total, group("direction", 2), group("country", 4),
                     keyed(opened["month"], groups["opened.month"], period.months()))
