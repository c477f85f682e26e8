"""The duplicates screen and the side-by-side merge through Pilot."""

from __future__ import annotations

import asyncio
import shutil
from datetime import datetime

import pytest
from textual.widgets import DataTable

from models.db import close_database, open_database
from models.entities import Company, Contact
from models.merge import Merge
from tests.models.duplicates_support import company, without_sample_duplicates
from tests.tui.conftest import make_app, screen_text, settle, wait_for_text
from tui.i18n import set_language
from tui.screens.duplicates import DuplicatesScreen
from tui.screens.merge import MergeScreen
from tui.widgets.confirm import Confirm


@pytest.fixture
def dup_db(sample_db, tmp_path):
    path = tmp_path / "app.db"
    shutil.copy(sample_db, path)
    open_database(path)
    set_language("ru")
    without_sample_duplicates()
    original = Company.select().where(Company.inn.is_null(False) & Company.city.is_null(False)) \
        .order_by(Company.id).first()
    # The twin is the newer record (the merge's default takes the most recently updated values);
    # timestamps have whole seconds, so the original is made plainly older.
    Company.update(updated_at=datetime(2020, 1, 1)).where(Company.id == original.id).execute()
    twin = company(f"ООО «{original.short_name}»", city=original.city, address="ул. Новая, 1",
                   phones="+7 4922 00-11-22")
    Contact.create(company=twin, name="Сидоров", version=1, is_primary=False)
    yield path, original.id, twin
    close_database()
    set_language("ru")


def test_duplicates_screen_and_merge_with_a_choice(dup_db):
    asyncio.run(_merge_with_a_choice(dup_db))


async def _merge_with_a_choice(dup_db):
    path, original, twin = dup_db
    app = make_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, DuplicatesScreen)
        await wait_for_text(pilot, "Групп: 1")
        text = screen_text(app)
        assert "высокая" in text and "название и город" in text
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MergeScreen)
        assert screen.keep == original and screen.others == [twin]
        text = screen_text(app)
        assert "★" in text and "Итог" in text and "ул. Новая, 1" in text
        table = screen.query_one(DataTable)
        # take the twin's name: the cursor on the name row, in the twin's column
        table.move_cursor(row=table.get_row_index("short_name"), column=2)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.choices == {"short_name": twin}
        assert screen.fields["short_name"].value.startswith("ООО «")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DuplicatesScreen)
        await wait_for_text(pilot, "Вероятных дубликатов не найдено")
    merge = Merge.get()
    assert (merge.keep_id, merge.other_ids) == (original, [twin])
    kept = Company.get_by_id(original)
    assert kept.short_name.startswith("ООО «") and kept.address == "ул. Новая, 1"
    assert Contact.get(Contact.name == "Сидоров").company_id == original
    assert Company.get_by_id(twin).merged_into_id == original


def test_keep_another_company_and_cancel(dup_db):
    asyncio.run(_keep_another_and_cancel(dup_db))


async def _keep_another_and_cancel(dup_db):
    path, original, twin = dup_db
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.run_action("duplicates")
        await settle(pilot)
        await wait_for_text(pilot, "Групп: 1")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        screen.query_one(DataTable).move_cursor(row=0, column=2)
        await pilot.press("k")
        await pilot.pause()
        assert screen.keep == twin and screen.others == [original]
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")  # no to the question
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DuplicatesScreen)
    assert Merge.select().count() == 0
    assert Company.get_by_id(twin).archived_at is None
