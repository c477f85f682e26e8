"""Companies entered twice, as registers really get them, for the duplicates screen: drawn from
their own random numbers, so that everything else stays as it was."""

from __future__ import annotations

import random

from sample_data.context import Part
from sample_data.draw import SEED
from sample_data.records import Company
from sample_data.reference import LEGAL_FULL, MOBILE_CODES


class Duplicates(Part):
    """Adds the duplicate pairs to the register."""

    def add_duplicate_pairs(self) -> None:
        """A few companies entered twice, as registers really get them: from an exhibition's
        sign-up sheet without an INN, under a spelling of its own, or with a partner's UNP typed
        again. Each copy shares with its original what `palata duplicates` looks at."""
        rng = random.Random(SEED + 9)
        story = {c.ref for c in self.ctx.story.values()}
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
