"""Forms at the keyboard: Enter goes to the next field and saves only on the last one, Esc on a
changed form asks before throwing the work away, and the title says whose record it is."""

from __future__ import annotations

import asyncio

from models.entities import Company, Contact
from tests.tui.conftest import screen_text
from tests.tui.forms.conftest import make_app, settle
from tui.forms.company_form import CompanyForm
from tui.forms.contact_form import ContactForm
from tui.forms.lists import ContactsList
from tui.screens.companies import CompaniesScreen
from tui.screens.dossier import DossierScreen
from tui.widgets.confirm import Confirm


async def _new_company(pilot) -> CompanyForm:
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CompanyForm)
    return pilot.app.screen


def test_enter_moves_to_the_next_field_and_never_saves_half_a_company(forms_db):
    path, _ = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await _new_company(pilot)
            before = Company.select().count()
            await pilot.press(*"Суздальская керамика", "enter")
            assert app.focused is form.query_one("#f-legal_form")
            await pilot.press(*"ООО", "enter", "enter")
            assert app.focused is form.query_one("#f-inn")
            await settle(pilot)
            assert app.screen is form and Company.select().count() == before  # nothing saved
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)
            assert Company.get(Company.short_name == "Суздальская керамика").legal_form == "ООО"

    asyncio.run(scenario())


def test_enter_past_a_tick_box_newline_in_notes_and_enter_on_save(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            app.push_screen(ContactForm(ids["kovrov"]))
            await settle(pilot)
            form = app.screen
            await pilot.press(*"Смирнова Ольга", "enter", "enter", "enter", "enter")
            primary = form.query_one("#f-is_primary")
            assert app.focused is primary
            await pilot.press("space", "enter")  # Space ticks, Enter moves on
            assert primary.value and app.focused is form.query_one("#f-notes")
            await pilot.press(*"звонить", "enter", *"после обеда")  # Enter is a new line here
            assert form.query_one("#f-notes").text == "звонить\nпосле обеда"
            await pilot.press("tab")
            assert app.focused is form.query_one("#form-save")
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is not form
            olga = Contact.get(Contact.name == "Смирнова Ольга")
            assert olga.company_id == ids["kovrov"] and olga.is_primary and "после обеда" in olga.notes

    asyncio.run(scenario())


def test_enter_on_the_last_field_saves(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            app.open_dossier(ids["kovrov"])
            await settle(pilot)
            await pilot.press("a")  # the company's activities
            await settle(pilot)
            await pilot.press("ctrl+n")
            await settle(pilot)
            form = app.screen
            form.query_one("#f-text").value = "Позвонить директору"
            form.rows()[-2].widget.focus()
            await pilot.press("enter")  # the one before the last: moves on
            assert app.focused is form.rows()[-1].widget and app.screen is form
            form.rows()[-1].widget.focus()
            await pilot.pause()
            form._advance(form.rows()[-1])  # Enter on the last field (a list here, Enter opens it)
            await settle(pilot)
            assert app.screen is not form

    asyncio.run(scenario())


def test_esc_on_a_changed_form_asks_and_keeps_or_discards(forms_db):
    path, _ = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await _new_company(pilot)
            await pilot.press("escape")  # nothing typed: closes at once
            await settle(pilot)
            assert isinstance(app.screen, CompaniesScreen)
            form = await _new_company(pilot)
            await pilot.press(*"Черновик", "escape")
            await settle(pilot)
            assert isinstance(app.screen, Confirm)
            assert "без сохранения" in screen_text(app)
            await pilot.press("escape")  # no: back to the form, the work still there
            await settle(pilot)
            assert app.screen is form and form.query_one("#f-short_name").value == "Черновик"
            await pilot.press("escape", "enter")  # yes: discarded
            await settle(pilot)
            assert isinstance(app.screen, CompaniesScreen)
            assert not Company.select().where(Company.short_name == "Черновик").exists()

    asyncio.run(scenario())


def test_the_title_names_the_record_being_edited(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            app.open_dossier(ids["kovrov"])
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, CompanyForm)
            assert "Изменить: «Ковровские трубы»" in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            app.open_dossier(ids["vlad"])
            await settle(pilot)
            await pilot.press("k")
            await settle(pilot)
            assert isinstance(app.screen, ContactsList)
            await pilot.press("enter")
            await settle(pilot)
            assert "Изменить: «Петров Пётр Петрович»" in screen_text(app)

    asyncio.run(scenario())
