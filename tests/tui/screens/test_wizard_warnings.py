"""The wizard's dry run shows what will be stored but deserves a look: a new company that
probably exists already under other details is marked ⚠ beside the rejected rows."""

from __future__ import annotations

import asyncio

from textual.widgets import DataTable

from models import store as write
from models.entities import Company
from tests.tui.screens.conftest import make_app
from tests.tui.screens.test_import_wizard import message, to_check


def test_a_probable_duplicate_is_marked_in_the_dry_run(store, workbook, monkeypatch):
    monkeypatch.chdir(workbook.parent)
    # Вектор of the file (Ковров, +7 49232 2-22-22) is in the register under another name.
    write.create(Company, {"short_name": "Векторпром", "city": "Ковров", "phones": "+7 49232 2-22-22"},
                 user="tester")

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            wizard = await to_check(pilot)
            table = wizard.query_one("#rejections", DataTable)
            notes = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
            flagged = [n for n in notes if n.startswith("⚠")]
            assert any("Векторпром" in n and "телефон" in n for n in flagged), notes
            assert "Предупреждений" in str(wizard.query_one("#rejected-title").render()), message(app)

    asyncio.run(scenario())
