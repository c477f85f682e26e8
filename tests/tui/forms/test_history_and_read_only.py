"""A company's change log in words, the command palette's editing commands, and a database the
app cannot write: it says so in the header and offers no editing at all."""

from __future__ import annotations

import asyncio
import subprocess
import uuid

import pytest
from textual.command import CommandPalette

from models import store
from models.db import close_database, is_read_only, open_database
from models.entities import Company, Contact, Interest
from tests.tui.conftest import screen_text
from tests.tui.forms.conftest import make_app, settle
from tui.forms.company_form import CompanyForm
from tui.forms.history import HistoryScreen
from tui.i18n import set_language


def test_history_reads_who_when_which_field_old_and_new(forms_db):
    path, ids = forms_db

    async def scenario():
        company = Company.get_by_id(ids["vlad"])
        store.update(Company, company.id, company.version, {"city": "Суздаль", "member_status": "suspended"},
                     user="petrov")
        interest = Interest.get_by_id(ids["interest"])
        store.update(Interest, interest.id, interest.version, {"status": "in_work"}, user="petrov")
        contact = Contact.get_by_id(ids["contact"])
        store.archive(Contact, contact.id, contact.version, user="petrov")
        app = make_app(path)
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            app.open_dossier(ids["vlad"])
            await settle(pilot)
            await pilot.press("h")
            await settle(pilot)
            assert isinstance(app.screen, HistoryScreen)
            text = screen_text(app)
            for words in ("История изменений", "petrov", "ivanova", "Город: Владимир → Суздаль",
                          "Статус членства: действует → приостановлено", "Статус: открыт → в работе",
                          "перенесена в архив", "запись создана", "контакт: Петров"):
                assert words in text, words
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, HistoryScreen)

    asyncio.run(scenario())


def test_palette_offers_the_editing_commands_of_the_screen(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.open_dossier(ids["vlad"])
            await settle(pilot)
            await pilot.press("ctrl+p")
            await settle(pilot)
            assert CommandPalette.is_open(app)
            await pilot.press(*"изменить карточку")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, CompanyForm) and app.screen.row_id == ids["vlad"]

    asyncio.run(scenario())


@pytest.fixture
def read_only_db(tmp_path):
    """The small register on a tmpfs remounted read-only (needs root; skipped elsewhere)."""
    mount = tmp_path / f"ro-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a filesystem here: {done.stderr.strip()}")
    try:
        path = mount / "palata.db"
        open_database(path)
        company = store.create(Company, {"short_name": "Владимирский тракторный завод", "city": "Владимир"})
        close_database()
        remount = subprocess.run(["mount", "-o", "remount,ro", str(mount)], capture_output=True, text=True)
        if remount.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remount.stderr.strip()}")
        open_database(path)
        set_language("ru")
        yield path, company
        close_database()
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_read_only_database_is_said_and_editing_is_off(read_only_db):
    path, company = read_only_db

    async def scenario():
        assert is_read_only()
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert "только чтение" in app.sub_title
            assert "только чтение" in screen_text(app)
            assert app.check_action("new_record", ()) is False
            footer = screen_text(app).splitlines()[-1]
            assert "Создать" not in footer
            await pilot.press("e")  # typed into the search line: no warning
            await settle(pilot)
            assert not app._notifications
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert not isinstance(app.screen, CompanyForm)
            app.open_dossier(company)
            await settle(pilot)
            for key in ("e", "x", "k", "i", "a", "m", "g"):
                app.clear_notifications()
                await pilot.press(key)
                await settle(pilot, 1)
                assert type(app.screen).__name__ == "DossierScreen", key
                # the key says in one sentence why nothing happens
                said = [n.message for n in app._notifications]
                assert said == ["У вашей учётной записи доступ к этой базе данных только для чтения: "
                                "изменять её нельзя."], key
            assert "Изменить" not in screen_text(app).splitlines()[-1]
            # reading the history stays possible
            await pilot.press("h")
            await settle(pilot)
            assert isinstance(app.screen, HistoryScreen)
            # no import wizard; the import history says that undoing is not for this account
            refused = "У вашей учётной записи доступ к этой базе данных только для чтения"
            app.clear_notifications()
            await pilot.press("f7")
            await settle(pilot)
            assert type(app.screen).__name__ != "ImportWizard"
            assert [n.message for n in app._notifications][0].startswith(refused)
            await pilot.press("f8")
            await settle(pilot)
            await pilot.press("u")
            await settle(pilot)
            assert refused in screen_text(app)

    asyncio.run(scenario())
