"""search.reindex: what each index row holds, for new companies and for companies indexed before."""

from __future__ import annotations

import pytest

from models import search, store
from models.db import database
from models.entities import Company, Contact, Interest


@pytest.fixture
def db(both_backends):
    return both_backends


def rows() -> list[tuple]:
    return database.execute_sql(
        "SELECT rowid, name, ident, place, body FROM search_index ORDER BY rowid").fetchall()


def test_row_holds_the_folded_words_of_every_field(db):
    cid = store.create(Company, {
        "short_name": "Ёлочка", "full_name": "ООО «Ёлочка»", "legal_form": "ООО", "inn": "7707083893",
        "phones": "+7 (4922) 12-34-56", "emails": "info@elochka.ru", "city": "Ковров",
        "region": "Владимирская обл.", "address": "ул. Мира, д. 1", "okved": "47.11",
        "notes": "Ёлки и сосны"})
    store.create(Contact, {"company": cid, "name": "Дубова Татьяна", "position": "Директор"})
    store.create(Interest, {"company": cid, "direction": "buys", "subject": "стальные трубы"})
    assert rows() == [(
        cid, "елочка ооо елочка ооо", "7707083893 7 4922 12 34 56 info elochka ru",
        "ковров владимирская обл россия ул мира д 1",
        "47 11 елки и сосны дубова татьяна директор стальные трубы")]


def test_reindex_replaces_rows_and_adds_new_ones(db):
    first = store.create(Company, {"short_name": "Ромашка", "city": "Владимир"})
    second = store.create(Company, {"short_name": "Лютик", "city": "Муром"})
    database.execute_sql("UPDATE company SET city = 'Суздаль' WHERE id = ?", (first,))
    database.execute_sql("DELETE FROM search_index WHERE rowid = ?", (second,))  # as if new
    with database.atomic():
        assert search.reindex([second, first, first]) == 2
    assert [(r[0], r[3]) for r in rows()] == [(first, "суздаль россия"), (second, "муром россия")]
    assert search.index_matches_tables()
    with database.atomic():
        assert search.reindex([first, second]) == 2
    assert len(rows()) == 2


def test_former_companies_find_the_one_they_were_merged_into(db):
    target = store.create(Company, {"short_name": "Ромашка"})
    former = store.create(Company, {"short_name": "Лютик", "inn": "7707083893"})
    database.execute_sql("UPDATE company SET merged_into_id = ? WHERE id = ?", (target, former))
    with database.atomic():
        search.reindex([target])
    name, ident = database.execute_sql(
        "SELECT name, ident FROM search_index WHERE rowid = ?", (target,)).fetchone()
    assert (name, ident) == ("ромашка лютик", "7707083893")
