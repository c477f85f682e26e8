"""Finding probable duplicates: each rule, names in many spellings, what must not match."""

from __future__ import annotations

import pytest

from models import store
from models.duplicates import (
    CERTAIN,
    HIGH,
    MEDIUM,
    KeyIndex,
    find_duplicates,
    keys_of,
    name_key,
    phone_keys,
    probable_duplicates_of,
)
from models.entities import Company
from tests.models.duplicates_support import company, inn

SPELLINGS = ["«Ромашка» ООО", 'ООО "Ромашка"', "OOO Ромашка", "ромашка, ооо", "ООО\u00a0«Ромашка»",
             "Общество с ограниченной ответственностью «Ромашка»", "РОМАШКА", "Рoмашка",  # Latin o
             "  ромашка  "]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_name_key_folds_every_spelling(spelling):
    assert name_key(spelling) == "ромашка"


def test_name_key_yo_hyphens_and_spaces():
    assert name_key("ООО «Ёлка»") == name_key("Елка, ООО") == "елка"
    assert name_key("Строй-Сервис") == name_key("СтройСервис") == name_key("строй сервис")
    assert name_key("ООО «Ромашка»") != name_key("ООО «Ромашка-2»")


def test_phone_keys_reduce_to_digits():
    assert phone_keys("8 (4922) 12-34-56") == phone_keys("+7 4922 12-34-56") == phone_keys("123456") \
        == ["4922123456"]
    assert phone_keys("+7 912 345-67-89; 8-912-345-67-89") == ["9123456789"]
    assert phone_keys("+7 4922 12-34-56 доб. 12") == ["4922123456x12"]
    assert phone_keys("112") == []
    assert phone_keys(["+375 17 665-51-39"]) == ["375176655139"]


def test_same_name_in_many_spellings_and_city_is_one_group(db):
    ids = [company(s, city=city) for s, city in zip(SPELLINGS, ["Владимир", "г. Владимир", "владимир",
                                                                 "Владимир"] * 3, strict=False)]
    company("Ромашка", city="Муром")  # another city: another company
    [group] = find_duplicates()
    assert sorted(group.ids) == sorted(ids)
    assert group.confidence == HIGH and group.rules == ["name"]


def test_yo_and_nbsp_in_names(db):
    a = company("ООО «Ёлочка»", city="Ковров")
    b = company("Елочка\u00a0ООО", city="Ковров")
    [group] = find_duplicates()
    assert group.ids == [a, b]


def test_same_ogrn_is_certain(db):
    a = company("Альфа", ogrn="1023301234560")
    b = company("Бета", ogrn="1023301234560")
    [group] = find_duplicates()
    assert (group.ids, group.confidence, group.rules) == ([a, b], CERTAIN, ["ogrn"])


def test_same_inn_is_certain_for_a_company_about_to_be_created(db):
    a = company("Альфа", inn=inn(1))
    [match] = probable_duplicates_of({"short_name": "Совсем другое имя", "inn": inn(1)})
    assert (match.company_id, match.confidence, match.rules) == (a, CERTAIN, ["inn"])


def test_same_phone_in_another_format(db):
    a = company("Альфа", phones="+7 4922 12-34-56")
    b = company("Бета", phones="8(4922)123456; +7 999 000-00-00")
    [group] = find_duplicates()
    assert (group.ids, group.confidence, group.rules) == ([a, b], MEDIUM, ["phone"])


def test_same_email_and_private_domain(db):
    a = company("Альфа", emails="info@alfa-zavod.ru")
    b = company("Бета", emails="INFO@alfa-zavod.ru")
    c = company("Гамма", website="https://www.alfa-zavod.ru/contacts")
    [group] = find_duplicates()
    assert group.ids == [a, b, c]
    assert set(group.rules) == {"email", "domain"}


