"""The chamber in numbers (F11): a period — this year by default, any dates — and its figures in
five sections. Counts stand beside bars drawn to scale in the table (legible in either theme and
at 80×24), a sparkline shows the months' trend; Enter on a row opens the companies behind it,
Ctrl+O writes the whole report as a workbook with charts (what `palata report` writes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Label, Sparkline, Static
from textual.worker import get_current_worker

from models import reports, store
from models.reports import PARTS, Figure, Period, Report
from tui import format as fmt
from tui import report_text as words
from tui.background import store_call, store_work
from tui.i18n import keys, t
from tui.safe import cell
from tui.screens.base import Command, PalataScreen
from tui.screens.write_dialog import WriteDialog
from tui.widgets.localised import localise_bindings
from tui.widgets.tabs import Pane, Tabbed
from tui.widgets.typed import LineInput

SECTIONS = ("members", "places", "dues", "missions", "interests")
BAR_WIDTH = 12  # at 80 columns; wider terminals get longer bars
_EIGHTHS = " ▏▎▍▌▋▊▉"
CHASE_DAYS = 7  # a call to make within a week
# A DataTable builds every row it holds (100,000 rows: half a minute): the longest overdue are
# listed, the rest are behind the overdue figures (Enter) and in the workbook (Ctrl+O).
DEBTORS_SHOWN = 200


def bar(count: int, most: int, width: int = BAR_WIDTH) -> Text:
    """A bar of `count` against `most`, in eighths of a cell; a count above zero shows at least
    a sliver, so "some" never looks like "none"."""
    if most <= 0 or count <= 0:
        return Text("")
    eighths = max(1, round(count / most * width * 8))
    return Text("█" * (eighths // 8) + _EIGHTHS[eighths % 8].strip(), no_wrap=True)


@dataclass(frozen=True)
class Line:
    """One row of a section's table: a heading (no count), or a figure and what opens on Enter."""

    label: str
    count: int | None = None
    most: int = 0  # the largest count of its group: the bar's scale
    detail: str = ""
    figure: Figure | None = None
    company: int | None = None  # Enter opens this dossier instead of a list


def _group(heading: str, items: list[tuple]) -> list[Line]:
    """A heading and its rows: items are (label, figure) or (label, figure, detail)."""
    most = max((item[1].count for item in items), default=0)
    return [Line(heading)] + [Line(item[0], item[1].count, most, item[2] if len(item) > 2 else "", item[1])
                              for item in items]


def _mission_detail(x: reports.MissionTally) -> str:
    return t("report.detail.mission", participants=x.participants, meetings=x.meetings,
             agreements=x.agreements, open=x.followups_open, done=x.followups_done)


def _mission_figure(x: reports.MissionTally) -> Figure:
    """Missions counted; Enter opens their participants."""
    return Figure(x.key, x.missions, x.behind)


def members_lines(m: reports.Members, p: Period) -> list[Line]:
    summary = [(t("report.members.on", when=fmt.day(p.start)), m.at_start),
               (t("report.members.on", when=fmt.day(p.end)), m.at_end)]
    most = max([f.count for f in m.joined + m.left], default=0)
    lines = _group(t("report.summary"), summary)
    lines.append(Line(t("report.members.joined"), m.joined_total))
    lines.append(Line(t("report.members.left"), m.left_total))
    if m.left_undated:
        lines.append(Line(t("report.members.left_undated"), m.left_undated))
    lines.append(Line(t("report.members.joined_by_month")))
    lines += [Line(words.month_label(f.key), f.count, most, figure=f) for f in m.joined]
    lines.append(Line(t("report.members.left_by_month")))
    lines += [Line(words.month_label(f.key), f.count, most, figure=f) for f in m.left]
    return lines


def places_lines(m: reports.Members, p: Period) -> list[Line]:
    return (_group(t("report.places.by_place"), [(words.none(f.key), f) for f in m.by_place])
            + _group(t("report.places.by_section"), [(words.section_label(f.key), f) for f in m.by_section]))


