"""The `palata` command: parses arguments, calls importers/models, prints with rich.

Errors a user can cause end in one sentence on stderr and a non-zero exit; anything else is a bug,
logged to a file with its traceback and reported in one sentence too.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from tui import sample
from tui.i18n import detect, keys, set_language, t
from tui.sentences import said

if TYPE_CHECKING:
    from rich.progress import Progress

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
SAMPLE_WORKBOOK = sample.WORKBOOK


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
    # the socket on which `palata web` hands a browser session its login (tui/web/handover.py)
    p.add_argument("--web-session", type=int, metavar="FD", help=argparse.SUPPRESS)

    p = sub.add_parser("init", help=t("cli.init"), description=t("cli.init"))
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

    p = sub.add_parser("import", help=t("cli.import"), description=t("cli.import"))
    _common(p, top=False)
    p.add_argument("file", type=Path, help=t("cli.import.file"))
    p.add_argument("--sheet", metavar="NAME", help=t("cli.import.sheet"))
    p.add_argument("--dry-run", action="store_true", help=t("cli.import.dry_run"))
    p.add_argument("--report", type=Path, metavar="OUT.xlsx", help=t("cli.import.report"))
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD", help=t("cli.import.map"))
    p.add_argument("--header-row", type=int, metavar="N", help=t("cli.import.header_row"))

    p = sub.add_parser("imports", help=t("cli.imports"), description=t("cli.imports"))
    _common(p, top=False)
    p.add_argument("--limit", type=int, default=50, help=t("cli.imports.limit"))

    p = sub.add_parser("undo-import", help=t("cli.undo_import"), description=t("cli.undo_import"))
    _common(p, top=False)
    p.add_argument("id", type=int, help=t("cli.undo_import.id"))

    p = sub.add_parser("brief", help=t("cli.brief"), description=t("cli.brief"))
    _common(p, top=False)
    p.add_argument("company", nargs="+", help=t("cli.brief.company"))
    p.add_argument("--out", type=Path, default=None, help=t("cli.brief.out"))

    p = sub.add_parser("backup", help=t("cli.backup"), description=t("cli.backup"))
    _common(p, top=False)
    p.add_argument("out", type=Path, help=t("cli.backup.out"))

    p = sub.add_parser("copy", help=t("cli.copy"), description=t("cli.copy.description"))
    _common(p, top=False)
    p.add_argument("--to", required=True, metavar="TARGET", help=t("cli.copy.to"))

    p = sub.add_parser("export", help=t("cli.export"), description=t("cli.export.description"))
    _common(p, top=False)
    p.add_argument("out", type=Path, metavar="OUT.xlsx", help=t("cli.export.out"))
    p.add_argument("--search", metavar="TEXT", help=t("cli.export.search"))
    p.add_argument("--status", metavar="S", help=t("cli.export.status"))
    p.add_argument("--city", metavar="C", help=t("cli.export.city"))
    p.add_argument("--industry", metavar="OKVED", help=t("cli.export.industry"))
    p.add_argument("--tag", metavar="T", help=t("cli.export.tag"))
    p.add_argument("--mission", metavar="ID", type=int, help=t("cli.export.mission"))
    p.add_argument("--interest", metavar="TEXT", help=t("cli.export.interest"))
    p.add_argument("--sheets", metavar="LIST", help=t("cli.export.sheets"))

    p = sub.add_parser("restore", help=t("cli.restore"), description=t("cli.restore"))
    _common(p, top=False)
    p.add_argument("backup", type=Path, help=t("cli.restore.file"))
    p.add_argument("--yes", action="store_true", help=t("cli.restore.yes"))

    p = sub.add_parser("doctor", help=t("cli.doctor"), description=t("cli.doctor"))
    _common(p, top=False)

    p = sub.add_parser("grant", help=t("cli.grant"), description=t("cli.grant"))
    _common(p, top=False)
    p.add_argument("login", nargs="?", metavar="LOGIN", help=t("cli.grant.login"))
    p.add_argument("role", nargs="?", metavar="reader|editor|admin", help=t("cli.grant.role"))
    p.add_argument("--revoke", action="store_true", help=t("cli.grant.revoke"))
    from tui.cli_duplicates import add_parsers as _add_duplicates_parsers

    _add_duplicates_parsers(sub, _common)
    from tui.cli_content import add_parsers as _add_content_parsers

    _add_content_parsers(sub, _common)
    from tui.cli_report import add_parsers as _add_report_parsers

    _add_report_parsers(sub, _common)
    from tui.cli_web import add_parsers as _add_web_parsers

    _add_web_parsers(sub, _common)
    return parser


def _console(stderr: bool = False):
    """The console every command prints with: no markup, so a name holding "[bold]" or "[/]"
    prints as it is written (what a command prints comes from the register or the user)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, markup=False)


