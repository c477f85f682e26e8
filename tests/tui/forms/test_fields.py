"""Reading what is typed into a field: pure functions, no screen."""

from __future__ import annotations

from datetime import date

import pytest

from models import vocab
from tui.forms.fields import (
    CHOICE,
    DATE,
    EMAILS,
    INN,
    KPP,
    OGRN,
    PHONES,
    TEXT,
    UNP,
    Spec,
    parse_date,
    read,
    same,
)
from tui.i18n import set_language


@pytest.fixture(autouse=True)
def russian():
    set_language("ru")
    yield
    set_language("ru")


def test_dates_are_typed_day_first():
    assert parse_date("08.12.2025") == (date(2025, 12, 8), None)
    assert parse_date("8/12/25") == (date(2025, 12, 8), None)
    assert parse_date("") == (None, None)
    value, problem = parse_date("2025-12-08")
    assert value is None and "ДД.ММ.ГГГГ" in problem
    value, problem = parse_date("31.02.2025")
    assert value is None and "Такой даты нет" in problem


@pytest.mark.parametrize("kind, text, words", [
    (INN, "7707083894", "контрольн"), (INN, "12345", "10 или 12"), (KPP, "12", "9"),
    (OGRN, "1027700132196", "контрольн"), (UNP, "12345", "9"),
])
def test_identifiers_say_what_is_wrong(kind, text, words):
    value, problem = read(Spec("x", "field.inn", kind), text)
    assert value is None and words in problem.lower()


def test_valid_identifier_is_kept_without_separators():
    assert read(Spec("inn", "field.inn", INN), " 7707 083 893 ") == ("7707083893", None)


def test_phones_are_normalised_or_explained():
    spec = Spec("phones", "field.phones", PHONES)
    assert read(spec, "8 (4922) 12-34-56, 89123456789") == ("+7 4922 12-34-56; +7 912 345-67-89", None)
    value, problem = read(spec, "позвонить Ивану")
    assert value is None and "не похоже на телефон" in problem


def test_emails_are_checked_one_by_one():
    spec = Spec("emails", "field.emails", EMAILS)
    assert read(spec, "Info@Zavod.RU; sales@zavod.ru") == ("info@zavod.ru; sales@zavod.ru", None)
    value, problem = read(spec, "info@zavod.ru; sales.zavod.ru")
    assert value is None and "sales.zavod.ru" in problem


def test_required_fields_and_choices():
    required = Spec("title", "field.title", TEXT, required=True)
    assert read(required, "  ")[1] == "Обязательное поле: заполните его."
    assert read(Spec("title", "field.title"), "  Круглый   стол ") == ("Круглый стол", None)
    status = Spec("status", "col.status", CHOICE, vocabulary=vocab.INTEREST_STATUS)
    assert read(status, "in_work") == ("in_work", None)
    assert read(Spec("d", "field.due_on", DATE), "01.02.2026") == (date(2026, 2, 1), None)


def test_blank_text_is_the_same_as_nothing():
    spec = Spec("notes", "field.notes")
    assert same(spec, "", None) and not same(spec, "a", None)
