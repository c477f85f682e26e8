"""SVG snapshots of the import wizard's steps and of the import history at 80×24 (a small SSH
terminal) and 160×48, on the messy workbook. (The export dialog is left out: the companies table
behind it changes with its own work.) Regenerate after a deliberate change with
`pytest tests/tui/screens/test_wizard_snapshots.py --snapshot-update` and look at the result."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Select

from models.entities import ImportBatch
from tests.tui.screens.conftest import make_app
from tests.tui.screens.test_import_wizard import settle


async def _file(pilot):
    await settle(pilot)
    await pilot.press("f7")
    await settle(pilot)
    await pilot.press(*"рее")
    await settle(pilot)


async def _columns(pilot):
    await _file(pilot)
    await pilot.press("tab", "enter")
    await settle(pilot)
    pilot.app.screen.query_one("#map-7", Select).value = "tags"
    await settle(pilot)


async def _check(pilot):
    await _columns(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)


async def _done(pilot):
    await _check(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)


async def _history(pilot):
    await _done(pilot)
    # the clock is no part of the picture
    ImportBatch.update(started_at=datetime(2025, 12, 8, 10, 30)).execute()
    await pilot.click("#history")
    await settle(pilot)


STEPS = {"file": _file, "columns": _columns, "check": _check, "done": _done, "history": _history}


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
@pytest.mark.parametrize("step", STEPS)
def test_wizard_step(step, size, store, workbook, monkeypatch, snap_compare, as_user):
    monkeypatch.chdir(workbook.parent)
    as_user("tester")
    assert snap_compare(make_app(store), terminal_size=size, run_before=STEPS[step])
