"""PostgreSQL as the store: copying a register between SQLite and PostgreSQL, search answering
the same on both, a lost connection, several sessions at once. Skipped without PALATA_TEST_PG."""

from __future__ import annotations

import shutil
import sqlite3
import threading

import peewee
import pytest

from models import backend, live, queries, search, store
from models.db import MIGRATIONS_DIR, close_database, database, explain, open_database
from models.entities import Company, Contact
from models.errors import StoreError
from models.transfer import TABLES, copy_register
from tests.conftest import history_rewritable, raises_said, run_palata
from tui.sentences import said

QUERIES = ["трубы", "ТРУБ", "влад", "ооо влад", "елка", "ООО", "3329", "мебель", "Владимир", "гусь",
           "OOO", "строй", "зерно", "минск", "суздаль", "а"]


@pytest.fixture
def sample_copy(sample_db, tmp_path):
    path = tmp_path / "sample.db"
    shutil.copy(sample_db, path)
    return path


@pytest.fixture
def pg_url(pg_server):
    """A new, empty database on the test server (not migrated yet)."""
    return pg_server.create("palata_copy")


def _dump(path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as con:
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in TABLES}


def test_a_register_goes_to_postgresql_and_back_unchanged(sample_copy, pg_url, tmp_path):
    open_database(sample_copy)
    sqlite_hits = {q: ({h.company_id for h in search.search_companies(q, limit=10_000)},
                       search.count_matches(q)) for q in QUERIES}
    companies = Company.select().count()
    live = queries.count_companies()
    last_log = database.execute_sql("SELECT max(id) FROM change_log").fetchone()[0]
    report = copy_register(database, pg_url)
    close_database()
    assert report.ok and report.indexed == companies
    assert {t.table: t.target_rows for t in report.tables}["change_log"] > 7000

    # The copy is a working register: search answers as on SQLite, new ids follow the copied ones.
    open_database(pg_url)
    for q, (ids, count) in sqlite_hits.items():
        assert {h.company_id for h in search.search_companies(q, limit=10_000)} == ids, q
        assert search.count_matches(q) == count, q
    page = queries.first_page("трубы")
    assert page.rows and page.matching == sqlite_hits["трубы"][1]
    # the number of live companies PostgreSQL keeps (migration 0015) counts the copied ones
    assert queries.first_page().matching == queries.count_companies() == live
    new_id = store.create(Company, {"short_name": "Новая после копии"})
    assert new_id == companies + 1
    assert [h.company_id for h in search.search_companies("новая после копии")] == [new_id]
    store.bulk_create(Contact, [{"company": new_id, "name": f"Контакт {i}"} for i in range(3)])
    Company.delete().where(Company.id == new_id).execute()
    with history_rewritable(database):
        database.execute_sql(f"DELETE FROM change_log WHERE id > {int(last_log)}")
    search.reindex([new_id])
    backend.current().reset_sequences(database, [t for t in TABLES if t != "import_digest"])

    back = tmp_path / "back.db"
    report = copy_register(database, str(back))
    close_database()
    assert report.ok
    assert _dump(back) == _dump(sample_copy)


def test_copy_refuses_a_target_that_holds_records(sample_copy, pg_url):
    open_database(sample_copy)
    copy_register(database, pg_url)
    with raises_said(StoreError, "уже есть записи"):
        copy_register(database, pg_url)
    close_database()


def test_copy_command_both_ways(sample_copy, pg_url, tmp_path):
    with sqlite3.connect(sample_copy) as con:
        logged = con.execute("SELECT count(*) FROM change_log").fetchone()[0]
    result = run_palata("--db", str(sample_copy), "copy", "--to", pg_url)
    assert result.returncode == 0, result.stderr
    assert f"change_log: {logged} " in result.stdout and "совпадает" in result.stdout
    found = run_palata("--db", pg_url, "search", "трубы")
    assert found.returncode == 0 and "трубный" in found.stdout.lower()
    back = tmp_path / "back.db"
    result = run_palata("--db", pg_url, "copy", "--to", str(back))
    assert result.returncode == 0, result.stderr
    doctor = run_palata("--db", pg_url, "doctor")
    assert doctor.returncode == 0 and "PostgreSQL" in doctor.stdout


def test_a_lost_connection_is_one_sentence_and_the_next_call_reconnects(pg_server, pg_url):
    open_database(pg_url)
    cid = store.create(Company, {"short_name": "Стройдеталь"})

    def kill() -> None:
        pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        with pg_server.admin.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(%s)", (pid,))

    # Outside a transaction a read is simply retried on a new connection.
    kill()
    assert queries.count_companies() == 1
    # Inside one, the work is lost and said so in one sentence; the next call reconnects.
    kill()
    with pytest.raises(peewee.DatabaseError) as caught:
        with database.atomic():
            store.update(Company, cid, 1, {"city": "Муром"})
    message = said(explain(caught.value))
    assert "Соединение с сервером" in message and "\n" not in message
    assert store.update(Company, cid, 1, {"city": "Муром"}) == 2
    assert Company.get_by_id(cid).city == "Муром"
    close_database()


