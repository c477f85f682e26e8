"""Plural forms of a word after a number, by the CLDR rules of Russian and English.

Russian has three forms in the text ("one|few|many": компания|компании|компаний): `one` for 1, 21,
101 … but not 11, 111; `few` for 2–4, 22–24 … but not 12–14; `many` for the rest (0, 5–20, 25 …).
English has two ("one|other"). Fractions are not counted here.
"""

from __future__ import annotations


def form_index(n: int, lang: str) -> int:
    """0, 1 or 2: which of the forms a count `n` takes in `lang`."""
    n = abs(int(n))
    if lang == "en":
        return 0 if n == 1 else 1
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


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
