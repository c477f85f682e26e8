"""On the missions and interests sections, as on the companies screen, keys typed at once after a
key that moves between the search line and the table land where the focus went: a fast typist's
Ctrl+F and a word finds the word, not letters read by the table (where «и» is the briefing's key
in the Russian layout); Enter or ↓ and ↓ move the table's cursor, not the search line's."""

from __future__ import annotations

import asyncio

from textual.widgets import DataTable, Input

from tests.tui.conftest import burst, make_app, settle
from tui.screens.interests import InterestsScreen
from tui.screens.missions import MissionsScreen


def test_keys_after_moving_between_the_missions_search_and_table(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MissionsScreen)
            search = screen.query_one("#missions-search", Input)
            table = screen.query_one(DataTable)
            assert app.focused is table
            await burst(pilot, "ctrl+f", "м", "и", "н")
            assert app.focused is search and search.value == "мин"
            assert table.row_count >= 2
            await burst(pilot, "enter", "down")
            assert app.focused is table and table.cursor_row == 1
            await burst(pilot, "ctrl+f", "down", "down")
            assert app.focused is table and table.cursor_row == 2

    asyncio.run(scenario())


def test_keys_after_moving_between_the_interests_search_and_table(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f6")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, InterestsScreen)
            search = screen.query_one("#interest-search", Input)
            table = screen.query_one("#interests", DataTable)
            assert app.focused is search
            await burst(pilot, "down", "down", "down")
            assert app.focused is table and table.cursor_row == 2
            await burst(pilot, "ctrl+f", "т", "р", "у", "б")
            assert app.focused is search and search.value == "труб"
            assert table.row_count >= 2
            await burst(pilot, "enter", "down")
            assert app.focused is table and table.cursor_row == 1
            assert isinstance(app.screen, InterestsScreen)  # nothing opened on the way

    asyncio.run(scenario())
