"""Showing register text on a terminal harmlessly: never as markup, never as control bytes.

The register is cleaned as it is written (`models.safetext`), but a database from before, or one
written around Palata, may still hold an ESC sequence or a name like "ООО [/] Скобки". So every
value from the register reaches rich and Textual as plain text (`plain`, never markup; the
commands' console has markup off altogether); and, as a net under both, `install` makes rich's
and Textual's own text objects show each control character as a visible stand-in instead of
passing it to the terminal — whatever path a value takes to the screen.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from models.safetext import PRINTABLE_TABLE, printable


def plain(value: object, **options: Any) -> Text:
    """`value` as rich Text: shown literally ("[bold]" stays "[bold]"), control characters as
    visible stand-ins. Textual's Static, Label, DataTable and Option take it as it is."""
    return Text(printable("" if value is None else str(value)), **options)


def cell(value: object, *, right: bool = False, blank_zero: bool = False, style: str = "") -> Text:
    """A table cell: one line of plain text that ends in «…» where the column is too narrow;
    None (and 0 with `blank_zero`, for counts) shows as nothing."""
    if value is None or (blank_zero and value == 0):
        value = ""
    return plain(value, no_wrap=True, overflow="ellipsis", justify="right" if right else None, style=style)


def install() -> None:
    """Make rich's Text and Textual's Content, which already drop BEL, BS, VT, FF and CR, show
    every other control character (ESC, NUL, C1, DEL, bidi overrides) as a stand-in of the same
    length, so their spans still fit. Both libraries keep that table in a module-level dict
    bound as a default argument; it is extended in place. Idempotent."""
    import rich.control
    import textual.content

    for module in (rich.control, textual.content):
        table = getattr(module, "_CONTROL_STRIP_TRANSLATE", None)
        if isinstance(table, dict):
            for code, stand_in in PRINTABLE_TABLE.items():
                if code not in table and code not in (0x09, 0x0A):
                    table[code] = stand_in


def installed() -> bool:
    """True when rich and Textual show an ESC as a stand-in (see `install`)."""
    from textual.content import Content

    return Text("\x1b").plain == "\u241b" and Content("\x1b").plain == "\u241b"
