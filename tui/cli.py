"""The `palata` command: parses arguments, calls importers/models, prints with rich.

Errors a user can cause end in one sentence on stderr and a non-zero exit; anything else is a bug,
logged to a file with its traceback and reported in one sentence too.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from tui.i18n import detect, set_language, t

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
SAMPLE_WORKBOOK = Path(__file__).resolve().parents[1] / "sample_data" / "palata_sample.xlsx"


class UsageError(Exception):
    """Wrong words on the command line."""


def palata_version() -> str:
    try:
        return version("palata")
    except PackageNotFoundError:
        return "0.0.0"


class _Parser(argparse.ArgumentParser):
    """argparse speaking the interface language, raising instead of printing English errors."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = t("cli.arguments")
        self._optionals.title = t("cli.options")
        self.add_argument("-h", "--help", action="help", help=t("cli.help"))

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", t("cli.usage"), 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", t("cli.usage"), 1)

    def error(self, message: str):
        if "invalid choice" in message:
            name = message.split("'")[1] if "'" in message else message
            raise UsageError(t("err.unknown_command", name=name))
        if "the following arguments are required" in message:
            names = message.split(":", 1)[1].strip()
            raise UsageError(t("err.missing_args", names=names, cmd=self.prog.split()[-1]))
        if "unrecognized arguments" in message:
            raise UsageError(t("err.unknown_args", names=message.split(":", 1)[1].strip()))
        raise UsageError(t("err.bad_value", detail=message))


