"""Contacts, interests, missions, participants, meetings, agreements, activities and follow-ups
through Pilot: a valid save, the problems of each form said in words, cancel."""

from __future__ import annotations

import asyncio
from datetime import date

from textual.widgets import Input

from models.entities import (
    Activity,
    Agreement,
    AgreementParty,
    Contact,
    Interest,
    Meeting,
    MeetingParty,
    Mission,
    Participation,
)
from tests.tui.conftest import screen_text
from tests.tui.forms.conftest import fill, make_app, problem, settle
from tui.forms.activity_form import ActivityForm
from tui.forms.agreement_form import AgreementForm
from tui.forms.contact_form import ContactForm
from tui.forms.interest_form import InterestForm
from tui.forms.lists import ActivitiesList, ContactsList, FollowUpsScreen, InterestsList
from tui.forms.meeting_form import MeetingForm
from tui.forms.mission_form import MissionForm
from tui.forms.participants import ParticipantsScreen, PartyPicker
from tui.screens.mission import MissionScreen


async def _dossier(pilot, company_id):
    await settle(pilot)
    pilot.app.open_dossier(company_id)
    await settle(pilot)


def test_contacts_add_check_edit_and_archive(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await _dossier(pilot, ids["vlad"])
            await pilot.press("k")
            await settle(pilot)
            assert isinstance(app.screen, ContactsList) and len(app.screen.items) == 1
            await pilot.press("ctrl+n")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ContactForm)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "обязательн" in problem(form, "name").lower()
            fill(form, name="Сидорова Анна", position="главный инженер", emails="anna@@vtz", phones="12")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "anna@@vtz" in problem(form, "emails")
            assert "не похоже на телефон" in problem(form, "phones")
            fill(form, emails="anna@vtz.ru", phones="8 912 345 67 89")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, ContactsList) and len(app.screen.items) == 2
            anna = Contact.get(Contact.name == "Сидорова Анна")
            assert anna.company_id == ids["vlad"] and anna.phones == "+7 912 345-67-89"
            # archive the selected contact (Петров is first: primary)
            await pilot.press("ctrl+x")
            await settle(pilot)
            assert Contact.get_by_id(ids["contact"]).archived_at is not None
            assert "архив" in screen_text(app)
            # cancel a form: nothing changes
            app.screen.query_one("DataTable").move_cursor(row=0)
            await pilot.press("ctrl+n")
            await settle(pilot)
            await pilot.press(*"Черновик", "escape")
            await settle(pilot)
            await pilot.press("enter")  # yes, discard what was typed
            await settle(pilot)
            assert isinstance(app.screen, ContactsList)
        assert Contact.select().count() == 2

    asyncio.run(scenario())


def test_interest_add_linked_to_a_mission_and_its_status_moved(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await _dossier(pilot, ids["vlad"])
            await pilot.press("i")
            await settle(pilot)
            assert isinstance(app.screen, InterestsList)
            await pilot.press("ctrl+n")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, InterestForm)
            assert form.query_one("#f-opened_on").value == date.today().strftime("%d.%m.%Y")
            fill(form, direction="buys", subject="", closed_on="01.01.2020")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "обязательн" in problem(form, "subject").lower()
            fill(form, subject="литьё под давлением", mission=ids["mission"], opened_on="01.12.2025")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "раньше" in problem(form, "closed_on")
            fill(form, closed_on="")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, InterestsList)
            new = Interest.get(Interest.subject == "литьё под давлением")
            assert (new.direction, new.status, new.mission_id) == ("buys", "open", ids["mission"])
            # the quick status key: open → in work
            table = app.screen.query_one("DataTable")
            table.move_cursor(row=[i.id for i in app.screen.items].index(new.id))
            await pilot.press("ctrl+t")
            await settle(pilot)
            assert Interest.get_by_id(new.id).status == "in_work"
            # done through the form: the closing date fills itself
            await pilot.press("enter")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, InterestForm) and form.row_id == new.id
            fill(form, status="done")
            await pilot.pause()
            assert form.query_one("#f-closed_on").value == date.today().strftime("%d.%m.%Y")
            await pilot.press("ctrl+s")
            await settle(pilot)
        done = Interest.get_by_id(new.id)
        assert done.status == "done" and done.closed_on == date.today()

    asyncio.run(scenario())


