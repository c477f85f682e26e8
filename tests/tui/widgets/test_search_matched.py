"""The companies table while searching: the name matches first, and each line says where the
company matched («интерес: тротуарная плитка», «контакт: Дубова Татьяна»), at 80×24 and wide."""

from __future__ import annotations

import asyncio

from tests.tui.conftest import make_app, screen_text, settle
from tui.widgets.company_table import CompanyTable


def test_each_line_says_where_the_company_matched(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert "Где найдено" not in screen_text(app)  # only while searching
            await pilot.press(*"железобет")
            await settle(pilot)
            table = app.screen.query_one(CompanyTable)
            assert str(table.get_row_at(0)[0]).startswith("Спецжелезобетон")
            text = screen_text(app)
            assert "Где найдено" in text and "название" in text
            await pilot.press("escape")
            await pilot.press(*"дубова")
            await settle(pilot)
            assert "контакт: Дубова Татьяна" in screen_text(app)

    asyncio.run(scenario())


def test_a_wide_screen_shows_it_in_place_of_the_industry(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            await pilot.press(*"плитка")
            await settle(pilot)
            text = screen_text(app)
            assert "интерес: тротуарная плитка" in text and "Отрасль" not in text

    asyncio.run(scenario())
