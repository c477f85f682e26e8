"""What the sample companies want: buys, sells, seeks a partner, invests; subjects drawn from
their industry, so that buyers and sellers match."""

from __future__ import annotations

from datetime import date

from sample_data.context import Part
from sample_data.records import TODAY, Company, Interest, Mission
from sample_data.reference import INTEREST_SOURCES, deals_in_goods


class Interests(Part):
    """Adds interests to the register."""

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
        story = {c.ref for c in self.ctx.story.values()}
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
        opened = self.draw.day_between(first, last)
        if opened < date(2024, 1, 1) and self.draw.chance(0.65):  # most needs are recent
            opened = self.draw.day_between(max(first, date(2024, 1, 1)), last)
        status = self.interest_status(opened)
        if company.left_on:
            status = self.rng.choice(("done", "dropped"))
        notes = ""
        if self.draw.chance(0.1):
            notes = self.rng.choice(("Нужны сертификаты ЕАЭС.", "Готовы к отсрочке платежа.",
                                     "Объём уточняется.", "Контакт передан в Минское отделение "
                                     "БелТПП.", "Просят прайс-лист с доставкой до Владимира."))
        self.add_interest(company, direction, base, opened, subject=subject,
                          geo=self.interest_geo(company, direction), status=status,
                          source=self.rng.choice(INTEREST_SOURCES), notes=notes)
