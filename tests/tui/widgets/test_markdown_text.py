"""Markdown in one widget (tui/widgets/markdown_text.py), as the briefing and a mission's story
show it: rendered, not shown as its marks, and in the colours of the theme in use."""

from __future__ import annotations

import asyncio

from rich.color import Color
from textual.app import App, ComposeResult
from textual.geometry import Region

from tests.tui.conftest import screen_text
from tui.widgets.markdown_text import MarkdownText

TEXT = "# Ставровский парк\n\n## Кому звонить\n\n- Дьячков **Олег**\n    - внутренний пункт\n"


class MarkdownApp(App):
    def compose(self) -> ComposeResult:
        yield MarkdownText(TEXT)


def _colour_of(app, word: str) -> Color | None:
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            if word in segment.text and segment.style is not None:
                return segment.style.color
    raise AssertionError(f"{word!r} is not on the screen")


def _theme_colour(app, variable: str) -> Color:
    return Color.parse(app.theme_variables[variable])


def test_markdown_is_rendered_not_shown_as_its_marks():
    async def scenario():
        app = MarkdownApp()
        async with app.run_test(size=(60, 12)):
            text = screen_text(app)
            assert "Кому звонить" in text and "Дьячков Олег" in text and "внутренний пункт" in text
            assert "#" not in text and "**" not in text and "- " not in text
            assert app.query_one(MarkdownText).markdown == TEXT

    asyncio.run(scenario())


def test_headings_take_the_colours_of_the_theme_in_use():
    async def scenario():
        app = MarkdownApp()
        async with app.run_test(size=(60, 12)) as pilot:
            assert _colour_of(app, "Кому звонить") == _theme_colour(app, "markdown-h2-color")
            first = _colour_of(app, "Кому звонить")
            app.theme = "textual-light"
            await pilot.pause()
            assert _colour_of(app, "Кому звонить") == _theme_colour(app, "markdown-h2-color") != first

    asyncio.run(scenario())


def test_a_longer_text_painted_once_at_the_old_height_still_shows_whole():
    # The briefing is shown into a widget one line high (its heading, before the rest is read);
    # a frame painted at that height before the layout for the new text, as a busy machine may
    # paint it, must not leave the widget one line high with the rest of the text lost.
    async def scenario():
        app = MarkdownApp()
        async with app.run_test(size=(60, 24)) as pilot:
            widget = app.query_one(MarkdownText)
            widget.show("Ставровский парк")
            await pilot.pause()
            assert widget.size.height == 1
            widget.show(TEXT)
            widget.render_lines(Region(0, 0, widget.size.width, 1))  # painted before its layout
            await pilot.pause()
            assert widget.size.height > 4
            assert "внутренний пункт" in screen_text(app)

    asyncio.run(scenario())
