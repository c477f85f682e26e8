"""«Мои поручения» (screen, the companies screen's first line, `palata todo`), each person's
remembered settings and the chamber's settings in the register."""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import stat
from datetime import date, timedelta
from urllib.parse import urlparse

import pytest
from textual.widgets import Static

from models import editing, settings, store
from models.db import close_database, open_database
from models.entities import Activity, Company
from tests.conftest import recorded_user, run_palata
from tests.tui.conftest import make_app, screen_text, settle
from tui import user_settings
from tui.forms.company_form import CompanyForm
from tui.forms.lists import FollowUpsScreen
from tui.screens.companies import CompaniesScreen


def _register(location: str) -> dict[str, int]:
    """Two companies and follow-ups of two people: one overdue, one due today, one later, one done."""
    today = store.now().date()
    a = store.create(Company, {"short_name": "Альфа", "legal_form": "ООО"}, user="ivanova")
    b = store.create(Company, {"short_name": "Бета", "legal_form": "АО"}, user="petrov")
    ids = {}
    for key, company, author, due, done in (
            ("overdue", a, "ivanova", today - timedelta(days=3), False),
            ("today", b, "ivanova", today, False),
            ("later", a, "ivanova", today + timedelta(days=20), False),
            ("done", b, "ivanova", today - timedelta(days=10), True),
            ("theirs", b, "petrov", today - timedelta(days=1), False)):
        ids[key] = store.create(Activity, {"company": company, "kind": "call", "text": f"Поручение {key}",
                                           "happened_on": today - timedelta(days=30), "author": author,
                                           "due_on": due, "done": done}, user=author)
    return ids


def test_open_followups_mine_and_everybodys_overdue_first(both_backends, store_location):
    ids = _register(store_location)
    mine = editing.open_followups(author="ivanova")
    assert [f.id for f in mine] == [ids["overdue"], ids["today"], ids["later"]]
    everybody = editing.open_followups()
    assert [f.id for f in everybody] == [ids["overdue"], ids["theirs"], ids["today"], ids["later"]]
    today = store.now().date()
    assert editing.due_counts("ivanova", today) == (1, 1)
    assert editing.due_counts(None, today) == (2, 1)
    assert editing.due_counts("smirnova", today) == (0, 0)


def test_palata_todo_prints_mine_or_everybodys(store_location):
    open_database(store_location)
    try:
        _register(store_location)
    finally:
        close_database()
    # "mine" is the OS account's, on PostgreSQL the session's role (nobody can sign as another);
    # --user names a colleague
    me = urlparse(store_location).username if "://" in store_location \
        else pwd.getpwuid(os.geteuid()).pw_name
    mine = run_palata("--db", store_location, "todo", "--user", "ivanova")
    assert mine.returncode == 0, mine.stderr
    out = mine.stdout
    assert "Открытые поручения сотрудника ivanova: 3, просрочено (!): 1" in out
    assert out.index("Поручение overdue") < out.index("Поручение today") < out.index("Поручение later")
    assert "Поручение theirs" not in out and "Поручение done" not in out
    assert "(сегодня)" in out and "! " in out
    everybody = run_palata("--db", store_location, "todo", "--all", env={"PALATA_USER": "ivanova"})
    assert everybody.returncode == 0
    assert "Поручение theirs" in everybody.stdout and "petrov" in everybody.stdout
    nobody = run_palata("--db", store_location, "todo", env={"PALATA_USER": "ivanova"})
    assert nobody.returncode == 0 and f"Открытых поручений сотрудника {me} нет." in nobody.stdout
    english = run_palata("--db", store_location, "--lang", "en", "todo", "--user", "petrov")
    assert "Open follow-ups of petrov: 1, overdue (!): 1" in english.stdout


def test_followups_screen_mine_then_everybodys_and_the_companies_line(forms_db_with_followups):
    path = forms_db_with_followups

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, CompaniesScreen)
            line = app.screen.query_one("#due-line", Static)
            assert line.display
            text = screen_text(app)
            assert "Мои поручения: просрочено 1, на сегодня 1 — Ctrl+G" in text
            # the line comes before the table: the first thing the screen says
            assert text.index("Мои поручения") < text.index("Компания")
            await pilot.press("ctrl+g")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, FollowUpsScreen)
            assert [f.text for f in screen.items] == [
                "Поручение overdue", "Поручение today", "Поручение later"]
            assert "Мои поручения (ivanova)" in screen_text(app)
            await pilot.press("v")
            await settle(pilot)
            assert "Поручение theirs" in [f.text for f in screen.items]
            assert "Открытые поручения всех сотрудников" in screen_text(app)
            await pilot.press("v", "ctrl+d")  # mine again; the overdue one done
            await settle(pilot)
            assert [f.text for f in screen.items] == ["Поручение today", "Поручение later"]
            await pilot.press("escape")
            await settle(pilot)
            assert "на сегодня 1" in screen_text(app) and "просрочено" not in screen_text(app)

    asyncio.run(scenario())


