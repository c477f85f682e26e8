"""The people of the sample companies: 1-3 contacts each, the head first, with phones and
e-mails that fit the company's own."""

from __future__ import annotations

from collections.abc import Sequence

from sample_data.context import Part
from sample_data.records import Company, Contact
from sample_data.reference import BELARUS_POSITIONS, POSITIONS, translit


class Contacts(Part):
    """Adds a company's contacts to the register."""

    def add_contacts(self, company: Company, people: Sequence[tuple[str, str]] = ()) -> None:
        """1-3 contacts: the head first; `people` (name, position) replaces the random ones."""
        if not people:
            people = self.random_people(company)
        primary = 0 if len(people) == 1 or self.draw.chance(0.8) else 1
        for i, (name, position) in enumerate(people):
            self.reg.contacts.append(Contact(
                company, name, position, self.contact_phones(company, i),
                self.contact_emails(company, name), is_primary=(i == primary)))

    def random_people(self, company: Company) -> list[tuple[str, str]]:
        if company.legal_form == "ИП":
            return [(company.short_name, "Индивидуальный предприниматель")]
        others: Sequence[str]
        if company.country == "Россия":
            head = "Генеральный директор" if company.legal_form in ("АО", "ПАО") or self.draw.chance(
                0.6) else "Директор"
            others = POSITIONS
        else:
            head = "Директор" if company.country != "Китай" else "Генеральный менеджер"
            others = BELARUS_POSITIONS if company.country == "Беларусь" else (
                "Менеджер по экспорту", "Коммерческий директор")
        count = self.rng.choices((1, 2, 3), (35, 45, 20))[0]
        people = [(self.draw.person(company.country), head)]
        for position in self.rng.sample(others, count - 1):
            people.append((self.draw.person(company.country), position))
        return people

    def contact_phones(self, company: Company, index: int) -> list[str]:
        if company.legal_form == "ИП":
            return list(company.phones)
        phones = [self.draw.mobile(company.country)]
        if index == 0 and company.phones and self.draw.chance(0.3):
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
        if self.draw.chance(0.5):
            return [f"{surname}.{first}{self.rng.randint(1, 90)}@"
                    f"{self.rng.choice(('mail.ru', 'yandex.ru', 'gmail.com'))}"]
        return []
