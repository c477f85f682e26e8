"""The reads and writes that used to run on the UI thread — a form's heading and lists, the INN
note and the check for duplicates of the company form, the command palette, the mission in the
companies' count line, the first look at the data version, the import wizard's dry run, import and
"was it undone", an import's detail and its undo, the export dialog's writing — now run on a
thread (`tui.background`). Each meets the store failing (fault injection into the models function
it calls, with the tools of `test_store_failures`, tests/tui/failing_store.py; the rest is the
real app on a real store): the app stays up, says the one sentence where it belongs, and works
once the store is back."""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.widgets import Button, DataTable, Select, Static

from models import editing, live, missions_queries, settings
from models.browse import CompanyFilter
from models.db import database
from tests.tui.conftest import screen_text
from tests.tui.conftest import settle as settle_wizard  # leaves a file tree's loader be
from tests.tui.failing_store import FAILURES, Switch, make_app, pushed, retried, settle, shown_problem
from tests.tui.forms.conftest import forms_db  # noqa: F401 — the small register these tests run on
from tests.tui.screens.conftest import store, workbook  # noqa: F401 — the wizard's store and file
from tests.tui.screens.test_import_wizard import message, to_check, to_columns, untouched
from tui.background import banner_of

STORE_FAILURES = ["sqlite_busy", "file_gone", "pg_connection_lost"]


def _forms():
    from tui.forms.activity_form import ActivityForm
    from tui.forms.company_form import CompanyForm
    from tui.forms.contact_form import ContactForm
    from tui.forms.interest_form import InterestForm
    from tui.forms.meeting_form import MeetingForm

    # (the models function the form reads while it is built, the form, what shows once it is read)
    return {
        "contact_heading": (editing, "company_label", lambda ids: ContactForm(ids["vlad"]),
                            "Владимирский тракторный завод"),
        "activity_missions": (editing, "mission_choices", lambda ids: ActivityForm(ids["vlad"]),
                              "Делегация из Минска"),
        "interest_meetings": (editing, "meeting_choices", lambda ids: InterestForm(ids["vlad"]), None),
        "meeting_parties": (editing, "company_label", lambda ids: MeetingForm(parties=[ids["kovrov"]]),
                            "Ковровские трубы"),
        "company_region": (settings, "get", lambda ids: CompanyForm(), "Владимирская область"),
    }


@pytest.mark.parametrize("failure", STORE_FAILURES)
@pytest.mark.parametrize("form", list(_forms()))
def test_a_form_built_while_the_store_fails_opens_says_why_and_fills_in_on_retry(
        forms_db, monkeypatch, form, failure):  # noqa: F811
    path, ids = forms_db
    if form == "company_region":
        settings.put("region", "Владимирская область")
    target, name, make, after = _forms()[form]
    error, words = FAILURES[failure]
    switch = Switch(monkeypatch, target, name, error)
    on_ui_thread = []
    fake = getattr(target, name)

    def watched(*args, **kwargs):
        on_ui_thread.append(threading.current_thread() is threading.main_thread())
        return fake(*args, **kwargs)

    monkeypatch.setattr(target, name, watched)

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            form_screen = make(ids)
            app.push_screen(form_screen)
            banner = await shown_problem(pilot)
            assert app.is_running and app.screen is form_screen
            assert switch.calls >= 1 and not any(on_ui_thread)
            assert words in banner.sentence
            assert form_screen.rows(), "the fields are there to type into"
            await retried(pilot, switch)
            assert banner_of(app.screen) is None, screen_text(app)
            if after is not None:
                shown = screen_text(app)
                options = [str(label) for s in form_screen.query(Select) for label, _ in s._options]
                assert after in shown or after in " ".join(options), (shown, options)
            assert not any(on_ui_thread)

    asyncio.run(scenario())


@pytest.mark.parametrize("failure", STORE_FAILURES)
def test_the_inn_note_is_asked_off_the_ui_thread_and_says_when_the_store_fails(
        forms_db, monkeypatch, failure):  # noqa: F811
    from tests.tui.forms.conftest import INN_KOVROV
    from tui.forms.company_form import CompanyForm

    path, ids = forms_db
    error, words = FAILURES[failure]
    switch = Switch(monkeypatch, editing, "company_with_inn", error)

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(160, 48)) as pilot:
            form = await pushed(pilot, CompanyForm())
            form.row("inn").widget.focus()
            form.row("inn").set_value(INN_KOVROV)
            form.row("kpp").widget.focus()  # leaving the INN checks it
            banner = await shown_problem(pilot)
            assert app.is_running and switch.calls >= 1 and words in banner.sentence
            assert form.row("inn").get_raw() == INN_KOVROV
            await retried(pilot, switch)
            assert banner_of(app.screen) is None
            assert "Ковровские трубы" in screen_text(app)  # «ИНН уже есть: …»

    asyncio.run(scenario())


