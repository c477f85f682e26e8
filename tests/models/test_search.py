"""Search: what a person types finds what they mean, and nothing they type breaks it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import search, store
from models.entities import Company, Contact, Interest


@pytest.fixture
def db(both_backends):
    """These tests run on SQLite and, with PALATA_TEST_PG, on PostgreSQL (tests/conftest.py)."""
    return both_backends


@pytest.fixture
def register(db):
    def add(name, **values):
        return store.create(Company, {"short_name": name, "legal_form": "ООО", **values})

    ids = {
        "stroy": add("Стройдеталь", city="Владимир", inn="7707083893", notes="Поставщик бетона"),
        "yolka": add("Ёлочка", city="Ковров"),
        "pipes": add("Трубный завод", city="Муром"),
        "tiles": add("Плиткин", city="Суздаль"),
        "latin": add("Minsk Motors", city="Минск", country="Беларусь"),
    }
    store.create(Interest, {"company": ids["tiles"], "direction": "sells", "subject": "тротуарная плитка"})
    store.create(Interest, {"company": ids["stroy"], "direction": "buys", "subject": "стальными трубами"})
    store.create(Contact, {"company": ids["yolka"], "name": "Дубова Татьяна", "position": "Директор"})
    return ids


def names(text: str) -> set[str]:
    return {hit.name for hit in search.search_companies(text)}


def test_cyrillic_is_case_insensitive(register):
    assert names("стройдеталь") == names("СТРОЙДЕТАЛЬ") == {"Стройдеталь"}


def test_yo_and_ye_are_the_same_letter(register):
    assert names("елочка") == names("ЁЛОЧКА") == {"Ёлочка"}


def test_word_prefixes(register):
    assert names("стро") == {"Стройдеталь"}


def test_russian_word_forms(register):
    # "трубы" finds the company whose name says "Трубный"? No: that is another stem. It finds the
    # interest "стальными трубами" and nothing that merely starts alike.
    assert "Стройдеталь" in names("трубы")
    assert names("плитки") == {"Плиткин"}


def test_identifiers_and_prefixes_of_them(register):
    assert names("7707083893") == {"Стройдеталь"}
    assert names("770708") == {"Стройдеталь"}


def test_legal_form_typed_in_latin_look_alikes(register):
    assert names("OOO Ёлочка") == {"Ёлочка"}


def test_genuinely_latin_names_stay_searchable(register):
    assert names("minsk") == {"Minsk Motors"}


def test_city_contact_and_notes(register):
    assert names("ковров") == {"Ёлочка"}
    assert names("дубова") == {"Ёлочка"}
    assert names("бетона") == {"Стройдеталь"}


def test_words_combine(register):
    assert names("владимир бетон") == {"Стройдеталь"}
    assert names("владимир плитка") == set()


def test_results_are_ranked_name_first(register):
    hits = search.search_companies("плит")
    assert hits[0].name == "Плиткин"


def test_index_follows_edits_and_archive(register):
    store.update(Company, register["yolka"], 1, {"city": "Гусь-Хрустальный"})
    assert names("гусь") == {"Ёлочка"} and names("ковров") == set()
    store.archive(Company, register["yolka"], 2)
    assert names("гусь") == set()
    assert search.index_matches_tables()


def test_a_contact_or_an_interest_moved_to_another_company_is_found_there(register):
    # Moved one by one (the edit form) or in bulk (an import's update): both companies' search
    # documents are rewritten, not only the one the record left.
    contact = Contact.get(Contact.name == "Дубова Татьяна")
    store.update(Contact, contact.id, contact.version, {"company": register["pipes"]})
    assert names("Дубова") == {"Трубный завод"}
    interest = Interest.get(Interest.subject == "тротуарная плитка")
    store.bulk_update(Interest, [(interest.id, interest.version, {"company": register["latin"]})])
    assert names("тротуарная") == {"Minsk Motors"}
    assert search.index_matches_tables()


@pytest.mark.parametrize("text", ['"', "*", "NEAR(a b)", "AND OR NOT", "((((", "a:b", "^", "-", "'",
                                  "стро*", '"трубы', "x" * 10_000, "\x00", "",
                                  # tsquery syntax (PostgreSQL) and placeholders
                                  "a & b", "a | !b", "<->", "труб:*", "a:*A", "%", "%s", "?", "\\"])
def test_hostile_queries_never_fail(register, text):
    assert isinstance(search.search_companies(text), list)
    assert search.count_matches(text) >= 0


# The register is only read in the loop, so sharing the function-scoped fixture is safe.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_runs_against_the_index(register, text):
    hits = search.search_companies(text, limit=5)
    assert isinstance(hits, list) and len(hits) <= 5
