"""A short word typed in the companies table is counted up to the cap the same way on both stores.
PostgreSQL answers "more than the cap" from the numbers of index rows by the prefixes of their
words, which the server keeps (migration 0022) whatever writes the index, colleagues at once
included; the archived companies are left out, and `doctor` counts the numbers again where they
drifted."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from importers.apply import import_file, undo_import
from models import backend, health, merge, queries, search, store
from models.db import database
from models.entities import Company, Contact, Interest
from models.identifiers import make_inn
from tests.models.races import hold, run


def _company(name: str, **values) -> int:
    return store.create(Company, {"short_name": name, **values}, user="ivanova")


def _archive(cid: int) -> None:
    store.archive(Company, cid, Company.get_by_id(cid).version, user="ivanova")


def test_a_short_word_past_the_cap_is_counted_so_and_archived_companies_are_left_out(db):
    ids = [_company(f"Стройка {i}") for i in range(12)]
    _company("Трубопрокат")
    assert queries.count_companies("стро", cap=10) == 11  # more than 10
    page = queries.first_page("стро", count_cap=10)
    assert (page.matching, page.capped, len(page.rows)) == (10, True, 12)
    for cid in ids[:3]:
        _archive(cid)
    # 9 live: the archived companies' index rows are still counted by prefix, so the count is read
    assert queries.count_companies("стро", cap=10) == 9
    page = queries.first_page("стро", count_cap=10)
    assert (page.matching, page.capped) == (9, False)
    assert queries.count_companies("тру", cap=10) == 1
    assert queries.count_companies("с", cap=10) == 9


def test_a_word_not_kept_by_prefix_is_counted_as_before(db):
    # longer than four letters, two words, a thesaurus group: read through the word index
    for i in range(12):
        _company(f"Стройматериалы {i}", city="Владимир")
    assert queries.count_companies("строим", cap=10) == 11
    assert queries.count_companies("стройматериалы владимир", cap=10) == 11
    assert queries.count_companies("строим", cap=20) == 12


def _members(path: Path, names: list[str], first: int) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["Наименование", "ИНН", "Город"])
    for i, name in enumerate(names):
        ws.append([name, make_inn(f"33{first + i:07d}"), "Ковров"])
    wb.save(path)
    return path


def _live_with_word_starting(prefix: str) -> int:
    """The truth, read the slow way: every live company's index row tested."""
    return sum(1 for h in search.search_companies(prefix, limit=10_000)
               if Company.get_by_id(h.company_id).archived_at is None)


def test_the_kept_counts_follow_every_way_the_index_is_written(db, tmp_path):
    a = _company("Стройдеталь", city="Муром")
    b = _company("Трубопрокат", city="Ковров")
    c = _company("Стройтрест", city="Владимир")
    store.create(Contact, {"company": a, "name": "Строев"}, user="ivanova")
    store.create(Interest, {"company": b, "direction": "buys", "subject": "стройматериалы"}, user="ivanova")
    store.update(Company, c, 1, {"short_name": "Трест", "city": "Суздаль"}, user="ivanova")
    _archive(a)
    batch = import_file(_members(tmp_path / "new.xlsx", ["Стройка", "Трубная база", "Муромский хлеб"], 100),
                        user="ivanova").batch_id
    merge.merge_companies(b, [c], user="ivanova")
    undo_import(batch, user="ivanova")
    more = [f"Строймонтаж {i}" for i in range(70)]
    import_file(_members(tmp_path / "again.xlsx", more, 200), user="ivanova")
    for i in range(70):  # saves one at a time: the server folds its rows along the way
        store.create(Contact, {"company": b, "name": f"Строителев {i}"}, user="ivanova")
    assert health.prefix_counts(repair=False) is None  # nothing drifted (None on SQLite as well)
    for prefix in ("с", "ст", "стр", "стро", "тр", "тру", "м", "му", "к", "ков"):
        assert queries.count_companies(prefix, cap=30) == min(_live_with_word_starting(prefix), 31), prefix


def test_a_colleagues_unfinished_save_is_counted_once_it_commits(db):
    # A colleague's save folds the numbers and holds its transaction open while others' saves
    # fold them too: their folds pass over the rows the colleague's holds (no one waits for it),
    # and its change counts once it commits.
    if backend.of(db) is not backend.POSTGRES:
        pytest.skip("SQLite writes one transaction at a time by design")
    for i in range(10):
        _company(f"Стройка {i}")
    database.execute_sql("SELECT setval('search_prefix_count_folds', 63)")  # the colleague's save folds
    colleague = hold(lambda: [_company(f"Стройбаза {i}") for i in range(3)])
    saves = run(lambda: [_company(f"Трубы {i}") for i in range(70)]).join()
    assert saves.error is None
    assert queries.count_companies("стро", cap=11) == 10  # the colleague's three not yet there
    colleague.commit()
    assert colleague.error is None
    assert queries.count_companies("стро", cap=11) == 12  # more than 11
    assert queries.count_companies("стро", cap=12) == 13  # 13: more than 12
    assert health.prefix_counts(repair=False) is None


def test_doctor_counts_the_prefixes_again_where_the_kept_numbers_drifted(db):
    for i in range(5):
        _company(f"Стройка {i}")
    if not backend.current().keeps_prefix_counts:
        assert health.prefix_counts() is None
        pytest.skip("SQLite keeps no such numbers: its word index stops at the cap itself")
    # a bulk load with the triggers switched off, say: the numbers now claim 500 companies
    database.execute_sql("INSERT INTO search_prefix_count (prefix, delta) VALUES ('стро', 495)")
    assert queries.count_companies("стро", cap=10) == 11  # what the drifted numbers say
    found = health.prefix_counts(repair=False)
    assert found is not None and not found.ok
    assert health.prefix_counts().repaired
    assert health.prefix_counts() is None
    assert queries.count_companies("стро", cap=10) == 5
