"""Everything the register holds about one company, as plain data for the dossier and the briefing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from models import backend
from models.db import database
from models.entities import ChangeLog, Company, Meeting


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    position: str | None
    phones: str | None
    emails: str | None
    is_primary: bool
    notes: str | None


@dataclass(frozen=True)
class InterestRow:
    id: int
    direction: str
    subject: str
    status: str
    okved: str | None
    partner_geo: str | None
    source: str | None
    opened_on: date | None
    mission_id: int | None
    mission_title: str | None


@dataclass(frozen=True)
class ParticipationRow:
    mission_id: int
    kind: str
    title: str
    starts_on: date | None
    ends_on: date | None
    partner_country: str | None
    role: str
    outcome: str | None


@dataclass(frozen=True)
class MeetingRow:
    id: int
    held_on: date | None
    subject: str
    outcome: str | None
    mission_id: int | None
    mission_title: str | None
    others: tuple[str, ...]  # the other parties' names
    others_short: tuple[str, ...] = ()  # the same without the legal form, for a sentence


@dataclass(frozen=True)
class AgreementRow:
    id: int
    kind: str
    subject: str
    signed_on: date | None
    status: str
    mission_title: str | None
    others: tuple[str, ...]
    notes: str | None
    others_short: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActivityRow:
    id: int
    kind: str
    happened_on: date | None
    text: str
    author: str | None
    due_on: date | None
    done: bool
    mission_title: str | None


@dataclass(frozen=True)
class ChangeRow:
    at: datetime
    user: str
    action: str
    field: str | None
    old: str | None
    new: str | None


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened with the company: a mission it took part in, a meeting, an
    agreement, an activity or a follow-up (an activity with a due date)."""

    day: date | None
    kind: str  # "mission", "meeting", "agreement" or "activity"
    code: str  # the mission's, agreement's or activity's own kind; "" for a meeting
    text: str
    detail: str | None = None  # outcome, the other parties, the mission it belongs to
    author: str | None = None
    due_on: date | None = None
    done: bool = False
    record_id: int = 0

    @property
    def is_followup(self) -> bool:
        return self.kind == "activity" and self.due_on is not None


_KIND_ORDER = {"mission": 0, "meeting": 1, "agreement": 2, "activity": 3}


@dataclass(frozen=True)
class Dossier:
    company: Company
    contacts: list[ContactRow] = field(default_factory=list)
    interests: list[InterestRow] = field(default_factory=list)
    participations: list[ParticipationRow] = field(default_factory=list)
    meetings: list[MeetingRow] = field(default_factory=list)
    agreements: list[AgreementRow] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)
    history: list[ChangeRow] = field(default_factory=list)

    @property
    def name(self) -> str:
        return company_name(self.company.short_name, self.company.legal_form)

    @property
    def timeline(self) -> list[TimelineEntry]:
        """The company's chronology, newest first: missions, meetings, agreements, activities and
        follow-ups (undated ones last)."""
        entries = [TimelineEntry(p.starts_on, "mission", p.kind, p.title, p.outcome, record_id=p.mission_id)
                   for p in self.participations]
        entries += [TimelineEntry(m.held_on, "meeting", "", m.subject,
                                  " — ".join(x for x in ("; ".join(m.others), m.outcome) if x) or None,
                                  record_id=m.id) for m in self.meetings]
        entries += [TimelineEntry(a.signed_on, "agreement", a.kind, a.subject,
                                  "; ".join(a.others) or None, record_id=a.id) for a in self.agreements]
        entries += [TimelineEntry(a.happened_on, "activity", a.kind, a.text, a.mission_title, a.author,
                                  a.due_on, a.done, a.id) for a in self.activities]
        entries.sort(key=lambda e: (e.day is not None, e.day or date.min, -_KIND_ORDER[e.kind], e.record_id),
                     reverse=True)
        return entries

    @property
    def open_followups(self) -> list[ActivityRow]:
        """Activities with a due date that are not done, soonest first."""
        return sorted((a for a in self.activities if a.due_on and not a.done),
                      key=lambda a: a.due_on or date.min)  # every one has a due date


