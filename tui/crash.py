"""The log of bugs: a traceback for us in the user's private log, one sentence for the user."""

from __future__ import annotations

import sys
import time
import traceback


def log_crash(exc: BaseException | None = None) -> str:
    """Append the traceback of `exc` (default: the one being handled) to the user's private
    error log (0600 in a 0700 folder), with every server URL's password hidden — in the command
    line and in the traceback; return where it went. Never raises: an argument that is no UTF-8
    (`palata search $'\\xff'`) is written escaped, and a log that cannot be written is "stderr"."""
    text = "".join(traceback.format_exception(exc)) if exc is not None else traceback.format_exc()
    try:
        from platformdirs import user_log_path

        from models import safefile
        from models.backend import redact

        folder = user_log_path("palata", appauthor=False)
        safefile.make_folders(folder)
        log = folder / "palata-errors.log"
        # an argument that is not UTF-8 arrives with surrogates: written escaped, never a crash
        command = " ".join(redact(a) for a in sys.argv)
        with safefile.open_append(log) as fh:
            fh.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} {command}\n")
            fh.write(redact(text))
        return str(log)
    except Exception:  # noqa: BLE001 — the logger of bugs must not become one
        return "stderr"
