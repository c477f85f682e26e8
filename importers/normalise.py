"""Cleaning the values office files hold into what the register stores. Pure functions.

Each function takes a raw cell value (str, int, float, date, datetime or None, as python-calamine
gives them) and answers the stored form; values that cannot be read answer a problem sentence
(in Russian, as the error report is) instead of raising, so one bad cell rejects one row.

Phones have one canonical form, the one Russian business cards use, with the country code so
that a number dialled from a mobile works:

* Vladimir city (area code 4922, six-digit numbers): ``+7 4922 12-34-56``
* the rest of the Vladimir region (area codes 492xx, five-digit numbers): ``+7 49232 2-34-56``
* every other Russian number, mobile or city (ten digits): ``+7 912 345-67-89``
* an extension follows as ``доб. 123``; a six-digit number without a code is a Vladimir one.

A number that does not fit (a foreign one, a short internal one) is kept as written, cleaned of
doubled spaces: changing it would lose information, and it is not a reason to reject a company.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

from models import vocab
from models.identifiers import clean_digits, identifier_problem, is_valid_kpp, recover_inn, split_inn_kpp
from models.textnorm import LEGAL_FORMS, split_legal_form

LIST_SEPARATOR = "; "



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


def inn(digits: str) -> tuple[str | None, str | None]:
    """(INN, problem): a valid INN, the INN with the leading zero Excel dropped put back when the
    check digit confirms it, or a sentence saying what is wrong."""
    if not digits:
        return None, None
    fixed = recover_inn(digits)
    if fixed is not None:
        return fixed, None
    return None, identifier_problem("inn", digits) or f"ИНН {digits} неверен."


def kpp(value: object) -> tuple[str | None, str | None]:
    """(KPP, problem); a KPP that lost its leading zero in a number cell gets it back."""
    digits = clean_digits(value) if not isinstance(value, str) else \
        re.sub(r"[\s\u00a0-]", "", value).upper()
    if not digits:
        return None, None
    if len(digits) == 8 and digits.isdigit():
        digits = "0" + digits
    if is_valid_kpp(digits):
        return digits, None
    return None, identifier_problem("kpp", digits) or f"КПП {digits} неверен."


def ogrn(value: object) -> tuple[str | None, str | None]:
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


def _one_phone(piece: str) -> list[str]:
    ext = None
    m = _EXTENSION.search(piece) if _NOT_PLAIN.search(piece) else None
    if m:
        ext, piece = m.group(1), piece[: m.start()]
    international = piece.lstrip().startswith("+")
    digits = _NOT_DIGIT.sub("", piece)
    if len(digits) == 22 and digits[0] in "78" and digits[11] in "78" and not ext:
        # two numbers run together: "8 (4922) 12-34-56 8 (4922) 65-43-21"
        return _one_phone(digits[:11]) + _one_phone(digits[11:])
    if len(digits) == 11 and (digits[0] == "7" or (digits[0] == "8" and not international)):
        ten = digits[1:]
    elif len(digits) == 10 and not international:
        ten = digits
    elif len(digits) == 6 and not international:
        ten = "4922" + digits
    else:
        kept = clean_text(piece + (f" доб. {ext}" if ext else ""))
        return [kept] if kept else []
    return [_format_national(ten) + (f" доб. {ext}" if ext else "")]


def phones(value: object) -> list[str]:
    """Every phone number in a cell, each in the canonical form (see the module docstring)."""
    if value is None or value == "":
        return []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = clean_digits(value)
    else:
        text = clean_text(value) or ""
    out: list[str] = []
    text = text.replace("\n", ";")
    # one number and nothing that could separate two: no need for the splitting pattern
    pieces = _PHONE_SPLIT.split(text) if _MAY_SPLIT.search(text) else [text]
    for piece in pieces:
        if piece.strip():
            for p in _one_phone(piece):
                if p not in out:
                    out.append(p)
    return out


# --- e-mail, website -----------------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s;,<>]+@[^@\s;,<>]+\.[^@\s;,<>]+$")


def emails(value: object) -> tuple[list[str], str | None]:
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
            return [], f"Неверный адрес электронной почты: {raw}."
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


def to_date(value: object) -> tuple[date | None, str | None]:
    """(date, problem) from an Excel date or datetime, a serial number, "08.12.2025",
    "08.12.2025 г.", "8/12/25" (day first, as in Russia) or "2025-12-08"."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # Excel's serial range, 1900-01-01 .. 9999-12-31
            return _EXCEL_EPOCH + timedelta(days=int(value)), None
        return None, f"Число {value} не похоже на дату."
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
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return to_date(float(text.replace(",", ".")))
    return None, f"«{text[:40]}» не похоже на дату."


def _safe_date(y: int, m: int, d: int, source: str) -> tuple[date | None, str | None]:
    try:
        return date(y, m, d), None
    except ValueError:
        return None, f"Даты «{source[:40]}» не существует."


_STATUS_WORDS = {
    "active": ("действует", "действующий", "действующая", "активный", "активен", "член палаты",
               "член тпп", "да", "yes", "member", "active member", "действ"),
    "suspended": ("приостановлено", "приостановлен", "приостановлена", "приостановлено членство",
                  "на паузе", "suspended"),
    "left": ("вышел", "вышла", "выбыл", "выбыла", "исключен", "исключена", "исключён", "прекращено",
             "нет", "no", "former", "left", "бывший член"),
}
_STATUS = {w.replace("ё", "е"): code for code, words in _STATUS_WORDS.items() for w in words}


def member_status(value: object) -> tuple[str | None, str | None]:
    """(status code, problem) from "действует", "Активный", "вышел", "suspended"…"""
    text = clean_text(value)
    if not text:
        return None, None
    return _member_status(text)


@lru_cache(maxsize=1024)
def _member_status(text: str) -> tuple[str | None, str | None]:
    code = vocab.code_for(vocab.MEMBER_STATUS, text)
    if code:
        return code, None
    folded = " ".join(text.lower().replace("ё", "е").strip(" .").split())
    code = _STATUS.get(folded)
    if code:
        return code, None
    return None, f"Неизвестный статус членства «{text[:40]}»."


def okved(value: object) -> str | None:
    """An OKVED code as text; "46.90" stays, 46.9 from a number cell reads "46.9"."""
    text = clean_text(value)
    if not text:
        return None
    return text.replace(",", ".").strip()
