"""Enter on a figure of the reports screen reads the companies behind it then (on the sample):
the list says how many there are and shows the first of a long one; the sections arrive each on
its own and the whole report is there once all are."""

from __future__ import annotations

import asyncio
import threading

from textual.widgets import DataTable

from models import reports
from tests.tui.conftest import make_app, screen_text, settle, wait_for_text
from tui.screens.behind import BehindScreen
from tui.screens.reports import ReportsScreen


def test_a_long_list_behind_a_figure_shows_its_first_companies_and_their_number(app_db, monkeypatch):
    monkeypatch.setattr(BehindScreen, "LIMIT", 3)

    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f11")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReportsScreen) and screen.report is not None
            assert set(screen.parts) == {*reports.PARTS, "chamber"}
            end = screen.report.members.at_end
            row = next(n for n, line in enumerate(screen.lines["members"]) if line.figure is end)
            screen.query_one("#table-members", DataTable).move_cursor(row=row)
            await pilot.press("enter")
            await settle(pilot)
            behind = app.screen
            assert isinstance(behind, BehindScreen)
            assert len(behind.companies) == 3
            shown = screen_text(app)
            assert f"Показаны первые 3 из {end.count}" in shown
            assert f": {end.count} компани" in shown
            first = reports.companies(end.companies)[0]  # every company behind it, by name
            assert behind.companies[0].name == first.name and first.name in shown
    asyncio.run(scenario())


def test_the_section_on_screen_is_painted_while_the_others_are_still_counted(app_db, monkeypatch):
    counted = reports.section
    dues_may_go = threading.Event()

    def section(part, period, today=None):
        if part == "dues":
            dues_may_go.wait(60)  # the dues are slow today
        return counted(part, period, today)

    monkeypatch.setattr(reports, "section", section)

    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f11")
            try:
                await wait_for_text(pilot, "Сводка", deadline=30)
                screen = app.screen
                assert isinstance(screen, ReportsScreen)
                assert screen.lines.get("members") and "dues" not in screen.parts
                assert screen.report is None  # the workbook and the chase wait for every part
            finally:
                dues_may_go.set()
            await settle(pilot)
            assert screen.report is not None and screen.lines.get("dues")
    asyncio.run(scenario())
