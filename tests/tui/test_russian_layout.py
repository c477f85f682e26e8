"""The Russian layout: letter keys work when the terminal sends Cyrillic, and typing still types."""

from __future__ import annotations

import asyncio

from textual.binding import Binding
from textual.widgets import Input

from tests.tui.conftest import make_app, screen_text, settle
from tui.keymap import LAYOUT, russian_twins
from tui.screens.briefing import BriefingScreen
from tui.screens.companies import CompaniesScreen
from tui.screens.dossier import DossierScreen


def test_twins_are_derived_once_and_hidden():
    bindings = [Binding("b", "brief", "Briefing"), Binding("S", "sort_reverse", "Reverse"),
                Binding("ctrl+s", "save", "Save"), Binding("и", "other", "Taken")]
    derived = {b.key: b for b in russian_twins(bindings)}
    assert derived["Ы"].action == "sort_reverse" and not derived["Ы"].show
    assert derived["и"].action == "other"  # a key bound on purpose is not overridden
    assert set(derived) == {"b", "S", "ctrl+s", "и", "Ы"}
    assert LAYOUT["f"] == "а" and LAYOUT["x"] == "ч" and LAYOUT["m"] == "ь" and LAYOUT["p"] == "з"


def _letter_keys(screen) -> dict[str, set[str]]:
    """Every key bound anywhere in the focused chain of `screen`, with its actions."""
    out: dict[str, set[str]] = {}
    for _node, bindings in screen._binding_chain:
        for key, items in bindings.key_to_bindings.items():
            out.setdefault(key, set()).update(b.action for b in items)
    return out


def test_cyrillic_keys_on_the_companies_table_and_the_briefing(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            search = app.screen.query_one("#search", Input)
            await pilot.press(*"ставр")
            await settle(pilot)
            assert search.value == "ставр"  # the twins did not take the letters typed
            await pilot.press("и")  # «и» typed into the search line is a letter, not a briefing
            await settle(pilot)
            assert search.value == "ставри" and isinstance(app.screen, CompaniesScreen)
            await pilot.press("backspace", "down")
            await settle(pilot)
            await pilot.press("и")  # b
            await settle(pilot)
            assert isinstance(app.screen, BriefingScreen)
            assert "Ставровский" in screen_text(app)
            # every Latin letter bound here answers to its twin with the same action
            keys = _letter_keys(app.screen)
            for key, actions in keys.items():
                if key in LAYOUT:
                    assert actions <= keys.get(LAYOUT[key], set()), key
            # the footer shows each key once, the Latin one
            footer = screen_text(app).splitlines()[-1]
            assert "в " not in footer and " d " in f" {footer} "
            await pilot.press("в")  # d
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)

    asyncio.run(scenario())


def test_shifted_and_editing_twins(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            await pilot.press("down")
            await settle(pilot)
            screen = app.screen
            await pilot.press("ы")  # s: sort by the next column
            await settle(pilot)
            assert screen.view.order == "inn" and not screen.view.descending
            await pilot.press("Ы")  # S: reverse
            await settle(pilot)
            assert screen.view.descending
            await pilot.press("у")  # e: edit the company under the cursor
            await settle(pilot)
            from tui.forms.company_form import CompanyForm

            assert isinstance(app.screen, CompanyForm)

    asyncio.run(scenario())
