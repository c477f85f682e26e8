"""A search matching much of the register: counted up to a cap ("более N"), listed by name instead
of ranked, paged on past the cap; a selective one stays ranked and exactly counted.

The caps are lowered so that the sample register (1,384 companies) is "large"."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input, Static

from models import queries
from models.browse import CompanyFilter
from tests.tui.conftest import make_app, screen_text, settle
from tui.screens.companies import CompaniesScreen
from tui.widgets.company_table import CompanyTable


@pytest.fixture
def small_caps(monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 50)
    monkeypatch.setattr(queries, "RANK_LIMIT", 20)


def _sort_names(ids: list[int]) -> list[str]:
    from models.db import database

    marks = ",".join("?" * len(ids))
    names = dict(database.execute_sql(f"SELECT id, sort_name FROM company WHERE id IN ({marks})", ids))
    return [names[i] for i in ids]


def test_first_page_counts_up_to_the_cap_and_ranks_only_few_matches(app_db):
    broad = queries.first_page("о", rank_limit=20, count_cap=50)
    assert broad.capped and broad.matching == 50 and not broad.ranked
    assert len(broad.rows) == 100
    names = _sort_names([r.id for r in broad.rows])
    assert names == sorted(names)  # listed by name
    # the next page continues the same order, past the cap
    more = queries.list_companies("о", offset=100, limit=100, rank_limit=20)
    assert len(more) == 100 and not {r.id for r in more} & {r.id for r in broad.rows}
    assert _sort_names([r.id for r in more])[0] >= names[-1]

    exact = queries.count_companies("ставровский")
    selective = queries.first_page("ставровский", rank_limit=20, count_cap=50)
    assert not selective.capped and selective.ranked and selective.matching == exact
    # best first, as before: the same order as the plain (always ranked) list
    assert [r.id for r in selective.rows] == [r.id for r in queries.list_companies("ставровский")]

    # between the rank limit and the cap: exact count, listed by name
    middle = queries.count_companies("тру")
    assert 20 < middle <= 1384
    page = queries.first_page("тру", rank_limit=20, count_cap=5000)
    assert page.matching == middle and not page.capped and not page.ranked


def test_capped_count_with_filters_and_the_whole_register(app_db):
    everything = queries.first_page(count_cap=50)
    assert not everything.capped and everything.matching == queries.count_companies()
    active = queries.first_page(filters=CompanyFilter(status="active"), count_cap=50)
    assert active.capped and active.matching == 50
    assert all(r.member_status == "active" for r in active.rows)
    none = queries.first_page("щщщщъ", count_cap=50)
    assert none.rows == [] and none.matching == 0 and not none.capped
    assert queries.count_companies("о", cap=50) == 51  # "more than 50"


def test_the_screen_says_more_than_and_pages_past_the_cap(app_db, small_caps):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, CompaniesScreen)
            await pilot.press("о")
            await settle(pilot)
            count = str(screen.query_one("#count", Static).render())
            assert count.startswith(f"Найдено более 50 из {screen.total}")
            assert "загружено 100" in count
            assert screen.capped and not screen.ranked
            assert "▲Компания" in screen_text(app)  # listed by name, and the header says so
            table = screen.query_one(CompanyTable)
            assert table.row_count == 100
            table.focus()
            table.move_cursor(row=95)
            await settle(pilot)
            assert table.row_count == 200  # paging goes on past the cap
            assert "загружено 200" in str(screen.query_one("#count", Static).render())

            # a selective word: exact count, ranked, no arrow on the name column
            screen.query_one(Input).value = "ставровский"
            await settle(pilot)
            assert screen.matching > 0
            count = str(screen.query_one("#count", Static).render())
            assert count.startswith("Найдено ") and "более" not in count
            assert screen.ranked and not screen.capped
            assert "▲Компания" not in screen_text(app)

    asyncio.run(scenario())


def test_live_refresh_keeps_the_cursor_on_a_broad_search(app_db, small_caps):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screen = app.screen
            await pilot.press("о")
            await settle(pilot)
            table = screen.query_one(CompanyTable)
            table.focus()
            table.move_cursor(row=7)
            await settle(pilot)
            key = screen.current_company()
            screen.data_changed()
            await settle(pilot)
            assert screen.current_company() == key and table.cursor_row == 7
            assert screen.capped

    asyncio.run(scenario())
