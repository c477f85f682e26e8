"""One SVG snapshot per screen, at 80×24 (a small SSH terminal) and 160×48, on the sample data.

Regenerate after a deliberate change with `pytest tests/app/test_snapshots.py --snapshot-update`
and look at the result. Nothing time-dependent is on these screens (no clock, no change-log times).
"""

from __future__ import annotations

from datetime import date

import pytest

from models.entities import Mission
from tests.app.conftest import SIZES, make_app, settle

STAVROVO = "ставровский"


async def _companies(pilot):
    await settle(pilot)


async def _search(pilot):
    await settle(pilot)
    await pilot.press(*"трубы")
    await settle(pilot)


async def _filters(pilot):
    await settle(pilot)
    await pilot.press("ctrl+t")
    await settle(pilot)


async def _dossier(pilot):
    await settle(pilot)
    await pilot.press(*STAVROVO, "enter", "enter")
    await settle(pilot)


async def _dossier_interests(pilot):
    await _dossier(pilot)
    await pilot.press("3")
    await settle(pilot)


async def _briefing(pilot):
    await settle(pilot)
    await pilot.press(*STAVROVO, "enter", "b")
    await settle(pilot)


async def _missions(pilot):
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)


async def _mission(pilot):
    mission = Mission.get(Mission.title.contains("БелТПП") & (Mission.starts_on == date(2025, 12, 8)))
    pilot.app.open_mission(mission.id)
    await settle(pilot)


async def _interests(pilot):
    await settle(pilot)
    await pilot.press("f6")
    await settle(pilot)
    await pilot.press(*"плитка")
    await settle(pilot)


SCREENS = {
    "companies": _companies, "search": _search, "filters": _filters, "dossier": _dossier,
    "dossier_interests": _dossier_interests, "briefing": _briefing, "missions": _missions,
    "mission": _mission, "interests": _interests,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(screen, size, app_db, snap_compare):
    assert snap_compare(make_app(app_db), terminal_size=SIZES[size], run_before=SCREENS[screen])


async def _light_dossier(pilot):
    await settle(pilot)
    await pilot.press("f2")  # the light theme: the same screen must read without the dark colours
    await _dossier(pilot)


def test_light_theme(app_db, snap_compare):
    assert snap_compare(make_app(app_db), terminal_size=SIZES["80x24"], run_before=_light_dossier)