@pytest.mark.parametrize("failure", STORE_FAILURES)
def test_the_check_for_duplicates_before_a_new_company_fails_and_ctrl_s_checks_again(
        forms_db, monkeypatch, failure):  # noqa: F811
    from models.entities import Company
    from tui.forms.company_form import CompanyForm, DuplicateScreen

    path, ids = forms_db
    error, words = FAILURES[failure]
    switch = Switch(monkeypatch, editing, "likely_duplicates", error)

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(160, 48)) as pilot:
            form = await pushed(pilot, CompanyForm())
            form.row("short_name").set_value("Ковровские трубы")
            form.row("city").set_value("Ковров")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.is_running and app.screen is form and switch.calls >= 1
            said = str(form.query_one("#form-banner").render())
            assert words in said and "Ctrl+S" in said
            save = form.query_one("#form-save", Button)
            assert not save.disabled
            assert Company.select().count() == 3  # nothing saved
            await retried(pilot, switch, "ctrl+s")
            assert isinstance(app.screen, DuplicateScreen)  # the check went through this time

    asyncio.run(scenario())


def test_the_palette_asks_the_store_nothing(forms_db, monkeypatch):  # noqa: F811
    """On the dossier of an archived company the palette offers to restore it, from what the
    dossier loaded: with the store failing for every query, it still opens and says so."""
    from models import store as write
    from models.entities import Company

    path, ids = forms_db
    write.archive(Company, ids["kovrov"], 1)

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            app.open_dossier(ids["kovrov"])
            await settle(pilot)
            db = database.obj

            def locked(*args, **kwargs):
                raise FAILURES["sqlite_busy"][0]()

            monkeypatch.setattr(db, "execute_sql", locked)
            await pilot.press("ctrl+p")
            await pilot.press(*"архив")
            await settle(pilot)
            assert app.is_running
            assert "Вернуть компанию из архива" in screen_text(app), screen_text(app)

    asyncio.run(scenario())


@pytest.mark.parametrize("failure", STORE_FAILURES)
def test_the_mission_in_the_count_line_is_read_by_the_loader(forms_db, monkeypatch, failure):  # noqa: F811
    path, ids = forms_db
    error, words = FAILURES[failure]
    switch = Switch(monkeypatch, missions_queries, "mission_title", error)

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            app.screen.set_filters(CompanyFilter(mission_id=ids["mission"]))
            banner = await shown_problem(pilot)
            assert app.is_running and switch.calls >= 1 and words in banner.sentence
            await retried(pilot, switch)
            assert banner_of(app.screen) is None
            assert "Делегация из Минска" in str(app.screen.query_one("#count", Static).render())

    asyncio.run(scenario())


def test_the_first_look_at_the_data_version_is_not_on_the_ui_thread(forms_db, monkeypatch):  # noqa: F811
    """The app's live refresh asks the store on a thread of its own, from the first question:
    a store that fails then is asked again at the next tick, the app starts all the same."""
    from tui.app import PalataApp

    path, ids = forms_db
    switch = Switch(monkeypatch, live, "data_version", FAILURES["pg_connection_lost"][0])
    threads = []
    fake = live.data_version

    def watched():
        threads.append(threading.current_thread() is threading.main_thread())
        return fake()

    monkeypatch.setattr(live, "data_version", watched)

    async def scenario():
        app = PalataApp(location=str(path), subtitle="forms.db", poll=0.05)
        async with app.run_test(size=(160, 48)) as pilot:
            while switch.calls < 2:  # asked, failed, asked again
                await pilot.pause(0.05)
            switch.on = False
            while app.version is None:
                await pilot.pause(0.05)
            assert app.is_running and "Ковровские трубы" in screen_text(app)
            assert threads and not any(threads)

    asyncio.run(scenario())


# --- the import wizard, an import's detail and undo, the export dialog --------------------------

async def problem_beside_a_file_tree(pilot):
    """`shown_problem` for the import section, whose file tree keeps a worker for as long as it
    lives (not waited for)."""
    await settle_wizard(pilot)
    banner = banner_of(pilot.app.screen)
    assert banner is not None, screen_text(pilot.app)
    return banner


