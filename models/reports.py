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

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from models.dates import day  # noqa: F401
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
from models.report_base import BadPeriod, Figure, Period, chunks, in_list  # noqa: F401
from models.report_members import (  # noqa: F401
    OVERDUE_BUCKETS,
    Debtor,
    Dues,
    Members,
    dues_as_of,
    dues_section,
    members_section,
    quarter_end,
    read_members,
)


@dataclass(frozen=True)
class Report:
    period: Period
    members: Members
    dues: Dues
    missions: Missions
    interests: Interests
    chamber: str | None = None


def sections(period: Period, today: date | None = None) -> Iterator[tuple[str, object]]:
    """The report's parts one by one, as soon as each is counted, all read in one transaction
    (one moment's figures): ("members", Members), ("dues", Dues), ("missions", Missions),
    ("interests", Interests), ("chamber", its name or None)."""
    from models import settings, store

    today = today or store.now().date()
    with database.atomic():
        rows = read_members(period, dues_as_of(period, today))
        yield "members", members_section(period, rows)
        yield "dues", dues_section(period, today, rows)
        yield "missions", missions_section(period)
        yield "interests", interests_section(period)
        yield "chamber", settings.get("name")


def report(period: Period, today: date | None = None) -> Report:
    """Every section of the report for `period` (see `sections`)."""
    parts: dict[str, Any] = dict(sections(period, today))  # each section's own type, by name
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


def companies(ids: Iterable[int]) -> list[CompanyLine]:
    """The companies behind a figure, by name."""
    out = []
    for chunk in chunks(sorted(set(ids))):
        where, params = in_list("id", chunk)
        out += [CompanyLine(r[0], company_name(r[1], r[2]), r[3], r[4], r[5], day(r[6]), day(r[7]))
                for r in database.execute_sql(
                    "SELECT id, short_name, legal_form, inn, city, member_status, member_since, "
                    f"dues_paid_until, sort_name FROM company WHERE {where}", params)]
    from models.textnorm import fold

    return sorted(out, key=lambda c: (fold(c.name), c.id))
