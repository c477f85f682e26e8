"""The real app on a register already holding terminal attacks (written around Palata, as an old
database or a script would leave them): in a real pseudo-terminal, nothing of them reaches the
terminal's input stream raw, and through Pilot the screens show the names literally, markup and
all, with control characters as visible stand-ins."""

from __future__ import annotations

import asyncio
import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from textual.worker import WorkerCancelled

from models.db import close_database, database, open_database
from tests.conftest import REPO
from tests.terminal_attacks import ASK, C1, LINK, RLO, TITLE, WIPE
from tests.tui.conftest import screen_text, settle
from tui.app import PalataApp
from tui.forms.company_form import CompanyForm
from tui.i18n import set_language

NAMES = {
    "title": f"Ромашка{TITLE}{WIPE}",
    "markup": "[bold red]Красная[/]",
    "brackets": "ООО [/] Скобки",
    "link": f"[link=http://evil.example]Ссылка[/link] {LINK}",
    "ask": f"Вопрос{ASK}{C1}{RLO}",
}


def _dirty_register(path: Path) -> dict[str, int]:
    from models import store
    from models.entities import Activity, Company, Contact

    open_database(path)
    try:
        ids = {}
        for key in NAMES:
            ids[key] = store.create(Company, {"short_name": f"Компания {key}", "city": "Владимир"})
        for key, name in NAMES.items():
            database.execute_sql("UPDATE company SET short_name = ?, full_name = ?, city = ?, notes = ? "
                                 "WHERE id = ?", (name, name, f"Город{WIPE}", f"{ASK}заметка\x00", ids[key]))
        first = ids["title"]
        contact = store.create(Contact, {"company": first, "name": "Иванов"})
        database.execute_sql("UPDATE contact SET name = ?, position = ? WHERE id = ?",
                             (f"Иванов{TITLE}", "[/] директор", contact))
        activity = store.create(Activity, {"company": first, "text": "позвонить", "due_on": "2030-01-01"})
        database.execute_sql("UPDATE activity SET text = ? WHERE id = ?", (f"позвонить{WIPE}", activity))
        return ids
    finally:
        close_database()


def _run_in_pty(args: list[str], wanted: tuple[bytes, ...], deadline: float = 40.0,
                cwd: Path = REPO) -> bytes:
    """Everything the program writes to a real 100x30 pseudo-terminal until each of `wanted`
    has been written, and then until it exits on Ctrl+Q."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "PALATA_LANG": "ru", "COLORTERM": "truecolor"}
    env.pop("PALATA_DB", None)
    proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env,
                            start_new_session=True)
    os.close(slave)
    out = bytearray()
    quit_sent = False
    end = time.monotonic() + deadline
    try:
        while time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the program closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
            if not quit_sent and all(w in out for w in wanted):
                time.sleep(0.5)  # let the rest of the first screen be drawn
                os.write(master, b"\x11")  # Ctrl+Q
                quit_sent = True
            if quit_sent and proc.poll() is not None:
                break
        missing = [w for w in wanted if w not in out]
        assert not missing, f"{missing!r} never shown; the program wrote:\n{bytes(out)[-3000:]!r}"
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        os.close(master)
    return bytes(out)


@pytest.mark.skipif(sys.platform != "linux", reason="a Linux pseudo-terminal")
def test_the_app_in_a_real_terminal_sends_nothing_of_the_data_raw(tmp_path):
    path = tmp_path / "dirty.db"
    _dirty_register(path)
    # Textual redraws parts of lines, so only short pieces are sure to arrive whole; the names
    # as written are checked through Pilot below
    shown = ("␛", "Скобки", "Красная")
    out = _run_in_pty([sys.executable, "-m", "tui.cli", "--db", str(path)], tuple(w.encode() for w in shown))
    # the data's own sequences: the title, the wipe next to the name, the planted link, the
    # question to the terminal, the 8-bit controls, NUL, the override
    for raw in (b"\x1b]0;pwned", "Ромашка\x1b".encode(), b"\x1b]8;;http://evil", "Вопрос\x1b".encode(),
                "\x9b".encode(), "\x9d".encode(), b"\x00", "\u202e".encode()):
        assert raw not in out, raw
    assert b"\x1b[6n" not in out.replace(b"\x1b[6n\x1b", b"")  # (the app asks nothing itself)


@pytest.fixture
def dirty_app_db(tmp_path):
    path = tmp_path / "dirty.db"
    ids = _dirty_register(path)
    open_database(path)
    set_language("ru")
    yield path, ids
    close_database()


def test_every_screen_shows_the_dirty_register_literally(dirty_app_db):
    asyncio.run(_every_screen(*dirty_app_db))


async def _every_screen(path: Path, ids: dict[str, int]) -> None:
    app = PalataApp(location=str(path), subtitle="dirty.db", poll=None)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "[bold red]Красная[/]" in shown and "ООО [/] Скобки" in shown and "Ромашка␛]0;pwned" in shown
        assert "\x1b" not in shown and "\x9b" not in shown
        for key in ("title", "brackets", "markup"):
            app.open_dossier(ids[key])
            await settle(pilot)
            shown = screen_text(app)
            assert "\x1b" not in shown and "\x00" not in shown
            assert NAMES[key].replace("\x1b", "␛").replace("\x07", "")[:12] in shown
            await pilot.press("b")  # the briefing
            await settle(pilot)
            assert "\x1b" not in screen_text(app)
            await pilot.press("d")  # back to the dossier, in place of the briefing
            await settle(pilot)
            await pilot.press("e")  # the form, its inputs and text areas holding the raw values
            await settle(pilot)
            assert isinstance(app.screen, CompanyForm)
            assert "\x1b" not in screen_text(app) and "\x00" not in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        for action in ("missions", "interests", "duplicates", "changes", "import_history"):
            await app.run_action(action)
            for _ in range(3):  # a screen's first load may be replaced by a second one
                try:
                    await settle(pilot)
                except WorkerCancelled:
                    continue
                break
            assert "\x1b" not in screen_text(app), action