def _shown(location: str) -> str:
    """Where the register is, as said to the user: a server's URL without its password."""
    from models.backend import redact

    return redact(location)


# Commands that change the register (their dry runs too: they plan inside a write transaction).
WRITING_COMMANDS = frozenset({"demo", "import", "undo-import", "restore", "merge", "undo-merge"})


def _open(args, create: bool = False) -> str:
    """Open the store named by --db / PALATA_DB / the default; only some commands may create it.
    A command that writes says in one sentence when this account may only read the register."""
    from models.db import is_read_only, is_server, open_database, resolve_location
    from models.errors import StoreError

    location = resolve_location(args.db)
    open_database(location, create=create)
    if getattr(args, "command", None) in WRITING_COMMANDS and is_read_only() and not is_server():
        raise StoreError("err.read_only_account", db=_shown(location))
    need = _NEEDS.get(args.command)
    if need and not (need == "import" and getattr(args, "dry_run", False)):
        from models import rights

        rights.require(need)  # before any work: one sentence instead of the server's refusal
    return location


def _text(value: str) -> str:
    """A text argument as typed; bytes that are no UTF-8 (a terminal in another encoding) give a
    sentence instead of a search for something else."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise UsageError(t("err.not_text", value=shown)) from None
    return value


# What each command needs beyond reading (models.rights); the others only read.
_NEEDS = {"demo": "import", "import": "import", "undo-import": "undo_import", "merge": "merge",
          "undo-merge": "undo_merge", "restore": "restore", "copy": "copy"}


def cmd_search(args) -> int:
    from models import queries, vocab
    from tui import format as fmt
    from tui.widgets.fit import FitTable

    text = _text(" ".join(args.text))
    _open(args)
    rows = queries.list_companies(text, limit=max(1, args.limit))
    console = _console()
    if not rows:
        console.print(t("search.none", text=text))
        return EXIT_OK
    lang = args.lang or "ru"
    wide = console.width >= 110  # the industry column only where it fits
    # the name wraps between words and takes the room; the others stay on one line
    columns: list[tuple[str, dict]] = [(t("col.name"), {"ratio": 3}), (t("field.inn"), {"no_wrap": True}),
               (t("field.city"), {"ratio": 1, "max_lines": 1})]
    if wide:
        columns.append((t("field.industry"), {"ratio": 2, "max_lines": 1}))
    columns += [(t("col.status"), {"no_wrap": True}),
                (t("col.interests"), {"no_wrap": True, "justify": "right"}), (t("col.matched"), {"ratio": 2})]
    table_rows = []
    for r in rows:
        status = vocab.label(vocab.MEMBER_STATUS, r.member_status, lang)
        cells = [r.display_name, r.inn or "", r.city or ""] + ([r.industry or ""] if wide else [])
        table_rows.append([*cells, status, str(r.open_interests), fmt.matched(r.matched)])
    console.print(FitTable(columns, table_rows))
    total = queries.count_companies(text)
    if total > len(rows):
        console.print(t("search.shown", shown=len(rows), total=total))
    return EXIT_OK


def _load_sample(args, location: str, report):
    """Load the sample with its history as it happened: dated by its records, made by the
    chamber's staff. PostgreSQL's change log is final once written (migration 0008), so an empty
    server register is filled by loading and dating a private SQLite copy first and copying that
    in, as an administrator's `palata copy` does; elsewhere the history keeps the load's stamps."""
    from importers.register import load_register
    from models import queries, rights
    from models.backdate import date_history
    from models.backend import is_url
    from models.db import close_database, database, open_database

    if not is_url(location):
        summary = load_register(args.file, progress=report)
        date_history(summary.batch_id)
        return summary
    if not queries.is_empty() or rights.detect(database.obj) != rights.ADMIN:
        return load_register(args.file, progress=report)
    from models.transfer import copy_register

    close_database()
    with tempfile.TemporaryDirectory() as folder:
        open_database(str(Path(folder) / "demo.db"), create=True)
        try:
            summary = load_register(args.file, progress=report)
            date_history(summary.batch_id)
            copy_register(database.obj, location, progress=report)
        finally:
            close_database()
    _open(args)
    return summary


def cmd_demo(args) -> int:
    from importers.register import file_checksum
    from models import queries
    from models.import_report import imported_before

    location = _open(args, create=True)
    if not args.file.exists():
        raise UsageError(t("err.demo_missing", path=args.file))
    checksum = file_checksum(args.file)
    if imported_before(checksum) and not args.force:
        _console().print(t("demo.already", db=_shown(location)))
    elif not queries.is_empty() and not args.force:
        raise UsageError(t("err.demo_not_empty", db=_shown(location), count=queries.count_companies()))
    else:
        started = time.perf_counter()
        with _progress(t("demo.loading")) as report:
            summary = _load_sample(args, location, report)
        from models import settings

        if settings.get("region") is None and settings.usual_region():
            settings.put("region", settings.usual_region())  # the sample chamber's own region
        console = _console()
        console.print(t("demo.loaded", db=_shown(location), seconds=time.perf_counter() - started))
        for key, count in summary.counts.items():
            console.print(f"  {t(keys.COUNT[key])}: {count}")
    if args.open:
        return cmd_app(args)
    return EXIT_OK


class _progress:
    """A rich progress bar on a terminal; silence in a pipe. Yields the importers' callback."""

    def __init__(self, title: str):
        self.title = title
        self.bar: Progress | None = None

    def __enter__(self) -> Callable[[str, int, int], None]:
        if not sys.stderr.isatty():
            return lambda stage, done, total: None
        from rich.progress import Progress

        bar = self.bar = Progress(console=_console(stderr=True), transient=True)
        bar.start()
        task = bar.add_task(self.title, total=None)

        def report(stage: str, done: int, total: int) -> None:
            bar.update(task, description=f"{self.title}: {stage}", completed=done, total=total or None)

        return report

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def cmd_import(args) -> int:
    from models.backend import is_url
    from models.db import resolve_location

    location = resolve_location(args.db)
    path = Path(location).expanduser()
    created = None if is_url(location) or path.exists() else path
    args.imported = False
    try:
        return _import(args)
    except BaseException:
        if created is not None and not args.imported:
            # a refused import leaves no register it created: the file was empty before it
            from models.db import close_database

            close_database()
            for leftover in (created, *(created.with_name(created.name + s) for s in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
        raise


def _import(args) -> int:
    from importers.apply import import_file
    from importers.read import check_file
    from importers.report import prepare_report
    from models.errors import PalataError
    from tui import format as fmt
    from tui.sentences import report_words

    check_file(args.file)  # a file that is no workbook at all must not create an empty database
    if args.header_row is not None and args.header_row < 1:
        raise UsageError(t("err.bad_value", detail="--header-row"))
    started = time.perf_counter()
    pending: list = []
    reported: list = []

    def make_report(result):
        notes = [(n.sheet, n.row, fmt.notice(n)) for n in result.notices]
        reported[:] = result.rejections
        return prepare_report(args.report, result.rejections, result.columns, report_words(),
                              lang=args.lang or "ru", warnings=result.warnings, notes=notes)

    def report_first(result) -> None:
        # The report is made before the import commits: once committed, nothing can fail on
        # the rows' content (a vertical tab, a NUL) and leave the user without it.
        if args.report:
            pending.append(make_report(result))

    with contextlib.ExitStack() as stack:
        from models.backend import is_url
        from models.db import resolve_location

        location = resolve_location(args.db)
        if args.dry_run and not is_url(location) and not Path(location).expanduser().exists():
            # A dry run against a register that does not exist yet: plan against an empty one,
            # leaving no file behind.
            args.db = str(Path(stack.enter_context(tempfile.TemporaryDirectory())) / "dry-run.db")
        _open(args, create=True)
        if _whole_register_into_empty(args):
            return EXIT_OK
        try:
            with _progress(t("import.loading")) as report:
                def staged(stage: str, done: int, total: int) -> None:
                    report(t(keys.IMPORT_STAGE[stage]), done, total)

                result = import_file(args.file, sheet=args.sheet, mapping=args.map, dry_run=args.dry_run,
                                     progress=staged, header_row=args.header_row,
                                     before_write=report_first)
            args.imported = True
        except BaseException:
            for part in pending:
                part.discard()
            raise
        if args.dry_run:
            from models.db import close_database

            close_database()
    console = _console()
    c = result.counts
    head = "import.dry_run" if result.dry_run else "import.done"
    console.print(t(head, file=result.file_name, sheet=result.sheet, batch=result.batch_id,
                    seconds=time.perf_counter() - started), markup=False)
    for key in ("rows_read", "created", "updated", "merged", "unchanged", "rejected"):
        console.print(f"  {t(keys.IMPORT_COUNT[key])}: {c[key]}", markup=False)
    for r in result.rejections:
        console.print("  " + t("import.rejected_row", sheet=r.sheet, row=r.row, reason=said(r.reason)),
                      markup=False, soft_wrap=True)
    for _, sentence in fmt.import_warnings(result):
        console.print("  " + sentence, markup=False, soft_wrap=True)
    if pending:
        try:
            if result.rejections != reported:
                # Rows a colleague's change made impossible were rejected while the import
                # wrote: the report is made again with them (their cells were written once).
                pending[0].discard()
                pending[0] = make_report(result)
            pending[0].publish()
        except PalataError as exc:
            if result.batch_id is None:
                raise
            line = t("import.report_after_commit", batch=result.batch_id, reason=said(exc))
            _console(stderr=True).print(f"palata: {line}", markup=False)
            return EXIT_FAILURE
        console.print(t("import.report", path=args.report), markup=False)
    return EXIT_OK


def _whole_register_into_empty(args) -> bool:
    """A workbook `export` wrote, imported into an empty register, brings every sheet with it —
    contacts, interests, missions, participation, meetings, agreements, activities — as one batch."""
    from importers.register import is_register_workbook, load_register
    from models import queries

    if args.dry_run or args.sheet or args.map or not queries.is_empty():
        return False
    if not is_register_workbook(args.file):
        return False
    started = time.perf_counter()
    with _progress(t("import.loading")) as report:
        summary = load_register(args.file, progress=report)
    console = _console()
    console.print(t("import.register_loaded", file=args.file.name, batch=summary.batch_id,
                    seconds=time.perf_counter() - started), markup=False)
    for key, count in summary.counts.items():
        console.print(f"  {t(keys.COUNT[key])}: {count}", markup=False)
    return True


def cmd_imports(args) -> int:
    from rich import box
    from rich.table import Table

    from importers.apply import list_batches

    _open(args)
    batches = list_batches(max(1, args.limit))
    console = _console()
    if not batches:
        console.print(t("imports.none"))
        return EXIT_OK
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1),
                  collapse_padding=True)
    for key in ("imports.col.id", "imports.col.when", "imports.col.user", "imports.col.file",
                "imports.col.rows", "imports.col.created", "imports.col.updated",
                "imports.col.merged", "imports.col.unchanged", "imports.col.rejected"):
        is_text = key in ("imports.col.when", "imports.col.user", "imports.col.file")
        table.add_column(t(key), overflow="fold", no_wrap=key != "imports.col.file",
                         min_width=12 if key == "imports.col.file" else None,
                         justify="left" if is_text else "right")
    for b in batches:
        # An undone import says so under its file name: the table has to fit 80 columns.
        name = b.file_name + ("\n" + t("imports.undone", when=b.undone_at.strftime("%d.%m.%y %H:%M"))
                              if b.undone_at else "")
        table.add_row(str(b.id), b.started_at.strftime("%d.%m.%y %H:%M"), b.user, name,
                      str(b.rows_read), str(b.created), str(b.updated), str(b.merged),
                      str(b.unchanged), str(b.rejected))
    console.print(table)
    return EXIT_OK