def company_name(short: str, form: str | None) -> str:
    return f"{short}, {form}" if form else short


# The whole dossier is one statement: the company's row and, beside it, each section as a JSON
# array of rows (`backend.json_rows`). One statement is one consistent read on either store, so
# no transaction is opened; and PostgreSQL is asked once instead of ten times (a round trip and a
# plan each: most of what a dossier cost there). The rows come in no particular order: they are
# put in order here, by dates (ISO text), booleans and ids alone, which sort the same everywhere.
# Each subquery reads the company's id from the outer row (`owner`), so the one parameter is it.
# A mission's title is looked up by its id, and the other parties of a meeting or an agreement
# come as an array within its row: on PostgreSQL, every join and every section is a part of the
# plan the server sets up and tears down at each run (a hash table built for a join to the
# missions, the company's parties read twice), which was most of the dossier's time there.
_TITLE = "(SELECT m.title FROM mission m WHERE m.id = {}.mission_id)"
_OTHERS = ("p.id, c.id, c.short_name, c.legal_form",
           "FROM {link}_party p JOIN company c ON c.id = p.company_id "
           "WHERE p.{link}_id = x.id AND p.company_id != owner.id")


def _sections(b: backend.SqliteBackend) -> tuple[tuple[str, str, str], ...]:
    """(name, columns, source) of each section; a meeting's and an agreement's last column is
    the array of the other parties (party id, company id, short name, legal form)."""
    def others(link: str) -> str:
        return b.json_value(b.json_rows(_OTHERS[0], _OTHERS[1].format(link=link)))

    return (
        ("contacts", "id, name, position, phones, emails, is_primary, notes",
         "FROM contact WHERE company_id = owner.id AND archived_at IS NULL"),
        ("interests", "i.id, i.direction, i.subject, i.status, i.okved, i.partner_geo, i.source, "
                      f"CAST(i.opened_on AS TEXT), i.mission_id, {_TITLE.format('i')}",
         "FROM interest i WHERE i.company_id = owner.id"),
        ("participations", "p.mission_id, m.kind, m.title, CAST(m.starts_on AS TEXT), "
                           "CAST(m.ends_on AS TEXT), m.partner_country, p.role, p.outcome, p.id",
         "FROM participation p JOIN mission m ON m.id = p.mission_id WHERE p.company_id = owner.id"),
        ("meetings", "x.id, CAST(x.held_on AS TEXT), x.subject, x.outcome, x.mission_id, "
                     f"{_TITLE.format('x')}, {others('meeting')}",
         "FROM meeting_party mine JOIN meeting x ON x.id = mine.meeting_id WHERE mine.company_id = owner.id"),
        ("agreements", "x.id, x.kind, x.subject, CAST(x.signed_on AS TEXT), x.status, "
                       f"{_TITLE.format('x')}, x.notes, {others('agreement')}",
         "FROM agreement_party mine JOIN agreement x ON x.id = mine.agreement_id "
         "WHERE mine.company_id = owner.id"),
        ("activities", "a.id, a.kind, CAST(a.happened_on AS TEXT), a.text, a.author, CAST(a.due_on AS TEXT), "
                       f"a.done, {_TITLE.format('a')}",
         "FROM activity a WHERE a.company_id = owner.id"),
        ("history", 'CAST(h."at" AS TEXT), h."user", h.action, h.field, h.old, h.new, h.id',
         "FROM change_log h WHERE h.\"table\" = 'company' AND h.row_id = owner.id"),
    )


_NAMES = tuple(name for name, _, _ in _sections(backend.SQLITE))  # the same on every store
_statements: dict[str, str] = {}  # the backend's name -> the statement


def _statement() -> str:
    b = backend.current()
    sql = _statements.get(b.name)
    if sql is None:
        columns = ", ".join(f'owner."{f.column_name}"' for f in Company._meta.sorted_fields)
        sections = ", ".join(f"{b.json_rows(cols, source)} AS {name}" for name, cols, source in _sections(b))
        sql = _statements[b.name] = f"SELECT {columns}, {sections} FROM company owner WHERE owner.id = ?"
    return sql


