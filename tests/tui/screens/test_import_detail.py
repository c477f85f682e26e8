"""Import history: Enter shows what an import did — counts, the companies created and updated
(Enter opens a dossier), rejected rows and warnings; `u` still undoes it after the question. The
wizard's result stops claiming its counts once the import is undone."""

from __future__ import annotations

import asyncio

from textual.widgets import Button, DataTable, Static

from models.entities import Company, ImportBatch
from tests.tui.conftest import screen_text, settle
from tests.tui.screens.conftest import VEKTOR, make_app
from tests.tui.screens.test_import_wizard import message, to_check
from tui.screens.dossier import DossierScreen
from tui.screens.import_detail import ImportDetailScreen
from tui.screens.import_history import ImportHistoryScreen
from tui.screens.import_wizard import ImportWizard
from tui.widgets.confirm import Confirm


def test_enter_shows_the_import_and_u_undoes_it(store, workbook, monkeypatch):
    from importers.apply import import_file

    monkeypatch.setenv("PALATA_USER", "tester")
    import_file(workbook)

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f8")
            await settle(pilot)
            assert isinstance(app.screen, ImportHistoryScreen)
            await pilot.press("enter")
            await settle(pilot)
            detail = app.screen
            assert isinstance(detail, ImportDetailScreen)  # not the undo question
            text = screen_text(app)
            title = str(detail.query_one("#import-title", Static).render())
            assert "создано 2, обновлено 1, повторов 1, без изменений 0, отклонено 1" in title
            assert "Импорт действует" in text
            companies = detail.query_one("#import-companies", DataTable)
            rows = [[str(c) for c in companies.get_row_at(i)] for i in range(companies.row_count)]
            assert sorted(r[0] for r in rows) == ["обновлена", "создана", "создана"]
            assert any("Вектор" in r[1] for r in rows) and any("Ромашка" in r[1] for r in rows)
            updated = next(r for r in rows if r[0] == "обновлена")
            assert "Муромский завод" in updated[1] and "Эл. почта" in updated[2]
            # Enter on a company opens its dossier; Esc comes back here
            vektor = Company.get(Company.inn == VEKTOR)
            companies.move_cursor(row=companies.get_row_index(str(vektor.id)))
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen) and app.screen.company_id == vektor.id
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is detail
            # the rejected row and why; the warning about the duplicate row's dropped value
            await pilot.press("2")
            await settle(pilot)
            rejected = detail.query_one("#import-rejected", DataTable)
            assert rejected.row_count == 1 and str(rejected.get_row_at(0)[0]) == "7"
            assert "контрольная цифра" in str(rejected.get_row_at(0)[1])
            await pilot.press("3")
            await settle(pilot)
            # what the import decided on its own (the totals row it skipped) is kept with it
            assert "строка итогов, пропущена" in screen_text(app)
            # u: the same question as on the list; yes undoes it
            await pilot.press("u")
            await settle(pilot)
            assert isinstance(app.screen, Confirm)
            await pilot.click("#yes")
            await settle(pilot)
            assert isinstance(app.screen, ImportHistoryScreen)
            assert ImportBatch.get().undone_at is not None
            assert "Импорт №1 отменён" in str(app.screen.query_one("#history-message", Static).render())
            await pilot.press("enter")
            await settle(pilot)
            text = screen_text(app)
            assert "Импорт отменён" in text and "больше нет в реестре" in text

    asyncio.run(scenario())


def test_a_finished_wizard_shows_that_its_import_was_undone(store, workbook, monkeypatch):
    monkeypatch.chdir(workbook.parent)
    monkeypatch.setenv("PALATA_USER", "tester")

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            wizard = await to_check(pilot)
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert wizard.step == "done"
            counts = wizard.query_one("#counts", DataTable)
            assert [str(c.label) for c in counts.ordered_columns][1] == "Создано"
            await pilot.press("f8")  # the imports section; the finished wizard stays in its own
            await settle(pilot)
            assert isinstance(app.screen, ImportHistoryScreen)
            await pilot.press("u")
            await settle(pilot)
            await pilot.click("#yes")
            await settle(pilot)
            await pilot.press("f7")  # back to the import section, as it was left
            await settle(pilot)
            assert isinstance(app.screen, ImportWizard)
            assert "отменён" in message(app) and "больше не действуют" in message(app)
            assert [str(c.label) for c in counts.ordered_columns][1] == "Было создано"
            assert wizard.query_one("#next", Button).display  # it can still be closed

    asyncio.run(scenario())


def test_the_warnings_of_an_import_are_kept_with_it(store, tmp_path, monkeypatch):
    from importers.apply import import_file
    from tests.importers.xlfixtures import write_xlsx
    from tests.tui.screens.conftest import ROMASHKA

    monkeypatch.setenv("PALATA_USER", "tester")
    path = write_xlsx(tmp_path / "twice.xlsx", {"Лист1": [
        ["Наименование", "ИНН", "Адрес"],
        ["ООО «Ромашка»", ROMASHKA, "г. Владимир, ул. Мира, 1"],
        ["ООО «Ромашка»", ROMASHKA, "г. Владимир, ул. Мира, 15"]]})
    result = import_file(path)
    assert result.warnings  # the second row's address was dropped

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f8", "enter")
            await settle(pilot)
            await pilot.press("3")
            await settle(pilot)
            text = screen_text(app)
            assert "⚠" in text and "ул. Мира, 15" in text and "Предупреждения (1)" in text

    asyncio.run(scenario())