def dues_lines(d: reports.Dues, p: Period) -> list[Line]:
    lines = _group(t("report.dues.title", when=fmt.day(d.as_of)), words.dues_lines(d))
    lines.append(Line(t("report.dues.chase_days")))
    most = max((x.days_overdue or 0 for x in d.debtors), default=0)
    for x in d.debtors[:DEBTORS_SHOWN]:
        who = fmt.joined(x.phone, x.contact, sep=" · ") or t("report.none")  # the phone first: it is cut last
        lines.append(Line(x.name, x.days_overdue, most, who, company=x.company_id))
    if len(d.debtors) > DEBTORS_SHOWN:
        lines.append(Line(t("report.dues.more", count=len(d.debtors) - DEBTORS_SHOWN)))
    return lines


def missions_lines(mi: reports.Missions, p: Period) -> list[Line]:
    lines = _group(t("report.missions.by_kind"),
                   [(fmt.mission_kind(x.key), _mission_figure(x), _mission_detail(x)) for x in mi.by_kind])
    lines += _group(t("report.missions.by_country"),
                    [(words.none(x.key), _mission_figure(x), _mission_detail(x)) for x in mi.by_country])
    listed = []
    for x in mi.missions:
        signed = "; ".join(fmt.agreement_kind(k) for k in x.signed)
        figure = Figure(x.tally.key, x.with_events.participants, x.with_events.behind)
        listed.append((f"{fmt.day(x.starts_on)} {x.title}", figure,
                       fmt.joined(_mission_detail(x.with_events), signed, sep=" · ")))
    return lines + _group(t("report.missions.list"), listed)


def interests_lines(i: reports.Interests, p: Period) -> list[Line]:
    lines: list[Line] = []
    for what in ("opened", "matched", "closed"):
        items = [(fmt.direction(x.key), getattr(x, what)) for x in i.by_direction]
        lines += _group(t(keys.REPORT_BY_DIRECTION[what]), items)
    lines += _group(t("report.interests.opened_by_country"), [(words.none(x.key), x.opened)
                                                              for x in i.by_country])
    return lines


LINES: dict[str, Callable[[Any, Period], list[Line]]] = {
    "members": members_lines, "places": places_lines, "dues": dues_lines, "missions": missions_lines,
    "interests": interests_lines}
PART = {"members": "members", "places": "members", "dues": "dues", "missions": "missions",
        "interests": "interests"}  # which part of the report each section shows


