"""Each person's own settings — theme, language, the companies' sort — remembered between runs in
their config folder (`platformdirs.user_config_path`, ~/.config/palata/settings.json on Linux).

The file is the person's own: written 0600, atomically (a private temporary file beside it,
then renamed over it), so a crash or a second Palata never leaves half a file. A missing, damaged
or unreadable file reads as no settings; a failure to write is not worth stopping anybody's work."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

FILE_NAME = "settings.json"
KNOWN = {"theme": str, "language": str, "sort": str, "descending": bool}


def path() -> Path:
    return user_config_path("palata", appauthor=False) / FILE_NAME


def load() -> dict[str, Any]:
    """The remembered settings (only known keys with values of the right type)."""
    try:
        data = json.loads(path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if k in KNOWN and isinstance(v, KNOWN[k])}


def get(key: str, default: Any = None) -> Any:
    return load().get(key, default)


def remember(**values: Any) -> bool:
    """Merge `values` into the file (a None value forgets the key); False when it could not be written."""
    data = load()
    for key, value in values.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    target = path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=target.parent)  # 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(temp, 0o600)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True
