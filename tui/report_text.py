"""The report in words: labels of its figures in the interface language and the workbook's
sheets (`importers.report_book`) — the same words for the reports screen and `palata report`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from importers.report_book import Chart, RowsBehind, Sheet, Table
from models import reports, vocab
from models.okved_sections import SECTIONS
from models.reports import Figure, Period, Report
from tui import format as fmt
from tui.i18n import keys, language, t


def period_label(period: Period) -> str:
    if period == Period.year(period.start.year):
        return t("report.year", year=str(period.start.year))
    return fmt.period(period.start, period.end)


def month_label(key: str) -> str:
    """"2025-03" -> "мар 2025"."""
    year, month = key.split("-")
    return f"{t('report.months').split()[int(month) - 1]} {year}"


def none(text: str | None) -> str:
    return text if text else t("report.none")


def section_label(letter: str) -> str:
    return f"{letter} {vocab.label(SECTIONS, letter, language())}" if letter else t("report.none")


def bucket_label(key: str) -> str:
    return t(keys.REPORT_OVERDUE[key])


def title(report: Report) -> str:
    return heading(report.period, report.chamber)


def heading(period: Period, chamber: str | None) -> str:
    """The report's first line: the chamber's name when it is set, and the period."""
    if chamber:
        return t("report.chamber_title", chamber=chamber, period=period_label(period))
    return t("report.title", period=period_label(period))


def dues_lines(d: reports.Dues) -> list[tuple[str, Figure]]:
    """The dues' figures with their labels, in the order they are shown."""
    due = t("report.dues.due", when=fmt.day(d.quarter_end))
    return [(t("report.dues.paid"), d.paid), (due, d.due_quarter),
            *[(bucket_label(f.key), f) for f in d.overdue], (t("report.dues.unknown"), d.unknown)]


def _c(key: str) -> str:
    return t(keys.REPORT_COLUMN[key])


def _tally_row(label: str, x: reports.MissionTally) -> list[object]:
    return [label, x.missions, x.participants, x.meetings, x.agreements, x.followups_open, x.followups_done]


def _interest_row(label: str, x: reports.InterestTally) -> list[object]:
    return [label, x.opened.count, x.matched.count, x.closed.count]


_TALLY = ("missions", "participants", "meetings", "agreements", "followups_open", "followups_done")


def sheets(report: Report) -> list[Sheet]:
    """The workbook's section sheets."""
    m, d, mi, i = report.members, report.dues, report.missions, report.interests
    p = report.period
    members = Sheet(t(keys.REPORT_SHEET["members"]), title(report), [
        Table(t("report.summary"), [_c("figure"), _c("count")], [
            [t("report.members.at_start", when=fmt.day(p.start)), m.at_start.count],
            [t("report.members.at_end", when=fmt.day(p.end)), m.at_end.count],
            [t("report.members.joined"), m.joined_total],
            [t("report.members.left"), m.left_total],
            [t("report.members.left_undated"), m.left_undated]]),
        Table(t("report.members.by_month"),
              [_c("month"), t("report.members.joined"), t("report.members.left")],
              [[month_label(j.key), j.count, left.count] for j, left in zip(m.joined, m.left, strict=True)],
              Chart("column", t("report.members.by_month"), (1, 2))),
    ])
    places = Sheet(t(keys.REPORT_SHEET["places"]), title(report), [
        Table(t("report.places.by_place"), [_c("place"), _c("members")],
              [[none(f.key), f.count] for f in m.by_place], Chart("bar", t("report.places.by_place"))),
        Table(t("report.places.by_section"), [_c("industry"), _c("members")],
              [[section_label(f.key), f.count] for f in m.by_section],
              Chart("bar", t("report.places.by_section"))),
    ])
    dues = Sheet(t(keys.REPORT_SHEET["dues"]), title(report), [
        Table(t("report.dues.title", when=fmt.day(d.as_of)), [_c("figure"), _c("members")],
              [[label, f.count] for label, f in dues_lines(report.dues)],
              Chart("pie", t("report.dues.title", when=fmt.day(d.as_of)))),
        Table(t("report.dues.chase"), [_c("company"), _c("paid_until"), _c("days_overdue"), _c("contact"),
                                       _c("position"), _c("phone")],
              [[x.name, x.paid_until, x.days_overdue, x.contact, x.position, x.phone] for x in d.debtors]),
    ])
    tally_headers = [_c(k) for k in _TALLY]
    missions = Sheet(t(keys.REPORT_SHEET["missions"]), title(report), [
        Table(t("report.missions.by_kind"), [_c("kind"), *tally_headers],
              [_tally_row(fmt.mission_kind(x.key), x) for x in mi.by_kind]
              + [_tally_row(t("report.missions.total"), mi.total)],
              Chart("column", t("report.missions.by_kind"), (1, 3, 4))),
        Table(t("report.missions.by_country"), [_c("country"), *tally_headers],
              [_tally_row(none(x.key), x) for x in mi.by_country],
              Chart("bar", t("report.missions.by_country"), (1, 3, 4))),
        Table(t("report.missions.list"),
              [_c("date"), _c("mission"), _c("kind"), _c("country"), *tally_headers[1:], _c("signed")],
              [[line.starts_on, line.title, fmt.mission_kind(line.kind), none(line.country),
                line.with_events.participants, line.with_events.meetings, line.with_events.agreements,
                line.with_events.followups_open, line.with_events.followups_done,
                "; ".join(fmt.agreement_kind(k) for k in line.signed)] for line in mi.missions]),
    ])
    interest_headers = [_c("opened"), _c("matched"), _c("closed")]
    interests = Sheet(t(keys.REPORT_SHEET["interests"]), title(report), [
        Table(t("report.interests.by_direction"), [_c("direction"), *interest_headers],
              [_interest_row(fmt.direction(x.key), x) for x in i.by_direction]
              + [_interest_row(t("report.missions.total"), i.total)],
              Chart("column", t("report.interests.by_direction"), (1, 2, 3))),
        Table(t("report.interests.by_country"), [_c("country"), *interest_headers],
              [_interest_row(none(x.key), x) for x in i.by_country],
              Chart("bar", t("report.interests.by_country"), (1, 2, 3))),
        Table(t("report.interests.by_month"), [_c("month"), _c("opened")],
              [[month_label(f.key), f.count] for f in i.opened_by_month],
              Chart("line", t("report.interests.by_month"))),
    ])
    return [members, places, dues, missions, interests]