def test_public_mail_domains_are_ignored(db):
    for i, domain in enumerate(["mail.ru", "yandex.ru", "gmail.com", "list.ru", "bk.ru", "inbox.ru",
                                "rambler.ru"]):
        company(f"Первая{i}", emails=f"a{i}@{domain}")
        company(f"Вторая{i}", emails=f"b{i}@{domain}")
    assert find_duplicates() == []
    # the very same address on a public service is still the same mailbox
    company("Третья", emails="a0@mail.ru")
    [group] = find_duplicates()
    assert group.rules == ["email"]


def test_different_inns_are_different_companies(db):
    company("Ромашка", city="Владимир", inn=inn(1), phones="+7 4922 12-34-56")
    company("Ромашка", city="Владимир", inn=inn(2), phones="+7 4922 12-34-56")
    assert find_duplicates() == []
    assert probable_duplicates_of({"short_name": "Ромашка", "city": "Владимир", "inn": inn(3)}) == []
    assert len(probable_duplicates_of({"short_name": "Ромашка", "city": "Владимир"})) == 2


def test_archived_and_merged_companies_are_left_out(db):
    a = company("Ромашка", city="Владимир")
    b = company("ООО Ромашка", city="Владимир")
    store.archive(Company, b, 1)
    assert find_duplicates() == []
    matches = probable_duplicates_of({"short_name": "Ромашка", "city": "Владимир"})
    assert [m.company_id for m in matches] == [a]


def test_a_key_shared_by_very_many_is_no_sign(db):
    for i in range(15):
        company(f"Арендатор {i}", phones="+7 4922 77-77-77")
    assert find_duplicates() == []


def test_groups_join_through_different_rules(db):
    a = company("Ромашка", city="Владимир")
    b = company("ООО «Ромашка»", city="Владимир", phones="+7 4922 11-22-33")
    c = company("Ромашка-Сервис", phones="84922112233", ogrn="1023301234560")
    d = company("Другое", ogrn="1023301234560")
    [group] = find_duplicates()
    assert group.ids == [a, b, c, d]
    assert group.confidence == CERTAIN
    assert group.rules == ["ogrn", "name", "phone"]


def test_probable_duplicates_of_typed_values(db):
    a = company("ООО «Ромашка»", city="Владимир", phones="+7 4922 12-34-56", emails="zakaz@romashka33.ru",
                website="romashka33.ru")
    for values, rule in [
        ({"short_name": 'ромашка, ооо', "city": "г. Владимир"}, "name"),
        ({"short_name": "Иное", "phones": "8 (4922) 12-34-56"}, "phone"),
        ({"short_name": "Иное", "phones": ["123456"]}, "phone"),
        ({"short_name": "Иное", "emails": "Zakaz@Romashka33.ru"}, "email"),
        ({"short_name": "Иное", "website": "http://www.romashka33.ru/"}, "domain"),
        ({"short_name": "Иное", "emails": ["info@romashka33.ru"]}, "domain"),
    ]:
        matches = probable_duplicates_of(values)
        assert [m.company_id for m in matches] == [a], values
        assert rule in matches[0].rules
    assert probable_duplicates_of({"short_name": "Иное", "city": "Владимир"}) == []
    assert probable_duplicates_of({"short_name": "Ромашка", "city": "Владимир"}, exclude=[a]) == []


def test_key_index_answers_like_the_single_query(db):
    company("ООО «Ромашка»", city="Владимир", phones="+7 4922 12-34-56")
    company("Лютик", emails="a@lutik.ru")
    index = KeyIndex()
    for values in ({"short_name": "Ромашка", "city": "Владимир"}, {"short_name": "x", "phones": "123456"},
                   {"short_name": "y", "emails": "b@lutik.ru"}, {"short_name": "z"}):
        assert [m.company_id for m in index.matches(values)] == \
               [m.company_id for m in probable_duplicates_of(values)]


def test_keys_of_values_with_nothing_usable():
    assert keys_of({"short_name": "«» "}) == keys_of({}) == []
