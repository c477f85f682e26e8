"""An imported company that probably exists under other details is created and pointed out."""

from __future__ import annotations

from importers.apply import import_file
from models import store
from models.entities import Company
from tests.importers.xlfixtures import write_xlsx


def test_a_new_company_sharing_a_phone_is_created_with_a_warning(db, tmp_path):
    existing = store.create(Company, {"short_name": "Ромашка", "legal_form": "ООО", "city": "Владимир",
                                      "phones": "+7 4922 12-34-56", "emails": "info@romashka-vl.ru"})
    book = write_xlsx(tmp_path / "list.xlsx", {"Лист1": [
        ["Наименование", "Город", "Телефон", "E-mail"],
        ["Цветы Владимира", "Владимир", "8 (4922) 12-34-56", "sale@romashka-vl.ru"],
        ["Лотос", "Муром", "8 (49234) 3-33-33", "lotos@mail.ru"],
    ]})
    result = import_file(book)
    assert result.counts["created"] == 2
    [warning] = result.duplicates
    assert (warning.row, warning.name, warning.existing_id) == (2, "Цветы Владимира", existing)
    assert {rule for rule, _ in warning.reasons} >= {"phone", "domain"}
    assert Company.select().count() == 3
