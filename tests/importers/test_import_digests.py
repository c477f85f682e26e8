"""Rows the register already reflects are recognised by their digest and counted unchanged without
being cleaned again; whatever changed since — the company, its contacts, the file, the rows that
share a company — goes the whole way, so the outcome is always the one of a full plan."""

from __future__ import annotations

import pytest

from importers.apply import import_file, plan_file, undo_import
from importers.plan import DigestClash, RowReader, make_plan
from models import import_digests, store
from models.db import database
from models.entities import Company, Contact
from models.identifiers import make_inn
from tests.importers.xlfixtures import write_xlsx
from tui.sentences import merge_warning

HEADER = ["Наименование", "ИНН", "Город", "Адрес", "Телефон", "Контактное лицо", "Должность"]
INNS = [make_inn(f"3327{i:05d}") for i in range(1, 6)]


def _rows(address: str = "ул. Мира, 1") -> list[list[str]]:
    return [[f"ООО «Фирма {i}»", inn, "Владимир", address, "8 (4922) 12-34-5" + str(i), f"Иванов {i}",
             "Директор"] for i, inn in enumerate(INNS)]


def _file(tmp_path, rows, name="list.xlsx"):
    return write_xlsx(tmp_path / name, {"Члены": [HEADER, *rows]})


def _full_plan(path):
    """The plan of `path` made the whole way, every row cleaned (no digests)."""
    from importers.headers import choose_sheet
    from importers.read import open_workbook

    book = open_workbook(path)
    try:
        return make_plan(choose_sheet(book, None, {}), digests=False)
    finally:
        book.close()


def _outcome(plan):
    return (plan.counts, [(u.company_id, u.changes) for u in plan.updates],
            [(u.contact_id, u.changes) for u in plan.contact_updates],
            [(c.company_id, c.values) for c in plan.contacts],
            [(r.row, r.reason) for r in plan.rejections], [w.problem for w in plan.warnings])


def test_a_reimport_knows_every_row_by_its_digest(db, tmp_path):
    path = _file(tmp_path, _rows())
    first = import_file(path)
    assert first.counts["created"] == 5
    assert len(import_digests.valid()) == 5
    again = import_file(path)
    assert again.counts == {"rows_read": 5, "created": 0, "updated": 0, "merged": 0, "unchanged": 5,
                            "rejected": 0}
    assert _outcome(plan_file(path)) == _outcome(_full_plan(path))


def test_a_colleagues_edit_of_the_company_makes_the_row_go_the_whole_way(db, tmp_path):
    path = _file(tmp_path, _rows())
    import_file(path)
    company = Company.get(Company.inn == INNS[2])
    store.update(Company, company.id, company.version, {"address": "ул. Горького, 5"})
    assert len(import_digests.valid()) == 4
    plan = plan_file(path)
    assert _outcome(plan) == _outcome(_full_plan(path))
    assert [u.changes for u in plan.updates] == [{"address": "ул. Мира, 1"}]


@pytest.mark.parametrize("edit", ["position", "archive", "add"])
def test_any_change_to_the_contacts_makes_the_row_go_the_whole_way(db, tmp_path, edit):
    path = _file(tmp_path, _rows())
    import_file(path)
    company = Company.get(Company.inn == INNS[0])
    contact = Contact.get(Contact.company == company)
    if edit == "position":
        store.update(Contact, contact.id, contact.version, {"position": "Главный инженер"})
    elif edit == "archive":
        store.archive(Contact, contact.id, contact.version)
    else:
        store.create(Contact, {"company": company.id, "name": "Петров"})
    assert company.id not in {k.company_id for k in import_digests.valid().values()}
    assert _outcome(plan_file(path)) == _outcome(_full_plan(path))


def test_a_changed_row_is_planned_again_and_its_new_digest_remembered(db, tmp_path):
    import_file(_file(tmp_path, _rows()))
    moved = _file(tmp_path, _rows("ул. Мира, 2"), name="moved.xlsx")
    result = import_file(moved)
    assert result.counts["updated"] == 5
    assert import_file(moved).counts["unchanged"] == 5


def test_a_known_row_sharing_its_company_with_another_row_is_merged_as_always(db, tmp_path):
    """The same company twice in the file: once as imported before, once with another address.
    The file is planned the whole way, so the rows merge and the second address is reported."""
    import_file(_file(tmp_path, _rows()))
    twin = _rows()[1][:]
    twin[3] = "ул. Ленина, 9"
    path = _file(tmp_path, [*_rows(), twin], name="twice.xlsx")
    with pytest.raises(DigestClash):
        from importers.headers import choose_sheet
        from importers.read import open_workbook

        book = open_workbook(path)
        make_plan(choose_sheet(book, None, {}))
    plan = plan_file(path)
    assert _outcome(plan) == _outcome(_full_plan(path))
    assert plan.merged == 1 and plan.unchanged == 5
    assert "ул. Ленина, 9" in merge_warning(plan.warnings[0])


