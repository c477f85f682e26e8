"""Another process's change shows up on the open screen without losing the cursor or the search."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from models.entities import Company
from tests.conftest import REPO
from tests.tui.conftest import make_app, settle, wait_for_text
from tui.screens.companies import CompaniesScreen
from tui.screens.dossier import DossierScreen
from tui.widgets.company_table import CompanyTable

RENAME = """
import sys
from models.db import open_database
from models import store
from models.entities import Company
open_database(sys.argv[1])
c = Company.get_by_id(int(sys.argv[2]))
store.update(Company, c.id, c.version, {sys.argv[3]: sys.argv[4]}, user="colleague")
"""


def _change_elsewhere(path, company_id: int, field: str, value: str) -> None:
    subprocess.run([sys.executable, "-c", RENAME, str(path), str(company_id), field, value],
                   cwd=REPO, check=True, timeout=60)


def test_a_change_by_another_process_appears_in_place(app_db):
    async def scenario():
        app = make_app(app_db, poll=0.2)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screen = app.screen
            await pilot.press(*"ооо", "enter")  # a search with many rows, in name order
            screen.sort_by("name")
            await settle(pilot)
            table = screen.query_one(CompanyTable)
            table.move_cursor(row=5)
            await settle(pilot)
            key = screen.current_company()
            _change_elsewhere(app_db, key, "city", "Новоград-Заречный")
            await wait_for_text(pilot, "Новоград", deadline=5)
            assert isinstance(app.screen, CompaniesScreen)
            assert screen.current_company() == key
            assert screen.view.text == "ооо"

            # an open dossier follows too
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)
            company = app.screen.company_id
            _change_elsewhere(app_db, company, "website", "changed-elsewhere.example")
            await wait_for_text(pilot, "changed-elsewhere.example", deadline=5)
            assert Company.get_by_id(company).website == "changed-elsewhere.example"

    asyncio.run(scenario())
