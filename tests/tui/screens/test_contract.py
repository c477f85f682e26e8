"""The contract between the app and its screens (tui/screens/base.PalataScreen): every full screen
keeps it, F3 rebuilds every screen of the stack and never drops a form with work in it, a change
made elsewhere reaches a screen beneath when it comes back, and each screen offers its own
palette commands."""

from __future__ import annotations

import asyncio
import importlib
import pkgutil

from textual.screen import ModalScreen, Screen
from textual.widgets import Input

import tui
from models.entities import Company
from tests.tui.conftest import make_app, screen_text, settle, wait_for_text
from tests.tui.test_live import _change_elsewhere
from tui.forms.actions import EDIT_ACTIONS
from tui.forms.company_form import CompanyForm
from tui.forms.history import HistoryScreen
from tui.i18n import language, set_language
from tui.screens.base import PalataScreen
from tui.screens.companies import CompaniesScreen
from tui.screens.dossier import DossierScreen
from tui.screens.import_detail import ImportDetailScreen
from tui.widgets.tabs import Tabbed


def _screen_classes() -> list[type[Screen]]:
    for module in pkgutil.walk_packages(tui.__path__, "tui."):
        importlib.import_module(module.name)
    found, todo = [], [Screen]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("tui."):
                found.append(sub)
    return found


def test_every_full_screen_keeps_the_contract():
    classes = _screen_classes()
    full = [c for c in classes if not issubclass(c, ModalScreen)]
    assert len(full) >= 14
    for cls in full:
        assert issubclass(cls, PalataScreen), f"{cls.__name__} is a screen outside the contract"
        assert "clone" in vars(cls), f"{cls.__name__} has no clone(): F3 would lose it"
        assert cls.EDITS <= EDIT_ACTIONS, cls.__name__


def test_f3_rebuilds_every_screen_of_the_stack(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press(*"ставровский", "enter", "enter")
            await settle(pilot)
            await pilot.press("h")  # the company's history, a screen of the forms
            await settle(pilot)
            kinds = [type(s) for s in app.screen_stack]
            assert kinds == [CompaniesScreen, DossierScreen, HistoryScreen]
            company = app.screen_stack[1].company_id
            await pilot.press("f3")
            await settle(pilot)
            assert language() == "en"
            assert [type(s) for s in app.screen_stack] == kinds
            assert app.screen_stack[1].company_id == company
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen) and "Card" in screen_text(app)

    try:
        asyncio.run(scenario())
    finally:
        set_language("ru")


def test_switching_the_language_over_a_form_keeps_the_form_and_what_is_typed(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+n")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, CompanyForm)
            typed = app.focused
            assert isinstance(typed, Input)
            await pilot.press(*"Новая")
            await pilot.press("ctrl+p", *"English", "enter")  # the palette's «Язык: English»
            await settle(pilot)
            await wait_for_text(pilot, "Сначала сохраните или закройте открытую форму")
            assert app.screen is form and typed.value == "Новая"
            assert language() == "ru"

    try:
        asyncio.run(scenario())
    finally:
        set_language("ru")


def test_a_change_made_elsewhere_reaches_the_screen_beneath_when_it_comes_back(app_db):
    async def scenario():
        app = make_app(app_db, poll=0.2)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press(*"ставровский", "enter")
            await settle(pilot)
            home = app.screen
            listed = home.current_company()
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)
            _change_elsewhere(app_db, listed, "city", "Новоград-Заречный")
            await wait_for_text(pilot, "Новоград-Заречный")  # the dossier on top reloads at once
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is home
            # the list beneath, on coming back (the poll saw the change while the dossier was on top)
            await wait_for_text(pilot, "Новоград-Заречн")
            assert Company.get_by_id(listed).city == "Новоград-Заречный"

    asyncio.run(scenario())


def test_an_import_offers_its_own_tabs_in_the_palette(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("f8", "enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ImportDetailScreen)
            commands = list(screen.palette_commands())
            assert [title for title, _help, _run in commands] == [
                "Вкладка: Компании", "Вкладка: Отклонённые строки", "Вкладка: Предупреждения"]
            commands[1][2]()
            await settle(pilot)
            assert screen.query_one(Tabbed).active == "rejected"

    asyncio.run(scenario())
