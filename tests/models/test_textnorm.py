"""Folding text (models.textnorm): legal forms at either end of a name, sort keys, index text.

The fast paths (one regex per end of a name for the legal forms, index text folded piece by piece
through a cache) must answer exactly what the plain definitions do: the properties below state
those definitions.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import textnorm
from models.textnorm import LEGAL_FORMS, fold, index_text, sort_key, split_legal_form, words


@pytest.mark.parametrize("name, expected", [
    ("ООО «Ромашка»", ("Ромашка", "ООО")),
    ("Ромашка, ООО", ("Ромашка", "ООО")),
    ("OOO Ромашка", ("Ромашка", "ООО")),  # Latin look-alikes
    ("ooo Ромашка", ("Ромашка", "ООО")),
    ("«Ромашка»  AO", ("Ромашка", "АО")),
    ("Общество с ограниченной ответственностью «Ромашка»", ("Ромашка", "ООО")),
    ("Частное унитарное предприятие Ромашка", ("Ромашка", "ЧУП")),
    ("Ромашка публичное акционерное общество", ("Ромашка", "ПАО")),  # not "акционерное общество"
    ("ОАО Ромашка", ("Ромашка", "ОАО")),  # not "АО"
    ("Ромашка ЗАО", ("Ромашка", "ЗАО")),
    ("ИП Иванов И.И.", ("Иванов И.И.", "ИП")),
    # Forms are tried in the order of LEGAL_FORMS, each at the start before the end.
    ("АО Ромашка ООО", ("АО Ромашка", "ООО")),
    ("ИП Ромашка АО", ("ИП Ромашка", "АО")),
    ("ООО Ромашка ООО", ("Ромашка ООО", "ООО")),
    ("Унитарное предприятие «Ромашка», ЧУП", ("Ромашка , ЧУП", "УП")),
    # No form: none at all, a form alone, a form glued to a word.
    ("Ромашка", ("Ромашка", None)),
    ("ООО", ("ООО", None)),
    ("«ООО»", ("ООО", None)),
    ("Заоблачный", ("Заоблачный", None)),
    ("Ромашка-ИП", ("Ромашка-ИП", None)),
])
def test_split_legal_form(name, expected):
    assert split_legal_form(name) == expected


@pytest.mark.parametrize("name, key", [
    ("ООО «Ромашка»", "ромашка"), ("Ёлочка", "елочка"), ("Рoмашка", "ромашка"),  # Latin o
    ("Minsk Motors", "minsk motors"), ("ИП Иванов И.И.", "иванов и и"), ("АО Ромашка ООО", "ао ромашка"),
    ("", ""), (None, ""),
])
def test_sort_key(name, key):
    assert sort_key(name) == key


def test_every_legal_form_is_found_at_either_end():
    for form in LEGAL_FORMS:
        abbreviation = split_legal_form(f"{form} х")[1]
        assert abbreviation and split_legal_form(f"Ромашка {form.upper()}") == ("Ромашка", abbreviation)
        assert split_legal_form(f"«{form}» Ромашка") == ("Ромашка", abbreviation)


_TRICKY = st.sampled_from([
    *LEGAL_FORMS, "OOO", "ooo", "AO", "aкциoнepнoe oбщecтвo", "«", "»", '"', "'", "“", " ", "\u00a0", "\t",
    "\u2000", ",", ", ", ".", "-", "_", "\u0301", "e\u0301", "Σ", "ΑΣ", "İ", "ё", "Ё", "Ромашка", "Minsk",
    "x", "7707", "@", "info@ромашка.рф",
])
_TEXT = st.one_of(st.text(max_size=40), st.lists(_TRICKY | st.text(max_size=3), max_size=8).map("".join))


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_sort_key_is_the_words_of_the_name_without_its_form(name):
    assert sort_key(name) == " ".join(words(split_legal_form(name)[0]))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.none() | _TEXT, max_size=6))
def test_index_text_is_the_words_of_its_parts_in_turn(parts):
    assert index_text(*parts) == " ".join(w for part in parts for w in words(part))


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_words_are_the_words_of_the_folded_text(text):
    assert words(text) == [textnorm.fold_word(w) for w in textnorm._WORD.findall(fold(text))]


def test_index_text_is_the_same_once_its_cache_is_emptied(monkeypatch):
    parts = ("ООО «Ромашка»", None, "г. Владимир, ул. Мира, д. 1", "Рoмашка", "info@romashka.ru",
             "7707083893")
    expected = index_text(*parts)
    assert expected == "ооо ромашка г владимир ул мира д 1 ромашка info romashka ru 7707083893"
    monkeypatch.setattr(textnorm, "_PIECE_CACHE_SIZE", 2)
    assert index_text(*parts) == index_text(*parts) == expected
