"""Export of the companies table's current view through the dialog: the written workbook holds
exactly the companies the table shows, and what hangs on them."""

from __future__ import annotations

import asyncio
from pathlib import Path

from openpyxl import load_workbook
from textual.widgets import Static

from models import store as write
from models.browse import CompanyFilter
from models.entities import Company, Contact, Interest
from tests.tui.conftest import settle
from tests.tui.screens.conftest import make_app
from tests.tui.screens.test_import_wizard import until
from tui.screens.export_dialog import ExportDialog, default_path
from tui.widgets.path_input import PathInput


def _register() -> None:
    def company(name: str, city: str, status: str, region: str | None = None) -> int:
        return write.create(Company, {"short_name": name, "city": city, "region": region,
                                      "member_status": status}, user="tester")

    vektor = company("Вектор", "Ковров", "active", "Владимирская область")
    company("Ковровский хлеб", "Ковров", "suspended", "Владимирская область")
    company("Гомельский стеклозавод", "Гомель", "active", "Гомельская область")
    write.create(Contact, {"company": vektor, "name": "Смирнова Анна"}, user="tester")
    write.create(Interest, {"company": vektor, "direction": "buys", "subject": "трубы стальные"},
                 user="tester")


def _sheet(path: Path, title: str) -> list[tuple]:
    book = load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in book[title].iter_rows(values_only=True)]
    finally:
        book.close()


def test_default_path_names_the_day():
    from datetime import date

    assert default_path(date(2025, 12, 8)) == "~/palata-export-2025-12-08.xlsx"


def test_export_of_the_filtered_view(store, tmp_path):
    _register()
    out = tmp_path / "выгрузка.xlsx"

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            companies = app.screen
            # a place that is a region and a status: more than `palata export` filters can say
            companies.set_filters(CompanyFilter(place="Владимирская область", status="active"))
            await settle(pilot)
            await pilot.press("ctrl+o")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, ExportDialog)
            what = str(dialog.query_one("#export-what", Static).render())
            assert "Владимирская область" in what and "— 1," in what
            path_input = dialog.query_one(PathInput)
            assert path_input.value.startswith("~/palata-export-")
            path_input.value = str(tmp_path / "выгрузка.txt")
            await pilot.press("enter")
            assert ".xlsx" in str(dialog.query_one("#export-message", Static).render())
            path_input.value = str(out)
            await pilot.press("enter")
            await until(pilot, lambda: dialog.written is not None or "error" in
                        dialog.query_one("#export-message", Static).classes)
            await settle(pilot)
            line = str(dialog.query_one("#export-message", Static).render())
            assert f"Записано в {out}" in line and "компании 1" in line, line
            await pilot.press("enter")  # the button now closes the dialog
            await settle(pilot)
            assert app.screen is companies

    asyncio.run(scenario())
    rows = _sheet(out, "Компании")
    assert rows[0][:2] == ("№", "Краткое наименование")
    assert [r[1] for r in rows[1:]] == ["Вектор"]
    assert [r[2] for r in _sheet(out, "Контакты")[1:]] == ["Смирнова Анна"]
    assert [r[4] for r in _sheet(out, "Интересы")[1:]] == ["трубы стальные"]


def test_export_with_search_and_the_whole_register(store, tmp_path):
    _register()

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press(*"ковров")
            await settle(pilot)
            await pilot.press("ctrl+o")
            await settle(pilot)
            dialog = app.screen
            assert "поиск «ковров»" in str(dialog.query_one("#export-what", Static).render())
            dialog.query_one(PathInput).value = str(tmp_path / "поиск.xlsx")
            await pilot.press("enter")
            await until(pilot, lambda: dialog.written is not None)
            await pilot.press("escape")
            await settle(pilot)
            app.push_screen(ExportDialog(path=str(tmp_path / "всё.xlsx")))
            await settle(pilot)
            assert "Весь реестр: 4" in str(app.screen.query_one("#export-what", Static).render())
            await pilot.press("enter")
            await until(pilot, lambda: app.screen.written is not None)

    asyncio.run(scenario())
    found = sorted(r[1] for r in _sheet(tmp_path / "поиск.xlsx", "Компании")[1:])
    assert found == ["Вектор", "Ковровский хлеб"]
    assert len(_sheet(tmp_path / "всё.xlsx", "Компании")) == 1 + 4  # with the store's own member


def test_a_folder_that_does_not_exist_is_one_sentence(store, tmp_path):
    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.push_screen(ExportDialog(path=str(tmp_path / "нет" / "файл.xlsx")))
            await settle(pilot)
            await pilot.press("enter")
            await until(pilot, lambda: "error" in app.screen.query_one("#export-message", Static).classes)
            assert "не существует" in str(app.screen.query_one("#export-message", Static).render())

    asyncio.run(scenario())
