"""The reports screen through Pilot on the sample: F11 opens it on this year, the period changes
by typing dates or by a key, Enter on a row opens the companies behind it, Ctrl+O writes the
workbook."""

from __future__ import annotations

import asyncio
from datetime import date

import openpyxl
from textual.widgets import DataTable, Input

from models.reports import Period
from tests.tui.conftest import make_app, screen_text, settle, wait_for_text
from tui.screens.behind import BehindScreen
from tui.screens.dossier import DossierScreen
from tui.screens.reports import ReportsScreen
from tui.widgets.tabs import Tabbed


def _row(screen, section: str, label: str) -> int:
    return next(n for n, line in enumerate(screen.lines[section]) if line.label.strip().startswith(label))


async def _reports(pilot, section: str | None = None) -> ReportsScreen:
    """F11 once the app has settled: the reports screen, on the tab of the `section` key if given."""
    await settle(pilot)
    await pilot.press("f11")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReportsScreen)
    if section is not None:
        await pilot.press(section)
        await settle(pilot)
    return screen


def test_f11_opens_this_year_and_a_typed_period_shows_december_2025(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _reports(pilot)
            assert screen.period == Period.year(date.today().year)
            assert f"Палата в цифрах за {date.today().year} год" in screen_text(app)
            screen.query_one("#from", Input).value = "01.12.2025"
            screen.query_one("#to", Input).value = "31.12.2025"
            screen.query_one("#to", Input).focus()
            await pilot.press("enter")
            await settle(pilot)
            assert screen.period == Period(date(2025, 12, 1), date(2025, 12, 31))
            await pilot.press("4")
            await settle(pilot)
            shown = screen_text(app)
            assert "Палата в цифрах за 01–31.12.2025" in shown
            assert "входящая делегация" in shown
            visit = next(x for x in screen.report.missions.missions if "Минского отделения" in x.title)
            assert (visit.with_events.meetings, visit.signed) == (6, ("nda", "cooperation"))
    asyncio.run(scenario())


def test_enter_on_a_row_opens_the_companies_behind_it_and_then_a_dossier(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _reports(pilot)
            await pilot.press("left_square_bracket")  # a year back
            await settle(pilot)
            assert screen.period == Period.year(date.today().year - 1)
            await pilot.press("х", "ъ")  # the same keys in the Russian layout: back, and forward again
            await settle(pilot)
            assert screen.period == Period.year(date.today().year - 1)
            await pilot.press("2")  # places and industries
            await settle(pilot)
            assert screen.query_one(Tabbed).active == "places"
            table = screen.query_one("#table-places", DataTable)
            row = _row(screen, "places", "Ковров")
            expected = screen.lines["places"][row].count
            table.move_cursor(row=row)
            await pilot.press("enter")
            await settle(pilot)
            behind = app.screen
            assert isinstance(behind, BehindScreen)
            assert f"Ковров: {expected} " in screen_text(app)
            assert len(behind.companies) == expected
            assert {c.city for c in behind.companies} == {"Ковров"}
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)
            assert app.screen.company_id == behind.companies[0].id
    asyncio.run(scenario())


def test_dues_to_chase_and_the_workbook_from_the_screen(app_db, tmp_path):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _reports(pilot, "3")  # dues
            first = screen.report.dues.debtors[0]
            screen.query_one("#table-dues", DataTable).move_cursor(row=_row(screen, "dues", first.name))
            await settle(pilot)
            shown = screen_text(app)
            assert "Кому звонить (дней просрочки)" in shown
            assert first.name in shown and first.phone in shown
            await pilot.press("ctrl+o")
            await settle(pilot)
            out = tmp_path / "отчёт.xlsx"
            path = app.screen.query_one("#export-path", Input)
            path.value = str(out)
            path.focus()
            await pilot.press("enter")
            await wait_for_text(pilot, "Отчёт за", deadline=20)
            assert openpyxl.load_workbook(out).sheetnames[:2] == ["Члены палаты", "Районы и отрасли"]
    asyncio.run(scenario())


def test_chase_the_debtors_from_the_dues_section_and_undo(app_db):
    from models.entities import Activity

    def chased() -> int:
        return Activity.select().where(Activity.text == "Позвонить: взносы не оплачены").count()

    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _reports(pilot, "3")  # dues
            debtors = len(screen.report.dues.debtors)
            assert debtors > 0 and chased() == 0
            await pilot.press("с")  # the Russian layout's twin of c
            await settle(pilot)
            assert f"{debtors} компани" in screen_text(app)
            await pilot.press("enter")  # «Поставить поручения»
            await wait_for_text(pilot, f"Поставлено {debtors} поручени", deadline=20)
            assert chased() == debtors
            await pilot.press("г")  # u
            await wait_for_text(pilot, f"Отменено {debtors} поручени", deadline=20)
            assert chased() == 0
    asyncio.run(scenario())


def test_the_palette_offers_the_report_and_its_actions(app_db):
    from textual.command import CommandPalette

    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await settle(pilot)
            assert CommandPalette.is_open(app)
            await pilot.press(*"Отчёты")
            await wait_for_text(pilot, "Отчёты: палата в цифрах")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ReportsScreen)
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"Взносы")
            await wait_for_text(pilot, "Отчёт: Взносы")
            await settle(pilot)
            await pilot.press("down", "enter")
            await settle(pilot)
            assert app.screen.active_section() == "dues"
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"должникам")
            await wait_for_text(pilot, "Поручить звонки должникам")
    asyncio.run(scenario())
