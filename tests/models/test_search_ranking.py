"""Search ranks by where it matched, the same on both stores: the name (exact, its beginning,
every word or a fragment inside it) above identifiers and the place, then interests, contacts and
notes; a country and its adjective are one word; every result says where it matched."""

from __future__ import annotations

import pytest

from models import backend, queries, search, store
from models.browse import CompanyFilter
from models.db import close_database, database, open_database
from models.entities import Company, Contact, Interest
from models.matched import Where
from tests.conftest import run_palata
from tests.models.sent import statements_sent


def _register() -> dict[str, int]:
    def add(name, **values):
        return store.create(Company, {"short_name": name, "legal_form": "ООО", **values})

    ids = {
        "szhb": add("Спецжелезобетон", country="Беларусь", city="Микашевичи"),
        "suzdal": add("Суздаль-Железобетон", city="Суздаль"),
        "buyer": add("Стройснаб", city="Владимир"),
        "murom": add("Муромтрубмаш", city="Муром"),
        "heat": add("Теплосеть", city="Ковров"),
        "bst": add("БелСтальТруб", country="Беларусь", city="Жодино"),
        "rolled": add("Прокатный двор", city="Владимир"),
        "tiles": add("Плиткин", city="Суздаль"),
        "minsk": add("Минское отделение БелТПП", country="Беларусь", city="Минск"),
    }
    for company, direction, subject in (
            ("buyer", "buys", "железобетонные изделия"), ("heat", "buys", "трубная продукция"),
            ("bst", "sells", "стальные трубы"), ("rolled", "sells", "стальные трубы"),
            ("tiles", "sells", "тротуарная плитка"), ("szhb", "sells", "тротуарная плитка")):
        store.create(Interest, {"company": ids[company], "direction": direction, "subject": subject})
    store.create(Contact, {"company": ids["minsk"], "name": "Дубова Татьяна"})
    return ids


@pytest.fixture
def register(both_backends):
    return _register()


def names(text: str) -> list[str]:
    return [hit.name for hit in search.search_companies(text)]


def test_a_fragment_inside_a_name_comes_before_interests(register):
    # «железобет» is inside «Спецжелезобетон»: a name match, the shorter name first, and both
    # above the company that merely buys concrete goods. The same list on both stores.
    assert names("железобет") == ["Спецжелезобетон", "Суздаль-Железобетон", "Стройснаб"]
    assert names("трубн") == ["БелСтальТруб", "Муромтрубмаш", "Теплосеть"]  # «труб» in both names


def test_the_exact_name_and_its_beginning_come_first(register):
    assert names("спецжелезобетон")[0] == "Спецжелезобетон"
    assert names("суздаль")[:2] == ["Суздаль-Железобетон", "Плиткин"]  # the name, then the town


def test_a_country_its_adjective_and_abbreviation_are_one_word(register):
    # БелСтальТруб of Жодино: «трубы» inside its name, Belarus its country
    assert names("белорусские трубы") == ["БелСтальТруб"]
    assert names("трубы РБ") == names("трубы беларусь") == ["БелСтальТруб"]
    assert "Спецжелезобетон" in names("белорусская плитка")


def test_a_synonym_finds_the_words_it_stands_for(register):
    assert names("ЖБИ") == ["Стройснаб"]


def test_every_result_says_where_it_matched(register):
    rows = {r.name: r.matched for r in queries.list_companies("плитка")}
    assert rows["Плиткин"] == Where("name", "Плиткин")
    assert rows["Спецжелезобетон"] == Where("interest", "тротуарная плитка")
    dubova = queries.list_companies("дубова")
    assert [(r.name, r.matched) for r in dubova] == [
        ("Минское отделение БелТПП", Where("contact", "Дубова Татьяна"))]
    page = queries.first_page("микашевичи")
    assert page.rows[0].matched == Where("place", "Микашевичи")


