"""KeyIndex.for_companies keeps only the keys of some companies (an import's new ones): for each
of them it answers as the whole register's index does, read a page at a time, and holds only the
companies that share a key with them."""

from __future__ import annotations

import pytest

from models import duplicates
from models.duplicates import MAX_BUCKET, KeyIndex
from tests.models.duplicates_support import company, inn

ASKED = [
    {"short_name": "Ромашка", "city": "г. Владимир"},  # by name in the town
    {"short_name": "Иное", "full_name": "ООО «Ромашка-Плюс»", "city": "Владимир"},  # full name
    {"short_name": "x", "phones": "8 (4922) 12-34-56"},
    {"short_name": "y", "emails": "Zakaz@Lutik.ru"},  # the domain, not the address
    {"short_name": "z", "phones": "+7 4922 00-00-00"},  # a switchboard: shared by too many
    {"short_name": "w", "inn": inn(900), "ogrn": "1027700132195"},
    {"short_name": "v", "inn": inn(901), "phones": "+7 4922 12-34-56"},  # another INN: no match
    {"short_name": "Никто", "city": "Муром"},
]


@pytest.fixture
def register(db, monkeypatch):
    monkeypatch.setattr(duplicates, "PAGE", 3)
    company("ООО «Ромашка»", city="Владимир", inn=inn(1), phones="+7 4922 12-34-56")
    company("Ромашка-Плюс", city="Владимир")
    company("Ромашка", city="Ковров")
    company("Лютик", emails="info@lutik.ru", website="lutik.ru")
    company("Огрн", ogrn="1027700132195")
    for n in range(MAX_BUCKET + 2):
        company(f"Офис {n}", inn=inn(100 + n), phones="+7 4922 00-00-00")
    archived = company("Ромашка", city="Владимир")
    from models import store
    from models.entities import Company

    store.archive(Company, archived, 1, user="test")
    for n in range(7):
        company(f"Прочая {n}", city="Суздаль", inn=inn(200 + n))


def test_answers_as_the_whole_index(register):
    whole = KeyIndex()
    some = KeyIndex.for_companies(ASKED)
    for values in ASKED:
        assert some.matches(values) == whole.matches(values), values
    assert [m.company_id for m in some.matches(ASKED[0])] == [1]


def test_holds_only_the_companies_sharing_their_keys(register):
    some = KeyIndex.for_companies(ASKED)
    offices = {b.id for b in some.briefs.values() if b.short_name.startswith("Офис")}
    assert set(some.briefs) - offices == {1, 2, 4, 5}
    assert len(offices) == MAX_BUCKET + 1  # enough to know the switchboard says nothing
    assert KeyIndex.for_companies([ASKED[-1]]).briefs == {}
