"""The app's screens in English over a register whose data is Latin: any Cyrillic on them would be
interface text that skipped the catalogue."""

from __future__ import annotations

import asyncio
import re

import pytest

from importers.apply import import_file
from models.db import close_database, open_database
from tests.importers.xlfixtures import write_xlsx
from tests.tui.conftest import make_app, screen_text, settle
from tui.i18n import set_language

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture
def latin_register(tmp_path):
    path = tmp_path / "latin.db"
    open_database(path)
    members = write_xlsx(tmp_path / "members.xlsx", {"Members": [
        ["Name", "INN", "City", "Country", "Phone"],
        ["Vector", "7707083893", "Vladimir", "Russia", "+7 4922 12-34-56"],
        ["Orbit", "3327100489", "Kovrov", "Russia", "+7 4922 12-34-57"]]})
    import_file(members, user="tester")
    set_language("en")
    yield path
    close_database()
    set_language("ru")


# the keys that open a screen from the list of companies, and a screen's name for the message
SCREENS = [("enter", "dossier"), ("escape", "companies"), ("f5", "missions"), ("f6", "interests"),
           ("f8", "import history"), ("f9", "duplicates"), ("f10", "changes"), ("f7", "import wizard")]


def test_screens_in_english_show_no_cyrillic(latin_register):
    async def scenario():
        app = make_app(latin_register)
        seen = {}
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            seen["companies"] = screen_text(app)
            for key, name in SCREENS:
                if name not in ("dossier", "companies"):
                    await pilot.press("f4")
                    await settle(pilot)
                await pilot.press(key)
                await settle(pilot)
                seen[name] = screen_text(app)
        return seen

    seen = asyncio.run(scenario())
    assert "Vector" in seen["companies"] and "Vector" in seen["dossier"]
    russian = {name: [line for line in text.splitlines() if CYRILLIC.search(line)]
               for name, text in seen.items()}
    assert not any(russian.values()), russian
