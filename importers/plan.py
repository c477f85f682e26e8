"""Turning the rows of a sheet into a plan against the register: which companies to create,
which fields of which existing companies to change, which rows are duplicates of an earlier row
(merged), which change nothing, and which are rejected and why. Planning writes nothing, so a
dry run is a plan shown and thrown away.

Matching: by INN first; a row without an INN by the folded name (`sort_key`) and city. Inside the
file the same keys find duplicates. An existing company changes only where the file holds a value
that differs; a blank cell never erases, and phones and e-mails are added, never replaced.
The same holds for the contacts of an existing company, matched by the folded name: a new
position replaces the old one, phones and e-mails are added.

When duplicate rows disagree on a field, the first row's value is kept and the other one is
reported as a warning (sheet, row, field, kept and dropped value): nothing vanishes silently.

Memory: the rows are read once, as calamine streams them; only the normalised values of each
company are kept, not the cells. The few rows rejected after reading (an archived company, a
value the store refuses) get their cells back from a second pass over the sheet (`fill_cells`).
The register is asked only about the file's own keys — its digests, INNs and names a chunk at a
time, the duplicate candidates of its new companies in one paged pass — so what planning holds
grows with the file, not with the register.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from importers import normalise as nz
from importers.headers import FIELDS, SKIP, DataSheet, Header, titles_of
from models import identifiers, import_digests, safetext, store, textnorm, validation
from models.db import database
from models.duplicates import KeyIndex
from models.entities import Company
from models.errors import Problem, ValidationError
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
_MATCH_CHUNK = 2000
# Keys of a file looked up in the register in one statement (`Register`, the digests of
# `_known_rows`); tests lower them.
LOOKUP_CHUNK = 500
DIGEST_CHUNK = 500


@dataclass
class Rejection:
    sheet: str
    row: int
    reason: Problem  # why, for the interface to word (`reasons` for several)
    cells: list = field(default_factory=list)


def reasons(problems: Sequence[Problem]) -> Problem:
    """One reason for a row with one or several problems (said one sentence after another)."""
    return Problem("err.problems", {"problems": list(problems)})


@dataclass
class MergeWarning:
    """A duplicate row's value that lost to the first row's: kept in the report, not stored."""

    sheet: str
    row: int  # the duplicate row whose value was dropped
    field: str  # an importer field (`headers.FIELDS`), "contact_position" for a contact's
    kept: str
    dropped: str
    kept_row: int  # the first row, whose value was kept
    person: str | None = None  # the contact, for a contact's field

    def label(self, lang: str = "ru") -> str:
        """The field as the user knows it: "Адрес", "Должность (Иванов Иван)"."""
        text = FIELDS[self.field][1 if lang == "en" else 0]
        return f"{text} ({self.person})" if self.person else text

    @property
    def problem(self) -> Problem:
        """The warning as a code and values, for the interface to word (`tui.sentences`); `field`
        is the importer's field, `person` the contact's name for a contact's field."""
        return Problem("import.merge_warning", {
            "sheet": self.sheet, "row": self.row, "kept_row": self.kept_row, "field": self.field,
            "person": self.person, "kept": self.kept, "dropped": self.dropped})


@dataclass
class CleanedWarning:
    """Control characters removed from a cell (escape sequences, NUL, C1, bidi overrides): the
    rest of the cell was read; what went is told, written so a terminal cannot obey it."""

    sheet: str
    row: int
    column: str  # the column's title as the sheet writes it
    removed: list[str]  # each piece shown with escapes ("\x1b[2J")


@dataclass
class Notice:
    """Something the import decided on its own that a person should know (a row skipped as a
    total, a bare year read as 1 January, a phone kept as typed, cells far from the table left
    out): `key` names its sentence in the interface's catalogue ("import.notice.<key>"), `values`
    fill it. Row 0 is the sheet as a whole."""

    sheet: str
    row: int
    key: str
    values: dict[str, Any] = field(default_factory=dict)


# The planned records are held for every row of the file at once: slots keep each small.
@dataclass(slots=True)
class Contact_:
    name: str
    position: str | None = None
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Incoming:
    """One company as the file describes it (duplicate rows already folded in)."""

    row: int
    values: dict[str, Any]
    contacts: list[Contact_] = field(default_factory=list)
    existing: int | None = None
    name_key: tuple[str, str] | None = None  # (sort_key of the name, folded city)
    # the digest of the row, while the company comes from this one row and is not rejected
    digest: str | None = None
    inn: str | None = None
    # a company to create, once cleaned: (field names, values), the names shared by all rows
    record: tuple[tuple[str, ...], tuple[Any, ...]] | None = None

    def key_name(self) -> tuple[str, str] | None:
        return self.name_key

    def new_values(self) -> dict[str, Any]:
        """The cleaned values of a company to create, as `store.bulk_create` takes them."""
        assert self.record is not None
        return dict(zip(*self.record, strict=True))


@dataclass(slots=True)
class Update:
    company_id: int
    version: int
    changes: dict[str, Any]
    row: int


