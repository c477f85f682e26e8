"""Russian and Belarusian company identifiers: cleaning, check digits, and readable problems.

Covers ИНН (INN), КПП (KPP), ОГРН/ОГРНИП (OGRN/OGRNIP) and the Belarusian УНП (UNP).
Every function is pure and none raises on odd text: values come from Excel sheets and people,
so the validators answer False (or a sentence) instead of failing. Only the `make_*` helpers
raise, because a wrong prefix there is a programming error in a generator, not user input.

Check-digit rules:

* INN, 10 digits: weights 2,4,10,3,5,9,4,6,8; sum mod 11, then mod 10, is the last digit.
* INN, 12 digits: weights 7,2,4,10,3,5,9,4,6,8 give digit 11, then weights
  3,7,2,4,10,3,5,9,4,6,8 (over the first 11 digits) give digit 12, each mod 11 then mod 10.
* OGRN, 13 digits: the first 12 as a number, mod 11, then mod 10, is the last digit.
* OGRNIP, 15 digits: the first 14 as a number, mod 13, then mod 10, is the last digit.
* UNP, 9 characters: weights 29,23,19,17,13,7,5,3 over the first 8; the sum mod 11 is the
  check digit and a result of 10 means the number cannot exist. Organisations have nine digits;
  for individuals the first two characters are letters: the first is read as a base-36 digit
  (A=10, B=11, ...), the second by its place in "ABCEHKMOPT" (A=0 ... T=9). This follows
  python-stdnum's `by.unp`, which cites the tax ministry's description, and was checked
  against UNPs published by Belarusian companies.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from numbers import Number
from operator import mul

from models.errors import Problem

__all__ = [
    "KINDS",
    "clean_digits",
    "identifier_problem",
    "is_valid_inn",
    "is_valid_kpp",
    "is_valid_ogrn",
    "is_valid_ogrnip",
    "is_valid_unp",
    "make_inn",
    "make_ogrn",
    "make_ogrnip",
    "make_unp",
    "recover_inn",
    "split_inn_kpp",
]

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_UNP_WEIGHTS = (29, 23, 19, 17, 13, 7, 5, 3)

# Letters allowed in the first two places of an individual's UNP (all have Cyrillic twins,
# which is why exactly these were chosen: the number reads the same in either alphabet).
_UNP_SECOND_LETTERS = "ABCEHKMOPT"
_UNP_FIRST_LETTERS = "ABCEHKM"
# Region digit of an organisation's UNP: 1 Brest ... 6 Mogilev, 7 Minsk city.
_UNP_FIRST_DIGITS = "1234567"
# People type the Cyrillic look-alike of a letter as often as the Latin one.
_CYRILLIC_TO_LATIN = str.maketrans("АВСЕНКМОРТ", "ABCEHKMOPT")

_KPP_RE = re.compile(r"[0-9]{4}[0-9A-Z]{2}[0-9]{3}")
# Whitespace (NBSP and thin spaces included) and every dash people and Word put in numbers.
_SEPARATORS_RE = re.compile(r"[\s\u00a0\u2007\u202f\-\u2010-\u2015\u2212]+")
# "7707083893.0" / "7707083893,00": a number that went through a float or a Russian-locale Excel.
_ZERO_FRACTION_RE = re.compile(r"([0-9]+)[.,]0+")
# "7.707083893E+09": how Excel shows a long number in a narrow General-format cell.
_SCIENTIFIC_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)?[eE]\+?[0-9]+")
_NON_DIGITS_RE = re.compile(r"[^0-9]+")
# Letters and digits only: Cyrillic labels ("ИНН", "КПП") and punctuation separate tokens.
_TOKEN_RE = re.compile(r"[0-9A-Za-z]+")
# A label written in front of the number: "ИНН 7707083893", "UNP: 100160363", "КПП № 773601001".
_LABEL_RE = re.compile(r"(?:ОГРНИП|ОГРН|ИНН|КПП|УНП|OGRNIP|OGRN|INN|KPP|UNP)[\s:№#.]*", re.IGNORECASE)


def _is_digits(s: object) -> bool:
    """True for a non-empty string of ASCII digits; `str.isdigit` alone would let "²" or "٣"
    through and `int()` would then fail or misread them."""
    return isinstance(s, str) and s.isascii() and s.isdigit()


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    """Weighted sum mod 11, then mod 10: the INN rule (a remainder of 10 becomes 0)."""
    return sum(map(mul, weights, map(int, digits))) % 11 % 10


def clean_digits(value: object) -> str:
    """The digits of an identifier as Excel or a person gave it; "" for None or blank.

    Ints and integral floats (7707083893.0) become their digits; a float never gains the
    ".0" as an extra zero. Strings lose spaces, NBSP and dashes, a trailing zero fraction
    ("7707083893.0", "…,00") and Excel's scientific form ("7.707083893E+09"); whatever else is
    not a digit is dropped. Leading zeros in strings are kept, since they are part of the INN;
    an int cannot carry them, and `recover_inn` puts the one Excel drops back.
    A number with a real fraction, NaN or infinity has no identifier reading and gives "".
    """
    if value is None or isinstance(value, bool):
        # A bool is an int to Python, but True is never a tax number.
        return ""
    if isinstance(value, int):
        try:
            return str(abs(value))
        except ValueError:
            # Past Python's 4300-digit str() limit: no identifier is that long.
            return ""
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return ""
        # int() is exact for every float; str() would give "1e+16" for large ones.
        return str(abs(int(value)))
    if isinstance(value, Number):
        # Decimal, Fraction, numpy scalars: go through Decimal to stay exact.
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return ""
        # Cap the exponent so Decimal("1E+999999") cannot build a million-digit string.
        if not number.is_finite() or number != number.to_integral_value() or number.adjusted() >= 40:
            return ""
        return str(abs(int(number)))
    if type(value) is str and value.isascii() and value.isdigit():
        return value  # already bare digits: the usual text cell
    text = _SEPARATORS_RE.sub("", str(value))
    if not text:
        return ""
    match = _ZERO_FRACTION_RE.fullmatch(text)
    if match:
        return match.group(1)
    if _SCIENTIFIC_RE.fullmatch(text):
        try:
            parsed: Decimal | None = Decimal(text.replace(",", "."))
        except InvalidOperation:
            parsed = None
        # Cap the exponent so "1e999999" cannot build a million-digit string.
        if parsed is not None and parsed == parsed.to_integral_value() and parsed.adjusted() < 40:
            return str(int(parsed))
    return _NON_DIGITS_RE.sub("", text)


def is_valid_inn(s: str) -> bool:
    """True when `s` is a 10-digit (organisation) or 12-digit (person) INN with correct check
    digit(s). Only exact digit strings pass; clean the value with `clean_digits` first."""
    if not _is_digits(s):
        return False
    if len(s) == 10:
        return _check_digit(s, _INN10_WEIGHTS) == int(s[9])
    if len(s) == 12:
        first_ok = _check_digit(s, _INN12_WEIGHTS_1) == int(s[10])
        return first_ok and _check_digit(s, _INN12_WEIGHTS_2) == int(s[11])
    return False


def is_valid_kpp(s: str) -> bool:
    """True when `s` has the KPP shape: 4 digits, 2 digits or capital Latin letters, 3 digits.
    A KPP has no check digit, so the shape is all that can be checked."""
    return isinstance(s, str) and _KPP_RE.fullmatch(s) is not None


def is_valid_ogrn(s: str) -> bool:
    """True when `s` is a 13-digit OGRN whose last digit is (first 12 mod 11) mod 10."""
    return _is_digits(s) and len(s) == 13 and int(s[:12]) % 11 % 10 == int(s[12])


def is_valid_ogrnip(s: str) -> bool:
    """True when `s` is a 15-digit OGRNIP whose last digit is (first 14 mod 13) mod 10."""
    return _is_digits(s) and len(s) == 15 and int(s[:14]) % 13 % 10 == int(s[14])


def _unp_values(s: str) -> list[int] | None:
    """The numeric values of the first 8 characters of a well-formed UNP, or None."""
    if len(s) < 8 or not s.isascii():
        return None
    head, rest = s[:2], s[2:8]
    if not _is_digits(rest):
        return None
    if _is_digits(head):
        if head[0] not in _UNP_FIRST_DIGITS:
            return None
        values = [int(head[0]), int(head[1])]
    elif head[0] in _UNP_FIRST_LETTERS and head[1] in _UNP_SECOND_LETTERS:
        # Both letters or neither: a single letter is a typo, not an individual's number.
        values = [int(head[0], 36), _UNP_SECOND_LETTERS.index(head[1])]
    else:
        return None
    return values + [int(d) for d in rest]


def _unp_check(values: list[int]) -> int:
    """The UNP remainder; 10 means no check digit fits."""
    return sum(w * v for w, v in zip(_UNP_WEIGHTS, values, strict=True)) % 11


def _unp_compact(s: str) -> str:
    """Upper case, Cyrillic look-alikes as Latin, so "ма1953684" reads as "MA1953684"."""
    return s.upper().translate(_CYRILLIC_TO_LATIN)


def is_valid_unp(s: object) -> bool:
    """True when `s` is a Belarusian UNP: 9 characters with a correct check digit.

    Organisations: nine digits, the first a region (1-7). Individuals: two letters
    (first from A,B,C,E,H,K,M; second from A,B,C,E,H,K,M,O,P,T; Cyrillic twins and lower case
    accepted) then seven digits.
    """
    if not isinstance(s, str):
        return False
    s = _unp_compact(s)
    # Checked after upper-casing, which can lengthen a string ("ß" -> "SS").
    if len(s) != 9:
        return False
    values = _unp_values(s)
    if values is None or not _is_digits(s[8]):
        return False
    check = _unp_check(values)
    return check != 10 and check == int(s[8])


def recover_inn(digits: str) -> str | None:
    """The INN `digits` stands for, or None.

    A valid 10- or 12-digit INN comes back unchanged. Excel stores an INN typed as a number
    without its leading zero ("0273074555" becomes 273074555), so 9 or 11 digits get a "0"
    in front and are kept when the check digits then confirm it. Only one zero is restored:
    the first two digits of an INN are a region code, 01 to 99, so two lost zeros do not occur.
    The check digits make the guess safe: 9 random digits pass about one time in ten,
    11 random digits about one time in a hundred.
    """
    digits = clean_digits(digits)
    if is_valid_inn(digits):
        return digits
    if len(digits) in (9, 11) and is_valid_inn("0" + digits):
        return "0" + digits
    return None


def split_inn_kpp(text: object) -> tuple[str, str]:
    """(INN, KPP) from one cell such as "3327100480/332701001" or "ИНН 3327100480 / КПП
    332701001"; either part is "" when missing. No check digits are tested here: the parts are
    what was written, so the caller can still report a wrong one instead of losing it."""
    if text is None:
        return "", ""
    inn = kpp = ""
    source = str(text).replace("\u00a0", " ")
    for token in _TOKEN_RE.findall(source):
        # Numbers start with a digit, so leading Latin letters are a glued label ("INN3327100480").
        token = token.upper().lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if not inn and _is_digits(token) and len(token) in (10, 12):
            inn = token
        elif not kpp and _KPP_RE.fullmatch(token):
            kpp = token
        elif not inn and not kpp and _is_digits(token) and len(token) in (19, 21):
            # "7707083893773601001": INN and KPP typed without a separator.
            inn, kpp = token[:-9], token[-9:]
    return inn, kpp


KINDS = frozenset({"inn", "kpp", "ogrn", "unp"})


def _numeric_form(value: str) -> str:
    """`value` without separators; one that is only a number in disguise (Excel float,
    scientific form) is turned into its digits, anything else is left for the caller to
    report as containing non-digits."""
    compact = _SEPARATORS_RE.sub("", value)
    digits = clean_digits(compact)
    if _is_digits(compact) or (
        digits and (_ZERO_FRACTION_RE.fullmatch(compact) or _SCIENTIFIC_RE.fullmatch(compact))
    ):
        return digits
    return compact


def identifier_problem(kind: str, value: object) -> Problem | None:
    """What is wrong with `value` as a `kind` identifier (a Problem whose code is one of the
    catalogue's "ident.*" sentences), or None when it is valid or empty (an empty field is a
    different question: is it required?).

    `kind` is "inn", "kpp", "ogrn" (13-digit OGRN or 15-digit OGRNIP) or "unp". Separators and
    Excel's float forms are forgiven before checking, so the problem is about the identifier,
    not the way it was typed. An unknown kind raises ValueError: that is a mistake in the
    calling code, not in the data.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown identifier kind: {kind!r}")
    if value is None:
        return None
    raw = value if isinstance(value, str) else clean_digits(value)
    raw = raw.strip()
    if not raw:
        return None
    if (is_valid_inn(raw) if kind == "inn" else is_valid_kpp(raw) if kind == "kpp"
            else (is_valid_ogrn(raw) or is_valid_ogrnip(raw)) if kind == "ogrn" else False):
        return None  # the usual case, e.g. every row of an import: no cleaning needed
    # "ИНН 7707083893" pasted whole from a letterhead is still the number 7707083893.
    label = _LABEL_RE.match(raw)
    if label:
        raw = raw[label.end() :]

    if kind == "inn":
        s = _numeric_form(raw)
        if not _is_digits(s):
            return Problem("ident.inn_chars")
        if is_valid_inn(s):
            return None
        fixed = recover_inn(s)
        if fixed is not None:
            return Problem("ident.inn_zero", {"value": s, "fixed": fixed})
        if len(s) not in (10, 12):
            return Problem("ident.inn_length")
        return Problem("ident.inn_check", {"value": s})

    if kind == "ogrn":
        s = _numeric_form(raw)
        if not _is_digits(s):
            return Problem("ident.ogrn_chars")
        if len(s) == 13:
            return None if is_valid_ogrn(s) else Problem("ident.ogrn_check", {"value": s})
        if len(s) == 15:
            return None if is_valid_ogrnip(s) else Problem("ident.ogrnip_check", {"value": s})
        return Problem("ident.ogrn_length")

    if kind == "kpp":
        s = _numeric_form(raw)
        if len(s) != 9:
            return Problem("ident.kpp_length")
        return None if is_valid_kpp(s) else Problem("ident.kpp_format", {"value": s})

    # kind == "unp"
    s = _unp_compact(_numeric_form(raw))
    if len(s) != 9:
        return Problem("ident.unp_length")
    if _unp_values(s) is None or not _is_digits(s[8]):
        return Problem("ident.unp_format", {"value": s})
    return None if is_valid_unp(s) else Problem("ident.unp_check", {"value": s})


