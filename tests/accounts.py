"""Real Unix accounts for the tests of who may read and write the register's files.

Root bypasses file modes, so a test of permissions runs the real `palata` command as other
accounts: numeric users and a group that need no entry in /etc/passwd (the process is started
with `subprocess`'s user/group/extra_groups, which needs root; elsewhere the test is skipped
with the reason). The accounts need a Python they may run and the project's files they may read:
the test's own interpreter when it is reachable, else the system's of the same version with the
installed packages on PYTHONPATH.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

TEAM_GID = 47_100      # the `palata` group of a team folder
READERS_GID = 47_101   # a group given read access only
UMASK = 0o022          # the usual umask of a login


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gid: int
    groups: tuple[int, ...]
    home: Path


OWNER = ("owner", 47_201, (TEAM_GID,))
MATE = ("mate", 47_202, (TEAM_GID,))
READER = ("reader", 47_203, (READERS_GID,))
STRANGER = ("stranger", 47_204, ())


def _site_paths() -> list[str]:
    paths = [str(REPO)]
    for p in [*site.getsitepackages(), site.getusersitepackages(), *sys.path]:
        if p and p.endswith("site-packages") and Path(p).is_dir() and p not in paths:
            paths.append(p)
    return paths


def _candidates() -> list[str]:
    names = [sys.executable]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for name in (version, "python3"):
        found = shutil.which(name, path="/usr/local/bin:/usr/bin:/bin")
        if found and found not in names:
            names.append(found)
    return names


class Accounts:
    """A folder every test account can reach, and a way to run `palata` as each of them."""

    def __init__(self) -> None:
        if os.geteuid() != 0:
            pytest.skip("acting as several accounts needs root (to start processes as other users)")
        self.base = Path(tempfile.mkdtemp(prefix="palata-accounts-"))
        os.chmod(self.base, 0o755)
        self.env = {"PYTHONPATH": os.pathsep.join(_site_paths()), "PALATA_LANG": "ru", "NO_COLOR": "1",
                    "COLUMNS": "200", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        self.accounts = {}
        for name, uid, groups in (OWNER, MATE, READER, STRANGER):
            home = self.base / f"home-{name}"
            home.mkdir(mode=0o700)
            os.chown(home, uid, uid)
            self.accounts[name] = Account(name, uid, uid, groups, home)
        self.python = self._usable_python()

    def _usable_python(self) -> str:
        probe = "import sys, tui.cli, peewee; print(sys.version_info[:2])"
        wanted = str(tuple(sys.version_info[:2]))
        for exe in _candidates():
            try:
                done = self.run("stranger", "-c", probe, python=exe, check=False)
            except OSError:  # the interpreter sits where the account may not go
                continue
            if done.returncode == 0 and done.stdout.strip() == wanted:
                return exe
        self.cleanup()
        pytest.skip("no Python of this version and no project files that another account may run and "
                    "read (the interpreter or the worktree sits in a private folder)")

    def folder(self, name: str, mode: int, gid: int = 0, uid: int = 0) -> Path:
        """A folder in the shared base with exactly `mode` (a setgid or sticky bit included)."""
        path = self.base / name
        path.mkdir()
        os.chown(path, uid, gid)
        os.chmod(path, mode)
        return path

    def run(self, name: str, *args: str, python: str | None = None, check: bool = False,
            input: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """`python args…` as the account, in its home, under the usual umask."""
        who = self.accounts[name]
        full_env = {**self.env, "HOME": str(who.home), "USER": who.name, "LOGNAME": who.name, **(env or {})}
        return subprocess.run([python or self.python, *args], cwd=who.home, env=full_env, user=who.uid,
                              group=who.gid, extra_groups=list(who.groups), umask=UMASK, input=input,
                              capture_output=True, text=True, timeout=180, check=check)

    def palata(self, name: str, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(name, "-m", "tui.cli", *args)

    def popen(self, name: str, *args: str) -> subprocess.Popen:
        who = self.accounts[name]
        full_env = {**self.env, "HOME": str(who.home), "USER": who.name, "LOGNAME": who.name}
        return subprocess.Popen([self.python, *args], cwd=who.home, env=full_env, user=who.uid,
                                group=who.gid, extra_groups=list(who.groups), umask=UMASK,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)

    def cleanup(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)


# A colleague's process that keeps the register open as a writer, so its -wal/-shm exist:
# it writes one change, says "ready", and on each line it reads writes another ("again") or
# leaves ("stop").
HOLDER = r"""
import sys
from models import store
from models.db import close_database, open_database
from models.entities import Company
open_database(sys.argv[1])
def change(city):
    c = Company.select().order_by(Company.id).first()
    store.update(Company, c.id, c.version, {"city": city})
change("Держатель")
print("ready", flush=True)
for line in sys.stdin:
    if line.strip() == "stop":
        break
    change("Снова")
    print("done", flush=True)
close_database()
print("closed", flush=True)
"""


class Holder:
    """The colleague's process of `HOLDER`, started by an account."""

    def __init__(self, accounts: Accounts, name: str, db: Path) -> None:
        self.proc = accounts.popen(name, "-c", HOLDER, str(db))
        self._expect("ready")

    def _expect(self, word: str) -> None:
        assert self.proc.stdout is not None and self.proc.stderr is not None  # opened as pipes
        line = self.proc.stdout.readline().strip()
        if line != word:
            self.proc.kill()
            raise AssertionError(f"holder said {line!r}, not {word!r}: {self.proc.stderr.read()}")

    def _say(self, word: str) -> None:
        assert self.proc.stdin is not None  # opened as a pipe
        self.proc.stdin.write(f"{word}\n")
        self.proc.stdin.flush()

    def write_again(self) -> None:
        self._say("again")
        self._expect("done")

    def stop(self) -> None:
        self._say("stop")
        self._expect("closed")
        self.proc.wait(timeout=60)
