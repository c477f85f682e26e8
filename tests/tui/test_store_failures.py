"""The store failing under the app: every screen's loader and every save meets each kind of
storage failure (SQLite busy, the file gone, the PostgreSQL connection lost, a bug) and the app
stays up, says one sentence on that screen and recovers with Ctrl+R (loaders) or Ctrl+S (saves)
once the store is back.

The failure is injected into the models query function the screen calls (fault injection: the
rest is the real app on a real store); `test_save_waits_for_a_real_lock` and the PostgreSQL
test below use a real locked file and a real dropped connection."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from textual.widgets import Button, Input

from models import briefing, browse, dossier, editing, interests_queries, missions_queries, queries, store
from models.browse import CompanyFilter
from models.entities import Company
from tests.tui.conftest import screen_text
from tests.tui.failing_store import FAILURES, Switch, make_app, pushed, retried, settle, shown_problem
from tests.tui.forms.conftest import forms_db  # noqa: F401 — the small register these tests run on
from tui.app import PalataApp
from tui.background import banner_of


@dataclass(frozen=True)
class Loader:
    target: Any
    name: str
    open: Callable[[PalataApp, dict], Any]  # puts the screen on top (None: the home screen)
    after: str  # what the screen shows once it has loaded


def _push(factory: Callable[[dict], Any]) -> Callable[[PalataApp, dict], Any]:
    return lambda app, ids: app.push_screen(factory(ids))


def _screens():
    import importers.apply
    from tui.forms.company_form import CompanyForm
    from tui.forms.history import HistoryScreen
    from tui.forms.lists import ContactsList, FollowUpsScreen
    from tui.forms.participants import ParticipantsScreen
    from tui.screens import changes, duplicates, merge
    from tui.screens.export_dialog import ExportDialog
    from tui.screens.filters import FilterScreen

    vlad = _push(lambda ids: HistoryScreen(ids["vlad"]))
    return {
        "companies": Loader(queries, "first_page", lambda app, ids: None, "Ковровские трубы"),
        "dossier": Loader(dossier, "load", lambda app, ids: app.open_dossier(ids["vlad"]),
                          "Владимирский тракторный завод"),
        "briefing": Loader(briefing, "briefing", lambda app, ids: app.open_briefing(ids["vlad"]),
                           "Владимирский тракторный завод"),
        "missions": Loader(missions_queries, "list_missions", lambda app, ids: app.action_missions(),
                           "Делегация из Минска"),
        "mission": Loader(missions_queries, "mission_story",
                          lambda app, ids: app.open_mission(ids["mission"]), "Делегация из Минска"),
        "interests": Loader(interests_queries, "list_interests", lambda app, ids: app.action_interests(),
                            "запасные части"),
        "duplicates": Loader(duplicates, "find_duplicates", lambda app, ids: app.action_duplicates(),
                             "дубликатов не найдено"),
        "changes": Loader(changes, "list_changes", lambda app, ids: app.action_changes(),
                          "Ковровские трубы"),
        "import_history": Loader(importers.apply, "list_batches",
                                 lambda app, ids: app.action_import_history(), "Импортов ещё не было"),
        "filters": Loader(browse, "choices", _push(lambda ids: FilterScreen(CompanyFilter())), "Статус"),
        "export_count": Loader(queries, "count_companies", _push(lambda ids: ExportDialog()),
                               "Весь реестр: 3"),
        "history": Loader(editing, "company_history", vlad, "Владимирский тракторный завод"),
        "contacts": Loader(editing, "contacts_of", _push(lambda ids: ContactsList(ids["vlad"])),
                           "Петров Пётр"),
        "followups": Loader(editing, "open_followups", _push(lambda ids: FollowUpsScreen(mine=False)),
                            "Отправить каталог"),
        "participants": Loader(editing, "participants_of",
                               _push(lambda ids: ParticipantsScreen(ids["mission"])), "Минский автозавод"),
        "merge": Loader(merge, "company_values",
                        _push(lambda ids: merge.MergeScreen([ids["vlad"], ids["kovrov"]])),
                        "Ковровские трубы"),
        "company_form": Loader(editing, "snapshot", _push(lambda ids: CompanyForm(ids["vlad"])),
                               "Изменить: «Владимирский тракторный завод"),
    }


SCREENS = list(_screens())


@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize("screen", SCREENS)
def test_a_loader_that_fails_says_so_and_retries(forms_db, monkeypatch, screen, failure):  # noqa: F811
    path, ids = forms_db
    loader = _screens()[screen]
    error, words = FAILURES[failure]
    switch = Switch(monkeypatch, loader.target, loader.name, error)

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            opened = loader.open(app, ids)
            if asyncio.iscoroutine(opened):
                await opened
            banner = await shown_problem(pilot)
            assert app.is_running
            assert switch.calls >= 1
            assert words in banner.sentence
            assert words[:20] in screen_text(app).replace("\n", " ") or words[:8] in screen_text(app)
            await retried(pilot, switch)  # the store is back: the sentence goes, the data shows
            assert banner_of(app.screen) is None, screen_text(app)
            assert loader.after in screen_text(app)
            assert app.is_running

    asyncio.run(scenario())


# --- saves ---------------------------------------------------------------------------------

async def _city_typed(pilot, ids):
    """The Vladimir plant's form open on the settled app, «Суздаль» typed as its city."""
    from tui.forms.company_form import CompanyForm

    form = await pushed(pilot, CompanyForm(ids["vlad"]))
    form.row("city").set_value("Суздаль")
    return form


