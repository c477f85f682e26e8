"""Missions for the missions screen: the list, and one mission as its story — who came, whom they
met, what was signed, what is still to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.db import database
from models.dossier import company_name
from models.entities import (
    Activity,
    Agreement,
    AgreementParty,
    Company,
    Interest,
    Meeting,
    MeetingParty,
    Mission,
    Participation,
)


@dataclass(frozen=True)
class MissionRow:
    id: int
    kind: str
    title: str
    starts_on: date | None
    ends_on: date | None
    place: str | None
    partner_country: str | None
    participants: int
    meetings: int
    agreements: int
    partners: str | None = None


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def list_missions() -> list[MissionRow]:
    """Every mission (not archived), the latest first, with how much happened on it."""
    sql = """
    SELECT m.id, m.kind, m.title, m.starts_on, m.ends_on, m.place, m.partner_country,
      (SELECT count(DISTINCT p.company_id) FROM participation p WHERE p.mission_id = m.id),
      (SELECT count(*) FROM meeting g WHERE g.mission_id = m.id),
      (SELECT count(*) FROM agreement a WHERE a.mission_id = m.id),
      m.partners
    FROM mission m WHERE m.archived_at IS NULL
    ORDER BY m.starts_on IS NULL, m.starts_on DESC, m.id DESC
    """
    return [MissionRow(r[0], r[1], r[2], _day(r[3]), _day(r[4]), *r[5:])
            for r in database.execute_sql(sql)]


@dataclass(frozen=True)
class Participant:
    company_id: int
    name: str
    city: str | None
    country: str | None
    role: str
    outcome: str | None


@dataclass(frozen=True)
class MissionMeeting:
    id: int
    held_on: date | None
    subject: str
    outcome: str | None
    parties: tuple[str, ...]
    mission: str | None = None  # set when it happened on another event of the same visit


@dataclass(frozen=True)
class MissionAgreement:
    id: int
    kind: str
    subject: str
    signed_on: date | None
    status: str
    parties: tuple[str, ...]
    mission: str | None = None


@dataclass(frozen=True)
class FollowUp:
    id: int
    company_id: int
    company: str
    kind: str
    happened_on: date | None
    text: str
    author: str | None
    due_on: date | None
    done: bool
    mission: str | None = None


@dataclass(frozen=True)
class MissionInterest:
    id: int
    company_id: int
    company: str
    direction: str
    subject: str
    status: str


@dataclass(frozen=True)
class MissionStory:
    mission: Mission
    participants: list[Participant] = field(default_factory=list)
    meetings: list[MissionMeeting] = field(default_factory=list)
    agreements: list[MissionAgreement] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    interests: list[MissionInterest] = field(default_factory=list)
    related: list[MissionRow] = field(default_factory=list)  # the same partners' events, in order
    during: tuple[int, ...] = ()  # ids of related events held within this one's dates

    @property
    def open_followups(self) -> list[FollowUp]:
        return [f for f in self.followups if f.due_on and not f.done]


def mission_story(mission_id: int) -> MissionStory | None:
    """One mission with its participants, meetings (in date order), agreements, follow-ups and the
    interests it brought; None when there is no such mission."""
    mission = Mission.get_or_none(Mission.id == mission_id)
    if mission is None:
        return None
    with database.atomic():
        related = _related(mission)
        during = tuple(r.id for r in related if r.id != mission.id and _within(r, mission))
        events = [mission_id, *during]
        titles = {r.id: r.title for r in related if r.id in during}
        parts = list(Participation.select(Participation, Company).join(Company)
                     .where(Participation.mission == mission_id))
        meetings = list(Meeting.select().where(Meeting.mission.in_(events))
                        .order_by(Meeting.held_on.asc(nulls="last"), Meeting.id))
        agreements = list(Agreement.select().where(Agreement.mission.in_(events))
                          .order_by(Agreement.signed_on.asc(nulls="last"), Agreement.id))
        m_parties: dict[int, list[int]] = {}
        for mp in MeetingParty.select().where(MeetingParty.meeting.in_([m.id for m in meetings])):
            m_parties.setdefault(mp.meeting_id, []).append(mp.company_id)
        a_parties: dict[int, list[int]] = {}
        for ap in AgreementParty.select().where(AgreementParty.agreement.in_([a.id for a in agreements])):
            a_parties.setdefault(ap.agreement_id, []).append(ap.company_id)
        activities = list(Activity.select(Activity, Company).join(Company)
                          .where(Activity.mission.in_(events))
                          .order_by(Activity.happened_on.asc(nulls="last"), Activity.id))
        interests = list(Interest.select(Interest, Company).join(Company)
                         .where(Interest.mission == mission_id).order_by(Company.sort_name, Interest.id))
        ids = {x for v in (*m_parties.values(), *a_parties.values()) for x in v}
        names = {c.id: company_name(c.short_name, c.legal_form)
                 for c in Company.select(Company.id, Company.short_name, Company.legal_form)
                 .where(Company.id.in_(list(ids)))} if ids else {}

    role_order = {"organiser": 0, "host": 1, "visited": 2, "participant": 3}
    participants = sorted(
        (Participant(p.company.id, company_name(p.company.short_name, p.company.legal_form), p.company.city,
                     p.company.country, p.role, p.outcome) for p in parts),
        key=lambda p: (role_order.get(p.role, 9), p.country != "Россия", p.name))
    return MissionStory(
        mission,
        participants,
        [MissionMeeting(m.id, m.held_on, m.subject, m.outcome,
                        tuple(names.get(x, "?") for x in m_parties.get(m.id, ())),
                        titles.get(m.mission_id)) for m in meetings],
        [MissionAgreement(a.id, a.kind, a.subject, a.signed_on, a.status,
                          tuple(names.get(x, "?") for x in a_parties.get(a.id, ())),
                          titles.get(a.mission_id)) for a in agreements],
        [FollowUp(a.id, a.company.id, company_name(a.company.short_name, a.company.legal_form), a.kind,
                  a.happened_on, a.text, a.author, a.due_on, bool(a.done), titles.get(a.mission_id))
         for a in activities],
        [MissionInterest(i.id, i.company.id, company_name(i.company.short_name, i.company.legal_form),
                         i.direction, i.subject, i.status) for i in interests],
        related,
        during,
    )


def _partners(text: str | None) -> set[str]:
    return {p.strip().casefold() for p in (text or "").split(";") if p.strip()}


def _within(inner: MissionRow, outer: Mission) -> bool:
    if not (inner.starts_on and outer.starts_on):
        return False
    end = outer.ends_on or outer.starts_on
    return outer.starts_on <= inner.starts_on <= end


def _related(mission: Mission) -> list[MissionRow]:
    """Events with the same partner organisations (the visit before, the one after, the round table
    during it), this one included, in date order."""
    mine = _partners(mission.partners)
    if not mine:
        return []
    rows = [m for m in list_missions() if _partners(m.partners) & mine or m.id == mission.id]
    return sorted(rows, key=lambda m: (m.starts_on or date.max, m.id))


def mission_title(mission_id: int) -> str | None:
    """The title of a mission, or None."""
    row = database.execute_sql("SELECT title FROM mission WHERE id = ?", (mission_id,)).fetchone()
    return row[0] if row else None
