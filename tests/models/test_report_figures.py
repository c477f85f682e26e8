"""Every figure of the 2025 report of a small register whose facts are known, on both stores."""

from __future__ import annotations

from datetime import date

import pytest

from models import reports
from models.reports import BadPeriod, Period
from tests.models.report_register import make_known_register

TODAY = date(2026, 11, 20)


@pytest.fixture
def known(db):
    ids = make_known_register(db)
    return ids, reports.report(Period.year(2025), today=TODAY)


def _ids(ids: dict[str, int], letters: str) -> tuple[int, ...]:
    return tuple(sorted(ids[x] for x in letters))


def _counts(figures) -> dict[str, int]:
    return {f.key: f.count for f in figures if f.count}


def test_members_at_start_and_end_joined_and_left(known):
    ids, r = known
    m = r.members
    assert (m.at_start.count, m.at_start.companies) == (4, _ids(ids, "ACDE"))
    assert (m.at_end.count, m.at_end.companies) == (5, _ids(ids, "ABCDF"))
    assert len(m.joined) == len(m.left) == 12
    assert _counts(m.joined) == {"2025-03": 1, "2025-11": 1}
    assert m.joined[2].companies == _ids(ids, "B") and m.joined[10].companies == _ids(ids, "F")
    assert _counts(m.left) == {"2025-05": 1}
    assert m.left[4].companies == _ids(ids, "E")
    assert m.left_undated == 1  # Ж entered already "left": no day of leaving
    assert m.at_start.count + m.joined_total - m.left_total == m.at_end.count


def test_members_by_place_and_industry_section(known):
    ids, r = known
    m = r.members
    assert [(f.key, f.count) for f in m.by_place] == [("Владимир", 2), ("Ковров", 1), ("Муром", 1), ("", 1)]
    assert m.by_place[0].companies == _ids(ids, "AC")
    assert [(f.key, f.count) for f in m.by_section] == [("C", 2), ("F", 1), ("G", 1), ("", 1)]
    assert m.by_section[-1].companies == _ids(ids, "F")


def test_dues_paid_due_overdue_and_whom_to_call(known):
    ids, r = known
    d = r.dues
    assert (d.as_of, d.quarter_end) == (date(2025, 12, 31), date(2025, 12, 31))
    assert d.paid.companies == _ids(ids, "A")
    assert d.due_quarter.companies == _ids(ids, "B")
    assert [(f.key, f.companies) for f in d.overdue] == [
        ("3m", ()), ("6m", _ids(ids, "C")), ("12m", ()), ("more", _ids(ids, "D"))]
    assert d.overdue_total == 2 and d.unknown.companies == _ids(ids, "F")
    assert [(x.company_id, x.days_overdue, x.paid_until) for x in d.debtors] == [
        (ids["D"], 549, date(2024, 6, 30)), (ids["C"], 122, date(2025, 8, 31)), (ids["F"], None, None)]
    assert [(x.name, x.contact, x.position, x.phone) for x in d.debtors] == [
        ("Гамма, ООО", "Дьяков Денис", "директор", "+7 900 111-22-33"),
        ("Вега, ООО", "Веселов Виктор", None, "+7 900 444-55-66"),  # the primary one has no phone
        ("Ёрш, ООО", None, None, "+7 4922 00-00-01")]


def test_missions_by_kind_country_and_one_by_one(known):
    ids, r = known
    mi = r.missions
    t = mi.total
    assert (t.missions, t.participants, t.meetings, t.agreements, t.followups_open, t.followups_done) == (
        3, 5, 3, 1, 1, 1)
    assert t.companies == _ids(ids, "ABCDP")
    assert [(k.key, k.missions, k.participants, k.meetings, k.agreements, k.followups_open,
             k.followups_done) for k in mi.by_kind] == [
        ("exhibition", 1, 1, 1, 0, 0, 0), ("incoming", 1, 3, 0, 1, 1, 1), ("round_table", 1, 2, 2, 0, 0, 0)]
    assert [(k.key, k.missions, k.participants, k.meetings, k.agreements, k.followups_open,
             k.followups_done) for k in mi.by_country] == [
        ("Беларусь", 2, 4, 2, 1, 1, 1), ("", 1, 1, 1, 0, 0, 0)]
    assert [line.title for line in mi.missions] == ["Выставка", "Визит БелТПП", "Круглый стол"]
    visit = mi.missions[1]
    assert (visit.tally.meetings, visit.tally.agreements, visit.tally.participants) == (0, 1, 3)
    # the round table held during the visit with the same partners: its meetings are the visit's story
    assert (visit.with_events.meetings, visit.with_events.agreements, visit.with_events.participants) == (
        2, 1, 4)
    assert _counts(mi.by_month) == {"2025-06": 1, "2025-12": 2}
    assert mi.by_month[11].companies == _ids(ids, "ABCP")


def test_interests_opened_matched_closed(known):
    ids, r = known
    i = r.interests
    assert (i.total.opened.count, i.total.matched.count, i.total.closed.count) == (4, 2, 2)
    assert i.total.matched.companies == _ids(ids, "A")
    assert i.total.closed.companies == _ids(ids, "CD")
    assert [(x.key, x.opened.count, x.matched.count, x.closed.count) for x in i.by_direction] == [
        ("buys", 2, 1, 1), ("invests", 1, 1, 0), ("sells", 1, 0, 0), ("partner", 0, 0, 1)]
    assert [(x.key, x.opened.count, x.matched.count, x.closed.count) for x in i.by_country] == [
        ("Беларусь", 2, 1, 1), ("Казахстан", 1, 1, 0), ("Россия", 1, 0, 0), ("", 0, 0, 1)]
    assert _counts(i.opened_by_month) == {"2025-02": 1, "2025-04": 1, "2025-07": 1, "2025-08": 1}


def test_any_dates_and_a_period_going_on(known, db):
    ids, _ = known
    r = reports.report(Period(date(2025, 3, 1), date(2025, 5, 31)), today=date(2025, 4, 10))
    assert r.members.at_start.companies == _ids(ids, "ACDE")
    assert r.members.at_end.companies == _ids(ids, "ABCD")  # E left in May
    assert [f.key for f in r.members.joined] == ["2025-03", "2025-04", "2025-05"]
    # dues on today's date (the period is not over): paid beyond 30.06 is paid; D is late
    assert (r.dues.as_of, r.dues.quarter_end) == (date(2025, 4, 10), date(2025, 6, 30))
    assert r.dues.paid.companies == _ids(ids, "ABC")
    assert r.dues.overdue[2].companies == _ids(ids, "D")  # 284 days: 6 to 12 months
    assert r.missions.total.missions == 0
    with pytest.raises(BadPeriod):
        Period(date(2025, 2, 1), date(2025, 1, 1))


def test_companies_behind_a_figure(known):
    ids, r = known
    lines = reports.companies(r.dues.overdue[3].companies + r.dues.unknown.companies)
    assert [(c.name, c.dues_paid_until) for c in lines] == [("Гамма, ООО", date(2024, 6, 30)),
                                                             ("Ёрш, ООО", None)]
