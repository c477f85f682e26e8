"""Tests for models.identifiers: real published numbers, check-digit properties, Excel damage."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from models.identifiers import (
    clean_digits,
    identifier_problem,
    is_valid_inn,
    is_valid_kpp,
    is_valid_ogrn,
    is_valid_ogrnip,
    is_valid_unp,
    make_inn,
    make_ogrn,
    make_ogrnip,
    make_unp,
    recover_inn,
    split_inn_kpp,
)

# ---------------------------------------------------------------------------------------------
# Real identifiers, as published by the companies themselves or in public registers.
# ---------------------------------------------------------------------------------------------

REAL_INN_10 = [
    "7707083893",  # ПАО Сбербанк
    "7736050003",  # ПАО «Газпром»
    "7736207543",  # ООО «Яндекс»
    "0273074555",  # Bashkortostan: a real INN with the leading zero Excel likes to drop
    "0108003670",  # Adygea, likewise
    "7709442668",
]
REAL_INN_12 = [
    "500100732259",  # the individual INN used as the example across Russian docs and libraries
    "330303450398",  # sole proprietors' INNs as printed in their own site footers
    "745216229809",
    "024803896842",  # ...one with a leading zero
]
# KPP has no check digit, only a shape. Sberbank's; and one of region 02, whose leading zero
# Excel drops just as it does for INN.
REAL_KPP = ["773601001", "027401001"]
REAL_OGRN = [
    "1027700132195",  # Сбербанк
    "1027700070518",  # Газпром
    "1027700229193",  # Яндекс
    "1022200525819",
]
REAL_OGRNIP = [
    "304500116000157",  # the OGRNIP used as the example across Russian docs and libraries
    "325508100484721",  # sole proprietors' OGRNIPs as printed in their own site footers
    "315745200001358",
    "312091715800012",
]
REAL_UNP = [
    "100160363",  # Белорусская торгово-промышленная палата (BelCCI)
    "191767445",  # ООО «Адевинта» (Kufar)
    "190806803",  # 21vek.by
    "200988541",  # Vitebsk region
    "591705582",  # Minsk region
    "MA1953684",  # an individual: two letters in front
]


def _other_check_digits(number: str) -> list[str]:
    """`number` with its last digit replaced by each of the nine other digits."""
    return [number[:-1] + d for d in "0123456789" if d != number[-1]]


@pytest.mark.parametrize("inn", REAL_INN_10 + REAL_INN_12)
def test_real_inn_is_valid_and_a_changed_check_digit_is_not(inn: str) -> None:
    assert is_valid_inn(inn)
    assert identifier_problem("inn", inn) is None
    for wrong in _other_check_digits(inn):
        assert not is_valid_inn(wrong)


@pytest.mark.parametrize("inn", REAL_INN_12)
def test_real_individual_inn_first_check_digit_matters_too(inn: str) -> None:
    # Digit 11 is checked on its own, not only through digit 12's weights.
    for d in "0123456789":
        if d != inn[10]:
            assert not is_valid_inn(inn[:10] + d + inn[11])


@pytest.mark.parametrize("kpp", [*REAL_KPP, "7736AB001", "77360Z001"])
def test_kpp_shape_is_accepted(kpp: str) -> None:
    assert is_valid_kpp(kpp)
    assert identifier_problem("kpp", kpp) is None


@pytest.mark.parametrize(
    "kpp", ["", "77360100", "7736010011", "7736ab001", "7736АВ001", "A73601001", "773601O01", "7736-1001"]
)
def test_kpp_of_wrong_shape_is_rejected(kpp: str) -> None:
    # Lower case, Cyrillic look-alikes (АВ) and letters outside places 5-6 are all wrong.
    assert not is_valid_kpp(kpp)


@pytest.mark.parametrize("ogrn", REAL_OGRN)
def test_real_ogrn_is_valid_and_a_changed_check_digit_is_not(ogrn: str) -> None:
    assert is_valid_ogrn(ogrn)
    assert not is_valid_ogrnip(ogrn)
    assert identifier_problem("ogrn", ogrn) is None
    for wrong in _other_check_digits(ogrn):
        assert not is_valid_ogrn(wrong)


@pytest.mark.parametrize("ogrnip", REAL_OGRNIP)
def test_real_ogrnip_is_valid_and_a_changed_check_digit_is_not(ogrnip: str) -> None:
    assert is_valid_ogrnip(ogrnip)
    assert not is_valid_ogrn(ogrnip)
    assert identifier_problem("ogrn", ogrnip) is None
    for wrong in _other_check_digits(ogrnip):
        assert not is_valid_ogrnip(wrong)


@pytest.mark.parametrize("unp", REAL_UNP)
def test_real_unp_is_valid_and_a_changed_check_digit_is_not(unp: str) -> None:
    assert is_valid_unp(unp)
    assert identifier_problem("unp", unp) is None
    for wrong in _other_check_digits(unp):
        assert not is_valid_unp(wrong)


def test_unp_accepts_cyrillic_twins_and_lower_case_letters() -> None:
    assert is_valid_unp("МА1953684")  # Cyrillic М and А
    assert is_valid_unp("ma1953684")


@pytest.mark.parametrize(
    "unp",
    [
        "100154351",  # looks like a UNP, but its check digit is wrong
        "991705588",  # 9 is not a region
        "5917DDD82",  # letters in the digit part
        "M01953684",  # a first letter needs a second one
        "7A1953689",  # a second letter needs a first one
        "10016036",  # too short
        "1001603630",  # too long
    ],
)
def test_unp_of_wrong_form_or_check_is_rejected(unp: str) -> None:
    assert not is_valid_unp(unp)


def test_unp_whose_remainder_is_10_does_not_exist() -> None:
    # 7,1,1,9,5,3,6,8 weighs to a remainder of 10: no ninth digit makes it valid.
    assert not any(is_valid_unp("71195368" + d) for d in "0123456789")
    with pytest.raises(ValueError):
        make_unp("71195368")


# ---------------------------------------------------------------------------------------------
# Check-digit arithmetic, as properties.
# ---------------------------------------------------------------------------------------------

digit_strings = st.text(alphabet="0123456789", min_size=1, max_size=20)


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


@given(_digits(9))
def test_make_inn_gives_a_valid_organisation_inn(prefix: str) -> None:
    inn = make_inn(prefix)
    assert len(inn) == 10 and inn.startswith(prefix) and is_valid_inn(inn)


@given(_digits(10))
def test_make_inn_gives_a_valid_individual_inn(prefix: str) -> None:
    inn = make_inn(prefix, individual=True)
    assert len(inn) == 12 and inn.startswith(prefix) and is_valid_inn(inn)


@given(_digits(12))
def test_make_ogrn_gives_a_valid_ogrn(prefix: str) -> None:
    ogrn = make_ogrn(prefix)
    assert ogrn.startswith(prefix) and is_valid_ogrn(ogrn)


@given(_digits(14))
def test_make_ogrnip_gives_a_valid_ogrnip(prefix: str) -> None:
    ogrnip = make_ogrnip(prefix)
    assert ogrnip.startswith(prefix) and is_valid_ogrnip(ogrnip)


unp_prefixes = st.one_of(
    st.builds(lambda r, rest: r + rest, st.sampled_from("1234567"), _digits(7)),
    st.builds(
        lambda a, b, rest: a + b + rest, st.sampled_from("ABCEHKM"), st.sampled_from("ABCEHKMOPT"), _digits(6)
    ),
)


@given(unp_prefixes)
def test_make_unp_gives_a_valid_unp_or_says_none_exists(prefix: str) -> None:
    try:
        unp = make_unp(prefix)
    except ValueError:
        assert not any(is_valid_unp(prefix + d) for d in "0123456789")
    else:
        assert unp.startswith(prefix) and is_valid_unp(unp)


@pytest.mark.parametrize(
    ("maker", "prefix"),
    [(make_inn, "12345678"), (make_inn, "12345678a"), (make_ogrn, "1"), (make_ogrnip, ""), (make_unp, "1")],
)
def test_make_rejects_a_prefix_of_the_wrong_shape(maker, prefix: str) -> None:
    with pytest.raises(ValueError):
        maker(prefix)


def _replace(s: str, i: int, d: str) -> str:
    return s[:i] + d + s[i + 1 :]


@given(_digits(9), st.integers(0, 9))
def test_changing_the_check_digit_of_an_inn_always_invalidates_it(prefix: str, shift: int) -> None:
    assume(shift != 0)
    inn = make_inn(prefix)
    wrong = (int(inn[9]) + shift) % 10
    assert not is_valid_inn(_replace(inn, 9, str(wrong)))


INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)


@given(_digits(9), st.integers(0, 8), st.sampled_from("0123456789"))
def test_a_single_digit_change_in_an_inn_escapes_only_between_remainders_0_and_10(
    prefix: str, i: int, d: str
) -> None:
    # No weight is a multiple of 11 and a digit changes by less than 11, so the weighted sum
    # mod 11 always changes. The final "mod 10" maps both 0 and 10 to check digit 0, so the
    # one change that goes unnoticed is a move between those two remainders. Assert exactly that.
    inn = make_inn(prefix)
    assume(d != inn[i])
    changed = _replace(inn, i, d)

    def remainder(s: str) -> int:
        return sum(w * int(c) for w, c in zip(INN10_WEIGHTS, s, strict=False)) % 11

    assert remainder(changed) != remainder(inn)
    assert is_valid_inn(changed) == ({remainder(inn), remainder(changed)} == {0, 10})


def test_an_undetected_single_digit_change_exists() -> None:
    # So the weaker property above is the true one: 1000000010 has remainder 10, 7000000010
    # has remainder 0, and both carry check digit 0.
    assert is_valid_inn("1000000010") and is_valid_inn("7000000010")


@given(_digits(10), st.integers(10, 11), st.integers(1, 9))
def test_changing_either_check_digit_of_an_individual_inn_invalidates_it(
    prefix: str, i: int, shift: int
) -> None:
    inn = make_inn(prefix, individual=True)
    assert not is_valid_inn(_replace(inn, i, str((int(inn[i]) + shift) % 10)))


@given(_digits(12), st.integers(1, 9))
def test_changing_the_check_digit_of_an_ogrn_invalidates_it(prefix: str, shift: int) -> None:
    ogrn = make_ogrn(prefix)
    assert not is_valid_ogrn(_replace(ogrn, 12, str((int(ogrn[12]) + shift) % 10)))


@given(_digits(14), st.integers(1, 9))
def test_changing_the_check_digit_of_an_ogrnip_invalidates_it(prefix: str, shift: int) -> None:
    ogrnip = make_ogrnip(prefix)
    assert not is_valid_ogrnip(_replace(ogrnip, 14, str((int(ogrnip[14]) + shift) % 10)))


@given(st.sampled_from("1234567"), _digits(7), st.integers(0, 8), st.sampled_from("0123456789"))
def test_any_single_digit_change_in_a_unp_is_detected(region: str, rest: str, i: int, d: str) -> None:
    # Unlike INN, UNP keeps remainder 10 invalid instead of folding it onto 0, and its weights
    # (29, 23, 19, 17, 13, 7, 5, 3) are all prime to 11: a changed digit always changes the
    # remainder, and the new remainder is either 10 or a digit other than the check digit.
    try:
        unp = make_unp(region + rest)
    except ValueError:
        return
    assume(d != unp[i])
    assert not is_valid_unp(_replace(unp, i, d))


# ---------------------------------------------------------------------------------------------
# What Excel and people do to numbers.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits"),
    [
        (7707083893, "7707083893"),
        (7707083893.0, "7707083893"),
        ("7707083893.0", "7707083893"),
        ("7707083893,00", "7707083893"),
        ("7.707083893E+09", "7707083893"),
        ("7 707 083 893", "7707083893"),
        ("7707\u00a0083\u00a0893", "7707083893"),
        ("7707-083-893", "7707083893"),
        ("7707–083—893", "7707083893"),
        ("0273074555", "0273074555"),
        (Decimal("7707083893"), "7707083893"),
        (None, ""),
        ("", ""),
        ("  \u00a0", ""),
        (True, ""),
        (float("nan"), ""),
        (12.5, ""),
    ],
)
def test_clean_digits_examples(value: object, digits: str) -> None:
    assert clean_digits(value) == digits


@given(st.integers(min_value=0, max_value=10**15))
def test_clean_digits_round_trips_int_float_and_str_forms(n: int) -> None:
    expected = str(n)
    assert clean_digits(n) == expected
    assert clean_digits(float(n)) == expected  # exact: n < 2**53
    assert clean_digits(str(float(n))) == expected  # "7707083893.0", never "77070838930"
    assert clean_digits(f"{n},0") == expected  # Russian-locale decimal comma
    assert clean_digits(f"{n:,}".replace(",", "\u00a0")) == expected  # grouped with NBSP
    assert clean_digits(f"{n:.15E}") == expected  # Excel's narrow-cell scientific form


@given(digit_strings)
def test_clean_digits_keeps_digit_strings_and_their_leading_zeros(s: str) -> None:
    assert clean_digits(s) == s
    assert clean_digits(f" {s} ") == s


@pytest.mark.parametrize("inn", [i for i in REAL_INN_10 + REAL_INN_12 if i.startswith("0")])
def test_recover_inn_restores_real_leading_zeros(inn: str) -> None:
    assert recover_inn(inn[1:]) == inn
    assert recover_inn(str(int(inn))) == inn  # what Excel leaves
    assert recover_inn(int(inn)) == inn


@given(_digits(8))
def test_recover_inn_recovers_any_organisation_inn_starting_with_zero(rest: str) -> None:
    inn = make_inn("0" + rest)
    assert recover_inn(inn[1:]) == inn


@given(_digits(9))
def test_recover_inn_recovers_any_individual_inn_starting_with_zero(rest: str) -> None:
    inn = make_inn("0" + rest, individual=True)
    assert recover_inn(inn[1:]) == inn


def test_recover_inn_leaves_valid_ones_and_refuses_the_rest() -> None:
    assert recover_inn("7707083893") == "7707083893"
    assert recover_inn("500100732259") == "500100732259"
    assert recover_inn("7707083894") is None  # wrong check digit, right length
    assert recover_inn("770708389") is None  # "0770708389" does not check out
    assert recover_inn("") is None
    assert recover_inn("12345") is None


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("3327100480/332701001", ("3327100480", "332701001")),
        ("ИНН 3327100480 / КПП 332701001", ("3327100480", "332701001")),
        ("ИНН/КПП 7707083893/773601001", ("7707083893", "773601001")),
        ("КПП 773601001, ИНН 7707083893", ("7707083893", "773601001")),
        ("7736207543 \\ 7736AB001", ("7736207543", "7736AB001")),
        ("INN7707083893 KPP773601001", ("7707083893", "773601001")),
        ("7707083893773601001", ("7707083893", "773601001")),
        ("500100732259", ("500100732259", "")),
        ("ИНН 7707083893", ("7707083893", "")),
        ("КПП 773601001", ("", "773601001")),
        ("нет данных", ("", "")),
        ("", ("", "")),
    ],
)
def test_split_inn_kpp(text: str, parts: tuple[str, str]) -> None:
    assert split_inn_kpp(text) == parts


# ---------------------------------------------------------------------------------------------
# Sentences for people.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "ru", "en"),
    [
        (
            "inn",
            "7707083894",
            "ИНН 7707083894: неверная контрольная цифра",
            "INN 7707083894: wrong check digit",
        ),
        ("inn", "12345", "ИНН должен содержать 10 или 12 цифр", "INN must have 10 or 12 digits"),
        ("inn", "77070838a3", "ИНН должен состоять только из цифр", "INN must contain digits only"),
        (
            "inn",
            "273074555",
            "ИНН 273074555: потерян ведущий ноль, правильно 0273074555",
            "INN 273074555: leading zero lost, should be 0273074555",
        ),
        ("kpp", "77360100", "КПП должен содержать 9 символов", "KPP must have 9 characters"),
        (
            "kpp",
            "7736ab001",
            "КПП 7736ab001: неверный формат (4 цифры, 2 цифры или латинские буквы, 3 цифры)",
            "KPP 7736ab001: invalid format (4 digits, 2 digits or Latin letters, 3 digits)",
        ),
        (
            "ogrn",
            "1027700132196",
            "ОГРН 1027700132196: неверная контрольная цифра",
            "OGRN 1027700132196: wrong check digit",
        ),
        (
            "ogrn",
            "304500116000158",
            "ОГРНИП 304500116000158: неверная контрольная цифра",
            "OGRNIP 304500116000158: wrong check digit",
        ),
        (
            "ogrn",
            "10277001321",
            "ОГРН должен содержать 13 цифр (ОГРНИП — 15)",
            "OGRN must have 13 digits (OGRNIP: 15)",
        ),
        ("ogrn", "1027700I32195", "ОГРН должен состоять только из цифр", "OGRN must contain digits only"),
        ("unp", "100160364", "УНП 100160364: неверная контрольная цифра", "UNP 100160364: wrong check digit"),
        ("unp", "X00160363", "УНП X00160363: неверный формат", "UNP X00160363: invalid format"),
        ("unp", "10016036", "УНП должен содержать 9 символов", "UNP must have 9 characters"),
    ],
)
def test_identifier_problem_in_both_languages(kind: str, value: str, ru: str, en: str) -> None:
    from tui.i18n import language, set_language
    from tui.sentences import said

    problem = identifier_problem(kind, value)
    before = language()
    try:
        set_language("ru")
        assert said(problem) == ru
        set_language("en")
        assert said(problem) == en
    finally:
        set_language(before)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("inn", ""),
        ("inn", "   "),
        ("inn", None),
        ("inn", "7707083893"),
        ("inn", "7707 083 893"),
        ("inn", "7707083893.0"),  # came through a float
        ("inn", "ИНН 7707083893"),  # label pasted along with the number
        ("inn", 7707083893),
        ("kpp", "773601001"),
        ("kpp", "КПП: 773601001"),
        ("ogrn", "1027700132195"),
        ("ogrn", "304500116000157"),
        ("ogrn", "ОГРН 1027700132195"),
        ("unp", "100160363"),
        ("unp", "УНП 100160363"),
        ("unp", "МА1953684"),
    ],
)
def test_identifier_problem_is_none_for_valid_or_empty(kind: str, value: str) -> None:
    assert identifier_problem(kind, value) is None


def test_identifier_problem_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueError):
        identifier_problem("snils", "112-233-445 95")


# ---------------------------------------------------------------------------------------------
# Nothing a cell can hold makes these functions raise.
# ---------------------------------------------------------------------------------------------


@given(st.text())
def test_no_function_raises_on_arbitrary_text(text: str) -> None:
    clean_digits(text)
    for check in (is_valid_inn, is_valid_kpp, is_valid_ogrn, is_valid_ogrnip, is_valid_unp):
        assert isinstance(check(text), bool)
    recovered = recover_inn(text)
    assert recovered is None or is_valid_inn(recovered)
    inn, kpp = split_inn_kpp(text)
    assert isinstance(inn, str) and isinstance(kpp, str)
    for kind in ("inn", "kpp", "ogrn", "unp"):
        problem = identifier_problem(kind, text)
        assert problem is None or problem.code.startswith("ident.")


@given(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.decimals(),
        st.text(),
        st.fractions(),
    )
)
def test_clean_digits_gives_digits_for_anything_excel_can_hold(value: object) -> None:
    digits = clean_digits(value)
    assert digits == "" or (digits.isascii() and digits.isdigit())
