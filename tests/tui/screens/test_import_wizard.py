"""The import wizard through Pilot on a messy workbook: file, sheet, columns, dry run, import,
result; cancel at every step leaves the database as it was; undo from the import history."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Select, Static

from models.entities import Company, Contact, ImportBatch
from tests.tui.conftest import settle
from tests.tui.screens.conftest import ROMASHKA, VEKTOR, ZAVOD, make_app
from tui.screens.import_history import ImportHistoryScreen
from tui.screens.import_wizard import ImportWizard
from tui.widgets.confirm import Confirm
from tui.widgets.path_input import PathInput, complete


async def until(pilot, condition, deadline: float = 10.0) -> None:
    """Pause the pilot until `condition()` holds (a thread of the app has to get there)."""
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("the condition did not hold in time")
        await pilot.pause(0.02)


def message(app) -> str:
    return str(app.screen.query_one("#wizard-message", Static).render())


def untouched() -> bool:
    return (ImportBatch.select().count() == 0 and Company.select().count() == 1
            and Company.get(Company.inn == ZAVOD).phones is None)


async def open_wizard(pilot) -> ImportWizard:
    await settle(pilot)
    await pilot.press("f7")
    await settle(pilot)
    wizard = pilot.app.screen
    assert isinstance(wizard, ImportWizard)
    return wizard


async def to_columns(pilot) -> ImportWizard:
    wizard = await open_wizard(pilot)
    await pilot.press("р", "е")
    await until(pilot, lambda: wizard.query_one(PathInput)._suggestion == "реестр.xlsx")
    await pilot.press("tab")  # takes the completion
    assert wizard.query_one(PathInput).value == "реестр.xlsx"
    await pilot.press("enter")
    await settle(pilot)
    assert wizard.step == "columns", message(pilot.app)
    return wizard


async def to_check(pilot) -> ImportWizard:
    wizard = await to_columns(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    assert wizard.step == "check", message(pilot.app)
    return wizard


def test_complete_finds_folders_and_workbooks(tmp_path: Path):
    (tmp_path / "Отчёты").mkdir()
    (tmp_path / "реестр.xlsx").write_bytes(b"")
    (tmp_path / "реестр.txt").write_text("")
    suffixes = (".xlsx",)
    assert complete(f"{tmp_path}/От", suffixes) == f"{tmp_path}/Отчёты/"
    assert complete(f"{tmp_path}/р", suffixes) == f"{tmp_path}/реестр.xlsx"
    assert complete(f"{tmp_path}/реестр.t", suffixes) is None
    assert complete(f"{tmp_path}/nothing", suffixes) is None


def test_the_whole_import_and_its_undo(store, workbook, monkeypatch, as_user):
    monkeypatch.chdir(workbook.parent)
    as_user("tester")

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            wizard = await to_columns(pilot)
            # the data sheet is guessed behind the instruction sheet; the header under the titles
            assert wizard.query_one("#sheet", Select).value == "Реестр"
            assert "строка 4" in str(wizard.query_one("#header-at", Static).render())
            fields = {c.title: c.field for c in wizard.columns}
            assert fields["ИНН/КПП"] == "inn_kpp" and fields["№ п/п"] == "skip"
            assert fields["Ответственный"] == "skip"
            preview = wizard.query_one("#preview", DataTable)
            assert str(preview.get_row_at(0)[1]) == "ООО «Ромашка»"

            # "Ответственный" goes to the tags; then "Контактное лицо" takes the name, and the
            # name column it held before is skipped; put it back
            wizard.query_one("#map-7", Select).value = "tags"
            await pilot.pause()
            assert wizard.mapping()["ответственный"] == "tags"
            wizard.query_one("#map-6", Select).value = "short_name"
            await pilot.pause()
            assert {c.index: c.field for c in wizard.columns}[1] == "skip"
            assert "Наименование" in message(app)
            wizard.query_one("#map-6", Select).value = "contact_name"
            wizard.query_one("#map-1", Select).value = "short_name"
            await pilot.pause()

            await pilot.press("ctrl+n")
            await settle(pilot)
            assert wizard.step == "check", message(app)
            counts = wizard.query_one("#counts", DataTable)
            shown = {key.value: str(counts.get_cell_at((0, i)))
                     for i, key in enumerate(c.key for c in counts.ordered_columns)}
            assert shown == {"rows_read": "5", "created": "2", "updated": "1", "merged": "1",
                             "unchanged": "0", "rejected": "1"}
            rejections = wizard.query_one("#rejections", DataTable)
            assert rejections.row_count == 2  # the rejected row, and the totals row skipped
            assert str(rejections.get_row_at(0)[0]) == "7"
            assert "контрольная цифра" in str(rejections.get_row_at(0)[1])
            assert str(rejections.get_row_at(1)[0]) == "10"
            assert "строка итогов" in str(rejections.get_row_at(1)[1])
            assert untouched()  # a dry run writes nothing

            await pilot.press("ctrl+n")
            await settle(pilot)
            assert wizard.step == "done", message(app)
            assert "Импорт №1" in message(app)
            batch = ImportBatch.get()
            assert (batch.created, batch.updated, batch.merged, batch.rejected) == (2, 1, 1, 1)
            romashka = Company.get(Company.inn == ROMASHKA)
            assert romashka.kpp == "332801001" and romashka.tags == "Петрова"
            assert "32-11-11" in romashka.phones.replace(" ", "")  # from the duplicate row
            assert Contact.get(Contact.company == romashka.id).name == "Иванов Иван Иванович"
            assert Company.get(Company.inn == VEKTOR).city == "Ковров"
            assert Company.get(Company.inn == ZAVOD).emails == "zavod@murom.ru"

            # the result links to the history; undo the import from there
            await pilot.click("#history")
            await settle(pilot)
            history = app.screen
            assert isinstance(history, ImportHistoryScreen)
            table = history.query_one(DataTable)
            assert table.row_count == 1 and str(table.get_row_at(0)[3]) == "реестр.xlsx"
            await pilot.press("u")
            await settle(pilot)
            assert isinstance(app.screen, Confirm)
            await pilot.press("escape")  # No: nothing happens
            await settle(pilot)
            assert ImportBatch.get().undone_at is None
            await pilot.press("u")
            await settle(pilot)
            await pilot.click("#yes")
            await settle(pilot)
            assert app.screen is history
            shown = str(history.query_one("#history-message", Static).render())
            assert "Импорт №1 отменён" in shown
            assert Company.select().count() == 1
            assert Company.get(Company.inn == ZAVOD).emails is None
            assert str(table.get_row_at(0)[7]) != ""  # the undone column
            await pilot.press("u")  # a second undo is refused in a sentence
            await settle(pilot)
            assert "уже отменён" in str(history.query_one("#history-message", Static).render())

    asyncio.run(scenario())


def test_a_refused_undo_shows_its_sentence(store, workbook, as_user):
    from importers.apply import import_file
    from models import store as write

    as_user("tester")
    import_file(workbook)
    vektor = Company.get(Company.inn == VEKTOR)
    write.update(Company, vektor.id, vektor.version, {"city": "Гусь-Хрустальный"}, user="colleague")

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f8")
            await settle(pilot)
            await pilot.press("u")
            await settle(pilot)
            await pilot.click("#yes")
            await settle(pilot)
            shown = str(app.screen.query_one("#history-message", Static).render())
            assert "нельзя отменить" in shown and "Вектор" in shown
            assert "Traceback" not in shown
            assert ImportBatch.get().undone_at is None

    asyncio.run(scenario())


@pytest.mark.parametrize("step", ["file", "columns", "check"])
def test_cancel_at_each_step_leaves_the_database_untouched(step, store, workbook, monkeypatch):
    monkeypatch.chdir(workbook.parent)

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            go = {"file": open_wizard, "columns": to_columns, "check": to_check}[step]
            await go(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, ImportWizard)
            assert untouched()

    asyncio.run(scenario())


def test_cancel_while_importing_rolls_back(store, workbook, monkeypatch):
    """Escape during the run: the import stops at its next progress report, inside the
    transaction, and nothing of it stays."""
    import importers.apply as apply

    monkeypatch.chdir(workbook.parent)
    real = apply.import_file
    writing, go_on = threading.Event(), threading.Event()

    def held(*args, progress=None, **kwargs):
        def report(stage, done, total):
            if stage == "write" and not writing.is_set():
                writing.set()  # the first companies are written, the transaction is open
                go_on.wait(10)
            progress(stage, done, total)

        return real(*args, progress=report if progress else None, **kwargs)

    monkeypatch.setattr(apply, "import_file", held)

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            wizard = await to_check(pilot)
            await pilot.press("ctrl+n")
            await until(pilot, writing.is_set)
            assert wizard.step == "run"
            await pilot.press("escape")
            assert "Отменяю" in message(app)
            go_on.set()
            await until(pilot, lambda: not wizard.running)
            await settle(pilot)
            assert "Импорт отменён" in message(app)
            assert wizard.step == "check"
            assert untouched()

    asyncio.run(scenario())


def test_an_unreadable_file_is_one_sentence(store, tmp_path, monkeypatch):
    (tmp_path / "отчёт.xlsx").write_text("это не книга Excel")
    monkeypatch.chdir(tmp_path)

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            wizard = await open_wizard(pilot)
            await pilot.press("enter")  # nothing typed yet
            assert "Укажите файл" in message(app)
            wizard.query_one(PathInput).value = "отчёт.xlsx"
            await pilot.press("enter")
            await settle(pilot)
            assert wizard.step == "file"
            shown = message(app)
            assert "не является книгой Excel" in shown and "\n" not in shown.strip()
            wizard.query_one(PathInput).value = "нет-такого.xlsx"
            await pilot.press("enter")
            await settle(pilot)
            assert "не найден" in message(app)
            assert untouched()

    asyncio.run(scenario())


def test_a_sheet_without_header_says_so_and_another_can_be_chosen(store, workbook, monkeypatch):
    monkeypatch.chdir(workbook.parent)

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            wizard = await to_columns(pilot)
            wizard.query_one("#sheet", Select).value = "Инструкция"
            await settle(pilot)
            assert "Не найдена строка заголовка" in message(app)
            assert wizard.query_one("#next", Button).display
            wizard.query_one("#sheet", Select).value = "Реестр"
            await settle(pilot)
            assert wizard.preview_data is not None and wizard.preview_data.sheet == "Реестр"

    asyncio.run(scenario())


def test_the_palette_offers_import_history_and_export(store):
    from tui.commands import PalataCommands

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            titles = {title: callback for title, _, callback in PalataCommands(app.screen)._commands()}
            assert {"Импорт из Excel", "История импортов", "Экспорт в Excel"} <= set(titles)
            await titles["История импортов"]()  # app.run_action
            await settle(pilot)
            assert isinstance(app.screen, ImportHistoryScreen)
            assert "Импортов ещё не было" in str(app.screen.query_one("#history-detail", Static).render())

    asyncio.run(scenario())


def test_a_bug_is_one_sentence_and_leaves_the_database_alone(store, workbook, monkeypatch):
    import importers.apply as apply

    monkeypatch.chdir(workbook.parent)
    monkeypatch.setattr("tui.crash.log_crash", lambda exc=None: "palata-errors.log")

    def broken(*args, **kwargs):
        raise KeyError("oops")

    async def scenario():
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            wizard = await to_columns(pilot)
            monkeypatch.setattr(apply, "import_file", broken)
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert wizard.step == "columns"
            assert message(app) == ("Внутренняя ошибка Palata (KeyError); подробности записаны в "
                                    "palata-errors.log.")
            assert untouched()

    asyncio.run(scenario())


def test_the_steps_talk_through_the_state_not_to_each_other():
    """Each step of the wizard is its own module; none imports another step (they share the
    `WizardState` and tell the coordinator in messages), and the coordinator is the one that
    knows them all."""
    import ast
    import importlib

    package = importlib.import_module("tui.screens.import_wizard")
    folder = Path(package.__file__).parent
    steps = {"file_step", "columns_step", "check_step", "run_step"}
    assert steps <= {p.stem for p in folder.glob("*.py")}

    def imported(stem: str) -> set[str]:
        tree = ast.parse((folder / f"{stem}.py").read_text())
        return {node.module.rsplit(".", 1)[-1] for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module
                and node.module.startswith("tui.screens.import_wizard.")}

    for step in steps:
        assert imported(step) <= {"state"}, step
    assert steps <= imported("wizard")
