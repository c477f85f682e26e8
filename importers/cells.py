"""Turning cell values (as python-calamine gives them) into stored values. Pure functions."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from models.errors import Problem


class BadCell(ValueError):
    """A cell that cannot be read as its column's kind; `problem` says why."""

    def __init__(self, code: str, **params: object):
        self.problem = Problem(code, params)
        super().__init__(str(self.problem))


_EXCEL_EPOCH = date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:\s*г\.?)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")


def text(value: object) -> str | None:
    """A cell as trimmed text; whole floats lose their ".0" (Excel's numbers-as-numbers)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    out = str(value).strip()
    return out or None


def to_date(value: object) -> date | None:
    """A date from an Excel date, a datetime, a serial number or text like "08.12.2025 г."."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # Excel's serial range (1900-01-01 .. 9999-12-31)
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise BadCell("err.cell.number_not_date", value=value)
    s = str(value).strip()
    m = _DMY.match(s)
    if m:
        d, mo, y = (int(x) for x in m.groups())
        return _safe_date(y, mo, d, s)
    m = _ISO.match(s)
    if m:
        y, mo, d = (int(x) for x in m.groups())
        return _safe_date(y, mo, d, s)
    raise BadCell("err.cell.not_date", value=s[:40])


def _safe_date(y: int, m: int, d: int, source: str) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise BadCell("err.cell.no_such_date", value=source[:40]) from None


def to_bool(value: object) -> bool:
    """"да", "yes", "1", "x", True → True; anything else False."""
    if isinstance(value, bool):
        return value
    s = (text(value) or "").lower()
    return s in ("да", "yes", "y", "true", "1", "x", "+", "д")


def refs(value: object) -> list[int]:
    """Workbook row numbers from a cell like "12; 40" or 12.0."""
    s = text(value)
    if not s:
        return []
    return [int(x) for x in re.findall(r"\d+", s)]


def ref(value: object) -> int | None:
    found = refs(value)
    return found[0] if found else None