def load(company_id: int) -> Dossier | None:
    """The dossier of one company (archived ones too), or None when there is no such company."""
    found = backend.current().execute_planned(database, "palata_dossier", _statement(), (company_id,))
    row = found.fetchone()
    if row is None:
        return None
    fields = Company._meta.sorted_fields
    values = {f.name: f.python_value(v) for f, v in zip(fields, row[:len(fields)], strict=True)}
    company = Company(__no_default__=1, **values)  # as peewee makes a model of a selected row
    company._dirty.clear()  # type: ignore[attr-defined]  # peewee's, absent from its stubs
    sections = {name: _rows(v) for name, v in zip(_NAMES, row[len(fields):], strict=True)}
    return _dossier(company, sections)


def _rows(value: Any) -> list[list[Any]]:
    """A section's rows: SQLite gives the JSON text, psycopg2 the parsed array."""
    return json.loads(value) if isinstance(value, str) else value


def _by_day(rows: list[list[Any]], day: int) -> None:
    """Sort `rows` (already in the order wanted within a day) by the date at `day`, newest
    first, undated ones last: an ISO date's text sorts as the date."""
    rows.sort(key=lambda r: (r[day] is not None, r[day] or ""), reverse=True)


def _dossier(company: Company, s: dict[str, list[list[Any]]]) -> Dossier:
    day = Meeting.held_on.python_value  # a date's text as peewee reads it: a date
    contacts = [ContactRow(i, name, position, phones, emails, bool(primary), notes)
                for i, name, position, phones, emails, primary, notes
                in sorted(s["contacts"], key=lambda r: (not r[5], r[0]))]

    rows = sorted(s["interests"], key=lambda r: r[0])
    _by_day(rows, 7)
    rows.sort(key=lambda r: r[3] in ("done", "dropped"))
    interests = [InterestRow(i, direction, subject, status, okved, geo, source, day(opened), mission, title)
                 for i, direction, subject, status, okved, geo, source, opened, mission, title in rows]

    rows = sorted(s["participations"], key=lambda r: r[8])
    _by_day(rows, 3)
    participations = [ParticipationRow(mission, kind, title, day(starts), day(ends), country, role, outcome)
                      for mission, kind, title, starts, ends, country, role, outcome, _ in rows]

    def parties(others: list[list[Any]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The other parties' names in the order they were linked (by the link's id), and the
        same without the legal form."""
        ordered = sorted(others, key=lambda r: r[0])
        return (tuple(company_name(short, form) for _, _, short, form in ordered),
                tuple(short for _, _, short, _ in ordered))

    rows = sorted(s["meetings"], key=lambda r: r[0])
    _by_day(rows, 1)
    meetings = []
    for i, held, subject, outcome, mission, title, others in rows:
        full, short = parties(others)
        meetings.append(MeetingRow(i, day(held), subject, outcome, mission, title, full, short))

    rows = sorted(s["agreements"], key=lambda r: r[0])
    _by_day(rows, 3)
    agreements = []
    for i, kind, subject, signed, status, title, notes, others in rows:
        full, short = parties(others)
        agreements.append(AgreementRow(i, kind, subject, day(signed), status, title, full, notes, short))

    rows = sorted(s["activities"], key=lambda r: r[0], reverse=True)
    _by_day(rows, 2)
    activities = [ActivityRow(i, kind, day(happened), text, author, day(due), bool(done), title)
                  for i, kind, happened, text, author, due, done, title in rows]

    at = ChangeLog.at.python_value
    rows = sorted(s["history"], key=lambda r: r[6], reverse=True)  # the newest change first
    history = [ChangeRow(at(when), user, action, name, old, new)
               for when, user, action, name, old, new, _ in rows]
    return Dossier(company, contacts, interests, participations, meetings, agreements, activities, history)
