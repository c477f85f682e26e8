"""Turning the rows of a sheet into a plan against the register: which companies to create,
which fields of which existing companies to change, which rows are duplicates of an earlier row
(merged), which change nothing, and which are rejected and why. Planning writes nothing, so a
dry run is a plan shown and thrown away.

Matching: by INN first; a row without an INN by the folded name (`sort_key`) and city. Inside the
file the same keys find duplicates. An existing company changes only where the file holds a value
that differs; a blank cell never erases, and phones and e-mails are added, never replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from importers import normalise as nz
from importers.headers import SKIP, DataSheet, Header
from models import store
from models.db import database
from models.entities import Company, Contact
from models.errors import ValidationError
from models.identifiers import identifier_problem
from models.textnorm import fold, sort_key

Progress = Callable[[str, int, int], None]

# The company fields an import may set, in the order of the Company model.
COMPANY_FIELDS = (
    "short_name", "full_name", "legal_form", "inn", "kpp", "ogrn", "unp", "country", "region",
    "city", "address", "phones", "emails", "website", "okved", "industry", "member_number",
    "member_status", "member_since", "dues_paid_until", "tags", "notes",
)
_LIST_FIELDS = ("phones", "emails", "tags")
_TOTALS = ("итого", "всего", "total", "totals", "grand total")
_REPORT_EVERY = 500


@dataclass
class Rejection:
    sheet: str
    row: int
    reason: str
    cells: list = field(default_factory=list)


@dataclass
class Contact_:
    name: str
    position: str | None = None
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)


@dataclass
class Incoming:
    """One company as the file describes it (duplicate rows already folded in)."""

    row: int
    values: dict[str, Any]
    contacts: list[Contact_] = field(default_factory=list)
    existing: int | None = None
    cells: list = field(default_factory=list)

    def key_name(self) -> tuple[str, str] | None:
        name = self.values.get("short_name")
        if not name:
            return None
        return sort_key(name), fold(self.values.get("city") or "")


@dataclass
class Update:
    company_id: int
    version: int
    changes: dict[str, Any]
    row: int


@dataclass
class NewContact:
    values: dict[str, Any]
    company_id: int | None = None  # an existing company
    incoming: Incoming | None = None  # a company created by this import


@dataclass
class Plan:
    sheet: str
    header: Header
    rows_read: int = 0
    creates: list[Incoming] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    contacts: list[NewContact] = field(default_factory=list)
    merged: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        updated_ids = {u.company_id for u in self.updates}
        touched_by_contact = {c.company_id for c in self.contacts if c.company_id is not None}
        return {
            "rows_read": self.rows_read,
            "created": len(self.creates),
            "updated": len(updated_ids | touched_by_contact),
            "merged": self.merged,
            "unchanged": self.unchanged,
            "rejected": len(self.rejections),
        }


# --- one row -------------------------------------------------------------------------------

def _legal_form(value: object) -> str | None:
    text = nz.clean_text(value)
    if not text:
        return None
    return nz.split_name(f"{text} Х")[1] or text


def read_row(cells: Sequence[object], header: Header) -> tuple[dict[str, Any], Contact_ | None, list[str]]:
    """(company values, contact, problems) of one row; values hold only non-blank fields."""
    raw: dict[str, object] = {}
    for index, name in header.columns.items():
        if name != SKIP and index < len(cells) and cells[index] not in (None, ""):
            raw[name] = cells[index]
    values: dict[str, Any] = {}
    problems: list[str] = []

    def keep(key: str, pair: tuple[Any, str | None]) -> None:
        value, problem = pair
        if problem:
            problems.append(problem)
        elif value not in (None, "", []):
            values[key] = value

    name, form = nz.split_name(raw.get("short_name"))
    full = nz.clean_text(raw.get("full_name"))
    if full:
        values["full_name"] = " ".join(nz._smart_quotes(full).split())
        if not name:
            name, form = nz.split_name(full)
    if name:
        values["short_name"] = name
    form = _legal_form(raw.get("legal_form")) or form
    if form:
        values["legal_form"] = form
    inn_digits, kpp_text = "", ""
    for key in ("inn_kpp", "inn"):
        if key in raw and not inn_digits:
            inn_digits, kpp_text = nz.split_identifiers(raw[key])
    keep("inn", nz.inn(inn_digits))
    keep("kpp", nz.kpp(raw.get("kpp") or kpp_text or None))
    keep("ogrn", nz.ogrn(raw.get("ogrn")))
    unp = nz.clean_text(raw.get("unp"))
    if unp:
        problem = identifier_problem("unp", unp)
        keep("unp", (None, problem) if problem else (unp.replace(" ", "").upper(), None))
    for key in ("country", "region", "address", "industry", "member_number", "tags", "notes"):
        text = nz.clean_text(raw.get(key))
        if text:
            values[key] = text
    city = nz.clean_city(raw.get("city"))
    if city:
        values["city"] = city
    phones = nz.phones(raw.get("phones"))
    if phones:
        values["phones"] = phones
    emails, problem = nz.emails(raw.get("emails"))
    keep("emails", (emails, problem))
    site = nz.website(raw.get("website"))
    if site:
        values["website"] = site
    code = nz.okved(raw.get("okved"))
    if code:
        values["okved"] = code
    keep("member_status", nz.member_status(raw.get("member_status")))
    keep("member_since", nz.to_date(raw.get("member_since")))
    keep("dues_paid_until", nz.to_date(raw.get("dues_paid_until")))

    contact = None
    person = nz.clean_text(raw.get("contact_name"))
    if person:
        c_emails, problem = nz.emails(raw.get("contact_emails"))
        if problem:
            problems.append(problem)
        contact = Contact_(person, nz.clean_text(raw.get("contact_position")),
                           nz.phones(raw.get("contact_phones")), c_emails)
    return values, contact, problems


def is_totals_row(cells: Sequence[object]) -> bool:
    """A totals line ("Итого", "Всего:", "Total") under the list."""
    for cell in cells:
        if isinstance(cell, str) and cell.strip():
            first = fold(cell).strip(" :.").split(" ")[0].rstrip(":")
            if first in _TOTALS or fold(cell).strip(" :.") in _TOTALS:
                return True
    return False


# --- the register --------------------------------------------------------------------------

class Register:
    """What planning needs to know of the register, read in one query."""

    def __init__(self) -> None:
        self.by_inn: dict[str, tuple[int, bool]] = {}
        self.by_name: dict[tuple[str, str], int] = {}
        cursor = database.execute_sql(
            "SELECT id, inn, sort_name, city, archived_at FROM company "
            "WHERE merged_into_id IS NULL ORDER BY id")
        for cid, inn, sort_name, city, archived in cursor:
            if inn:
                self.by_inn[inn] = (cid, archived is not None)
            if archived is None and sort_name:
                self.by_name.setdefault((sort_name, fold(city or "")), cid)

    @staticmethod
    def rows(ids: Iterable[int]) -> dict[int, Company]:
        out: dict[int, Company] = {}
        ids = list(ids)
        for start in range(0, len(ids), 500):
            for row in Company.select().where(Company.id.in_(ids[start:start + 500])):
                out[row.id] = row
        return out

    @staticmethod
    def contacts(ids: Iterable[int]) -> dict[int, dict[str, Contact]]:
        out: dict[int, dict[str, Contact]] = {}
        ids = list(ids)
        for start in range(0, len(ids), 500):
            for c in Contact.select().where(Contact.company.in_(ids[start:start + 500])):
                out.setdefault(c.company_id, {})[fold(c.name)] = c
        return out


# --- folding a file into companies ---------------------------------------------------------

def _merge_into(target: Incoming, values: dict[str, Any], contacts: list[Contact_]) -> None:
    """Fill the first row's blanks from a duplicate; lists (phones, e-mails) are united."""
    for key, value in values.items():
        if key in _LIST_FIELDS and key in target.values and isinstance(value, list):
            target.values[key] = list(dict.fromkeys([*target.values[key], *value]))
        else:
            target.values.setdefault(key, value)
    _add_contacts(target, contacts)


