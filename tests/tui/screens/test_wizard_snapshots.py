"""SVG snapshots of the import wizard's steps and of the import history at 80×24 (a small SSH
terminal) and 160×48, on the messy workbook. (The export dialog is left out: the companies table
behind it changes with its own work.) Regenerate after a deliberate change with
`pytest tests/tui/screens/test_wizard_snapshots.py --snapshot-update` and look at the result."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Select

from models.entities import ImportBatch
from tests.tui.conftest import SIZES, pressing, settle
from tests.tui.screens.conftest import make_app

_file = pressing(*"рее", first=pressing("f7"))


async def _columns(pilot):
    await _file(pilot)
    await pilot.press("tab", "enter")
    await settle(pilot)
    pilot.app.screen.query_one("#map-7", Select).value = "tags"
    await settle(pilot)


_check = pressing("ctrl+n", first=_columns)  # the dry run
_done = pressing("ctrl+n", first=_check)  # the import


async def _history(pilot):
    await _done(pilot)
    # the clock is no part of the picture
    ImportBatch.update(started_at=datetime(2025, 12, 8, 10, 30)).execute()
    await pilot.click("#history")
    await settle(pilot)


STEPS = {"file": _file, "columns": _columns, "check": _check, "done": _done, "history": _history}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("step", STEPS)
def test_wizard_step(step, size, store, workbook, monkeypatch, snap_compare, as_user):
    monkeypatch.chdir(workbook.parent)
    as_user("tester")
    assert snap_compare(make_app(store), terminal_size=SIZES[size], run_before=STEPS[step])