def _saved(app, form, ids) -> bool:
    """The form is gone and the store holds the city typed into it."""
    return app.screen is not form and Company.get_by_id(ids["vlad"]).city == "Суздаль"


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_form_save_that_fails_keeps_what_was_typed_and_saves_on_ctrl_s(forms_db, monkeypatch, failure):  # noqa: F811
    path, ids = forms_db
    error, words = FAILURES[failure]
    switch = Switch(monkeypatch, store, "update", error)

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(160, 48)) as pilot:
            form = await _city_typed(pilot, ids)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.is_running and app.screen is form
            banner = str(form.query_one("#form-banner").render())
            assert words in banner and "Ctrl+S" in banner
            assert form.row("city").get_raw() == "Суздаль"  # nothing typed is lost
            save = form.query_one("#form-save", Button)
            assert not save.disabled and str(save.label) == "Сохранить"
            await retried(pilot, switch, "ctrl+s")
            assert _saved(app, form, ids)

    asyncio.run(scenario())


@dataclass(frozen=True)
class QuickSave:
    target: Any
    name: str
    open: Callable[[PalataApp, dict], Any]
    act: Callable[[Any, PalataApp, dict], Any]  # (pilot, app, ids) -> awaitable
    check: Callable[[dict], bool]  # what the store holds once the action went through


async def _keys(pilot, *keys):
    await pilot.press(*keys)


def _quick_saves():
    from models.entities import Activity, Contact, Participation
    from tui.forms.lists import ContactsList, FollowUpsScreen
    from tui.forms.participants import CompanySearch, ParticipantsScreen
    from tui.screens import merge

    async def add_participant(pilot, app, ids):
        search = app.screen.query_one(CompanySearch).query_one(Input)
        search.focus()
        search.value = "Ковров"
        await settle(pilot)
        await pilot.press("enter")

    async def archive(pilot, app, ids):
        app.open_dossier(ids["kovrov"])
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")  # the confirmation's Yes

    async def merge_them(pilot, app, ids):
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#yes")

    return {
        "contact_archive": QuickSave(store, "update", _push(lambda ids: ContactsList(ids["vlad"])),
                                     lambda pilot, app, ids: _keys(pilot, "ctrl+x"),
                                     lambda ids: Contact.get_by_id(ids["contact"]).archived_at is not None),
        "followup_done": QuickSave(editing, "mark_done", _push(lambda ids: FollowUpsScreen(mine=False)),
                                   lambda pilot, app, ids: _keys(pilot, "ctrl+d"),
                                   lambda ids: Activity.get_by_id(ids["followup"]).done),
        "participant_add": QuickSave(editing, "add_participant",
                                     _push(lambda ids: ParticipantsScreen(ids["mission"])), add_participant,
                                     lambda ids: Participation.select().where(
                                         Participation.company == ids["kovrov"]).exists()),
        "archive_company": QuickSave(store, "archive", lambda app, ids: None, archive,
                                     lambda ids: Company.get_by_id(ids["kovrov"]).archived_at is not None),
        "merge": QuickSave(merge, "merge_companies",
                           _push(lambda ids: merge.MergeScreen([ids["vlad"], ids["kovrov"]])), merge_them,
                           lambda ids: Company.get_by_id(ids["kovrov"]).archived_at is not None),
    }


