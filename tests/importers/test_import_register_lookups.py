"""An import finds the register's companies by the file's own keys, a chunk of keys at a time, and
keeps duplicate candidates for the new companies alone: with a register larger than one chunk
of lookups and one page of the duplicates' pass, every row is still found as before — an update
by INN or by name and city, a rejection for an archived company's INN, a duplicate warning for a
new company sharing a phone, an OGRN or a domain."""

from __future__ import annotations

import pytest

from importers import plan as plan_module
from importers.apply import import_file
from models import duplicates, store
from models.duplicates import MAX_BUCKET
from models.entities import Company
from models.identifiers import make_inn, make_ogrn
from models.merge import merge_companies
from tests.importers.xlfixtures import write_xlsx

HEADER = ["Наименование", "ИНН", "ОГРН", "Город", "Адрес", "Телефон", "E-mail"]
SWITCHBOARD = "+7 4922 00-00-00"


def inn(n: int) -> str:
    return make_inn(f"33{n:07d}")


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(plan_module, "LOOKUP_CHUNK", 2)
    monkeypatch.setattr(duplicates, "PAGE", 3)


def company(name: str, **values) -> int:
    return store.create(Company, {"short_name": name, "legal_form": "ООО", **values}, user="t")


def test_rows_find_the_register_across_chunks(db, tmp_path, small_chunks):
    filler = [company(f"Фирма {n}", inn=inn(100 + n), city="Муром") for n in range(7)]
    by_inn = company("Ромашка", inn=inn(1), city="Владимир", address="ул. Старая")
    by_name = company("Лютик", city="Ковров")
    twin_younger = company("Лютик", city="Ковров")  # the same name and town again: the older is found
    merged_away = company("Василёк", city="Суздаль")
    by_name_too = company("Василёк", city="Суздаль")
    merge_companies(by_name_too, [merged_away], user="t")
    archived = company("Старая", inn=inn(2), city="Владимир")
    store.archive(Company, archived, 1, user="t")
    archived_name = company("Закрытая", city="Муром")
    store.archive(Company, archived_name, 1, user="t")
    with_phone = company("Телефонная", inn=inn(3), city="Вязники", phones="+7 4922 12-34-56")
    with_ogrn = company("Огрновая", inn=inn(4), city="Вязники", ogrn=make_ogrn("103330000001"),
                        emails="info@ogrnovaya.ru")
    for n in range(MAX_BUCKET + 1):  # a switchboard shared by too many says nothing
        company(f"Офис {n}", inn=inn(200 + n), city="Муром", phones=SWITCHBOARD)
    more = [company(f"Ещё {n}", inn=inn(300 + n), city="Киржач") for n in range(5)]

    path = write_xlsx(tmp_path / "list.xlsx", {"Лист1": [
        HEADER,
        ["Ромашка", inn(1), "", "Владимир", "ул. Новая", "", ""],  # 2: update by INN
        ["ООО «Лютик»", "", "", "Ковров", "ул. Садовая", "", ""],  # 3: update by name and town
        ["Лютик", "", "", "Муром", "", "", ""],  # 4: another town: a new company
        ["Василёк", "", "", "Суздаль", "пр. Мира", "", ""],  # 5: the live one, not the merged
        ["Старая", inn(2), "", "Владимир", "", "", ""],  # 6: archived: rejected
        ["Закрытая", "", "", "Муром", "", "", ""],  # 7: only an archived one by that name: new
        ["Звонкая", "", "", "Гусь-Хрустальный", "", "8 (4922) 12-34-56", ""],  # 8: phone
        ["Вторая", inn(6), make_ogrn("103330000001"), "Собинка", "", "", "zakaz@ogrnovaya.ru"],  # 9
        ["Третья", "", "", "Петушки", "", SWITCHBOARD, ""],  # 10: the switchboard: no warning
        [f"Ещё {4}", inn(304), "", "Киржач", "ул. Лесная", "", ""],  # 11: the last company, by INN
        ["Фирма 0", inn(100), "", "Муром", "", "", ""],  # 12: the first one, unchanged
    ]})
    result = import_file(path, user="t")

    assert result.counts == {"rows_read": 11, "created": 5, "updated": 4, "merged": 0,
                             "unchanged": 1, "rejected": 1}
    [rejection] = result.rejections
    assert rejection.row == 6 and rejection.reason.code == "err.row.archived"
    assert Company.get_by_id(by_inn).address == "ул. Новая"
    assert Company.get_by_id(by_name).address == "ул. Садовая"
    assert Company.get_by_id(twin_younger).address is None
    assert Company.get_by_id(by_name_too).address == "пр. Мира"
    assert Company.get_by_id(more[-1]).address == "ул. Лесная"
    assert Company.get_by_id(filler[0]).version == 1
    created = {c.short_name: c for c in Company.select().where(Company.id > more[-1])}
    assert set(created) == {"Лютик", "Закрытая", "Звонкая", "Вторая", "Третья"}
    assert created["Лютик"].city == "Муром"
    warned = {(d.row, d.existing_id): sorted(rule for rule, _ in d.reasons) for d in result.duplicates}
    assert warned == {(8, with_phone): ["phone"], (9, with_ogrn): ["domain", "ogrn"]}
