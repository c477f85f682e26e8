"""What the editing forms ask of the store: a record's current values, the choices of its fields,
the lists the forms pick from, parties of meetings and agreements, participants, follow-ups and a
company's readable change log. Writes go through `models.store`; links (meeting and agreement
parties) are written here in the same transaction and logged on their meeting or agreement."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from models import queries, store
from models.dates import day
from models.db import database
from models.dossier import company_name
from models.duplicates import CERTAIN, HIGH, Match, probable_duplicates_of
from models.entities import (
    Activity,
    Agreement,
    AgreementParty,
    ChangeLog,
    Company,
    Contact,
    Interest,
    Meeting,
    MeetingParty,
    Mission,
    Participation,
    Versioned,
)
from models.errors import Problem, ValidationError

_STAMPS = ("id", "version", "created_at", "updated_at")


@dataclass(frozen=True)
class Snapshot:
    """A record as it was read: its editable values, its version, whether it is archived."""

    values: dict[str, Any]
    version: int
    archived: bool = False


def snapshot(model: type[Versioned], row_id: int) -> Snapshot | None:
    """The current values of one record's fields (foreign keys as ids), or None if it is gone."""
    row = model.get_or_none(model.id == row_id)
    if row is None:
        return None
    values = {}
    for name, f in model._meta.fields.items():
        if name in _STAMPS:
            continue
        values[name] = getattr(row, f"{name}_id") if hasattr(f, "rel_model") else getattr(row, name)
    return Snapshot(values, row.version, bool(getattr(row, "archived_at", None)))


# --- choices -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    id: int
    label: str
    detail: str = ""


def company_label(company_id: int) -> str:
    c = Company.get_or_none(Company.id == company_id)
    return company_name(c.short_name, c.legal_form) if c else f"#{company_id}"


@dataclass(frozen=True)
class CompanyState:
    """What editing or archiving a company asks first: is it there, archived, at which version."""

    id: int
    version: int
    archived: bool
    label: str


def company_state(company_id: int) -> CompanyState | None:
    c = Company.get_or_none(Company.id == company_id)
    if c is None:
        return None
    return CompanyState(c.id, c.version, c.archived_at is not None, company_name(c.short_name, c.legal_form))


def find_companies(text: str, limit: int = 20) -> list[Choice]:
    """Live companies matching `text` (the register's own search), best first."""
    rows = queries.list_companies(text or None, limit=limit)
    return [Choice(r.id, r.display_name, ", ".join(x for x in (r.inn, r.city) if x)) for r in rows]


def _dmy(value: Any) -> str:
    d = day(value)
    return d.strftime("%d.%m.%Y") if d else ""


def mission_choices() -> list[Choice]:
    """Every live mission, newest first, as a choice of a form field."""
    rows = (Mission.select(Mission.id, Mission.title, Mission.starts_on)
            .where(Mission.archived_at.is_null())
            .order_by(Mission.starts_on.desc(nulls="last"), Mission.id.desc()))
    return [Choice(m.id, f"{_dmy(m.starts_on)} {m.title}".strip()) for m in rows]


def meeting_choices(company_id: int | None = None, mission_id: int | None = None) -> list[Choice]:
    """Meetings a company took part in (or of a mission), newest first."""
    query = Meeting.select(Meeting.id, Meeting.subject, Meeting.held_on)
    if company_id is not None:
        query = query.join(MeetingParty).where(MeetingParty.company == company_id)
    if mission_id is not None:
        query = query.where(Meeting.mission == mission_id)
    query = query.order_by(Meeting.held_on.desc(nulls="last"), Meeting.id.desc()).limit(300)
    return [Choice(m.id, f"{_dmy(m.held_on)} {m.subject}".strip()) for m in query]


# --- lists the forms edit ------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One row of a pick list: the record, its columns as text, and its state."""

    id: int
    columns: tuple[str, ...]
    code: str = ""  # a status or kind code
    archived: bool = False
    version: int = 1


def contacts_of(company_id: int) -> list[Item]:
    """The company's contacts, primary first, archived ones last."""
    rows = (Contact.select().where(Contact.company == company_id)
            .order_by(Contact.archived_at.is_null(False), Contact.is_primary.desc(), Contact.id))
    return [Item(c.id, (c.name, c.position or "", c.phones or "", c.emails or ""),
                 "primary" if c.is_primary else "", bool(c.archived_at), c.version) for c in rows]


def interests_of(company_id: int) -> list[Item]:
    rows = (Interest.select().where(Interest.company == company_id)
            .order_by(Interest.status.in_(("done", "dropped")), Interest.opened_on.desc(nulls="last"),
                      Interest.id))
    return [Item(i.id, (i.direction, i.subject, _dmy(i.opened_on)), i.status, False, i.version)
            for i in rows]


def activities_of(company_id: int) -> list[Item]:
    rows = (Activity.select().where(Activity.company == company_id)
            .order_by(Activity.happened_on.desc(nulls="last"), Activity.id.desc()))
    return [Item(a.id, (_dmy(a.happened_on), a.kind, a.text, _dmy(a.due_on)), "done" if a.done else "",
                 False, a.version) for a in rows]


