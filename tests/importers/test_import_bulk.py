"""The bulk write path of an import: duplicate rows that disagree are reported, existing contacts
are updated from the file, and everything (company and contact updates, creations) is logged
with the batch and undone exactly."""

from __future__ import annotations

import re
from datetime import date

import pytest
from openpyxl import load_workbook

from importers.apply import import_file, undo_import
from importers.report import write_report
from models import store
from models.entities import ChangeLog, Company, Contact
from models.identifiers import make_inn
from models.search import index_matches_tables, search_companies
from tests.conftest import run_palata
from tests.importers.xlfixtures import write_xlsx
from tui.sentences import merge_warning, report_words, said

INN_A, INN_B = make_inn("332710048"), make_inn("331234567")
HEADER = ["Наименование", "ИНН", "Город", "Адрес", "Контактное лицо", "Должность", "Телефон контактного лица"]


def _state():
    companies = [{k: v for k, v in c.__data__.items() if k not in ("updated_at", "version")}
                 for c in Company.select().order_by(Company.id)]
    contacts = [{k: v for k, v in c.__data__.items() if k not in ("updated_at", "version")}
                for c in Contact.select().order_by(Contact.id)]
    return companies, contacts


def test_disagreeing_duplicates_are_warned_not_lost(db, tmp_path):
    path = write_xlsx(tmp_path / "dups.xlsx", {"Лист1": [
        HEADER,
        ["Ромашка", INN_A, "Владимир", "ул. Мира, 1", "Иванов Иван", "Директор", ""],
        ["Вектор", INN_B, "Ковров", "", "", "", ""],
        ["ООО «Ромашка»", INN_A, "Владимир", "ул. Мира, 2", "Иванов Иван", "Главный инженер", ""],
        ["Ромашка", INN_A, "г. Владимир", "ул. мира, 1", "", "", ""],  # same address in other case
    ]})
    result = import_file(path, user="t")
    assert result.counts["merged"] == 2 and result.counts["created"] == 2
    found = {(w.row, w.field): w for w in result.warnings}
    assert set(found) == {(4, "address"), (4, "contact_position")}
    address = found[(4, "address")]
    assert (address.sheet, address.kept, address.dropped, address.kept_row) == \
        ("Лист1", "ул. Мира, 1", "ул. Мира, 2", 2)
    assert found[(4, "contact_position")].label() == "Должность (Иванов Иван)"
    assert "отброшено «Главный инженер»" in merge_warning(found[(4, "contact_position")])
    # the first row's value is what is stored
    assert Company.get(Company.inn == INN_A).address == "ул. Мира, 1"

    out = write_report(tmp_path / "report.xlsx", result.rejections, result.columns, report_words(),
                       warnings=result.warnings)
    book = load_workbook(out)
    rows = list(book["Предупреждения"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Лист", "Строка", "Поле", "Оставлено", "Отброшено")
    assert ("Лист1", 4, "Адрес", "ул. Мира, 1", "ул. Мира, 2", 2) in rows


def test_a_dropped_value_is_told_in_english_without_cyrillic(db, tmp_path):
    """The warning carries a code and values; the interface words it in the user's language
    (the file's own header and values are data, here in Latin letters)."""
    from tui import format as fmt
    from tui.i18n import set_language

    path = write_xlsx(tmp_path / "dups.xlsx", {"Sheet1": [
        HEADER,
        ["Romashka", INN_A, "Vladimir", "1 Mira St", "Ivanov Ivan", "Director", ""],
        ["Romashka", INN_A, "Vladimir", "2 Mira St", "Ivanov Ivan", "Chief engineer", ""],
    ]})
    result = import_file(path, user="t", dry_run=True)
    assert {w.problem.code for w in result.warnings} == {"import.merge_warning"}
    set_language("en")
    try:
        sentences = [merge_warning(w) for w in result.warnings]
        shown = [sentence for _, sentence in fmt.import_warnings(result)]  # as the wizard lists them
    finally:
        set_language("ru")
    assert len(sentences) == 2 and set(sentences) <= set(shown)
    assert any("“Address” — kept “1 Mira St”, dropped “2 Mira St”" in s for s in sentences), sentences
    assert any("“Position (Ivanov Ivan)” — kept “Director”, dropped “Chief engineer”" in s
               for s in sentences), sentences
    assert all(s.startswith("sheet “Sheet1”, row 3 repeats row 2") for s in sentences), sentences
    assert not any(re.search("[\u0400-\u04ff]", s) for s in sentences), sentences


def test_command_prints_the_warnings_and_writes_them_to_the_report(tmp_path):
    path = write_xlsx(tmp_path / "dups.xlsx", {"Лист1": [
        HEADER,
        ["Ромашка", INN_A, "Владимир", "ул. Мира, 1", "", "", ""],
        ["Ромашка", INN_A, "Владимир", "ул. Мира, 2", "", "", ""],
    ]})
    report = tmp_path / "out.xlsx"
    result = run_palata("--db", str(tmp_path / "p.db"), "import", str(path), "--report", str(report))
    assert result.returncode == 0, result.stderr
    assert "строка 3 повторяет строку 2: «Адрес» — оставлено «ул. Мира, 1», отброшено «ул. Мира, 2»" \
        in result.stdout
    assert "Предупреждения" in load_workbook(report).sheetnames


@pytest.fixture
def register(db):
    a = store.create(Company, {"short_name": "Ромашка", "inn": INN_A, "city": "Владимир",
                               "address": "ул. Мира, 1", "member_since": date(2019, 1, 1)})
    ivanov = store.create(Contact, {"company": a, "name": "Иванов Иван", "position": "Директор",
                                    "phones": "+7 4922 12-34-56"})
    store.create(Contact, {"company": a, "name": "Петров Пётр", "position": "Инженер"})
    return a, ivanov


def test_existing_contacts_are_updated_from_the_file_and_undone_exactly(register, tmp_path):
    company, ivanov = register
    before = _state()
    path = write_xlsx(tmp_path / "update.xlsx", {"Лист1": [
        HEADER,
        # a new position and a second phone for Иванов (name typed in another case)
        ["Ромашка", INN_A, "Владимир", "ул. Мира, 5", "иванов иван", "Генеральный директор",
         "8 (4922) 65-43-21"],
        # Петров: the same position, nothing new; a blank cell erases nothing
        ["Ромашка", INN_A, "Владимир", "", "Петров Пётр", "инженер", ""],
    ]})
    result = import_file(path, user="t")
    assert result.counts["updated"] == 1 and result.counts["created"] == 0
    row = Contact.get_by_id(ivanov)
    assert row.position == "Генеральный директор"
    assert row.phones == "+7 4922 12-34-56; +7 4922 65-43-21"
    assert row.version == 2
    petrov = Contact.get(Contact.name == "Петров Пётр")
    assert (petrov.position, petrov.version) == ("Инженер", 1)
    assert Company.get_by_id(company).address == "ул. Мира, 5"
    logged = {(e.table, e.row_id, e.field): (e.old, e.new) for e in
              ChangeLog.select().where(ChangeLog.batch == result.batch_id)}
    assert logged[("contact", ivanov, "position")] == ("Директор", "Генеральный директор")
    assert logged[("contact", ivanov, "phones")] == ("+7 4922 12-34-56", "+7 4922 12-34-56; +7 4922 65-43-21")
    assert logged[("company", company, "address")] == ("ул. Мира, 1", "ул. Мира, 5")
    # the index follows the contact's new position
    assert [h.company_id for h in search_companies("генеральный")] == [company]

    # the same file again changes nothing
    again = import_file(path, user="t")
    assert again.counts["updated"] == 0 and again.counts["unchanged"] == 1

    undo_import(again.batch_id, user="t")
    assert undo_import(result.batch_id, user="t") == {"removed": 0, "restored": 3}
    assert _state() == before
    assert index_matches_tables()
    assert search_companies("генеральный") == []


def test_a_big_import_is_logged_with_its_batch_and_undone(db, tmp_path):
    rows = [HEADER] + [[f"Компания {i}", make_inn(f"33{i:07d}"), "Владимир", f"ул. Мира, {i}",
                        f"Сотрудник {i}", "Директор", ""] for i in range(1, 1201)]
    path = write_xlsx(tmp_path / "big.xlsx", {"Лист1": rows})
    result = import_file(path, user="t")
    assert result.counts["created"] == 1200
    ids = [c.id for c in Company.select(Company.id).order_by(Company.id)]
    assert len(set(ids)) == 1200 and Contact.select().count() == 1200
    creates = ChangeLog.select().where((ChangeLog.batch == result.batch_id) & (ChangeLog.action == "create"))
    assert creates.count() == 2400
    assert {e.row_id for e in creates if e.table == "company"} == set(ids)
    assert index_matches_tables()
    assert [h.company_id for h in search_companies("Сотрудник 1100")] == [ids[1099]]

    moved = [HEADER] + [[f"Компания {i}", make_inn(f"33{i:07d}"), "Владимир", f"пр-т Ленина, {i}",
                         f"Сотрудник {i}", "Заместитель", ""] for i in range(1, 1201)]
    update = import_file(write_xlsx(tmp_path / "moved.xlsx", {"Лист1": moved}), user="t")
    assert update.counts["updated"] == 1200
    assert Company.select().where(Company.address.startswith("пр-т")).count() == 1200
    assert undo_import(update.batch_id, user="t")["restored"] == 2400
    assert Company.select().where(Company.address.startswith("пр-т")).count() == 0
    assert undo_import(result.batch_id, user="t")["removed"] == 2400
    assert Company.select().count() == 0 and Contact.select().count() == 0
    assert index_matches_tables()


def test_late_rejections_keep_their_cells(db, tmp_path):
    archived = store.create(Company, {"short_name": "Архивная", "inn": INN_B})
    store.archive(Company, archived, 1)
    path = write_xlsx(tmp_path / "late.xlsx", {"Лист1": [
        HEADER,
        ["Ромашка", INN_A, "Владимир", "", "", "", ""],
        ["Архивная", INN_B, "Ковров", "ул. Новая", "", "", ""],
    ]})
    result = import_file(path, user="t", dry_run=True)
    [rejection] = result.rejections
    assert rejection.row == 3 and "архив" in said(rejection.reason)
    assert rejection.cells[:4] == ["Архивная", INN_B, "Ковров", "ул. Новая"]