def test_the_same_row_read_under_another_header_is_not_known(db, tmp_path):
    import_file(_file(tmp_path, _rows()))
    other = write_xlsx(tmp_path / "other.xlsx", {"Члены": [
        ["Наименование", "ИНН", "Город", "Адрес", "Телефон", "ФИО", "Примечание"],
        *_rows()]})
    plan = plan_file(other)
    assert _outcome(plan) == _outcome(_full_plan(other))
    assert plan.counts["updated"] == 5  # the position column now reads as notes


def test_digests_depend_on_the_columns_read_and_the_values():
    from importers.headers import Header

    a = RowReader(Header(row_index=0, columns={0: "short_name", 1: "inn"}, titles=["a", "b"]))
    b = RowReader(Header(row_index=0, columns={0: "short_name", 1: "notes"}, titles=["a", "b"]))
    row = ["Ромашка", "7707083893", "ignored"]
    assert a.digest(row) == a.digest([*row[:2], "other"])  # a column not read does not count
    assert a.digest(row) != b.digest(row)
    assert a.digest(row) != a.digest(["Ромашка", 7707083893])  # a number is not the same cell


def test_undoing_the_import_forgets_its_digests(db, tmp_path):
    path = _file(tmp_path, _rows())
    first = import_file(path)
    undo_import(first.batch_id)
    assert import_digests.valid() == {}
    (left,) = database.execute_sql("SELECT count(*) FROM import_digest").fetchone()
    assert left == 0
    assert import_file(path).counts["created"] == 5


def test_a_dry_run_remembers_nothing(db, tmp_path):
    path = _file(tmp_path, _rows())
    import_file(path, dry_run=True)
    assert import_digests.valid() == {}


def test_a_known_row_without_inn_sharing_name_and_city_with_another_row_is_merged(db, tmp_path):
    """Without INNs, the same name in the same town is the same company: a known row and a new
    row of that name merge, as a full plan would merge them."""
    rows = [["ООО «Лотос»", "", "Муром", "ул. Мира, 1", "", "", ""]]
    import_file(_file(tmp_path, rows))
    path = _file(tmp_path, [*rows, ["Лотос", "", "г. Муром", "ул. Лесная, 3", "", "Орлов", ""]],
                 name="lotos.xlsx")
    plan = plan_file(path)
    assert _outcome(plan) == _outcome(_full_plan(path))
    assert plan.merged == 1
    assert plan.contacts and plan.contacts[0].values["name"] == "Орлов"


def test_two_companies_of_one_name_and_town_with_different_inns_stay_known(db, tmp_path):
    """Two companies of the same name and town with different INNs are two companies: their
    known rows stay known."""
    rows = [["ООО «Лотос»", inn, "Муром", "", "", "", ""] for inn in INNS[:2]]
    path = _file(tmp_path, rows)
    assert import_file(path).counts["created"] == 2
    plan = plan_file(path)
    assert plan.counts["unchanged"] == 2 and not plan.sources  # every row known, none planned again


def test_planned_inside_a_transaction_the_plan_sees_its_uncommitted_changes(db, tmp_path):
    """The digests are read on a second connection only outside a transaction: inside one, the
    caller's own uncommitted edit makes the row go the whole way."""
    path = _file(tmp_path, _rows())
    import_file(path)
    with database.atomic() as transaction:
        company = Company.get(Company.inn == INNS[4])
        store.update(Company, company.id, company.version, {"address": "ул. Садовая, 2"})
        plan = plan_file(path)
        transaction.rollback()
    assert [u.changes for u in plan.updates] == [{"address": "ул. Мира, 1"}]


def test_a_file_is_known_a_chunk_of_digests_at_a_time(db, tmp_path, monkeypatch):
    from importers import plan as plan_module

    monkeypatch.setattr(plan_module, "DIGEST_CHUNK", 2)
    monkeypatch.setattr(import_digests, "_CHUNK", 2)
    path = _file(tmp_path, _rows())
    import_file(path)
    company = Company.get(Company.inn == INNS[4])  # in the last chunk, alone
    store.update(Company, company.id, company.version, {"address": "ул. Горького, 5"})
    again = import_file(path)
    assert again.counts == {"rows_read": 5, "created": 0, "updated": 1, "merged": 0, "unchanged": 4,
                            "rejected": 0}
    assert Company.get_by_id(company.id).address == "ул. Мира, 1"


def test_the_digests_looked_up_are_those_valid_of_them(db, tmp_path, monkeypatch):
    monkeypatch.setattr(import_digests, "_CHUNK", 2)
    rows = _rows()
    rows[3][5] = rows[3][6] = ""  # a company without contacts
    import_file(_file(tmp_path, rows))
    edited, with_contact, archived, *_ = Company.select().order_by(Company.id)
    store.update(Company, edited.id, edited.version, {"address": "ул. Горького, 5"})
    store.create(Contact, {"company": with_contact.id, "name": "Петров"})
    store.archive(Company, archived.id, archived.version)
    every = [d for (d,) in database.execute_sql("SELECT digest FROM import_digest")]
    valid = import_digests.valid()
    assert len(every) == 5 and len(valid) == 2
    assert import_digests.valid_among(every + ["0" * 32]) == valid
    assert import_digests.valid_among(every[:1]) == {d: k for d, k in valid.items() if d == every[0]}
    assert import_digests.valid_among([]) == {}
