"""Who did it, for real, and Palata's roles on PostgreSQL.

On the real PostgreSQL server (PALATA_TEST_PG): a database per test, login roles made per test
(unique names, dropped at the end) and given rights with the real `palata grant`; each one then
connects as itself (trust authentication) and tries what its rights allow and what they do not,
through the command, the app and raw SQL. On SQLite: the recorded user is the OS account, whatever
the environment says.
"""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from openpyxl import Workbook

from models import rights, store
from models.db import close_database, database, is_read_only, open_database
from models.entities import Company, Contact
from models.identifiers import make_inn
from models.store import os_user
from tests.conftest import run_palata

INN_A, INN_C = make_inn("332710001"), make_inn("332710003")


def as_login(url: str, login: str) -> str:
    """`url` with `login` as its user (trust authentication: no password)."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{login}@{host}"))


class Logins:
    """Login roles made for one test; all dropped at its end."""

    def __init__(self, server):
        self.server = server
        self.names: list[str] = []

    def name(self, kind: str) -> str:
        login = f"palata_t_{kind}_{uuid.uuid4().hex[:8]}"
        self.names.append(login)
        return login

    def drop(self) -> None:
        with self.server.admin.cursor() as cur:
            for login in self.names:
                cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                            (login,))
                cur.execute(f'DROP ROLE IF EXISTS "{login}"')


@pytest.fixture
def logins(pg_server):
    made = Logins(pg_server)
    yield made
    made.drop()


@pytest.fixture
def register(pg_server):
    """A new database with a small register, written by the superuser (the DBA): three
    companies, a contact, and the URL of the database."""
    url = pg_server.create()
    open_database(url)
    for name, inn, city in (("Ромашка", INN_A, "Владимир"), ("ООО Ромашка", None, "Владимир"),
                            ("Вектор", INN_C, "Ковров")):
        store.create(Company, {"short_name": name, "inn": inn, "city": city, "legal_form": "ООО"})
    store.create(Contact, {"company": 1, "name": "Петров Пётр"})
    close_database()
    return url


def granted(register: str, logins: Logins, kind: str) -> tuple[str, str]:
    """A new login with `kind` rights, given by the real command; (login, its URL)."""
    login = logins.name(kind)
    done = run_palata("--db", register, "grant", login, kind)
    assert done.returncode == 0, done.stderr
    return login, as_login(register, login)


def workbook(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["Наименование", "ИНН", "Город"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def raw(url: str):
    conn = psycopg2.connect(url)
    conn.autocommit = True
    return conn


def one(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()


def refused(conn, sql, params=None) -> str:
    """Run `sql`, which the server must refuse; the server's message."""
    with pytest.raises(psycopg2.Error) as caught, conn.cursor() as cur:
        cur.execute(sql, params)
    return str(caught.value)


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr and "permission denied" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3, result.stderr  # one sentence, maybe wrapped


# --- palata grant -----------------------------------------------------------------------------

def test_grant_gives_lists_and_takes_rights(register, logins):
    login = logins.name("x")
    made = run_palata("--db", register, "grant", login, "editor")
    assert made.returncode == 0, made.stderr
    assert f"Роль {login} создана" in made.stdout and "«редактор»" in made.stdout
    db_name = register.rsplit("/", 1)[1]
    assert f"{db_name}_editor" in made.stdout.replace("\n", "")

    again = run_palata("--db", register, "grant", login, "admin")  # one level at a time
    listed = run_palata("--db", register, "grant", "--lang", "en")
    assert again.returncode == 0 and "создана" not in again.stdout
    rows = [line.split() for line in listed.stdout.splitlines() if login in line]
    assert rows == [[login, "administrator"]]

    taken = run_palata("--db", register, "grant", login, "--revoke")
    assert taken.returncode == 0 and "отняты" in taken.stdout
    assert login not in run_palata("--db", register, "grant").stdout
    # without Palata's rights the login reads nothing
    denied = run_palata("--db", as_login(register, login), "search", "Ромашка")
    assert denied.returncode == 1
    assert " ".join(denied.stderr.split()) == (
        "palata: У вашей учётной записи нет прав на реестр в этой базе данных; "
        "попросите администратора выдать их (palata grant).")
    no_traceback(denied)


