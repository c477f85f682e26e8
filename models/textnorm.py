"""Folding text for search and comparison: case, ё/е, Latin look-alikes, Russian word forms.

The same functions fold what is indexed and what is typed, so the two always meet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
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
_QUOTE_CHARS = "«»\"'“”„‟‘’`"
# Regexes rather than str.translate, which is slow on non-ASCII text.
_QUOTE = re.compile(f"[{re.escape(_QUOTE_CHARS)}]")
_HAS_LOOKALIKE = re.compile(f"[{''.join(sorted(_LOOKALIKE_LETTERS))}]")
_LATIN_OF = {chr(cyrillic): chr(latin) for latin, cyrillic in _LOOKALIKE.items()}


def _with_lookalike(c: str) -> str:
    """A Cyrillic letter and the Latin one _LOOKALIKE turns into it, if any."""
    return c + _LATIN_OF.get(c, "")


def _form_pattern(forms: Iterable[str]) -> re.Pattern[str]:
    """The forms as one alternation followed by a space. A Cyrillic letter also matches its Latin
    look-alike, as if the text had been translated by _LOOKALIKE. Alternatives are tried in order,
    so a match is the first of `forms` that fits; one group per form, `lastindex - 1` tells which."""
    def letter(c: str) -> str:
        return f"[{_with_lookalike(c)}]" if c in _LATIN_OF else re.escape(c)
    return re.compile("(?:" + "|".join("(" + "".join(map(letter, form)) + ")" for form in forms) + ") ")


# A form a name ends with is matched on the reversed name, so that there too the first form of
# LEGAL_FORMS wins (a search would find the leftmost, not the first).
_FORM_AT_START = _form_pattern(LEGAL_FORMS)
_FORM_AT_END_REVERSED = _form_pattern(form[::-1] for form in LEGAL_FORMS)
_FORM_FIRST_LETTERS = frozenset(c for form in LEGAL_FORMS for c in _with_lookalike(form[0]))
_FORM_LAST_LETTERS = frozenset(c for form in LEGAL_FORMS for c in _with_lookalike(form[-1]))


def fold(text: str) -> str:
    """Lower case, ё→е, NFC, spaces collapsed (NBSP included)."""
    text = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    return " ".join(text.split())


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> str:
    """A folded word with Latin look-alikes turned Cyrillic when the word is Cyrillic anyway or
    made only of look-alikes; a genuinely Latin word ("Minsk") stays Latin."""
    if _HAS_LOOKALIKE.search(word) is None:
        return word  # nothing to turn (and str.translate is slow on Cyrillic)
    if _CYRILLIC.search(word) or (word.isalpha() and set(word) <= _LOOKALIKE_LETTERS):
        return word.translate(_LOOKALIKE)
    return word


def _fold_words(folded: str) -> list[str]:
    """`fold_word` of each word of already folded text. Without a Latin look-alike letter no word
    can change, so the common all-Cyrillic text skips the per-word calls."""
    found = _WORD.findall(folded)
    if _HAS_LOOKALIKE.search(folded) is None:
        return found
    return list(map(fold_word, found))


def words(text: str | None) -> list[str]:
    """The folded words of `text`, in order."""
    if not text:
        return []
    return _fold_words(fold(text))


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


class _PieceWords(dict[str, str]):
    """A piece of text between white space → its folded words joined by spaces ("" for none).

    Folding is per piece: white space breaks no word, no NFC composition and no final-sigma
    context, so the words of a text are the words of its pieces in turn. Pieces repeat a lot in a
    register (towns, streets, positions, first names, legal forms, "г.", "ул."), so each is folded
    once; the cache is emptied when full, which costs far less than keeping it in LRU order."""

    def __missing__(self, piece: str) -> str:
        if len(self) >= _PIECE_CACHE_SIZE:
            self.clear()
        if piece.isascii() and piece.isdigit():
            words = piece  # an identifier or a number, mostly seen once: nothing to fold
        else:
            folded = fold(piece)
            core = folded.strip(_EDGE_PUNCTUATION)
            if core.isalnum():  # one word ("Ленина," "г."): no regex needed
                words = core if _HAS_LOOKALIKE.search(core) is None else fold_word(core)
            else:
                words = " ".join(_fold_words(folded))
        self[piece] = words
        return words


_PIECE_CACHE_SIZE = 30_000
# Characters that are never part of a word (\W), often found around one.
_EDGE_PUNCTUATION = ",.;:!?()[]\"'«»"
_piece_words = _PieceWords().__getitem__


def index_text(*parts: str | None) -> str:
    """Text for the search index: the folded words. Word forms need no stems here because a
    query searches by the prefix of its stem, and a Snowball stem is always a prefix of its word."""
    return " ".join(filter(None, map(_piece_words, " ".join([p for p in parts if p]).split())))


def _legal_form(folded: str) -> tuple[str, bool] | None:
    """The legal form folded text starts or ends with, and whether at the start: the first form of
    LEGAL_FORMS that fits, its start before its end (the order of the former loop over them)."""
    # Most names neither start nor end with a letter a form does: no regex for them.
    start = _FORM_AT_START.match(folded) if folded[:1] in _FORM_FIRST_LETTERS else None
    end = _FORM_AT_END_REVERSED.match(folded[::-1]) if folded[-1:] in _FORM_LAST_LETTERS else None
    if start is None and end is None:
        return None
    # Every alternative is a group, so a match always has a lastindex.
    at_start = start.lastindex - 1 if start and start.lastindex else len(LEGAL_FORMS)
    at_end = end.lastindex - 1 if end and end.lastindex else len(LEGAL_FORMS)

    if at_start<= at_end:
        return LEGAL_FORMS[at_start], True
    return LEGAL_FORMS[at_end], False


def split_legal_form(name: str) -> tuple[str, str | None]:
    """'ООО «Ромашка»' → ('Ромашка', 'ООО'); a full form in words becomes its abbreviation."""
    clean = " ".join(_QUOTE.sub(" ", name).split())
    found = _legal_form(fold(clean))
    if found is None:
        return clean, None
    return _cut_form(clean, *found)


def _cut_form(clean: str, form: str, at_start: bool) -> tuple[str, str]:
    if at_start:
        rest = clean[len(form):].strip()
    else:
        rest = clean[: len(clean) - len(form)].strip(" ,")
    return rest, _FORM_ABBREVIATIONS.get(form, form.upper())


def sort_key(name: str | None) -> str:
    """The key companies are ordered and compared by: folded name without quotes or legal form."""
    if not name:
        return ""
    unquoted = _QUOTE.sub(" ", name)
    folded = fold(unquoted)  # fold collapses spaces itself: the same as fold of the clean name
    found = _legal_form(folded)
    if found is not None:
        folded = fold(_cut_form(" ".join(unquoted.split()), *found)[0])
    return " ".join(_fold_words(folded))
