"""Missions for the missions screen: the list, and one mission as its story — who came, whom they
met, what was signed, what is still to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.dates import day
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
    description: str | None = None


def list_missions(text: str = "", *, year: int | None = None, kind: str | None = None,
                  country: str | None = None) -> list[MissionRow]:
    """Every mission (not archived), the latest first, with how much happened on it — its meetings
    and agreements counted as its story counts them, with those of the events held during it with
    the same partners (the round table of a delegation's visit). Narrowed by words of its title,
    place, partners or description, by year, kind and partner country when given."""
    rows = _with_events(_missions())
    if text.strip():
        from models.textnorm import fold

        wanted = fold(text).split()
        rows = [r for r in rows if all(w in r.haystack for w in wanted)]
    if year is not None:
        rows = [r for r in rows if r.starts_on and r.starts_on.year == year]
    if kind:
        rows = [r for r in rows if r.kind == kind]
    if country:
        rows = [r for r in rows if (r.partner_country or "") == country]
    return [r.row for r in rows]


@dataclass(frozen=True)
class MissionFilters:
    """What the missions list can be narrowed by: the years, kinds and partner countries it holds."""

    years: tuple[int, ...]
    kinds: tuple[str, ...]
    countries: tuple[str, ...]


def mission_filters() -> MissionFilters:
    rows = _missions()
    return MissionFilters(
        tuple(sorted({r.starts_on.year for r in rows if r.starts_on}, reverse=True)),
        tuple(sorted({r.kind for r in rows})),
        tuple(sorted({r.partner_country for r in rows if r.partner_country})))


@dataclass(frozen=True)
class _Found:
    row: MissionRow
    haystack: str

    def __getattr__(self, name: str):
        return getattr(self.row, name)


def _with_events(rows: list[MissionRow]) -> list[_Found]:
    from models.textnorm import fold

    out = []
    for m in rows:
        mine = _partners(m.partners)
        during = [r for r in rows if r.id != m.id and _within(r, m) and _partners(r.partners) & mine]
        row = MissionRow(m.id, m.kind, m.title, m.starts_on, m.ends_on, m.place, m.partner_country,
                         m.participants, m.meetings + sum(r.meetings for r in during),
                         m.agreements + sum(r.agreements for r in during), m.partners)
        text = " ".join(x for x in (m.title, m.place, m.partner_country, m.partners, m.description) if x)
        out.append(_Found(row, fold(text)))
    return out


def _missions() -> list[MissionRow]:
    """The missions with their own counts (see `list_missions`)."""
    sql = """
    SELECT m.id, m.kind, m.title, m.starts_on, m.ends_on, m.place, m.partner_country,
      (SELECT count(DISTINCT p.company_id) FROM participation p WHERE p.mission_id = m.id),
      (SELECT count(*) FROM meeting g WHERE g.mission_id = m.id),
      (SELECT count(*) FROM agreement a WHERE a.mission_id = m.id),
      m.partners, m.description
    FROM mission m WHERE m.archived_at IS NULL
    ORDER BY m.starts_on IS NULL, m.starts_on DESC, m.id DESC
    """
    return [MissionRow(r[0], r[1], r[2], day(r[3]), day(r[4]), *r[5:])
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
        """Follow-ups (activities with a due date) not done yet, soonest first."""
        return sorted((f for f in self.followups if f.due_on and not f.done), key=lambda f: (f.due_on, f.id))

    @property
    def done_followups(self) -> list[FollowUp]:
        """Follow-ups done, the latest due first."""
        return sorted((f for f in self.followups if f.due_on and f.done), key=lambda f: (f.due_on, f.id),
                      reverse=True)


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
        titles: dict[int | None, str] = {r.id: r.title for r in related if r.id in during}
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


def _within(inner: MissionRow, outer: Mission | MissionRow) -> bool:
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
    rows = [m for m in _missions() if _partners(m.partners) & mine or m.id == mission.id]
    return sorted(rows, key=lambda m: (m.starts_on or date.max, m.id))


def mission_title(mission_id: int) -> str | None:
    """The title of a mission, or None."""
    row = database.execute_sql("SELECT title FROM mission WHERE id = ?", (mission_id,)).fetchone()
    return row[0] if row else None
