"""The interface's strings in Russian (default) and English: `t("key", name=...)`."""

from __future__ import annotations

import locale
import os

from tui.i18n.plural import Count, Word
from tui.i18n.strings import STRINGS

LANGUAGES = ("ru", "en")
_current = "ru"


def detect(argv: list[str] | None = None) -> str:
    """--lang wins; then PALATA_LANG, then the language the person chose last time (F3), then an
    English locale gives English; Russian by default."""
    argv = argv or []
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in LANGUAGES else "ru"
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in LANGUAGES else "ru"
    if os.environ.get("PALATA_LANG"):
        return "en" if os.environ["PALATA_LANG"].lower().startswith("en") else "ru"
    from tui import user_settings  # the language the person chose last time (F3)

    remembered = user_settings.get("language")
    if remembered in LANGUAGES:
        return remembered
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        setting = os.environ.get(var)
        if setting:
            return "en" if setting.lower().startswith("en") else "ru"
    loc = locale.getlocale()[0] or ""
    return "en" if loc.lower().startswith("en") else "ru"


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGUAGES else "ru"


def language() -> str:
    return _current


def t(key: str, **values: object) -> str:
    """The string `key` in the current language, formatted with `values`."""
    pair = STRINGS[key]
    text = pair[1] if _current == "en" else pair[0]
    if not values:
        return text
    # whole numbers know their plural forms: "{count:компания|компании|компаний}" → "5 компаний"
    values = {k: _countable(v) for k, v in values.items()}
    return text.format(**values)


def _countable(value: object) -> object:
    """A whole number (or its digits as text) as a `Count`; other text takes the many-form of a
    plural spec ("… компаний"); anything else as it is."""
    if type(value) is int:
        return Count(value, _current)
    if isinstance(value, str):
        return Count(value, _current) if value.isascii() and value.isdigit() else Word(value)
    return value
