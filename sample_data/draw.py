"""The one random source of the sample builder: a seeded random.Random and Faker('ru_RU'), and
what every part draws from them: chances, days, digits, phone numbers, people's names."""

from __future__ import annotations

import random
from datetime import date, timedelta

from faker import Faker

from sample_data.reference import (
    ASIAN_NAMES,
    BELARUS_SURNAMES,
    FEMALE_NAMES,
    MALE_NAMES,
    MOBILE_CODES,
    PATRONYMIC_STEMS,
)

SEED = 2025
# Surnames of the real people in the data (Иван Аксенов, Татьяна Дубова, Олег Швец).
REAL_SURNAMES = ("Аксенов", "Аксёнов", "Аксенова", "Аксёнова", "Дубов", "Дубова", "Швец")


class Draw:
    """Random values from one seed: the same seed, the same values in the same order."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("ru_RU")
        self.fake.seed_instance(seed)

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