def test_a_row_says_the_open_interest_and_the_primary_contact_it_matched_in_first(register):
    # PostgreSQL reads the interests and contacts a word may be in with the page's rows (JSON
    # columns of one prepared statement), SQLite in a statement of their own: the same field
    # found on both, an open interest before a closed one, the primary contact before the
    # others, never an archived contact.
    cid = store.create(Company, {"short_name": "Заря", "legal_form": "ООО"})
    store.create(Interest, {"company": cid, "direction": "buys", "subject": "щебень гранитный",
                            "status": "done"})
    store.create(Interest, {"company": cid, "direction": "sells", "subject": "щебень известняковый"})
    gone = store.create(Contact, {"company": cid, "name": "Орлов Иван", "is_primary": True})
    store.archive(Contact, gone, Contact.get_by_id(gone).version)
    store.create(Contact, {"company": cid, "name": "Орлов Пётр"})
    store.create(Contact, {"company": cid, "name": "Орлова Анна", "position": "директор", "is_primary": True})
    for read in (queries.first_page, queries.list_companies):
        found = read("щебень")
        rows = found.rows if isinstance(found, queries.Page) else found
        assert [(r.name, r.matched) for r in rows] == [("Заря", Where("interest", "щебень известняковый"))]
        found = read("орлов")
        rows = found.rows if isinstance(found, queries.Page) else found
        assert [(r.name, r.matched) for r in rows] == [("Заря", Where("contact", "Орлова Анна, директор"))]
        assert [r.open_interests for r in rows] == [1]


def test_a_page_reads_on_after_the_server_dropped_the_connection(pg_server):
    # PostgreSQL prepares the statement of a page's rows once per connection: on the new
    # connection that replaces one the server dropped, it is sent as it is, then prepared again.
    open_database(pg_server.create("palata_page_rows"))
    try:
        _register()
        before = queries.first_page("плитка")
        pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        with pg_server.admin.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
        assert queries.first_page("плитка") == before
        assert database.execute_sql("SELECT pg_backend_pid()").fetchone()[0] != pid
        assert queries.first_page("плитка") == before and queries.first_page(None).matching == 9
        assert database.execute_sql("SELECT count(*) FROM pg_prepared_statements").fetchone()[0] == 1
    finally:
        close_database()


def test_the_command_shows_where_each_result_matched(store_location):
    open_database(store_location)
    try:
        _register()
    finally:
        close_database()
    result = run_palata("--db", store_location, "search", "плитка")
    assert result.returncode == 0, result.stderr
    assert "Где найдено" in result.stdout
    assert "интерес: тротуарная плитка" in result.stdout
    contact = run_palata("--db", store_location, "search", "дубова")
    assert "контакт: Дубова Татьяна" in contact.stdout


def test_the_interests_list_reads_the_thesaurus_too(register):
    from models.interests_queries import list_interests

    found = [(r.company, r.subject) for r in list_interests("белорусские трубы")]
    assert found == [("БелСтальТруб, ООО", "стальные трубы")]
    assert [r.company for r in list_interests("ЖБИ")] == ["Стройснаб, ООО"]


def test_the_table_ranks_counts_and_lists_by_name_alike_on_both_stores(register):
    # The companies table's first page: ranked while few match (each match's own index row
    # decides its tier on PostgreSQL), listed by name beyond `rank_limit` (words or fragments
    # inside a name as one condition), counted without the archived companies.
    page = queries.first_page("железобет")
    assert [r.name for r in page.rows] == ["Спецжелезобетон", "Суздаль-Железобетон", "Стройснаб"]
    assert [r.matched for r in page.rows] == [Where("name", "Спецжелезобетон"),
                                              Where("name", "Суздаль-Железобетон"),
                                              Where("interest", "железобетонные изделия")]
    assert (page.matching, page.ranked, page.capped) == (3, True, False)
    by_name = queries.first_page("железобет", rank_limit=2)  # few: the matches sorted by name
    assert [r.name for r in by_name.rows] == ["Спецжелезобетон", "Стройснаб", "Суздаль-Железобетон"]
    assert (by_name.matching, by_name.ranked) == (3, False)
    walked = queries.first_page("железобет", count_cap=2, rank_limit=1)  # many: the names walked
    assert [r.name for r in walked.rows] == [r.name for r in by_name.rows]
    assert (walked.matching, walked.capped) == (2, True)
    snab = Company.get_by_id(register["buyer"])
    store.archive(Company, snab.id, snab.version)
    left = queries.first_page("железобет", rank_limit=1)
    assert [r.name for r in left.rows] == ["Спецжелезобетон", "Суздаль-Железобетон"]
    assert left.matching == queries.count_companies("железобет") == 2
    walked = queries.first_page("железобет", count_cap=1, rank_limit=1)
    assert [r.name for r in walked.rows] == ["Спецжелезобетон", "Суздаль-Железобетон"]
    # one statement for the rows, one for the interests and contacts a word may be in
    assert [r.open_interests for r in left.rows] == [1, 0]