@dataclass(frozen=True)
class FollowUp:
    id: int
    version: int
    company_id: int
    company: str
    kind: str
    happened_on: date | None
    text: str
    due_on: date
    mission: str | None
    author: str | None = None


def open_followups(company_id: int | None = None, mission_id: int | None = None, *,
                   author: str | None = None) -> list[FollowUp]:
    """Activities with a due date that are not done, soonest first (so the overdue ones come
    first); of one company, one mission or one author (a staff login) when asked."""
    sql = ("SELECT a.id, a.version, c.id, c.short_name, c.legal_form, a.kind, a.happened_on, a.text, "
           "a.due_on, m.title, a.author FROM activity a JOIN company c ON c.id = a.company_id "
           "LEFT JOIN mission m ON m.id = a.mission_id WHERE a.due_on IS NOT NULL AND NOT a.done "
           "AND c.archived_at IS NULL")
    params: list[Any] = []
    if author is not None:
        sql += " AND a.author = ?"
        params.append(author)
    if company_id is not None:
        sql += " AND a.company_id = ?"
        params.append(company_id)
    if mission_id is not None:
        sql += " AND a.mission_id = ?"
        params.append(mission_id)
    sql += " ORDER BY a.due_on, a.id"
    # due_on IS NOT NULL: every row has its day
    return [FollowUp(r[0], r[1], r[2], company_name(r[3], r[4]), r[5], day(r[6]), r[7],
                     cast(date, day(r[8])), r[9], r[10]) for r in database.execute_sql(sql, params)]


def due_counts(author: str | None, today: date) -> tuple[int, int]:
    """(overdue, due today) among the open follow-ups of `author` (everybody's with None)."""
    sql = ("SELECT SUM(CASE WHEN a.due_on < ? THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN a.due_on = ? THEN 1 ELSE 0 END) "
           "FROM activity a JOIN company c ON c.id = a.company_id "
           "WHERE a.due_on IS NOT NULL AND a.due_on <= ? AND NOT a.done AND c.archived_at IS NULL")
    iso = today.isoformat()
    params: list[Any] = [iso, iso, iso]
    if author is not None:
        sql += " AND a.author = ?"
        params.append(author)
    overdue, due_today = database.execute_sql(sql, params).fetchone()
    return int(overdue or 0), int(due_today or 0)


def mark_done(activity_id: int, expected_version: int) -> int:
    """Mark a follow-up done (optimistic locking as every edit)."""
    return store.update(Activity, activity_id, expected_version, {"done": True})


# --- duplicates ----------------------------------------------------------------------------

def likely_duplicates(values: Mapping[str, Any], exclude: Iterable[int] = ()) -> list[Match]:
    """Live companies that are surely or very probably the one typed: the same identifier, or
    the same name in the same city. Weaker hints (a shared phone) are not worth a question."""
    wanted = {k: values.get(k) for k in ("short_name", "full_name", "inn", "ogrn", "unp", "city")}
    return [m for m in probable_duplicates_of(wanted, exclude=exclude) if m.confidence in (CERTAIN, HIGH)]


def company_with_inn(inn: str, exclude: int | None = None) -> Choice | None:
    row = database.execute_sql(
        "SELECT id, short_name, legal_form, city FROM company WHERE inn = ? AND id != ?",
        (inn, exclude or 0)).fetchone()
    return Choice(row[0], company_name(row[1], row[2]), row[3] or "") if row else None


# --- parties and participants --------------------------------------------------------------

_PARTIES: dict[type[Versioned], tuple[type[MeetingParty] | type[AgreementParty], str]] = {
    Meeting: (MeetingParty, "meeting"), Agreement: (AgreementParty, "agreement")}


def parties_of(model: type[Versioned], row_id: int) -> list[Choice]:
    link, column = _PARTIES[model]
    rows = (link.select(link.id, Company.id, Company.short_name, Company.legal_form, Company.city)
            .join(Company).where(getattr(link, column) == row_id).order_by(link.id))
    return [Choice(r.company.id, company_name(r.company.short_name, r.company.legal_form),
                   r.company.city or "") for r in rows]


def _names_of(ids: Iterable[int]) -> str | None:
    ids = list(ids)
    names = {c.id: company_name(c.short_name, c.legal_form)
             for c in Company.select().where(Company.id.in_(ids))} if ids else {}
    return "; ".join(names.get(i, f"#{i}") for i in ids) or None


def _set_links(model: type[Versioned], row_id: int, company_ids: list[int], user: str) -> None:
    link, column = _PARTIES[model]
    before = [p.id for p in parties_of(model, row_id)]
    wanted = list(dict.fromkeys(company_ids))
    if before == wanted:
        return
    link.delete().where((getattr(link, column) == row_id) & link.company.not_in(wanted)).execute()
    new = [c for c in wanted if c not in before]
    if new:
        link.insert_many([{column: row_id, "company": c} for c in new]).execute()
    ChangeLog.create(at=store.now(), user=user, table=model._meta.table_name, row_id=row_id,
                     action="update", field="parties", old=_names_of(before), new=_names_of(wanted))
    store.reindex_all(set(before) | set(wanted))


