"""What a paste brings into a form — escape sequences, NUL, C1, Word's line breaks — is cleaned
before the value is checked and saved: the field reads the clean value, the store holds it, and
the change log never sees the raw bytes. Also every other writer (the store itself) cleans."""

from __future__ import annotations

import asyncio

from models import store
from models.entities import ChangeLog, Company, Mission
from models.safetext import is_clean
from tests.terminal_attacks import ASK, C1, LINK, TITLE, WIPE
from tests.tui.conftest import screen_text
from tests.tui.forms.conftest import fill, make_app, settle
from tui.forms.company_form import CompanyForm
from tui.forms.fields import LONG, TEXT, Spec, read


def test_a_field_reads_a_paste_clean():
    name, notes = Spec("short_name", "field.short_name", TEXT), Spec("notes", "field.notes", LONG)
    assert read(name, f"{TITLE}Ромашка\x0b{WIPE}") == ("Ромашка", None)
    assert read(notes, f"раз\x0bдва\u2028три{ASK}\x00") == ("раз\nдва\nтри", None)
    assert read(Spec("city", "field.city", TEXT), f"{C1}\x00") == (None, None)


def test_a_pasted_company_is_saved_clean(forms_db):
    path, _ = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+n")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, CompanyForm)
            fill(form, short_name=f"{TITLE}Вставленная{WIPE} [bold red]фирма[/]", city=f"Суздаль{ASK}",
                 address=LINK, notes=f"строка 1\x0bстрока 2\r\nстрока 3{C1}")
            await pilot.pause()
            assert "\x1b" not in screen_text(app)
            await pilot.press("ctrl+s")
            await settle(pilot)
            company = Company.get(Company.city == "Суздаль")
            assert company.short_name == "Вставленная [bold red]фирма[/]"
            assert company.address == "Нажмите здесь"
            assert company.notes == "строка 1\nстрока 2\nстрока 3"
            logged = ChangeLog.get((ChangeLog.table == "company") & (ChangeLog.row_id == company.id))
            assert is_clean(logged.new) and "\\u001b" not in logged.new
            assert "[bold red]фирма[/]" in screen_text(app)  # the dossier shows it as written

    asyncio.run(scenario())


def test_every_writer_is_covered_by_the_store(forms_db):
    mission = store.create(Mission, {"kind": "outgoing", "title": f"Миссия{WIPE}",
                                     "description": f"один\x0bдва{TITLE}"})
    row = Mission.get_by_id(mission)
    assert (row.title, row.description) == ("Миссия", "один\nдва")
    store.update(Mission, mission, row.version, {"place": f"Минск{ASK}\x00"})
    assert Mission.get_by_id(mission).place == "Минск"
