"""KeyIndex.matches makes only the keys that can be found: the answers stay those of all keys."""

from __future__ import annotations

import itertools

import pytest

from models import duplicates
from models.duplicates import MAX_BUCKET, RULES, KeyIndex, keys_of
from tests.models.duplicates_support import company, inn

VALUES = {"short_name": "ООО «Ромашка»", "full_name": "Общество «Ромашка-Плюс»", "city": "г. Владимир",
          "inn": "7707083893", "ogrn": "1027700132195", "unp": "190000000", "phones": "8 (4922) 12-34-56",
          "emails": "a@romashka.ru; b@mail.ru", "website": "www.romashka-plus.ru"}


@pytest.mark.parametrize("rules", [set(c) for n in range(len(RULES) + 1)
                                   for c in itertools.combinations(RULES, n)])
def test_keys_of_some_rules_are_those_keys_of_all(rules):
    assert keys_of(VALUES, rules=rules) == [k for k in keys_of(VALUES) if k[0] in rules]


def test_name_keys_only_for_the_cities_asked():
    names = [k for k in keys_of(VALUES) if k[0] == "name"]
    assert names and all(key.endswith("|владимир") for _, key in names)
    assert [k for k in keys_of(VALUES, cities={"владимир"}) if k[0] == "name"] == names
    assert [k for k in keys_of(VALUES, cities={"муром"}) if k[0] == "name"] == []


def test_an_empty_register_answers_without_making_keys(db, monkeypatch):
    index = KeyIndex()
    monkeypatch.setattr(duplicates, "keys_of", lambda *a, **k: pytest.fail("keys made"))
    assert index.matches(VALUES) == []


def test_only_findable_keys_are_made_and_the_answers_stay(db, monkeypatch):
    company("Ромашка", city="Владимир", phones="+7 4922 12-34-56")
    company("Лютик", city="Муром", emails="a@lutik.ru")
    for n in range(MAX_BUCKET + 1):  # a switchboard shared by too many: its key says nothing
        company(f"Офис {n}", inn=inn(n), phones="+7 4922 00-00-00")
    index, every_key = KeyIndex(), KeyIndex()
    every_key._rules, every_key._name_cities = frozenset(RULES), None  # no shortcut
    asked: list[dict] = []
    real = duplicates.keys_of
    monkeypatch.setattr(duplicates, "keys_of", lambda *a, **k: asked.append(k) or real(*a, **k))
    for values in ({"short_name": "Ромашка", "city": "Владимир"}, {"short_name": "Ромашка", "city": "Ковров"},
                   {"short_name": "x", "phones": "123456"}, {"short_name": "y", "emails": "b@lutik.ru"},
                   {"short_name": "z", "phones": "+7 4922 00-00-00"}, VALUES):
        assert index.matches(values) == every_key.matches(values)
        assert index.matches(values, exclude=[1]) == every_key.matches(values, exclude=[1])
    assert [m.company_id for m in index.matches(VALUES)] == [1]  # by name in the city and by phone
    assert asked[0]["cities"] == {"владимир", "муром", ""}
    assert "unp" not in asked[0]["rules"] and "phone" in asked[0]["rules"]
