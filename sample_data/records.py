"""The records of the sample register, one per workbook row (`row()` gives the row as
`importers.layout` names its columns), and the `Register` that holds them all."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from importers.layout import (
    ACTIVITIES,
    AGREEMENTS,
    COMPANIES,
    CONTACTS,
    INTERESTS,
    LIST_SEPARATOR,
    MEETINGS,
    MISSIONS,
    PARTICIPATIONS,
    Sheet,
)
from models import vocab
from sample_data.missions import MissionPlan
from sample_data.reference import SUBJECT_OKVED, Industry

TODAY = date(2026, 11, 20)  # the demo's "now": later dates are only plans and due dates


# ---------------------------------------------------------------------------------------------
# Vocabulary helpers


def ru(vocabulary: vocab.Vocabulary, code: str | None) -> str:
    """The Russian label of a vocabulary code, as the workbook holds it."""
    return vocab.label(vocabulary, code, "ru")


# ---------------------------------------------------------------------------------------------
# Records (one per workbook row)


@dataclass
class Company:
    ref: int
    short_name: str
    legal_form: str
    full_name: str
    industry: Industry
    country: str = "Россия"
    region: str = ""
    city: str = ""
    address: str = ""
    inn: str = ""
    kpp: str = ""
    ogrn: str = ""
    unp: str = ""
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    website: str = ""
    domain: str = ""  # the company's own mail domain; "" when it uses a public mail service
    member_number: str = ""
    member_status: str = ""  # MEMBER_STATUS code; "" for non-members
    member_since: date | None = None
    dues_paid_until: date | None = None
    left_on: date | None = None
    tags: list[str] = field(default_factory=list)
    notes: str = ""

    @property
    def is_member(self) -> bool:
        return bool(self.member_status)

    def member_on(self, day: date) -> bool:
        """True when the company was a member of the chamber on `day`."""
        if not self.is_member or self.member_since is None or self.member_since > day:
            return False
        return self.left_on is None or self.left_on > day

    def row(self) -> dict[str, object]:
        return {
            "ref": self.ref, "short_name": self.short_name, "full_name": self.full_name,
            "legal_form": self.legal_form, "inn": self.inn, "kpp": self.kpp, "ogrn": self.ogrn,
            "unp": self.unp, "country": self.country, "region": self.region, "city": self.city,
            "address": self.address, "phones": self.phones, "emails": self.emails,
            "website": self.website, "okved": self.industry.code, "industry": self.industry.name,
            "member_number": self.member_number,
            "member_status": ru(vocab.MEMBER_STATUS, self.member_status),
            "member_since": self.member_since, "dues_paid_until": self.dues_paid_until,
            "tags": self.tags, "notes": self.notes,
        }


@dataclass
class Contact:
    company: Company
    name: str
    position: str
    phones: list[str]
    emails: list[str]
    is_primary: bool = False
    notes: str = ""

    def row(self) -> dict[str, object]:
        return {"company_ref": self.company.ref, "company": self.company.short_name,
                "name": self.name, "position": self.position, "phones": self.phones,
                "emails": self.emails, "is_primary": "да" if self.is_primary else "",
                "notes": self.notes}


@dataclass
class Mission:
    ref: int
    plan: MissionPlan

    @property
    def future(self) -> bool:
        return self.plan.starts > TODAY

    def row(self) -> dict[str, object]:
        p = self.plan
        return {"ref": self.ref, "kind": ru(vocab.MISSION_KIND, p.kind), "title": p.title,
                "starts_on": p.starts, "ends_on": p.ends, "place": p.place,
                "partner_country": p.country, "organisers": p.organisers,
                "partners": p.partners, "description": p.description}


@dataclass
class Interest:
    company: Company
    direction: str  # INTEREST_DIRECTION code
    subject: str
    base: str  # the subject without qualifiers: what matching compares
    partner_geo: str
    status: str  # INTEREST_STATUS code
    opened_on: date
    mission: Mission | None = None
    source: str = ""
    notes: str = ""
    ref: int = 0

    def row(self) -> dict[str, object]:
        return {"ref": self.ref, "company_ref": self.company.ref,
                "company": self.company.short_name,
                "direction": ru(vocab.INTEREST_DIRECTION, self.direction),
                "subject": self.subject, "okved": SUBJECT_OKVED.get(self.base, ""),
                "partner_geo": self.partner_geo, "status": ru(vocab.INTEREST_STATUS, self.status),
                "mission_ref": self.mission.ref if self.mission else None,
                "source": self.source, "opened_on": self.opened_on, "notes": self.notes}


@dataclass
class Participation:
    mission: Mission
    company: Company
    role: str  # PARTICIPATION_ROLE code
    outcome: str = ""

    def row(self) -> dict[str, object]:
        return {"mission_ref": self.mission.ref, "company_ref": self.company.ref,
                "company": self.company.short_name,
                "role": ru(vocab.PARTICIPATION_ROLE, self.role), "outcome": self.outcome}


@dataclass
class Meeting:
    mission: Mission | None
    held_on: date
    parties: list[Company]
    subject: str
    outcome: str
    ref: int = 0

    def row(self) -> dict[str, object]:
        return {"ref": self.ref, "mission_ref": self.mission.ref if self.mission else None,
                "held_on": self.held_on, "party_refs": refs_cell(self.parties),
                "subject": self.subject, "outcome": self.outcome}


@dataclass
class Agreement:
    kind: str  # AGREEMENT_KIND code
    subject: str
    signed_on: date
    mission: Mission | None
    parties: list[Company]
    status: str  # AGREEMENT_STATUS code
    notes: str = ""
    ref: int = 0

    def row(self) -> dict[str, object]:
        return {"ref": self.ref, "kind": ru(vocab.AGREEMENT_KIND, self.kind),
                "subject": self.subject, "signed_on": self.signed_on,
                "mission_ref": self.mission.ref if self.mission else None,
                "party_refs": refs_cell(self.parties),
                "status": ru(vocab.AGREEMENT_STATUS, self.status), "notes": self.notes}


@dataclass
class Activity:
    company: Company
    kind: str  # ACTIVITY_KIND code
    happened_on: date
    text: str
    author: str
    mission: Mission | None = None
    due_on: date | None = None
    done: bool = False

    def row(self) -> dict[str, object]:
        return {"company_ref": self.company.ref, "company": self.company.short_name,
                "kind": ru(vocab.ACTIVITY_KIND, self.kind), "happened_on": self.happened_on,
                "text": self.text, "author": self.author,
                "mission_ref": self.mission.ref if self.mission else None,
                "due_on": self.due_on, "done": "да" if self.done else ""}


def refs_cell(companies: Iterable[Company]) -> str:
    return LIST_SEPARATOR.join(str(c.ref) for c in companies)


@dataclass
class Register:
    companies: list[Company] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    interests: list[Interest] = field(default_factory=list)
    missions: list[Mission] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)

    def rows(self, sheet: Sheet) -> list[dict[str, object]]:
        records: dict[str, Sequence] = {
            COMPANIES.key: self.companies, CONTACTS.key: self.contacts,
            INTERESTS.key: self.interests, MISSIONS.key: self.missions,
            PARTICIPATIONS.key: self.participations, MEETINGS.key: self.meetings,
            AGREEMENTS.key: self.agreements, ACTIVITIES.key: self.activities,
        }
        return [r.row() for r in records[sheet.key]]
