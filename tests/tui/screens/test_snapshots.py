"""One SVG snapshot per screen, at 80×24 (a small SSH terminal) and 160×48, on the sample data.

Regenerate after a deliberate change with `pytest tests/tui/screens/test_snapshots.py --snapshot-update`
and look at the result. The clock is fixed (`models.store.now`) and the demo's own import is
stamped with a fixed moment and user, so nothing on these screens depends on when they are taken.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from models import store
from models.entities import ImportBatch, Mission
from tests.tui.conftest import SIZES, DataWords, make_app, pressing, screen_text, settle
from tests.tui.tmux import broken_emails, broken_words, vocabulary

STAVROVO = "ставровский"

_search = pressing(*"трубы")
_filters = pressing("ctrl+t")
_dossier = pressing(*STAVROVO, "enter", "enter")
_briefing = pressing(*STAVROVO, "enter", "b")
_missions = pressing("f5")
_interests = pressing(*"плитка", first=pressing("f6"))
_duplicates = pressing("f9")
_merge = pressing("down", "up", "enter", first=_duplicates)
_imports = pressing("f8")
_import_detail = pressing("enter", first=_imports)
_followups = pressing("v", first=pressing("ctrl+g"))  # v: everybody's, the sample's belong to its staff
_reports = pressing("f11")


async def _mission(pilot):
    mission = Mission.get(Mission.title.contains("БелТПП") & (Mission.starts_on == date(2025, 12, 8)))
    pilot.app.open_mission(mission.id)
    await settle(pilot)


def _dossier_tab(key: str):
    return pressing(key, first=_dossier)


def _mission_tab(key: str):
    return pressing(key, first=_mission)


async def _changes(pilot):
    await settle(pilot)
    await pilot.press("f10")
    await settle(pilot)
    pilot.app.screen.query_one("#since").value = "01.12.2025"
    pilot.app.screen.query_one("#user").value = "ivanova"  # the demo's own stamp is left out
    await settle(pilot)


SCREENS = {
    "companies": settle, "search": _search, "filters": _filters, "dossier": _dossier,
    "dossier_contacts": _dossier_tab("2"), "dossier_interests": _dossier_tab("3"),
    "dossier_missions": _dossier_tab("4"), "dossier_meetings": _dossier_tab("5"),
    "dossier_agreements": _dossier_tab("6"), "dossier_timeline": _dossier_tab("7"),
    "dossier_history": _dossier_tab("8"), "briefing": _briefing, "missions": _missions,
    "mission": _mission, "mission_participants": _mission_tab("2"), "mission_meetings": _mission_tab("3"),
    "mission_agreements": _mission_tab("4"), "mission_followups": _mission_tab("5"),
    "mission_interests": _mission_tab("6"), "interests": _interests, "changes": _changes,
    "duplicates": _duplicates, "merge": _merge, "imports": _imports, "import_detail": _import_detail,
    "followups": _followups, "reports": _reports,
}
TODAY = datetime(2026, 11, 30, 10, 0)


@pytest.fixture
def fixed_clock(app_db, monkeypatch):
    """Today is 30.11.2026 (what is overdue does not move), and the demo's import was made by
    'demo' at a fixed moment."""
    monkeypatch.setattr(store, "now", lambda: TODAY)
    ImportBatch.update(started_at=datetime(2026, 11, 20, 9, 0), finished_at=datetime(2026, 11, 20, 9, 1),
                       user="demo").execute()
    return app_db


@pytest.fixture(scope="module")
def words(sample_db) -> set[str]:
    return vocabulary(DataWords(sample_db).text)


def _read_whole(run, words: set[str]):
    """The screen as `run` leaves it, read for words and e-mails cut in two across lines."""
    async def run_before(pilot):
        await run(pilot)
        shown = screen_text(pilot.app)
        assert broken_words(shown, words) == [] and broken_emails(shown) == [], shown
    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(screen, size, fixed_clock, words, snap_compare):
    assert snap_compare(make_app(fixed_clock), terminal_size=SIZES[size],
                        run_before=_read_whole(SCREENS[screen], words))


async def _light_dossier(pilot):
    await settle(pilot)
    await pilot.press("f2")  # the light theme: the same screen must read without the dark colours
    await _dossier(pilot)


def test_light_theme(app_db, snap_compare):
    assert snap_compare(make_app(app_db), terminal_size=SIZES["80x24"], run_before=_light_dossier)