class ReportsScreen(PalataScreen[None]):
    DEFAULT_CSS = """
    ReportsScreen #report-period { height: 1; padding: 0 1; }
    ReportsScreen #report-period Label { padding: 0 1; }
    ReportsScreen #report-period Input { width: 14; }
    ReportsScreen #report-heading { width: 1fr; text-style: bold; }
    ReportsScreen Sparkline { height: 2; margin: 0 1; }
    ReportsScreen .trend-label { height: 1; padding: 0 1; color: $text-muted; }
    ReportsScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "app.back", "key.back"),
        Binding("left_square_bracket", "year(-1)", "key.report_prev"),
        Binding("right_square_bracket", "year(1)", "key.report_next"),
        Binding("ctrl+o", "export", "key.report_export"),
        Binding("c", "chase", "key.report_chase"),
        Binding("u", "unchase", "key.report_unchase"),
        *(Binding(str(n), f"section('{name}')", keys.REPORT_SHEET[name], show=False)
          for n, name in enumerate(SECTIONS, start=1)),
    ]

    def __init__(self, period: Period | None = None, section: str = "members") -> None:
        super().__init__()
        localise_bindings(self)
        self.period = period or Period.year(store.now().year)  # the register's clock, as models.reports
        self.initial_section = section
        self.report: Report | None = None
        self.parts: dict[str, Any] = {}  # the parts of this period's report counted so far (by name)
        self.first = "members"  # the part counted first (the heading's chamber with it)
        self.rest: tuple[str, ...] = ()  # the parts to count once the first is shown
        self.lines: dict[str, list[Line]] = {}
        self.bar_width = BAR_WIDTH
        self.said = False  # a sentence is on the note line: the next load leaves it
        self.chased: list[int] = []  # the follow-ups the last chase set: `u` takes them back

    def clone(self) -> ReportsScreen:
        return ReportsScreen(self.period, self.active_section())

    def active_section(self) -> str:
        try:
            return self.query_one(Tabbed).active or self.initial_section
        except Exception:  # not composed yet
            return self.initial_section

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="report-period"):
            yield Static(t("report.loading"), id="report-heading")
            yield Label(t("report.from"))
            yield LineInput(fmt.day(self.period.start), id="from", compact=True)
            yield Label(t("report.to"))
            yield LineInput(fmt.day(self.period.end), id="to", compact=True)
        with Tabbed({name: t(keys.REPORT_SHEET[name]) for name in SECTIONS}, self.initial_section,
                    id="report-tabs"):
            for name in SECTIONS:
                with Pane(id=name):
                    if name in ("members", "interests"):
                        yield Static("", id=f"trend-{name}", classes="trend-label")
                        yield Sparkline([], id=f"spark-{name}", summary_function=max)
                    yield DataTable(id=f"table-{name}", cursor_type="row", zebra_stripes=True)
        yield Static("", id="report-note", classes="count")
        yield Footer()

    def on_mount(self) -> None:
        width = self.app.size.width
        self.bar_width = BAR_WIDTH if width < 100 else 24
        label = max(34, min(56, width * 2 // 5))
        for name in SECTIONS:
            table = self.query_one(f"#table-{name}", DataTable)
            table.add_column(t("report.col.figure"), key="label", width=label)
            table.add_column(t("report.col.count"), key="count", width=6)
            table.add_column("", key="bar", width=self.bar_width)
            table.add_column("", key="detail", width=max(10, width - label - self.bar_width - 6 - 10))
        self.load()
        self.query_one(f"#table-{self.initial_section}", DataTable).focus()

    # -- loading ------------------------------------------------------------------------------
    def load(self) -> None:
        """Each part is counted on a thread of its own and shown as soon as it is in: the one on
        screen first, alone (threads counting beside it would only slow it down), then the
        others together. Enter on a figure reads its companies then; the dues to chase and
        Ctrl+O wait for the whole report."""
        self.parts = {}
        self.first = PART[self.active_section()]
        self.rest = tuple(p for p in PARTS if p != self.first)
        getattr(self, f"load_{self.first}")()

    @store_work("report-members")
    def load_members(self) -> None:
        self._load_part("members")

    @store_work("report-dues")
    def load_dues(self) -> None:
        self._load_part("dues")

    @store_work("report-missions")
    def load_missions(self) -> None:
        self._load_part("missions")

    @store_work("report-interests")
    def load_interests(self) -> None:
        self._load_part("interests")

    def _load_part(self, part: str) -> None:
        period = self.period
        worker = get_current_worker()
        if part == self.first:  # the heading names the chamber: one small read, before the figures
            chamber = reports.section("chamber", period)
            self.app.call_from_thread(self._show_part, period, "chamber", chamber, {})
        value = reports.section(part, period)
        if worker.is_cancelled:
            return  # a newer period took over
        lines = {name: LINES[name](value, period) for name in SECTIONS if PART[name] == part}
        self.app.call_from_thread(self._show_part, period, part, value, lines)

    def _load_rest(self, period: Period, parts: tuple[str, ...]) -> None:
        if period == self.period:
            for part in parts:
                getattr(self, f"load_{part}")()

    def _show_part(self, period: Period, part: str, value: object, lines: dict[str, list[Line]]) -> None:
        if period != self.period:
            return  # an answer to a period changed since
        self.parts[part] = value
        if part != "chamber" and self.rest:  # the first part is in: the others once it is painted
            rest, self.rest = self.rest, ()
            self.call_after_refresh(self._load_rest, period, rest)
        if part == "chamber":
            chamber = value if isinstance(value, str) else None
            self.query_one("#report-heading", Static).update(Text(words.heading(period, chamber)))
        self.lines.update(lines)
        for name, rows in lines.items():
            table = self.query_one(f"#table-{name}", DataTable)
            row = table.cursor_row
            table.clear()
            for n, line in enumerate(rows):
                table.add_row(*self._cells(line), key=f"{name}-{n}")
            if table.row_count:
                table.move_cursor(row=min(row, table.row_count - 1))
        if isinstance(value, reports.Members):
            self._trend("members", t("report.trend.joined"), [f.count for f in value.joined])
        elif isinstance(value, reports.Interests):
            self._trend("interests", t("report.trend.opened"), [f.count for f in value.opened_by_month])
        if all(p in self.parts for p in (*PARTS, "chamber")):
            self._show(Report(period, **self.parts))

    def _show(self, report: Report) -> None:
        self.report = report
        if not self.said:
            self.say(t("report.note"))
        self.said = False
        self.refresh_bindings()

    def say(self, sentence: str) -> None:
        """A sentence on the line under the sections (it stays through the next load)."""
        self.said = True
        self.query_one("#report-note", Static).update(Text(sentence))

    def _trend(self, name: str, label: str, data: list[int]) -> None:
        self.query_one(f"#trend-{name}", Static).update(
            cell(f"{label}: " + " ".join(str(n) for n in data)))
        self.query_one(f"#spark-{name}", Sparkline).data = [float(n) for n in data]

    def _cells(self, line: Line) -> list[Text]:
        if line.count is None:
            return [cell(line.label, style="bold"), Text(""), Text(""), Text("")]
        return [cell(f"  {line.label}"), Text(str(line.count), justify="right"),
                bar(line.count, line.most, self.bar_width), cell(line.detail)]

    def data_changed(self) -> None:
        self.load()

    # -- the period ---------------------------------------------------------------------------
    @on(Input.Submitted)
    def period_typed(self, event: Input.Submitted) -> None:
        from tui.forms.fields import parse_date

        start, problem = parse_date(self.query_one("#from", Input).value)
        end, problem2 = parse_date(self.query_one("#to", Input).value)
        problem = problem or problem2
        if problem is None and (start is None or end is None):
            problem = t("form.err.date_format")
        if problem is None and start is not None and end is not None and end < start:
            problem = t("err.report_period", start=fmt.day(start), end=fmt.day(end))
        if problem is not None or start is None or end is None:
            self.say(problem or t("form.err.date_format"))
            return
        self.set_period(Period(start, end))
        self.query_one(f"#table-{self.active_section()}", DataTable).focus()

    def set_period(self, period: Period) -> None:
        self.period = period
        self.report = None  # the dues to chase and the workbook wait for the new figures
        self.refresh_bindings()
        self.query_one("#from", Input).value = fmt.day(period.start)
        self.query_one("#to", Input).value = fmt.day(period.end)
        self.query_one("#report-heading", Static).update(t("report.loading"))
        self.load()

    def action_year(self, step: int) -> None:
        self.set_period(Period.year(self.period.start.year + step))

    def action_section(self, name: str) -> None:
        self.query_one(Tabbed).active = name
        self.query_one(f"#table-{name}", DataTable).focus()
        self.refresh_bindings()

    @on(Tabbed.Activated)
    def section_shown(self) -> None:
        self.refresh_bindings()

    # -- what is behind a row -----------------------------------------------------------------
    def current_line(self) -> Line | None:
        name = self.active_section()
        table = self.query_one(f"#table-{name}", DataTable)
        lines = self.lines.get(name, [])
        if not table.row_count or table.cursor_row >= len(lines):
            return None
        return lines[table.cursor_row]

    def current_company(self) -> int | None:
        line = self.current_line()
        return line.company if line else None

    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        line = self.current_line()
        if line is None:
            return
        if line.company is not None:
            self.palata.open_dossier(line.company)
        elif line.figure is not None and line.figure.behind is not None and line.figure.count:
            from tui.screens.behind import BehindScreen

            self.app.push_screen(BehindScreen(line.label, line.figure))

    def palette_commands(self) -> Iterator[Command]:
        """The screen's actions for the command palette (tui.commands)."""
        for n, name in enumerate(SECTIONS, start=1):
            title = t("cmd.report_section", section=t(keys.REPORT_SHEET[name]))
            yield title, t("cmd.report_section.help", number=n), partial(self.action_section, name)
        yield t("key.report_prev"), t("cmd.report_year.help"), partial(self.action_year, -1)
        yield t("key.report_next"), t("cmd.report_year.help"), partial(self.action_year, 1)
        if self.report is not None:
            yield t("cmd.report_export"), t("cmd.report_export.help"), self.action_export
            yield t("cmd.report_chase"), t("cmd.report_chase.help"), self.action_chase
        if self.chased:
            yield t("key.report_unchase"), t("cmd.report_unchase.help"), self.action_unchase

    # -- dues to chase ------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "chase":
            return self.active_section() == "dues" and self.report is not None
        if action == "unchase":
            return bool(self.chased)
        return True

    def action_chase(self) -> None:
        from models import rights
        from tui.widgets.confirm import Confirm

        if self.report is None:
            return
        if not rights.can("edit"):
            from tui.rights_text import refusal

            self.notify(refusal("edit"), severity="warning")
            return
        debtors = [x.company_id for x in self.report.dues.debtors]
        if not debtors:
            self.say(t("report.chase.none"))
            return
        due = store.now().date() + timedelta(days=CHASE_DAYS)
        text = t("report.chase.text")

        def answered(yes: bool | None) -> None:
            if yes:
                from models import dues

                store_call(self, "chase", lambda: dues.chase(debtors, text, due), self._chased)

        self.app.push_screen(Confirm(t("report.chase.ask", text=text, when=fmt.day(due),
                                             count=len(debtors)), t("report.chase.yes")), answered)

    def _chased(self, ids: list[int]) -> None:
        self.chased = ids
        self.say(t("report.chase.done", count=len(ids)))
        self.refresh_bindings()

    def action_unchase(self) -> None:
        from models import dues

        ids = self.chased

        def failed(exc: BaseException) -> None:
            if isinstance(exc, dues.ChaseChanged):
                self.say(t("report.chase.changed", names=", ".join(exc.names[:5])))
            else:
                from tui.background import report_failure

                report_failure(self, "chase", exc)

        def undone(count: int) -> None:
            self.chased = []
            self.say(t("report.chase.undone", count=count))
            self.refresh_bindings()

        store_call(self, "chase", lambda: dues.unchase(ids), undone, failed)

    def action_export(self) -> None:
        if self.report is not None:
            self.app.push_screen(ReportExportDialog(self.report))


def default_path(period: Period) -> str:
    name = str(period.start.year) if period == Period.year(period.start.year) else \
        f"{period.start.isoformat()}_{period.end.isoformat()}"
    return f"~/palata-report-{name}.xlsx"


def ReportExportDialog(report: Report) -> WriteDialog:  # noqa: N802 — a dialog, named as one
    """The export dialog writing the report on screen (the workbook `palata report` writes)."""

    def write_file(path: Path) -> str:
        from importers.report_book import write_book

        summary = write_book(path, words.sheets(report), words.rows_behind(report))
        return t("report.written", period=words.period_label(report.period), path=summary.path,
                 sheets=len(summary.sheets), charts=summary.charts, rows=summary.rows_behind)

    return WriteDialog(words.title(report), default_path(report.period), write_file)
