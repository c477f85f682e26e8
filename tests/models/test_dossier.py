"""The dossier of a company: every section, in its order, the same on both stores."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from models import dossier, editing, store
from models.db import database
from models.dossier import (
    ActivityRow,
    AgreementRow,
    ContactRow,
    InterestRow,
    MeetingRow,
    ParticipationRow,
)
from models.entities import Activity, Agreement, Company, Contact, Interest, Meeting, Mission
from tests.conftest import recorded_user
from tests.models.sent import statements_sent


def _company(name: str, form: str | None = "ООО", **values) -> int:
    return store.create(Company, {"short_name": name, "legal_form": form, **values}, user="ivanova")


@pytest.fixture
def full(db) -> dict[str, int]:
    """A company with every kind of record, dated and undated ones, created out of their order."""
    ids = {"us": _company("Стройдеталь", city="Владимир", member_since=date(2019, 3, 1))}
    us = ids["us"]
    ids["alfa"] = _company("Альфа", "АО")
    ids["beta"] = _company("Бета", None)
    ids["fair"] = store.create(Mission, {"kind": "outgoing", "title": "Иннопром",
                                         "starts_on": date(2024, 7, 8), "ends_on": date(2024, 7, 11),
                                         "partner_country": "Казахстан"})
    ids["round"] = store.create(Mission, {"kind": "round_table", "title": "Круглый стол"})  # undated
    ids["visit"] = store.create(Mission, {"kind": "incoming", "title": "Делегация",
                                          "starts_on": date(2023, 5, 2)})

    ids["c_plain"] = store.create(Contact, {"company": us, "name": "Петров", "phones": "+7 4922 00-00-01"})
    ids["c_primary"] = store.create(Contact, {"company": us, "name": "Иванова", "position": "директор",
                                              "emails": "a@b.ru", "is_primary": True, "notes": "лично"})
    gone = store.create(Contact, {"company": us, "name": "Сидоров"})
    store.archive(Contact, gone, 1)

    ids["i_done"] = store.create(Interest, {"company": us, "direction": "sells", "subject": "трубы",
                                            "status": "done", "opened_on": date(2024, 9, 1)})
    ids["i_undated"] = store.create(Interest, {"company": us, "direction": "buys", "subject": "станки"})
    ids["i_old"] = store.create(Interest, {"company": us, "direction": "partner", "subject": "сборка",
                                           "opened_on": date(2023, 1, 5), "mission": ids["visit"],
                                           "okved": "25.11", "partner_geo": "Беларусь", "source": "выставка"})
    ids["i_new"] = store.create(Interest, {"company": us, "direction": "sells", "subject": "профиль",
                                           "status": "in_work", "opened_on": date(2024, 2, 1)})

    editing.add_participant(ids["round"], us)
    editing.add_participant(ids["visit"], us, "host", "два договора")
    editing.add_participant(ids["fair"], us)
    editing.add_participant(ids["fair"], us, "visited")  # the same mission in a second role

    meeting = {"subject": "переговоры"}
    ids["m_undated"] = editing.create_with_parties(Meeting, {**meeting, "subject": "знакомство"}, [us])
    ids["m_a"] = editing.create_with_parties(Meeting, {**meeting, "held_on": date(2024, 3, 3)},
                                             [ids["beta"], us, ids["alfa"]])
    ids["m_b"] = editing.create_with_parties(Meeting, {**meeting, "held_on": date(2024, 3, 3),
                                                       "outcome": "да", "mission": ids["fair"]},
                                             [us, ids["alfa"]])
    ids["m_new"] = editing.create_with_parties(Meeting, {**meeting, "held_on": date(2024, 6, 1)}, [us])
    editing.create_with_parties(Meeting, {**meeting, "held_on": date(2025, 1, 1)}, [ids["alfa"]])  # not ours

    ids["a_undated"] = editing.create_with_parties(
        Agreement, {"kind": "nda", "subject": "NDA", "status": "draft"}, [us, ids["alfa"]])
    ids["a_dated"] = editing.create_with_parties(
        Agreement, {"kind": "supply", "subject": "поставка", "signed_on": date(2024, 4, 4),
                    "status": "signed", "mission": ids["fair"], "notes": "на год"},
        [ids["alfa"], ids["beta"], us])

    act = {"company": us, "kind": "call"}
    ids["act_undated"] = store.create(Activity, {**act, "text": "позвонить", "due_on": date(2024, 8, 1)})
    ids["act_a"] = store.create(Activity, {**act, "text": "первый", "happened_on": date(2024, 5, 5),
                                           "author": "ivanova", "done": True, "mission": ids["fair"]})
    ids["act_b"] = store.create(Activity, {**act, "kind": "letter", "text": "второй",
                                           "happened_on": date(2024, 5, 5), "due_on": date(2024, 5, 20)})
    ids["act_old"] = store.create(Activity, {**act, "text": "давно", "happened_on": date(2022, 1, 1)})
    store.update(Company, us, 1, {"city": "Муром"}, user="petrov")
    return ids


def test_every_section_in_its_order(full):
    ids = full
    d = dossier.load(ids["us"])
    assert d is not None
    stored = Company.get_by_id(ids["us"])
    assert d.company.__data__ == stored.__data__ and not d.company.is_dirty()
    assert (d.company.city, d.company.member_since, d.name) == ("Муром", date(2019, 3, 1), "Стройдеталь, ООО")

    assert d.contacts == [
        ContactRow(ids["c_primary"], "Иванова", "директор", None, "a@b.ru", True, "лично"),
        ContactRow(ids["c_plain"], "Петров", None, "+7 4922 00-00-01", None, False, None)]
    # open ones first, newest first, undated last; then the closed ones
    assert d.interests == [
        InterestRow(ids["i_new"], "sells", "профиль", "in_work", None, None, None, date(2024, 2, 1),
                    None, None),
        InterestRow(ids["i_old"], "partner", "сборка", "open", "25.11", "Беларусь", "выставка",
                    date(2023, 1, 5), ids["visit"], "Делегация"),
        InterestRow(ids["i_undated"], "buys", "станки", "open", None, None, None, None, None, None),
        InterestRow(ids["i_done"], "sells", "трубы", "done", None, None, None, date(2024, 9, 1), None, None)]
    # by the mission's start, newest first, an undated one last; one mission's two roles as added
    fair = (ids["fair"], "outgoing", "Иннопром", date(2024, 7, 8), date(2024, 7, 11), "Казахстан")
    assert d.participations == [
        ParticipationRow(*fair, "participant", None),
        ParticipationRow(*fair, "visited", None),
        ParticipationRow(ids["visit"], "incoming", "Делегация", date(2023, 5, 2), None, None, "host",
                         "два договора"),
        ParticipationRow(ids["round"], "round_table", "Круглый стол", None, None, None, "participant", None)]
    # newest first, one day's in the order entered, undated last; the other parties as linked
    assert d.meetings == [
        MeetingRow(ids["m_new"], date(2024, 6, 1), "переговоры", None, None, None, (), ()),
        MeetingRow(ids["m_a"], date(2024, 3, 3), "переговоры", None, None, None, ("Бета", "Альфа, АО"),
                   ("Бета", "Альфа")),
        MeetingRow(ids["m_b"], date(2024, 3, 3), "переговоры", "да", ids["fair"], "Иннопром", ("Альфа, АО",),
                   ("Альфа",)),
        MeetingRow(ids["m_undated"], None, "знакомство", None, None, None, (), ())]
    assert d.agreements == [
        AgreementRow(ids["a_dated"], "supply", "поставка", date(2024, 4, 4), "signed", "Иннопром",
                     ("Альфа, АО", "Бета"), "на год", ("Альфа", "Бета")),
        AgreementRow(ids["a_undated"], "nda", "NDA", None, "draft", None, ("Альфа, АО",), None, ("Альфа",))]
    # newest first, one day's latest entered first, undated last
    assert d.activities == [
        ActivityRow(ids["act_b"], "letter", date(2024, 5, 5), "второй", None, date(2024, 5, 20), False, None),
        ActivityRow(ids["act_a"], "call", date(2024, 5, 5), "первый", "ivanova", None, True, "Иннопром"),
        ActivityRow(ids["act_old"], "call", date(2022, 1, 1), "давно", None, None, False, None),
        ActivityRow(ids["act_undated"], "call", None, "позвонить", None, date(2024, 8, 1), False, None)]
    assert [a.id for a in d.open_followups] == [ids["act_b"], ids["act_undated"]]
    # the company's change log, newest first, its times as datetimes
    logged = [(h.action, h.field, h.old, h.new, h.user) for h in d.history]
    assert logged[0] == ("update", "city", "Владимир", "Муром", recorded_user("petrov"))
    assert logged[-1][:2] == ("create", None) and logged[-1][4] == recorded_user("ivanova")
    assert len(d.history) == len(store.history("company", ids["us"]))
    assert all(isinstance(h.at, datetime) for h in d.history)
    assert [h.at for h in d.history] == [e.at for e in reversed(store.history("company", ids["us"]))]


def test_a_company_with_nothing_but_itself_and_one_that_is_not_there(db):
    cid = _company("Пустая", None)
    store.archive(Company, cid, 1)
    d = dossier.load(cid)
    assert d is not None and d.company.id == cid and d.company.archived_at is not None
    assert (d.contacts, d.interests, d.participations, d.meetings, d.agreements, d.activities) == ([],) * 6
    assert [h.action for h in d.history] == ["archive", "create"]
    assert d.name == "Пустая"
    assert dossier.load(cid + 1000) is None


def test_the_dossier_is_read_in_one_statement(full):
    with statements_sent() as sent:
        for _ in range(3):
            assert dossier.load(full["us"]) is not None
    # PostgreSQL prepares it once on the connection, then only runs it
    assert len([s for s in sent if not s.startswith("PREPARE")]) == 3


def test_a_dossier_reads_on_after_the_server_dropped_the_connection(pg_server):
    from models.db import close_database, open_database

    open_database(pg_server.create("palata_dossier"))
    try:
        cid = _company("Стройдеталь")
        store.create(Contact, {"company": cid, "name": "Петров"})
        before = dossier.load(cid)
        pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        with pg_server.admin.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
        # read again on a new connection, on which the statement was never prepared; then prepared
        assert dossier.load(cid) == before
        assert database.execute_sql("SELECT pg_backend_pid()").fetchone()[0] != pid
        assert dossier.load(cid) == before
        assert database.execute_sql("SELECT count(*) FROM pg_prepared_statements").fetchone()[0] == 1
    finally:
        close_database()
