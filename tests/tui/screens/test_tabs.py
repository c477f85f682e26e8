"""What the dossier's and a mission's tabs say: the company's chronology, follow-ups as follow-ups,
meetings counted the same in the list and in the story, and the missions list's search and filters."""

from __future__ import annotations

import asyncio
from datetime import date

from textual.widgets import DataTable, Input, Select

from models import dossier as dossier_query
from models import missions_queries
from models.entities import Company, Mission
from tests.tui.conftest import make_app, screen_text, settle
from tui.screens.dossier import DossierScreen
from tui.screens.mission import MissionScreen
from tui.screens.missions import MissionsScreen


def _visit() -> Mission:
    return Mission.get(Mission.title.contains("БелТПП") & (Mission.starts_on == date(2025, 12, 8)))


def test_the_timeline_is_the_companys_chronology_newest_first(app_db):
    vtm = Company.get(Company.short_name == "ВладТрансМаш")
    d = dossier_query.load(vtm.id)
    kinds = {e.kind for e in d.timeline}
    assert {"mission", "meeting", "agreement", "activity"} <= kinds
    dated = [e.day for e in d.timeline if e.day]
    assert dated == sorted(dated, reverse=True)
    assert len(d.timeline) == len(d.participations) + len(d.meetings) + len(d.agreements) + len(d.activities)

    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            app.open_dossier(vtm.id)
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)
            await pilot.press("7")
            await settle(pilot)
            text = screen_text(app)
            assert "Нет записей" not in text and "пока нет" not in text.lower()
            # the NDA of 09.12.2025, the meeting of 17.09.2025 in Minsk, the open follow-up
            assert "NDA" in text and "17.09.2025" in text and "поручение" in text
            assert text.index("18.12.2026") < text.index("09.12.2025") < text.index("17.09.2025")

    asyncio.run(scenario())


def test_mission_followups_tab_lists_follow_ups_open_first(app_db):
    visit = _visit()
    story = missions_queries.mission_story(visit.id)
    assert story.open_followups and story.done_followups
    assert all(f.due_on and not f.done for f in story.open_followups)
    assert [f.due_on for f in story.open_followups] == sorted(f.due_on for f in story.open_followups)

    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            app.open_mission(visit.id)
            await settle(pilot)
            await pilot.press("5")
            await settle(pilot)
            text = screen_text(app)
            lines = [line for line in text.splitlines() if "выполнено" in line or "открыто" in line
                     or "просрочено" in line]
            states = ["выполнено" if "выполнено" in line else "open" for line in lines]
            assert states == sorted(states, key=lambda s: s == "выполнено")  # open ones first
            assert "open" in states and "выполнено" in states
            # no activity without a due date is listed as a follow-up
            assert "Подписано NDA с «Белмашдеталь» на B2B" not in text
            assert "11.12.2026" in text  # the bakery's laboratory results, due 11.12.2026

    asyncio.run(scenario())


def test_meetings_are_counted_alike_in_the_list_and_the_story(app_db):
    visit = _visit()
    story = missions_queries.mission_story(visit.id)
    row = next(r for r in missions_queries.list_missions() if r.id == visit.id)
    assert row.meetings == len(story.meetings) >= 6
    assert row.agreements == len(story.agreements)


def test_the_suzdal_congress_reads_as_held_in_suzdal(app_db):
    congress = Mission.get(Mission.title.contains("стратегия прорыва"))

    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            app.open_mission(congress.id)
            await settle(pilot)
            title = str(app.screen.query_one("#mission-title").render())
            assert "11.12.2025 · Суздаль · партнёры: Беларусь" in title

    asyncio.run(scenario())


def test_missions_list_search_and_filters(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MissionsScreen)
            everything = len(screen.rows)
            assert everything >= 38
            await pilot.press("ctrl+f", *"суздаль")
            await settle(pilot)
            assert screen.query_one("#missions-search", Input).value == "суздаль"
            assert {r.title for r in screen.rows} >= {congress_title()}
            assert len(screen.rows) < everything
            await pilot.press("escape")
            await settle(pilot)
            assert len(screen.rows) == everything
            screen.query_one("#missions-year", Select).value = 2025
            await settle(pilot)
            assert screen.rows and all(r.starts_on.year == 2025 for r in screen.rows)
            screen.query_one("#missions-kind", Select).value = "exhibition"
            await settle(pilot)
            assert screen.rows
            assert all(r.kind == "exhibition" and r.starts_on.year == 2025 for r in screen.rows)
            screen.query_one("#missions-kind", Select).clear()
            screen.query_one("#missions-country", Select).value = "Казахстан"
            await settle(pilot)
            assert screen.rows and all(r.partner_country == "Казахстан" for r in screen.rows)
            assert "Найдено миссий" in screen_text(app)
            await pilot.press("escape")  # the filters go
            await settle(pilot)
            assert len(screen.rows) == everything
            # Enter on the table opens the highlighted mission
            screen.query_one(DataTable).focus()
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MissionScreen)

    asyncio.run(scenario())


def congress_title() -> str:
    return Mission.get(Mission.title.contains("стратегия прорыва")).title
