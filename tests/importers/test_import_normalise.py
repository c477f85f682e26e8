"""The pure cleaning functions: examples from real lists, and properties over generated values."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers import normalise as nz
from models.identifiers import make_inn
from tui.sentences import said

VALID_INN = "7707083893"
ZERO_INN = make_inn("027307455")  # an INN that starts with 0


@pytest.mark.parametrize("cell", [
    VALID_INN, int(VALID_INN), float(VALID_INN), "7707083893.0", "7707083893,00", " 770 708 3893 ",
    "7707\u00a0083\u00a0893", "ИНН 7707083893",
])
def test_inn_in_every_form(cell):
    digits, kpp = nz.split_identifiers(cell)
    assert nz.inn(digits) == (VALID_INN, None)
    assert kpp == ""


@pytest.mark.parametrize("cell", [
    "7707083893/773601001", "7707083893 / 773601001", "ИНН / КПП 7707083893 / 773601001",
    "ИНН 7707083893 КПП 773601001", "7707083893; 773601001", "7707083893\\773601001",
])
def test_inn_and_kpp_in_one_cell(cell):
    digits, kpp = nz.split_identifiers(cell)
    assert nz.inn(digits) == (VALID_INN, None)
    assert nz.kpp(kpp) == ("773601001", None)


def test_lost_leading_zero_is_recovered_only_when_the_check_digit_confirms():
    assert ZERO_INN.startswith("0")
    number = int(ZERO_INN)
    assert nz.inn(nz.split_identifiers(number)[0]) == (ZERO_INN, None)
    assert nz.inn(nz.split_identifiers(float(number))[0]) == (ZERO_INN, None)
    # nine digits whose zero-padded form fails the check stay a problem
    wrong = str(number)[:-1] + str((int(str(number)[-1]) + 1) % 10)
    value, problem = nz.inn(wrong)
    assert value is None and problem


def test_wrong_check_digit_is_a_problem_sentence():
    value, problem = nz.inn("7707083894")
    assert value is None
    assert problem.code == "ident.inn_check" and problem.params == {"value": "7707083894"}
    assert "7707083894" in said(problem) and "контрольн" in said(problem)


def test_kpp_lost_zero_and_garbage():
    assert nz.kpp(77360100) == ("077360100", None)
    assert nz.kpp("12345")[1]


@pytest.mark.parametrize("raw, name, form", [
    ('ООО "Ромашка"', "Ромашка", "ООО"),
    ("OOO «Ромашка»", "Ромашка", "ООО"),  # Latin O's
    ("ООО\u00a0 «Ромашка»", "Ромашка", "ООО"),
    ("„Ромашка“, ООО", "Ромашка", "ООО"),
    ("Общество с ограниченной ответственностью «Ромашка»", "Ромашка", "ООО"),
    ("Акционерное общество “Владимирский  завод”", "Владимирский завод", "АО"),
    ('АО "НПО "Магнетон""', "НПО «Магнетон»", "АО"),
    ('ООО"Вектор"', "Вектор", "ООО"),
    ("ИП Иванов Иван Иванович", "Иванов Иван Иванович", "ИП"),
    ("Ромашка", "Ромашка", None),
    ("АОзот", "АОзот", None),  # a name that merely starts with the letters of a form
])
def test_split_name(raw, name, form):
    assert nz.split_name(raw) == (name, form)


@pytest.mark.parametrize("raw, expected", [
    ("8 (4922) 12-34-56", ["+7 4922 12-34-56"]),
    ("+7 4922 123456", ["+7 4922 12-34-56"]),
    ("84922123456", ["+7 4922 12-34-56"]),
    (84922123456, ["+7 4922 12-34-56"]),
    (84922123456.0, ["+7 4922 12-34-56"]),
    ("(4922) 12 34 56", ["+7 4922 12-34-56"]),
    ("12-34-56", ["+7 4922 12-34-56"]),
    ("8 (4922) 12-34-56 доб. 123", ["+7 4922 12-34-56 доб. 123"]),
    ("+7(4922)123456 ext 7", ["+7 4922 12-34-56 доб. 7"]),
    ("8 (49232) 2-34-56", ["+7 49232 2-34-56"]),
    ("8-920-123-45-67", ["+7 920 123-45-67"]),
    ("8 (4922) 12-34-56, 8-920-123-45-67", ["+7 4922 12-34-56", "+7 920 123-45-67"]),
    ("8(4922)123456; 8(4922)654321", ["+7 4922 12-34-56", "+7 4922 65-43-21"]),
    ("8 (4922) 12-34-56 8 (4922) 65-43-21", ["+7 4922 12-34-56", "+7 4922 65-43-21"]),
    ("+375 17 123-45-67", ["+375 17 123-45-67"]),  # foreign: kept as written
    ("", []),
    (None, []),
])
def test_phones(raw, expected):
    assert nz.phones(raw) == expected


def test_emails_trimmed_lowered_split():
    assert nz.emails(" Info@Romashka.RU; sales@romashka.ru , mailto:Boss@Romashka.ru ") == (
        ["info@romashka.ru", "sales@romashka.ru", "boss@romashka.ru"], None)
    assert nz.emails("a@b.ru\nA@B.RU") == (["a@b.ru"], None)
    addresses, problem = nz.emails("not-an-address")
    assert addresses == [] and "not-an-address" in said(problem)


@pytest.mark.parametrize("raw", [
    date(2025, 12, 8), datetime(2025, 12, 8, 10, 30), 45999, 45999.0, "08.12.2025", "08.12.2025 г.",
    "8.12.2025г", "2025-12-08", "2025-12-08 00:00:00", "08/12/2025", "08.12.25",
])
def test_dates(raw):
    assert nz.to_date(raw) == (date(2025, 12, 8), None)


@pytest.mark.parametrize("raw", ["31.02.2025", "вчера", -5])
def test_bad_dates_are_problems(raw):
    value, problem = nz.to_date(raw)
    assert value is None and problem


def test_member_status_words():
    assert nz.member_status("Действующий") == ("active", None)
    assert nz.member_status("active") == ("active", None)
    assert nz.member_status("приостановлено") == ("suspended", None)
    assert nz.member_status("Исключён") == ("left", None)
    assert nz.member_status("бог знает")[1]


def test_city_prefixes():
    assert nz.clean_city("г. Владимир") == "Владимир"
    assert nz.clean_city("город  Ковров") == "Ковров"
    assert nz.clean_city("Гусь-Хрустальный") == "Гусь-Хрустальный"


# --- properties ----------------------------------------------------------------------------

inns = st.from_regex(r"[1-9][0-9]{8}", fullmatch=True).map(make_inn)


@given(inns, st.sampled_from(["{}", "{}.0", " {} ", "ИНН {}", "{} / 773601001"]))
def test_any_valid_inn_survives_any_spelling(inn, template):
    digits, _ = nz.split_identifiers(template.format(inn))
    assert nz.inn(digits) == (inn, None)


@given(inns)
def test_any_valid_inn_as_a_number(inn):
    assert nz.inn(nz.split_identifiers(float(inn))[0]) == (inn, None)


@given(st.from_regex(r"0[1-9][0-9]{7}", fullmatch=True).map(make_inn))
def test_leading_zero_always_recovered(inn):
    assert nz.inn(nz.split_identifiers(int(inn))[0]) == (inn, None)


@given(inns, st.integers(1, 9))
def test_a_changed_check_digit_never_passes(inn, delta):
    broken = inn[:-1] + str((int(inn[-1]) + delta) % 10)
    assert nz.inn(broken)[0] is None


ten_digit = st.from_regex(r"9[0-9]{9}|4922[0-9]{6}|492[3-9][0-9]{6}|[38][0-9]{9}", fullmatch=True)


@given(ten_digit, st.sampled_from(["8{}", "+7{}", "7{}", "8 ({}) {}", "+7 {} {}"]))
def test_phone_canonical_form_is_stable(ten, template):
    raw = template.format(ten) if template.count("{}") == 1 else template.format(ten[:3], ten[3:])
    found, invalid = nz.phones_checked(raw)
    if invalid:  # no number of Russia's numbering plan (libphonenumber's rules): kept as typed
        assert found == invalid == [raw]
        return
    [canonical] = found
    assert canonical.startswith("+7 ")
    assert "".join(ch for ch in canonical if ch.isdigit()) == "7" + ten
    assert nz.phones(canonical) == [canonical]  # idempotent


@given(st.text(max_size=60))
@settings(max_examples=300)
def test_cleaners_never_raise_on_any_text(text):
    nz.split_name(text)
    nz.phones(text)
    nz.emails(text)
    nz.to_date(text)
    nz.member_status(text)
    nz.split_identifiers(text)
    nz.kpp(text)


@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщэюя -", min_size=1, max_size=30))
def test_name_spacing_and_quotes_do_not_matter(word):
    name, form = nz.split_name(word)
    if name is None or form is not None:
        return
    assert nz.split_name(f"ООО  «{word}»")[0] == name
    assert nz.split_name(f'OOO "{word}"')[0] == name
    assert "  " not in name


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)))
def test_dates_in_every_form_agree(d):
    serial = (d - date(1899, 12, 30)).days
    # a serial number is a date from 1920 on; below, 1900..2100 are years and the rest no date
    forms = [d, datetime.combine(d, datetime.min.time()), d.strftime("%d.%m.%Y"),
             d.strftime("%d.%m.%Y г."), d.isoformat()]
    for raw in forms + ([serial] if d.year >= 1920 else []):
        assert nz.to_date(raw) == (d, None)
    if d.year < 1920 and not 1900 <= serial <= 2100:
        assert nz.to_date(serial)[0] is None
    assert nz.to_date(d + timedelta(0)) == (d, None)
