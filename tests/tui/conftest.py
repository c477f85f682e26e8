"""Fixtures and helpers for the app's tests: a private copy of the sample database, waiting for
the app's workers, and reading what the screen shows."""

from __future__ import annotations

import re
import shutil
import sqlite3
import time
from bisect import bisect_left
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual import events
from textual.widgets import DirectoryTree, Input, TextArea

from models.db import close_database, open_database
from tui.app import PalataApp
from tui.i18n import set_language

SIZES = {"80x24": (80, 24), "160x48": (160, 48)}  # a small SSH terminal, and a wide one


@pytest.fixture
def app_db(sample_db: Path, tmp_path: Path):
    """A copy of the sample database, opened in this process, Russian interface."""
    path = tmp_path / "app.db"
    shutil.copy(sample_db, path)
    open_database(path)
    set_language("ru")
    yield path
    close_database()
    set_language("ru")


def make_app(path: Path, **kwargs) -> PalataApp:
    kwargs.setdefault("poll", None)
    return PalataApp(location=str(path), subtitle="sample.db", **kwargs)


def _busy_workers(app) -> list:
    """The app's workers but the loader a DirectoryTree keeps waiting for folders to open for as
    long as it lives (the import section's file tree stays open when left)."""
    return [w for w in app.workers if not isinstance(w.node, DirectoryTree) and not w.is_finished]


async def wait_for_workers(app) -> None:
    """Wait for the app's workers (but a DirectoryTree's loader, `_busy_workers`)."""
    busy = _busy_workers(app)
    if busy:  # an empty list would mean "all of them"
        await app.workers.wait_for_complete(busy)


async def settle(pilot, rounds: int = 3) -> None:
    """Let the app's thread workers finish and the screen catch up; no cursor blinks (a snapshot
    would catch it on or off)."""
    app = pilot.app
    for done in range(rounds + 30):  # on a loaded machine a screen's loading may take more rounds
        await wait_for_workers(app)
        await pilot.pause()
        if done + 1 >= rounds and not _busy_workers(app):
            break
    for widget in [*app.screen.query(Input), *app.screen.query(TextArea)]:
        widget.cursor_blink = False
    await pilot.pause()


async def burst(pilot, *keys: str) -> None:
    """Every key handed to the app before it handles any of them, as a fast typist's terminal
    delivers them (`Pilot.press` waits for the app to go idle after each key, which hides what
    a key that moves the focus does to the keys behind it); then wait until it is idle."""
    app = pilot.app
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(pilot)


Step = Callable[..., Awaitable[None]]  # a step through the app: takes the pilot


def pressing(*keys: str, first: Step | None = None, wait: Step = settle) -> Step:
    """A step (a snapshot's `run_before`, say): `first` (else `wait`, the app settling), then the
    `keys`, then `wait` again."""
    async def run(pilot) -> None:
        await (first or wait)(pilot)
        await pilot.press(*keys)
        await wait(pilot)
    return run


def screen_text(app) -> str:
    """What the terminal shows, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def wait_for_text(pilot, text: str, deadline: float = 5.0) -> str:
    """Poll the screen until `text` shows or the deadline passes; returns the screen."""
    end = time.monotonic() + deadline
    shown = ""
    while time.monotonic() < end:
        await pilot.pause(0.05)
        shown = screen_text(pilot.app)
        if text in shown:
            return shown
    raise AssertionError(f"{text!r} did not appear within {deadline} s; the screen:\n{shown}")


_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+")


class DataWords:
    """Every word of the register's text: what may be Cyrillic on an English screen."""

    def __init__(self, path: Path):
        words: set[str] = set()
        texts: list[str] = []
        with sqlite3.connect(path) as con:
            for table, in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                      "AND name NOT LIKE 'search_index%' AND name != 'change_log'"):
                columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")') if r[2] == "TEXT"]
                if not columns:
                    continue
                for row in con.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} '
                                       f'FROM "{table}"'):
                    for value in row:
                        if value:
                            texts.append(value)
                            words.update(w.lower() for w in _CYRILLIC_WORD.findall(value))
        self.sorted = sorted(words)
        self.text = "\n".join(texts).lower()

    def knows(self, word: str) -> bool:
        """True when `word` is a data word or the start of one (cut short by '…')."""
        word = word.lower()
        i = bisect_left(self.sorted, word)
        return i < len(self.sorted) and self.sorted[i].startswith(word)

    def foreign(self, text: str) -> list[str]:
        return sorted({w for w in _CYRILLIC_WORD.findall(text) if not self.knows(w)})
