"""The app's side of `palata web`: who this session serves, as the launcher handed it over.

The launcher passes a socket (`palata app --web-session FD`) and writes the login into it. A
login is taken only from a hand-over nobody else could have made: the socket was made by the
process that started this one, running as root (the launcher started as root) or as this very
account when that account is a service account nobody logs in to (no login shell). Anyone else
— an SSH user starting `palata` with a socket of their own — is refused unless the login they
hand over is their own account anyway.
"""

from __future__ import annotations

import json
import os
import pwd
import socket
import struct
from dataclasses import dataclass
from pathlib import Path

NO_LOGIN_SHELLS = frozenset({"/usr/sbin/nologin", "/sbin/nologin", "/bin/false", "/usr/bin/false"})
_session: dict[str, object] = {}


class HandoverRefused(Exception):
    """A login that this process may not take; `reason` is a key the edge words."""

    def __init__(self, reason: str, login: str = "", account: str = ""):
        self.reason = reason
        self.login = login
        self.account = account
        super().__init__(reason)


@dataclass(frozen=True)
class Handover:
    login: str
    uploads: Path | None
    peer_uid: int


def _account(uid: int) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwuid(uid)
    except KeyError:
        return None


def trusted(login: str, peer_uid: int, my_uid: int, from_parent: bool = True) -> bool:
    """Whether a login handed over by a process of `peer_uid` may be taken by this one;
    `from_parent`: the socket was made by the process that started this one (the launcher)."""
    me = _account(my_uid)
    if me is not None and me.pw_name == login:
        return True  # the session runs as the login's own account: nothing to sign for anyone
    if not from_parent:
        return False  # a socket connected to some other (root) program says nothing of a launcher
    if peer_uid == 0:
        return True  # only root makes a socket whose other end is root's
    return peer_uid == my_uid and me is not None and me.pw_shell in NO_LOGIN_SHELLS


def receive(fd: int) -> Handover:
    """Read the hand-over from the inherited socket `fd` and judge it (HandoverRefused)."""
    try:
        sock = socket.socket(fileno=fd)
    except OSError:
        raise HandoverRefused("not_socket") from None
    with sock:
        if sock.family != socket.AF_UNIX:
            raise HandoverRefused("not_socket")
        creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        peer_pid, peer_uid, _ = struct.unpack("3i", creds)
        sock.settimeout(10)
        data = b""
        while len(data) < 8192 and not data.endswith(b"\n"):
            chunk = sock.recv(8192)
            if not chunk:
                break
            data += chunk
    try:
        message = json.loads(data)
        login = str(message["login"])
    except (ValueError, KeyError, TypeError):
        raise HandoverRefused("unreadable") from None
    uploads = message.get("uploads")
    me = _account(os.geteuid())
    if not trusted(login, peer_uid, os.geteuid(), from_parent=peer_pid == os.getppid()):
        raise HandoverRefused("forged", login, me.pw_name if me else str(os.geteuid()))
    return Handover(login, Path(uploads) if uploads else None, peer_uid)


def take(fd: int) -> Handover:
    """Receive the hand-over and record every change of this process under its login."""
    from models import store

    handover = receive(fd)
    _session["handover"] = handover
    store.set_user(handover.login)
    return handover


def current() -> Handover | None:
    """The hand-over of this web session, or None in a terminal."""
    value = _session.get("handover")
    return value if isinstance(value, Handover) else None


def offered_upload() -> Path | None:
    """The newest workbook the login uploaded into their folder: what the import wizard offers."""
    session = current()
    if session is None or session.uploads is None or not session.uploads.is_dir():
        return None
    from importers.preview import WORKBOOK_SUFFIXES

    files = [p for p in session.uploads.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES and p.is_file()]
    return max(files, key=lambda p: p.stat().st_mtime, default=None)