def test_grant_refuses_unknown_words_a_file_and_a_login_that_is_no_dba(register, logins, tmp_path):
    login = logins.name("y")
    wrong = run_palata("--db", register, "grant", login, "superman")
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == "palata: Неизвестные права «superman»: укажите reader, editor или admin."
    english = run_palata("--db", register, "--lang", "en", "grant", login, "owner")
    assert english.stderr.strip() == "palata: Unknown rights “owner”: give reader, editor or admin."
    missing = run_palata("--db", register, "grant", login)
    assert missing.returncode == 2 and "reader|editor|admin" in missing.stderr

    on_file = run_palata("--db", str(tmp_path / "x.db"), "grant", login, "reader")
    assert on_file.returncode == 2 and "правами на файл" in on_file.stderr
    assert not (tmp_path / "x.db").exists()

    # an admin of Palata is no DBA: it may not hand out rights (or give itself more)
    _, admin_url = granted(register, logins, "admin")
    escalate = run_palata("--db", admin_url, "grant", login, "admin")
    assert escalate.returncode == 2 and "не может создавать роли" in escalate.stderr
    no_traceback(escalate)
    for result in (wrong, english, missing, on_file):
        no_traceback(result)


# --- what each level may do --------------------------------------------------------------------

def test_a_reader_searches_and_exports_but_every_write_is_refused(register, logins, tmp_path):
    _, url = granted(register, logins, "reader")
    found = run_palata("--db", url, "search", "Ромашка")
    assert found.returncode == 0 and "Ромашка" in found.stdout, found.stderr
    out = tmp_path / "list.xlsx"
    exported = run_palata("--db", url, "export", str(out))
    assert exported.returncode == 0 and out.exists(), exported.stderr
    brief = run_palata("--db", url, "brief", "Вектор")
    assert brief.returncode == 0 and "Вектор" in brief.stdout

    book = workbook(tmp_path / "new.xlsx", [["Новая", make_inn("332710009"), "Муром"]])
    for args, sentence in (
            (("import", str(book)), "Ваши права — «читатель»: импорт в реестр доступен редактору"),
            (("merge", "1", "2"), "Ваши права — «читатель»: объединять компании может только администратор."),
            (("undo-import", "1"), "отменить импорт может только администратор."),
            (("demo",), "импорт в реестр доступен")):
        result = run_palata("--db", url, *args)
        assert result.returncode == 1 and sentence in result.stderr.replace("\n", " "), (args, result.stderr)
        no_traceback(result)
    english = run_palata("--db", url, "--lang", "en", "import", str(book))
    assert "Your rights are “reader”: importing into the register needs an editor" in \
        english.stderr.replace("\n", " ")

    # the app opens read-only: editing is off, the import says why in one sentence
    from tests.tui.forms.conftest import settle
    from tui.app import PalataApp
    from tui.i18n import set_language

    open_database(url)
    set_language("ru")
    try:
        assert is_read_only() and rights.level() == rights.READER

        async def scenario():
            app = PalataApp(location=url, subtitle="server", poll=None)
            async with app.run_test(size=(100, 30)) as pilot:
                await settle(pilot)
                assert "только чтение" in app.sub_title
                assert app.check_action("new_record", ()) is False
                await pilot.press("f7")
                await settle(pilot)
                assert type(app.screen).__name__ == "CompaniesScreen"
                said = [n.message for n in app._notifications]
                assert said == ["Ваши права — «читатель»: импорт в реестр доступен "
                                "редактору и администратору."]

        asyncio.run(scenario())
        # under the app, the server refuses a write whatever the client does
        with pytest.raises(Exception, match="permission denied"):
            store.update(Company, 3, 1, {"city": "Муром"})
    finally:
        close_database()
    assert one(raw(register), "SELECT city FROM company WHERE id = 3") == ("Ковров",)