def _require_digits(prefix: str, length: int, what: str) -> None:
    """Reject a generator's prefix of the wrong shape loudly instead of returning garbage."""
    if not _is_digits(prefix) or len(prefix) != length:
        raise ValueError(f"{what} prefix must be {length} digits, got {prefix!r}")


def make_inn(prefix_digits: str, individual: bool = False) -> str:
    """A valid INN: 9 prefix digits plus one check digit (organisation), or, with
    `individual`, 10 prefix digits plus two check digits (person)."""
    if individual:
        _require_digits(prefix_digits, 10, "individual INN")
        with_first = prefix_digits + str(_check_digit(prefix_digits, _INN12_WEIGHTS_1))
        return with_first + str(_check_digit(with_first, _INN12_WEIGHTS_2))
    _require_digits(prefix_digits, 9, "INN")
    return prefix_digits + str(_check_digit(prefix_digits, _INN10_WEIGHTS))


def make_ogrn(prefix: str) -> str:
    """A valid 13-digit OGRN from its first 12 digits."""
    _require_digits(prefix, 12, "OGRN")
    return prefix + str(int(prefix) % 11 % 10)


def make_ogrnip(prefix: str) -> str:
    """A valid 15-digit OGRNIP from its first 14 digits."""
    _require_digits(prefix, 14, "OGRNIP")
    return prefix + str(int(prefix) % 13 % 10)


def make_unp(prefix: str) -> str:
    """A valid UNP from its first 8 characters (digits, or two letters then six digits).

    About one prefix in eleven has no valid check digit (the remainder is 10): such numbers are
    never issued, so this raises ValueError and a generator should simply try another prefix.
    """
    compact = _unp_compact(prefix) if isinstance(prefix, str) else ""
    values = _unp_values(compact) if len(compact) == 8 else None
    if values is None:
        raise ValueError(f"UNP prefix must be 8 characters of UNP form, got {prefix!r}")
    check = _unp_check(values)
    if check == 10:
        raise ValueError(f"no UNP starts with {prefix!r}: its check digit would be 10")
    return compact + str(check)
