"""Secrets never logged: an internal error with a password in `--db` leaves a private error log
without the password; a command line that is not UTF-8 does not break the logger; what the
command says about a server never shows its password."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, run_palata

URL = "postgresql://user:secret@127.0.0.1:5432/x"

# A bug, made deterministic: the search command raises an error that carries its --db.
CRASH = """
import sys, tui.cli
def boom(args):
    raise RuntimeError("a bug while working on " + str(args.db))
tui.cli.COMMANDS["search"] = boom
sys.argv = ["palata", *(a if isinstance(a, str) else a for a in sys.argv[1:])]
sys.exit(tui.cli.main())
"""


def _crash(home: Path, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PALATA_LANG": "ru", "NO_COLOR": "1", "HOME": str(home)}
    env.pop("XDG_STATE_HOME", None)
    return subprocess.run([sys.executable, "-c", CRASH, *args], cwd=REPO, env=env, capture_output=True,
                          timeout=120, umask=0o022)


def _log(home: Path) -> Path:
    return home / ".local" / "state" / "palata" / "log" / "palata-errors.log"


def test_an_internal_error_logs_no_password_and_the_log_is_private(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    done = _crash(home, "--db", URL, "search", "x")
    said = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in said
    log = _log(home)
    assert f"Подробности записаны в {log}." in said.replace("\n", "")
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: a bug while working on postgresql://user:***@127.0.0.1:5432/x" in text
    assert "--db postgresql://user:***@127.0.0.1:5432/x search x" in text
    assert "secret" not in text and "secret" not in said
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


def test_an_argument_that_is_not_utf8_does_not_break_the_logger(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    done = _crash(home, "--db", str(tmp_path / "x.db"), "search", b"caf\xe9 \xff")
    said = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in said and "Внутренняя ошибка" in said
    text = _log(home).read_text(encoding="utf-8")
    assert "search caf\\udce9 \\udcff" in text and "RuntimeError" in text


def test_what_the_command_says_about_a_server_hides_its_password(tmp_path):
    """(127.0.0.1:5432 answers in the test setup or refuses: either way a sentence names it.)"""
    refused = run_palata("--db", URL, "search", "x")
    assert refused.returncode == 1
    assert "postgresql://user:***@127.0.0.1:5432/x" in refused.stderr and "secret" not in refused.stderr
    from models.db import close_database, open_database

    open_database(tmp_path / "p.db")
    close_database()
    target = run_palata("--db", str(tmp_path / "p.db"), "copy", "--to", URL.replace("/x", "/y"))
    assert target.returncode == 1
    assert "user:***@" in target.stderr and "secret" not in target.stderr