def cmd_undo_import(args) -> int:
    from importers.apply import undo_import

    _open(args)
    done = undo_import(args.id)
    _console().print(t("undo.done", id=args.id, removed=done["removed"], restored=done["restored"]),
                     markup=False)
    return EXIT_OK


def cmd_brief(args) -> int:
    from rich.markdown import Markdown

    from models import briefing
    from tui.briefing_text import briefing_markdown

    text = _text(" ".join(args.company))
    _open(args)
    found = briefing.find_company(text)
    if not found:
        raise UsageError(t("brief.not_found", text=text))
    wanted = text.casefold()
    same = [f for f in found if f[1].casefold().split(",")[0] == wanted]
    starting = [f for f in found if f[1].casefold().startswith(wanted)]
    if len(found) == 1:
        company_id = found[0][0]
    elif same or len(starting) == 1:
        company_id = (same or starting)[0][0]
    else:
        raise UsageError(t("brief.ambiguous", text=text, names="; ".join(n for _, n in found[:5])))
    found_briefing = briefing.briefing(company_id)
    markdown = briefing_markdown(found_briefing)
    if args.out:
        from models import safefile

        try:
            if args.out.suffix.lower() == ".docx":
                from tui.briefing_doc import write_briefing

                write_briefing(args.out, found_briefing)
            else:
                safefile.write_text(args.out, markdown)
        except OSError as exc:
            raise UsageError(t("err.write_failed", path=args.out, reason=exc.strerror or exc)) from None
        _console().print(t("brief.written", path=args.out), markup=False)
    else:
        _console().print(Markdown(markdown))
    return EXIT_OK


