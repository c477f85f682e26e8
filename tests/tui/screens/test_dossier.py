"""The dossier screen builds only its open tab as it opens (tui/screens/dossier.py): every other
tab, reached by its number key, a click or after the data changed, still shows its rows; the
screen follows the terminal when it is resized; and a dossier closed is let go of — on both
stores."""

from __future__ import annotations

import asyncio
import gc
import weakref
from datetime import date

from models import store
from models.entities import Activity, Company, Contact
from tests.tui.conftest import make_app, screen_text, settle
from tui.screens.companies import CompaniesScreen
from tui.screens.dossier import DossierScreen
from tui.widgets.tabs import TabStrip


def _company() -> int:
    company: int = store.create(Company, {"short_name": "Ковровский завод", "legal_form": "АО",
                                          "city": "Ковров"}, user="ivanova")
    store.create(Contact, {"company": company, "name": "Мартынов Олег", "position": "директор",
                           "phones": "+7 900 111-22-33"}, user="ivanova")
    store.create(Activity, {"company": company, "kind": "call", "text": "Звонок о поставке труб",
                            "happened_on": date(2025, 11, 3), "author": "ivanova"}, user="ivanova")
    return company


def test_each_tab_shows_its_rows_when_first_opened(both_backends, store_location):
    company = _company()

    async def scenario():
        app = make_app(store_location)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.open_dossier(company)
            await settle(pilot)
            assert isinstance(app.screen, DossierScreen)
            text = screen_text(app)
            assert "Ковровский завод" in text and "Ковров" in text  # the card, in its first frame
            assert "Мартынов Олег" not in text
            await pilot.press("2")  # contacts, never shown before
            await settle(pilot)
            assert "Мартынов Олег" in screen_text(app) and "+7 900 111-22-33" in screen_text(app)
            strip = app.screen.query_one(TabStrip)
            await pilot.click(TabStrip, offset=(strip.column_of("timeline") + 1, 0))  # clicked, not keyed
            await settle(pilot)
            assert app.screen.query_one("#dossier-tabs").active == "timeline"
            assert "Звонок о поставке труб" in screen_text(app)

            # the data changes: the tab on screen and a tab opened afterwards both show it
            store.create(Activity, {"company": company, "kind": "meeting", "text": "Встреча в Коврове",
                                    "happened_on": date(2025, 11, 20), "author": "ivanova"},
                         user="ivanova")
            store.create(Contact, {"company": company, "name": "Ершова Анна"}, user="ivanova")
            app.screen.data_changed()
            await settle(pilot)
            assert "Встреча в Коврове" in screen_text(app)
            await pilot.press("2")
            await settle(pilot)
            assert "Ершова Анна" in screen_text(app) and "Мартынов Олег" in screen_text(app)
            await pilot.press("1")
            await settle(pilot)
            assert "Ковровский завод" in screen_text(app)

    asyncio.run(scenario())


def test_a_dossier_opened_on_another_tab_and_the_terminal_resized(both_backends, store_location):
    """A dossier rebuilt on its open tab (F3 clones it so) shows that tab's rows; resized, it and
    the list under it are laid out again for the new size."""
    company = _company()

    async def scenario():
        app = make_app(store_location)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.push_screen(DossierScreen(company, tab="contacts"))
            await settle(pilot)
            assert "Мартынов Олег" in screen_text(app)
            assert "«1Карточка" not in screen_text(app)
            narrow = screen_text(app)
            assert "1 Карточка" not in narrow  # eight tabs in 80 columns: numbers lit, no space
            await pilot.resize_terminal(160, 48)
            await settle(pilot)
            wide = screen_text(app).splitlines()
            assert len(wide) == 48 and len(wide[0]) == 160
            assert "1 Карточка" in "\n".join(wide) and "Мартынов Олег" in "\n".join(wide)
            assert app.screen.size == (160, 48)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, CompaniesScreen) and app.screen.size == (160, 48)
            assert "Ковровский завод" in screen_text(app)

    asyncio.run(scenario())


def test_closed_dossiers_are_let_go_of(both_backends, store_location):
    """Each dossier opened and closed is freed, its widgets and what they painted with it (the
    data signal held every screen that had listened to it until the data next changed); Textual
    itself keeps the last one for a while (its finished loader)."""
    company = _company()

    async def scenario():
        app = make_app(store_location)
        closed = []
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            for _ in range(3):
                app.open_dossier(company)
                await settle(pilot)
                assert isinstance(app.screen, DossierScreen) and app.screen.dossier is not None
                closed.append(weakref.ref(app.screen))
                await pilot.press("escape")
                await settle(pilot)
            gc.unfreeze()  # what the app froze after its last quiet collection (tui/quiet_gc.py)
            gc.collect()
            assert closed[0]() is None and closed[1]() is None
            # a dossier open now still hears that the data changed (another user's edit)
            app.open_dossier(company)
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            store.create(Contact, {"company": company, "name": "Ершова Анна"}, user="petrov")
            app.data_signal.publish((1, 1))
            await settle(pilot)
            assert "Ершова Анна" in screen_text(app)

    asyncio.run(scenario())
