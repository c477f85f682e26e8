"""The chamber's figures for a period — what the president reports to the board: members, their
places and industries, dues, missions and interests. One query layer for the reports screen and
`palata report`, so both show the same numbers on either store.

Every figure is counted by the database, with statements both stores read alike (where their
functions differ — the month of a day — `models.report_base` writes each its own). The companies
behind a figure are not carried along: the figure knows the statement that finds them, run when
a person opens the list from a bar or a row (`companies_behind`) or the workbook writes its last
sheet (`lines_behind`, one statement for a whole group of figures).

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

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from models.dates import day
from models.db import database
from models.dossier import company_name
from models.report_activity import (  # noqa: F401 — the report's parts, named from here
    CLOSED_STATUSES,
    Interests,
    InterestTally,
    MissionLine,
    Missions,
    MissionTally,
    interests_section,
    missions_section,
)
from models.report_base import BadPeriod, Behind, Figure, Period, chunks, company_ids, in_list  # noqa: F401
from models.report_members import (  # noqa: F401
    OVERDUE_BUCKETS,
    Debtor,
    Dues,
    Members,
    debtors,
    dues_as_of,
    dues_section,
    members_section,
    quarter_end,
)

PARTS = ("members", "dues", "missions", "interests")


@dataclass(frozen=True)
class Report:
    period: Period
    members: Members
    dues: Dues
    missions: Missions
    interests: Interests
    chamber: str | None = None


def section(part: str, period: Period, today: date | None = None) -> object:
    """One part of the report on its own: "members" (Members), "dues" (Dues), "missions"
    (Missions), "interests" (Interests), "chamber" (its name or None)."""
    from models import settings, store

    if part == "members":
        return members_section(period)
    if part == "dues":
        return dues_section(period, today or store.now().date())
    if part == "missions":
        return missions_section(period)
    if part == "interests":
        return interests_section(period)
    if part == "chamber":
        return settings.get("name")
    raise ValueError(part)


def sections(period: Period, today: date | None = None) -> Iterator[tuple[str, object]]:
    """The report's parts one by one, as soon as each is counted, all read in one transaction
    (one moment's figures): ("members", Members), ("dues", Dues), ("missions", Missions),
    ("interests", Interests), ("chamber", its name or None)."""
    from models import store

    today = today or store.now().date()
    with database.atomic():
        for part in (*PARTS, "chamber"):
            yield part, section(part, period, today)


def report(period: Period, today: date | None = None) -> Report:
    """Every section of the report for `period` (see `sections`)."""
    parts: dict[str, Any] = dict(sections(period, today))  # each part's own type, by name
    return Report(period, **parts)


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


_LINE = ("c.id, c.short_name, c.legal_form, c.inn, c.city, c.member_status, c.member_since, "
         "c.dues_paid_until")


def _line(r: Sequence) -> CompanyLine:
    return CompanyLine(r[0], company_name(r[1], r[2]), r[3], r[4], r[5], day(r[6]), day(r[7]))


def _by_name(lines: Iterable[CompanyLine]) -> list[CompanyLine]:
    from models.textnorm import fold

    return sorted(lines, key=lambda c: (fold(c.name), c.id))


def companies(ids: Iterable[int]) -> list[CompanyLine]:
    """The companies `ids`, by name."""
    out = []
    for chunk in chunks(sorted(set(ids))):
        where, params = in_list("c.id", chunk)
        out += [_line(r) for r in database.execute_sql(f"SELECT {_LINE} FROM company c WHERE {where}",
                                                       params)]
    return _by_name(out)


def companies_behind(figure: Figure, limit: int | None = None) -> tuple[int, list[CompanyLine]]:
    """How many companies are behind `figure`, and they (the first `limit` by name) — what
    Enter on a bar or a row opens, read when it is pressed."""
    if figure.behind is None:
        return 0, []
    sql, params = figure.behind.statement()
    total = database.execute_sql(f"SELECT count(*) FROM ({sql}) f", params).fetchone()[0]
    # the store orders by the name's sort key (an index), the page by the name as shown
    cut = f" ORDER BY c.sort_name, c.id LIMIT {int(limit)}" if limit is not None else ""
    found = [_line(r) for r in database.execute_sql(
        f"SELECT {_LINE} FROM company c WHERE c.id IN ({sql}){cut}", params)]
    return total, _by_name(found)


def lines_behind(figures: Sequence[Figure]) -> Iterator[tuple[int, CompanyLine]]:
    """(index of the figure, company) for every company behind each of `figures`, in their
    order, each figure's companies by id — for the workbook's last sheet. The figures of one
    group (the towns, the months…) are read with one statement, not one each."""
    made: dict[int, CompanyLine] = {}  # a company is behind several figures: one line each
    read: dict[tuple[str, tuple[object, ...]], dict[str, list[int]]] = {}
    wanted: dict[tuple[str, tuple[object, ...]], int] = {}
    for f in figures:  # how many figures each group still has to give: then it is let go
        if f.behind is not None and f.behind.key is not None:
            group = (f.behind.sql, f.behind.params)
            wanted[group] = wanted.get(group, 0) + 1

    def lines(rows: Iterable[Sequence]) -> list[int]:
        ids = []
        for r in rows:
            if r[0] not in made:
                made[r[0]] = _line(r)
            ids.append(r[0])
        return ids

    for n, f in enumerate(figures):
        b = f.behind
        if b is None:
            continue
        if b.key is None:
            sql, params = b.statement()
            ids = lines(database.execute_sql(
                f"SELECT {_LINE} FROM company c WHERE c.id IN ({sql}) ORDER BY c.id", params))
        else:
            group = (b.sql, b.params)
            if group not in read:
                buckets: dict[str, list[Sequence]] = {}
                # in the order of the companies (their own scan's): each bucket comes out by id,
                # a company twice under one key (two interests) side by side
                for r in database.execute_sql(
                        f"SELECT b.k, {_LINE} FROM ({b.sql}) b JOIN company c ON c.id = b.cid ORDER BY c.id",
                        b.params):
                    bucket = buckets.setdefault(r[0], [])
                    if not bucket or bucket[-1][0] != r[1]:
                        bucket.append(r[1:])
                read[group] = {k: lines(rows) for k, rows in buckets.items()}
            ids = read[group].pop(b.key, [])
            wanted[group] -= 1
            if not wanted[group]:
                del read[group]
        for cid in ids:
            yield n, made[cid]
