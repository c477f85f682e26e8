"""Deterministic generator of the Palata demo register: tui/sample/palata_sample.xlsx.

    python sample_data/generate.py [OUT.xlsx] [--seed N]

The workbook follows `importers.layout` (one sheet per `SHEETS`, Russian headers, vocabulary labels
from `models.vocab`). It holds 1,300+ member companies of the Vladimir region with contacts,
interests, missions, meetings, agreements and a timeline, plus Belarusian and other foreign partners,
and the December 2025 visit of the Minsk branch of BelCCI told as data (see `add_december_story`).
The tables it draws from live in `sample_data/reference.py` (industries, towns, names, phrases) and
`sample_data/missions.py` (the missions of 2019-2026).

Everything comes from one seed (random.Random and Faker('ru_RU')), and the file itself is stable:
fixed document properties and fixed zip timestamps, so two runs give the same bytes.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from faker import Faker

# The same bytes whether or not lxml is installed (python-docx brings it): openpyxl writes its
# XML through lxml when it can, with other spacing.
os.environ["OPENPYXL_LXML"] = "False"
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from importers.layout import (  # noqa: E402
    ACTIVITIES,
    AGREEMENTS,
    COMPANIES,
    CONTACTS,
    INTERESTS,
    LIST_SEPARATOR,
    MEETINGS,
    MISSIONS,
    PARTICIPATIONS,
    SHEETS,
    Sheet,
)
from models import vocab  # noqa: E402
from models.identifiers import make_inn, make_ogrn, make_ogrnip, make_unp  # noqa: E402
from sample_data.missions import (  # noqa: E402
    CONSULATE,
    MINSK_BRANCH,
    MISSION_PLANS,
    MissionPlan,
    d,
)
from sample_data.reference import (  # noqa: E402
    ACTIVITY_NOTES,
    ASIAN_NAMES,
    BELARUS_POSITIONS,
    BELARUS_SURNAMES,
    BELARUS_TOWNS,
    BY_TOWN,
    CHAMBER_INDUSTRY,
    EXHIBITION_OUTCOMES,
    FEMALE_NAMES,
    FOREIGN_OUTCOMES,
    GENERIC_STREETS,
    GOVERNMENT_INDUSTRY,
    INDUSTRIES,
    INDUSTRY,
    INTEREST_SOURCES,
    LATIN_BRANDS,
    LEGAL_FULL,
    MALE_NAMES,
    MEETING_OUTCOMES,
    MEMBER_NOTES,
    MIKASHEVICHI,
    MISSION_SOURCE,
    MOBILE_CODES,
    ORGANISER_OUTCOMES,
    OTHER_TOWNS,
    PARTICIPANT_OUTCOMES,
    PATRONYMIC_STEMS,
    POSITIONS,
    PREFIX_BY_SECTOR,
    PROPER,
    QUOTED_PREFIXES,
    QUOTED_SECTORS,
    REGIONAL,
    SERVICE_SUFFIXES,
    SMOLEVICHI_DISTRICT,
    SPECIAL_MEMBERS,
    SUBJECT_OKVED,
    SUFFIX_GROUPS,
    TAGS,
    TOWN,
    TOWNS,
    VISITED_OUTCOMES,
    ForeignTown,
    Industry,
    Town,
    agree,
    deals_in_goods,
    is_manufacturing,
    translit,
)

SEED = 2025
# package data of tui/ (tui/sample): an installed Palata carries it for `palata demo`
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "tui" / "sample" / "palata_sample.xlsx"
MEMBER_COUNT = 1330  # generated members, besides the members of the December 2025 story
TODAY = date(2026, 11, 20)  # the demo's "now": later dates are only plans and due dates
FIXED_STAMP = datetime(2026, 11, 20, 9, 0, 0)  # workbook created/modified, zip entry times
REGION = "Владимирская область"
# Staff logins (the SSH user names the change log records): foreign trade, member relations,
# chamber services, accounts.
FOREIGN_TRADE = ("ivanova", "petrov")
MEMBER_RELATIONS = ("smirnova", "orlov")
SERVICES = ("kuznetsov", "orlov", "smirnova")
ACCOUNTS = "sokolova"
# Surnames of the real people in the data (Иван Аксенов, Татьяна Дубова, Олег Швец).
REAL_SURNAMES = ("Аксенов", "Аксёнов", "Аксенова", "Аксёнова", "Дубов", "Дубова", "Швец")
# Manufacturing a sole trader (ИП) plausibly runs: bakeries, sewing, joinery, printing, furniture,
# machining shops, farms.
SOLE_TRADER_CRAFTS = frozenset({"01", "10", "13", "14", "16", "18", "25", "31"})

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


# ---------------------------------------------------------------------------------------------
# The generator


class RegisterBuilder:
    """Builds the whole register from one seed; call `build()` once."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.fake = Faker("ru_RU")
        self.fake.seed_instance(seed)
        self.reg = Register()
        self.names: set[str] = set()
        self.domains: set[str] = set()
        self.used_ids: set[str] = set()
        self.story: dict[str, Company] = {}
        self.missions: dict[str, Mission] = {}

    # --- small helpers ---------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day_between(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def workday_between(self, first: date, last: date) -> date:
        day = self.day_between(first, last)
        while day.weekday() >= 5 and day > first:
            day -= timedelta(days=1)
        return day

    def digits(self, n: int) -> str:
        return "".join(str(self.rng.randint(0, 9)) for _ in range(n))

    @staticmethod
    def group(number: str) -> str:
        """Local number digits grouped the way they are printed: 2-34-56, 12-34-56, 234-56-78."""
        if len(number) == 8:
            return f"{number[:4]}-{number[4:]}"
        head = len(number) - 4
        return f"{number[:head]}-{number[head:head + 2]}-{number[head + 2:]}"

    def landline(self, dial: str, local_digits: int, lead: str = "") -> str:
        lead = lead or str(self.rng.randint(2, 7))
        return f"{dial} {self.group(lead + self.digits(local_digits - len(lead)))}"

    def mobile(self, country: str = "Россия") -> str:
        if country == "Беларусь":
            return f"+375 {self.rng.choice(('29', '33', '44', '25'))} {self.group(self.digits(7))}"
        if country == "Казахстан":
            return f"+7 {self.rng.choice(('701', '705', '777'))} {self.group(self.digits(7))}"
        if country == "Узбекистан":
            return f"+998 {self.rng.choice(('90', '91', '93'))} {self.group(self.digits(7))}"
        if country == "Китай":
            return f"+86 {self.rng.choice(('138', '139', '186'))} {self.group(self.digits(8))}"
        return f"+7 {self.rng.choice(MOBILE_CODES)} {self.group(self.digits(7))}"

    def unique_id(self, make: Callable[[], str]) -> str:
        """Call `make()` until it returns an identifier not used yet."""
        while True:
            value = make()
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def person(self, country: str = "Россия", female: bool | None = None) -> str:
        if country in ASIAN_NAMES:
            return " ".join(self.rng.choice(part) for part in ASIAN_NAMES[country])
        female = self.chance(0.35) if female is None else female
        stem = self.rng.choice(PATRONYMIC_STEMS)
        if country == "Беларусь" and self.chance(0.6):
            male_surname, female_surname = self.rng.choice(BELARUS_SURNAMES)
            surname = female_surname if female else male_surname
        else:
            surname = ""
            while surname in ("", *REAL_SURNAMES):  # invented people never share them
                surname = self.fake.last_name_female() if female else self.fake.last_name_male()
        if female:
            return f"{surname} {self.rng.choice(FEMALE_NAMES)} {stem}на"
        return f"{surname} {self.rng.choice(MALE_NAMES)} {stem}ич"

    # --- identifiers -----------------------------------------------------------------------

    def legal_ids(self, town: Town, registered: int) -> tuple[str, str, str]:
        """INN, KPP and OGRN of a Russian organisation registered in `town` in `registered`."""
        office = self.rng.choice(town.tax_offices)
        inn = self.unique_id(lambda: make_inn(office + self.digits(5)))
        # Companies older than the register got their OGRN in 2002 ("102...").
        year = max(registered, 2002) % 100
        ogrn = self.unique_id(lambda: make_ogrn(f"1{year:02d}33{office[2:]}{self.digits(5)}"))
        return inn, inn[:4] + "01001", ogrn

    def person_ids(self, town: Town, registered: int) -> tuple[str, str]:
        """INN and OGRNIP of an individual entrepreneur."""
        office = self.rng.choice(town.tax_offices)
        inn = self.unique_id(lambda: make_inn(office + self.digits(6), individual=True))
        year = max(registered, 2004) % 100
        ogrnip = self.unique_id(lambda: make_ogrnip(f"3{year:02d}33{self.digits(9)}"))
        return inn, ogrnip

    def unp(self, region_digit: str) -> str:
        while True:
            try:
                return self.unique_id(lambda: make_unp(region_digit + self.digits(7)))
            except ValueError:  # about one prefix in eleven has no check digit
                continue

    # --- names, addresses, contacts of a company -------------------------------------------

    def claim_name(self, name: str) -> bool:
        key = name.lower().replace("ё", "е")
        if key in self.names:
            return False
        self.names.add(key)
        return True

    def brand(self, industry: Industry) -> str:
        """A compound brand: "Стройдеталь", "Текстиль-Профи", "ВладМеталлПром"."""
        root = self.rng.choice(industry.roots)
        suffixes = next((s for sectors, s in SUFFIX_GROUPS if industry.code[:2] in sectors),
                        SERVICE_SUFFIXES)
        suffix = self.rng.choice(suffixes)
        if suffix in root.lower():
            suffix = "профи"
        style = self.rng.random()
        # Only short roots ending in a consonant or "о" glue well: "Металлпром", "Агроресурс".
        glues = len(root) <= 7 and root[-1] not in "аяеиуыюэ"
        if style < 0.55 and glues:
            return root + suffix
        if style < 0.8:
            return f"{root}-{suffix.capitalize()}"
        return "Влад" + root + suffix.capitalize()

    def company_name(self, industry: Industry, town: Town) -> str:
        """A plausible, unique short name (without legal form) for a company of `industry`."""
        for _ in range(200):
            style = self.rng.random()
            quoted = industry.code[:2] in QUOTED_SECTORS
            if style < 0.2 and industry.plants:
                plant = self.rng.choice(industry.plants)
                if plant[0].isupper():  # "Агрофирма": a kind of enterprise, needs a proper name
                    name = f"{plant} «{self.rng.choice(PROPER)}»"
                else:
                    name = f"{agree(town.adjective, plant)} {plant}"
            elif style < 0.35 or (quoted and style < 0.8):
                prefix = PREFIX_BY_SECTOR.get(industry.code[:2]) or self.rng.choice(
                    self.quoted_prefixes(industry))
                name = f"{prefix} «{self.rng.choice(PROPER)}»"
            elif style < 0.37:
                name = self.rng.choice(LATIN_BRANDS)
            elif style < 0.45:
                name = f"{self.rng.choice(REGIONAL)}-{self.rng.choice(industry.roots)}"
            else:
                name = self.brand(industry)
            if self.claim_name(name):
                return name
        raise RuntimeError(f"no free name for {industry.code}")

    @staticmethod
    def quoted_prefixes(industry: Industry) -> tuple[str, ...]:
        """What may stand before a quoted name: «НПП «Вектор»», «Торговый дом «Клязьма»»."""
        if is_manufacturing(industry):
            plants = tuple(p[0].upper() + p[1:] for p in industry.plants if p[0].islower())
            return QUOTED_PREFIXES["producer"] + plants
        if deals_in_goods(industry):
            return QUOTED_PREFIXES["trader"]
        return QUOTED_PREFIXES["services"]

    def domain_for(self, name: str, tld: str = "ru") -> str:
        core = name.split("«", 1)[1].rstrip("»") if "«" in name else name
        words = [translit(w) for w in core.replace("-", " ").split()]
        words = [w for w in words if w]
        stem = "".join(w[0] for w in words) if len(words) >= 3 else "-".join(words)
        if len(stem) > 20:  # "Владимирский хлебокомбинат" -> "vladkhlebokombinat"
            stem = words[0][:4] + words[-1][:14]
        for suffix in ("", "33", "-vl", "-group", str(self.rng.randint(2, 99))):
            domain = f"{stem}{suffix}.{tld}"
            if domain not in self.domains:
                self.domains.add(domain)
                return domain
        return f"{stem}{self.digits(4)}.{tld}"

    def company_mail(self, company: Company, tld: str = "ru", public: Sequence[str] = (
            "mail.ru", "yandex.ru", "bk.ru", "list.ru", "inbox.ru")) -> None:
        """Fill website, domain and e-mails: an own domain for most, a public mailbox for some."""
        if company.legal_form in ("Союз", "ГУ", "УП", "АО", "ПАО", "ОАО"):
            own = True
        else:
            own = self.chance(0.15 if company.legal_form == "ИП" else 0.8)
        if own:
            # An entrepreneur's site is named after the surname, a company after its name.
            name = company.short_name
            company.domain = self.domain_for(name.split()[0] if company.legal_form == "ИП" else
                                             name, tld)
            box = "info" if company.legal_form == "ИП" else self.rng.choice(
                ("info", "office", "mail", "sales", "secretary"))
            company.emails = [f"{box}@{company.domain}"]
            if self.chance(0.15):
                second = "buh" if box != "buh" else "zakupki"
                company.emails.append(f"{second}@{company.domain}")
            if self.chance(0.7):
                company.website = f"www.{company.domain}"
        else:
            core = company.short_name.split("«", 1)[-1].rstrip("»").split()
            word = core[0] if company.legal_form == "ИП" else core[-1]
            base = translit(word)[:14] or "firma"
            company.emails = [f"{base}{self.rng.randint(1, 99)}@{self.rng.choice(public)}"]

    def russian_address(self, town: Town) -> str:
        postcode = self.rng.randint(*town.postcodes)
        locality = town.locality or f"г. {town.name}"
        street = self.rng.choice(town.streets or GENERIC_STREETS)
        house = str(self.rng.randint(1, 140))
        if self.chance(0.12):
            house += self.rng.choice(("А", "Б", "В"))
        extra = ""
        if self.chance(0.3):
            extra = f", офис {self.rng.randint(1, 420)}"
        elif self.chance(0.1):
            extra = f", стр. {self.rng.randint(2, 9)}"
        return f"{postcode}, Владимирская обл., {locality}, {street}, д. {house}{extra}"

    def foreign_address(self, town: ForeignTown) -> str:
        if town.country == "Китай":
            return f"{town.region}, г. {town.name}, промышленная зона, корп. {self.rng.randint(1, 30)}"
        postcode = town.postcode + self.digits(6 - len(town.postcode))
        street = self.rng.choice(town.streets)
        house = self.rng.randint(1, 120)
        if town.locality:
            place = town.locality
        elif town.region.startswith("г. "):
            place = town.region
        else:
            place = f"{town.region.replace('область', 'обл.')}, г. {town.name}"
        return f"{postcode}, {place}, {street}, д. {house}"

    def add_contacts(self, company: Company, people: Sequence[tuple[str, str]] = ()) -> None:
        """1-3 contacts: the head first; `people` (name, position) replaces the random ones."""
        if not people:
            people = self.random_people(company)
        primary = 0 if len(people) == 1 or self.chance(0.8) else 1
        for i, (name, position) in enumerate(people):
            self.reg.contacts.append(Contact(
                company, name, position, self.contact_phones(company, i),
                self.contact_emails(company, name), is_primary=(i == primary)))

    def random_people(self, company: Company) -> list[tuple[str, str]]:
        if company.legal_form == "ИП":
            return [(company.short_name, "Индивидуальный предприниматель")]
        others: Sequence[str]
        if company.country == "Россия":
            head = "Генеральный директор" if company.legal_form in ("АО", "ПАО") or self.chance(
                0.6) else "Директор"
            others = POSITIONS
        else:
            head = "Директор" if company.country != "Китай" else "Генеральный менеджер"
            others = BELARUS_POSITIONS if company.country == "Беларусь" else (
                "Менеджер по экспорту", "Коммерческий директор")
        count = self.rng.choices((1, 2, 3), (35, 45, 20))[0]
        people = [(self.person(company.country), head)]
        for position in self.rng.sample(others, count - 1):
            people.append((self.person(company.country), position))
        return people

    def contact_phones(self, company: Company, index: int) -> list[str]:
        if company.legal_form == "ИП":
            return list(company.phones)
        phones = [self.mobile(company.country)]
        if index == 0 and company.phones and self.chance(0.3):
            phones.insert(0, company.phones[0])
        return phones

    def contact_emails(self, company: Company, name: str) -> list[str]:
        parts = name.split()
        if company.country == "Китай" or len(parts) < 2:
            return [company.emails[0]] if company.emails else []
        surname, first = translit(parts[0]), translit(parts[1])
        if company.domain:
            local = self.rng.choice((surname, f"{first[0]}.{surname}", f"{surname}.{first[0]}"))
            return [f"{local}@{company.domain}"]
        if self.chance(0.5):
            return [f"{surname}.{first}{self.rng.randint(1, 90)}@"
                    f"{self.rng.choice(('mail.ru', 'yandex.ru', 'gmail.com'))}"]
        return []

    # --- companies -------------------------------------------------------------------------

    def new_company(self, short_name: str, legal_form: str, industry: Industry,
                    full_name: str | None = None) -> Company:
        self.claim_name(short_name)
        if full_name is None and legal_form == "ИП":
            full_name = f"Индивидуальный предприниматель {short_name}"
        elif full_name is None:
            full_name = f"{LEGAL_FULL[legal_form]} «{short_name}»"
        company = Company(len(self.reg.companies) + 1, short_name, legal_form, full_name, industry)
        self.reg.companies.append(company)
        return company

    def place_in_russia(self, company: Company, town: Town, registered: int) -> None:
        company.region, company.city = REGION, town.name
        company.address = self.russian_address(town)
        if company.legal_form == "ИП":
            company.inn, company.ogrn = self.person_ids(town, registered)
            company.phones = [self.mobile()]
        else:
            company.inn, company.kpp, company.ogrn = self.legal_ids(town, registered)
            company.phones = [self.landline(f"+7 {town.area_code}", 10 - len(town.area_code))]
            if self.chance(0.12):
                company.phones.append(self.landline(f"+7 {town.area_code}",
                                                    10 - len(town.area_code)))
            elif self.chance(0.08):
                company.phones.append(self.mobile())
        self.company_mail(company)

    def place_abroad(self, company: Company, town: ForeignTown) -> None:
        company.country, company.region, company.city = town.country, town.region, town.name
        company.address = self.foreign_address(town)
        company.phones = [self.landline(town.dial, town.local_digits, town.lead)]
        if self.chance(0.15):
            company.phones.append(self.mobile(town.country))
        if town.country == "Беларусь":
            company.unp = self.unp(town.unp_region)
        tld = {"Беларусь": "by", "Казахстан": "kz", "Узбекистан": "uz", "Китай": "cn"}[town.country]
        self.company_mail(company, tld, public=("mail.ru", "yandex.by", "gmail.com"))

    def make_member(self, company: Company, since: date, status: str = "active") -> None:
        """Membership dates for `status`; the number is given later, in order of `since`."""
        company.member_status, company.member_since = status, since
        if status == "active":
            company.dues_paid_until = self.rng.choices(
                (date(2026, 12, 31), date(2026, 6, 30), date(2025, 12, 31)), (72, 14, 14))[0]
        elif status == "suspended":
            company.dues_paid_until = self.rng.choice((date(2024, 12, 31), date(2025, 6, 30)))
        else:
            company.left_on = self.day_between(max(since + timedelta(days=400), date(2008, 1, 1)),
                                               date(2026, 6, 30))
            company.dues_paid_until = date(company.left_on.year - 1, 12, 31)

    def member_since(self) -> date:
        """Joining dates over 1995-2025, more of them in recent years."""
        year = int(self.rng.triangular(1995, 2026, 2021))
        return self.day_between(date(min(year, 2025), 1, 10), date(min(year, 2025), 12, 20))

    def pick_industry(self, town: Town) -> Industry:
        weights = [i.weight + town.bias.get(i.code, 0) for i in INDUSTRIES]
        return self.rng.choices(INDUSTRIES, weights)[0]

    def pick_legal_form(self, industry: Industry) -> str:
        """ООО mostly; АО, ПАО and ЗАО among producers; ИП only where one person can run it."""
        sector = industry.code[:2]
        forms: tuple[str, ...]
        weights: tuple[int, ...]
        if is_manufacturing(industry):
            sole = 5 if sector in SOLE_TRADER_CRAFTS else 0
            forms, weights = ("ООО", "АО", "ПАО", "ЗАО", "ИП"), (74, 15, 2, 4, sole)
        else:
            sole = 0 if sector in ("35", "42", "86") else 14
            forms, weights = ("ООО", "АО", "ЗАО", "ИП"), (80, 5, 1, sole)
        return self.rng.choices(forms, weights)[0]

    def add_member(self, town: Town, industry: Industry, name: str | None = None) -> Company:
        legal_form = self.pick_legal_form(industry)
        if name is None:
            name = self.person() if legal_form == "ИП" else self.company_name(industry, town)
        elif legal_form == "ИП":
            legal_form = "ООО"
        company = self.new_company(name, legal_form, industry)
        since = self.member_since()
        registered = since.year - self.rng.randint(0, 8)
        self.place_in_russia(company, town, registered)
        status = self.rng.choices(("active", "suspended", "left"), (88, 5, 7))[0]
        self.make_member(company, since, status)
        company.tags = self.member_tags(company)
        if self.chance(0.14):
            company.notes = self.rng.choice(MEMBER_NOTES)
        if status == "left" and company.left_on is not None and self.chance(0.5):  # left: a day is set
            company.notes = self.rng.choice((
                f"Вышел из палаты в {company.left_on.year} году по собственному решению.",
                f"Исключён в {company.left_on.year} году за неуплату взносов.",
                f"Вышел в {company.left_on.year} году в связи с реорганизацией."))
        elif status == "suspended":
            company.notes = "Членство приостановлено: задолженность по взносам."
        return company

    def member_tags(self, company: Company) -> list[str]:
        tags = []
        industry = company.industry
        for tag, weight in TAGS:
            p = weight / 100
            if tag == "экспортёр":
                p *= 2 if is_manufacturing(industry) else 0.5 if industry.code[:2] == "46" else 0
            elif tag in ("резидент ОЭЗ", "участник нацпроекта «Производительность труда»"):
                p *= 2 if is_manufacturing(industry) else 0
            elif tag == "резидент индустриального парка":
                p *= 2 if is_manufacturing(industry) or industry.code == "52.10" else 0
            if tag == "член правления палаты" and company.legal_form not in ("АО", "ПАО"):
                p = 0.003
            if self.chance(p):
                tags.append(tag)
        return tags

    def add_members(self, count: int) -> None:
        for name, code, town_name in SPECIAL_MEMBERS:
            self.add_member(TOWN[town_name], INDUSTRY[code], name)
        for _ in range(count - len(SPECIAL_MEMBERS)):
            town = self.rng.choices(TOWNS, [t.weight for t in TOWNS])[0]
            self.add_member(town, self.pick_industry(town))

    def add_foreign_partners(self) -> None:
        """Belarusian partners (with UNP) and a few from Kazakhstan, Uzbekistan and China."""
        by_industries = ("23.61", "10.61", "10.51", "28.30", "29.32", "16.10", "31.09", "20.16",
                         "13.20", "22.29", "17.21", "25.11", "46.73", "49.41", "10.13", "24.20")
        by_roots = ("Бел", "Минск", "Гомель", "Брест", "Полесье", "Неман", "Двина", "Сож",
                    "Березина", "Припять")
        by_forms = (("ООО", 35), ("ОАО", 25), ("ЗАО", 10), ("ЧУП", 15), ("УП", 10), ("ОДО", 5))
        weights = (30, 10, 8, 7, 5, 5, 7, 6, 5, 4, 4, 4)
        towns = BELARUS_TOWNS[:12]
        while sum(1 for c in self.reg.companies if c.country == "Беларусь") < 40:
            industry = INDUSTRY[self.rng.choice(by_industries)]
            root = self.rng.choice(by_roots)
            tail = self.rng.choice(industry.roots).lower()
            name = f"{root}{tail}" if self.chance(0.6) else f"{root}-{tail.capitalize()}"
            if not self.claim_name(name):
                continue
            forms, form_weights = zip(*by_forms, strict=True)
            company = self.new_company(name, self.rng.choices(forms, form_weights)[0], industry)
            self.place_abroad(company, self.rng.choices(towns, weights)[0])
        others = (
            ("КазАгроТрейд", "ТОО", "46.90", "Алматы"), ("Астана-СтройСнаб", "ТОО", "46.73", "Астана"),
            ("Караганда Машсервис", "ТОО", "33.12", "Караганда"),
            ("Ташкент Текстиль Групп", "ООО", "13.20", "Ташкент"),
            ("Samarkand Food", "ООО", "46.90", "Самарканд"),
            ("Узстройматериалы-Импорт", "ООО", "46.73", "Ташкент"),
            ("Henan Zhongyuan Machinery", "Co., Ltd.", "28.41", "Чжэнчжоу"),
            ("Harbin Northern Trade", "Co., Ltd.", "46.69", "Харбин"),
            ("Shanghai Bright Packaging", "Co., Ltd.", "17.21", "Шанхай"),
        )
        by_name = {t.name: t for t in OTHER_TOWNS}
        for name, form, code, town_name in others:
            full = f"{name} {form}" if form == "Co., Ltd." else f"{LEGAL_FULL[form]} «{name}»"
            company = self.new_company(name, form, INDUSTRY[code], full)
            self.place_abroad(company, by_name[town_name])

    def number_members(self) -> None:
        """Membership numbers in order of joining, with the gaps a real register has."""
        members = sorted((c for c in self.reg.companies if c.is_member),
                         key=lambda c: (c.member_since, c.ref))
        number = 0
        for company in members:
            number += 1 + (self.rng.random() < 0.25)
            company.member_number = f"{number:04d}"

    # --- missions and participation --------------------------------------------------------

    def add_missions(self) -> None:
        for plan in sorted(MISSION_PLANS, key=lambda p: (p.starts, p.key)):
            mission = Mission(len(self.reg.missions) + 1, plan)
            self.reg.missions.append(mission)
            self.missions[plan.key] = mission

    def members_on(self, day: date, exclude: Iterable[Company] = ()) -> list[Company]:
        skip = {c.ref for c in exclude} | {c.ref for c in self.story.values()}
        return [c for c in self.reg.companies if c.member_on(day) and c.ref not in skip]

    def foreign(self, country: str) -> list[Company]:
        skip = {c.ref for c in self.story.values()}
        return [c for c in self.reg.companies if c.country == country and c.ref not in skip]

    def outcome(self, templates: Sequence[str]) -> str:
        text = self.rng.choice(templates)
        # n from 5 keeps the genitive plural right: "5 контактов", "7 встреч"; k: "3 запроса".
        return text.format(n=self.rng.randint(5, 11), k=self.rng.randint(2, 4))

    def participate(self, mission: Mission, company: Company, role: str,
                    outcome: str = "") -> Participation:
        p = Participation(mission, company, role, outcome)
        self.reg.participations.append(p)
        return p

    def add_participations(self) -> None:
        for mission in self.reg.missions:
            if not mission.plan.scripted:
                self.staff_mission(mission)

    def staff_mission(self, mission: Mission) -> None:
        """Random but plausible participants of an ordinary mission (5-25 companies)."""
        plan = mission.plan
        tpp = self.story["tpp"]
        self.participate(mission, tpp, "organiser", ORGANISER_OUTCOMES[plan.kind])
        local_count = self.rng.randint(5, 14)
        foreign = self.foreign(plan.country) if plan.country else []
        foreign_count = min(len(foreign), self.rng.randint(2, 7)) if foreign else 0
        members = self.mission_members(mission, local_count)
        visited: list[Company] = []
        if plan.kind == "incoming":
            hosts = self.rng.randint(2, 3)
            chosen = {c.ref for c in members}
            visited = [c for c in self.mission_members(mission, hosts + 3, producers=True)
                       if c.ref not in chosen][:hosts]
        for company in visited:
            self.participate(mission, company, "visited", self.outcome(VISITED_OUTCOMES))
        for company in members:
            if mission.future:
                outcome = self.rng.choice(("заявка подана", "участие подтверждено"))
            elif plan.kind == "exhibition":
                outcome = self.outcome(EXHIBITION_OUTCOMES)
            else:
                outcome = self.outcome(PARTICIPANT_OUTCOMES) if self.chance(0.8) else ""
            self.participate(mission, company, "participant", outcome)
        role = "visited" if plan.kind == "outgoing" else "participant"
        for company in self.rng.sample(foreign, foreign_count):
            outcome = "заявка подана" if mission.future else self.outcome(FOREIGN_OUTCOMES)
            self.participate(mission, company, role if self.chance(0.5) else "participant", outcome)

    def mission_members(self, mission: Mission, count: int,
                        producers: bool = False) -> list[Company]:
        """Members for a mission, preferring those whose interests point to its country;
        `producers` keeps only manufacturers (enterprises a delegation can visit)."""
        pool = self.members_on(mission.plan.starts)
        if producers:
            pool = [c for c in pool if is_manufacturing(c.industry)]
        country = mission.plan.country
        keen = {i.company.ref for i in self.reg.interests if country and i.partner_geo == country}
        weights = [4 if c.ref in keen else 1 for c in pool]
        chosen: dict[int, Company] = {}
        while len(chosen) < min(count, len(pool)):
            company = self.rng.choices(pool, weights)[0]
            chosen[company.ref] = company
        return list(chosen.values())

    # --- interests -------------------------------------------------------------------------

    def add_interest(self, company: Company, direction: str, base: str, opened_on: date, *,
                     subject: str | None = None, geo: str = "", status: str = "open",
                     mission: Mission | None = None, source: str = "", notes: str = "") -> Interest:
        interest = Interest(company, direction, subject or base, base, geo, status, opened_on,
                            mission, source, notes)
        self.reg.interests.append(interest)
        return interest

    def interest_subject(self, company: Company, direction: str) -> tuple[str, str] | None:
        """(base, subject) for a company's interest in `direction`, or None if it has none."""
        ind = company.industry
        if direction == "sells" and ind.sells:
            base = self.rng.choice(ind.sells)
            extra = self.rng.choice(("", "", "", " — экспортные поставки", ", опт",
                                     ", регулярные поставки"))
            return base, base + extra
        if direction == "buys" and ind.buys:
            base = self.rng.choice(ind.buys)
            extra = self.rng.choice(("", "", "", " (пробная партия)", " для собственного "
                                     "производства", ", долгосрочный договор"))
            return base, base + extra
        if direction == "partner" and ind.sells and deals_in_goods(ind):
            base = self.rng.choice(ind.sells)
            head = self.rng.choice(("дистрибуция", "совместное производство",
                                    "контрактное производство", "дилер в регионе"))
            return base, f"{head}: {base}"
        if direction == "invests":
            project = self.rng.choice(("расширение производства", "новый цех",
                                       "модернизация оборудования", "складской комплекс",
                                       "площадка в индустриальном парке"))
            base = ind.sells[0] if ind.sells else project
            return base, f"{project}: {base}" if ind.sells else project
        return None

    def interest_geo(self, company: Company, direction: str) -> str:
        if company.country != "Россия":
            return self.rng.choice(("Россия", "Россия", "Владимирская область", ""))
        if direction == "buys":
            options, weights = ("", "Россия", "Беларусь", "Владимирская область", "Китай",
                                "Казахстан", "Узбекистан"), (33, 20, 27, 8, 7, 3, 2)
        else:
            options, weights = ("", "Беларусь", "Казахстан", "Россия", "Узбекистан", "Китай",
                                "ЕАЭС"), (30, 24, 15, 14, 8, 4, 5)
        return self.rng.choices(options, weights)[0]

    def interest_status(self, opened_on: date) -> str:
        age = (TODAY - opened_on).days
        if age > 900:
            weights = (30, 10, 35, 25)
        elif age > 365:
            weights = (62, 16, 13, 9)
        else:
            weights = (80, 15, 3, 2)
        return self.rng.choices(("open", "in_work", "done", "dropped"), weights)[0]

    def add_general_interests(self) -> None:
        story = {c.ref for c in self.story.values()}
        for company in self.reg.companies:
            if company.ref in story:
                continue
            if company.is_member:
                count = self.rng.choices((0, 1, 2, 3), (22, 42, 28, 8))[0]
            else:
                count = self.rng.choices((1, 2), (50, 50))[0]
            for _ in range(count):
                self.random_interest(company)

    def random_interest(self, company: Company) -> None:
        direction = self.rng.choices(("sells", "buys", "partner", "invests"), (45, 40, 11, 4))[0]
        picked = self.interest_subject(company, direction)
        if picked is None:
            return
        base, subject = picked
        first = max(company.member_since or date(2019, 1, 1), date(2019, 1, 1))
        last = company.left_on or TODAY
        if last <= first:  # left the chamber before the period the register covers
            return
        opened = self.day_between(first, last)
        if opened < date(2024, 1, 1) and self.chance(0.65):  # most needs are recent
            opened = self.day_between(max(first, date(2024, 1, 1)), last)
        status = self.interest_status(opened)
        if company.left_on:
            status = self.rng.choice(("done", "dropped"))
        notes = ""
        if self.chance(0.1):
            notes = self.rng.choice(("Нужны сертификаты ЕАЭС.", "Готовы к отсрочке платежа.",
                                     "Объём уточняется.", "Контакт передан в Минское отделение "
                                     "БелТПП.", "Просят прайс-лист с доставкой до Владимира."))
        self.add_interest(company, direction, base, opened, subject=subject,
                          geo=self.interest_geo(company, direction), status=status,
                          source=self.rng.choice(INTEREST_SOURCES), notes=notes)

    # --- meetings and agreements of ordinary missions --------------------------------------

    def add_mission_meetings(self) -> None:
        for mission in self.reg.missions:
            if mission.plan.scripted or mission.future or self.chance(0.3):
                continue
            parties = [p.company for p in self.reg.participations
                       if p.mission is mission and p.role != "organiser"]
            for _ in range(self.rng.randint(2, 5)):
                self.mission_meeting(mission, parties)
        for _ in range(12):  # meetings in the chamber, outside any mission
            pool = self.members_on(date(2024, 1, 1))
            self.meeting_between(None, self.rng.sample(pool, 12),
                                 self.day_between(date(2024, 2, 1), date(2026, 11, 10)))

    def mission_meeting(self, mission: Mission, parties: list[Company]) -> None:
        held = self.workday_between(mission.plan.starts, mission.plan.ends)
        self.meeting_between(mission, parties, held)

    def meeting_between(self, mission: Mission | None, pool: list[Company], held: date) -> None:
        """A meeting of a buyer and a seller from `pool`, matched on a product when possible."""
        pairs = [(b, s, subject) for b in pool for s in pool
                 if b is not s and (b.is_member or s.is_member)  # the chamber's own members
                 for subject in sorted(set(b.industry.buys) & set(s.industry.sells))]
        if pairs:
            buyer, seller, subject = self.rng.choice(pairs)
        elif sum(c.is_member for c in pool) >= 1 and len(pool) >= 2:
            buyer = self.rng.choice([c for c in pool if c.is_member])
            seller = self.rng.choice([c for c in pool if c is not buyer])
            subject = seller.industry.sells[0] if seller.industry.sells else "сотрудничество"
        else:
            return
        goods = deals_in_goods(seller.industry)
        if not pairs:
            title = f"Презентация {'продукции' if goods else 'услуг'}: {subject}"
        else:
            title = f"{'Поставки' if goods else 'Услуги'}: {subject}"
        outcomes = MEETING_OUTCOMES if goods else MEETING_OUTCOMES[1:5]
        meeting = Meeting(mission, held, [buyer, seller], title, self.rng.choice(outcomes))
        self.reg.meetings.append(meeting)
        if pairs and buyer.is_member and self.chance(0.6):
            self.meeting_interest(buyer, subject, seller, mission, held)
        if self.chance(0.3):
            self.agreement_from(meeting, subject, goods)

    def meeting_interest(self, buyer: Company, subject: str, seller: Company,
                         mission: Mission | None, held: date) -> None:
        age = (TODAY - held).days
        status = "in_work" if age < 300 else self.rng.choice(("done", "dropped", "in_work"))
        source = MISSION_SOURCE[mission.plan.kind] if mission else "встреча в палате"
        geo = seller.country if seller.country != "Россия" else ""
        self.add_interest(buyer, "buys", subject, held, geo=geo, status=status, mission=mission,
                          source=source, notes=f"Переговоры с «{seller.short_name}».")

    def agreement_from(self, meeting: Meeting, subject: str, goods: bool) -> None:
        kind = self.rng.choices(("supply", "nda", "cooperation", "memorandum"),
                                (40 if goods else 0, 15, 30, 15))[0]
        signed = meeting.held_on + timedelta(days=self.rng.choice((0, 0, 7, 21, 45)))
        if signed > TODAY:
            signed = meeting.held_on
        if signed < date(2025, 1, 1):
            status = self.rng.choices(("completed", "in_force", "terminated"), (45, 45, 10))[0]
        else:
            status = self.rng.choices(("signed", "in_force", "draft"), (45, 40, 15))[0]
        if kind in ("nda", "memorandum") and status == "completed":
            status = "in_force"
        heads = {"supply": "Поставка", "nda": "Конфиденциальность переговоров",
                 "cooperation": "Сотрудничество", "memorandum": "Намерения о сотрудничестве"}
        self.reg.agreements.append(Agreement(kind, f"{heads[kind]}: {subject}", signed,
                                             meeting.mission, list(meeting.parties), status))

    # --- timeline --------------------------------------------------------------------------

    def activity(self, company: Company, kind: str, day: date, text: str, *,
                 author: str | None = None, mission: Mission | None = None,
                 due: date | None = None, done: bool = False) -> Activity:
        author = author or self.rng.choice(FOREIGN_TRADE + MEMBER_RELATIONS)
        entry = Activity(company, kind, day, text, author, mission, due, done)
        self.reg.activities.append(entry)
        return entry

    def add_timeline(self) -> None:
        story = {c.ref for c in self.story.values()}
        for p in self.reg.participations:
            if p.mission.plan.scripted or p.company.ref in story or p.role == "organiser":
                continue
            self.participation_activities(p)
        for interest in self.reg.interests:
            if interest.company.ref not in story and interest.status == "in_work":
                self.interest_activity(interest)
        for company in self.reg.companies:
            if company.is_member and company.ref not in story:
                self.membership_activities(company)

    def participation_activities(self, p: Participation) -> None:
        plan = p.mission.plan
        if self.chance(0.35):
            invited = plan.starts - timedelta(days=self.rng.randint(14, 40))
            self.activity(p.company, "letter", invited, f"Приглашение: «{plan.title}».",
                          author=self.rng.choice(FOREIGN_TRADE), mission=p.mission)
        if p.mission.future:
            due = plan.starts - timedelta(days=self.rng.randint(3, 8))
            self.activity(p.company, "call", self.day_between(date(2026, 10, 20), TODAY),
                          f"Подтвердить состав участников и график переговоров: «{plan.title}».",
                          mission=p.mission, due=due)
        elif p.outcome and self.chance(0.25):
            after = plan.ends + timedelta(days=self.rng.randint(2, 20))
            self.activity(p.company, "call", min(after, TODAY),
                          f"Итоги участия в «{plan.title}»: {p.outcome}.", mission=p.mission)

    def interest_activity(self, interest: Interest) -> None:
        day = self.day_between(interest.opened_on, min(interest.opened_on + timedelta(days=60),
                                                       TODAY))
        company = interest.company
        if interest.direction == "sells" and self.chance(0.2):
            self.activity(company, "samples", day,
                          f"Образцы ({interest.base}) направлены потенциальному покупателю.",
                          mission=interest.mission)
        elif interest.direction == "buys":
            self.activity(company, "letter", day,
                          f"Направлены контакты поставщиков: {interest.base}.",
                          mission=interest.mission)
        else:
            self.activity(company, "call", day, f"Уточнили запрос: {interest.subject}.",
                          mission=interest.mission)
        if day > date(2026, 8, 31) and self.chance(0.6):
            self.follow_up(company, day, f"Узнать результат: {interest.subject}.")

    def follow_up(self, company: Company, day: date, text: str,
                  mission: Mission | None = None) -> None:
        """An open task due in December 2026 - January 2027."""
        due = self.day_between(date(2026, 12, 1), date(2027, 1, 29))
        self.activity(company, "call", day, text, mission=mission, due=due)

    def membership_activities(self, company: Company) -> None:
        if company.member_status == "active" and company.dues_paid_until == date(2025, 12, 31):
            self.activity(company, "letter", self.day_between(date(2026, 2, 1), date(2026, 3, 1)),
                          "Направлен счёт на оплату членских взносов за 2026 год.",
                          author=ACCOUNTS)
            self.activity(company, "call", self.day_between(date(2026, 10, 1), TODAY),
                          "Напоминание об оплате членских взносов за 2026 год.",
                          author=ACCOUNTS, due=self.day_between(date(2026, 12, 1),
                                                                  date(2026, 12, 25)))
        elif company.member_status == "suspended":
            self.activity(company, "note", date(2025, 9, 30),
                          "Членство приостановлено решением правления: неуплата взносов.",
                          author=ACCOUNTS)
        if company.member_status == "active" and self.chance(0.12):
            day = self.day_between(date(2024, 1, 15), TODAY)
            country = self.rng.choice(("Беларусь", "Казахстан", "Узбекистан", "Китай"))
            text = self.rng.choice(ACTIVITY_NOTES).format(country=country)
            self.activity(company, "note", day, text,
                          author=self.rng.choice(SERVICES),
                          due=day + timedelta(days=14) if self.chance(0.3) else None,
                          done=True)
        if company.member_since and company.member_since.year == 2025 and self.chance(0.6):
            self.activity(company, "meeting", company.member_since,
                          "Вручение членского билета, знакомство с сервисами палаты.",
                          author="ivanova")

    # --- the December 2025 story -----------------------------------------------------------

    def add_story_companies(self) -> None:
        """The organisations of the 2025 story, as companies 1-11."""
        vl, sob, murom = TOWN["Владимир"], TOWN["Ставрово"], TOWN["Муром"]
        tpp = self.new_company("Владимирская торгово-промышленная палата", "Союз",
                               CHAMBER_INDUSTRY,
                               "Союз «Владимирская торгово-промышленная палата»")
        self.place_in_russia(tpp, vl, 1992)
        tpp.notes = "Организатор миссий; в реестре как сторона переговоров и организатор."
        stavrovo = self.new_company("Ставровский индустриальный парк", "ООО", INDUSTRY["68.20"])
        self.place_in_russia(stavrovo, sob, 2020)
        self.make_member(stavrovo, date(2021, 3, 16))
        stavrovo.dues_paid_until = date(2026, 12, 31)
        stavrovo.tags = ["индустриальный парк", "МСП"]
        stavrovo.notes = ("Управляющая компания индустриального парка в пос. Ставрово "
                          "(Собинский район). Строит инженерные сети и дороги для резидентов: "
                          "нужны стальные трубы и тротуарная плитка, рассматривает белорусских "
                          "производителей труб и плитки.")
        bakery = self.new_company("Владимирский хлебокомбинат", "АО", INDUSTRY["10.71"])
        self.place_in_russia(bakery, vl, 1993)
        self.make_member(bakery, date(1996, 5, 14))
        bakery.dues_paid_until = date(2026, 12, 31)
        bakery.tags = ["участник нацпроекта «Производительность труда»"]
        vtm = self.new_company("ВладТрансМаш", "ООО", INDUSTRY["29.32"])
        self.place_in_russia(vtm, vl, 2011)
        self.make_member(vtm, date(2014, 9, 2))
        vtm.dues_paid_until = date(2026, 12, 31)
        vtm.tags = ["МСП", "импортёр"]
        vtm.notes = "Ремонт и модернизация автобусов; ищет изготовителей запчастей по своим чертежам."
        integral = self.new_company("Компания Интеграл", "ООО", INDUSTRY["46.73"])
        self.place_in_russia(integral, murom, 2012)
        self.make_member(integral, date(2018, 2, 20))
        integral.dues_paid_until = date(2026, 12, 31)
        integral.tags = ["МСП"]

        minsk = BY_TOWN["Минск"]
        branch = self.new_company(MINSK_BRANCH, "УП", CHAMBER_INDUSTRY)
        self.place_abroad(branch, minsk)
        branch.notes = "Партнёр палаты по визитам и B2B-переговорам с белорусскими предприятиями."
        stone = self.new_company("Индустриальный парк «Великий камень»", "ГУ", GOVERNMENT_INDUSTRY,
                                 "Государственное учреждение «Администрация Китайско-Белорусского "
                                 "индустриального парка «Великий камень»»")
        self.place_abroad(stone, SMOLEVICHI_DISTRICT)
        stone.notes = "Китайско-Белорусский индустриальный парк; презентация на конгрессе 11.12.2025."
        szhb = self.new_company("Спецжелезобетон", "ОАО", INDUSTRY["23.61"])
        self.place_abroad(szhb, MIKASHEVICHI)
        pipes = self.new_company("БелСтальТруб", "ЗАО", INDUSTRY["24.20"])
        self.place_abroad(pipes, BY_TOWN["Жодино"])
        mill = self.new_company("Мелькомбинат «Колос»", "ОАО", INDUSTRY["10.61"])
        self.place_abroad(mill, minsk)
        parts = self.new_company("Белмашдеталь", "ОАО", INDUSTRY["29.32"])
        self.place_abroad(parts, minsk)
        self.story = {"tpp": tpp, "stavrovo": stavrovo, "bakery": bakery, "vtm": vtm,
                      "integral": integral, "branch": branch, "stone": stone, "szhb": szhb,
                      "pipes": pipes, "mill": mill, "parts": parts}

    def add_story_contacts(self) -> None:
        s = self.story
        # Two real people, named in public reports of the visit. Elsewhere the people are
        # invented; at organisations that exist in reality they are not given the top post.
        fixed = {
            "tpp": [("Аксенов Иван", "Президент")],
            "branch": [("Дубова Татьяна", "Начальник отдела внешнеэкономической деятельности")],
            "bakery": [(self.person(), "Коммерческий директор"),
                       (self.person(female=True), "Главный технолог, заведующая лабораторией"),
                       (self.person(), "Начальник отдела снабжения")],
            "vtm": [(self.person(female=False), "Генеральный директор"),
                    (self.person(female=False), "Главный инженер")],
            "stavrovo": [(self.person(female=False), "Коммерческий директор"),
                         (self.person(female=True), "Менеджер по ВЭД")],
            "integral": [(self.person(), "Коммерческий директор")],
            "stone": [(self.person("Беларусь"), "Начальник отдела по работе с инвесторами")],
            "szhb": [(self.person("Беларусь"), "Начальник отдела внешнеэкономической "
                                               "деятельности"),
                     (self.person("Беларусь"), "Менеджер по продажам")],
            "pipes": [(self.person("Беларусь", female=False), "Директор"),
                      (self.person("Беларусь"), "Ведущий специалист по ВЭД")],
            "parts": [(self.person("Беларусь", female=False), "Директор"),
                      (self.person("Беларусь", female=False), "Главный конструктор")],
            "mill": [(self.person("Беларусь"), "Директор"),
                     (self.person("Беларусь", female=True),
                      "Начальник отдела маркетинга и сбыта")],
        }
        for key, company in s.items():
            first = len(self.reg.contacts)
            self.add_contacts(company, fixed.get(key, ()))
            # The head is the primary contact in every story company.
            for index, contact in enumerate(self.reg.contacts[first:]):
                contact.is_primary = index == 0
                if key in ("tpp", "branch"):  # real people: only the organisation's phone
                    contact.phones = company.phones[:1]

    def add_december_story(self) -> None:
        """September 2025 in Minsk, December 2025 in the Vladimir region, and what followed."""
        s, m = self.story, self.missions
        self.story_september(s, m["minsk_2025_09"])
        self.story_visit(s, m["beltpp_2025_12"])
        self.story_round_table(s, m["rt_2025_12_09"])
        self.story_congress(s, m["congress_2025_12"])
        self.story_follow_ups(s, m)

    def extra_members(self, mission: Mission, count: int, role: str,
                      outcomes: Sequence[str]) -> None:
        for company in self.mission_members(mission, count, producers=role == "visited"):
            self.participate(mission, company, role, self.outcome(outcomes))

    def story_september(self, s: dict[str, Company], sept: Mission) -> None:
        self.participate(sept, s["tpp"], "organiser", "формирование делегации, программа B2B")
        self.participate(sept, s["branch"], "host", "приём делегации, B2B-переговоры в отделении")
        self.participate(sept, s["vtm"], "participant",
                         "переговоры с «Белмашдеталь» о запчастях к автобусам по чертежам "
                         "заказчика; решено подписать NDA")
        self.participate(sept, s["parts"], "visited",
                         "показано производство, готовы изготовить пробную партию запчастей")
        self.participate(sept, s["integral"], "participant", "переговоры по железобетонным "
                         "изделиям")
        self.participate(sept, s["szhb"], "visited", "переговоры по поставкам в Муром")
        self.extra_members(sept, 7, "participant", PARTICIPANT_OUTCOMES)
        self.reg.meetings.append(Meeting(
            sept, d("17.09.2025"), [s["vtm"], s["parts"]],
            "Изготовление запасных частей к автобусам по чертежам заказчика",
            "«Белмашдеталь» готов изготовить пробную партию; до передачи чертежей стороны "
            "подпишут соглашение о конфиденциальности (NDA)."))
        self.reg.meetings.append(Meeting(
            sept, d("18.09.2025"), [s["integral"], s["szhb"]],
            "Поставки железобетонных изделий и элементов благоустройства в Муром",
            "Обменялись каталогами; продолжение — во время визита белорусской делегации во "
            "Владимирскую область в декабре."))
        self.add_interest(s["vtm"], "buys", "запасные части к автобусам по чертежам заказчика",
                          d("17.09.2025"), geo="Беларусь", status="in_work", mission=sept,
                          source=MISSION_SOURCE["outgoing"],
                          notes="Изготовитель — «Белмашдеталь» (Минск); NDA от 09.12.2025.")
        self.add_interest(s["parts"], "sells", "запасные части к автобусам по чертежам заказчика",
                          d("17.09.2025"), geo="Россия", status="in_work", mission=sept,
                          source=MISSION_SOURCE["outgoing"])
        self.activity(s["vtm"], "meeting", d("17.09.2025"),
                      "Переговоры с «Белмашдеталь» в Минске: запчасти к автобусам по чертежам "
                      "заказчика. Для передачи чертежей нужен NDA.", author="petrov", mission=sept)
        self.activity(s["vtm"], "letter", d("14.10.2025"),
                      "Проект NDA направлен в «Белмашдеталь» через Минское отделение БелТПП.",
                      author="petrov", due=d("14.11.2025"), done=True)

    def story_visit(self, s: dict[str, Company], visit: Mission) -> None:
        self.participate(visit, s["tpp"], "organiser",
                         "приём делегации; программа визита; президент палаты Иван Аксенов")
        self.participate(visit, s["branch"], "participant",
                         "организатор визита с белорусской стороны; руководитель делегации — "
                         "Татьяна Дубова, начальник отдела внешнеэкономической деятельности "
                         "Минского отделения БелТПП")
        self.participate(visit, s["stavrovo"], "visited",
                         "интерес к белорусским стальным трубам и тротуарной плитке; запрошены "
                         "коммерческие предложения")
        self.participate(visit, s["bakery"], "participant",
                         "получены образцы белорусской ржаной обдирной муки для лабораторного "
                         "тестирования")
        self.participate(visit, s["vtm"], "participant", "подписано NDA с «Белмашдеталь»")
        self.participate(visit, s["integral"], "participant",
                         "подписано соглашение о сотрудничестве со «Спецжелезобетон»")
        for key, outcome in (
                ("szhb", "подписано соглашение о сотрудничестве с «Компания Интеграл»; "
                         "предложена тротуарная плитка Ставровскому индустриальному парку"),
                ("pipes", "предложены стальные трубы для Ставровского индустриального парка"),
                ("mill", "образцы ржаной обдирной муки переданы Владимирскому хлебокомбинату"),
                ("parts", "подписано NDA с «ВладТрансМаш»")):
            self.participate(visit, s[key], "participant", outcome)
        self.extra_members(visit, 4, "visited", VISITED_OUTCOMES)
        self.add_interest(s["stavrovo"], "buys", "стальные трубы", d("09.12.2025"),
                          subject="трубы стальные (белорусского производства)", geo="Беларусь",
                          status="in_work", mission=visit,
                          source=MISSION_SOURCE["incoming"],
                          notes="Трубы для инженерных сетей парка (водопровод, теплосеть). "
                                "КП запрошено у «БелСтальТруб».")
        self.add_interest(s["stavrovo"], "buys", "тротуарная плитка", d("09.12.2025"),
                          geo="Беларусь", status="in_work", mission=visit,
                          source=MISSION_SOURCE["incoming"],
                          notes="Благоустройство территории парка; КП запрошено у "
                                "«Спецжелезобетон».")
        self.add_interest(s["bakery"], "buys", "ржаная мука обдирная", d("10.12.2025"),
                          subject="ржаная мука обдирная (белорусская)", geo="Беларусь",
                          status="in_work", mission=visit, source=MISSION_SOURCE["incoming"],
                          notes="Образцы «Мелькомбинат «Колос»» на лабораторных испытаниях.")
        self.add_interest(s["integral"], "buys", "железобетонные изделия", d("10.12.2025"),
                          geo="Беларусь", status="in_work", mission=visit,
                          source=MISSION_SOURCE["incoming"])
        for key, base in (("pipes", "стальные трубы"), ("szhb", "тротуарная плитка"),
                          ("szhb", "железобетонные кольца"), ("mill", "ржаная мука обдирная")):
            self.add_interest(s[key], "sells", base, d("09.12.2025"), geo="Россия",
                              status="open", mission=visit, source=MISSION_SOURCE["incoming"])
        self.add_interest(s["branch"], "partner",
                          "владимирские предприятия для кооперации с белорусскими "
                          "производителями", d("08.12.2025"), geo="Владимирская область",
                          status="open", mission=visit, source=MISSION_SOURCE["incoming"])
        self.reg.agreements.append(Agreement(
            "nda", "Конфиденциальность при передаче чертежей: изготовление запасных частей к "
            "автобусам по чертежам заказчика", d("09.12.2025"), visit, [s["vtm"], s["parts"]],
            "in_force", "Итог переговоров, начатых во время визита делегации Владимирской "
            "области в Минск в сентябре 2025 года."))
        self.reg.agreements.append(Agreement(
            "cooperation", "Сотрудничество в поставках железобетонных изделий и элементов "
            "благоустройства", d("10.12.2025"), visit, [s["szhb"], s["integral"]], "signed",
            "Подписано во время визита делегации Минского отделения БелТПП."))

    def story_round_table(self, s: dict[str, Company], table: Mission) -> None:
        self.participate(table, s["tpp"], "organiser", "модератор — президент палаты Иван Аксенов")
        self.participate(table, s["branch"], "participant",
                         "выступление Татьяны Дубовой: крупная встреча во время визита "
                         "владимирской делегации в Минск два месяца назад, регулярные контакты на "
                         "выставках и онлайн-площадках; презентация белорусских предприятий")
        for key in ("stavrovo", "bakery", "vtm", "integral", "szhb", "pipes", "mill", "parts"):
            self.participate(table, s[key], "participant", "B2B-переговоры")
        self.extra_members(table, 8, "participant", PARTICIPANT_OUTCOMES)
        held = d("09.12.2025")
        for parties, subject, outcome in (
                (("stavrovo", "pipes"), "Стальные трубы белорусского производства для "
                 "инженерных сетей Ставровского индустриального парка",
                 "Запрошены коммерческое предложение и сертификаты; ответ — до конца января "
                 "2026 года."),
                (("stavrovo", "szhb"), "Тротуарная плитка для благоустройства территории парка",
                 "Обсуждены объёмы на сезон 2026 года, согласован выезд на производство в "
                 "Микашевичи."),
                (("bakery", "mill"), "Поставки ржаной обдирной муки",
                 "Образцы муки переданы хлебокомбинату для лабораторного тестирования; решение "
                 "о закупке — по результатам пробных выпечек."),
                (("vtm", "parts"), "Изготовление запасных частей к автобусам по чертежам "
                 "заказчика", "Подписано соглашение о конфиденциальности (NDA); чертежи "
                 "первых позиций будут переданы после его подписания."),
                (("integral", "szhb"), "Кооперация в поставках железобетонных изделий",
                 "Согласован текст соглашения о сотрудничестве, подписание — 10.12.2025."),
                (("tpp", "branch"), "План совместных мероприятий на 2026 год",
                 "Договорились об ответном визите владимирских предприятий в Минскую область "
                 "весной 2026 года.")):
            self.reg.meetings.append(Meeting(table, held, [s[k] for k in parties], subject,
                                             outcome))

    def story_congress(self, s: dict[str, Company], congress: Mission) -> None:
        self.participate(congress, s["tpp"], "participant",
                         "выступление президента палаты Ивана Аксенова на сессии")
        self.participate(congress, s["branch"], "participant",
                         "белорусская делегация во главе с Татьяной Дубовой")
        self.participate(congress, s["stone"], "participant",
                         "презентация Китайско-Белорусского индустриального парка «Великий "
                         "камень»: условия для резидентов, логистика в Китай и ЕАЭС")
        self.participate(congress, s["stavrovo"], "participant",
                         "обмен опытом управления индустриальными парками")
        self.participate(congress, s["szhb"], "participant", "участие в сессии")
        self.extra_members(congress, 8, "participant",
                           ("участие в сессии", "интерес к размещению производства в парке "
                            "«Великий камень»", "переговоры с белорусской делегацией"))
        self.add_interest(s["stone"], "partner", "резиденты для Китайско-Белорусского "
                          "индустриального парка «Великий камень»", d("11.12.2025"),
                          geo="Россия", status="open", mission=congress,
                          source=MISSION_SOURCE["congress"])

    def story_follow_ups(self, s: dict[str, Company], m: dict[str, Mission]) -> None:
        visit, table = m["beltpp_2025_12"], m["rt_2025_12_09"]
        congress, online = m["congress_2025_12"], m["minsk_online_2026"]
        bakery, mill, vtm, parts = s["bakery"], s["mill"], s["vtm"], s["parts"]
        stavrovo, branch, stone = s["stavrovo"], s["branch"], s["stone"]
        # The rye flour: samples for the laboratory, and the test results still to come.
        self.activity(bakery, "samples", d("10.12.2025"),
                      "Образцы ржаной обдирной муки от «Мелькомбинат «Колос»» (Минск) переданы в "
                      "лабораторию хлебокомбината для тестирования: пробные выпечки ржаного и "
                      "заварного хлеба.", author="petrov", mission=visit)
        self.activity(mill, "samples", d("10.12.2025"),
                      "Образцы ржаной обдирной муки переданы Владимирскому хлебокомбинату для "
                      "лабораторного тестирования.", author="petrov", mission=visit)
        self.activity(bakery, "call", d("03.02.2026"),
                      "Лаборатория: первые пробные выпечки удачны, для решения нужна мука нового "
                      "урожая. Попросили «Колос» прислать образцы урожая 2026 года.",
                      author="petrov", mission=visit, due=d("27.02.2026"), done=True)
        self.activity(bakery, "samples", d("16.10.2026"),
                      "Получены и переданы в лабораторию образцы ржаной обдирной муки урожая "
                      "2026 года от «Мелькомбинат «Колос»».", author="petrov", mission=visit)
        self.activity(bakery, "call", d("16.11.2026"),
                      "Получить от хлебокомбината результаты лабораторных испытаний ржаной "
                      "обдирной муки «Колос» и решение о пробной закупке.", author="petrov",
                      mission=visit, due=d("11.12.2026"))
        # The bus parts: NDA signed, drawings sent, an estimate awaited.
        self.activity(vtm, "meeting", d("09.12.2025"),
                      "Подписано NDA с «Белмашдеталь» на B2B-переговорах во Владимирской ТПП.",
                      author="petrov", mission=table)
        self.activity(parts, "meeting", d("09.12.2025"),
                      "Подписано NDA с «ВладТрансМаш»: запчасти к автобусам по чертежам заказчика.",
                      author="petrov", mission=table)
        self.activity(vtm, "letter", d("20.02.2026"),
                      "Переданы чертежи первых 12 позиций (кронштейны, втулки, тяги).",
                      author="petrov", mission=visit)
        self.activity(vtm, "call", d("12.11.2026"),
                      "Получить от «Белмашдеталь» расчёт стоимости и сроков пробной партии.",
                      author="petrov", mission=visit, due=d("18.12.2026"))
        # Pipes and paving tiles for the Stavrovo park.
        self.activity(stavrovo, "meeting", d("10.12.2025"),
                      "Делегация Минского отделения БелТПП посетила индустриальный парк; интерес "
                      "к белорусским стальным трубам и тротуарной плитке.", author="ivanova",
                      mission=visit)
        self.activity(stavrovo, "letter", d("22.12.2025"),
                      "Запрошены коммерческие предложения у «БелСтальТруб» (трубы) и "
                      "«Спецжелезобетон» (тротуарная плитка).", author="ivanova", mission=visit,
                      due=d("30.01.2026"), done=True)
        self.activity(stavrovo, "call", d("10.11.2026"),
                      "Сверить КП на трубы и плитку с планом работ парка на сезон 2027 года.",
                      author="ivanova", mission=visit, due=d("20.01.2027"))
        # The chambers and the Great Stone park.
        self.activity(branch, "meeting", d("12.12.2025"),
                      "Итоги визита с Татьяной Дубовой: трубы и плитка для Ставрово, мука, NDA, "
                      "соглашение «Спецжелезобетон» — «Компания Интеграл».",
                      author="ivanova", mission=visit)
        self.activity(branch, "meeting", d("17.02.2026"),
                      "Онлайн-встреча по итогам декабрьского визита; решено провести ответный "
                      "визит в мае.", author="ivanova", mission=online)
        self.activity(branch, "letter", d("05.11.2026"),
                      "Приглашение на B2B-сессию «Владимир — Минск: кооперация в "
                      "машиностроении» 09.12.2026.", author="ivanova",
                      mission=m["b2b_machine_2026"], due=d("01.12.2026"))
        self.activity(stone, "letter", d("15.12.2025"),
                      "Презентация парка «Великий камень» разослана членам палаты.",
                      author="orlov", mission=congress)
        self.story_2026(s, m)

    def story_2026(self, s: dict[str, Company], m: dict[str, Mission]) -> None:
        """The follow-up call in February and the return visit in May 2026."""
        online, trip = m["minsk_online_2026"], m["minsk_region_2026"]
        self.participate(online, s["tpp"], "organiser", ORGANISER_OUTCOMES["online"])
        self.participate(online, s["branch"], "participant", "сверка договорённостей визита")
        for key, outcome in (
                ("stavrovo", "КП на трубы и плитку получены, сравнение с российскими поставщиками"),
                ("bakery", "первые пробные выпечки удачны, нужны образцы муки нового урожая"),
                ("mill", "образцы урожая 2026 года — осенью"),
                ("vtm", "чертежи первых 12 позиций переданы"),
                ("parts", "расчёт пробной партии после изучения чертежей"),
                ("szhb", "первая поставка по соглашению с «Компания Интеграл» — весной"),
                ("integral", "готовит первую заявку «Спецжелезобетон»")):
            self.participate(online, s[key], "participant", outcome)
        self.participate(trip, s["branch"], "host", "программа визита и B2B-переговоры")
        self.participate(trip, s["stone"], "visited",
                         "экскурсия по парку «Великий камень», условия для резидентов")
        self.participate(trip, s["pipes"], "visited",
                         "показано производство труб; Ставровскому индустриальному парку "
                         "передано уточнённое КП")
        self.participate(trip, s["stavrovo"], "participant", "переговоры с «БелСтальТруб»")
        for key in ("vtm", "parts"):
            self.participate(m["b2b_machine_2026"], s[key], "participant", "участие подтверждено")

    def add_consulate(self) -> None:
        """The Consul General of Belarus in Nizhny Novgorod, who supported the December visit."""
        consulate = self.new_company(CONSULATE, "", GOVERNMENT_INDUSTRY, CONSULATE)
        consulate.region, consulate.city = "Нижегородская область", "Нижний Новгород"
        consulate.notes = ("Генеральный консул Республики Беларусь в Нижнем Новгороде Олег Швец "
                           "поддержал визит делегации Минского отделения БелТПП в декабре 2025 "
                           "года.")
        self.reg.contacts.append(Contact(consulate, "Швец Олег",
                                         "Генеральный консул Республики Беларусь в Нижнем "
                                         "Новгороде", [], [], is_primary=True))
        self.participate(self.missions["beltpp_2025_12"], consulate, "participant",
                         "поддержка миссии: генеральный консул Республики Беларусь в Нижнем "
                         "Новгороде Олег Швец")
        self.story["consulate"] = consulate

    def add_duplicate_pairs(self) -> None:
        """A few companies entered twice, as registers really get them: from an exhibition's
        sign-up sheet without an INN, under a spelling of its own, or with a partner's UNP typed
        again. Each copy shares with its original what `palata duplicates` looks at."""
        rng = random.Random(SEED + 9)
        story = {c.ref for c in self.story.values()}
        members = [c for c in self.reg.companies if c.ref not in story and c.member_status == "active"
                   and c.legal_form != "ИП" and c.phones and c.domain]
        belarus = [c for c in self.reg.companies if c.ref not in story and c.unp]
        picks = rng.sample(members, 3)

        def copy(original: Company, short_name: str, note: str) -> Company:
            twin = Company(len(self.reg.companies) + 1, short_name, original.legal_form,
                           f"{LEGAL_FULL.get(original.legal_form, original.legal_form)} "
                           f"«{short_name}»", original.industry, country=original.country,
                           region=original.region, city=original.city, notes=note)
            self.reg.companies.append(twin)
            return twin

        # the same name and town, entered from a sign-up sheet without an INN
        first = picks[0]
        twin = copy(first, first.short_name.upper(),
                    "Внесена с листа регистрации выставки «БелАгро-2025»; ИНН не указан.")
        twin.phones = [self.mobile_of(rng)]
        # the same switchboard number, under a shorter name
        second = picks[1]
        short = second.short_name.split()[0] if " " in second.short_name else second.short_name + "-М"
        twin = copy(second, short, "Контакт из заявки на B2B-переговоры; реквизиты не прислали.")
        twin.phones = list(second.phones[:1])
        twin.address = second.address
        # the same e-mail, typed by a colleague from a business card
        third = picks[2]
        twin = copy(third, third.short_name.replace("-", " ") + " (филиал)",
                    "С визитной карточки; уточнить, филиал это или та же компания.")
        twin.emails = list(third.emails[:1])
        twin.website = third.website
        # a Belarusian partner entered again with its UNP
        partner = rng.choice(belarus)
        twin = copy(partner, partner.short_name.replace("«", "").replace("»", ""),
                    "Внесена повторно по списку участников онлайн-переговоров.")
        twin.unp = partner.unp
        twin.address = partner.address
        twin.phones = list(partner.phones[:1])

    @staticmethod
    def mobile_of(rng: random.Random) -> str:
        digits = "".join(str(rng.randint(0, 9)) for _ in range(7))
        return f"+7 {rng.choice(MOBILE_CODES)} {digits[:3]}-{digits[3:5]}-{digits[5:]}"

    # --- assembling ------------------------------------------------------------------------

    def build(self, member_count: int = MEMBER_COUNT) -> Register:
        self.add_story_companies()
        self.add_members(member_count)
        self.add_foreign_partners()
        self.number_members()
        self.add_story_contacts()
        story = {c.ref for c in self.story.values()}
        for company in self.reg.companies:
            if company.ref not in story:
                self.add_contacts(company)
        self.add_missions()
        self.add_general_interests()
        self.add_participations()
        self.add_december_story()
        self.add_mission_meetings()
        self.add_timeline()
        # Added last, drawing on their own random numbers: everything above stays as it was.
        self.add_consulate()
        self.add_duplicate_pairs()
        self.finish()
        return self.reg

    def finish(self) -> None:
        """Sort the sheets for reading and number the rows that have a "№"."""
        reg = self.reg
        reg.interests.sort(key=lambda i: (i.company.ref, i.opened_on))
        reg.participations.sort(key=lambda p: (p.mission.ref, ROLE_ORDER[p.role], p.company.ref))
        reg.meetings.sort(key=lambda m: (m.held_on, m.parties[0].ref, m.parties[1].ref))
        reg.agreements.sort(key=lambda a: (a.signed_on, a.parties[0].ref))
        reg.activities.sort(key=lambda a: (a.company.ref, a.happened_on))
        numbered: tuple[Sequence[Interest | Meeting | Agreement], ...] = (reg.interests, reg.meetings,
                                                                         reg.agreements)
        for records in numbered:
            for number, record in enumerate(records, start=1):
                record.ref = number


