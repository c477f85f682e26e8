"""A fast typist's corrections land where they were typed: in the search lines and in a form's
fields, an editing key (Backspace, Ctrl+U, Home, Ctrl+W) typed among letters acts in its turn, not
after the letters typed behind it (which Textual's own fields did: «п, Backspace, ы» lost the «ы»)."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, TextArea

from tests.tui.conftest import burst, make_app, settle
from tui.screens.interests import InterestsScreen


def test_corrections_typed_fast_in_the_search_lines(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            search = app.screen.query_one("#search", Input)
            await burst(pilot, "т", "р", "у", "б", "п", "backspace", "ы")
            assert search.value == "трубы"
            await burst(pilot, "home", "с", "т", "а", "л", "ь", " ")
            assert search.value == "сталь трубы"
            await pilot.press("f6")
            await settle(pilot)
            assert isinstance(app.screen, InterestsScreen)
            line = app.screen.query_one("#interest-search", Input)
            await burst(pilot, "п", "л", "и", "т", "к", "а", "ctrl+u", "т", "р", "у", "б", "ы")
            assert line.value == "трубы"
            await burst(pilot, "ctrl+w", "щ", "и", "т", "ы")
            assert line.value == "щиты"

    asyncio.run(scenario())


def test_corrections_typed_fast_in_a_forms_notes(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+n")
            await settle(pilot)
            notes = next(iter(app.screen.query(TextArea)))
            notes.focus()
            await settle(pilot)
            await burst(pilot, "з", "в", "о", "н", "т", "backspace", "и", "т", "ь")
            assert notes.text == "звонить"

    asyncio.run(scenario())
