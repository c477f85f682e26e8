"""The companies of the sample register: the chamber's members in the towns of the region,
with their membership, tags and notes; the Belarusian and other foreign partners; the membership
numbers in order of joining."""

from __future__ import annotations

from datetime import date, timedelta

from sample_data.context import Context, Part
from sample_data.identifiers import Identifiers
from sample_data.names import Names
from sample_data.records import Company
from sample_data.reference import (
    BELARUS_TOWNS,
    INDUSTRIES,
    INDUSTRY,
    LEGAL_FULL,
    MEMBER_NOTES,
    OTHER_TOWNS,
    SPECIAL_MEMBERS,
    TAGS,
    TOWN,
    TOWNS,
    ForeignTown,
    Industry,
    Town,
    is_manufacturing,
)

REGION = "Владимирская область"
# Manufacturing a sole trader (ИП) plausibly runs: bakeries, sewing, joinery, printing, furniture,
# machining shops, farms.
SOLE_TRADER_CRAFTS = frozenset({"01", "10", "13", "14", "16", "18", "25", "31"})


class Companies(Part):
    """Adds companies to the register, named by `Names`, identified by `Identifiers`."""

    def __init__(self, ctx: Context, names: Names, ids: Identifiers) -> None:
        super().__init__(ctx)
        self.names = names
        self.ids = ids

    def new_company(self, short_name: str, legal_form: str, industry: Industry,
                    full_name: str | None = None) -> Company:
        self.names.claim_name(short_name)
        if full_name is None and legal_form == "ИП":
            full_name = f"Индивидуальный предприниматель {short_name}"
        elif full_name is None:
            full_name = f"{LEGAL_FULL[legal_form]} «{short_name}»"
        company = Company(len(self.reg.companies) + 1, short_name, legal_form, full_name, industry)
        self.reg.companies.append(company)
        return company

    def place_in_russia(self, company: Company, town: Town, registered: int) -> None:
        company.region, company.city = REGION, town.name
        company.address = self.names.russian_address(town)
        if company.legal_form == "ИП":
            company.inn, company.ogrn = self.ids.person_ids(town, registered)
            company.phones = [self.draw.mobile()]
        else:
            company.inn, company.kpp, company.ogrn = self.ids.legal_ids(town, registered)
            company.phones = [self.draw.landline(f"+7 {town.area_code}", 10 - len(town.area_code))]
            if self.draw.chance(0.12):
                company.phones.append(self.draw.landline(f"+7 {town.area_code}",
                                                         10 - len(town.area_code)))
            elif self.draw.chance(0.08):
                company.phones.append(self.draw.mobile())
        self.names.company_mail(company)

    def place_abroad(self, company: Company, town: ForeignTown) -> None:
        company.country, company.region, company.city = town.country, town.region, town.name
        company.address = self.names.foreign_address(town)
        company.phones = [self.draw.landline(town.dial, town.local_digits, town.lead)]
        if self.draw.chance(0.15):
            company.phones.append(self.draw.mobile(town.country))
        if town.country == "Беларусь":
            company.unp = self.ids.unp(town.unp_region)
        tld = {"Беларусь": "by", "Казахстан": "kz", "Узбекистан": "uz", "Китай": "cn"}[town.country]
        self.names.company_mail(company, tld, public=("mail.ru", "yandex.by", "gmail.com"))

    def make_member(self, company: Company, since: date, status: str = "active") -> None:
        """Membership dates for `status`; the number is given later, in order of `since`."""
        company.member_status, company.member_since = status, since
        if status == "active":
            company.dues_paid_until = self.rng.choices(
                (date(2026, 12, 31), date(2026, 6, 30), date(2025, 12, 31)), (72, 14, 14))[0]
        elif status == "suspended":
            company.dues_paid_until = self.rng.choice((date(2024, 12, 31), date(2025, 6, 30)))
        else:
            company.left_on = self.draw.day_between(max(since + timedelta(days=400), date(2008, 1, 1)),
                                                    date(2026, 6, 30))
            company.dues_paid_until = date(company.left_on.year - 1, 12, 31)

    def member_since(self) -> date:
        """Joining dates over 1995-2025, more of them in recent years."""
        year = int(self.rng.triangular(1995, 2026, 2021))
        return self.draw.day_between(date(min(year, 2025), 1, 10), date(min(year, 2025), 12, 20))

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
            name = self.draw.person() if legal_form == "ИП" else self.names.company_name(industry, town)
        elif legal_form == "ИП":
            legal_form = "ООО"
        company = self.new_company(name, legal_form, industry)
        since = self.member_since()
        registered = since.year - self.rng.randint(0, 8)
        self.place_in_russia(company, town, registered)
        status = self.rng.choices(("active", "suspended", "left"), (88, 5, 7))[0]
        self.make_member(company, since, status)
        company.tags = self.member_tags(company)
        if self.draw.chance(0.14):
            company.notes = self.rng.choice(MEMBER_NOTES)
        if status == "left" and company.left_on is not None and self.draw.chance(0.5):  # left: a day is set
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
            if self.draw.chance(p):
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
            name = f"{root}{tail}" if self.draw.chance(0.6) else f"{root}-{tail.capitalize()}"
            if not self.names.claim_name(name):
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
