"""Refusals in words: what the connected account's level does not allow (`models.rights`)."""

from __future__ import annotations

from models import rights
from models.db import is_server
from tui.i18n import keys, t


def refusal(action: str, level: str | None = None) -> str:
    """The one sentence saying that `action` is not allowed at this level (a refusal by the
    server that Palata did not foresee: the general sentence)."""
    key = keys.REFUSAL.get(action, "rights.denied")
    have = level or _level()
    if have == rights.READER and not is_server():
        key = "app.read_only_refused"  # on SQLite the boundary is the file's permissions
    return t(key, level=t(keys.RIGHTS_LEVEL[have]) if have else "")


def explain(exc: rights.NotAllowed) -> str:
    return refusal(exc.action, exc.level or None)


def _level() -> str:
    try:
        return rights.level()
    except Exception:  # the store is gone: the sentence does without the level
        return ""
