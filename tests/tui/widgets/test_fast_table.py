"""FastTable paints, segment for segment, what Textual's DataTable paints for the same rows: its
short cuts (rows added at once, styles looked up once a paint, cells from cached lines) change
the cost, never the picture, the cursor, the zebra stripes or where a click lands."""

from __future__ import annotations

import asyncio

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import DataTable
from textual.widgets._data_table import DuplicateKey

from tui.widgets.fast_table import FastTable

COLUMNS = (("Название", 24), ("ИНН", 12), ("Город", 14))
ROWS = [(str(n), [Text(f"ООО «Хлеб {n}»\x1b"), Text(str(3300000000 + n)), Text("Владимир" if n % 2 else "")])
        for n in range(40)]


class OneTable(App):
    def __init__(self, table: DataTable) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        yield self.table


async def _painted(table: DataTable, fill, cursor: int, theme: str = "textual-dark") -> list[list]:
    app = OneTable(table)
    async with app.run_test(size=(70, 12)) as pilot:
        app.theme = theme
        for title, width in COLUMNS:
            table.add_column(title, width=width, key=title)
        fill(table)
        table.move_cursor(row=cursor)
        await pilot.pause()
        strips = table.render_lines(Region(0, 0, 70, 12))
        return [[(s.text, s.style) for s in strip] for strip in strips]


def _one_by_one(table: DataTable) -> None:
    for key, cells in ROWS:
        table.add_row(*cells, key=key)


def _at_once(table: DataTable) -> None:
    assert isinstance(table, FastTable)
    table.replace_rows(ROWS[:5])  # replaced: nothing of these may be left
    table.replace_rows(ROWS[:20])
    table.append_rows(ROWS[20:])


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_the_fast_table_paints_what_datatable_paints(theme):
    kwargs = {"cursor_type": "row", "zebra_stripes": True}
    expected = asyncio.run(_painted(DataTable(**kwargs), _one_by_one, cursor=3, theme=theme))
    fast = asyncio.run(_painted(FastTable(**kwargs), _at_once, cursor=3, theme=theme))
    assert fast == expected
    texts = ["".join(text for text, _ in line) for line in fast]
    assert "ООО «Хлеб 0»" in texts[1] and "3300000010" in texts[11]
    # the cursor's row is styled unlike its neighbours, and a click there says which row it is
    styles = {style for text, style in fast[4] if text.strip()}
    assert styles.isdisjoint({style for text, style in fast[3] if text.strip()})
    assert all(style.meta.get("row") == 3 for text, style in fast[4] if text.strip())


def test_rows_added_at_once_are_the_tables_rows_with_a_cursor():
    async def scenario() -> None:
        table = FastTable(cursor_type="row")
        async with OneTable(table).run_test(size=(70, 12)) as pilot:
            for title, width in COLUMNS:
                table.add_column(title, width=width, key=title)
            table.append_rows(ROWS[:3])
            await pilot.pause()
            assert table.row_count == 3 and table.get_row_at(2)[1].plain == "3300000002"
            assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == "0"
            with pytest.raises(DuplicateKey):
                table.append_rows([ROWS[3], ROWS[1], ROWS[4]])
            assert table.row_count == 4 and table.get_row_at(3)[1].plain == "3300000003"

    asyncio.run(scenario())


def test_the_scrollbar_follows_a_refill_with_fewer_rows():
    """A refill that changes only the number of rows lays out no screen, yet the scrollbar must
    tell the new length, and go when every row fits."""
    async def scenario() -> None:
        table = FastTable(cursor_type="row")
        table.styles.height = "1fr"  # as the app's tables: the box does not follow the rows
        async with OneTable(table).run_test(size=(70, 12)) as pilot:
            for title, width in COLUMNS:
                table.add_column(title, width=width, key=title)
            table.replace_rows(ROWS)
            await pilot.pause()
            assert table.show_vertical_scrollbar
            assert table.vertical_scrollbar.window_virtual_size == len(ROWS) + 1  # and the header
            table.replace_rows(ROWS[:25])
            await pilot.pause()
            assert table.vertical_scrollbar.window_virtual_size == 26
            assert table.max_scroll_y == 26 - 12
            table.replace_rows(ROWS[:3])
            await pilot.pause()
            assert not table.show_vertical_scrollbar and table.max_scroll_y == 0

    asyncio.run(scenario())