def create_with_parties(model: type[Versioned], values: Mapping[str, Any], company_ids: list[int],
                        user: str | None = None) -> int:
    """A meeting or an agreement and its parties, in one transaction."""
    if not company_ids:
        raise ValidationError({"parties": Problem("err.no_parties")})
    user = user or store.current_user()
    with database.atomic():
        row_id = store.create(model, values, user=user)
        _set_links(model, row_id, company_ids, user)
    return row_id


def update_with_parties(model: type[Versioned], row_id: int, expected_version: int,
                        changes: Mapping[str, Any], company_ids: list[int] | None,
                        user: str | None = None) -> int:
    """Change a meeting or an agreement and (when `company_ids` is given) its parties. A change of
    parties alone still takes the record's version, so two people editing them are told."""
    if company_ids is not None and not company_ids:
        raise ValidationError({"parties": Problem("err.no_parties")})
    user = user or store.current_user()
    with database.atomic():
        # store.update checks the version even when no field differs
        version = store.update(model, row_id, expected_version, changes, user=user)
        wanted = list(dict.fromkeys(company_ids or []))
        if company_ids is not None and [p.id for p in parties_of(model, row_id)] != wanted:
            if version == expected_version:  # only the parties changed: they take the next version
                (model.update(version=model.version + 1, updated_at=store.now())
                 .where((model.id == row_id) & (model.version == expected_version)).execute())
                version += 1
            _set_links(model, row_id, wanted, user)
    return version


@dataclass(frozen=True)
class ParticipantItem:
    id: int
    version: int
    company_id: int
    name: str
    city: str | None
    role: str
    outcome: str | None


def participants_of(mission_id: int) -> list[ParticipantItem]:
    rows = (Participation.select(Participation, Company.short_name, Company.legal_form, Company.city)
            .join(Company).where(Participation.mission == mission_id)
            .order_by(Company.sort_name, Participation.id))
    return [ParticipantItem(p.id, p.version, p.company_id,
                            company_name(p.company.short_name, p.company.legal_form),
                            p.company.city, p.role, p.outcome) for p in rows]


def add_participant(mission_id: int, company_id: int, role: str = "participant",
                    outcome: str | None = None) -> int | None:
    """Add a company to a mission in a role; None when it already takes part in that role."""
    exists = Participation.get_or_none((Participation.mission == mission_id)
                                       & (Participation.company == company_id)
                                       & (Participation.role == role))
    if exists is not None:
        return None
    return store.create(Participation, {"mission": mission_id, "company": company_id, "role": role,
                                        "outcome": outcome})


# --- history -------------------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    user: str
    table: str
    row_id: int
    action: str
    field: str | None
    old: str | None
    new: str | None
    record: str  # what the row is about: the company, or "contact Ivanov"

    @property
    def created(self) -> dict[str, str]:
        """The first values of a created record (the log holds them as JSON)."""
        if self.action != "create" or not self.new:
            return {}
        try:
            data = json.loads(self.new)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


def company_history(company_id: int) -> list[HistoryRow]:
    """Everything logged about a company and its contacts, interests, activities and
    participations, newest first."""
    rows: list[HistoryRow] = [HistoryRow(h.at, h.user, h.table, h.row_id, h.action, h.field, h.old, h.new, "")
                              for h in store.history("company", company_id)]
    children = {
        "contact": {c.id: c.name for c in Contact.select(Contact.id, Contact.name)
                    .where(Contact.company == company_id)},
        "interest": {i.id: i.subject for i in Interest.select(Interest.id, Interest.subject)
                     .where(Interest.company == company_id)},
        "activity": {a.id: a.text for a in Activity.select(Activity.id, Activity.text)
                     .where(Activity.company == company_id)},
        "participation": {p.id: p.mission.title for p in Participation.select(Participation, Mission)
                          .join(Mission).where(Participation.company == company_id)},
    }
    for table, names in children.items():
        if not names:
            continue
        for h in (ChangeLog.select().where((ChangeLog.table == table) & ChangeLog.row_id.in_(list(names)))):
            rows.append(HistoryRow(h.at, h.user, h.table, h.row_id, h.action, h.field, h.old, h.new,
                                   names.get(h.row_id, "")))
    rows.sort(key=lambda r: (r.at, r.table == "company"), reverse=True)
    return rows


__all__ = ["snapshot", "Snapshot", "find_companies", "mission_choices", "meeting_choices",
           "contacts_of", "interests_of", "activities_of", "open_followups", "due_counts", "mark_done",
           "likely_duplicates", "company_with_inn", "parties_of", "create_with_parties",
           "update_with_parties", "participants_of", "add_participant", "company_history"]
