"""Dating a loaded register's history as it happened (used by `palata demo`).

A workbook loaded in one go is logged as one batch of creations stamped with the moment of the
load and the login of whoever ran it. For the demo register that hides the history tabs and makes
`palata changes --since …` list every record. `date_history` re-dates the batch from the records'
own dates — a member from the day it joined, a meeting from the day it was held, an activity from
its day — and gives each entry to a member of staff: an activity to its author, other records to
one of the logins found among the authors. A follow-up that is done gets its own later entry, the
author ticking it off, as it would have been recorded.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from models.dates import day as _day
from models.db import database

# What each table's record was created for, read from its own columns (None: from its company).
_DAY_SQL = {
    "company": "SELECT id, member_since FROM company",
    "mission": "SELECT id, starts_on FROM mission",
    "interest": "SELECT id, opened_on FROM interest",
    "participation": "SELECT p.id, m.starts_on FROM participation p JOIN mission m ON m.id = p.mission_id",
    "meeting": "SELECT id, held_on FROM meeting",
    "agreement": "SELECT id, signed_on FROM agreement",
    "activity": "SELECT id, happened_on FROM activity",
}
# Days before the event its record was made: a mission is planned, its companies signed up.
_LEAD_DAYS = {"mission": 45, "participation": 10}
_FIRST_DAY = date(2019, 1, 15)  # a company with no date of its own: entered with the first missions




def _moment(day: date, table: str, row_id: int, latest: date) -> datetime:
    """A working-hours time on `day` (never after `latest`), the same for the same record."""
    day = min(day, latest)
    minutes = zlib.crc32(f"{table}:{row_id}".encode()) % (8 * 60)
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=9, minutes=minutes)


def _pick(staff: Sequence[str], table: str, row_id: int) -> str:
    return staff[zlib.crc32(f"{table}/{row_id}".encode()) % len(staff)]


def _company_days() -> dict[int, date]:
    """Each company's first date: joining the chamber, else its first interest, mission or meeting."""
    days: dict[int, date] = {}
    queries = (
        "SELECT id, member_since FROM company",
        "SELECT company_id, opened_on FROM interest",
        "SELECT p.company_id, m.starts_on FROM participation p JOIN mission m ON m.id = p.mission_id",
        "SELECT mp.company_id, g.held_on FROM meeting_party mp JOIN meeting g ON g.id = mp.meeting_id",
        "SELECT company_id, happened_on FROM activity",
    )
    for sql in queries:
        for cid, value in database.execute_sql(sql):
            day = _day(value)
            if day is not None and (cid not in days or day < days[cid]):
                days[cid] = day
    return days


def date_history(batch_id: int, today: date | None = None) -> int:
    """Re-date the creations logged by batch `batch_id` (see the module's text); returns how many
    change-log entries now carry their record's own date. Nothing changes without a batch or staff."""
    today = today or date.today()
    # nothing was recorded after the register's last recorded day (the sample's "now")
    last = database.execute_sql("SELECT max(happened_on) FROM activity").fetchone()[0]
    if (last_day := _day(last)) is not None:
        today = min(today, last_day)
    staff = sorted({a for (a,) in database.execute_sql(
        "SELECT DISTINCT author FROM activity WHERE author IS NOT NULL AND author != ''")})
    if not staff:
        return 0
    with database.atomic():
        created = list(database.execute_sql(
            'SELECT id, "table", row_id, new FROM change_log WHERE batch_id = ? AND action = ?',
            (batch_id, "create")))
        if not created:
            return 0
        companies = _company_days()
        days: dict[str, dict[int, date]] = {"company": companies}
        for table, sql in _DAY_SQL.items():
            if table == "company":
                continue
            lead = timedelta(days=_LEAD_DAYS.get(table, 0))
            days[table] = {rid: d - lead for rid, value in database.execute_sql(sql)
                           if (d := _day(value)) is not None}
        contacts = {cid: companies.get(company) for cid, company in
                    database.execute_sql("SELECT id, company_id FROM contact")}
        authors = dict(database.execute_sql("SELECT id, author FROM activity"))
        done = {rid: (_day(due), _day(happened)) for rid, due, happened in database.execute_sql(
            "SELECT id, due_on, happened_on FROM activity WHERE done")}

        log_updates, edits = [], []
        record_updates: dict[str, list[tuple[str, str, int, int]]] = {}
        for entry_id, table, row_id, snapshot in created:
            day = (contacts.get(row_id) if table == "contact" else days.get(table, {}).get(row_id))
            day = day or _FIRST_DAY
            at = _moment(day, table, row_id, today)
            user = authors.get(row_id) if table == "activity" else None
            user = user or _pick(staff, table, row_id)
            new = snapshot
            if table == "activity" and row_id in done:
                due, happened = done[row_id]
                # done some time between writing it down and its due date: within a week, say
                start = happened or day
                ticked_day = min(due, start + timedelta(days=7)) if due else start + timedelta(days=7)
                ticked = _moment(max(ticked_day, start), "done", row_id, today)
                ticked = max(ticked, at + timedelta(minutes=1))
                edits.append((_text(ticked), user, "activity", row_id, "update", "done", "0", "1"))
                new = _without_done(snapshot)
                record_updates.setdefault(table, []).append((_text(at), _text(ticked), 2, row_id))
            else:
                record_updates.setdefault(table, []).append((_text(at), _text(at), 1, row_id))
            log_updates.append((_text(at), user, new, entry_id))
        cursor = database.cursor()
        cursor.executemany('UPDATE change_log SET at = ?, "user" = ?, new = ? WHERE id = ?', log_updates)
        for table, rows in record_updates.items():
            cursor.executemany(f'UPDATE "{table}" SET created_at = ?, updated_at = ?, version = ? '
                               "WHERE id = ?", rows)
        if edits:
            cursor.executemany(
                'INSERT INTO change_log (at, "user", "table", row_id, action, field, old, new) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", edits)
    return len(log_updates)


def _text(moment: datetime) -> str:
    return moment.isoformat(sep=" ")  # as the change log writes its times (models.store.as_text)


def _without_done(snapshot: str | None) -> str | None:
    """A create entry's first state before the follow-up was ticked off."""
    try:
        data = json.loads(snapshot or "")
    except ValueError:
        return snapshot
    if isinstance(data, dict):
        data.pop("done", None)
    return json.dumps(data, ensure_ascii=False)