ROLE_ORDER = {"organiser": 0, "host": 1, "participant": 2, "visited": 3}

# ---------------------------------------------------------------------------------------------
# Writing the workbook

TEXT_KEYS = {"inn", "kpp", "ogrn", "unp", "phones", "member_number", "okved", "party_refs"}
WIDTHS = {"short_name": 38, "full_name": 50, "address": 55, "industry": 45, "description": 80,
          "title": 60, "subject": 50, "outcome": 50, "text": 70, "notes": 40, "emails": 34,
          "phones": 34, "company": 34, "name": 32, "position": 32, "organisers": 34,
          "partners": 50, "place": 36, "tags": 30, "website": 26, "source": 24}


def cell_value(value: object) -> object:
    """Lists become "a; b"; empty values stay empty cells."""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    if value == "":
        return None
    return value


def write_sheet(wb: Workbook, sheet: Sheet, rows: list[dict[str, object]]) -> None:
    ws = wb.create_sheet(sheet.title("ru"))
    keys = [c.key for c in sheet.columns]
    ws.append([c.title("ru") for c in sheet.columns])
    for row in rows:
        unknown = set(row) - set(keys)
        if unknown:
            raise KeyError(f"{sheet.key}: unknown columns {sorted(unknown)}")
        ws.append([cell_value(row.get(k)) for k in keys])
    for index, key in enumerate(keys, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = WIDTHS.get(key, 16)
        for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
            elif key in TEXT_KEYS and cell.value is not None:
                cell.number_format = "@"
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def workbook_bytes(register: Register) -> bytes:
    """The workbook as .xlsx bytes that depend on the register only (no clock inside)."""
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the one sheet a new workbook has
    for sheet in SHEETS:
        write_sheet(wb, sheet, register.rows(sheet))
    wb.properties.creator = "Palata sample_data/generate.py"
    wb.properties.title = "Palata: демонстрационный реестр Владимирской ТПП"
    wb.properties.created = FIXED_STAMP
    wb.properties.modified = FIXED_STAMP
    raw = io.BytesIO()
    # ExcelWriter directly: save_workbook() would stamp `modified` with the current time.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return stable_zip(raw.getvalue())


def stable_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times (zip records each file's write time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_STAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def generate(out: Path = DEFAULT_OUT, seed: int = SEED) -> Register:
    register = RegisterBuilder(seed).build()
    out.write_bytes(workbook_bytes(register))
    return register


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the Palata demo register workbook.")
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT,
                        help=f"output .xlsx (default: {DEFAULT_OUT.relative_to(ROOT)})")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed (default: %(default)s)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    register = generate(args.out, args.seed)
    members = sum(1 for c in register.companies if c.is_member)
    print(f"{args.out}: {len(register.companies)} companies ({members} members), "
          f"{len(register.contacts)} contacts, {len(register.interests)} interests, "
          f"{len(register.missions)} missions, {len(register.participations)} participations, "
          f"{len(register.meetings)} meetings, {len(register.agreements)} agreements, "
          f"{len(register.activities)} activities; {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
