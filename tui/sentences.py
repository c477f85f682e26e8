"""One sentence, in the interface language, for anything that went wrong (no Textual here: the
command uses it too)."""

from __future__ import annotations

from models.db import BUSY_TIMEOUT_S, explain, is_store_failure
from models.errors import PalataError
from tui.i18n import t
from tui.i18n.strings import STRINGS


def store_sentence(exc: BaseException) -> str:
    """What a person reads for `exc`: the store's failure in their language, the project's own
    sentence, or (a bug) one line pointing to the log that holds the traceback."""
    from models.rights import NotAllowed

    if is_store_failure(exc):
        exc = explain(exc)
    if isinstance(exc, NotAllowed):
        from tui.rights_text import explain as refusal

        return refusal(exc)
    if is_store_failure(exc):
        err = exc
        key = f"store.{getattr(err, 'code', 'other')}"
        if key in STRINGS:
            return t(key, seconds=f"{BUSY_TIMEOUT_S:.0f}", **{"where": "", **getattr(err, "values", {})})
        return str(err)
    if isinstance(exc, PalataError):
        return str(exc)
    from tui.crash import log_crash

    return t("store.bug", kind=type(exc).__name__, log=log_crash(exc))