def test_an_editor_edits_and_imports_but_may_not_merge_or_undo(register, logins, tmp_path):
    login, url = granted(register, logins, "editor")
    book = workbook(tmp_path / "new.xlsx", [["Новая Заря", make_inn("332710009"), "Муром"],
                                            ["Вектор", INN_C, "Ковров"]])
    imported = run_palata("--db", url, "import", str(book))
    assert imported.returncode == 0, imported.stderr
    assert "компаний создано: 1" in imported.stdout

    for args, sentence in (
            (("merge", "1", "2"), "Ваши права — «редактор»: объединять компании может только администратор."),
            (("merge", "1", "2", "--dry-run"), "объединять компании может только администратор."),
            (("undo-import", "1"), "Ваши права — «редактор»: отменить импорт может только администратор."),
            (("undo-merge", "1"), "отменить объединение может только администратор."),
            (("copy", "--to", str(tmp_path / "copy.db")), "копировать реестр в другую базу может только")):
        result = run_palata("--db", url, *args)
        assert result.returncode == 1 and sentence in result.stderr.replace("\n", " "), (args, result.stderr)
        no_traceback(result)
    assert not (tmp_path / "copy.db").exists()

    open_database(url)
    try:
        assert not is_read_only() and rights.level() == rights.EDITOR
        assert rights.can("import") and not rights.can("merge")
        vektor = Company.get(Company.inn == INN_C)
        store.update(Company, vektor.id, vektor.version, {"notes": "Ждут КП"}, user="director")
        [entry] = [e for e in store.history("company", vektor.id) if e.field == "notes"]
        assert entry.user == login  # the server wrote its role, not what the client gave
        batch = database.execute_sql('SELECT "user", undone_at FROM import_batch').fetchall()
        assert batch == [(login, None)]
    finally:
        close_database()
    conn = raw(register)
    assert one(conn, "SELECT count(*) FROM company") == (4,)
    assert one(conn, 'SELECT count(*) FROM "merge"') == (0,)


def test_an_admin_merges_and_undoes(register, logins, tmp_path):
    login, url = granted(register, logins, "admin")
    merged = run_palata("--db", url, "merge", "1", "2")
    assert merged.returncode == 0, merged.stderr
    undone = run_palata("--db", url, "undo-merge", "1")
    assert undone.returncode == 0, undone.stderr
    book = workbook(tmp_path / "new.xlsx", [["Новая Заря", make_inn("332710009"), "Муром"]])
    assert run_palata("--db", url, "import", str(book)).returncode == 0
    undo = run_palata("--db", url, "undo-import", "1")
    assert undo.returncode == 0, undo.stderr
    conn = raw(register)
    assert one(conn, 'SELECT "user", undone_by FROM "merge"') == (login, login)
    assert one(conn, 'SELECT "user", undone_at IS NOT NULL FROM import_batch') == (login, True)
    users = {r[0] for r in _all(conn, 'SELECT DISTINCT "user" FROM change_log')}
    assert users == {"postgres", login}