@pytest.mark.parametrize("failure", ["sqlite_busy", "pg_connection_lost"])
def test_the_wizards_dry_run_and_import_fail_with_a_sentence_and_go_through_after(
        store, workbook, monkeypatch, failure):  # noqa: F811
    import importers.apply as apply

    monkeypatch.chdir(workbook.parent)
    error, words = FAILURES[failure]

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            wizard = await to_columns(pilot)
            switch = Switch(monkeypatch, apply, "import_file", error)
            await pilot.press("ctrl+n")  # the dry run
            await settle_wizard(pilot)
            assert app.is_running and wizard.step == "columns" and switch.calls == 1
            assert words in " ".join(message(app).split())
            assert not wizard.query_one("#next", Button).disabled  # Next tries again
            await retried(pilot, switch, "ctrl+n", wait=settle_wizard)
            assert wizard.step == "check", message(app)
            switch.on = True
            await pilot.press("ctrl+n")  # the import
            await settle_wizard(pilot)
            assert app.is_running and wizard.step == "check"
            assert words in " ".join(message(app).split())
            assert untouched()
            await retried(pilot, switch, "ctrl+n", wait=settle_wizard)
            assert wizard.step == "done", message(app)

    asyncio.run(scenario())


@pytest.mark.parametrize("failure", ["sqlite_busy", "pg_connection_lost"])
def test_was_the_import_undone_an_imports_detail_and_its_undo_meet_a_failing_store(
        store, workbook, monkeypatch, failure):  # noqa: F811
    import importers.apply as apply
    from models import import_report
    from tui.screens.import_detail import ImportDetailScreen
    from tui.screens.import_history import ImportHistoryScreen

    monkeypatch.chdir(workbook.parent)
    monkeypatch.setenv("PALATA_USER", "tester")
    error, words = FAILURES[failure]

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            wizard = await to_check(pilot)
            await pilot.press("ctrl+n")
            await settle_wizard(pilot)
            assert wizard.step == "done"
            # the finished wizard asks whether its import was undone: the store fails
            batch = Switch(monkeypatch, import_report, "batch", error)
            wizard.check_undone()
            banner = await problem_beside_a_file_tree(pilot)
            assert app.is_running and words in banner.sentence
            await retried(pilot, batch, wait=settle_wizard)
            assert banner_of(app.screen) is None
            # the import's detail
            await pilot.press("f8")
            await settle_wizard(pilot)
            assert isinstance(app.screen, ImportHistoryScreen)
            detail = Switch(monkeypatch, import_report, "import_detail", error)
            await pilot.press("enter")
            banner = await problem_beside_a_file_tree(pilot)
            assert isinstance(app.screen, ImportDetailScreen) and words in banner.sentence
            await retried(pilot, detail, wait=settle_wizard)
            assert banner_of(app.screen) is None
            assert app.screen.query_one("#import-companies", DataTable).row_count > 0
            await pilot.press("escape")
            await settle_wizard(pilot)
            # its undo
            undo = Switch(monkeypatch, apply, "undo_import", error)
            await pilot.press("u")
            await settle_wizard(pilot)
            await pilot.click("#yes")
            await settle_wizard(pilot)
            assert app.is_running and undo.calls == 1
            assert words in " ".join(screen_text(app).split())
            await retried(pilot, undo, "u", wait=settle_wizard)
            await pilot.click("#yes")
            await settle_wizard(pilot)
            assert "отменён" in " ".join(screen_text(app).split())

    asyncio.run(scenario())


@pytest.mark.parametrize("failure", ["sqlite_busy", "pg_connection_lost"])
def test_the_export_dialog_says_why_it_could_not_write_and_writes_after(
        store, tmp_path, monkeypatch, failure):  # noqa: F811
    import importers.view_export as view_export
    from tui.screens.export_dialog import ExportDialog
    from tui.widgets.path_input import PathInput

    error, words = FAILURES[failure]
    out = tmp_path / "выгрузка.xlsx"
    switch = Switch(monkeypatch, view_export, "export_view", error)

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle_wizard(pilot)
            await pilot.press("ctrl+o")
            await settle_wizard(pilot)
            dialog = app.screen
            assert isinstance(dialog, ExportDialog)
            dialog.query_one(PathInput).value = str(out)
            await pilot.press("enter")
            await settle_wizard(pilot)
            said = " ".join(str(dialog.query_one("#export-message", Static).render()).split())
            assert app.is_running and switch.calls == 1 and words in said
            assert not dialog.query_one("#write", Button).disabled and not out.exists()
            await retried(pilot, switch, "enter", wait=settle_wizard)
            assert dialog.written == out and out.exists()

    asyncio.run(scenario())
