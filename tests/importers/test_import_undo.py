"""Undoing an import puts back exactly the state before it, or refuses with a reason."""

from __future__ import annotations

from datetime import date

import pytest

from importers.apply import import_file, list_batches, undo_import
from importers.errors import UndoRefused
from models import store
from models.entities import ChangeLog, Company, Contact, ImportBatch
from models.identifiers import make_inn
from models.search import index_matches_tables, search_companies
from tests.conftest import raises_said
from tests.importers.xlfixtures import write_xlsx

INN_A, INN_B, INN_C = "7707083893", make_inn("332710048"), make_inn("331234567")


def snapshot():
    companies = [{k: v for k, v in c.__data__.items() if k not in ("updated_at", "version")}
                 for c in Company.select().order_by(Company.id)]
    contacts = [{k: v for k, v in c.__data__.items() if k not in ("updated_at", "version")}
                for c in Contact.select().order_by(Contact.id)]
    return companies, contacts


@pytest.fixture
def before(db):
    a = store.create(Company, {"short_name": "Ромашка", "inn": INN_A, "city": "Владимир",
                               "okved": "46.90", "member_since": date(2019, 1, 1)})
    store.create(Contact, {"company": a, "name": "Иванов"})
    return a


def _file(tmp_path, name="f.xlsx"):
    rows = [["Наименование", "ИНН", "Город", "ОКВЭД", "Дата вступления", "Контактное лицо"],
            ["Ромашка", INN_A, "Владимир", "47.11", "01.02.2020", "Петров"],
            ["Вектор", INN_B, "Ковров", "", "", "Сидоров"],
            ["Лотос", INN_C, "Муром", "", "", ""]]
    return write_xlsx(tmp_path / name, {"Лист1": rows})


def test_undo_restores_exactly_the_state_before(before, tmp_path):
    original = snapshot()
    result = import_file(_file(tmp_path))
    assert result.counts["created"] == 2 and result.counts["updated"] == 1
    assert search_companies("Вектор")
    done = undo_import(result.batch_id)
    assert done == {"removed": 4, "restored": 2}  # 2 companies + 2 contacts; okved + member_since
    assert snapshot() == original
    assert not search_companies("Вектор")
    assert index_matches_tables()
    batch = ImportBatch.get_by_id(result.batch_id)
    assert batch.undone_at is not None
    logged = ChangeLog.select().where((ChangeLog.batch == batch) & (ChangeLog.action == "delete")).count()
    assert logged == 4
    with raises_said(UndoRefused, "уже отменён"):
        undo_import(result.batch_id)


def test_undo_refuses_when_a_later_edit_touched_the_same_field(before, tmp_path):
    result = import_file(_file(tmp_path))
    row = Company.get_by_id(before)
    store.update(Company, before, row.version, {"okved": "10.1"}, user="коллега")
    with raises_said(UndoRefused, "поле «ОКВЭД» изменено после импорта"):
        undo_import(result.batch_id)
    assert ImportBatch.get_by_id(result.batch_id).undone_at is None
    assert Company.select().count() == 3


def test_undo_refuses_when_a_created_company_was_edited_or_got_a_contact(before, tmp_path):
    result = import_file(_file(tmp_path))
    vector = Company.get(Company.inn == INN_B)
    store.update(Company, vector.id, vector.version, {"notes": "звонили"}, user="коллега")
    with raises_said(UndoRefused, "Вектор"):
        undo_import(result.batch_id)

    result2 = import_file(_file(tmp_path, "g.xlsx"))  # nothing new: an empty batch undoes fine
    undo_import(result2.batch_id)
    lotos = Company.get(Company.inn == INN_C)
    store.create(Contact, {"company": lotos.id, "name": "Новый контакт"})
    with pytest.raises(UndoRefused):
        undo_import(result.batch_id)


def test_undo_an_unrelated_later_edit_does_not_block(before, tmp_path):
    result = import_file(_file(tmp_path))
    row = Company.get_by_id(before)
    store.update(Company, before, row.version, {"notes": "другое поле"})
    undo_import(result.batch_id)
    row = Company.get_by_id(before)
    assert row.okved == "46.90" and row.notes == "другое поле"


def test_undo_two_imports_newest_first(before, tmp_path):
    original = snapshot()
    first = import_file(_file(tmp_path))
    rows = [["Наименование", "ИНН", "ОКВЭД"], ["Ромашка", INN_A, "62.01"], ["Вектор", INN_B, "25.11"]]
    second = import_file(write_xlsx(tmp_path / "s.xlsx", {"Лист1": rows}))
    with pytest.raises(UndoRefused):
        undo_import(first.batch_id)
    undo_import(second.batch_id)
    undo_import(first.batch_id)
    assert snapshot() == original
    assert [b.id for b in list_batches()] == [second.batch_id, first.batch_id]


def test_unknown_batch(db):
    with raises_said(UndoRefused, "нет в истории"):
        undo_import(99)


def _versions() -> dict[tuple[str, int], int]:
    return {**{("company", c.id): c.version for c in Company.select()},
            **{("contact", c.id): c.version for c in Contact.select()}}


def test_undo_restores_a_renamed_company_that_search_finds_by_its_old_name(before, tmp_path):
    apart = store.create(Company, {"short_name": "Берёза", "inn": INN_C, "city": "Муром"})
    unchanged = _versions()
    rows = [["Наименование", "ИНН", "Город", "Адрес"],
            ["Незабудка", INN_A, "Владимир", "ул. Мира, д. 1"]]
    result = import_file(write_xlsx(tmp_path / "r.xlsx", {"Лист1": rows}))
    assert [h.company_id for h in search_companies("Незабудка")] == [before]
    assert undo_import(result.batch_id) == {"removed": 0, "restored": 2}  # the name, the address
    row = Company.get_by_id(before)
    assert (row.short_name, row.address) == ("Ромашка", None)
    assert [h.company_id for h in search_companies("Ромашка")] == [before]
    assert not search_companies("Незабудка") and not search_companies("Мира")
    assert index_matches_tables()
    # the renamed company went up by the import and by its undo; nothing else moved
    after = _versions()
    assert after.pop(("company", before)) == unchanged.pop(("company", before)) + 2
    assert after == unchanged and ("company", apart) in after


def test_undo_of_a_batch_too_large_to_hold_reads_the_values_again(before, tmp_path, monkeypatch):
    from importers import apply

    original = snapshot()
    result = import_file(_file(tmp_path))
    monkeypatch.setattr(apply, "_HELD", 1)  # the second value already is one too many
    assert undo_import(result.batch_id) == {"removed": 4, "restored": 2}
    assert snapshot() == original
    assert search_companies("Ромашка") and not search_companies("Вектор")
    assert index_matches_tables()
