"""Header recognition: synonyms, keyword rules, the header row under titles, --map."""

from __future__ import annotations

import pytest

from importers.errors import ImportFailure
from importers.headers import field_for, find_header, header_key, parse_mapping


@pytest.mark.parametrize("header, field", [
    ("ИНН", "inn"), ("инн", "inn"), ("ИНН организации", "inn"), ("INN", "inn"),
    ("ИНН/КПП", "inn_kpp"), ("ИНН / КПП", "inn_kpp"), ("ИНН, КПП", "inn_kpp"),
    ("Наименование", "short_name"), ("Наименование организации", "short_name"),
    ("Краткое наименование", "short_name"), ("Company name", "short_name"),
    ("Полное наименование организации", "full_name"), ("Full name", "full_name"),
    ("Телефон", "phones"), ("Тел.", "phones"), ("Телефон/факс", "phones"), ("Phone", "phones"),
    ("E-mail", "emails"), ("e-mail:", "emails"), ("Эл. почта", "emails"), ("Email", "emails"),
    ("Электронная почта", "emails"), ("Дата вступления", "member_since"),
    ("Дата вступления в ТПП", "member_since"), ("Member since", "member_since"), ("Город", "city"),
    ("Населённый пункт", "city"), ("ОКВЭД", "okved"), ("Основной ОКВЭД", "okved"),
    ("Контактное лицо", "contact_name"), ("ФИО", "contact_name"), ("Должность", "contact_position"),
    ("Статус", "member_status"), ("Статус членства", "member_status"), ("№ п/п", "skip"),
    ("Сайт", "website"), ("Адрес", "address"), ("Юридический адрес", "address"), ("КПП", "kpp"),
    ("ОГРН", "ogrn"), ("Примечание", "notes"), ("Взносы оплачены до", "dues_paid_until"),
])
def test_synonyms(header, field):
    assert field_for(header) == field


@pytest.mark.parametrize("header", ["", None, "Сумма взноса, руб.".replace("взноса", "платежа"), "Х"])
def test_unknown_headers(header):
    assert field_for(header) is None


def test_header_key_folds():
    assert header_key("  Эл.\u00a0ПОЧТА: ") == "эл почта"
    assert header_key("Ёмкость") == "емкость"


def test_header_row_found_under_titles_and_logo():
    rows = [["", "", "Логотип"], ["Список членов палаты"], [], ["Дата: 01.12.2025"],
            ["№", "Наименование", "ИНН", "Город"], [1, "Ромашка", "7707083893", "Владимир"]]
    header = find_header(rows)
    assert header.row_index == 4
    assert header.columns == {0: "skip", 1: "short_name", 2: "inn", 3: "city"}


def test_a_row_without_name_or_inn_is_no_header():
    assert find_header([["Город", "Телефон"], ["Владимир", "123456"]]) is None


def test_parse_mapping():
    assert parse_mapping(["Орг.=short_name", "C = inn", "Комментарий=skip"]) == {
        "орг": "short_name", "c": "inn", "комментарий": "skip"}
    with pytest.raises(ImportFailure):
        parse_mapping(["безравно"])
    with pytest.raises(ImportFailure):
        parse_mapping(["Орг.=nonsense"])
