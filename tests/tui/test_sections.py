"""Sections as modes: F4–F10 each keep their own stack, one key goes home, and `d`/`b` switch
between the dossier and the briefing of a company in place."""

from __future__ import annotations

import asyncio

from models.entities import Company
from tests.tui.conftest import make_app, screen_text, settle
from tui.screens.briefing import BriefingScreen
from tui.screens.changes import ChangesScreen
from tui.screens.companies import CompaniesScreen
from tui.screens.dossier import DossierScreen
from tui.screens.duplicates import DuplicatesScreen
from tui.screens.import_history import ImportHistoryScreen
from tui.screens.import_wizard import ImportWizard
from tui.screens.interests import InterestsScreen
from tui.screens.mission import MissionScreen
from tui.screens.missions import MissionsScreen


def test_each_section_keeps_its_stack_and_one_key_goes_home(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press(*"ставр", "enter", "enter")  # a dossier in the companies section
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)
            dossier = app.screen
            await pilot.press("f5")
            await settle(pilot)
            assert isinstance(app.screen, MissionsScreen)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MissionScreen)
            mission = app.screen
            for key, kind in (("f6", InterestsScreen), ("f7", ImportWizard), ("f8", ImportHistoryScreen),
                              ("f9", DuplicatesScreen), ("f10", ChangesScreen)):
                await pilot.press(key)
                await settle(pilot)
                assert isinstance(app.screen, kind), key
                assert len(app.screen_stack) == 1  # a section opens on its own first screen
            await pilot.press("f5")  # the missions as they were left: the mission still open
            await settle(pilot)
            assert app.screen is mission
            await pilot.press("f4")  # the companies as they were left: the dossier
            await settle(pilot)
            assert app.screen is dossier
            assert "Ставровский" in screen_text(app)
            await pilot.press("f4")  # again: the companies list itself
            await settle(pilot)
            assert isinstance(app.screen, CompaniesScreen) and len(app.screen_stack) == 1
            assert app.screen.query_one("#search").value == "ставр"
            # Esc on the first screen of a section goes home in one step, not four
            for key in ("f5", "f6", "f9"):
                await pilot.press(key)
                await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, CompaniesScreen)

    asyncio.run(scenario())


def test_d_and_b_switch_in_place_and_esc_goes_back_where_you_came_from(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press(*"ставр", "down")
            await settle(pilot)
            home = app.screen
            await pilot.press("b")
            await settle(pilot)
            assert isinstance(app.screen, BriefingScreen)
            for _ in range(3):
                await pilot.press("d")
                await settle(pilot)
                assert isinstance(app.screen, DossierScreen)
                await pilot.press("b")
                await settle(pilot)
                assert isinstance(app.screen, BriefingScreen)
            assert len(app.screen_stack) == 2  # companies, and the one page on top
            assert app.screen.company_id == Company.get(Company.short_name.contains("Ставровский")).id
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is home

    asyncio.run(scenario())


def test_language_and_theme_switch_keep_the_section(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("f5", "enter")
            await settle(pilot)
            assert isinstance(app.screen, MissionScreen)
            await pilot.press("f3")
            await settle(pilot)
            assert isinstance(app.screen, MissionScreen) and app.current_mode == "missions"
            assert "Story" in screen_text(app) and "Back" in screen_text(app)
            await pilot.press("f2", "f4")
            await settle(pilot)
            assert isinstance(app.screen, CompaniesScreen) and "Search" in screen_text(app)
            assert app.theme == "textual-light"
            await pilot.press("escape", "f3")
            await settle(pilot)

    asyncio.run(scenario())


def test_the_mission_overview_scrolls_at_once_and_tabs_are_numbered(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f5", "enter")
            await settle(pilot)
            assert isinstance(app.screen, MissionScreen)
            story = app.screen.query_one("#story VerticalScroll")
            assert story.max_scroll_y > 0 and story.scroll_y == 0
            await pilot.press("down", "pagedown")  # no Tab first
            await settle(pilot)
            assert story.scroll_y > 0
            assert "1 Обзор" in screen_text(app) and "2 Участники" in screen_text(app)
            await pilot.press("f4", *"ставр", "enter", "enter")
            await settle(pilot)
            assert "1Карточка" in screen_text(app) and "2Контакты" in screen_text(app)  # 80 columns

    asyncio.run(scenario())


def test_the_dossiers_eight_tabs_read_at_80_columns_in_both_languages(app_db):
    """«1 Карточка» … «8 История» take 93 columns: at 80 the number is lit and the word follows
    it, and every tab shows whole, in Russian and after F3 in English; wider, the space is back."""
    russian = ("Карточка", "Контакты", "Интересы", "Миссии", "Встречи", "Соглашения", "Хроника",
               "История")
    english = ("Card", "Contacts", "Interests", "Missions", "Meetings", "Agreements", "Timeline",
               "History")

    def tab_line(app) -> str:
        return next(line for line in screen_text(app).splitlines() if "1" in line and "8" in line)

    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press(*"ставр", "enter", "enter")
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)
            line = tab_line(app)
            assert all(f"{n}{word}" in line for n, word in enumerate(russian, start=1)), line
            await pilot.press("f3")
            await settle(pilot)
            line = tab_line(app)
            assert all(f"{n}{word}" in line for n, word in enumerate(english, start=1)), line
            await pilot.resize_terminal(120, 30)
            await settle(pilot)
            line = tab_line(app)
            assert all(f"{n} {word}" in line for n, word in enumerate(english, start=1)), line

    asyncio.run(scenario())
