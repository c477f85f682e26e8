"""Missions, interests, the command palette, themes and the language switch through Pilot."""

from __future__ import annotations

import asyncio
from datetime import date

from textual.command import CommandPalette
from textual.widgets import DataTable, Input, Select

from models.briefing import matches_for_interest
from models.entities import Mission
from tests.tui.conftest import DataWords, make_app, screen_text, settle
from tui.i18n import set_language
from tui.i18n.strings import STRINGS
from tui.screens.briefing import BriefingScreen
from tui.screens.companies import CompaniesScreen
from tui.screens.dossier import DossierScreen
from tui.screens.interests import InterestsScreen
from tui.screens.mission import MissionScreen
from tui.screens.missions import MissionsScreen

BELARUS = "БелТПП"


def _belarus_mission() -> Mission:
    """The visit of the Minsk branch of the Belarusian chamber, 08–12.12.2025."""
    return Mission.get(Mission.title.contains(BELARUS) & (Mission.starts_on == date(2025, 12, 8)))


def test_missions_list_and_the_belarusian_delegation(app_db):
    async def scenario():
        mission = _belarus_mission()
        app = make_app(app_db)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            assert isinstance(app.screen, MissionsScreen)
            table = app.screen.query_one(DataTable)
            assert table.row_count >= 1
            assert "08–12.12.2025" in screen_text(app)
            table.move_cursor(row=table.get_row_index(str(mission.id)))
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MissionScreen)
            story = app.screen.story
            # the round table of 09.12 was its own event during the visit; the story holds it
            assert story.participants and story.meetings and story.agreements and story.during
            assert len(story.related) > 2
            text = screen_text(app)
            assert "08–12.12.2025" in text and "Беларусь" in text
            # the participants tab opens a participant's dossier
            await pilot.press("2")
            await settle(pilot)
            participants = app.screen.query_one("#participants-table", DataTable)
            assert participants.row_count == len(story.participants)
            participants.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)
            await pilot.press("escape", "escape")
            await settle(pilot)
            assert isinstance(app.screen, MissionsScreen)

    asyncio.run(scenario())


def test_interests_filter_by_words_and_direction_with_matches(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f6")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, InterestsScreen)
            everything = screen.matching
            assert everything > 0
            assert all(r.status in ("open", "in_work") for r in screen.rows)
            screen.query_one("#interest-search", Input).value = "труб"
            await settle(pilot)
            assert 0 < screen.matching < everything
            assert all("труб" in (r.subject + r.company).lower() for r in screen.rows)
            screen.query_one("#direction", Select).value = "buys"
            await settle(pilot)
            assert screen.rows and all(r.direction == "buys" for r in screen.rows)
            # the matches of the highlighted interest sell what it buys
            first = screen.rows[0]
            expected = matches_for_interest(first.id, limit=20)
            matches = screen.query_one("#matches", DataTable)
            assert matches.row_count == len(expected)
            assert all(m.direction == "sells" for m in expected)
            await pilot.press("escape")  # clears the words first
            await settle(pilot)
            assert screen.view.text == ""
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, CompaniesScreen)

    asyncio.run(scenario())


def test_command_palette_holds_the_actions(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await settle(pilot)
            assert CommandPalette.is_open(app)
            await pilot.press(*"миссии")
            await settle(pilot)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MissionsScreen)

            await pilot.press("ctrl+p", *"тема")
            await pilot.pause(0.3)
            theme = app.theme
            await pilot.press("enter")
            await settle(pilot)
            assert app.theme != theme
            await pilot.press("f2")
            assert app.theme == theme

    asyncio.run(scenario())


def _russian_ui_strings() -> set[str]:
    from models import vocab

    found = {ru for ru, en in STRINGS.values() if ru != en and len(ru) >= 4 and "{" not in ru}
    for table in (vocab.MEMBER_STATUS, vocab.INTEREST_DIRECTION, vocab.INTEREST_STATUS,
                  vocab.MISSION_KIND, vocab.PARTICIPATION_ROLE, vocab.AGREEMENT_KIND,
                  vocab.AGREEMENT_STATUS, vocab.ACTIVITY_KIND):
        found |= {ru for ru, en in table.values() if ru != en}
    return found


def test_switching_to_english_leaves_no_russian_outside_the_data(app_db):
    async def scenario():
        words = DataWords(app_db)
        ui = _russian_ui_strings()
        app = make_app(app_db)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            assert "Поиск" in screen_text(app)
            await pilot.press(*"ставровский", "enter", "enter")
            await settle(pilot)
            await pilot.press("f3")  # to English, the dossier stays open
            await settle(pilot)
            screens = []
            assert isinstance(app.screen, DossierScreen)
            for n in range(1, 9):
                await pilot.press(str(n))
                await settle(pilot, 1)
                screens.append(screen_text(app))
            await pilot.press("b")
            await settle(pilot)
            assert isinstance(app.screen, BriefingScreen)
            screens.append(screen_text(app))
            await pilot.press("escape")  # b took the dossier's place: one Esc to the list
            await settle(pilot)
            screens.append(screen_text(app))
            assert "Company" in screens[-1] and "Found" in screens[-1]
            await pilot.press("f5", "enter")
            await settle(pilot)
            screens.append(screen_text(app))
            await pilot.press("f6")
            await settle(pilot)
            screens.append(screen_text(app))
            await pilot.press("ctrl+p")
            await settle(pilot)
            screens.append(screen_text(app))
            for shown in screens:
                assert not [s for s in ui if s in shown and s.lower() not in words.text], shown
                assert words.foreign(shown) == [], shown
            await pilot.press("escape", "f3")
            await settle(pilot)
            assert "Интересы" in screen_text(app) or "Направление" in screen_text(app)

    try:
        asyncio.run(scenario())
    finally:
        set_language("ru")


def test_english_from_the_start(app_db):
    async def scenario():
        set_language("en")
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            shown = screen_text(app)
            assert "Search" in shown and "Quit" in shown
            assert DataWords(app_db).foreign(shown) == []

    try:
        asyncio.run(scenario())
    finally:
        set_language("ru")