def cmd_backup(args) -> int:
    from models.db import backup_to, database

    _open(args)
    out = backup_to(database.obj, args.out)
    _console().print(t("backup.done", path=out))
    return EXIT_OK


def cmd_copy(args) -> int:
    from models.db import database
    from models.transfer import copy_register

    _open(args)
    with _progress(t("copy.progress")) as report:
        result = copy_register(database.obj, args.to, progress=report)
    console = _console()
    console.print(t("copy.done", source=result.source, target=result.target, seconds=result.seconds),
                  markup=False)
    for check in result.tables:
        console.print(t("copy.table", table=check.table, rows=check.target_rows), markup=False)
    console.print(t("copy.index", count=result.indexed), markup=False)
    return EXIT_OK


def cmd_restore(args) -> int:
    from models.db import database, migrate_schema
    from models.health import restore_from

    location = _open(args)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(t("err.restore_needs_yes"))
        answer = input(t("restore.confirm", db=_shown(location), backup=args.backup) + " ")
        if answer.strip().lower() not in ("да", "д", "yes", "y"):
            _console().print(t("restore.cancelled"))
            return EXIT_FAILURE
    restore_from(args.backup)
    migrate_schema(database.obj, Path(location))
    _console().print(t("restore.done", db=_shown(location), backup=args.backup))
    return EXIT_OK


