"""What a hostile colleague puts in a workbook or a database to take over a terminal, and how a
test tells whether any of it reached one."""

from __future__ import annotations

import re
from pathlib import Path

ESC = "\x1b"
TITLE = f"{ESC}]0;pwned\x07"  # OSC 0: the window title changes
WIPE = f"{ESC}[2J"  # CSI 2 J: the screen is wiped
LINK = f"{ESC}]8;;http://evil.example{ESC}\\Нажмите здесь{ESC}]8;;{ESC}\\"  # OSC 8: a fake link
ASK = f"{ESC}[6n"  # CSI 6 n: the terminal types its cursor position into the program
C1 = "\x9b31m\x9d0;t\x9c"  # the 8-bit forms of CSI and OSC
RLO = "\u202e"  # right-to-left override

# Anything that makes a terminal act: ESC, the C1 controls, NUL, BEL, VT, FF, CR, DEL, bidi overrides.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def write_hostile_xlsx(path: Path, rows: list[list[object]]) -> Path:
    """An .xlsx holding control characters the way Excel stores them (_x001B_ escapes): written
    with xlsxwriter, since openpyxl refuses to write them at all."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Члены")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write_string(r, c, str(value))
    book.close()
    return path


def controls_in(text: str) -> list[str]:
    """The control characters in `text`, for an assertion message."""
    return sorted({repr(m.group()) for m in CONTROL.finditer(text)})


def history_triggers(enabled: bool) -> None:
    """On PostgreSQL, switch the triggers that keep the history final and stamp its user
    (migration 0008) on or off: a test writes an old, dirty register as it was before them."""
    from models import backend
    from models.db import database

    if backend.of(database.obj) is not backend.POSTGRES:
        return
    for table in ("change_log", "import_batch", "merge"):
        database.execute_sql(f'ALTER TABLE "{table}" {"ENABLE" if enabled else "DISABLE"} TRIGGER USER')
