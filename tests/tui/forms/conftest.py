"""A small register written through the store (fast to build, the same every time) and helpers
to drive the forms through Pilot."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Select, TextArea

from models import store
from models.db import close_database, open_database
from models.entities import Activity, Company, Contact, Interest, Mission, Participation
from models.identifiers import make_inn, make_ogrn
from tests.tui.conftest import settle as settle_app
from tui.app import PalataApp
from tui.i18n import set_language

INN_VLAD = make_inn("332700001")
INN_KOVROV = make_inn("330500002")
INN_NEW = make_inn("332900003")
OGRN_VLAD = make_ogrn("102330000001")


@pytest.fixture
def forms_db(tmp_path, as_user):
    """A fresh store with three companies, a contact, an interest, a mission and a follow-up."""
    as_user("ivanova")
    path = tmp_path / "forms.db"
    open_database(path)
    set_language("ru")
    ids = {}
    ids["vlad"] = store.create(Company, {
        "short_name": "Владимирский тракторный завод", "legal_form": "АО", "inn": INN_VLAD,
        "ogrn": OGRN_VLAD, "city": "Владимир", "member_status": "active",
        "phones": "+7 4922 12-34-56"})
    ids["kovrov"] = store.create(Company, {
        "short_name": "Ковровские трубы", "legal_form": "ООО", "inn": INN_KOVROV,
        "city": "Ковров", "member_status": "active"})
    ids["minsk"] = store.create(Company, {
        "short_name": "Минский автозавод", "legal_form": "ОАО", "country": "Беларусь",
        "city": "Минск"})
    ids["contact"] = store.create(Contact, {"company": ids["vlad"], "name": "Петров Пётр Петрович",
                                            "position": "директор", "is_primary": True})
    ids["interest"] = store.create(Interest, {"company": ids["vlad"], "direction": "sells",
                                              "subject": "запасные части к тракторам",
                                              "opened_on": date(2025, 10, 1)})
    ids["mission"] = store.create(Mission, {"kind": "incoming", "title": "Делегация из Минска",
                                            "starts_on": date(2025, 12, 8), "ends_on": date(2025, 12, 12),
                                            "partner_country": "Беларусь"})
    store.create(Participation, {"mission": ids["mission"], "company": ids["minsk"], "role": "participant"})
    ids["followup"] = store.create(Activity, {"company": ids["vlad"], "kind": "letter",
                                              "text": "Отправить каталог", "happened_on": date(2025, 12, 1),
                                              "due_on": date(2025, 12, 20)})
    yield path, ids
    close_database()
    set_language("ru")


def make_app(path) -> PalataApp:
    return PalataApp(location=str(path), subtitle="forms.db", poll=None)


async def settle(pilot, rounds: int = 2) -> None:
    """The app's settle, in two rounds: the forms' register is small."""
    await settle_app(pilot, rounds)


def fill(screen, **values) -> None:
    """Put values into the form's fields directly (typing is tested separately)."""
    for name, value in values.items():
        widget = screen.query_one(f"#f-{name}")
        if isinstance(widget, TextArea):
            widget.text = value
        elif isinstance(widget, Select):
            widget.value = value
        else:
            widget.value = value


def problem(screen, name: str) -> str:
    boxes = screen.query(f"#problem-{name}")  # mounted when a first problem shows
    return str(boxes.first().render()) if boxes and boxes.first().display else ""
