"""Refusals in words: what the connected account's level does not allow (`models.rights`)."""

from __future__ import annotations

from models import rights
from tui.i18n import t


def refusal(action: str, level: str | None = None) -> str:
    """The one sentence saying that `action` is not allowed at this level."""
    key = action if f"rights.{action}" in _keys() else "denied"
    have = level or _level()
    return t(f"rights.{key}", level=t(f"rights.level.{have}") if have else "")


def explain(exc: rights.NotAllowed) -> str:
    return refusal(exc.action, exc.level or None)


def _level() -> str:
    try:
        return rights.level()
    except Exception:  # the store is gone: say it without the level
        return ""


def _keys():
    from tui.i18n.strings import STRINGS

    return STRINGS