def _add_contacts(target: Incoming, contacts: list[Contact_]) -> None:
    known = {fold(c.name): c for c in target.contacts}
    for c in contacts:
        twin = known.get(fold(c.name))
        if twin is None:
            target.contacts.append(c)
            known[fold(c.name)] = c
        else:
            twin.position = twin.position or c.position
            twin.phones = list(dict.fromkeys([*twin.phones, *c.phones]))
            twin.emails = list(dict.fromkeys([*twin.emails, *c.emails]))


def _stored(value: Any) -> Any:
    return nz.join(value) if isinstance(value, list) else value


def _differs(key: str, new: Any, old: Any) -> bool:
    if old is None or old == "":
        return True
    if key == "short_name":
        return sort_key(new) != sort_key(old)
    if isinstance(new, str) and isinstance(old, str):
        return fold(new) != fold(old)
    if isinstance(new, date) and isinstance(old, str):
        return new.isoformat() != old[:10]
    return new != old


def _changes(row: Company, values: dict[str, Any]) -> dict[str, Any]:
    """The fields of an existing company the file changes; lists gain the items they lack."""
    out: dict[str, Any] = {}
    for key, new in values.items():
        old = getattr(row, key)
        if key in _LIST_FIELDS and isinstance(new, list):
            current = nz.split_list(old)
            seen = set(current)
            if key == "phones":
                seen |= {p for item in current for p in nz.phones(item)}
            elif key == "emails":
                seen |= {item.lower() for item in current}
            extra = [v for v in new if v not in seen]
            if extra:
                out[key] = nz.join(current + extra)
        elif _differs(key, new, old):
            out[key] = new
    return out


def _contact_values(c: Contact_, company: int | None, primary: bool) -> dict[str, Any]:
    return {"company": company, "name": c.name, "position": c.position, "phones": nz.join(c.phones),
            "emails": nz.join(c.emails), "is_primary": primary}


