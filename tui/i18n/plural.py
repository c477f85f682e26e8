"""Plural forms of a word after a number, by the CLDR rules of Russian and English as Babel
keeps them.

A catalogue string lists the forms in CLDR's order: Russian "one|few|many" (компания|компании|
компаний: 1, 21 …; 2–4, 22–24 …; 0, 5–20, 25 …), English "one|other". Fractions are not counted here.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

# the order of the forms in a catalogue string, per language
_ORDER = {"ru": ("one", "few", "many"), "en": ("one", "other")}


@cache
def _rule(lang: str):
    return Locale.parse(lang).plural_form


def form_index(n: int, lang: str) -> int:
    """0, 1 or 2: which of the forms a count `n` takes in `lang`."""
    order = _ORDER.get(lang, _ORDER["ru"])
    category = _rule(lang if lang in _ORDER else "ru")(abs(int(n)))
    return order.index(category) if category in order else len(order) - 1


def plural(n: int, forms: str, lang: str) -> str:
    """"N word": `forms` is "one|few|many" (Russian) or "one|other" (English)."""
    words = forms.split("|")
    index = min(form_index(n, lang), len(words) - 1)
    return f"{n} {words[index]}"


class Count(int):
    """An int that, given a format spec with '|', formats as a number and its word:
    "{count:компания|компании|компаний}" → "5 компаний"."""

    lang = "ru"
    text: str | None = None

    def __new__(cls, value: int | str, lang: str) -> Count:
        number = super().__new__(cls, int(value))
        number.lang = lang
        number.text = value if isinstance(value, str) else None  # digits as given ("007")
        return number

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            return f"{self.text or int(self)} {plural(int(self), spec, self.lang).split(' ', 1)[1]}"
        return format(self.text, spec) if self.text is not None else format(int(self), spec)


class Word(str):
    """Text standing where a count would (an unknown "…"): a plural spec gives its last form."""

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            return f"{self} {spec.split('|')[-1]}"
        return format(str(self), spec)
