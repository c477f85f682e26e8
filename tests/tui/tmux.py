"""The real `palata` in a tmux session, typed at and read like a person would, and a reader
of what it shows for words and e-mail addresses cut in two across lines."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

from tests.conftest import REPO


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=10).stdout


class Terminal:
    """`palata --db PATH` in a detached tmux session of `width`×`height`, Russian interface."""

    def __init__(self, db: Path, width: int = 80, height: int = 24) -> None:
        self.session = f"palata-{uuid.uuid4().hex[:8]}"
        command = " ".join([sys.executable, "-m", "tui.cli", "--db", str(db)])
        env = {**os.environ, "PALATA_LANG": "ru", "TERM": "xterm-256color"}
        env.pop("PALATA_DB", None)
        subprocess.run(["tmux", "new-session", "-d", "-s", self.session, "-x", str(width), "-y",
                        str(height), "-c", str(REPO), command], check=True, env=env, timeout=10)

    def screen(self) -> str:
        return _tmux("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str) -> None:
        for key in keys:
            _tmux("send-keys", "-t", self.session, key)

    def type(self, text: str) -> None:
        _tmux("send-keys", "-t", self.session, "-l", text)

    def wait_for(self, *texts: str, deadline: float = 20.0) -> str:
        """The screen, once every one of `texts` is on it (polled; an assertion after `deadline`)."""
        end = time.monotonic() + deadline
        shown = ""
        while time.monotonic() < end:
            shown = self.screen()
            if all(t in shown for t in texts):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{texts!r} did not all appear within {deadline} s; the screen:\n{shown}")

    def close(self) -> None:
        self.keys("C-q")
        end = time.monotonic() + 10
        while time.monotonic() < end and self.session in _tmux("list-sessions", "-F", "#{session_name}"):
            time.sleep(0.1)
        subprocess.run(["tmux", "kill-session", "-t", self.session], capture_output=True, timeout=10)


# a run of text in one column: what lies between two or more spaces or a frame's edge
_FRAME = "│┃▏▎▊▌▐║|"
_SEGMENT = re.compile(rf"[^\s{_FRAME}](?:[^{_FRAME}\s]| (?! ))*")
_LETTERS = re.compile(r"[^\W\d_]+")
_EMAIL_PIECE = re.compile(r"\S*@\S*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+[.,;:)»]*")


def _segments(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _SEGMENT.finditer(line)]


def broken_words(screen: str, vocabulary: set[str]) -> list[str]:
    """Words cut in two between a line and the next in the same column: the end of a run of text
    and the start of the run below it (at most four cells further right, for lists) join into a
    word the register or the interface uses, while neither piece is a word on its own."""
    lines = screen.splitlines()
    found = []
    for upper, lower in zip(lines, lines[1:], strict=False):
        below = _segments(lower)
        for start, text in _segments(upper):
            tail = re.search(r"[^\W\d_]+$", text)
            if not tail:
                continue
            for b_start, b_text in below:
                if start <= b_start <= start + 4:
                    head = re.match(r"[^\W\d_]+", b_text)
                    if head:
                        a, b = tail.group().lower(), head.group().lower()
                        if a + b in vocabulary and a not in vocabulary and b not in vocabulary:
                            found.append(f"{tail.group()} / {head.group()}")
                    break
    return found


def broken_emails(screen: str) -> list[str]:
    """Pieces with an '@' that are not a whole e-mail address (and not cut short with '…')."""
    found = []
    for line in screen.splitlines():
        for piece in _EMAIL_PIECE.findall(line):
            if piece.endswith("…") or _EMAIL.fullmatch(piece.strip("«(\"'")):
                continue
            found.append(piece)
    return found


def vocabulary(register_text: str) -> set[str]:
    """Every word of the register's text and of the interface's catalogue, lower case."""
    from tui.i18n.strings import STRINGS

    words = set(_LETTERS.findall(register_text.lower()))
    for ru, en in STRINGS.values():
        words.update(_LETTERS.findall(f"{ru} {en}".lower()))
    return words