def cmd_doctor(args) -> int:
    from models import rights
    from models.health import run_doctor

    _open(args)
    console = _console()
    findings = run_doctor(repair=rights.can("repair"))
    for f in findings:
        mark = t("doctor.mark_ok") if f.ok else t("doctor.mark_bad")
        console.print(f"{mark} {said(f.title)}", markup=False)
        for line in f.details:
            console.print(f"     {said(line)}", markup=False, soft_wrap=True)
    return EXIT_OK if all(f.ok for f in findings) else EXIT_FAILURE


def cmd_export(args) -> int:
    from importers import layout
    from importers.export import export_register, sheet_keys
    from models import export_queries, vocab
    from tui.i18n import language

    lang = language()
    if args.out.suffix.lower() != ".xlsx":
        raise UsageError(t("err.export_suffix", path=args.out))
    sheets = None
    if args.sheets is not None:
        names = ", ".join(s.key for s in layout.SHEETS)
        try:
            sheets = sheet_keys(args.sheets.split(","))
        except ValueError as exc:
            raise UsageError(t("err.export_sheet", name=exc, names=names)) from None
        if not sheets:
            raise UsageError(t("err.export_sheet", name=args.sheets, names=names))
    status = None
    if args.status:
        status = vocab.code_for(vocab.MEMBER_STATUS, args.status)
        if status is None:
            labels = ", ".join(vocab.label(vocab.MEMBER_STATUS, c, lang) for c in vocab.MEMBER_STATUS)
            raise UsageError(t("err.export_status", value=args.status, names=labels))
    _open(args)
    if args.mission is not None and not export_queries.mission_exists(args.mission):
        raise UsageError(t("err.export_mission", id=args.mission))
    company_filter = export_queries.ExportFilter(
        search=args.search, status=status, city=args.city, industry=args.industry, tag=args.tag,
        mission=args.mission, interest=args.interest)
    with _progress(t("export.writing")) as report:
        summary = export_register(args.out, company_filter=company_filter, sheets=sheets, lang=lang,
                                  progress=report)
    counts = ", ".join(f"{t(keys.COUNT[key])} {n}" for key, n in summary.counts.items())
    _console().print(t("export.done", path=summary.path, counts=counts), markup=False, soft_wrap=True)
    if summary.truncated:
        _console(stderr=True).print(t("export.truncated", count=summary.truncated), markup=False)
    return EXIT_OK


