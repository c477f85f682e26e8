"""Keys typed at once after a key that moves the focus land where the focus went: a person who
presses Enter and types on, without waiting for the screen, finds the letters in the next field,
not appended to the last one.

The keys are sent in one burst, as a fast typist's terminal delivers them: all of them are read
before the app has handled the first (`Pilot.press` waits for the app to go idle after each key,
which hides the difference).
"""

from __future__ import annotations

import asyncio

from textual.widgets import Input

from tests.tui.conftest import burst
from tests.tui.forms.conftest import make_app, settle
from tui.forms.company_form import CompanyForm
from tui.screens.companies import CompaniesScreen
from tui.widgets.company_table import CompanyTable


async def _new_company(pilot) -> CompanyForm:
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, CompanyForm) and pilot.app.focused is form.query_one("#f-short_name")
    return form


def test_letters_typed_right_after_enter_go_to_the_next_field(forms_db):
    path, _ = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await _new_company(pilot)
            await burst(pilot, "К", "е", "р", "а", "м", "enter", "О", "О", "О", "enter", "7")
            assert form.query_one("#f-short_name", Input).value == "Керам"
            assert form.query_one("#f-legal_form", Input).value == "ООО"
            assert form.query_one("#f-full_name", Input).value == "7"
            assert app.focused is form.query_one("#f-full_name")

    asyncio.run(scenario())


def test_letters_typed_right_after_tab_and_shift_tab_go_where_the_focus_went(forms_db):
    path, _ = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await _new_company(pilot)
            await burst(pilot, "а", "tab", "б", "tab", "в", "shift+tab", "г")
            assert form.query_one("#f-short_name", Input).value == "а"
            # Shift+Tab came back to the second field, which selects its text as it is entered:
            # the last letter replaced «б» there (and did not join «в» in the third)
            assert form.query_one("#f-legal_form", Input).value == "г"
            assert form.query_one("#f-full_name", Input).value == "в"
            assert app.focused is form.query_one("#f-legal_form")

    asyncio.run(scenario())


def test_keys_after_moving_between_the_search_line_and_the_table(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, CompaniesScreen)
            search = screen.query_one("#search", Input)
            table = screen.query_one(CompanyTable)
            assert app.focused is search
            # ↓ goes to the table; the next ↓ moves its cursor there, not in the search line
            await burst(pilot, "down", "down", "down")
            assert app.focused is table and table.cursor_row == 2
            # «/» goes back to the search line, and what follows is the search
            await burst(pilot, "slash", "т", "р", "у")
            assert app.focused is search and search.value == "тру"
            # Enter in the search line goes to the table: ↓ then moves the cursor
            await burst(pilot, "enter", "down")
            assert app.focused is table and table.cursor_row == 1
            # Esc clears the search and goes back to it: the letters start a new search
            await burst(pilot, "escape", "з", "а")
            assert app.focused is search and search.value == "за"

    asyncio.run(scenario())
