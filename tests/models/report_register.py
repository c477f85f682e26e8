"""A small register whose every figure of the 2025 report is known (see test_figures.py)."""

from __future__ import annotations

from datetime import date, datetime

from models import store
from models.entities import (
    Activity,
    Agreement,
    AgreementParty,
    Company,
    Contact,
    Interest,
    Meeting,
    Mission,
    Participation,
)
from tests.conftest import history_rewritable


def _company(name: str, **values) -> int:
    return store.create(Company, {"short_name": name, "legal_form": "ООО", **values})


def make_known_register(db) -> dict[str, int]:
    """Companies A–H, P and X, three missions of 2025 and one of 2024, interests I1–I9.
    Returns the ids by letter."""
    ids = {
        "A": _company("Альфа", member_status="active", member_since=date(2010, 1, 1), city="Владимир",
                      okved="25.11", dues_paid_until=date(2026, 12, 31)),
        "B": _company("Бета", member_status="active", member_since=date(2025, 3, 15), city="Ковров",
                      okved="47.11", dues_paid_until=date(2025, 12, 31)),
        "C": _company("Вега", member_status="suspended", member_since=date(2015, 6, 1), city="Владимир",
                      okved="10.71", dues_paid_until=date(2025, 8, 31)),
        "D": _company("Гамма", member_status="active", member_since=date(2020, 2, 2), city="Муром",
                      okved="41.20", dues_paid_until=date(2024, 6, 30)),
        "E": _company("Дельта", member_status="active", member_since=date(2018, 1, 1), city="Владимир"),
        "F": _company("Ёрш", member_status="active", member_since=date(2025, 11, 3),
                      phones="+7 4922 00-00-01"),
        "G": _company("Жук", member_status="left", member_since=date(2012, 5, 5), city="Владимир"),
        "H": _company("Зенит", member_status="active", member_since=date(2026, 2, 1), city="Владимир"),
        "P": _company("Белпартнёр", country="Беларусь", city="Минск"),
        "X": _company("Икс", member_status="active", member_since=date(2010, 1, 1), city="Владимир"),
    }
    # E leaves on 20 May 2025: the change log holds the day its status became "left"
    store.update(Company, ids["E"], 1, {"member_status": "left"})
    with history_rewritable(db):
        db.execute_sql('UPDATE change_log SET at = ? WHERE "table" = ? AND row_id = ? AND field = ?',
                       (datetime(2025, 5, 20, 10, 0), "company", ids["E"], "member_status"))
    store.archive(Company, ids["X"], 1)
    store.create(Contact, {"company": ids["D"], "name": "Дьяков Денис", "position": "директор",
                           "phones": "+7 900 111-22-33", "is_primary": True})
    store.create(Contact, {"company": ids["D"], "name": "Другой Дмитрий", "phones": "+7 900 999-99-99"})
    store.create(Contact, {"company": ids["C"], "name": "Без Телефона", "is_primary": True})
    store.create(Contact, {"company": ids["C"], "name": "Веселов Виктор", "phones": "+7 900 444-55-66"})

    m1 = store.create(Mission, {"kind": "incoming", "title": "Визит БелТПП", "starts_on": date(2025, 12, 8),
                                "ends_on": date(2025, 12, 12), "partner_country": "Беларусь",
                                "partners": "БелТПП"})
    m2 = store.create(Mission, {"kind": "round_table", "title": "Круглый стол",
                                "starts_on": date(2025, 12, 9), "partner_country": "Беларусь",
                                "partners": "БелТПП"})
    m3 = store.create(Mission, {"kind": "exhibition", "title": "Выставка", "starts_on": date(2025, 6, 3)})
    m0 = store.create(Mission, {"kind": "outgoing", "title": "Миссия 2024", "starts_on": date(2024, 11, 2),
                                "partner_country": "Беларусь"})
    for mission, letters in ((m1, "ABP"), (m2, "AC"), (m3, "D"), (m0, "ABCD")):
        for letter in letters:
            store.create(Participation, {"mission": mission, "company": ids[letter]})
    for mission, day in ((m2, date(2025, 12, 9)), (m2, date(2025, 12, 9)), (m3, date(2025, 6, 4)),
                         (m0, date(2024, 11, 3))):
        store.create(Meeting, {"mission": mission, "held_on": day, "subject": "переговоры"})
    nda = store.create(Agreement, {"kind": "nda", "subject": "NDA", "signed_on": date(2025, 12, 10),
                                   "mission": m1, "status": "signed"})
    AgreementParty.insert_many([{"agreement": nda, "company": ids[x]} for x in "AP"]).execute()
    store.create(Agreement, {"kind": "supply", "subject": "проект", "mission": m1, "status": "draft"})
    store.create(Activity, {"company": ids["A"], "mission": m1, "kind": "letter", "text": "отчёт",
                            "happened_on": date(2025, 12, 12), "due_on": date(2026, 1, 15)})
    store.create(Activity, {"company": ids["B"], "mission": m1, "kind": "call", "text": "образцы",
                            "happened_on": date(2025, 12, 12), "due_on": date(2025, 12, 20), "done": True})
    store.create(Activity, {"company": ids["B"], "mission": m1, "kind": "note", "text": "заметка",
                            "happened_on": date(2025, 12, 12)})

    def interest(letter, direction, subject, opened, status="open", geo=None, closed=None):
        store.create(Interest, {"company": ids[letter], "direction": direction, "subject": subject,
                                "status": status, "partner_geo": geo, "opened_on": opened,
                                "closed_on": closed})

    interest("A", "buys", "стальные трубы", date(2025, 2, 10), geo="Беларусь")  # I1: matched by I2
    interest("P", "sells", "трубы стальные бесшовные", date(2024, 5, 1))  # I2
    interest("B", "sells", "тротуарная плитка", date(2025, 4, 1), geo="Россия")  # I3: only B buys it
    interest("C", "buys", "плитка тротуарная", date(2025, 7, 1), "done", "Беларусь", date(2025, 9, 1))  # I4
    interest("D", "partner", "совместное производство", date(2023, 1, 1), "dropped", None,
             date(2025, 3, 3))  # I5
    interest("A", "invests", "логистический центр", date(2025, 8, 8), geo="Казахстан")  # I6: I7 answers
    interest("B", "partner", "логистический центр", date(2026, 1, 10))  # I7
    interest("B", "buys", "плитка тротуарная", date(2024, 1, 1))  # I9: B's own, matches nothing of B's
    return ids