def _named_store(args) -> bool:
    """Whether the register was named (--db or PALATA_DB) rather than the per-user default."""
    import os

    from models.db import ENV_VAR

    return bool(args.db or os.environ.get(ENV_VAR))


def cmd_init(args) -> int:
    from models.backend import is_url
    from models.db import resolve_location

    location = resolve_location(args.db)
    if not is_url(location) and Path(location).expanduser().exists():
        raise UsageError(t("err.init_exists", path=location))
    _open(args, create=True)
    _console().print(t("init.done", path=location), markup=False)
    return EXIT_OK


def cmd_grant(args) -> int:
    """The DBA gives a PostgreSQL login one of Palata's levels (or takes it away, or lists them)."""
    from models import roles
    from models.backend import is_url
    from models.db import database, resolve_location

    if not is_url(resolve_location(args.db)):
        raise UsageError(t("err.grant_sqlite"))
    if args.role is not None and args.role not in roles.KINDS:
        raise UsageError(t("err.grant_kind", value=args.role))
    if args.login is not None and args.role is None and not args.revoke:
        raise UsageError(t("err.grant_missing", login=args.login))
    _open(args)
    db = database.obj
    name = roles.database_name(db)
    console = _console()
    try:
        if args.login is None:
            return _list_grants(console, roles.members(db), name)
        created, groups = roles.grant(db, args.login, None if args.revoke else args.role)
    except roles.RoleError as exc:
        raise UsageError(said(exc)) from None
    if created:
        console.print(t("grant.created", login=args.login), markup=False)
    if args.revoke:
        console.print(t("grant.revoked", login=args.login, db=name), markup=False)
    else:
        console.print(t("grant.done", login=args.login, level=t(keys.RIGHTS_LEVEL[args.role]), db=name,
                        group=groups[args.role]), markup=False)
    return EXIT_OK


