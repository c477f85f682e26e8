"""Cleaning the values office files hold into what the register stores. Pure functions.

Each function takes a raw cell value (str, int, float, date, datetime or None, as python-calamine
gives them) and answers the stored form; values that cannot be read answer a problem sentence
(in Russian, as the error report is) instead of raising, so one bad cell rejects one row.

Phones have one canonical form, the one Russian business cards use, with the country code so
that a number dialled from a mobile works:

* Vladimir city (area code 4922, six-digit numbers): ``+7 4922 12-34-56``
* the rest of the Vladimir region (area codes 492xx, five-digit numbers): ``+7 49232 2-34-56``
* every other Russian number, mobile or city (ten digits): ``+7 912 345-67-89``
* an extension follows as ``доб. 123``; a six-digit number without a code is a Vladimir one;
* a foreign number, parsed and checked by `phonenumbers` (Google's libphonenumber rules), in its
  international form: ``+375 17 123-45-67``, ``+86 10 1234 5678``.

Numbers without a country code are Russian (the chamber's region). The common Russian forms take
a fast path that checks them against the same rules without parsing. A number no rule accepts (a
short internal one, a digit too many) is kept as written, cleaned of doubled spaces, and pointed
out (`phones_checked`): changing it would lose information, and it is not a reason to reject a
company.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from models import vocab
from models.errors import Problem
from models.identifiers import clean_digits, identifier_problem, is_valid_kpp, recover_inn, split_inn_kpp
from models.textnorm import LEGAL_FORMS, split_legal_form

LIST_SEPARATOR = "; "

# What people type into a cell to say "nothing here": dashes, «нет», «н/д», a template's prompt.
BLANKS = frozenset({
    "-", "--", "---", "—", "–", "−", "‒", "―", "нет", "н/д", "н.д.", "н/д.", "нд", "n/a", "na", "n.a.",
    "none", "нет данных", "отсутствует", "не указан", "не указано", "не указана", ".", "..", "...", "…",
    "?", "??", "url", "http://", "https://", "www", "www.", "http://www.", "https://www.",
    "e-mail", "email", "xxx", "хх", "ххх",
})


def is_blank(value: object) -> bool:
    """True for an empty cell and for the placeholders of `BLANKS`."""
    if value is None or value == "":
        return True
    if type(value) is not str or len(value) > 16:
        return False
    return " ".join(value.lower().split()) in BLANKS


def shown_number(value: float) -> str:
    """A decimal as Excel shows it: 15 significant digits, so the float noise of a sum
    (68.66499999999999) reads as typed (68.665)."""
    out = format(value, ".15g")
    if "e" in out:
        out = format(value, ".15f").rstrip("0").rstrip(".") if abs(value) < 1e15 else repr(value)
    return out


def shown_duration(value: timedelta) -> str:
    """A duration as Excel shows it in [h]:mm:ss: 10 days 15:10:10 → 255:10:10."""
    seconds = round(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    h, rest = divmod(abs(seconds), 3600)
    m, sec = divmod(rest, 60)
    return f"{sign}{h}:{m:02d}:{sec:02d}"


def shown_time(value: time) -> str:
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")



def clean_text(value: object) -> str | None:
    """A cell as one line of text: NBSP and doubled spaces collapsed, trimmed; None when blank.

    Whole floats lose their ".0" (a number typed into a General cell), dates read dd.mm.yyyy.
    """
    if value is None or isinstance(value, bool):
        return None if value is None else ("да" if value else "нет")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        if value.is_integer():
            value = int(value)
        else:
            return shown_number(value)
    if isinstance(value, timedelta):
        return shown_duration(value)
    if isinstance(value, time):
        return shown_time(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    text = unicodedata.normalize("NFC", str(value))
    if "\u200b" in text or "\ufeff" in text:  # zero-width characters str.split does not see
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    # str.split knows every Unicode space (NBSP, thin and figure spaces too), faster than a regex
    text = " ".join(text.split())
    return text or None


# --- names ---------------------------------------------------------------------------------

_LOOKALIKE = str.maketrans("aceopxykmthb", "асеорхукмтнв")
_QUOTE_CHARS = "«»\"“”„‟‘’'`″〝〞＂"
_OPENING_CONTEXT = " ([{«"
_FORMS_BY_LENGTH = sorted(LEGAL_FORMS, key=len, reverse=True)
_QUOTE_RE = re.compile(f"[{re.escape(_QUOTE_CHARS)}]")
# A legal form in front (followed by no letter or digit) and, on the reversed text, behind;
# the alternatives in the order of _FORMS_BY_LENGTH, so the longest form wins.
_FORM_AHEAD = re.compile("(?:" + "|".join(map(re.escape, _FORMS_BY_LENGTH)) + r")(?![^\W_])")
_FORM_BEHIND = re.compile("(?:" + "|".join(re.escape(f[::-1]) for f in _FORMS_BY_LENGTH) + r")(?=[\W_])")
_FORM_RANK = {f: i for i, f in enumerate(_FORMS_BY_LENGTH)}


@lru_cache(maxsize=64)
def _abbreviation(form: str) -> str:
    return split_legal_form(form + " х")[1] or form.upper()


def _smart_quotes(text: str) -> str:
    """Every kind of quote as Russian «ёлочки»: opening at a word start, closing after a word."""
    if not _QUOTE_RE.search(text):
        return text  # most cells have no quote at all
    return _QUOTE_RE.sub(
        lambda m: "«" if m.start() == 0 or text[m.start() - 1] in _OPENING_CONTEXT else "»", text)


def _strip_outer_quotes(text: str) -> str:
    """«Ромашка» → Ромашка, «НПО «Магнетон»» → НПО «Магнетон»; a quote inside stays."""
    if "«" not in text and "»" not in text:
        return text
    while len(text) >= 2 and text[0] == "«" and text[-1] == "»":
        if text.count("«") == 1 and text.count("»") == 1:
            text = text[1:-1].strip()  # one pair around the whole name: nothing nested to check
            continue
        depth = 0
        for i, ch in enumerate(text):
            depth += ch == "«"
            depth -= ch == "»"
            if depth == 0 and i < len(text) - 1:
                return text  # the first quote closes before the end: «А» и «Б»
        text = text[1:-1].strip()
    if text.count("«") != text.count("»"):
        text = text.strip("«»").strip()
    return text


def split_name(value: object) -> tuple[str | None, str | None]:
    """(name, legal form) of a company name as people type it.

    'ООО "Ромашка"', 'OOO «Ромашка»' (Latin O's), '„Ромашка“, ООО', 'Общество с ограниченной
    ответственностью «Ромашка»' all give ('Ромашка', 'ООО'). Quotes inside a name become «»;
    NBSP and doubled spaces are collapsed.
    """
    text = clean_text(value)
    if text is None:
        return None, None
    text = _smart_quotes(text)
    low = text.lower().replace("ё", "е").translate(_LOOKALIKE)
    form = None
    if len(low) == len(text):
        ahead = _FORM_AHEAD.match(low)
        behind = _FORM_BEHIND.match(low[::-1])
        if ahead and (not behind or _FORM_RANK[ahead.group()] <= _FORM_RANK[behind.group()[::-1]]):
            form, text = _abbreviation(ahead.group()), text[ahead.end():]
        elif behind:
            form, text = _abbreviation(behind.group()[::-1]), text[:-behind.end()]
    text = _strip_outer_quotes(text.strip(" ,;-–—"))
    text = " ".join(text.split()).strip(" ,;-–—")
    if not text:
        return None, form
    return text, form


_CITY_PREFIX = re.compile(r"^(?:г\.|г |город )\s*", re.IGNORECASE)


def clean_city(value: object) -> str | None:
    """'г. Владимир', 'город Владимир', 'Г.Владимир' → 'Владимир'."""
    text = clean_text(value)
    if text is None:
        return None
    return _city(text)


@lru_cache(maxsize=4096)
def _city(text: str) -> str | None:
    # cities repeat row after row: each spelling is cleaned once
    return _CITY_PREFIX.sub("", text).strip() or None


# --- identifiers ---------------------------------------------------------------------------

_PAIR_SPLIT = re.compile(r"[/\\|;,]")
_INN_LABEL = re.compile(r"(?:инн|inn)[\s:№.]*", re.IGNORECASE)
_KPP_LABEL = re.compile(r"(?:кпп|kpp)[\s:№.]*", re.IGNORECASE)


def split_identifiers(value: object) -> tuple[str, str]:
    """(INN digits, KPP) from a cell holding an INN, or an INN and a KPP ("ИНН/КПП").

    The INN part is only cleaned (digits kept, Excel's ".0" dropped), not checked: see `inn`.
    """
    if value is None or value == "":
        return "", ""
    if not isinstance(value, str):
        return clean_digits(value), ""
    if value.isascii() and value.isdigit() and 9 <= len(value) <= 12:
        return value, ""  # bare digits of an INN: the usual cell
    text = value.replace("\u00a0", " ").strip()
    has_kpp_label = _KPP_LABEL.search(text) is not None
    digits = clean_digits(text)
    if len(digits) in (9, 10, 11, 12) and not has_kpp_label:
        return digits, ""
    text = _KPP_LABEL.sub("/", _INN_LABEL.sub(" ", text))
    parts = [p for p in _PAIR_SPLIT.split(text) if clean_digits(p)]
    if len(parts) >= 2:
        return clean_digits(parts[0]), clean_digits(parts[1])
    found_inn, found_kpp = split_inn_kpp(value)
    return (found_inn or digits), found_kpp


def inn(digits: str) -> tuple[str | None, Problem | None]:
    """(INN, problem): a valid INN, the INN with the leading zero Excel dropped put back when the
    check digit confirms it, or a sentence saying what is wrong."""
    if not digits:
        return None, None
    fixed = recover_inn(digits)
    if fixed is not None:
        return fixed, None
    return None, identifier_problem("inn", digits) or Problem("err.cell.inn_bad", {"value": digits})


def kpp(value: object) -> tuple[str | None, Problem | None]:
    """(KPP, problem); a KPP that lost its leading zero in a number cell gets it back."""
    digits = clean_digits(value) if not isinstance(value, str) else \
        re.sub(r"[\s\u00a0-]", "", value).upper()
    if not digits:
        return None, None
    if len(digits) == 8 and digits.isdigit():
        digits = "0" + digits
    if is_valid_kpp(digits):
        return digits, None
    return None, identifier_problem("kpp", digits) or Problem("err.cell.kpp_bad", {"value": digits})


def ogrn(value: object) -> tuple[str | None, Problem | None]:
    """(OGRN or OGRNIP, problem)."""
    digits = clean_digits(value)
    if not digits:
        return None, None
    problem = identifier_problem("ogrn", digits)
    return (None, problem) if problem else (digits, None)


# --- phones --------------------------------------------------------------------------------

_PHONE_SPLIT = re.compile(r"\s*(?:[;,\n]|\s/\s|\sили\s|\sи\s)\s*", re.IGNORECASE)
_EXTENSION = re.compile(r"(?:доб|доп|вн|ext|x|#)\.?\s*(\d{1,6})\s*$", re.IGNORECASE)
_NOT_DIGIT = re.compile(r"\D")
# Cheap tests that let most cells skip the patterns above: a separator of two numbers needs one
# of these characters; an extension needs a character other than digits, spaces and + ( ) - .
_MAY_SPLIT = re.compile(r"[;,/иИ]")
_NOT_PLAIN = re.compile(r"[^\d\s+().\-]")


def _format_national(ten: str) -> str:
    if ten.startswith("4922"):
        local = ten[4:]
        return f"+7 4922 {local[:2]}-{local[2:4]}-{local[4:]}"
    if ten.startswith("492"):
        code, local = ten[:5], ten[5:]
        return f"+7 {code} {local[0]}-{local[1:3]}-{local[3:]}"
    return f"+7 {ten[:3]} {ten[3:6]}-{ten[6:8]}-{ten[8:]}"


def _phonelib():
    import phonenumbers

    return phonenumbers


@lru_cache(maxsize=1)
def _russian_pattern() -> re.Pattern:
    """The ten-digit numbers libphonenumber accepts for Russia (fixed, mobile, toll-free,
    premium, personal), from its own metadata: the fast path checks against the same rules."""
    meta = _phonelib().PhoneMetadata.metadata_for_region("RU")
    kinds = [getattr(meta, k) for k in ("fixed_line", "mobile", "toll_free", "premium_rate",
                                         "shared_cost", "personal_number", "voip", "pager", "uan")]
    patterns = [d.national_number_pattern for d in kinds
                if d is not None and d.national_number_pattern and 10 in (d.possible_length or (10,))]
    return re.compile("(?:" + "|".join(patterns) + ")")


def _russian(ten: str) -> bool:
    """True when the ten digits after +7 are a valid Russian number. Numbers +7 6… and +7 7…
    are Kazakhstan's: they go the library's way."""
    return ten[0] not in "67" and _russian_pattern().fullmatch(ten) is not None


def _international(piece: str, ext: str | None) -> str | None:
    """A number with a country code, or one no fast rule fits, checked by libphonenumber with
    Russia as the region of numbers without a code; None when it is not a valid number."""
    lib = _phonelib()
    text = piece.strip()
    digits = _NOT_DIGIT.sub("", text)
    if text.startswith("00"):
        text = "+" + text[2:]
    elif digits.startswith("810") and not text.startswith("+") and len(digits) > 11:
        text = "+" + digits[3:]  # the Russian prefix for international calls: 8 10 375 …
    try:
        number = lib.parse(text, "RU")
    except lib.NumberParseException:
        return None
    if not lib.is_valid_number(number):
        return None
    if number.country_code == 7:
        national = str(number.national_number)
        return _format_national(national) if len(national) == 10 else None
    return lib.format_number(number, lib.PhoneNumberFormat.INTERNATIONAL)


def _one_phone(piece: str, invalid: list[str] | None = None) -> list[str]:
    ext = None
    m = _EXTENSION.search(piece) if _NOT_PLAIN.search(piece) else None
    if m:
        ext, piece = m.group(1), piece[: m.start()]
    international = piece.lstrip().startswith("+")
    digits = _NOT_DIGIT.sub("", piece)
    if len(digits) == 22 and digits[0] in "78" and digits[11] in "78" and not ext:
        # two numbers run together: "8 (4922) 12-34-56 8 (4922) 65-43-21"
        return _one_phone(digits[:11], invalid) + _one_phone(digits[11:], invalid)
    ten = None
    if len(digits) == 11 and (digits[0] == "7" or (digits[0] == "8" and not international)):
        ten = digits[1:]
    elif len(digits) == 10 and not international:
        ten = digits
    elif len(digits) == 6 and not international:
        ten = "4922" + digits
    formatted = None
    if ten is not None and _russian(ten):
        formatted = _format_national(ten)  # the fast path: most numbers of a Russian list
    elif len(digits) >= 5:
        formatted = _international(piece if ten is None else "+7" + ten, ext)
    if formatted is None:
        kept = clean_text(piece + (f" доб. {ext}" if ext else ""))
        if kept and invalid is not None:
            invalid.append(kept)
        return [kept] if kept else []
    return [formatted + (f" доб. {ext}" if ext else "")]


def phones_checked(value: object) -> tuple[list[str], list[str]]:
    """(every phone number in a cell in its canonical form, the pieces that are no valid number
    and are kept as written)."""
    if value is None or value == "":
        return [], []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = clean_digits(value)
    else:
        text = clean_text(value) or ""
    out: list[str] = []
    invalid: list[str] = []
    text = text.replace("\n", ";")
    # one number and nothing that could separate two: no need for the splitting pattern
    pieces = _PHONE_SPLIT.split(text) if _MAY_SPLIT.search(text) else [text]
    for piece in pieces:
        if piece.strip():
            for p in _one_phone(piece, invalid):
                if p not in out:
                    out.append(p)
    return out, invalid


def phones(value: object) -> list[str]:
    """Every phone number in a cell, each in the canonical form (see the module docstring)."""
    return phones_checked(value)[0]


# --- e-mail, website -----------------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s;,<>]+@[^@\s;,<>]+\.[^@\s;,<>]+$")


def emails(value: object) -> tuple[list[str], Problem | None]:
    """(addresses lower-cased and trimmed, problem): "A@B.ru; c@d.ru", "mailto:…", "<a@b.ru>"."""
    text = clean_text(value)
    if not text:
        return [], None
    out: list[str] = []
    for raw in re.split(r"[;,\s]+", text):
        address = raw.strip().strip("<>()[]\"'«»").lower()
        if address.startswith("mailto:"):
            address = address[7:]
        address = address.rstrip(".")
        if not address:
            continue
        if not _EMAIL.match(address):
            return [], Problem("err.bad_email", {"value": raw})
        if address not in out:
            out.append(address)
    return out, None


def website(value: object) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    return text.rstrip("/") if text.count("/") <= 3 else text


def join(items: list[str]) -> str | None:
    return LIST_SEPARATOR.join(items) if items else None


def split_list(text: str | None) -> list[str]:
    """The items of a stored list ("a; b")."""
    return [p.strip() for p in re.split(r"[;\n]", text or "") if p.strip()]


# --- dates, statuses, codes ----------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:\s*г(?:ода?)?\.?)?"
                  r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


_EXCEL_1904 = date(1904, 1, 1)
# Serial numbers read as dates: 1920-01-01 .. 2100-12-31 (a member list holds no earlier date).
_SERIALS = (7306, 73415)
_YEARS = (1900, 2100)
_YEAR_TEXT = re.compile(r"^(\d{4})(?:\s*(?:г(?:ода?)?|год)\.?)?$", re.IGNORECASE)


def to_date(value: object, date1904: bool = False) -> tuple[date | None, Problem | None]:
    """(date, problem) from an Excel date or datetime, a serial number, "08.12.2025",
    "08.12.2025 г.", "8/12/25" (day first, as in Russia) or "2025-12-08". A bare year (2015 or
    "2019 г.") is 1 January of that year (see `is_year`); `date1904` is the workbook's date
    system (Excel for Mac's older files count days from 1904)."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and _YEARS[0] <= value <= _YEARS[1]:
            return date(int(value), 1, 1), None
        if _SERIALS[0] <= value <= _SERIALS[1]:
            epoch = _EXCEL_1904 if date1904 else _EXCEL_EPOCH
            return epoch + timedelta(days=int(value)), None
        return None, Problem("err.cell.number_not_date_or_year", {"value": clean_text(value)})
    text = clean_text(value) or ""
    if not text:
        return None, None
    m = _DMY.match(text)
    if m:
        d, mo, y = m.groups()
        year = int(y) + (2000 if len(y) == 2 and int(y) < 70 else 1900 if len(y) == 2 else 0)
        return _safe_date(year, int(mo), int(d), text)
    m = _ISO.match(text)
    if m:
        y, mo, d = (int(x) for x in m.groups())
        return _safe_date(y, mo, d, text)
    m = _YEAR_TEXT.match(text)
    if m and _YEARS[0] <= int(m.group(1)) <= _YEARS[1]:
        return date(int(m.group(1)), 1, 1), None
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return to_date(float(text.replace(",", ".")), date1904)
    return None, Problem("err.cell.not_date", {"value": text[:40]})


def is_year(value: object) -> bool:
    """True for a cell holding a bare year, which `to_date` reads as 1 January."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value).is_integer() and _YEARS[0] <= value <= _YEARS[1]
    if isinstance(value, str):
        m = _YEAR_TEXT.match(value.strip())
        return m is not None and _YEARS[0] <= int(m.group(1)) <= _YEARS[1]
    return False


def _safe_date(y: int, m: int, d: int, source: str) -> tuple[date | None, Problem | None]:
    try:
        return date(y, m, d), None
    except ValueError:
        return None, Problem("err.cell.no_such_date", {"value": source[:40]})


# Data, not interface text: the words people write in a status column, read back to a code.
_STATUS_WORDS = {
    "active": ("действует", "действующий", "действующая", "активный", "активен", "член палаты",
               "член тпп", "да", "yes", "member", "active member", "действ"),
    "suspended": ("приостановлено", "приостановлен", "приостановлена", "приостановлено членство",
                  "на паузе", "suspended"),
    "left": ("вышел", "вышла", "выбыл", "выбыла", "исключен", "исключена", "исключён", "прекращено",
             "нет", "no", "former", "left", "бывший член"),
}
_STATUS = {w.replace("ё", "е"): code for code, words in _STATUS_WORDS.items() for w in words}


def member_status(value: object) -> tuple[str | None, Problem | None]:
    """(status code, problem) from "действует", "Активный", "вышел", "suspended"…"""
    text = clean_text(value)
    if not text:
        return None, None
    return _member_status(text)


@lru_cache(maxsize=1024)
def _member_status(text: str) -> tuple[str | None, Problem | None]:
    code = vocab.code_for(vocab.MEMBER_STATUS, text)
    if code:
        return code, None
    folded = " ".join(text.lower().replace("ё", "е").strip(" .").split())
    code = _STATUS.get(folded)
    if code:
        return code, None
    return None, Problem("err.cell.unknown_status", {"value": text[:40]})


def okved(value: object) -> str | None:
    """An OKVED code as text; "46.90" stays, 46.9 from a number cell reads "46.9"."""
    text = clean_text(value)
    if not text:
        return None
    return text.replace(",", ".").strip()
