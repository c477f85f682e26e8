"""The companies behind a figure, read when a person presses Enter on it (and for the workbook's
last sheet, a group of figures at a time) — on both stores, from the register of known facts."""

from __future__ import annotations

from datetime import date

import pytest

from models import reports
from models.reports import Period
from tests.models.report_register import make_known_register


@pytest.fixture
def known(db):
    ids = make_known_register(db)
    return ids, reports.report(Period.year(2025), today=date(2026, 11, 20))


def _names(figure, limit=None) -> tuple[int, list[str]]:
    total, lines = reports.companies_behind(figure, limit)
    return total, [c.name for c in lines]


def test_enter_on_a_figure_reads_its_companies_by_name(known):
    _, r = known
    m, d, mi, i = r.members, r.dues, r.missions, r.interests
    assert _names(m.at_end) == (5, ["Альфа, ООО", "Бета, ООО", "Вега, ООО", "Гамма, ООО", "Ёрш, ООО"])
    assert _names(m.at_start) == (4, ["Альфа, ООО", "Вега, ООО", "Гамма, ООО", "Дельта, ООО"])
    town = next(f for f in m.by_place if f.key == "Владимир")
    assert _names(town) == (2, ["Альфа, ООО", "Вега, ООО"])
    assert _names(m.joined[2]) == (1, ["Бета, ООО"])  # March
    assert _names(m.left[4]) == (1, ["Дельта, ООО"])  # May
    assert _names(m.joined[0]) == (0, [])
    assert _names(d.overdue[3]) == (1, ["Гамма, ООО"])
    incoming = next(x for x in mi.by_kind if x.key == "incoming")
    assert _names(reports.Figure(incoming.key, incoming.missions, incoming.behind)) == (
        3, ["Альфа, ООО", "Белпартнёр, ООО", "Бета, ООО"])
    buys = next(x for x in i.by_direction if x.key == "buys")
    assert _names(buys.opened) == (2, ["Альфа, ООО", "Вега, ООО"])
    assert _names(buys.matched) == (1, ["Альфа, ООО"])
    assert _names(buys.closed) == (1, ["Вега, ООО"])
    assert _names(i.total.closed) == (2, ["Вега, ООО", "Гамма, ООО"])


def test_a_long_list_gives_its_first_companies_and_the_whole_count(known):
    _, r = known
    total, lines = reports.companies_behind(r.members.at_end, limit=2)
    assert total == 5 and [c.name for c in lines] == ["Альфа, ООО", "Бета, ООО"]
    assert {c.city for c in lines} == {"Владимир", "Ковров"}
    assert lines[0].dues_paid_until == date(2026, 12, 31)


def test_the_workbooks_reading_of_every_figure_matches_each_figures_own(known):
    _, r = known
    m, d, mi, i = r.members, r.dues, r.missions, r.interests
    figures = [m.at_start, m.at_end, *m.joined, *m.left, *m.by_place, *m.by_section, d.paid, d.due_quarter,
               *d.overdue, d.unknown, *mi.by_month, i.total.opened, i.total.matched, i.total.closed]
    for x in i.by_direction + i.by_country:
        figures += [x.opened, x.matched, x.closed]
    figures += [reports.Figure(x.key, x.participants, x.behind) for x in mi.by_kind + mi.by_country]
    read: dict[int, list[int]] = {}
    for n, line in reports.lines_behind(figures):
        read.setdefault(n, []).append(line.id)
    assert [tuple(read.get(n, [])) for n in range(len(figures))] == [f.companies for f in figures]
    assert sum(len(v) for v in read.values()) > 30  # the register's figures are not all empty