@dataclass(slots=True)
class NewContact:
    values: dict[str, Any]
    company_id: int | None = None  # an existing company
    incoming: Incoming | None = None  # a company created by this import


@dataclass(slots=True)
class ContactUpdate:
    contact_id: int
    version: int
    changes: dict[str, Any]
    company_id: int
    row: int


@dataclass
class DuplicateWarning:
    """A company the file would create that probably exists already under other details
    (same OGRN, phone, e-mail or domain): created all the same, and pointed out."""

    sheet: str
    row: int
    name: str
    existing_id: int
    existing_name: str
    reasons: list[tuple[str, str]]  # (rule, the shared value as shown)


@dataclass
class Plan:
    sheet: str
    header: Header
    rows_read: int = 0
    creates: list[Incoming] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    contacts: list[NewContact] = field(default_factory=list)
    contact_updates: list[ContactUpdate] = field(default_factory=list)
    merged: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[MergeWarning] = field(default_factory=list)
    duplicates: list[DuplicateWarning] = field(default_factory=list)
    cleaned: list[CleanedWarning] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    # rows rejected after reading: their cells are read again for the report (see fill_cells)
    refill: dict[int, Rejection] = field(default_factory=dict)
    # every company the file describes, in file order: what apply remembers the digests of
    sources: list[Incoming] = field(default_factory=list)
    # the state of each existing company as planned (`company_state`): apply plans again the
    # rows whose company a colleague changed since (`replan_changed`)
    seen: dict[int, int] = field(default_factory=dict)

    def digests(self) -> list[tuple[str, int, str | None, str | None]]:
        """(digest, company id, INN, name key) of the rows to remember once the plan is applied."""
        return [(i.digest, i.existing, i.inn, _key_text(i.name_key)) for i in self.sources
                if i.digest is not None and i.existing is not None]

    @property
    def counts(self) -> dict[str, int]:
        updated_ids = {u.company_id for u in self.updates}
        touched_by_contact = {c.company_id for c in self.contacts if c.company_id is not None}
        touched_by_contact |= {c.company_id for c in self.contact_updates}
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


# The fields each cleaned by one function of their cell, in the order they are read; "checked"
# ones answer (value, problem), the others a value or nothing.
_CLEANERS: tuple[tuple[str, Callable[[object], Any], bool], ...] = (
    *((key, nz.clean_text, False)
      for key in ("country", "region", "address", "industry", "member_number", "tags", "notes")),
    ("city", nz.clean_city, False), ("emails", nz.emails, True),
    ("website", nz.website, False), ("okved", nz.okved, False), ("member_status", nz.member_status, True),
)
_DATES = ("member_since", "dues_paid_until")
# Cells whose text may be a column title: the rest of a row is not looked up.
_TITLE_MAX = 60


