"""One app process per browser tab, started as the login it serves.

The process is started with `exec` from an argument list (never a shell line) and a small
environment made here (nothing of the launcher's own leaks in). Who it serves is handed over on an
inherited socket (`handover.py` is the other end): not a variable or an argument, which anyone
starting `palata` could set. When the launcher runs as root the process also runs as the login's
own Unix account; otherwise it runs as the launcher's account, with folders of its own per login.
"""

from __future__ import annotations

import json
import os
import pwd
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from textual_serve.app_service import AppService

from models.backend import is_url

LOGINS, LAUNCHER = "login", "launcher"  # whose account a session runs as
_PATH = "/usr/local/bin:/usr/bin:/bin"


class NoAccount(Exception):
    """Sessions run as the login's account, and the server has no account of that name."""

    def __init__(self, login: str):
        self.login = login
        super().__init__(login)


@dataclass(frozen=True)
class Plan:
    """How one session is started: argv, environment, account, folder and the hand-over."""

    argv: list[str]
    env: dict[str, str]
    cwd: Path
    uploads: Path
    user: int | None = None
    group: int | None = None
    groups: tuple[int, ...] = ()


def location_for(location: str, login: str) -> str:
    """The register as the login reaches it: a PostgreSQL URL connects as the login's own role
    (the server authenticates it and writes it into the change log; the launcher's password is
    not passed on); a file stays the file."""
    if not is_url(location):
        return location
    parts = urlsplit(location)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{quote(login, safe='')}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def user_folder(state: Path, login: str) -> Path:
    return state / "users" / login


def _private_folder(path: Path, owner: int | None = None, group: int | None = None,
                    mode: int = 0o700) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=mode)
    os.chmod(path, mode)
    if owner is not None or group is not None:
        os.chown(path, -1 if owner is None else owner, -1 if group is None else group)
    return path


def plan(location: str, login: str, *, state: Path, runs_as: str, lang: str | None,
         width: int, height: int, fd: int) -> Plan:
    """The argv, environment and account of a session for `login` (hand-over socket `fd`)."""
    # -P: the working folder (the login's uploads) is not put on the module path
    argv = [sys.executable, "-P", "-m", "tui.cli", "--db", location_for(location, login)]
    if lang:
        argv += ["--lang", lang]
    argv += ["app", "--web-session", str(fd)]
    env = {"PATH": _PATH, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver", "TEXTUAL_FPS": "60",
           "TEXTUAL_COLOR_SYSTEM": "truecolor", "TERM_PROGRAM": "textual", "TERM_PROGRAM_VERSION": "1",
           "COLUMNS": str(width), "ROWS": str(height), "PYTHONNOUSERSITE": "1"}
    if lang:
        env["PALATA_LANG"] = lang
    if os.environ.get("PYTHONPATH"):  # where the launcher's own code came from: the same for the app
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    mine, uploads = folders(state, login, runs_as)
    if runs_as == LOGINS:
        account = pwd.getpwnam(login)
        env.update(HOME=account.pw_dir, USER=login, LOGNAME=login)
        groups = tuple(os.getgrouplist(login, account.pw_gid))
        return Plan(argv, env, uploads, uploads, account.pw_uid, account.pw_gid, groups)
    # one account for every login: each gets its own settings, logs and uploads
    me = pwd.getpwuid(os.geteuid())
    env.update(HOME=str(mine), USER=me.pw_name, LOGNAME=me.pw_name,
               XDG_CONFIG_HOME=str(_private_folder(mine / "config")),
               XDG_STATE_HOME=str(_private_folder(mine / "state")),
               XDG_DATA_HOME=str(_private_folder(mine / "data")),
               XDG_CACHE_HOME=str(_private_folder(mine / "cache")))
    return Plan(argv, env, uploads, uploads)


def folders(state: Path, login: str, runs_as: str) -> tuple[Path, Path]:
    """The login's folder under the launcher's and its uploads folder, made as the set-up wants
    them: private to the launcher's account, or (sessions as each login's account) the
    launcher's with read access for the login's group only, so nothing can be planted in them."""
    if runs_as != LOGINS:
        mine = _private_folder(user_folder(state, login))
        return mine, _private_folder(mine / "uploads")
    try:
        account = pwd.getpwnam(login)
    except KeyError:
        raise NoAccount(login) from None
    _private_folder(state / "users", mode=0o711)
    mine = _private_folder(user_folder(state, login), owner=0, group=account.pw_gid, mode=0o750)
    return mine, _private_folder(mine / "uploads", owner=0, group=account.pw_gid, mode=0o750)


class Session(AppService):
    """textual-serve's app service, started from an argv with our environment and account."""

    def __init__(self, *, login: str, location: str, state: Path, runs_as: str, lang: str | None,
                 **kwargs):
        super().__init__("palata", **kwargs)
        self.login = login
        self.location = location
        self.state = state
        self.runs_as = runs_as
        self.lang = lang
        self.pid: int | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24):
        import asyncio

        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            how = plan(self.location, self.login, state=self.state, runs_as=self.runs_as,
                       lang=self.lang, width=width, height=height, fd=theirs.fileno())
            extra: dict[str, Any] = {}  # the account to run as, when told
            if how.user is not None:
                extra = {"user": how.user, "group": how.group, "extra_groups": list(how.groups)}
            self._process = process = await asyncio.create_subprocess_exec(
                *how.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, env=how.env, cwd=how.cwd, pass_fds=(theirs.fileno(),),
                start_new_session=True, **extra)
            theirs.close()
            ours.sendall(json.dumps({"login": self.login, "uploads": str(how.uploads)}).encode() + b"\n")
        finally:
            theirs.close()
            ours.close()
        self.pid = process.pid
        self._stdin = process.stdin
        return process
