"""What a sample company is called and where it is found: unique names, mail domains and
e-mails, Russian and foreign postal addresses."""

from __future__ import annotations

from collections.abc import Sequence

from sample_data.context import Context, Part
from sample_data.records import Company
from sample_data.reference import (
    GENERIC_STREETS,
    LATIN_BRANDS,
    PREFIX_BY_SECTOR,
    PROPER,
    QUOTED_PREFIXES,
    QUOTED_SECTORS,
    REGIONAL,
    SERVICE_SUFFIXES,
    SUFFIX_GROUPS,
    ForeignTown,
    Industry,
    Town,
    agree,
    deals_in_goods,
    is_manufacturing,
    translit,
)


class Names(Part):
    """Company names, domains and addresses; no name or domain is given twice."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.names: set[str] = set()
        self.domains: set[str] = set()

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
        return f"{stem}{self.draw.digits(4)}.{tld}"

    def company_mail(self, company: Company, tld: str = "ru", public: Sequence[str] = (
            "mail.ru", "yandex.ru", "bk.ru", "list.ru", "inbox.ru")) -> None:
        """Fill website, domain and e-mails: an own domain for most, a public mailbox for some."""
        if company.legal_form in ("Союз", "ГУ", "УП", "АО", "ПАО", "ОАО"):
            own = True
        else:
            own = self.draw.chance(0.15 if company.legal_form == "ИП" else 0.8)
        if own:
            # An entrepreneur's site is named after the surname, a company after its name.
            name = company.short_name
            company.domain = self.domain_for(name.split()[0] if company.legal_form == "ИП" else
                                             name, tld)
            box = "info" if company.legal_form == "ИП" else self.rng.choice(
                ("info", "office", "mail", "sales", "secretary"))
            company.emails = [f"{box}@{company.domain}"]
            if self.draw.chance(0.15):
                second = "buh" if box != "buh" else "zakupki"
                company.emails.append(f"{second}@{company.domain}")
            if self.draw.chance(0.7):
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
        if self.draw.chance(0.12):
            house += self.rng.choice(("А", "Б", "В"))
        extra = ""
        if self.draw.chance(0.3):
            extra = f", офис {self.rng.randint(1, 420)}"
        elif self.draw.chance(0.1):
            extra = f", стр. {self.rng.randint(2, 9)}"
        return f"{postcode}, Владимирская обл., {locality}, {street}, д. {house}{extra}"

    def foreign_address(self, town: ForeignTown) -> str:
        if town.country == "Китай":
            return f"{town.region}, г. {town.name}, промышленная зона, корп. {self.rng.randint(1, 30)}"
        postcode = town.postcode + self.draw.digits(6 - len(town.postcode))
        street = self.rng.choice(town.streets)
        house = self.rng.randint(1, 120)
        if town.locality:
            place = town.locality
        elif town.region.startswith("г. "):
            place = town.region
        else:
            place = f"{town.region.replace('область', 'обл.')}, г. {town.name}"
        return f"{postcode}, {place}, {street}, д. {house}"
