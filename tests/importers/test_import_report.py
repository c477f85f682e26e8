"""The rejections workbook."""

from __future__ import annotations

from openpyxl import load_workbook

from importers.plan import Rejection
from importers.report import write_report
from models.errors import Problem
from tui.sentences import report_words


def test_report_keeps_cells_as_text_and_never_as_formulas(tmp_path):
    rows = [Rejection("Лист1", 5, Problem("ident.inn_length"), ["=HYPERLINK(\"http://x\")", "+7 4922", 12.0]),
            Rejection("Лист1", 9, Problem("err.row.no_name_no_inn"), [])]
    out = write_report(tmp_path / "r.xlsx", rows, ["Наименование", "Телефон", "№"], report_words())
    ws = load_workbook(out).active
    values = list(ws.values)
    assert values[0] == ("Лист", "Строка", "Причина", "Наименование", "Телефон", "№")
    assert values[1][:6] == ("Лист1", 5, "ИНН должен содержать 10 или 12 цифр", '=HYPERLINK("http://x")',
                             "+7 4922", 12)
    assert ws["D2"].data_type == "s"
    assert values[2][:3] == ("Лист1", 9, "Нет ни наименования, ни ИНН.")
    assert ws.freeze_panes == "A2"