def test_mission_created_from_the_missions_list_then_participants_added(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            await pilot.press("ctrl+n")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, MissionForm)
            fill(form, kind="exhibition", starts_on="12.03.2026", ends_on="10.03.2026", place="Минск")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "обязательн" in problem(form, "title").lower()
            fill(form, title="Выставка «Белагро»")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "раньше" in problem(form, "ends_on")
            fill(form, ends_on="15.03.2026", partner_country="Беларусь",
                 organisers="ТПП Владимирской области")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, MissionScreen)
            mission = Mission.get(Mission.title == "Выставка «Белагро»")
            assert (mission.kind, mission.starts_on, mission.ends_on) == (
                "exhibition", date(2026, 3, 12), date(2026, 3, 15))
            await pilot.press("p")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ParticipantsScreen)
            await pilot.press(*"ковров")
            await settle(pilot)
            assert "Ковровские трубы" in screen_text(app)
            await pilot.press("enter")
            await settle(pilot)
            assert len(screen.items) == 1
            await pilot.press(*"ковров", "enter")  # the same company in the same role: said, not doubled
            await settle(pilot)
            assert len(screen.items) == 1
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, MissionScreen)
        assert Participation.get(Participation.mission == mission.id).company_id == ids["kovrov"]

    asyncio.run(scenario())


def test_meeting_on_a_mission_needs_parties(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.open_mission(ids["mission"])
            await settle(pilot)
            await pilot.press("m")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, MeetingForm)
            fill(form, held_on="09.12.2025", subject="Поставка запчастей",
                 outcome="Договорились о пробной партии")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "хотя бы одну" in screen_text(app)
            search = form.query_one(PartyPicker).query_one(Input)
            assert app.focused is search
            await pilot.press(*"минск", "enter")
            await settle(pilot)
            await pilot.press(*"владимирск", "enter")
            await settle(pilot)
            assert len(form.query_one(PartyPicker).chosen) == 2
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, MissionScreen)
        meeting = Meeting.get(Meeting.subject == "Поставка запчастей")
        assert meeting.mission_id == ids["mission"] and meeting.held_on == date(2025, 12, 9)
        assert {p.company_id for p in MeetingParty.select().where(MeetingParty.meeting == meeting.id)} == {
            ids["minsk"], ids["vlad"]}

    asyncio.run(scenario())


def test_agreement_from_the_dossier_and_its_parties_edited(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await _dossier(pilot, ids["vlad"])
            await pilot.press("g")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, AgreementForm)
            assert [c.id for c in form.query_one(PartyPicker).chosen] == [ids["vlad"]]
            fill(form, kind="nda", subject="Обмен технической документацией", signed_on="10.12.2025")
            form.query_one(PartyPicker).query_one(Input).focus()
            await pilot.press(*"минск", "enter", "ctrl+s")
            await settle(pilot)
            agreement = Agreement.get(Agreement.subject == "Обмен технической документацией")
            assert (agreement.kind, agreement.status) == ("nda", "signed")
            # edit: remove the Minsk party (Delete in the chosen list)
            app.push_screen(AgreementForm(agreement.id))
            await settle(pilot)
            form = app.screen
            chosen = form.query_one("#chosen")
            chosen.focus()
            chosen.highlighted = 1
            await pilot.press("delete", "ctrl+s")
            await settle(pilot)
        links = AgreementParty.select().where(AgreementParty.agreement == agreement.id)
        parties = [p.company_id for p in links]
        assert parties == [ids["vlad"]]
        assert Agreement.get_by_id(agreement.id).version == 2

    asyncio.run(scenario())


def test_activity_with_a_follow_up_then_marked_done_in_the_list(forms_db):
    path, ids = forms_db

    async def scenario():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await _dossier(pilot, ids["kovrov"])
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, ActivitiesList)
            await pilot.press("ctrl+n")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ActivityForm)
            fill(form, kind="samples", text="Образцы труб отправлены", due_on="32.01.2026")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "Такой даты нет" in problem(form, "due_on")
            fill(form, due_on="15.01.2026")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, ActivitiesList)
            activity = Activity.get(Activity.text == "Образцы труб отправлены")
            assert (activity.kind, activity.due_on, activity.author) == (
                "samples", date(2026, 1, 15), "ivanova")
            await pilot.press("escape")
            await settle(pilot)
            # my open follow-ups first; `v`: the whole register's, soonest first; Ctrl+D marks one done
            await pilot.press("ctrl+g")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, FollowUpsScreen)
            assert [f.text for f in screen.items] == ["Образцы труб отправлены"]
            await pilot.press("v")
            await settle(pilot)
            assert [f.text for f in screen.items] == ["Отправить каталог", "Образцы труб отправлены"]
            assert "Открытых поручений: 2" in screen_text(app)
            await pilot.press("ctrl+d")
            await settle(pilot)
            assert [f.text for f in screen.items] == ["Образцы труб отправлены"]
        assert Activity.get_by_id(ids["followup"]).done

    asyncio.run(scenario())
