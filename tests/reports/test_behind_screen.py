"""Enter on a figure of the reports screen reads the companies behind it then (on the sample):
the list says how many there are and shows the first of a long one; the sections arrive each on
its own and the whole report is there once all are."""

from __future__ import annotations

import asyncio

from textual.widgets import DataTable

from models import reports
from tests.app.conftest import make_app, screen_text, settle
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