class RowReader:
    """Reads the rows of one sheet: `reader(cells)` gives (company values, contact, problems);
    values hold only non-blank fields. Built once per header, so each row runs only the
    cleaning of the columns the sheet has."""

    def __init__(self, header: Header, date1904: bool = False) -> None:
        self.columns = [(index, name) for index, name in header.columns.items() if name != SKIP]
        self.titles = {index: safetext.clean(str(header.titles[index]))
                       if index < len(header.titles) and header.titles[index] else f"#{index + 1}"
                       for index, _ in self.columns}
        # (column title, pieces removed) of the row read last
        self.removed: list[tuple[str, list[str]]] = []
        self.date1904 = date1904
        # what the last row read left to point out: (notice key, values); and whether it read
        # as a repeat of the header (two or more cells naming their own column's field)
        self.notes: list[tuple[str, dict[str, Any]]] = []
        self.header_like = False
        # per column, the titles that name its field ("инн", "url" under the website, the
        # header's own text): such a cell is a repeated header or a template's prompt, no value
        self._titles = {index: titles_of(name) | {_title_key(header.titles[index])}
                        for index, name in self.columns if index < len(header.titles)}
        self._seed = hashlib.blake2b(repr((_cleaning_code(), self.columns)).encode(), digest_size=16)
        indexes = [index for index, _ in self.columns]
        self._width = max(indexes, default=-1) + 1
        self._pick = itemgetter(*indexes) if len(indexes) > 1 else lambda cells: (cells[indexes[0]],)

    def digest(self, cells: Sequence[object]) -> str:
        """The digest of what this header reads from a row, and of the code that cleans it: the
        same digest means the same values, as long as the cleaning rules are the same."""
        width = len(cells)
        if width >= self._width and self._width:
            picked = self._pick(cells)
        else:  # a short row: the missing cells read as None
            picked = tuple(cells[i] if i < width else None for i, _ in self.columns)
        h = self._seed.copy()
        h.update(repr(picked).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def __call__(self, cells: Sequence[object]) -> tuple[dict[str, Any], Contact_ | None, list[Problem]]:
        raw: dict[str, object] = {}
        width = len(cells)
        self.removed = []
        titles = 0
        notes: list[tuple[str, dict[str, Any]]] = []
        self.notes = notes
        for index, name in self.columns:
            if index < width:
                cell = cells[index]
                if cell is not None and cell != "":
                    if type(cell) is str and not cell.isprintable():
                        # nothing a terminal obeys goes further; line breaks are left to the
                        # field's own cleaning
                        cell, removed = safetext.scrub(cell, multiline=True)
                        if removed:
                            self.removed.append((self.titles[index], removed))
                    if type(cell) is str and len(cell) <= _TITLE_MAX:
                        if nz.is_blank(cell) and (name != "member_status" or cell.strip().lower() != "нет"):
                            continue  # "-", «нет», «н/д»: nothing typed (but «нет» is a status)
                        if _title_key(cell) in self._titles.get(index, ()):
                            titles += 1  # the column's own title (or a template's prompt)
                            continue
                    raw[name] = cell
        self.header_like = titles >= 2
        values: dict[str, Any] = {}
        problems: list[Problem] = []

        def keep(key: str, pair: tuple[Any, Problem | None]) -> None:
            value, problem = pair
            if problem:
                problems.append(problem)
            elif value not in (None, "", []):
                values[key] = value

        short: str | None
        form: str | None
        short, form = nz.split_name(raw["short_name"]) if "short_name" in raw else (None, None)
        if "full_name" in raw:
            full = nz.clean_text(raw["full_name"])
            if full:
                values["full_name"] = " ".join(nz._smart_quotes(full).split())
                if not short:
                    short, form = nz.split_name(full)
        if short:
            values["short_name"] = short
        if "legal_form" in raw:
            form = _legal_form(raw["legal_form"]) or form
        if form:
            values["legal_form"] = form
        inn_digits, kpp_text = "", ""
        for key in ("inn_kpp", "inn"):
            if key in raw and not inn_digits:
                inn_digits, kpp_text = nz.split_identifiers(raw[key])
        if inn_digits:
            keep("inn", nz.inn(inn_digits))
        if "kpp" in raw or kpp_text:
            keep("kpp", nz.kpp(raw.get("kpp") or kpp_text or None))
        if "ogrn" in raw:
            keep("ogrn", nz.ogrn(raw["ogrn"]))
        if "unp" in raw:
            unp = nz.clean_text(raw["unp"])
            if unp:
                problem = identifier_problem("unp", unp)
                keep("unp", (None, problem) if problem else (unp.replace(" ", "").upper(), None))
        for key, clean, checked in _CLEANERS:
            if key in raw:
                if checked:  # the cleaner answers (value, problem)
                    keep(key, clean(raw[key]))
                else:
                    value = clean(raw[key])
                    if value:
                        values[key] = value
        for key in _DATES:
            if key in raw:
                keep(key, nz.to_date(raw[key], self.date1904))
                if key in values and nz.is_year(raw[key]):
                    notes.append(("year_only", {"field": key, "year": values[key].year}))
        if "phones" in raw:
            values.pop("phones", None)
            found, invalid = nz.phones_checked(raw["phones"])
            if found:
                values["phones"] = found
            notes.extend(("phone_kept", {"phone": p}) for p in invalid)

        contact = None
        person = nz.clean_text(raw["contact_name"]) if "contact_name" in raw else None
        if person:
            c_emails: list[str] = []
            if "contact_emails" in raw:
                c_emails, problem = nz.emails(raw["contact_emails"])
                if problem:
                    problems.append(problem)
            position = nz.clean_text(raw["contact_position"]) if "contact_position" in raw else None
            phones, invalid = nz.phones_checked(raw["contact_phones"]) if "contact_phones" in raw \
                else ([], [])
            notes.extend(("phone_kept", {"phone": p}) for p in invalid)
            contact = Contact_(person, position, phones, c_emails)
        return values, contact, problems


@lru_cache(maxsize=1)
def _cleaning_code() -> str:
    """A digest of the modules that decide what a row becomes: a new release with other
    cleaning rules never takes a row for unchanged on the strength of an older digest."""
    h = hashlib.blake2b(digest_size=16)
    for module in (nz, identifiers, textnorm, validation, safetext):
        source = module.__file__
        assert source is not None, "plain modules, each from its file"
        h.update(Path(source).read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()


def _key_text(key: tuple[str, str] | None) -> str | None:
    return "\x1f".join(key) if key else None


class DigestClash(Exception):
    """A row known unchanged by its digest is the same company as another row of the file: the
    file is planned again the whole way, so that the rows merge exactly as they always do."""


def _title_key(text: object) -> str:
    return str(text).lower().strip(" .:*\n") if text is not None else ""


# A row holding a place alone, with sums: a subtotal of a statistics table, not a company.
_PLACE_WORDS = ("область", "край", "республика", "округ", "район", "region", "oblast", "district",
                "county", "province", "state")
_COUNTRIES = frozenset(fold(c) for c in (
    "Россия", "Российская Федерация", "Беларусь", "Белоруссия", "Казахстан", "Узбекистан", "Киргизия",
    "Кыргызстан", "Таджикистан", "Туркменистан", "Армения", "Азербайджан", "Грузия", "Молдова",
    "Китай", "Индия", "Турция", "Иран", "Вьетнам", "Монголия", "Германия", "Италия", "Франция",
    "Сербия", "ОАЭ", "Египет", "Russia", "Belarus", "Kazakhstan", "Uzbekistan", "Kyrgyzstan",
    "Tajikistan", "Armenia", "Azerbaijan", "Georgia", "Moldova", "China", "India", "Turkey",
    "Iran", "Vietnam", "Mongolia", "Germany", "Italy", "France", "Serbia", "England", "Scotland",
    "Wales", "Northern Ireland", "United Kingdom", "UK", "Great Britain", "USA", "United States",
    "Европа", "Азия", "Europe", "Asia", "СНГ", "CIS", "Итого по России", "World", "Мир",
))
_IDENTIFYING = ("inn", "kpp", "ogrn", "unp", "phones", "emails", "website", "address", "member_number")


def is_place_total(values: dict[str, Any], contact: Contact_ | None, cells: Sequence[object]) -> bool:
    """A row naming only a country or a region, with numbers beside it and nothing that
    identifies a company (no INN, phone, address…): a total of a statistics table."""
    if contact is not None or any(k in values for k in _IDENTIFYING):
        return False
    name = values.get("short_name") or values.get("full_name")
    if not name:
        return False
    key = fold(name).strip(" :.")
    if not (key in _COUNTRIES or any(w in key.split() for w in _PLACE_WORDS)):
        return False
    return any(isinstance(c, (int, float)) and not isinstance(c, bool) for c in cells)


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
    """What planning needs to know of the register about the companies of a file: the companies
    holding their INNs, and those holding the names (and cities) of the rows whose INN none
    holds. Looked up by the file's own keys, `LOOKUP_CHUNK` at a time, through the indexes on
    `inn` and `sort_name`: memory follows the file, not the register."""

    def __init__(self, items: Sequence[Incoming] = ()) -> None:
        # INN -> (company, archived); (sort name, folded city) -> the live company of lowest id
        self.by_inn: dict[str, tuple[int, bool]] = {}
        self.by_name: dict[tuple[str, str], int] = {}
        inns = {inn for i in items if (inn := i.values.get("inn"))}
        for cid, inn, _, archived, merged in self._lookup("inn", inns):
            if merged is None:
                self.by_inn[inn] = (cid, archived is not None)
        names = {key[0] for i in items if (key := i.key_name()) is not None and key[0]
                 and i.values.get("inn") not in self.by_inn}
        for cid, _, (sort_name, city), archived, merged in self._lookup("sort_name", names):
            if archived is None and merged is None:
                self.by_name.setdefault((sort_name, _fold_city(city)), cid)

    @staticmethod
    def _lookup(column: str, keys: set[str]) -> list[tuple]:
        """(id, INN, (sort name, city), archived, merged into) of the companies whose `column` is
        one of `keys`, by id, a chunk of keys at a time. Archived and merged companies are told
        apart here, not in SQL: SQLite would take the index on those marks over `column`'s."""
        ordered = sorted(keys)
        out: list[tuple] = []
        for start in range(0, len(ordered), LOOKUP_CHUNK):
            chunk = ordered[start:start + LOOKUP_CHUNK]
            rows = database.execute_sql(
                "SELECT id, inn, sort_name, city, archived_at, merged_into_id FROM company "
                f"WHERE {column} IN ({','.join('?' * len(chunk))})", chunk)
            out.extend((cid, inn, (name, city), archived, merged)
                       for cid, inn, name, city, archived, merged in rows)
        out.sort(key=itemgetter(0))
        return out

    @staticmethod
    def rows(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """The companies `ids` as {id: {field: value}}, read through the cursor."""
        return store.read_rows(Company, ids)

    @staticmethod
    def contacts(ids: Iterable[int], versions: dict[int, list[tuple[int, int]]] | None = None
                 ) -> dict[int, dict[str, dict[str, Any]]]:
        """{company id: {folded name: contact}} of the live contacts of these companies; with
        `versions`, (id, version) of every live contact of each company is added to it."""
        out: dict[int, dict[str, dict[str, Any]]] = {}
        ids = list(ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for cid, contact_id, version, name, position, phones, emails in database.execute_sql(
                    "SELECT company_id, id, version, name, position, phones, emails FROM contact "
                    f"WHERE company_id IN ({','.join('?' * len(chunk))}) AND archived_at IS NULL "
                    "ORDER BY id", chunk):
                out.setdefault(cid, {}).setdefault(fold(name), {
                    "id": contact_id, "version": version, "name": name, "position": position,
                    "phones": phones, "emails": emails})
                if versions is not None:
                    versions.setdefault(cid, []).append((contact_id, version))
        return out


def company_state(row: dict[str, Any], contacts: list[tuple[int, int]]) -> int:
    """What a plan for a company depends on, as one number: its version, archive and merge marks
    and the ids and versions of its live contacts (every write raises a version)."""
    return hash((row["version"], row.get("archived_at") is None, row.get("merged_into"),
                 tuple(sorted(contacts))))


# --- folding a file into companies ---------------------------------------------------------

def _shown(value: Any) -> str:
    return nz.clean_text(value) or ""


def _merge_into(target: Incoming, values: dict[str, Any], contacts: list[Contact_], row: int,
                plan: Plan) -> None:
    """Fill the first row's blanks from a duplicate; lists (phones, e-mails) are united; a value
    that disagrees with the first row's is dropped with a warning."""
    for key, value in values.items():
        if key in _LIST_FIELDS and key in target.values and isinstance(value, list):
            target.values[key] = list(dict.fromkeys([*target.values[key], *value]))
        elif key not in target.values:
            target.values[key] = value
        elif _differs(key, value, target.values[key]):
            plan.warnings.append(MergeWarning(plan.sheet, row, key, _shown(target.values[key]),
                                              _shown(value), target.row))
    _add_contacts(target, contacts, row, plan)


def _add_contacts(target: Incoming, contacts: list[Contact_], row: int | None = None,
                  plan: Plan | None = None) -> None:
    known = {fold(c.name): c for c in target.contacts}
    for c in contacts:
        twin = known.get(fold(c.name))
        if twin is None:
            target.contacts.append(c)
            known[fold(c.name)] = c
        else:
            if twin.position and c.position and fold(twin.position) != fold(c.position) and plan:
                plan.warnings.append(MergeWarning(plan.sheet, row or target.row, "contact_position",
                                                  twin.position, c.position, target.row, twin.name))
            twin.position = twin.position or c.position
            twin.phones = list(dict.fromkeys([*twin.phones, *c.phones]))
            twin.emails = list(dict.fromkeys([*twin.emails, *c.emails]))


def _stored(value: Any) -> Any:
    return nz.join(value) if isinstance(value, list) else value


def _differs(key: str, new: Any, old: Any) -> bool:
    if new == old:
        return False  # the usual case of a re-import, decided without folding
    if old is None or old == "":
        return True
    if key == "short_name":
        return sort_key(new) != sort_key(old)
    if isinstance(new, str) and isinstance(old, str):
        return fold(new) != fold(old)
    if isinstance(new, date) and isinstance(old, str):
        return new.isoformat() != old[:10]
    return new != old


def _added(key: str, old: str | None, new: list[str]) -> str | None:
    """The stored list `old` with the items of `new` it lacks, or None when it lacks none."""
    current = nz.split_list(old)
    seen = set(current)
    if all(v in seen for v in new):
        return None  # the usual case of a re-import: no stored item needs normalising
    if key == "phones":
        seen |= {p for item in current for p in nz.phones(item)}
    elif key == "emails":
        seen |= {item.lower() for item in current}
    extra = [v for v in new if v not in seen]
    return nz.join(current + extra) if extra else None


def _changes(row: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The fields of an existing company the file changes; lists gain the items they lack."""
    out: dict[str, Any] = {}
    for key, new in values.items():
        old = row[key]
        if key in _LIST_FIELDS and isinstance(new, list):
            joined = _added(key, old, new)
            if joined:
                out[key] = joined
        elif key == "short_name" and isinstance(new, str) and row.get("sort_name"):
            if new != old and sort_key(new) != row["sort_name"]:  # the stored key of the old name
                out[key] = new
        elif _differs(key, new, old):
            out[key] = new
    return out


def _contact_changes(known: dict[str, Any], c: Contact_) -> dict[str, Any]:
    """What the file changes in an existing contact: a new position replaces the old one,
    phones and e-mails are added; a blank cell erases nothing."""
    out: dict[str, Any] = {}
    if c.position and (not known["position"] or fold(c.position) != fold(known["position"])):
        out["position"] = c.position
    for key, new in (("phones", c.phones), ("emails", c.emails)):
        joined = _added(key, known[key], new) if new else None
        if joined:
            out[key] = joined
    return out


def _fold_city(city: str | None) -> str:
    return _fold_cached(city) if city else ""


@lru_cache(maxsize=4096)
def _fold_cached(text: str) -> str:
    return fold(text)


def _contact_values(c: Contact_, company: int | None, primary: bool) -> dict[str, Any]:
    return {"company": company, "name": c.name, "position": c.position, "phones": nz.join(c.phones),
            "emails": nz.join(c.emails), "is_primary": primary}


def _known_rows(rows: Iterable[tuple[int, Sequence[object]]], read_row: RowReader, digests: bool
                ) -> Iterator[tuple[int, Sequence[object], str, import_digests.Known | None]]:
    """(number, cells, digest, what the register knows of the digest) of each row; with
    `digests`, the digests are looked up `DIGEST_CHUNK` rows at a time, so that only the file's
    own are ever read, not every digest the register holds."""
    chunk: list[tuple[int, Sequence[object], str]] = []

    def known() -> Iterator[tuple[int, Sequence[object], str, import_digests.Known | None]]:
        found = import_digests.valid_among({d for _, _, d in chunk}) if digests and chunk else {}
        for number, cells, digest in chunk:
            yield number, cells, digest, found.get(digest)  # a blank row was never imported
        chunk.clear()

    for number, cells in rows:
        chunk.append((number, cells, read_row.digest(cells)))
        if len(chunk) >= DIGEST_CHUNK:
            yield from known()
    yield from known()


def make_plan(data: DataSheet, *, progress: Progress | None = None, digests: bool = True) -> Plan:
    """The plan for the rows of `data` against the register as it is now. Writes nothing.

    With `digests`, rows the register already reflects (`models.import_digests`) count as
    unchanged without being cleaned; raises DigestClash when such a row is the same company as
    another row of the file (plan again with `digests` False)."""
    report = progress or (lambda stage, done, total: None)
    plan = Plan(data.name, data.header)
    by_key: dict[tuple, Incoming] = {}
    order: list[Incoming] = []
    total = data.total_rows
    read_row = RowReader(data.header, getattr(data, "date1904", False))
    hits: list[import_digests.Known] = []  # the rows known unchanged
    for number, cells, digest, found in _known_rows(data.rows, read_row, digests):
        if found is not None:
            hits.append(found)
            plan.rows_read += 1
            if plan.rows_read % _REPORT_EVERY == 0:
                report("read", number, total)
            continue
        if not any(c not in (None, "") for c in cells):
            continue
        values, contact, problems = read_row(cells)
        for column, removed in read_row.removed:
            plan.cleaned.append(CleanedWarning(data.name, number, column, list(map(safetext.shown, removed))))
        if read_row.header_like and "inn" not in values:
            plan.notices.append(Notice(data.name, number, "header_row"))
            continue
        if not values and contact is None:
            continue  # a row with only a running number, or data in unmapped columns only
        if "inn" not in values and is_totals_row(cells):
            plan.notices.append(Notice(data.name, number, "totals_row",
                                       {"name": values.get("short_name") or ""}))
            continue
        if is_place_total(values, contact, cells):
            plan.notices.append(Notice(data.name, number, "place_total", {"name": values.get("short_name")
                                                                          or values.get("full_name")}))
            continue
        plan.rows_read += 1
        if plan.rows_read % _REPORT_EVERY == 0:
            report("read", number, total)
        if problems:
            plan.rejections.append(Rejection(data.name, number, reasons(problems), list(cells)))
            continue
        if not values.get("short_name") and not values.get("inn"):
            plan.rejections.append(
                Rejection(data.name, number, Problem("err.row.no_name_no_inn"), list(cells)))
            continue
        for key, params in read_row.notes:
            plan.notices.append(Notice(data.name, number, key, params))
        contacts = [contact] if contact else []
        name_key = (sort_key(values["short_name"]), _fold_city(values.get("city"))) \
            if values.get("short_name") else None
        keys: list[tuple] = []
        if values.get("inn"):
            keys.append(("inn", values["inn"]))
        if name_key is not None:
            keys.append(("name", *name_key))
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
            _merge_into(twin, values, contacts, number, plan)
            twin.digest = None  # two rows make this company: neither alone describes it
            plan.merged += 1
            for k in keys:
                by_key.setdefault(k, twin)
            continue
        item = Incoming(number, values, name_key=name_key, digest=digest, inn=values.get("inn"))
        _add_contacts(item, contacts)
        order.append(item)
        for k in keys:
            by_key.setdefault(k, item)
    report("read", total, total)
    if hits:
        _check_known(hits, order)
        plan.unchanged += len(hits)
    _match(plan, order, report)
    plan.sources = order
    return plan


def _check_known(hits: list[import_digests.Known], order: list[Incoming]) -> None:
    """DigestClash when a row known unchanged may be the same company as another row of the file
    (rows a full plan could merge): the same company twice, a shared INN, or the same name and
    city among rows of which one lacks an INN. A false alarm only costs the full plan."""
    if len({h.company_id for h in hits}) != len(hits):
        raise DigestClash
    rows = [(h.inn, h.name_key, True) for h in hits]
    rows += [(i.values.get("inn"), _key_text(i.name_key), False) for i in order]
    inns: set[str] = set()
    names: dict[str, list] = {}  # name key -> [a known row among them, one without INN, rows]
    for inn, name_key, known in rows:
        if inn:
            if inn in inns:
                raise DigestClash
            inns.add(inn)
        if name_key:
            group = names.get(name_key)
            if group is None:
                names[name_key] = [known, not inn, 1]
            else:
                group[0] |= known
                group[1] |= not inn
                group[2] += 1
    if any(known and without_inn and count > 1 for known, without_inn, count in names.values()):
        raise DigestClash


def _match(plan: Plan, order: list[Incoming], report: Progress) -> None:
    if not order:
        return  # every row known unchanged: the register need not be read
    register = Register(order)
    live: list[Incoming] = []
    for item in order:
        inn = item.values.get("inn")
        found = register.by_inn.get(inn) if inn else None
        if found is not None:
            cid, archived = found
            if archived:
                _late_reject(plan, item, Problem("err.row.archived", {"inn": inn}))
                continue
            item.existing = cid
        elif (key := item.key_name()) is not None:
            item.existing = register.by_name.get(key)
        live.append(item)
    # The existing companies and their contacts are read a chunk at a time: never the whole
    # register's rows in memory at once.
    done = 0
    for start in range(0, len(live), _MATCH_CHUNK):
        chunk = live[start:start + _MATCH_CHUNK]
        existing = Register.rows({i.existing for i in chunk if i.existing is not None})
        for item in chunk:
            row = existing.get(item.existing) if item.existing is not None else None
            if row is not None and item.values.get("inn") and row["inn"] and row["inn"] != item.values["inn"]:
                item.existing = None  # same name and city, another INN: another company
        versions: dict[int, list[tuple[int, int]]] = {}
        contacts = Register.contacts({i.existing for i in chunk if i.existing is not None}, versions)
        for item in chunk:
            done += 1
            if done % _REPORT_EVERY == 0:
                report("plan", done, len(live))
            if item.existing is None:
                _plan_create(plan, item)
                # planned: the create and its contacts hold what they need
                item.values = {}
                item.contacts = []
            elif item.existing not in existing:  # deleted by a colleague a moment ago
                _late_reject(plan, item, Problem("err.row.deleted_meanwhile"))
            else:
                row = existing[item.existing]
                plan.seen[row["id"]] = company_state(row, versions.get(row["id"], []))
                # the values stay: the row is planned again if a colleague changes the company
                _plan_update(plan, item, row, contacts.get(item.existing, {}))
    _point_out_duplicates(plan)
    report("plan", len(live), len(live))


def _point_out_duplicates(plan: Plan) -> None:
    """Warn about new companies that share an OGRN, a phone, an e-mail or a domain with one in
    the register (the same rules as `palata duplicates`): one pass over the register that keeps
    only the keys of the new companies, so memory follows the file, not the register."""
    if not plan.creates:
        return
    index = KeyIndex.for_companies(item.new_values() for item in plan.creates)
    if not index.briefs:
        return  # no company of the register shares a key with them
    for item in plan.creates:
        values = item.new_values()
        for match in index.matches(values)[:3]:
            plan.duplicates.append(DuplicateWarning(
                plan.sheet, item.row, values.get("short_name") or "", match.company_id,
                match.company.display_name, [(r.rule, r.shown) for r in match.reasons]))


def _late_reject(plan: Plan, item: Incoming, reason: Problem) -> None:
    item.digest = None
    rejection = Rejection(plan.sheet, item.row, reason)
    plan.rejections.append(rejection)
    plan.refill[item.row] = rejection


def _reject(plan: Plan, item: Incoming, exc: ValidationError) -> None:
    _late_reject(plan, item, reasons(list(exc.problems.values())))


def fill_cells(plan: Plan, rows: Iterable[Sequence[object]]) -> None:
    """Give the rows rejected after reading their cells, from a second pass over the sheet
    (`rows` as calamine's `iter_rows` gives them, numbered from 1 like `DataSheet.rows`)."""
    if not plan.refill:
        return
    last = max(plan.refill)
    for number, cells in enumerate(rows, start=1):
        if number in plan.refill:
            plan.refill[number].cells = list(cells)
        if number >= last:
            break
    plan.refill.clear()


_RECORD_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {}


def _plan_create(plan: Plan, item: Incoming) -> None:
    if not item.values.get("short_name"):
        _late_reject(plan, item, Problem("err.row.no_name_new_inn", {"inn": item.values.get("inn")}))
        return
    values = {k: _stored(item.values.get(k)) for k in COMPANY_FIELDS}
    try:
        # The INN is already checked (check digits by `read_row`, uniqueness against the register
        # by `_match`, inside the file by the merging of duplicates): no query per row. The
        # cleaned values are what apply inserts, without cleaning them again.
        cleaned = store.clean(Company, values, None, check_unique=False)
    except ValidationError as exc:
        _reject(plan, item, exc)
        return
    keys = tuple(cleaned)
    item.record = (_RECORD_KEYS.setdefault(keys, keys), tuple(cleaned.values()))
    plan.creates.append(item)
    for i, c in enumerate(item.contacts):
        plan.contacts.append(NewContact(_contact_values(c, None, i == 0), incoming=item))


def _plan_update(plan: Plan, item: Incoming, row: dict[str, Any], known: dict[str, dict[str, Any]]) -> None:
    changes = {k: _stored(v) for k, v in _changes(row, item.values).items()}
    if changes:
        try:
            store.clean(Company, changes, row["id"])
        except ValidationError as exc:
            _reject(plan, item, exc)
            return
        plan.updates.append(Update(row["id"], row["version"], changes, item.row))
    added = touched = 0
    for c in item.contacts:
        twin = known.get(fold(c.name))
        if twin is not None:
            contact_changes = _contact_changes(twin, c)
            if contact_changes:
                plan.contact_updates.append(ContactUpdate(twin["id"], twin["version"], contact_changes,
                                                          row["id"], item.row))
                touched += 1
            continue
        plan.contacts.append(NewContact(_contact_values(c, row["id"], not known and added == 0),
                                        company_id=row["id"]))
        added += 1
    if not changes and not added and not touched:
        plan.unchanged += 1


# --- a colleague changed a company while the file was being planned -----------------------

@dataclass
class Replanned:
    """What `replan_changed` did: rows planned again, and rows rejected because their company is
    no longer there to update (archived, merged or deleted) or was created meanwhile."""

    rows: int = 0
    rejected: int = 0


def replan_changed(plan: Plan) -> Replanned:
    """Plan again, against the register as it is now, the rows whose company a colleague changed
    after `plan` was made; reject row by row those that can no longer go in. Call it inside the
    transaction that applies the plan, with the companies locked (`locked_companies`): then
    nothing changes again before the plan is written, and one round is enough."""
    done = Replanned()
    by_company: dict[int, list[Incoming]] = {}
    for item in plan.sources:
        if item.existing is not None and item.existing in plan.seen:
            by_company.setdefault(item.existing, []).append(item)
    ids = list(by_company)
    stale: set[int] = set()
    fresh_rows: dict[int, dict[str, Any]] = {}
    fresh_contacts: dict[int, dict[str, dict[str, Any]]] = {}
    for start in range(0, len(ids), _MATCH_CHUNK):
        chunk = ids[start:start + _MATCH_CHUNK]
        rows = store.read_rows(Company, chunk, ("version", "archived_at", "merged_into"))
        versions: dict[int, list[tuple[int, int]]] = {}
        Register.contacts(chunk, versions)
        for cid in chunk:
            row = rows.get(cid)
            if row is None or company_state(row, versions.get(cid, [])) != plan.seen[cid]:
                stale.add(cid)
    if stale:
        fresh_rows = Register.rows(stale)
        fresh_contacts = Register.contacts(stale)
        _drop_planned(plan, stale)
        for cid in sorted(stale):
            for item in by_company[cid]:
                done.rows += 1
                row = fresh_rows.get(cid)
                if row is None or row["archived_at"] is not None or row["merged_into"] is not None:
                    code = ("err.row.deleted_meanwhile" if row is None else "err.row.merged_meanwhile"
                            if row["merged_into"] is not None else "err.row.archived_meanwhile")
                    _late_reject(plan, item, Problem(code))
                    done.rejected += 1
                    continue
                plan.seen[cid] = company_state(row, [(c["id"], c["version"])
                                                     for c in fresh_contacts.get(cid, {}).values()])
                _plan_update(plan, item, row, fresh_contacts.get(cid, {}))
    done.rejected += _reject_taken_inns(plan)
    return done


def locked_companies(plan: Plan) -> list[int]:
    """The existing companies the plan depends on: lock them before `replan_changed`."""
    return list(plan.seen)


def _drop_planned(plan: Plan, companies: set[int]) -> None:
    """Take out of the plan what it would write to these companies (and the counts of their
    rows), so that they can be planned again."""
    planned = ({u.company_id for u in plan.updates} | {c.company_id for c in plan.contacts}
               | {u.company_id for u in plan.contact_updates})
    rows = {item.row: item.existing for item in plan.sources if item.existing in companies}
    rejected = {r.row for r in plan.rejections if r.row in rows}
    for row, cid in rows.items():
        if cid not in planned and row not in rejected:
            plan.unchanged -= 1
    plan.rejections = [r for r in plan.rejections if r.row not in rejected]
    for row in rejected:
        plan.refill.pop(row, None)
    plan.updates = [u for u in plan.updates if u.company_id not in companies]
    plan.contacts = [c for c in plan.contacts if c.company_id is None or c.company_id not in companies]
    plan.contact_updates = [u for u in plan.contact_updates if u.company_id not in companies]


def _reject_taken_inns(plan: Plan) -> int:
    """New companies whose INN a colleague gave a company while the file was being planned: the
    row is rejected (the next import of the file updates that company) instead of the whole file
    failing on the INN's uniqueness."""
    wanted = {i.inn: i for i in plan.creates if i.inn}
    taken: set[str] = set()
    inns = list(wanted)
    for start in range(0, len(inns), 500):
        chunk = inns[start:start + 500]
        taken.update(r[0] for r in database.execute_sql(
            f"SELECT inn FROM company WHERE inn IN ({','.join('?' * len(chunk))})", chunk))
    if not taken:
        return 0
    gone = {id(wanted[inn]) for inn in taken}
    for inn in sorted(taken, key=lambda i: wanted[i].row):
        _late_reject(plan, wanted[inn], Problem("err.row.added_meanwhile", {"inn": inn}))
    plan.creates = [i for i in plan.creates if id(i) not in gone]
    plan.contacts = [c for c in plan.contacts if c.incoming is None or id(c.incoming) not in gone]
    return len(taken)
