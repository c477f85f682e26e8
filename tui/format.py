"""How values read on screen and in the briefing: dates, periods, vocabulary labels."""

from __future__ import annotations

from datetime import date, datetime

from models import vocab
from tui.i18n import language


def day(value: date | datetime | None) -> str:
    """08.12.2025 — the way dates are read in both languages here."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.strftime("%d.%m.%Y")


def stamp(value: datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value[:16]
    return value.strftime("%d.%m.%Y %H:%M")


def period(start: date | None, end: date | None) -> str:
    """08–12.12.2025, 28.11–02.12.2025, or one day."""
    if start is None:
        return day(end)
    if end is None or end == start:
        return day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%d}–{day(end)}"
    if start.year == end.year:
        return f"{start:%d.%m}–{day(end)}"
    return f"{day(start)}–{day(end)}"


def label(vocabulary: vocab.Vocabulary, code: str | None) -> str:
    return vocab.label(vocabulary, code, language())


def status(code: str | None) -> str:
    return label(vocab.MEMBER_STATUS, code)


def direction(code: str | None) -> str:
    return label(vocab.INTEREST_DIRECTION, code)


def interest_status(code: str | None) -> str:
    return label(vocab.INTEREST_STATUS, code)


def mission_kind(code: str | None) -> str:
    return label(vocab.MISSION_KIND, code)


def role(code: str | None) -> str:
    return label(vocab.PARTICIPATION_ROLE, code)


def agreement_kind(code: str | None) -> str:
    return label(vocab.AGREEMENT_KIND, code)


def agreement_status(code: str | None) -> str:
    return label(vocab.AGREEMENT_STATUS, code)


def activity_kind(code: str | None) -> str:
    return label(vocab.ACTIVITY_KIND, code)


def joined(*parts: str | None, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def day_iso(value: str | None) -> str:
    """An ISO date string (as raw queries return it) read the way `day` reads a date."""
    if not value:
        return ""
    try:
        return day(date.fromisoformat(value[:10]))
    except ValueError:
        return value
