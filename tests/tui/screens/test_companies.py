"""The companies screen through Pilot: search, filters, sorting, paging, dossier, briefing, back."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, Static

from models.browse import CompanyFilter
from tests.tui.conftest import make_app, screen_text, settle
from tui.screens.briefing import BriefingScreen
from tui.screens.companies import CompaniesScreen
from tui.screens.dossier import DossierScreen
from tui.screens.filters import FilterScreen
from tui.widgets.company_table import CompanyTable
from tui.widgets.tabs import Tabbed

STAVROVO = "Ставровский индустриальный парк"


def _names(table: CompanyTable) -> list[str]:
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def test_search_filters_and_drops_stale_answers(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, CompaniesScreen)
            table = screen.query_one(CompanyTable)
            assert table.row_count == 100
            total = screen.total
            assert total > 1000
            # typed fast: every keystroke starts a load, only the last one's answer is shown
            await pilot.press(*"ставр")
            await settle(pilot)
            names = _names(table)
            assert any(STAVROVO in n for n in names)
            assert screen.view.text == "ставр"
            count = str(screen.query_one("#count", Static).render())
            assert f"из {total}" in count and "Найдено" in count

            await pilot.press("escape")
            await settle(pilot)
            assert table.row_count == 100 and screen.view.text == ""

    asyncio.run(scenario())


def test_filters_combine_with_search_and_show_in_the_count_line(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screen = app.screen
            everything = screen.total
            screen.set_filters(CompanyFilter(status="active"))
            await settle(pilot)
            active = screen.matching
            assert 0 < active < everything
            assert "действует" in str(screen.query_one("#count", Static).render())

            screen.set_filters(CompanyFilter(status="active", open_interests=True))
            await settle(pilot)
            with_interests = screen.matching
            assert 0 < with_interests <= active
            rows = screen.rows
            assert all(r.member_status == "active" and r.open_interests > 0 for r in rows)

            screen.query_one(Input).value = "ставр"
            await settle(pilot)
            assert screen.matching <= with_interests
            assert all(r.member_status == "active" for r in screen.rows)

            # Escape clears the search first, then the filters
            await pilot.press("escape")
            await settle(pilot)
            assert screen.view.text == "" and screen.matching == with_interests
            await pilot.press("escape")
            await settle(pilot)
            assert screen.view.filters.is_empty and screen.matching == everything

    asyncio.run(scenario())


def test_filter_dialog_applies_and_cancels(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("down", "f")
            await settle(pilot)
            assert isinstance(app.screen, FilterScreen)
            app.screen.query_one("#f-open").value = True
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, CompaniesScreen)
            assert app.screen.view.filters == CompanyFilter(open_interests=True)

            await pilot.press("f")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, CompaniesScreen)
            assert app.screen.view.filters == CompanyFilter(open_interests=True)

    asyncio.run(scenario())


def test_sort_by_key_and_by_clicking_a_header(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            screen = app.screen
            await pilot.press("down", "s")  # name -> INN
            await settle(pilot)
            assert screen.view.order == "inn"
            inns = [r.inn for r in screen.rows if r.inn]
            assert inns == sorted(inns)
            await pilot.press("S")
            await settle(pilot)
            assert screen.view.descending
            inns = [r.inn for r in screen.rows if r.inn]
            assert inns == sorted(inns, reverse=True)
            assert "▼" in screen_text(app)

            await pilot.click(CompanyTable, offset=(screen.query_one(CompanyTable).size.width - 8, 0))
            await settle(pilot)
            assert screen.view.order == "activity"
            days = [r.last_activity for r in screen.rows if r.last_activity]
            assert days == sorted(days)

    asyncio.run(scenario())


def test_pages_load_as_you_scroll_never_the_whole_register(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            table = app.screen.query_one(CompanyTable)
            assert table.row_count == 100
            table.focus()
            table.move_cursor(row=95)
            await settle(pilot)
            assert table.row_count == 200
            assert table.row_count < app.screen.total

    asyncio.run(scenario())


def test_dossier_briefing_and_back(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press(*"ставровский", "enter")
            await settle(pilot)
            table = app.screen.query_one(CompanyTable)
            assert STAVROVO in str(table.get_row_at(0)[0])
            await pilot.press("enter")
            await settle(pilot)
            dossier = app.screen
            assert isinstance(dossier, DossierScreen)
            assert STAVROVO in screen_text(app)
            # every tab opens and holds something readable
            for n in range(1, 9):
                await pilot.press(str(n))
                await pilot.pause()
            await settle(pilot)  # the history tab reads the change log when first shown
            assert dossier.query_one(Tabbed).active == "history"
            assert "запись создана" in screen_text(app) or "→" in screen_text(app)
            await pilot.press("1")

            await pilot.press("b")
            await settle(pilot)
            assert isinstance(app.screen, BriefingScreen)
            text = app.screen.text
            assert STAVROVO in text
            for heading in ("Кому звонить", "Что покупают и продают", "Кто из наших подходит",
                            "Миссии и встречи с нами", "Соглашения", "Открытые поручения"):
                assert f"## {heading}" in text
            shown = screen_text(app)  # rendered as Markdown, not shown as its marks
            assert "Кому звонить" in shown and "##" not in shown and "**" not in shown

            await pilot.press("escape")  # b replaced the dossier: Esc goes back to the list
            await settle(pilot)
            assert isinstance(app.screen, CompaniesScreen)
            assert app.screen.view.text == "ставровский"  # the search is still there

    asyncio.run(scenario())


def test_briefing_straight_from_the_table(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press(*"ставровский", "enter", "b")
            await settle(pilot)
            assert isinstance(app.screen, BriefingScreen)
            assert STAVROVO in app.screen.text
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)

    asyncio.run(scenario())
