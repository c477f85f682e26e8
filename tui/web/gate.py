"""Who may come in: pure checks of a request's address, headers and the counts of sessions.

The launcher listens on the loopback interface only, for one reverse proxy in front of it that
authenticates people (PAM) and passes the login in a header. On a shared server every account can
reach 127.0.0.1 too, so a request counts as the proxy's only when it also carries the proxy's
secret (a header the proxy adds, read from a file only the launcher and the proxy may read).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import re
import secrets
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

SECRET_HEADER = "X-Palata-Proxy-Secret"
# A login as Unix and PostgreSQL both accept it: no spaces, quotes, slashes or control characters.
_LOGIN = re.compile(r"^[a-z_][a-z0-9_.-]{0,62}\$?$", re.IGNORECASE)


class Refused(Exception):
    """A request that does not get in; `reason` is a key the edge words, `status` its HTTP code."""

    def __init__(self, reason: str, status: int, **values: object):
        self.reason = reason
        self.status = status
        self.values = values
        super().__init__(reason)


def is_loopback(host: str) -> bool:
    """Whether `host` names only the loopback interface (an address, or `localhost`)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def login_of(headers, header: str) -> str:
    """The authenticated login the proxy put in `header`; refused when missing or not a login."""
    login = (headers.get(header) or "").strip()
    if not login:
        raise Refused("no_login", 401, header=header)
    if not _LOGIN.match(login):
        raise Refused("bad_login", 403)
    return login


def check_secret(headers, secret: str) -> None:
    """The request came through the proxy: it carries the proxy's secret (compared in constant time)."""
    given = headers.get(SECRET_HEADER) or ""
    if not hmac.compare_digest(given.encode(), secret.encode()):
        raise Refused("not_proxy", 403)


def check_origin(headers) -> None:
    """A websocket handshake or an upload comes from a page of this site: its Origin names the
    host the browser asked for (the proxy passes Host on). Foreign pages are refused, and so is a
    request without an Origin (every browser sends one on these requests)."""
    origin = headers.get("Origin")
    host = headers.get("X-Forwarded-Host") or headers.get("Host") or ""
    if not origin or origin == "null":
        raise Refused("no_origin", 403)
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != host.lower():
        raise Refused("foreign_origin", 403, origin=origin)


@dataclass
class Limits:
    """Sessions open now, per login and in all; `enter` refuses over a limit."""

    total: int
    per_login: int
    open: Counter = field(default_factory=Counter)

    def check(self, login: str) -> None:
        if sum(self.open.values()) >= self.total:
            raise Refused("too_many", 503, limit=self.total)
        if self.open[login] >= self.per_login:
            raise Refused("too_many_mine", 429, limit=self.per_login)

    def enter(self, login: str) -> None:
        self.check(login)
        self.open[login] += 1

    def leave(self, login: str) -> None:
        self.open[login] -= 1
        if self.open[login] <= 0:
            del self.open[login]


class SecretFileError(Exception):
    """The secret file is readable by others, or cannot be made; `reason` says which."""

    def __init__(self, reason: str, path: Path):
        self.reason = reason
        self.path = path
        super().__init__(f"{reason}: {path}")


def load_secret(path: Path) -> str:
    """The proxy's secret from `path`, made (random, 0600) when missing. A file that others may
    read or write is refused: a secret everyone can read lets everyone in."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise SecretFileError("unwritable", path) from exc
    else:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(32) + "\n")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as exc:
        raise SecretFileError("unreadable", path) from exc
    with os.fdopen(fd) as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_mode & 0o077 or st.st_uid != os.geteuid():
            raise SecretFileError("too_open", path)
        value = f.read(4096).strip()
    if len(value) < 16:
        raise SecretFileError("too_short", path)
    return value