def _common(p: argparse.ArgumentParser, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    p.add_argument("--db", metavar="PATH", default=default, help=t("cli.db"))
    p.add_argument("--lang", choices=("ru", "en"), default=default, help=t("cli.lang"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="palata", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"palata {palata_version()}",
                        help=t("cli.version"))
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", title=t("cli.commands"), metavar="COMMAND",
                                parser_class=_Parser)

    p = sub.add_parser("app", help=t("cli.app"), description=t("cli.app"))
    _common(p, top=False)

    p = sub.add_parser("search", help=t("cli.search"), description=t("cli.search"))
    _common(p, top=False)
    p.add_argument("text", nargs="+", help=t("cli.search.text"))
    p.add_argument("--limit", type=int, default=20, help=t("cli.search.limit"))

    p = sub.add_parser("demo", help=t("cli.demo"), description=t("cli.demo"))
    _common(p, top=False)
    p.add_argument("--file", type=Path, default=SAMPLE_WORKBOOK, help=t("cli.demo.file"))
    p.add_argument("--force", action="store_true", help=t("cli.demo.force"))
    p.add_argument("--open", action="store_true", help=t("cli.demo.open"))

    p = sub.add_parser("backup", help=t("cli.backup"), description=t("cli.backup"))
    _common(p, top=False)
    p.add_argument("out", type=Path, help=t("cli.backup.out"))

    p = sub.add_parser("restore", help=t("cli.restore"), description=t("cli.restore"))
    _common(p, top=False)
    p.add_argument("backup", type=Path, help=t("cli.restore.file"))
    p.add_argument("--yes", action="store_true", help=t("cli.restore.yes"))

    p = sub.add_parser("doctor", help=t("cli.doctor"), description=t("cli.doctor"))
    _common(p, top=False)
    return parser


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def _open(args, create: bool = False) -> str:
    """Open the store named by --db / PALATA_DB / the default; only some commands may create it."""
    from models.db import open_database, resolve_location

    location = resolve_location(args.db)
    open_database(location, create=create)
    return location


def cmd_search(args) -> int:
    from rich.table import Table

    from models import queries, vocab

    _open(args)
    text = " ".join(args.text)
    rows = queries.list_companies(text, limit=max(1, args.limit))
    console = _console()
    if not rows:
        console.print(t("search.none", text=text))
        return EXIT_OK
    table = Table(show_lines=False, header_style="bold")
    for key in ("col.name", "col.inn", "col.city", "col.industry", "col.status", "col.interests"):
        table.add_column(t(key), overflow="fold")
    lang = args.lang or "ru"
    for r in rows:
        table.add_row(r.display_name, r.inn or "", r.city or "", r.industry or "",
                      vocab.label(vocab.MEMBER_STATUS, r.member_status, lang), str(r.open_interests))
    console.print(table)
    total = queries.count_companies(text)
    if total > len(rows):
        console.print(t("search.shown", shown=len(rows), total=total))
    return EXIT_OK


def cmd_demo(args) -> int:
    from importers.register import file_checksum, load_register
    from models import queries
    from models.entities import ImportBatch

    location = _open(args, create=True)
    if not args.file.exists():
        raise UsageError(t("err.demo_missing", path=args.file))
    checksum = file_checksum(args.file)
    if ImportBatch.select().where(ImportBatch.checksum == checksum).exists() and not args.force:
        _console().print(t("demo.already", db=location))
    elif not queries.is_empty() and not args.force:
        raise UsageError(t("err.demo_not_empty", db=location, count=queries.count_companies()))
    else:
        started = time.perf_counter()
        with _progress(t("demo.loading")) as report:
            summary = load_register(args.file, progress=report)
        console = _console()
        console.print(t("demo.loaded", db=location, seconds=time.perf_counter() - started))
        for key, count in summary.counts.items():
            console.print(f"  {t('count.' + key)}: {count}")
    if args.open:
        return cmd_app(args)
    return EXIT_OK


class _progress:
    """A rich progress bar on a terminal; silence in a pipe. Yields the importers' callback."""

    def __init__(self, title: str):
        self.title = title
        self.bar = None

    def __enter__(self) -> Callable[[str, int, int], None]:
        if not sys.stderr.isatty():
            return lambda stage, done, total: None
        from rich.progress import Progress

        self.bar = Progress(console=_console(stderr=True), transient=True)
        self.bar.start()
        task = self.bar.add_task(self.title, total=None)

        def report(stage: str, done: int, total: int) -> None:
            self.bar.update(task, description=f"{self.title}: {stage}", completed=done, total=total or None)

        return report

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def cmd_backup(args) -> int:
    from models.db import backup_to, database

    _open(args)
    out = backup_to(database.obj, args.out)
    _console().print(t("backup.done", path=out))
    return EXIT_OK


def cmd_restore(args) -> int:
    from models.db import database, migrate_schema
    from models.health import restore_from

    location = _open(args)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(t("err.restore_needs_yes"))
        answer = input(t("restore.confirm", db=location, backup=args.backup) + " ")
        if answer.strip().lower() not in ("да", "д", "yes", "y"):
            _console().print(t("restore.cancelled"))
            return EXIT_FAILURE
    restore_from(args.backup)
    migrate_schema(database.obj, Path(location))
    _console().print(t("restore.done", db=location, backup=args.backup))
    return EXIT_OK


def cmd_doctor(args) -> int:
    from models.health import run_doctor

    _open(args)
    console = _console()
    findings = run_doctor()
    for f in findings:
        mark = "[ок]" if f.ok else "[!!]"
        console.print(f"{mark} {f.title}", markup=False)
        for line in f.details:
            console.print(f"     {line}", markup=False)
    return EXIT_OK if all(f.ok for f in findings) else EXIT_FAILURE


def cmd_app(args) -> int:
    location = _open(args, create=True)
    from tui.app import PalataApp

    PalataApp(location=location).run()
    return EXIT_OK


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_app, "app": cmd_app, "search": cmd_search, "demo": cmd_demo, "backup": cmd_backup,
    "restore": cmd_restore, "doctor": cmd_doctor,
}


def _log_crash() -> str:
    import traceback

    from platformdirs import user_log_path

    try:
        folder = user_log_path("palata", appauthor=False)
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "palata-errors.log"
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(sys.argv)}\n")
            fh.write(traceback.format_exc())
        return str(log)
    except OSError:
        return "stderr"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(detect(argv))
    from models.errors import PalataError

    err = _console(stderr=True)
    try:
        args = build_parser().parse_args(argv)
        if args.lang:
            set_language(args.lang)
        code = COMMANDS[args.command](args)
    except UsageError as exc:
        err.print(f"palata: {exc}", markup=False)
        code = EXIT_USAGE
    except PalataError as exc:
        err.print(f"palata: {exc}", markup=False)
        code = EXIT_FAILURE
    except KeyboardInterrupt:
        err.print(f"palata: {t('err.interrupted')}")
        code = 130
    except Exception as exc:  # a bug: keep the traceback for us, one sentence for the user
        err.print(f"palata: {t('err.internal', kind=type(exc).__name__, log=_log_crash())}", markup=False)
        code = EXIT_FAILURE
    finally:
        from models.db import close_database

        close_database()
    return code


if __name__ == "__main__":
    sys.exit(main())