def make_plan(data: DataSheet, *, progress: Progress | None = None) -> Plan:
    """The plan for the rows of `data` against the register as it is now. Writes nothing."""
    report = progress or (lambda stage, done, total: None)
    plan = Plan(data.name, data.header)
    by_key: dict[tuple, Incoming] = {}
    order: list[Incoming] = []
    total = data.total_rows
    for number, cells in data.rows:
        if not any(c not in (None, "") for c in cells):
            continue
        values, contact, problems = read_row(cells, data.header)
        if not values and contact is None:
            continue  # a row with only a running number, or data in unmapped columns only
        if is_totals_row(cells) and "inn" not in values:
            continue
        plan.rows_read += 1
        if plan.rows_read % _REPORT_EVERY == 0:
            report("read", number, total)
        if problems:
            plan.rejections.append(Rejection(data.name, number, " ".join(
                p if p.endswith(".") else p + "." for p in problems), list(cells)))
            continue
        if not values.get("short_name") and not values.get("inn"):
            plan.rejections.append(Rejection(data.name, number, "Нет ни наименования, ни ИНН.", list(cells)))
            continue
        contacts = [contact] if contact else []
        keys = []
        if values.get("inn"):
            keys.append(("inn", values["inn"]))
        if values.get("short_name"):
            keys.append(("name", sort_key(values["short_name"]), fold(values.get("city") or "")))
        twin = None
        for k in keys:
            candidate = by_key.get(k)
            if candidate is None:
                continue
            if k[0] == "name" and values.get("inn") and candidate.values.get("inn"):
                continue  # same name, different INNs: two companies
            twin = candidate
            break
        if twin is not None:
            _merge_into(twin, values, contacts)
            plan.merged += 1
            for k in keys:
                by_key.setdefault(k, twin)
            continue
        item = Incoming(number, values, cells=list(cells))
        _add_contacts(item, contacts)
        order.append(item)
        for k in keys:
            by_key.setdefault(k, item)
    report("read", total, total)
    _match(plan, order, report)
    return plan


def _match(plan: Plan, order: list[Incoming], report: Progress) -> None:
    register = Register()
    live: list[Incoming] = []
    for item in order:
        inn = item.values.get("inn")
        found = register.by_inn.get(inn) if inn else None
        if found is not None:
            cid, archived = found
            if archived:
                plan.rejections.append(Rejection(
                    plan.sheet, item.row, f"Компания с ИНН {inn} перенесена в архив; восстановите её, "
                    "чтобы обновлять её из файла.", item.cells))
                continue
            item.existing = cid
        elif item.key_name() is not None:
            item.existing = register.by_name.get(item.key_name())
        live.append(item)
    existing = Register.rows({i.existing for i in live if i.existing is not None})
    for item in live:
        row = existing.get(item.existing) if item.existing is not None else None
        if row is not None and item.values.get("inn") and row.inn and row.inn != item.values["inn"]:
            item.existing = None  # same name and city, another INN: another company
    contacts = Register.contacts({i.existing for i in live if i.existing is not None})
    for done, item in enumerate(live, start=1):
        if done % _REPORT_EVERY == 0:
            report("plan", done, len(live))
        if item.existing is None:
            _plan_create(plan, item)
        else:
            _plan_update(plan, item, existing[item.existing], contacts.get(item.existing, {}))
    report("plan", len(live), len(live))


def _reject(plan: Plan, item: Incoming, exc: ValidationError) -> None:
    plan.rejections.append(Rejection(plan.sheet, item.row, " ".join(
        p if p.endswith(".") else p + "." for p in exc.problems.values()), item.cells))


def _plan_create(plan: Plan, item: Incoming) -> None:
    if not item.values.get("short_name"):
        plan.rejections.append(Rejection(
            plan.sheet, item.row, f"Нет наименования компании, а ИНН {item.values.get('inn')} в реестре нет.",
            item.cells))
        return
    values = {k: _stored(item.values.get(k)) for k in COMPANY_FIELDS}
    try:
        # The INN is already checked (check digits by `read_row`, uniqueness against the register
        # by `_match`); leaving it out spares one query per row.
        store.clean(Company, {**values, "inn": None}, None)
    except ValidationError as exc:
        _reject(plan, item, exc)
        return
    item.values = values
    plan.creates.append(item)
    for i, c in enumerate(item.contacts):
        plan.contacts.append(NewContact(_contact_values(c, None, i == 0), incoming=item))


def _plan_update(plan: Plan, item: Incoming, row: Company, known: dict[str, Contact]) -> None:
    changes = {k: _stored(v) for k, v in _changes(row, item.values).items()}
    if changes:
        try:
            store.clean(Company, changes, row.id)
        except ValidationError as exc:
            _reject(plan, item, exc)
            return
        plan.updates.append(Update(row.id, row.version, changes, item.row))
    added = 0
    for c in item.contacts:
        if fold(c.name) in known:
            continue
        plan.contacts.append(NewContact(_contact_values(c, row.id, not known and added == 0),
                                        company_id=row.id))
        added += 1
    if not changes and not added:
        plan.unchanged += 1
