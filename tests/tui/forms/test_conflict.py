"""A colleague saves the same record between opening and saving the form — here through a second
SQLite connection, as another process would. Nothing is silently lost either way."""

from __future__ import annotations

import asyncio
import sqlite3

from models.entities import ChangeLog, Company
from tests.tui.conftest import screen_text
from tests.tui.forms.conftest import fill, make_app, settle
from tui.forms.company_form import CompanyForm
from tui.forms.conflict import ConflictScreen


def _colleague_saves(path, company_id: int, **values) -> None:
    """Another process's edit: its own connection, its own transaction, the version moved on."""
    sets = ", ".join(f"{k} = ?" for k in values)
    with sqlite3.connect(path) as other:
        other.execute(f"UPDATE company SET {sets}, version = version + 1 WHERE id = ?",
                      (*values.values(), company_id))
    other.close()


async def _edit_with_colleague(pilot, path, company_id):
    app = pilot.app
    await settle(pilot)
    app.push_screen(CompanyForm(company_id))
    await settle(pilot)
    form = app.screen
    # I change the city and the phones; meanwhile the colleague changes the city and the website
    fill(form, city="Суздаль", phones="+7 4922 11-11-11")
    _colleague_saves(path, company_id, city="Гусь-Хрустальный", website="vtz.ru")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(app.screen, ConflictScreen)
    return form


def test_conflict_shows_both_and_reload_takes_theirs_keeping_my_other_edits(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await _edit_with_colleague(pilot, path, ids["vlad"])
            text = screen_text(app)
            for words in ("Суздаль", "Гусь-Хрустальный", "vtz.ru", "+7 4922 11-11-11", "оба", "коллега"):
                assert words in text, words
            rows = {r.label: r for r in app.screen.rows}
            assert rows["Город"].changed_by_you and rows["Город"].changed_by_them
            assert rows["Сайт"].changed_by_them and not rows["Сайт"].changed_by_you
            assert rows["Телефоны"].changed_by_you and not rows["Телефоны"].changed_by_them
            # nothing of mine was written
            assert Company.get_by_id(ids["vlad"]).phones == "+7 4922 12-34-56"
            await pilot.click("#conflict-reload")
            await settle(pilot)
            assert app.screen is form
            assert form.query_one("#f-city").value == "Гусь-Хрустальный"
            assert form.query_one("#f-website").value == "vtz.ru"
            assert form.query_one("#f-phones").value == "+7 4922 11-11-11"
            assert "версия коллеги" in screen_text(app)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, (CompanyForm, ConflictScreen))
        company = Company.get_by_id(ids["vlad"])
        assert (company.city, company.website, company.phones) == (
            "Гусь-Хрустальный", "vtz.ru", "+7 4922 11-11-11")
        assert company.version == 3

    asyncio.run(scenario())


def test_overwrite_knowingly_writes_mine_and_keeps_their_other_change(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await _edit_with_colleague(pilot, path, ids["vlad"])
            await pilot.press("ctrl+o")
            await settle(pilot)
            assert not isinstance(app.screen, (CompanyForm, ConflictScreen))
        company = Company.get_by_id(ids["vlad"])
        assert (company.city, company.website, company.phones) == ("Суздаль", "vtz.ru", "+7 4922 11-11-11")
        # the log says what the overwrite replaced: their value, not the one I opened
        change = ChangeLog.get((ChangeLog.field == "city") & (ChangeLog.row_id == ids["vlad"]))
        assert (change.old, change.new) == ("Гусь-Хрустальный", "Суздаль")

    asyncio.run(scenario())


def test_back_to_the_form_saves_nothing_and_keeps_what_was_typed(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await _edit_with_colleague(pilot, path, ids["vlad"])
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is form and form.query_one("#f-city").value == "Суздаль"
            assert "не сохранены" in screen_text(app)
        assert Company.get_by_id(ids["vlad"]).city == "Гусь-Хрустальный"

    asyncio.run(scenario())
