"""`palata report` — the chamber's figures for a period as a workbook with charts. Presentation
only: the figures come from models.reports, the words from tui.report_text, the file from
importers.report_book. `tui.cli` registers it (`add_parsers`, `commands`) as it does tui.cli_content."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType

from tui.i18n import t

_cli: ModuleType | None = None


def add_parsers(sub, common: Callable[[argparse.ArgumentParser, bool], None]) -> None:
    p = sub.add_parser("report", help=t("cli.report"), description=t("cli.report"))
    common(p, False)
    p.add_argument("out", type=Path, metavar="OUT.xlsx", help=t("cli.report.out"))
    p.add_argument("--from", dest="start", metavar="DATE", help=t("cli.report.from"))
    p.add_argument("--to", dest="end", metavar="DATE", help=t("cli.report.to"))
    p.add_argument("--year", metavar="YYYY", help=t("cli.report.year"))


def commands(cli: ModuleType) -> dict[str, Callable[[argparse.Namespace], int]]:
    global _cli
    _cli = cli
    return {"report": cmd_report}


def _c() -> ModuleType:
    assert _cli is not None
    return _cli


def _day(value: str) -> date:
    from models.changes import as_start

    try:
        return as_start(value).date()
    except ValueError:
        raise _c().UsageError(t("err.report_day", value=value)) from None


def period_of(args, today: date):
    """The period the options name: --from/--to (either may be left out: the year's first or
    last day), --year, or this year."""
    from models.reports import Period

    if args.year is not None and (args.start or args.end):
        raise _c().UsageError(t("err.report_both"))
    if args.year is not None:
        if not (args.year.isdigit() and 1900 <= int(args.year) <= 2100):
            raise _c().UsageError(t("err.report_year", value=args.year))
        return Period.year(int(args.year))
    start = _day(args.start) if args.start else None
    end = _day(args.end) if args.end else None
    year = (start or end or today).year
    start, end = start or date(year, 1, 1), end or date(year, 12, 31)
    if end < start:
        raise _c().UsageError(t("err.report_period", start=start.strftime("%d.%m.%Y"),
                                end=end.strftime("%d.%m.%Y")))
    return Period(start, end)


def cmd_report(args) -> int:
    from importers.report_book import write_book
    from models import reports, store
    from tui import report_text

    if args.out.suffix.lower() != ".xlsx":
        raise _c().UsageError(t("err.report_suffix", path=args.out))
    period = period_of(args, store.now().date())
    _c()._open(args)
    report = reports.report(period)
    try:
        summary = write_book(args.out, report_text.sheets(report), report_text.rows_behind(report))
    except OSError as exc:
        raise _c().UsageError(t("err.write_failed", path=args.out, reason=exc.strerror or exc)) from None
    _c()._console().print(t("report.written", period=report_text.period_label(period), path=args.out,
                            sheets=len(summary.sheets), charts=summary.charts, rows=summary.rows_behind),
                          markup=False, soft_wrap=True)
    return _c().EXIT_OK
