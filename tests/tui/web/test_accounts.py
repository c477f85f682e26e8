"""The launcher started by root runs each session as the login's own Unix account: the change
log names that account as over SSH, and the register's file permissions are that account's."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.accounts import _site_paths
from tests.tui.web.test_browser import search_and_rename


def _python_for(account: pwd.struct_passwd) -> tuple[str, dict[str, str]]:
    """A Python of this version that the account may run, with the project and its packages on
    PYTHONPATH (the tests' own may sit in a private folder); skipped without one."""
    env = {"PYTHONPATH": os.pathsep.join(_site_paths())}
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for exe in (sys.executable, shutil.which(version, path="/usr/local/bin:/usr/bin:/bin")):
        if not exe:
            continue
        try:
            probe = subprocess.run([exe, "-c", "import tui.cli, textual_serve"], user=account.pw_uid,
                                   group=account.pw_gid, extra_groups=[], env=env, capture_output=True)
        except OSError:
            continue
        if probe.returncode == 0:
            return exe, env
    pytest.skip("no Python of this version and no project files that the account nobody may use")


@pytest.fixture
def nobody_register(sample_db):
    """The sample register in a folder of its own that only `nobody` may use."""
    if os.geteuid() != 0:
        pytest.skip("sessions run as each login's account only when the launcher is root")
    account = pwd.getpwnam("nobody")
    base = Path(tempfile.mkdtemp(prefix="palata-web-accounts-"))  # pytest's own folders are root's only
    os.chmod(base, 0o711)
    folder = base / "team"
    folder.mkdir(mode=0o700)
    register = folder / "palata.db"
    shutil.copy(sample_db, register)
    for path in (folder, register):
        os.chown(path, account.pw_uid, account.pw_gid)
    yield register
    shutil.rmtree(base, ignore_errors=True)


def test_a_root_launcher_runs_each_session_as_the_logins_account(nobody_register, launch, tabs):
    from tests.tui.web.conftest import Register

    python, env = _python_for(pwd.getpwnam("nobody"))
    launcher = launch(str(nobody_register), "--runs-as", "login", python=python, env=env,
                      state=nobody_register.parent.parent / "state")
    tab = tabs(launcher, "nobody")
    tab.open()
    tab.wait_for("ИНН")
    [pid] = launcher.session_pids()
    uid_line = next(line for line in open(f"/proc/{pid}/status") if line.startswith("Uid:"))
    assert uid_line.split()[1:3] == [str(pwd.getpwnam("nobody").pw_uid)] * 2
    company = search_and_rename(tab, Register(str(nobody_register), "sqlite"), "Ставровский парк Никто")
    assert Register(str(nobody_register), "sqlite").changes(company)[0][0] == "nobody"

    ghost = tabs(launcher, "ghost-no-such-account")
    ghost.open()
    ghost.wait_for("На сервере нет учётной записи ghost-no-such-account")