@pytest.mark.parametrize("failure", ["sqlite_busy", "pg_connection_lost"])
@pytest.mark.parametrize("action", list(_quick_saves()))
def test_a_quick_save_that_fails_says_so_and_the_app_stays(forms_db, monkeypatch, action, failure):  # noqa: F811
    path, ids = forms_db
    quick = _quick_saves()[action]
    error, words = FAILURES[failure]
    switch = Switch(monkeypatch, quick.target, quick.name, error)

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(160, 48), notifications=True) as pilot:
            await settle(pilot)
            opened = quick.open(app, ids)
            if asyncio.iscoroutine(opened):
                await opened
            await settle(pilot)
            await quick.act(pilot, app, ids)
            await settle(pilot)
            assert app.is_running
            assert switch.calls >= 1
            said = [n.message for n in app._notifications]
            assert any(words in m for m in said), said
            assert not quick.check(ids)  # nothing half-done
            switch.on = False
            await quick.act(pilot, app, ids)
            await settle(pilot)
            assert quick.check(ids)

    asyncio.run(scenario())


# --- a real lock --------------------------------------------------------------------------

@contextmanager
def _colleague_locks(path, then: str) -> Iterator[None]:
    """A colleague's connection holds the file's write lock until it ends with `then` (COMMIT or
    ROLLBACK)."""
    colleague = sqlite3.connect(path, isolation_level=None)
    colleague.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        colleague.execute(then)
        colleague.close()


def test_save_waits_for_a_real_lock_without_freezing_the_screen(forms_db):  # noqa: F811
    """A colleague holds the write lock: the save waits on its thread, the form says «Сохранение…»
    and still answers; when the colleague commits, the save goes through."""
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(160, 48)) as pilot:
            form = await _city_typed(pilot, ids)
            with _colleague_locks(path, "COMMIT"):
                await pilot.press("ctrl+s")
                await pilot.pause(0.3)
                save = form.query_one("#form-save", Button)
                assert save.disabled and str(save.label) == "Сохранение…"
                assert "Сохранение…" in screen_text(app)
                # the screen answers while the save waits: typing goes into a field
                form.row("address").widget.focus()
                await pilot.press("a", "b")
                await pilot.pause()
                assert form.row("address").get_raw() == "ab"
                await pilot.press("escape")  # a save on its way cannot be called back
                await pilot.pause()
                assert app.screen is form
            await settle(pilot)
            assert _saved(app, form, ids)

    asyncio.run(scenario())


def test_a_save_refused_by_a_real_lock_says_busy_and_saves_after(forms_db, monkeypatch):  # noqa: F811
    """The busy timeout (shortened here) runs out: the form says the store is busy, keeps what
    was typed, and Ctrl+S saves once the colleague is done."""
    from models import db as dbmod
    from models.db import open_database

    path, ids = forms_db
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_S", 0.2)
    monkeypatch.setattr(dbmod, "PRAGMAS", {**dbmod.PRAGMAS, "busy_timeout": 200})
    open_database(path)

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(160, 48)) as pilot:
            form = await _city_typed(pilot, ids)
            with _colleague_locks(path, "ROLLBACK"):
                await pilot.press("ctrl+s")
                await settle(pilot)
                assert app.is_running and app.screen is form
                assert "занята другим пользователем" in str(form.query_one("#form-banner").render())
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert _saved(app, form, ids)

    asyncio.run(scenario())


# A form's heading and lists, read while it is built, meet the store failing in
# tests/tui/test_store_off_ui_thread.py (they are read off the UI thread now).