def test_a_server_that_does_not_answer_is_one_sentence(pg_server):
    with raises_said(StoreError, "Не удалось подключиться"):
        open_database("postgresql://postgres@127.0.0.1:1/nothing")
    with raises_said(StoreError, "нет базы данных"):
        open_database(pg_server.url("palata_no_such_database"))


def test_other_sessions_commits_are_noticed_and_writers_do_not_lose_index_rows(pg_url):
    open_database(pg_url)
    cid = store.create(Company, {"short_name": "Общая компания"})
    before = live.data_version()

    def colleague(name: str) -> None:
        # A second connection of the same database object: peewee keeps one per thread.
        for i in range(15):
            store.create(Contact, {"company": cid, "name": f"{name} {i}"})
        database.close()

    threads = [threading.Thread(target=colleague, args=(n,)) for n in ("Иванов", "Петров")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert live.data_version() != before
    assert Contact.select().count() == 30
    assert search.index_matches_tables()
    assert {h.company_id for h in search.search_companies("петров")} == {cid}
    assert {h.company_id for h in search.search_companies("иванов")} == {cid}
    close_database()


@pytest.mark.parametrize("text", ["a & b", "a | b", "!a", "<->", "a <-> b", "a:*", "a:*A", "x:B",
                                  "(a", "a)", "%", "%s", "?", "\\", "'; DROP TABLE company; --",
                                  "ё:* & !х", "'a':*", "труб*:*"])
def test_tsquery_syntax_typed_into_search_is_only_words(pg_url, text):
    open_database(pg_url)
    store.create(Company, {"short_name": "Трубный завод a b"})
    assert isinstance(search.search_companies(text), list)
    assert search.count_matches(text) >= 0
    assert Company.select().count() == 1
    close_database()


def test_the_app_on_postgresql_shows_a_colleagues_change(sample_copy, pg_url):
    import asyncio
    import subprocess
    import sys

    from tests.conftest import REPO
    from tests.tui.conftest import settle, wait_for_text
    from tests.tui.test_live import RENAME
    from tui.app import PalataApp
    from tui.i18n import set_language

    open_database(sample_copy)
    copy_register(database, pg_url)
    close_database()
    open_database(pg_url)
    set_language("ru")

    async def scenario():
        app = PalataApp(location=pg_url, subtitle="pg", poll=0.2)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press(*"трубн", "enter")
            await settle(pilot)
            key = app.screen.current_company()
            subprocess.run([sys.executable, "-c", RENAME, pg_url, str(key), "city", "Новоград-Заречный"],
                           cwd=REPO, check=True, timeout=60)
            await wait_for_text(pilot, "Новоград", deadline=5)
            assert app.screen.current_company() == key

    try:
        asyncio.run(scenario())
    finally:
        close_database()


def _screen_reads() -> dict[str, object]:
    """What the screens read from a register, in comparable form."""
    from models import briefing, browse, changes, dossier, duplicates, interests_queries, missions_queries
    from models.browse import CompanyFilter

    out: dict[str, object] = {}
    for column in browse.SORTS:
        for descending in (False, True):
            out[f"sort {column} {descending}"] = [
                r.id for r in queries.list_companies(order=column, descending=descending, limit=60)]
    for text in ("трубы", "ооо", "влад"):
        page = queries.first_page(text)
        ids = [r.id for r in page.rows]
        # Ranked best first, bm25 and ts_rank may order (and so cut at the page's end) equally
        # good matches differently: the same matches, when all are on the page.
        if page.ranked:
            ids = sorted(ids) if page.matching <= len(ids) else len(ids)
        out[f"first_page {text}"] = (ids, page.matching, page.capped, page.ranked)
    choice = browse.choices()
    out["choices"] = choice
    place = choice.places[0][0]
    out["filtered"] = [r.id for r in queries.list_companies(
        filters=CompanyFilter(place=place, open_interests=True, tag=choice.tags[0][0]), limit=500)]
    out["missions"] = missions_queries.list_missions()
    out["story"] = missions_queries.mission_story(out["missions"][0].id)
    out["interests"] = interests_queries.list_interests(limit=300)
    out["interests трубы"] = interests_queries.list_interests("трубы")
    some = [r.id for r in queries.list_companies(limit=5)]
    out["dossiers"] = [dossier.load(cid) for cid in some]
    out["briefings"] = [briefing.briefing(cid) for cid in some]
    out["changes"] = changes.list_changes("2000-01-01", limit=200)
    out["duplicates"] = duplicates.find_duplicates()
    return out


def test_the_screens_read_the_same_from_both_stores(sample_copy, pg_url):
    open_database(sample_copy)
    on_sqlite = _screen_reads()
    copy_register(database, pg_url)
    close_database()
    open_database(pg_url)
    on_postgres = _screen_reads()
    close_database()
    for key, value in on_sqlite.items():
        assert on_postgres[key] == value, key


def test_processes_starting_at_once_on_an_empty_database_migrate_it_once(pg_url):
    import subprocess
    import sys

    from tests.conftest import REPO

    script = "import sys; from models.db import open_database; open_database(sys.argv[1])"
    procs = [subprocess.Popen([sys.executable, "-c", script, pg_url], cwd=REPO, stderr=subprocess.PIPE,
                              text=True) for _ in range(3)]
    errors = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    open_database(pg_url)
    migrations = len(list(MIGRATIONS_DIR.glob("0*.py")))
    assert database.execute_sql("SELECT count(*) FROM schema_migration").fetchone()[0] == migrations
    close_database()


def test_copy_refuses_itself_and_a_register_file_that_holds_records(sample_copy, tmp_path):
    open_database(sample_copy)
    with raises_said(StoreError, "одна и та же"):
        copy_register(database, str(sample_copy))
    other = tmp_path / "other.db"
    shutil.copy(sample_copy, other)
    with raises_said(StoreError, "уже есть записи"):
        copy_register(database, str(other))
    report = copy_register(database, str(tmp_path / "fresh.db"))
    assert report.ok
    close_database()
    assert _dump(tmp_path / "fresh.db") == _dump(sample_copy)


def test_placeholders_become_psycopg2s_outside_quotes_and_percent_signs_are_doubled():
    from models.backend import qmark_to_pyformat, translate

    sql = "SELECT '?', \"a?b\", x LIKE '%1' FROM t WHERE a = ? AND b LIKE ? -- 5 % 2"
    expected = "SELECT '?', \"a?b\", x LIKE '%%1' FROM t WHERE a = %s AND b LIKE %s -- 5 %% 2"
    assert qmark_to_pyformat(sql) == qmark_to_pyformat(sql) == expected  # the second from the cache
    assert qmark_to_pyformat("WHERE s = 'it''s ?' AND t = ?") == "WHERE s = 'it''s ?' AND t = %s"
    assert qmark_to_pyformat("WHERE s = 'open ? %") == "WHERE s = 'open ? %%"
    assert translate("SELECT ? % 2", [5]) == ("SELECT %s %% 2", [5])
    assert translate("SELECT 5 % 2", None) == ("SELECT 5 % 2", None)


def test_long_lists_of_numbers_go_to_postgresql_as_one_array_and_other_lists_as_they_are():
    from models.backend import translate

    ids = list(range(1, 21))
    marks = ", ".join("?" * 20)
    sql, params = translate(f"SELECT 1 FROM t WHERE a = ? AND id IN ({marks}) AND b NOT IN ({marks}) "
                            "AND c = ?", ["x", *ids, *ids[:19], 2 ** 40, 7])
    assert sql == ("SELECT 1 FROM t WHERE a = %s AND id = ANY(%s::integer[]) "
                   "AND b <> ALL(%s::bigint[]) AND c = %s")
    assert params == ["x", "{" + ",".join(map(str, ids)) + "}",
                      "{" + ",".join(map(str, [*ids[:19], 2 ** 40])) + "}", 7]
    # text, a NULL, a flag, a short list, a list inside a quoted literal: as they are
    for values in (["a"] * 20, [*ids[:19], None], [*ids[:19], True]):
        assert translate(f"SELECT 1 FROM t WHERE x IN ({marks})", values)[1] == values
    assert translate("SELECT 1 FROM t WHERE x IN (?, ?)", [1, 2]) == (
        "SELECT 1 FROM t WHERE x IN (%s, %s)", [1, 2])
    quoted = f"SELECT 'IN ({marks})' FROM t WHERE x IN ({marks})"
    assert translate(quoted, ids) == (f"SELECT 'IN ({marks})' FROM t WHERE x = ANY(%s::integer[])",
                                      ["{" + ",".join(map(str, ids)) + "}"])


def test_a_long_list_of_ids_finds_the_same_rows_on_both_stores(both_backends):
    ids = [store.create(Company, {"short_name": f"Фирма {n}"}) for n in range(25)]
    wanted = ids[::2] + [10 ** 6, 2 ** 40]  # one missing, one past a 32-bit integer
    marks = ",".join("?" * len(wanted))
    found = database.execute_sql(f"SELECT id FROM company WHERE id IN ({marks}) ORDER BY id", wanted)
    assert [r[0] for r in found] == ids[::2]
    others = database.execute_sql(f"SELECT id FROM company WHERE id NOT IN ({marks}) ORDER BY id", wanted)
    assert [r[0] for r in others] == ids[1::2]
    with database.atomic():
        backend.current().lock_rows(database, "company", ids)
        assert store.read_rows(Company, ids, ("short_name",))[ids[-1]]["short_name"] == "Фирма 24"
