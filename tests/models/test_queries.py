"""The companies table's first screen, on both stores: the first page by name (or by a column)
and how many live companies the register holds, the archived ones left out."""

from __future__ import annotations

from models import backend, queries, store
from models.entities import Company
from tests.models.races import hold, run


def test_the_first_screen_lists_and_counts_the_live_companies(db):
    assert queries.first_page() == queries.Page([], 0)
    ids = {name: store.create(Company, {"short_name": name, "city": city})
           for name, city in (("Вега", "Суздаль"), ("Альфа", "Ковров"), ("Бета", None), ("Гамма", "Муром"))}
    page = queries.first_page()
    assert [r.name for r in page.rows] == ["Альфа", "Бета", "Вега", "Гамма"]
    assert (page.matching, page.capped, page.ranked) == (4, False, False)
    gamma = Company.get_by_id(ids["Гамма"])
    store.archive(Company, gamma.id, gamma.version)
    page = queries.first_page(limit=2)
    assert [r.name for r in page.rows] == ["Альфа", "Бета"] and page.matching == 3
    backwards = queries.first_page(order="name", descending=True)
    assert [r.name for r in backwards.rows] == ["Вега", "Бета", "Альфа"] and backwards.matching == 3
    assert [r.city for r in backwards.rows] == ["Суздаль", None, "Ковров"]
    by_city = queries.first_page(order="city", descending=True)
    assert [r.name for r in by_city.rows] == ["Вега", "Альфа", "Бета"] and by_city.matching == 3
    assert queries.first_page(limit=0).matching == queries.count_companies() == 3


def _counted_by_hand(db) -> int:
    return db.execute_sql("SELECT count(*) FROM company WHERE archived_at IS NULL").fetchone()[0]


def test_the_count_of_live_companies_follows_every_write(db):
    # PostgreSQL keeps the number of live companies as a sum the server updates on every write
    # (migration 0015): created one by one and in bulk, archived, restored, deleted, it stays the
    # count of the table's rows, on both stores.
    ids = [store.create(Company, {"short_name": f"Фирма {i}"}) for i in range(70)]
    ids += store.bulk_create(Company, [{"short_name": f"Завод {i}"} for i in range(30)])
    for cid in ids[:5]:
        store.archive(Company, cid, Company.get_by_id(cid).version)
    store.restore(Company, ids[0], Company.get_by_id(ids[0]).version)
    store.bulk_delete(Company, ids[90:])
    assert queries.count_companies() == queries.first_page().matching == _counted_by_hand(db) == 86
    db.execute_sql("UPDATE company SET archived_at = NULL WHERE id = ?", (ids[1],))
    db.execute_sql("DELETE FROM company WHERE id = ?", (ids[50],))
    assert queries.count_companies() == _counted_by_hand(db) == 86
    if backend.current().live_count_sql:  # the sum stays a few rows, folded as it grows
        assert db.execute_sql("SELECT count(*) FROM company_live_count").fetchone()[0] <= 65


def test_colleagues_adding_companies_at_once_are_all_counted_and_never_wait_for_the_count(db):
    # PostgreSQL: a colleague's unfinished transaction holds the rows of the kept count it folded;
    # another colleague's additions meanwhile fold around them instead of waiting (SQLite takes
    # one writer at a time: there the second waits for the first to commit, as for any write).
    def add(prefix: str, count: int = 70) -> list[int]:
        return [store.create(Company, {"short_name": f"{prefix} {i}"}) for i in range(count)]

    add("Артель", 64)  # committed changes, one row each, that the first colleague will fold
    first = hold(lambda: add("Фирма"))
    if backend.current().live_count_sql:
        second = run(lambda: add("Завод")).join()
        assert second.error is None and len(second.result) == 70
        first.commit()
    else:
        second = run(lambda: add("Завод"))
        first.commit()
        second.join()
    assert first.error is None and second.error is None
    assert queries.count_companies() == queries.first_page().matching == _counted_by_hand(db) == 204


def test_a_word_too_broad_to_rank_is_listed_by_name_from_an_index(db):
    # More matches than ranked, fewer than counted: listed by name, the archived left out, on
    # both stores alike; on SQLite each match's sort name comes from an index (migration 0021),
    # not from the company's row (at a million companies, 38-48 ms against 27-34 on a first keystroke)
    names = ["Хлебмонтаж Ковров", "Хлебмаш", "Хлебмир Владимир", "Хлебмаркет", "Хлебмолзавод"]
    ids = {name: store.create(Company, {"short_name": name}) for name in names}
    store.create(Company, {"short_name": "Мебель"})
    gone = Company.get_by_id(ids["Хлебмаш"])
    store.archive(Company, gone.id, gone.version)
    page = queries.first_page("хлебм", rank_limit=2, count_cap=10, limit=3)
    assert (page.matching, page.capped, page.ranked) == (4, False, False)
    assert [r.name for r in page.rows] == ["Хлебмаркет", "Хлебмир Владимир", "Хлебмолзавод"]
    if backend.current().name == "sqlite":
        sql, params = queries._page_sql("хлебм", None, None, None, False, 3, 0, False, True)
        plan = " ".join(row[-1] for row in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "COVERING INDEX company_id_sort" in plan, plan