def _all(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


# --- attacks on the history, by hand --------------------------------------------------------------

def test_the_server_writes_who_did_it_and_the_history_cannot_be_changed(register, logins):
    editor, editor_url = granted(register, logins, "editor")
    _, admin_url = granted(register, logins, "admin")
    db_name = register.rsplit("/", 1)[1]
    conn = raw(editor_url)
    insert = ('INSERT INTO change_log (at, "user", "table", row_id, action) '
              "VALUES (now(), 'director', 'company', 1, 'update') RETURNING \"user\"")
    assert one(conn, insert) == (editor,)
    # with no name at all, the column's default is the session's role too
    assert one(conn, "INSERT INTO change_log (at, \"table\", row_id, action) "
                     "VALUES (now(), 'company', 1, 'update') RETURNING \"user\"") == (editor,)
    # the copy switch and a temporary table standing in for the change log do not make an admin
    conn.autocommit = False
    with conn.cursor() as cur:
        cur.execute("CREATE TEMP TABLE change_log (x int)")
        cur.execute("SET LOCAL palata.copying = 'on'")
        cur.execute(insert.replace("INTO change_log", "INTO public.change_log"))
        assert cur.fetchone() == (editor,)
    conn.rollback()
    conn.autocommit = True
    assert one(conn, "INSERT INTO import_batch (file_name, checksum, \"user\", started_at, rows_read, "
                     "created, updated, merged, unchanged, rejected) VALUES ('x.xlsx', 'x', 'director', "
                     "now(), 0, 0, 0, 0, 0, 0) RETURNING \"user\"") == (editor,)
    assert one(conn, "UPDATE import_batch SET \"user\" = 'director' RETURNING \"user\"") == (editor,)

    for sql in ("UPDATE change_log SET \"user\" = 'director'", "DELETE FROM change_log",
                "TRUNCATE change_log", "UPDATE import_batch SET undone_at = now()",
                "INSERT INTO \"merge\" (at, \"user\", keep_id, others, moved) "
                "VALUES (now(), 'x', 1, '[]', '{}')",
                "ALTER TABLE change_log DISABLE TRIGGER USER",
                "DROP TRIGGER palata_stamp_user ON change_log",
                f'GRANT "{db_name}_admin" TO "{editor}"', f'SET ROLE "{db_name}_admin"',
                "CREATE TABLE public.mine (x int)",
                "CREATE OR REPLACE FUNCTION palata_stamp_user() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ BEGIN RETURN NEW; END $$"):
        message = refused(conn, sql)
        assert any(w in message for w in ("permission denied", "must be", "must have")), (sql, message)

    # not even an admin edits the history through Palata's rights
    admin = raw(admin_url)
    assert "the change log cannot be changed" in refused(admin, "UPDATE change_log SET \"user\" = 'director'")
    assert "the change log cannot be changed" in refused(admin, "DELETE FROM change_log")
    assert one(raw(register), "SELECT count(*) FROM change_log WHERE \"user\" = 'director'") == (0,)


def test_copy_into_postgresql_keeps_the_names_of_the_history(pg_server, logins, tmp_path, as_user):
    source = tmp_path / "file.db"
    open_database(source)
    as_user("ivanova")
    company = store.create(Company, {"short_name": "Ромашка", "inn": INN_A})
    as_user("petrov")
    store.update(Company, company, 1, {"city": "Владимир"})
    close_database()

    target = pg_server.create()
    copied = run_palata("--db", str(source), "copy", "--to", target)
    assert copied.returncode == 0, copied.stderr
    assert _all(raw(target), 'SELECT "user", action FROM change_log ORDER BY id') == [
        ("ivanova", "create"), ("petrov", "update")]

    # into a database where the login is only an editor: refused, nothing written
    second = pg_server.create()
    open_database(second)
    close_database()
    _, editor_url = granted(second, logins, "editor")
    refused_copy = run_palata("--db", str(source), "copy", "--to", editor_url)
    assert refused_copy.returncode == 1
    said = refused_copy.stderr.replace("\n", " ")
    assert "копировать реестр в другую базу может только администратор" in said
    no_traceback(refused_copy)
    assert one(raw(second), "SELECT count(*) FROM change_log") == (0,)


# --- SQLite: the OS account --------------------------------------------------------------------

def test_no_variable_changes_who_is_recorded_on_sqlite(tmp_path):
    path = tmp_path / "palata.db"
    book = workbook(tmp_path / "new.xlsx", [["Новая Заря", make_inn("332710009"), "Муром"]])
    forged = {"PALATA_USER": "director", "USER": "director", "LOGNAME": "director", "USERNAME": "director",
              "LNAME": "director"}
    done = run_palata("--db", str(path), "import", str(book), env=forged)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(path) as conn:
        users = {u for (u,) in conn.execute(
            'SELECT "user" FROM change_log UNION SELECT "user" FROM import_batch')}
    conn.close()
    assert users == {os_user()} and "director" not in users
    history = run_palata("--db", str(path), "imports", env=forged)
    assert os_user() in history.stdout and "director" not in history.stdout


def test_the_app_of_an_editor_refuses_undo_and_merge_with_a_sentence(register, logins, tmp_path):
    from textual.widgets import Static

    from tests.tui.conftest import wait_for_text
    from tests.tui.forms.conftest import settle
    from tui.app import PalataApp
    from tui.i18n import set_language

    _, admin_url = granted(register, logins, "admin")
    book = workbook(tmp_path / "new.xlsx", [["Новая Заря", make_inn("332710009"), "Муром"]])
    assert run_palata("--db", admin_url, "import", str(book)).returncode == 0
    _, url = granted(register, logins, "editor")
    open_database(url)
    set_language("ru")
    try:
        async def scenario():
            app = PalataApp(location=url, subtitle="server", poll=None)
            async with app.run_test(size=(100, 30)) as pilot:
                await settle(pilot)
                assert "только чтение" not in app.sub_title
                await pilot.press("f8")
                await settle(pilot)
                await pilot.press("u")
                await settle(pilot)
                shown = str(app.screen.query_one("#history-message", Static).render())
                assert shown == "Ваши права — «редактор»: отменить импорт может только администратор."
                await pilot.press("escape")
                await pilot.press("f9")
                await settle(pilot)
                await wait_for_text(pilot, "Групп: 1")
                await pilot.press("enter")
                await settle(pilot)
                assert type(app.screen).__name__ == "MergeScreen"
                await pilot.press("ctrl+s")
                await settle(pilot)
                said = [n.message for n in app._notifications]
                assert said == ["Ваши права — «редактор»: объединять компании может только администратор."]
                assert type(app.screen).__name__ == "MergeScreen"

        asyncio.run(scenario())
    finally:
        close_database()
    conn = raw(register)
    assert one(conn, "SELECT undone_at FROM import_batch") == (None,)
    assert one(conn, 'SELECT count(*) FROM "merge"') == (0,)


def test_only_an_admin_applies_a_new_migration_and_editors_get_its_table(register, logins, tmp_path,
                                                                         monkeypatch):
    import shutil

    import models.db
    from tui.i18n import set_language
    from tui.rights_text import explain

    migrations = tmp_path / "migrations"
    shutil.copytree(models.db.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "0099_extra.py").write_text(
        "def up(migrator, db):\n"
        "    db.execute_sql('CREATE TABLE \"extra\" (\"id\" SERIAL PRIMARY KEY, \"x\" TEXT)')\n")
    monkeypatch.setattr(models.db, "MIGRATIONS_DIR", migrations)
    editor, editor_url = granted(register, logins, "editor")
    _, admin_url = granted(register, logins, "admin")
    set_language("ru")

    with pytest.raises(rights.NotAllowed) as caught:
        open_database(editor_url)
    assert explain(caught.value) == ("Базу данных нужно обновить для этой версии Palata, а это может только "
                                     "администратор: попросите его один раз запустить Palata.")
    open_database(admin_url)
    close_database()
    db_name = register.rsplit("/", 1)[1]
    conn = raw(register)
    assert one(conn, "SELECT tableowner FROM pg_tables WHERE tablename = 'extra'") == (f"{db_name}_admin",)
    assert one(conn, "SELECT has_table_privilege(%s, 'extra', 'INSERT'), "
                     "has_sequence_privilege(%s, 'extra_id_seq', 'USAGE')", (editor, editor)) == (True, True)
    open_database(editor_url)  # up to date now
    close_database()