def test_a_search_counted_inside_a_transaction_counts_alike_and_leaves_its_plans_alone(register):
    # PostgreSQL reads a search through the index, uncompiled (planner settings for that statement
    # alone): the same count inside a transaction, and the statements after it, there or outside,
    # are planned as the session's settings say.
    postgres = isinstance(backend.current(), backend.PostgresBackend)
    settings = "SELECT current_setting('enable_seqscan'), current_setting('jit'), current_setting('work_mem')"
    before = database.execute_sql(settings).fetchone() if postgres else None
    outside = queries.count_companies("железобет", cap=10)
    assert queries.first_page("желез").matching == 3
    with database.atomic():
        assert queries.count_companies("железобет", cap=10) == outside == 3
        assert queries.first_page("желез").matching == 3
        if postgres:
            assert database.execute_sql(settings).fetchone() == before
    if postgres:
        assert before[0] == "on" and database.execute_sql(settings).fetchone() == before


def test_a_renamed_or_new_company_takes_its_place_by_name_among_the_matches(register):
    # PostgreSQL orders the matches by the sort name kept on their index rows (migration 0015):
    # a rename, a new company, an archived one show in the table at once, as on SQLite.
    names = lambda page: [r.name for r in page.rows]  # noqa: E731
    assert names(queries.first_page("железобет", rank_limit=1)) == [
        "Спецжелезобетон", "Стройснаб", "Суздаль-Железобетон"]
    snab = Company.get_by_id(register["buyer"])
    store.update(Company, snab.id, snab.version, {"short_name": "Астройснаб"})
    store.create(Company, {"short_name": "Железобетон-Сервис", "legal_form": "ООО"})
    assert names(queries.first_page("железобет", rank_limit=1)) == [
        "Астройснаб", "Железобетон-Сервис", "Спецжелезобетон", "Суздаль-Железобетон"]
    assert names(queries.first_page("железобет", rank_limit=1, order="name", descending=True)) == [
        "Суздаль-Железобетон", "Спецжелезобетон", "Железобетон-Сервис", "Астройснаб"]
    ranked = queries.first_page("железобет")
    assert ranked.ranked and names(ranked) == [
        "Железобетон-Сервис", "Спецжелезобетон", "Суздаль-Железобетон", "Астройснаб"]
    szhb = Company.get_by_id(register["szhb"])
    store.archive(Company, szhb.id, szhb.version)
    assert names(queries.first_page("железобет", rank_limit=1)) == [
        "Астройснаб", "Железобетон-Сервис", "Суздаль-Железобетон"]


def test_a_search_of_several_words_is_counted_and_paged_alike_on_both_stores(register):
    # PostgreSQL counts and pages a search of several words in one statement (models.queries):
    # ranked, listed by name past rank_limit, walked by name past count_cap, archived left out.
    text = "стальные трубы"
    ranked = queries.first_page(text)
    assert (ranked.matching, ranked.ranked, ranked.capped) == (2, True, False)
    assert [r.id for r in ranked.rows] == [r.id for r in queries.list_companies(text)]
    assert [r.name for r in ranked.rows] == ["БелСтальТруб", "Прокатный двор"]
    assert ranked.rows[1].matched == Where("interest", "стальные трубы")
    by_name = queries.first_page(text, rank_limit=1)
    assert (by_name.matching, by_name.ranked) == (2, False)
    assert [r.name for r in by_name.rows] == ["БелСтальТруб", "Прокатный двор"]
    assert [r.name for r in queries.first_page(text, order="name", descending=True).rows] == [
        "Прокатный двор", "БелСтальТруб"]
    walked = queries.first_page(text, rank_limit=1, count_cap=1)
    assert (walked.matching, walked.capped) == (1, True)
    assert [r.name for r in walked.rows] == ["БелСтальТруб", "Прокатный двор"]
    bst = Company.get_by_id(register["bst"])
    store.archive(Company, bst.id, bst.version)
    left = queries.first_page(text, rank_limit=1, count_cap=1)
    assert (left.matching, left.capped, [r.name for r in left.rows]) == (1, False, ["Прокатный двор"])
    assert queries.first_page("стальные бублики") == queries.Page([], 0)


