"""The tabs of the dossier and the other tabbed screens (tui/widgets/tabs.py), in a small app of
their own: the keys and clicks that switch them, and labels that do not fit the strip."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.tui.conftest import screen_text
from tui.widgets.tabs import Pane, Tabbed, TabStrip

WORDS = {"card": "Карточка", "contacts": "Контакты", "interests": "Интересы", "history": "История"}


class TabsApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.activated: list[str] = []

    def compose(self) -> ComposeResult:
        with Tabbed(WORDS, "card"):
            for name, word in WORDS.items():
                with Pane(id=name):
                    yield Static(f"здесь {word.lower()}")

    def on_tabbed_activated(self, event: Tabbed.Activated) -> None:
        self.activated.append(event.name)


def _lines(app) -> list[str]:
    return screen_text(app).splitlines()


def test_arrows_on_the_strip_and_a_click_switch_the_shown_pane():
    async def scenario():
        app = TabsApp()
        async with app.run_test(size=(80, 10)) as pilot:
            assert _lines(app)[0].split() == ["1", "Карточка", "2", "Контакты", "3", "Интересы",
                                              "4", "История"]
            assert "здесь карточка" in screen_text(app) and "здесь контакты" not in screen_text(app)
            assert app.focused is app.query_one(TabStrip)  # the first to take the focus
            await pilot.press("right")
            assert "здесь контакты" in screen_text(app) and "здесь карточка" not in screen_text(app)
            await pilot.press("left", "left")  # past the first: the last
            assert "здесь история" in screen_text(app)
            strip = app.query_one(TabStrip)
            await pilot.click(TabStrip, offset=(strip.column_of("interests") + 2, 0))
            assert app.query_one(Tabbed).active == "interests"
            assert "здесь интересы" in screen_text(app)
            app.query_one(Tabbed).active = "card"  # as a screen's digit key sets it
            await pilot.pause()
            assert "здесь карточка" in screen_text(app)
            assert app.activated == ["contacts", "card", "history", "interests", "card"]

    asyncio.run(scenario())


def test_the_underline_lies_under_the_active_label():
    async def scenario():
        app = TabsApp()
        async with app.run_test(size=(80, 10)) as pilot:
            app.query_one(Tabbed).active = "interests"
            await pilot.pause()
            labels, bar = _lines(app)[:2]
            start = labels.index("3 Интересы")
            lit = bar[start:start + len("3 Интересы")]
            assert set(lit) == {"━"}  # the lit part is drawn whole under the label …
            assert "╸" in bar[:start] and "╺" in bar[start + len("3 Интересы"):]  # … between its ends

    asyncio.run(scenario())


def test_labels_that_do_not_fit_put_the_word_right_after_its_number():
    async def scenario():
        app = TabsApp()
        async with app.run_test(size=(44, 10)):  # 47 columns wide, 40 narrow
            assert _lines(app)[0].rstrip() == " 1Карточка 2Контакты 3Интересы 4История"

    asyncio.run(scenario())


def test_a_strip_narrower_than_its_labels_keeps_the_active_one_in_sight():
    async def scenario():
        app = TabsApp()
        async with app.run_test(size=(24, 10)) as pilot:
            app.query_one(Tabbed).active = "history"
            await pilot.pause()
            assert _lines(app)[0].endswith("4История")
            assert "здесь история" in screen_text(app)

    asyncio.run(scenario())