def _list_grants(console, members: list[tuple[str, str]], db_name: str) -> int:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    if not members:
        console.print(t("grant.none", db=db_name), markup=False)
        return EXIT_OK
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(t("grant.col.login"), no_wrap=True)
    table.add_column(t("grant.col.level"), no_wrap=True)
    for login, kind in members:
        table.add_row(Text(login), Text(t(keys.RIGHTS_LEVEL[kind])))
    console.print(table)
    return EXIT_OK


def cmd_app(args) -> int:
    from models.backend import is_url
    from models.db import resolve_location

    login = _web_login(args)
    # The per-user default is created at a first start; a file named with --db or PALATA_DB that
    # is not there is most likely mistyped: no register (nor folder) is made for it.
    location = resolve_location(args.db)
    if _named_store(args) and not is_url(location) and not Path(location).expanduser().exists():
        raise UsageError(t("err.no_register", path=location))
    location = _open(args, create=not _named_store(args))
    if login is not None:
        _check_web_role(login)
    from models.backend import redact
    from tui.app import PalataApp

    # a server's URL is shown without its password
    PalataApp(location=location, subtitle=redact(location) if is_url(location) else None).run()
    return EXIT_OK


def _web_login(args) -> str | None:
    """A browser session's login, as `palata web` handed it over (never from a variable)."""
    fd = getattr(args, "web_session", None)
    if fd is None:
        return None
    from tui.web.handover import HandoverRefused, take

    try:
        return take(fd).login
    except HandoverRefused as exc:
        said = t(keys.WEB_SESSION_REFUSED[exc.reason], login=exc.login, account=exc.account)
        raise UsageError(said) from None


def _check_web_role(login: str) -> None:
    """On PostgreSQL the session connects as the login's own role; a server that connected it as
    somebody else (an identity map gone wrong) gets no session."""
    from models import backend, store

    if backend.current() is backend.POSTGRES:
        store.set_user(None)
        role = store.current_user()
        if role != login:
            raise UsageError(t("err.web_session.role", role=role, login=login))


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_app, "app": cmd_app, "init": cmd_init, "search": cmd_search, "demo": cmd_demo,
    "backup": cmd_backup,
    "brief": cmd_brief,
    "import": cmd_import, "imports": cmd_imports, "undo-import": cmd_undo_import,
    "restore": cmd_restore, "doctor": cmd_doctor, "copy": cmd_copy, "grant": cmd_grant,
}
COMMANDS["export"] = cmd_export


def _duplicates_commands() -> None:
    from tui import cli_duplicates

    COMMANDS.update(cli_duplicates.commands(sys.modules[__name__]))
    from tui import cli_content

    COMMANDS.update(cli_content.commands(sys.modules[__name__]))
    from tui import cli_report

    COMMANDS.update(cli_report.commands(sys.modules[__name__]))
    from tui import cli_web

    COMMANDS.update(cli_web.commands(sys.modules[__name__]))


_duplicates_commands()


def _log_crash() -> str:
    from tui.crash import log_crash

    return log_crash()


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised wherever the command is: what it was writing (an export's temporary
    files) is cleaned up as for Ctrl+C."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(detect(argv))
    from tui import safe

    safe.install()  # control characters from the register never reach the terminal raw
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)


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
    except PalataError as exc:  # NotAllowed too: the refusal in words
        err.print(f"palata: {said(exc)}", markup=False)
        code = EXIT_FAILURE
    except KeyboardInterrupt as exc:
        err.print(f"palata: {t('err.interrupted')}")
        code = 143 if isinstance(exc, _Terminated) else 130
    except Exception as exc:
        from models.db import explain, is_store_failure

        if is_store_failure(exc):  # the file, the disk or the server (a lost connection too), not a bug
            err.print(f"palata: {said(explain(exc))}", markup=False)
        else:  # a bug: keep the traceback for us, one sentence for the user
            err.print(f"palata: {t('err.internal', kind=type(exc).__name__, log=_log_crash())}", markup=False)
        code = EXIT_FAILURE
    finally:
        from models.db import close_database

        close_database()
    return code


if __name__ == "__main__":
    sys.exit(main())
