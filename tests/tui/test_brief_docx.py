"""The briefing to print: `palata brief NAME --out FILE.docx` and Ctrl+O on the briefing screen
write an A4 Word document that python-docx reads back — the chamber's name on top, the headings,
the contacts table, the matches and the open follow-ups; Markdown stays as it was."""

from __future__ import annotations

import asyncio
from datetime import date

import docx
from textual.widgets import Input

from models import settings, store
from models.db import close_database, open_database
from models.entities import Activity, Contact
from tests.conftest import run_palata
from tests.models.report_register import make_known_register
from tests.tui.conftest import make_app, screen_text, settle, wait_for_text

CHAMBER = "Владимирская торгово-промышленная палата"


def _tables(document) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]


def test_brief_docx_on_both_stores(store_location, tmp_path):
    db = open_database(store_location)
    ids = make_known_register(db)
    settings.put("name", CHAMBER)
    store.create(Contact, {"company": ids["A"], "name": "Альфин Антон", "position": "директор",
                           "phones": "+7 900 000-00-01", "is_primary": True})
    store.create(Activity, {"company": ids["A"], "kind": "call", "text": "перезвонить о трубах",
                            "happened_on": date(2026, 1, 5), "due_on": date(2026, 2, 1), "author": "ivanova"})
    close_database()
    out = tmp_path / "справка.docx"
    result = run_palata("--db", store_location, "brief", "Альфа", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"Справка записана: {out}" in result.stdout
    document = docx.Document(str(out))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.header.paragraphs[0].text == CHAMBER
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Альфа, ООО")
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == ["Кому звонить", "Что покупают и продают", "Кто из наших подходит (члены палаты)",
                        "Партнёры вне палаты (за рубежом и не члены)", "Миссии и встречи с нами",
                        "Соглашения", "Открытые поручения"]
    # the Belarusian partner sells the pipes Альфа buys: a match outside the chamber
    bullets = [text for style, text in paragraphs if style == "List Bullet"]
    assert any("Белпартнёр, ООО" in b and "трубы стальные бесшовные" in b for b in bullets)
    contacts, todo = _tables(document)
    assert contacts[0] == ["ФИО", "Должность", "Телефоны", "Эл. почта"]
    assert contacts[1][:3] == ["Альфин Антон (основной контакт)", "директор", "+7 900 000-00-01"]
    assert ["01.02.2026", "звонок: перезвонить о трубах", "ivanova"] in todo
    assert paragraphs[-1] == ("Normal", f"Справка подготовлена: {CHAMBER}")
    markdown = tmp_path / "справка.md"
    assert run_palata("--db", store_location, "brief", "Альфа", "--out", str(markdown)).returncode == 0
    assert markdown.read_text(encoding="utf-8").startswith("# Альфа, ООО\n")


def test_ctrl_o_on_the_briefing_writes_the_docx(app_db, tmp_path):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.open_briefing(5)
            await settle(pilot)
            await pilot.press("ctrl+o")
            await settle(pilot)
            shown = screen_text(app)
            assert "Справка для печати (Word, A4)" in shown and "Куда записать (.docx)" in shown
            path = app.screen.query_one("#export-path", Input)
            path.value = str(tmp_path / "brief.xlsx")
            path.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert "должен иметь расширение .docx" in screen_text(app)
            out = tmp_path / "brief.docx"
            path.value = str(out)
            await pilot.press("enter")
            await wait_for_text(pilot, "Справка записана:", deadline=20)
            assert docx.Document(str(out)).paragraphs[0].style.name == "Title"
    asyncio.run(scenario())
