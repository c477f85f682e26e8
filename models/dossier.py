"""Everything the register holds about one company, as plain data for the dossier and the briefing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from models import store
from models.db import database
from models.entities import (
    Activity,
    Agreement,
    AgreementParty,
    Company,
    Contact,
    Interest,
    Meeting,
    MeetingParty,
    Mission,
    Participation,
)


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


# The other parties of the company's meetings and agreements, with their names, in one
# statement (not one per link table and one per name column): kind 0 a meeting, 1 an agreement;
# each record's parties in the order they were linked.
_OTHER_PARTIES = """
SELECT 0, p.meeting_id, p.id, c.id, c.short_name, c.legal_form
FROM meeting_party mine JOIN meeting_party p ON p.meeting_id = mine.meeting_id
JOIN company c ON c.id = p.company_id
WHERE mine.company_id = ? AND p.company_id != ?
UNION ALL
SELECT 1, p.agreement_id, p.id, c.id, c.short_name, c.legal_form
FROM agreement_party mine JOIN agreement_party p ON p.agreement_id = mine.agreement_id
JOIN company c ON c.id = p.company_id
WHERE mine.company_id = ? AND p.company_id != ?
ORDER BY 1, 2, 3
"""


Parties = dict[int, list[int]]  # a meeting's or an agreement's id -> company ids


def _other_parties(cid: int) -> tuple[Parties, Parties, dict[int, str], dict[int, str]]:
    """meeting id -> the other parties' ids, agreement id -> theirs, and their names (with the
    legal form, and short)."""
    parties: tuple[Parties, Parties] = ({}, {})
    names: dict[int, str] = {}
    shorts: dict[int, str] = {}
    for kind, record, _, company, short, form in database.execute_sql(_OTHER_PARTIES, (cid, cid, cid, cid)):
        parties[kind].setdefault(record, []).append(company)
        names[company] = company_name(short, form)
        shorts[company] = short
    return parties[0], parties[1], names, shorts


def load(company_id: int) -> Dossier | None:
    """The dossier of one company (archived ones too), or None when there is no such company."""
    company = Company.get_or_none(Company.id == company_id)
    if company is None:
        return None
    with database.atomic():  # one consistent read
        return _load(company)


def _load(company: Company) -> Dossier:
    cid = company.id
    missions = {m.id: m for m in Mission.select().where(
        Mission.id.in_(
            Participation.select(Participation.mission).where(Participation.company == cid)
            | Interest.select(Interest.mission).where(Interest.company == cid)
            | Activity.select(Activity.mission).where(Activity.company == cid)
            | Meeting.select(Meeting.mission).join(MeetingParty).where(MeetingParty.company == cid)
            | Agreement.select(Agreement.mission).join(AgreementParty).where(AgreementParty.company == cid)
        ))}

    def title(mid: int | None) -> str | None:
        return missions[mid].title if mid in missions else None

    contacts = [ContactRow(c.id, c.name, c.position, c.phones, c.emails, bool(c.is_primary), c.notes)
                for c in Contact.select().where((Contact.company == cid) & Contact.archived_at.is_null())
                .order_by(Contact.is_primary.desc(), Contact.id)]
    interests = [InterestRow(i.id, i.direction, i.subject, i.status, i.okved, i.partner_geo, i.source,
                             i.opened_on, i.mission_id, title(i.mission_id))
                 for i in Interest.select().where(Interest.company == cid)
                 .order_by(Interest.status.in_(("done", "dropped")), Interest.opened_on.desc(nulls="last"),
                           Interest.id)]
    participations = sorted(
        (ParticipationRow(p.mission_id, missions[p.mission_id].kind, missions[p.mission_id].title,
                          missions[p.mission_id].starts_on, missions[p.mission_id].ends_on,
                          missions[p.mission_id].partner_country, p.role, p.outcome)
         for p in Participation.select().where(Participation.company == cid)),
        key=lambda p: (p.starts_on or date.min), reverse=True)

    meeting_list = list(Meeting.select().join(MeetingParty).where(MeetingParty.company == cid)
                        .order_by(Meeting.held_on.desc(nulls="last"), Meeting.id))
    agreement_list = list(Agreement.select().join(AgreementParty).where(AgreementParty.company == cid)
                          .order_by(Agreement.signed_on.desc(nulls="last"), Agreement.id))
    meeting_parties, agreement_parties, names, shorts = _other_parties(cid)
    meetings = [MeetingRow(m.id, m.held_on, m.subject, m.outcome, m.mission_id, title(m.mission_id),
                           tuple(names.get(x, "?") for x in meeting_parties.get(m.id, ())),
                           tuple(shorts.get(x, "?") for x in meeting_parties.get(m.id, ())))
                for m in meeting_list]
    agreements = [AgreementRow(a.id, a.kind, a.subject, a.signed_on, a.status, title(a.mission_id),
                               tuple(names.get(x, "?") for x in agreement_parties.get(a.id, ())), a.notes,
                               tuple(shorts.get(x, "?") for x in agreement_parties.get(a.id, ())))
                  for a in agreement_list]
    activities = [ActivityRow(a.id, a.kind, a.happened_on, a.text, a.author, a.due_on, bool(a.done),
                              title(a.mission_id))
                  for a in Activity.select().where(Activity.company == cid)
                  .order_by(Activity.happened_on.desc(nulls="last"), Activity.id.desc())]
    history = [ChangeRow(h.at, h.user, h.action, h.field, h.old, h.new)
               for h in reversed(store.history("company", cid))]
    return Dossier(company, contacts, interests, participations, meetings, agreements, activities, history)
