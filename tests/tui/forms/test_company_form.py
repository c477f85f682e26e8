"""The company form through Pilot: a valid save, each problem said next to its field, cancel,
the duplicate warning, editing, archiving and restoring."""

from __future__ import annotations

import asyncio

from textual.widgets import Select

from models import store
from models.entities import ChangeLog, Company
from tests.tui.conftest import screen_text
from tests.tui.forms.conftest import INN_KOVROV, INN_NEW, fill, make_app, problem, settle
from tui.forms.company_form import CompanyForm, DuplicateScreen
from tui.forms.conflict import ConflictScreen
from tui.screens.dossier import DossierScreen


async def _open_new(pilot):
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CompanyForm)
    return pilot.app.screen


def test_new_company_typed_and_saved_opens_its_dossier(forms_db):
    path, _ = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open_new(pilot)
            await pilot.press(*"Суздальская керамика", "tab", *"ООО", "tab", "tab", *INN_NEW)
            for _ in range(8):  # to the phones, past kpp, ogrn, unp, country, region, city, address
                await pilot.press("tab")
            await pilot.press(*"8 (4922) 65-43-21", "tab", *"Info@Keramika.ru", "ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)
            company = Company.get(Company.inn == INN_NEW)
            assert company.short_name == "Суздальская керамика" and company.legal_form == "ООО"
            assert company.phones == "+7 4922 65-43-21" and company.emails == "info@keramika.ru"
            assert company.country == "Россия"
            created = ChangeLog.get((ChangeLog.table == "company") & (ChangeLog.row_id == company.id))
            assert created.user == "ivanova"

    asyncio.run(scenario())


def test_each_problem_is_said_next_to_its_field_and_nothing_is_saved(forms_db):
    path, _ = forms_db

    async def scenario():
        app = make_app(path)
        before = Company.select().count()
        async with app.run_test(size=(80, 24)) as pilot:
            form = await _open_new(pilot)
            fill(form, inn="7707083894", kpp="12", ogrn="1027700132196", unp="12345",
                 phones="позвонить Ивану", emails="sales.zavod.ru", member_since="2025-01-01")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form
            assert "обязательн" in problem(form, "short_name").lower()
            assert "контрольн" in problem(form, "inn").lower()
            assert "9" in problem(form, "kpp")
            assert "контрольн" in problem(form, "ogrn").lower()
            assert "9" in problem(form, "unp")
            assert "не похоже на телефон" in problem(form, "phones")
            assert "sales.zavod.ru" in problem(form, "emails")
            assert "ДД.ММ.ГГГГ" in problem(form, "member_since")
            assert "Исправьте" in screen_text(app)
            # the first bad field has the focus; fixing it clears its mark as it is typed
            assert app.focused is form.query_one("#f-short_name")
            await pilot.press(*"Ромашка")
            assert problem(form, "short_name") == ""
            # leaving a field checks it on the spot
            form.query_one("#f-city").focus()
            await pilot.press(*"Владимир", "tab")
            assert problem(form, "city") == ""
        assert Company.select().count() == before

    asyncio.run(scenario())


def test_cancel_leaves_the_register_untouched(forms_db):
    path, _ = forms_db

    async def scenario():
        app = make_app(path)
        before = ChangeLog.select().count()
        async with app.run_test(size=(80, 24)) as pilot:
            await _open_new(pilot)
            await pilot.press(*"Черновик", "escape")
            await settle(pilot)
            assert not isinstance(app.screen, CompanyForm)
        assert ChangeLog.select().count() == before

    asyncio.run(scenario())


def test_same_inn_offers_the_existing_company_instead(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await _open_new(pilot)
            fill(form, short_name="Ковровские трубы и фитинги", inn=INN_KOVROV)
            form.query_one("#f-inn").focus()
            await pilot.press("tab")  # leaving the INN says at once that it is known
            assert "Ковровские трубы" in str(form.query_one("#note-inn").render())
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, DuplicateScreen)
            assert app.screen.certain and not app.screen.query("#dup-save")
            assert "тот же ИНН" in screen_text(app)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen) and app.screen.company_id == ids["kovrov"]

    asyncio.run(scenario())


def test_same_name_and_city_can_be_saved_anyway(forms_db):
    path, _ = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await _open_new(pilot)
            fill(form, short_name="«Ковровские трубы»", legal_form="АО", city="Ковров")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, DuplicateScreen) and not app.screen.certain
            await pilot.press("escape")  # back to the form first: nothing saved
            await settle(pilot)
            assert app.screen is form
            assert Company.select().where(Company.city == "Ковров").count() == 1
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.click("#dup-save")
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)
        assert Company.select().where(Company.city == "Ковров").count() == 2

    asyncio.run(scenario())


def test_edit_from_the_dossier_logs_the_change_and_refreshes(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.open_dossier(ids["vlad"])
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, CompanyForm) and form.row_id == ids["vlad"]
            assert form.query_one("#f-city").value == "Владимир"
            form.query_one("#f-city").value = "Суздаль"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)
            assert "Суздаль" in screen_text(app)
        company = Company.get_by_id(ids["vlad"])
        assert company.city == "Суздаль" and company.version == 2
        change = ChangeLog.get((ChangeLog.field == "city") & (ChangeLog.row_id == ids["vlad"]))
        assert (change.old, change.new, change.user) == ("Владимир", "Суздаль", "ivanova")

    asyncio.run(scenario())


def test_a_form_opened_and_saved_unchanged_writes_nothing(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        before = ChangeLog.select().count()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.open_dossier(ids["vlad"])
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)
        assert ChangeLog.select().count() == before

    asyncio.run(scenario())


def test_archive_and_restore_from_the_dossier(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.open_dossier(ids["kovrov"])
            await settle(pilot)
            await pilot.press("x")
            await settle(pilot)
            assert "в архив" in screen_text(app)
            await pilot.press("enter")
            await settle(pilot)
            assert Company.get_by_id(ids["kovrov"]).archived_at is not None
            # an archived company is not edited, it is restored first
            await pilot.press("e")
            await settle(pilot)
            assert not isinstance(app.screen, CompanyForm)
            await pilot.press("x")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        assert Company.get_by_id(ids["kovrov"]).archived_at is None
        actions = [h.action for h in store.history("company", ids["kovrov"])]
        assert actions[-2:] == ["archive", "restore"]

    asyncio.run(scenario())


def test_a_colleague_archiving_while_the_form_is_open_is_said(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.push_screen(CompanyForm(ids["kovrov"]))
            await settle(pilot)
            company = Company.get_by_id(ids["kovrov"])
            store.archive(Company, company.id, company.version, user="petrov")
            fill(app.screen, city="Вязники")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, ConflictScreen) and app.screen.gone
            assert "архив" in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, CompanyForm)  # the typed values are still there
            assert app.screen.query_one("#f-city").value == "Вязники"

    asyncio.run(scenario())


def test_the_edit_form_shows_the_stored_choices(forms_db):
    """A company's membership status is shown as stored, not «— не выбрано —» (the list's
    choice must be given when the list is made: set on an unmounted list it was lost)."""
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.open_dossier(ids["vlad"])
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            status = app.screen.query_one("#f-member_status", Select)
            assert status.value == "active"
            status_line = next(line for line in screen_text(app).splitlines() if "Статус членства" in line)
            assert "действует" in status_line and "не выбрано" not in status_line

    asyncio.run(scenario())
