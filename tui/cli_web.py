"""`palata web`: the app served to browsers on the loopback interface, for an authenticating
reverse proxy in front (README: an nginx site with TLS and PAM). Presentation only: the work is
in tui.web. `tui.cli` registers it (`add_parsers`, `commands`) as it does tui.cli_content."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from tui.i18n import keys, t

_cli: ModuleType | None = None
DEFAULT_PORT = 8430


def add_parsers(sub, common: Callable[[argparse.ArgumentParser, bool], None]) -> None:
    p = sub.add_parser("web", help=t("cli.web"), description=t("cli.web"))
    common(p, False)
    p.add_argument("--host", default="127.0.0.1", help=t("cli.web.host"))
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=t("cli.web.port"))
    p.add_argument("--max-sessions", type=int, default=20, metavar="N", help=t("cli.web.max_sessions"))
    p.add_argument("--max-per-user", type=int, default=3, metavar="N", help=t("cli.web.max_per_user"))
    p.add_argument("--trusted-proxy-header", default="X-Remote-User", metavar="HEADER",
                   help=t("cli.web.header"))
    p.add_argument("--secret-file", type=Path, metavar="FILE", help=t("cli.web.secret_file"))
    p.add_argument("--state-dir", type=Path, metavar="DIR", help=t("cli.web.state"))
    p.add_argument("--runs-as", choices=("login", "launcher"), help=t("cli.web.runs_as"))


def commands(cli: ModuleType) -> dict[str, Callable[[argparse.Namespace], int]]:
    global _cli
    _cli = cli
    return {"web": cmd_web}


def cmd_web(args) -> int:
    from platformdirs import user_state_path

    cli = _cli
    assert cli is not None
    try:
        from tui.web import gate, server
        from tui.web.session import LAUNCHER, LOGINS
    except ImportError as exc:
        raise cli.UsageError(t("err.web_missing", name=exc.name or "textual-serve")) from None
    if not gate.is_loopback(args.host):
        raise cli.UsageError(t("err.web_host", host=args.host))
    if args.max_sessions < 1 or args.max_per_user < 1:
        raise cli.UsageError(t("err.web_limits"))
    root = os.geteuid() == 0
    runs_as = args.runs_as or (LOGINS if root else LAUNCHER)
    if runs_as == LOGINS and not root:
        raise cli.UsageError(t("err.web_runs_as"))
    location = cli._open(args)  # the register is there and this account may open it
    from models.db import close_database

    close_database()  # each session opens it for itself, as its login
    state = (args.state_dir or user_state_path("palata") / "web").expanduser()
    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(state, 0o700 if runs_as == LAUNCHER else 0o711)  # the logins reach their folders only
    secret_file = (args.secret_file or state / "proxy-secret").expanduser()
    try:
        secret = gate.load_secret(secret_file)
    except gate.SecretFileError as exc:
        raise cli.UsageError(t(keys.WEB_SECRET_REFUSED[exc.reason], path=exc.path)) from None
    settings = server.Settings(location=location, state=state, secret=secret,
                               header=args.trusted_proxy_header, runs_as=runs_as, lang=args.lang,
                               max_sessions=args.max_sessions, max_per_user=args.max_per_user)
    cli._console(stderr=True).print(t("web.started", host=args.host, port=args.port, runs_as=runs_as,
                                      secret=secret_file), markup=False)
    try:
        server.run(settings, args.host, args.port)
    except OSError as exc:
        raise cli.UsageError(t("err.web_port", host=args.host, port=args.port,
                               reason=exc.strerror or exc)) from None
    return cli.EXIT_OK
