"""The forms as a person sees them at 80×24 (a small SSH terminal) and at 160×48: SVG snapshots.

Regenerate after a deliberate change with
`pytest tests/tui/forms/test_snapshots.py --snapshot-update` and look at the result. Nothing on these
screens depends on today's date or the clock.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.tui.conftest import SIZES
from tests.tui.forms.conftest import INN_KOVROV, fill, settle
from tui.forms.activity_form import ActivityForm
from tui.forms.company_form import CompanyForm
from tui.forms.meeting_form import MeetingForm
from tui.forms.participants import ParticipantsScreen


def _app(path):
    from tests.tui.forms.conftest import make_app

    return make_app(path)


@pytest.fixture
def shot(forms_db, snap_compare):
    path, ids = forms_db

    def take(run_before, size: tuple[int, int]) -> bool:
        async def before(pilot):
            await settle(pilot)
            await run_before(pilot, ids, path)
            await settle(pilot)

        return snap_compare(_app(path), terminal_size=size, run_before=before)

    return take


async def _company_new(pilot, ids, path):
    await pilot.press("ctrl+n")


async def _company_problems(pilot, ids, path):
    await pilot.press("ctrl+n")
    await settle(pilot)
    fill(pilot.app.screen, inn="7707083894", kpp="12")
    await pilot.press("ctrl+s")


async def _duplicate(pilot, ids, path):
    await pilot.press("ctrl+n")
    await settle(pilot)
    fill(pilot.app.screen, short_name="Ковровские трубы", inn=INN_KOVROV, city="Ковров")
    await pilot.press("ctrl+s")


async def _conflict(pilot, ids, path):
    pilot.app.push_screen(CompanyForm(ids["vlad"]))
    await settle(pilot)
    fill(pilot.app.screen, city="Суздаль", phones="+7 4922 11-11-11")
    with sqlite3.connect(path) as other:
        other.execute("UPDATE company SET city = 'Гусь-Хрустальный', website = 'vtz.ru', "
                      "version = version + 1 WHERE id = ?", (ids["vlad"],))
    other.close()
    await pilot.press("ctrl+s")


async def _mission_new(pilot, ids, path):
    await pilot.press("f5")
    await settle(pilot)
    await pilot.press("ctrl+n")


async def _meeting(pilot, ids, path):
    pilot.app.push_screen(MeetingForm(defaults={"mission": ids["mission"]}, parties=[ids["minsk"]]))
    await settle(pilot)
    fill(pilot.app.screen, held_on="09.12.2025", subject="Поставка запчастей")
    await settle(pilot)
    pilot.app.screen.query_one(".picker-input").focus()
    await pilot.press(*"вла")


async def _participants(pilot, ids, path):
    pilot.app.push_screen(ParticipantsScreen(ids["mission"]))
    await settle(pilot)
    await pilot.press(*"ковров")


async def _activity(pilot, ids, path):
    pilot.app.push_screen(ActivityForm(ids["kovrov"]))
    await settle(pilot)
    fill(pilot.app.screen, happened_on="01.12.2025", text="Образцы отправлены", due_on="15.01.2026")


SCREENS = {
    "company_new": _company_new, "company_problems": _company_problems, "duplicate": _duplicate,
    "conflict": _conflict, "mission_new": _mission_new, "meeting": _meeting,
    "participants": _participants, "activity": _activity,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_form(screen, size, shot):
    assert shot(SCREENS[screen], SIZES[size])