def _walk(monkeypatch, rows: int) -> None:
    """The first companies by name a search over the count tests in turn, at most
    (`queries._walked_page`: index rows on PostgreSQL, stored texts on SQLite)."""
    monkeypatch.setattr(queries, "_WALK_ROWS", rows)
    monkeypatch.setattr(queries, "_TEXT_WALK_ROWS", rows)


@pytest.mark.parametrize("descending", [False, True])
def test_a_broad_search_lists_the_same_page_walked_by_name_or_collected(
        register, monkeypatch, descending):
    # A search matching more companies than the table counts is listed by name from the first
    # companies by name, each tested by itself (PostgreSQL: its index row, migration 0018;
    # SQLite: the index row's stored text); when they hold less than a page, the matches are
    # collected instead. The page is the same on both stores, however it is read, the archived
    # left out.
    def page(text: str) -> list[str]:
        return [r.name for r in queries.first_page(text, limit=3, rank_limit=1, count_cap=2,
                                                   order="name", descending=descending).rows]

    szhb = Company.get_by_id(register["szhb"])
    store.archive(Company, szhb.id, szhb.version)
    # not in reverse: the ties by id would run backwards
    walked_sql = "ORDER BY sort_name, rowid LIMIT" if backend.current() is backend.POSTGRES \
        else "JOIN search_index_content s"
    for text in ("с", "ст", "т"):
        _walk(monkeypatch, 0)  # nothing walked: the matches collected
        collected = page(text)
        _walk(monkeypatch, 2_000)
        with statements_sent() as sent:
            walked = page(text)
        assert walked == collected and len(walked) == 3 and "Спецжелезобетон" not in walked
        assert any(walked_sql in sql for sql in sent) == (not descending)
        _walk(monkeypatch, 3)  # three names tested hold less than the page
        assert page(text) == collected


def test_a_search_whose_matches_gather_in_later_names_is_not_walked_to_them(register, monkeypatch):
    # PostgreSQL: names starting alike («Хлеб…» at a million) come together in name order; a
    # search matching them lists them from its matches read through the index of words. Walked in
    # name order instead (migration 0018), every row before them was read: 6 s at a million.
    for i in range(6):
        store.create(Company, {"short_name": f"Ястреб-{i}", "legal_form": "ООО"})
    _walk(monkeypatch, 3)
    with statements_sent() as sent:
        few = queries.first_page("ястреб", limit=3, rank_limit=1)
        broad = queries.first_page("ястреб", limit=3, rank_limit=1, count_cap=2)
    assert [r.name for r in few.rows] == [r.name for r in broad.rows] == ["Ястреб-0", "Ястреб-1", "Ястреб-2"]
    assert (few.capped, broad.capped) == (False, True)
    if backend.current() is backend.POSTGRES:
        # every listing by name either collects the matches first (the subquery fenced by
        # OFFSET 0) or walks no more than the first index rows (LIMIT 3): none walks them all
        listed = [sql for sql in sent if "ORDER BY c.sort_name" in sql or "ORDER BY m.sort_name" in sql]
        assert listed and all("OFFSET 0) m" in sql or "LIMIT 3)" in sql for sql in listed)


def test_the_next_pages_of_a_search_continue_the_first_from_its_matches(register):
    # Past the first page (`list_companies`, as the table scrolls), a search counted as few is read
    # from its matches sorted by name, as the first page was; walking every name to theirs took
    # 1.6 s at a million companies for names starting with «Х». Same rows, same order.
    first = queries.first_page("трубы", rank_limit=1)
    assert (first.matching, first.ranked, first.capped) == (4, False, False)
    with statements_sent() as sent:
        later = queries.list_companies("трубы", offset=1, limit=3, rank_limit=1)
    assert [r.name for r in later] == [r.name for r in first.rows[1:]]
    assert not any("c.id IN (SELECT rowid FROM search_index" in sql for sql in sent)


def test_a_broad_search_within_a_filter_lists_only_the_filtered_companies_however_it_is_read(
        register, monkeypatch):
    # A filter (here the town) is on the company, not on the index rows walked by name: the
    # matches are collected and the filter tested on each.
    suzdal = CompanyFilter(place="Суздаль")
    for walk in (0, 2_000, 1):
        _walk(monkeypatch, walk)
        page = queries.first_page("с", filters=suzdal, limit=2, count_cap=1, order="name")
        assert [r.name for r in page.rows] == ["Плиткин", "Суздаль-Железобетон"] and page.capped
