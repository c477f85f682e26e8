"""The rejections workbook."""

from __future__ import annotations

from openpyxl import load_workbook

from importers.plan import Rejection
from importers.report import write_report


def test_report_keeps_cells_as_text_and_never_as_formulas(tmp_path):
    rows = [Rejection("Лист1", 5, "ИНН 1: неверная длина.", ["=HYPERLINK(\"http://x\")", "+7 4922", 12.0]),
            Rejection("Лист1", 9, "Нет ни наименования, ни ИНН.", [])]
    out = write_report(tmp_path / "r.xlsx", rows, ["Наименование", "Телефон", "№"])
    ws = load_workbook(out).active
    values = list(ws.values)
    assert values[0] == ("Лист", "Строка", "Причина", "Наименование", "Телефон", "№")
    assert values[1][:6] == ("Лист1", 5, "ИНН 1: неверная длина.", '=HYPERLINK("http://x")', "+7 4922", 12)
    assert ws["D2"].data_type == "s"
    assert values[2][:3] == ("Лист1", 9, "Нет ни наименования, ни ИНН.")
    assert ws.freeze_panes == "A2"
