"""The real app through Textual's Pilot, on the sample register."""

from __future__ import annotations

import asyncio
import shutil

import pytest
from textual.widgets import DataTable, Static

from models.db import close_database, open_database
from tui.app import PalataApp
from tui.i18n import set_language


@pytest.fixture
def sample_copy(sample_db, tmp_path):
    path = tmp_path / "app.db"
    shutil.copy(sample_db, path)
    open_database(path)
    set_language("ru")
    yield path
    close_database()


def _names(table: DataTable) -> list[str]:
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def _settle(app: PalataApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_first_screen_shows_the_sample_and_filters_on_typing(sample_copy):
    async def scenario():
        app = PalataApp(location=str(sample_copy))
        async with app.run_test(size=(100, 30)) as pilot:
            await _settle(app, pilot)
            table = app.screen.query_one(DataTable)
            count = app.screen.query_one("#count", Static)
            assert table.row_count == 100
            assert "Показано 100 из 13" in str(count.render())

            await pilot.press(*"ставр")
            await _settle(app, pilot)
            names = _names(table)
            assert names and all("Ставр" in n or "ставр" in n.lower() for n in names[:1])
            assert any("Ставровский индустриальный парк" in n for n in names)
            assert "Найдено" in str(count.render())

            await pilot.press("escape")
            await _settle(app, pilot)
            assert table.row_count == 100

    asyncio.run(scenario())


def test_scrolling_loads_the_next_page(sample_copy):
    async def scenario():
        app = PalataApp(location=str(sample_copy))
        async with app.run_test(size=(100, 30)) as pilot:
            await _settle(app, pilot)
            table = app.screen.query_one(DataTable)
            table.focus()
            table.move_cursor(row=95)
            await _settle(app, pilot)
            assert table.row_count == 200

    asyncio.run(scenario())
