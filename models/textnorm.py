"""Folding text for search and comparison: case, ё/е, Latin look-alikes, Russian word forms.

The same functions fold what is indexed and what is typed, so the two always meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Latin letters that look like Cyrillic ones once lower-cased ("OOO" typed in Latin is "ООО").
_LOOKALIKE = str.maketrans("aceopxykmthb", "асеорхукмтнв")
_LOOKALIKE_LETTERS = frozenset("aceopxykmthb")
_CYRILLIC = re.compile(r"[а-я]")
_WORD = re.compile(r"\w+", re.UNICODE)

# Legal forms a name may carry in front or behind, longest first so "ОАО" wins over "АО".
LEGAL_FORMS = (
    "общество с ограниченной ответственностью", "публичное акционерное общество",
    "непубличное акционерное общество", "закрытое акционерное общество",
    "открытое акционерное общество", "акционерное общество", "индивидуальный предприниматель",
    "частное унитарное предприятие", "унитарное предприятие",
    "ооо", "пао", "зао", "оао", "нао", "ао", "ип", "чуп", "уп", "одо",
)
_FORM_ABBREVIATIONS = {
    "общество с ограниченной ответственностью": "ООО",
    "публичное акционерное общество": "ПАО",
    "непубличное акционерное общество": "АО",
    "закрытое акционерное общество": "ЗАО",
    "открытое акционерное общество": "ОАО",
    "акционерное общество": "АО",
    "индивидуальный предприниматель": "ИП",
    "частное унитарное предприятие": "ЧУП",
    "унитарное предприятие": "УП",
}
_QUOTES = str.maketrans({c: " " for c in "«»\"'“”„‟‘’`"})


def fold(text: str) -> str:
    """Lower case, ё→е, NFC, spaces collapsed (NBSP included)."""
    text = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    return " ".join(text.split())


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> str:
    """A folded word with Latin look-alikes turned Cyrillic when the word is Cyrillic anyway or
    made only of look-alikes; a genuinely Latin word ("Minsk") stays Latin."""
    if _CYRILLIC.search(word) or (word.isalpha() and set(word) <= _LOOKALIKE_LETTERS):
        return word.translate(_LOOKALIKE)
    return word


def words(text: str | None) -> list[str]:
    """The folded words of `text`, in order."""
    if not text:
        return []
    return [fold_word(w) for w in _WORD.findall(fold(text))]


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("russian")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Russian Snowball stem of a folded word ("трубами" → "труб"); other words unchanged."""
    if not _CYRILLIC.search(word) or len(word) < 3:
        return word
    return _stemmer().stemWord(word)


def index_text(*parts: str | None) -> str:
    """Text for the search index: the folded words. Word forms need no stems here because a
    query searches by the prefix of its stem, and a Snowball stem is always a prefix of its word."""
    return " ".join(w for part in parts for w in words(part))


def split_legal_form(name: str) -> tuple[str, str | None]:
    """'ООО «Ромашка»' → ('Ромашка', 'ООО'); a full form in words becomes its abbreviation."""
    clean = " ".join(name.translate(_QUOTES).split())
    low = fold(clean).translate(_LOOKALIKE)
    for form in LEGAL_FORMS:
        fl = form
        if low.startswith(fl + " "):
            rest = clean[len(form):].strip()
            return rest, _FORM_ABBREVIATIONS.get(form, form.upper())
        if low.endswith(" " + fl):
            rest = clean[: len(clean) - len(form)].strip(" ,")
            return rest, _FORM_ABBREVIATIONS.get(form, form.upper())
    return clean, None


def sort_key(name: str | None) -> str:
    """The key companies are ordered and compared by: folded name without quotes or legal form."""
    if not name:
        return ""
    bare, _ = split_legal_form(name)
    return " ".join(fold_word(w) for w in _WORD.findall(fold(bare)))