def test_no_line_when_nothing_of_mine_is_due(forms_db_with_followups, as_user):
    as_user("smirnova")

    async def scenario():
        app = make_app(forms_db_with_followups)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert not app.screen.query_one("#due-line", Static).display
            assert "Мои поручения" not in screen_text(app)

    asyncio.run(scenario())


@pytest.fixture
def forms_db_with_followups(tmp_path, as_user):
    as_user("ivanova")
    path = tmp_path / "todo.db"
    open_database(path)
    _register(str(path))
    yield path
    close_database()


# --- each person's settings -------------------------------------------------------------------

def test_user_settings_are_private_and_written_whole(private_config):
    assert user_settings.load() == {}
    assert user_settings.remember(theme="textual-light", sort="city", descending=True)
    path = user_settings.path()
    assert path.parent.parent == private_config
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert json.loads(path.read_text()) == {"theme": "textual-light", "sort": "city", "descending": True}
    assert user_settings.remember(descending=None, language="en")
    assert user_settings.load() == {"theme": "textual-light", "sort": "city", "language": "en"}
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temporary file left
    path.write_text("{not json")
    assert user_settings.load() == {}  # a damaged file is no settings, not a crash
    path.write_text(json.dumps({"theme": 3, "sort": "name", "password": "x"}))
    assert user_settings.load() == {"sort": "name"}


def test_theme_language_and_sort_are_remembered_between_runs(app_db):
    async def first_run():
        app = make_app(app_db)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f2")
            app.screen.sort_by("city", descending=True)
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)

    async def second_run():
        app = make_app(app_db)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert app.theme == "textual-light"
            view = app.screen.view
            assert (view.order, view.descending) == ("city", True)
            return screen_text(app)

    asyncio.run(first_run())
    assert user_settings.load() == {"theme": "textual-light", "sort": "city", "descending": True,
                                    "language": "en"}
    from tui.i18n import detect

    os.environ.pop("PALATA_LANG", None)
    assert detect([]) == "en"
    assert detect(["--lang", "ru"]) == "ru"
    text = asyncio.run(second_run())
    assert "▼" in text


# --- the chamber's settings ---------------------------------------------------------------------

def test_chamber_settings_are_kept_in_the_register_and_logged(both_backends):
    admin = recorded_user("admin")
    assert settings.all_settings() == {"region": None, "name": None}
    settings.put("region", "  Владимирская   область ", user="admin")
    settings.put("name", "Владимирская ТПП", user="admin")
    assert settings.get("region") == "Владимирская область"
    settings.put("region", "Владимирская область", user="admin")  # the same: nothing logged
    from models.changes import list_changes

    logged = [(c.table, c.field, c.old, c.new, c.user) for c in list_changes(date(2000, 1, 1))]
    assert logged == [("setting", "region", None, "Владимирская область", admin),
                      ("setting", "name", None, "Владимирская ТПП", admin)]
    settings.put("name", "", user="admin")
    assert settings.get("name") is None
    with pytest.raises(settings.UnknownSetting):
        settings.put("colour", "red")


def test_palata_settings_command(store_location):
    open_database(store_location)
    close_database()
    shown = run_palata("--db", store_location, "settings")
    assert shown.returncode == 0, shown.stderr
    assert "region = не задано" in shown.stdout
    done = run_palata("--db", store_location, "settings", "region", "Владимирская область")
    assert done.returncode == 0 and "Сохранено: region = Владимирская область" in done.stdout
    one = run_palata("--db", store_location, "settings", "region")
    assert one.stdout.strip() == "Владимирская область"
    bad = run_palata("--db", store_location, "settings", "colour", "red")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.strip() == "palata: Нет такой настройки: colour. Есть: region, name."


def test_a_new_company_gets_the_chambers_region(forms_db_with_followups):
    settings.put("region", "Владимирская область")

    async def scenario():
        app = make_app(forms_db_with_followups)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+n")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, CompanyForm)
            assert form.row("region").get_raw() == "Владимирская область"
            assert form.row("country").get_raw() == "Россия"

    asyncio.run(scenario())


def test_the_briefing_is_signed_with_the_chambers_name(sample_db, tmp_path):
    import shutil

    path = tmp_path / "brief.db"
    shutil.copy(sample_db, path)
    assert "Справка подготовлена" not in run_palata("--db", str(path), "brief", "Ставровский").stdout
    run_palata("--db", str(path), "settings", "name", "Владимирская ТПП")
    brief = run_palata("--db", str(path), "brief", "Ставровский")
    assert brief.returncode == 0 and "Справка подготовлена: Владимирская ТПП" in brief.stdout