def figures(report: Report) -> Iterator[tuple[str, str, Figure]]:
    """Every figure that counts companies: (section, label, figure), for the rows behind them."""
    m, mi, i = report.members, report.missions, report.interests
    p = report.period
    sec = t(keys.REPORT_SHEET["members"])
    yield sec, t("report.members.at_start", when=fmt.day(p.start)), m.at_start
    yield sec, t("report.members.at_end", when=fmt.day(p.end)), m.at_end
    for f in m.joined:
        yield sec, f"{t('report.members.joined')}: {month_label(f.key)}", f
    for f in m.left:
        yield sec, f"{t('report.members.left')}: {month_label(f.key)}", f
    sec = t(keys.REPORT_SHEET["places"])
    for f in m.by_place:
        yield sec, none(f.key), f
    for f in m.by_section:
        yield sec, section_label(f.key), f
    sec = t(keys.REPORT_SHEET["dues"])
    for label, f in dues_lines(report.dues):
        yield sec, label, f
    sec = t(keys.REPORT_SHEET["missions"])
    for x in mi.by_kind:
        yield sec, fmt.mission_kind(x.key), Figure(x.key, x.participants, x.behind)
    for x in mi.by_country:
        yield sec, none(x.key), Figure(x.key, x.participants, x.behind)
    for line in mi.missions:
        yield sec, line.title, Figure(line.tally.key, line.tally.participants, line.tally.behind)
    sec = t(keys.REPORT_SHEET["interests"])
    for y in i.by_direction:
        for what, f in ((_c("opened"), y.opened), (_c("matched"), y.matched), (_c("closed"), y.closed)):
            yield sec, f"{fmt.direction(y.key)}: {what.lower()}", f
    for y in i.by_country:
        for what, f in ((_c("opened"), y.opened), (_c("matched"), y.matched), (_c("closed"), y.closed)):
            yield sec, f"{none(y.key)}: {what.lower()}", f


def rows_behind(report: Report) -> RowsBehind:
    """The last sheet: every company behind every figure (read as the sheet is written)."""
    found = list(figures(report))

    def rows() -> Iterator[list[object]]:
        statuses: dict[str | None, str] = {}
        for n, c in reports.lines_behind([f for _, _, f in found]):
            section, label, _ = found[n]
            status = statuses.get(c.member_status)
            if status is None:
                status = statuses[c.member_status] = fmt.status(c.member_status)
            yield [section, label, c.name, c.inn, c.city, status, c.member_since, c.dues_paid_until]

    return RowsBehind(t("report.sheet.behind"), [_c("section_name"), _c("figure"), _c("company"), _c("inn"),
                                                 _c("city"), _c("status"), _c("member_since"),
                                                 _c("dues_until")], rows())


def year_of(today: date) -> Period:
    return Period.year(today.year)
