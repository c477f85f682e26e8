"""The log of bugs: a traceback for us in the user's log folder, one sentence for the user."""

from __future__ import annotations

import sys
import time
import traceback


def log_crash(exc: BaseException | None = None) -> str:
    """Append the traceback of `exc` (default: the one being handled) to the crash log; return
    where it went. Never raises: an argument that is no UTF-8 text (`palata search $'\\xff'`)
    is written escaped, and a log that cannot be written falls back to stderr."""
    text = "".join(traceback.format_exception(exc)) if exc is not None else traceback.format_exc()
    head = f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(sys.argv)}\n"
    try:
        from platformdirs import user_log_path

        folder = user_log_path("palata", appauthor=False)
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "palata-errors.log"
        with log.open("a", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(head)
            fh.write(text)
        return str(log)
    except Exception:  # noqa: BLE001 — the logger of bugs must not become one
        try:
            sys.stderr.write((head + text).encode("utf-8", "backslashreplace").decode("utf-8"))
        except Exception:  # noqa: BLE001
            pass
        return "stderr"
