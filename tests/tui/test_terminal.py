"""End to end in a real terminal: `palata --db FILE` under tmux, typed at like a person would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=10).stdout


def _wait_for(session: str, text: str, deadline: float = 15.0) -> str:
    end = time.monotonic() + deadline
    shown = ""
    while time.monotonic() < end:
        shown = _tmux("capture-pane", "-p", "-t", session)
        if text in shown:
            return shown
        time.sleep(0.1)
    raise AssertionError(f"{text!r} did not appear within {deadline} s; the screen:\n{shown}")


def test_search_and_open_a_dossier_in_a_real_terminal(app_db, tmp_path):
    session = f"palata-{uuid.uuid4().hex[:8]}"
    command = " ".join([sys.executable, "-m", "tui.cli", "--db", str(app_db)])
    env = {**os.environ, "PALATA_LANG": "ru", "TERM": "xterm-256color"}
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", str(REPO),
                    command], check=True, env=env, timeout=10)
    try:
        _wait_for(session, "Показано 100 из")
        _tmux("send-keys", "-t", session, "ставровский")
        screen = _wait_for(session, "Найдено")
        _wait_for(session, "Ставровский индус")
        _tmux("send-keys", "-t", session, "Enter")  # to the table
        time.sleep(0.2)
        _tmux("send-keys", "-t", session, "Enter")  # open the dossier
        _wait_for(session, "Карточка")
        screen = _wait_for(session, "Краткое наименование")
        assert "Ставровский индустриальный парк" in screen and "ИНН" in screen
        _tmux("send-keys", "-t", session, "Escape")
        _wait_for(session, "Найдено")
        _tmux("send-keys", "-t", session, "C-q")
        end = time.monotonic() + 10
        while time.monotonic() < end and session in _tmux("list-sessions", "-F", "#{session_name}"):
            time.sleep(0.1)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, timeout=10)
