"""Identifiers of the sample companies: INN, KPP and OGRN of organisations, INN and OGRNIP of
entrepreneurs, the UNP of Belarusian partners. Random, but each passes its check digits, and
none is given twice."""

from __future__ import annotations

from collections.abc import Callable

from models.identifiers import make_inn, make_ogrn, make_ogrnip, make_unp
from sample_data.context import Context, Part
from sample_data.reference import Town


class Identifiers(Part):
    """Unique identifiers drawn from the shared random source."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.used_ids: set[str] = set()

    def unique_id(self, make: Callable[[], str]) -> str:
        """Call `make()` until it returns an identifier not used yet."""
        while True:
            value = make()
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def legal_ids(self, town: Town, registered: int) -> tuple[str, str, str]:
        """INN, KPP and OGRN of a Russian organisation registered in `town` in `registered`."""
        office = self.rng.choice(town.tax_offices)
        inn = self.unique_id(lambda: make_inn(office + self.draw.digits(5)))
        # Companies older than the register got their OGRN in 2002 ("102...").
        year = max(registered, 2002) % 100
        ogrn = self.unique_id(lambda: make_ogrn(f"1{year:02d}33{office[2:]}{self.draw.digits(5)}"))
        return inn, inn[:4] + "01001", ogrn

    def person_ids(self, town: Town, registered: int) -> tuple[str, str]:
        """INN and OGRNIP of an individual entrepreneur."""
        office = self.rng.choice(town.tax_offices)
        inn = self.unique_id(lambda: make_inn(office + self.draw.digits(6), individual=True))
        year = max(registered, 2004) % 100
        ogrnip = self.unique_id(lambda: make_ogrnip(f"3{year:02d}33{self.draw.digits(9)}"))
        return inn, ogrnip

    def unp(self, region_digit: str) -> str:
        while True:
            try:
                return self.unique_id(lambda: make_unp(region_digit + self.draw.digits(7)))
            except ValueError:  # about one prefix in eleven has no check digit
                continue
