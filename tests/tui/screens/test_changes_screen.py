"""The "what changed" screen through Pilot: recent changes, filtered by user, open the company."""

from __future__ import annotations

import asyncio
import shutil

import pytest

from models import store
from models.db import close_database, open_database
from models.entities import Company
from tests.tui.conftest import make_app, screen_text, settle, wait_for_text
from tui.i18n import set_language
from tui.screens.changes import ChangesScreen
from tui.screens.dossier import DossierScreen


@pytest.fixture
def edited_db(sample_db, tmp_path):
    path = tmp_path / "app.db"
    shutil.copy(sample_db, path)
    open_database(path)
    set_language("ru")
    park = Company.get(Company.short_name == "Ставровский индустриальный парк")
    store.update(Company, park.id, park.version, {"notes": "Ждут КП на трубы"}, user="ivanova")
    yield path, park.id
    close_database()


def test_recent_changes_by_user_and_open_the_company(edited_db):
    asyncio.run(_scenario(edited_db))


async def _scenario(edited_db):
    path, park = edited_db
    app = make_app(path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, ChangesScreen)
        await wait_for_text(pilot, "ivanova")
        first = screen_text(app).splitlines()[6]  # newest first, under the filters and the header
        assert "ivanova" in first and "Ставровский" in first and "Заметки" in first

        app.screen.query_one("#user").value = "nobody"
        await wait_for_text(pilot, "изменений нет")

        app.screen.query_one("#user").value = "ivanova"
        await wait_for_text(pilot, "Изменений: 1")
        app.screen.query_one("#changes").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen) and app.screen.company_id == park
