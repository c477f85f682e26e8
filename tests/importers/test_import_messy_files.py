"""Real workbooks shaped like the ones offices send, imported into a real temporary database."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from importers.apply import import_file
from importers.errors import ImportFailure
from models import store
from models.entities import ChangeLog, Company, Contact, ImportBatch
from models.identifiers import make_inn
from tests.conftest import raises_said
from tests.importers.xlfixtures import write_ods, write_xls, write_xlsx
from tui.sentences import said

INN_A = "7707083893"
INN_B = make_inn("332710048")
INN_C = make_inn("027307455")  # starts with 0
INN_D = make_inn("331234567")

HEADER = ["№ п/п", "Наименование", "ИНН", "Телефон", "E-mail", "Дата вступления", "Город",
          "Контактное лицо", "Должность", "Статус"]


def companies() -> dict[str, Company]:
    return {c.inn or c.short_name: c for c in Company.select()}


def test_title_rows_instruction_sheet_hidden_column_blank_rows_and_totals(db, tmp_path):
    data = [
        ["Логотип"],
        ["Список членов Владимирской ТПП на 01.12.2025"],
        [],
        HEADER,
        [1, 'ООО "Ромашка"', INN_A, "8 (4922) 12-34-56", "Info@Romashka.RU", date(2020, 3, 1),
         "г. Владимир", "Иванов Иван Иванович", "директор", "действует"],
        [],
        [2, "АО «Вектор»", INN_B, "+7 49232 2-34-56", "", "08.12.2025 г.", "Ковров", "", "", ""],
        [None, None, None, None, None, None, None, None, None, None],
        ["", "Итого", "", "", "", "", "", "", "", ""],
    ]
    path = write_xlsx(tmp_path / "members.xlsx", {
        "Инструкция": [["Как заполнять"], ["Заполните лист «Члены палаты»: одна строка — одна компания."]],
        "Члены палаты": data,
    }, merged=["A2:J2"], hidden_columns=["C"])
    result = import_file(path)
    assert result.sheet == "Члены палаты"
    assert result.counts == {"rows_read": 2, "created": 2, "updated": 0, "merged": 0, "unchanged": 0,
                             "rejected": 0}
    got = companies()
    a = got[INN_A]
    assert (a.short_name, a.legal_form, a.city, a.phones, a.emails) == (
        "Ромашка", "ООО", "Владимир", "+7 4922 12-34-56", "info@romashka.ru")
    assert a.member_since == date(2020, 3, 1) and a.member_status == "active"
    assert got[INN_B].member_since == date(2025, 12, 8)
    assert got[INN_B].phones == "+7 49232 2-34-56"
    [contact] = Contact.select()
    assert (contact.name, contact.position, contact.company_id, contact.is_primary) == (
        "Иванов Иван Иванович", "директор", a.id, True)


def test_sheet_option_and_hidden_sheets(db, tmp_path):
    rows = [["Наименование", "ИНН"], ["Ромашка", INN_A]]
    other = [["Наименование", "ИНН", "Город"], ["Вектор", INN_B, "Ковров"], ["Лотос", INN_D, "Муром"]]
    path = write_xlsx(tmp_path / "two.xlsx", {"Старые": other, "Новые": rows, "Скрытый": other},
                      hidden_sheets=["Скрытый"])
    assert import_file(path, sheet="Новые", dry_run=True).counts["created"] == 1
    assert import_file(path, dry_run=True).sheet == "Старые"  # names most fields
    with raises_said(ImportFailure, "нет листа «Нет такого»"):
        import_file(path, sheet="Нет такого", dry_run=True)


@pytest.mark.parametrize("headers", [
    ["Полное наименование организации", "ИНН/КПП", "Тел.", "Эл. почта", "Дата вступления в палату",
     "Населённый пункт", "ОКВЭД", "Контактное лицо", "Должность", "Статус членства"],
    ["Company name", "INN", "Phone", "E-mail", "Member since", "City", "OKVED", "Contact person",
     "Position", "Status"],
    ["НАИМЕНОВАНИЕ ПРЕДПРИЯТИЯ", "ИНН организации", "Телефон/факс", "e-mail:", "Член палаты с",
     "Город", "Основной ОКВЭД", "ФИО контактного лица", "Должность контактного лица", "Членство"],
])
def test_header_synonyms(db, tmp_path, headers):
    row = ["ООО «Ромашка»", f"{INN_A}/773601001" if "КПП" in headers[1] else INN_A,
           "84922123456", "a@romashka.ru", "01.02.2021", "Владимир", "46.90", "Петров П. П.",
           "главный бухгалтер", "действует"]
    path = write_xlsx(tmp_path / "syn.xlsx", {"Лист1": [headers, row]})
    result = import_file(path)
    assert result.counts["created"] == 1, result.rejections
    c = Company.get()
    assert (c.short_name, c.inn, c.phones, c.emails, c.city, c.okved, c.member_since, c.member_status) == (
        "Ромашка", INN_A, "+7 4922 12-34-56", "a@romashka.ru", "Владимир", "46.90", date(2021, 2, 1),
        "active")
    assert Contact.get().position == "главный бухгалтер"


def test_map_overrides_the_synonyms(db, tmp_path):
    path = write_xlsx(tmp_path / "map.xlsx", {"Лист1": [
        ["Орг.", "Номер", "Город"], ["Ромашка", INN_A, "Владимир"]]})
    with raises_said(ImportFailure, "строка заголовка"):
        import_file(path, dry_run=True)
    result = import_file(path, mapping=["Орг.=short_name", "Номер=inn"])
    assert result.counts["created"] == 1
    assert Company.get().inn == INN_A
    with raises_said(ImportFailure, "Неизвестное поле"):
        import_file(path, mapping=["Орг.=название"])


def test_identifiers_in_every_shape(db, tmp_path):
    rows = [["Наименование", "ИНН", "КПП"],
            ["Текст", INN_A, "773601001"],
            ["Число", float(INN_B), 332701001],
            ["Потерянный ноль", int(INN_C), ""],
            ["С точкой", f"{INN_D}.0", ""],
            ["Неверный", "7707083894", ""],
            ["Пробелы", f" {make_inn('330500001')[:3]} {make_inn('330500001')[3:]} ", ""]]
    path = write_xlsx(tmp_path / "ids.xlsx", {"Лист1": rows})
    result = import_file(path)
    assert result.counts["created"] == 5
    [rejected] = result.rejections
    assert (rejected.sheet, rejected.row) == ("Лист1", 6)
    assert "7707083894" in said(rejected.reason) and "контрольн" in said(rejected.reason)
    got = companies()
    assert got[INN_C].short_name == "Потерянный ноль"
    assert got[INN_B].kpp == "332701001"
    assert set(got) == {INN_A, INN_B, INN_C, INN_D, make_inn("330500001")}


def test_names_phones_emails_dates_are_normalised(db, tmp_path):
    rows = [["Наименование", "ИНН", "Телефоны", "Email", "Дата вступления"],
            ["OOO\u00a0 „Стекло  и\u00a0бетон“", INN_A, "8 (4922) 12-34-56 доб. 12, 8-920-123-45-67",
             " A@B.RU ; c@d.ru", datetime(2024, 5, 6, 0, 0)],
            ["Общество с ограниченной ответственностью \"Вектор\"", INN_B, 84922654321,
             "mailto:X@Vector.ru", 45999],
            ["ИП Сидоров С. С.", make_inn("3305000011", individual=True), "+7 4922 111111",
             "", "2025-12-08"]]
    result = import_file(write_xlsx(tmp_path / "n.xlsx", {"Лист1": rows}))
    assert result.counts["created"] == 3, result.rejections
    got = companies()
    a, b = got[INN_A], got[INN_B]
    assert (a.short_name, a.legal_form) == ("Стекло и бетон", "ООО")
    assert a.phones == "+7 4922 12-34-56 доб. 12; +7 920 123-45-67"
    assert a.emails == "a@b.ru; c@d.ru"
    assert a.member_since == date(2024, 5, 6)
    assert (b.short_name, b.legal_form, b.phones, b.emails, b.member_since) == (
        "Вектор", "ООО", "+7 4922 65-43-21", "x@vector.ru", date(2025, 12, 8))
    ip = got[make_inn("3305000011", individual=True)]
    assert (ip.short_name, ip.legal_form, ip.member_since) == ("Сидоров С. С.", "ИП", date(2025, 12, 8))


def test_bad_values_reject_the_row_with_the_reason(db, tmp_path):
    rows = [["Наименование", "ИНН", "Email", "Дата вступления", "Статус"],
            ["Ромашка", INN_A, "not-an-address", "", ""],
            ["Вектор", INN_B, "", "31.02.2025", ""],
            ["Лотос", INN_D, "", "", "непонятно"],
            ["", "", "x@y.ru", "", ""],
            ["", INN_C, "", "", ""]]
    result = import_file(write_xlsx(tmp_path / "bad.xlsx", {"Лист1": rows}))
    reasons = {r.row: said(r.reason) for r in result.rejections}
    assert set(reasons) == {2, 3, 4, 5, 6}
    assert "not-an-address" in reasons[2]
    assert "31.02.2025" in reasons[3]
    assert "непонятно" in reasons[4]
    assert "ни наименования, ни ИНН" in reasons[5]
    assert INN_C in reasons[6]
    assert Company.select().count() == 0
    assert result.counts["rejected"] == 5 and result.counts["rows_read"] == 5


def test_duplicates_in_the_file_are_merged(db, tmp_path):
    rows = [["Наименование", "ИНН", "Город", "Телефон", "Контактное лицо"],
            ["ООО «Ромашка»", INN_A, "Владимир", "8 (4922) 12-34-56", "Иванов"],
            ["Ромашка", f"{INN_A}.0", "", "8 (4922) 65-43-21", "Петров"],
            ["ООО Лотос", "", "Муром", "", ""],
            ["«ЛОТОС», ООО", "", "г. Муром", "8 (49234) 3-33-33", ""],
            ["Лотос", "", "Ковров", "", ""]]  # another city: another company
    result = import_file(write_xlsx(tmp_path / "dup.xlsx", {"Лист1": rows}))
    assert result.counts == {"rows_read": 5, "created": 3, "updated": 0, "merged": 2, "unchanged": 0,
                             "rejected": 0}
    a = Company.get(Company.inn == INN_A)
    assert a.phones == "+7 4922 12-34-56; +7 4922 65-43-21"
    assert {c.name for c in a.contacts} == {"Иванов", "Петров"}
    lotos = Company.get((Company.short_name == "Лотос") & (Company.city == "Муром"))
    assert lotos.phones == "+7 49234 3-33-33"


def test_two_row_header_with_a_merged_group(db, tmp_path):
    rows = [["Реестр"], ["Наименование", "ИНН", "Контактное лицо", None, None],
            [None, None, "ФИО", "Должность", "Телефон"],
            ["Ромашка", INN_A, "Иванов И. И.", "директор", "89201234567"]]
    path = write_xlsx(tmp_path / "group.xlsx", {"Лист1": rows}, merged=["C2:E2", "A2:A3", "B2:B3"])
    result = import_file(path)
    assert result.counts["created"] == 1, result.rejections
    c = Contact.get()
    assert (c.name, c.position, c.phones) == ("Иванов И. И.", "директор", "+7 920 123-45-67")


def test_matching_register_updates_field_by_field_and_blank_never_erases(db, tmp_path):
    first = store.create(Company, {"short_name": "Ромашка", "inn": INN_A, "city": "Владимир",
                                   "phones": "8 (4922) 12-34-56", "okved": "46.90",
                                   "notes": "важный клиент"})
    second = store.create(Company, {"short_name": "Лотос", "city": "Муром", "okved": "10.1"})
    rows = [["Наименование", "ИНН", "Город", "Телефон", "ОКВЭД", "Примечания"],
            ["ООО «Ромашка»", INN_A, "", "+7 4922 123456, +7 4922 999999", "47.11", ""],
            ["«Лотос»", INN_B, "Муром", "", "", ""],
            ["Новая", INN_D, "Ковров", "", "", ""]]
    path = write_xlsx(tmp_path / "upd.xlsx", {"Лист1": rows})
    result = import_file(path)
    assert result.counts == {"rows_read": 3, "created": 1, "updated": 2, "merged": 0, "unchanged": 0,
                             "rejected": 0}
    a = Company.get_by_id(first)
    assert a.okved == "47.11" and a.city == "Владимир" and a.notes == "важный клиент"
    assert a.phones == "8 (4922) 12-34-56; +7 4922 99-99-99"  # added, nothing erased
    assert a.legal_form == "ООО"
    lotos = Company.get_by_id(second)
    assert lotos.inn == INN_B and lotos.okved == "10.1"  # matched by name + city, got its INN
    batch = ImportBatch.get_by_id(result.batch_id)
    logged = {(e.row_id, e.field): (e.old, e.new) for e in
              ChangeLog.select().where((ChangeLog.batch == batch) & (ChangeLog.action == "update"))}
    assert logged == {(first, "okved"): ("46.90", "47.11"),
                      (first, "phones"): ("8 (4922) 12-34-56", "8 (4922) 12-34-56; +7 4922 99-99-99"),
                      (first, "legal_form"): (None, "ООО"),
                      (second, "inn"): (None, INN_B)}
    # the same file again changes nothing
    again = import_file(path)
    assert again.counts == {"rows_read": 3, "created": 0, "updated": 0, "merged": 0, "unchanged": 3,
                            "rejected": 0}


def test_reimport_adds_no_duplicate_contact(db, tmp_path):
    rows = [["Наименование", "ИНН", "Контактное лицо", "Должность"],
            ["Ромашка", INN_A, "Иванов Иван", "директор"]]
    path = write_xlsx(tmp_path / "c.xlsx", {"Лист1": rows})
    import_file(path)
    again = import_file(path)
    assert again.counts["updated"] == 0 and again.counts["unchanged"] == 1
    assert Contact.select().count() == 1
    rows.append(["Ромашка", INN_A, "иванов  иван", ""])
    rows.append(["Ромашка", INN_A, "Петрова Анна", "бухгалтер"])
    third = import_file(write_xlsx(tmp_path / "c2.xlsx", {"Лист1": rows}))
    assert third.counts["updated"] == 1 and third.counts["merged"] == 2
    assert sorted(c.name for c in Contact.select()) == ["Иванов Иван", "Петрова Анна"]


LIST = [["Наименование", "ИНН", "Телефон", "Дата вступления", "Город"],
        ["ООО «Ромашка»", INN_A, "8 (4922) 12-34-56", date(2021, 2, 3), "Владимир"],
        ["АО Вектор", int(INN_C), 84922654321, date(2019, 1, 31), "Ковров"],
        ["Лотос", INN_D, "", "05.06.2022", "Муром"]]


@pytest.mark.parametrize("writer", ["xls", "ods"])
def test_same_list_as_xlsx_xls_and_ods_imports_the_same(db, tmp_path, writer):
    xlsx = import_file(write_xlsx(tmp_path / "l.xlsx", {"Лист1": LIST}), dry_run=True)
    path = (write_xls if writer == "xls" else write_ods)(tmp_path / f"l.{writer}", LIST)
    result = import_file(path)
    assert result.counts == xlsx.counts == {"rows_read": 3, "created": 3, "updated": 0, "merged": 0,
                                            "unchanged": 0, "rejected": 0}
    got = companies()
    assert got[INN_C].short_name == "Вектор" and got[INN_C].phones == "+7 4922 65-43-21"
    assert got[INN_A].member_since == date(2021, 2, 3)
    assert got[INN_D].member_since == date(2022, 6, 5)
    again = import_file(write_xlsx(tmp_path / "l.xlsx", {"Лист1": LIST}))
    assert again.counts["unchanged"] == 3 and again.counts["updated"] == 0
