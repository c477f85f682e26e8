"""Palata in a real browser through `palata web`: each login works as themselves, on both stores."""

from __future__ import annotations

import re

from tests.tui.web.launcher import Tab

STAVR = "Ставр"  # companies «ставр» finds in the sample (by name or town)
SHORT_NAME = "Краткое наименование *"  # the form's first field: the dossier has no asterisk
EMPTIED = re.compile(re.escape(SHORT_NAME) + r"\s*(█|$)")  # nothing in the field up to the frame


def search_and_rename(tab: Tab, register, new_name: str) -> int:
    """Search «ставр», open the first company's dossier, give it `new_name`, save; its id."""
    tab.wait_for("ИНН")
    tab.settle(quiet=1.5)  # longer than the live refresh's second: a colleague's save is shown first
    mark = tab.mark()
    tab.type("ставр")
    tab.wait_for(STAVR, since=mark)
    tab.settle()  # the search's results are in
    tab.keys("ArrowDown")  # to the table
    tab.settle()
    mark = tab.mark()
    tab.keys("Enter")  # the dossier of its first row
    tab.wait_for("Карточка", since=mark)
    mark = tab.mark()
    tab.keys("e")
    tab.wait_for("Изменить: «", since=mark)  # the title names the record once it is read in
    tab.wait_until(lambda rows: any(SHORT_NAME in row for row in rows), "the form's fields")
    tab.settle()  # the first field has taken the focus
    tab.keys("End", "Control+u")  # the short name emptied, whether or not focus selected it
    # the paste only after the field shows empty: a key bound to an action (End, Ctrl+U) acts once
    # it has bubbled up to the screen, and a paste sent behind it would land first and be wiped
    tab.wait_until(lambda rows: any(EMPTIED.search(row) for row in rows), "the short name emptied")
    tab.paste(new_name)
    tab.wait_until(lambda rows: any(SHORT_NAME in row and new_name in row for row in rows),
                   f"{new_name} in the field")
    mark = tab.mark()
    tab.keys("Control+s")
    tab.wait_for("Сохранено.", since=mark)  # the save's own notice
    return register.renamed(new_name)[0]


def test_a_browser_user_searches_opens_a_dossier_and_edits_as_themselves(register, launch, tabs):
    launcher = launch(register.location)
    login = register.login("ivanova")
    tab = tabs(launcher, login)
    tab.open()
    company = search_and_rename(tab, register, "Ставровский парк Веб")
    assert register.changes(company)[0] == (login, "short_name", "Ставровский парк Веб")
    tab.page.screenshot(path=str(launcher.state.parent / "edited.png"))


def test_two_logins_at_once_are_each_recorded_as_themselves(register, launch, tabs):
    launcher = launch(register.location)
    first, second = register.login("petrova"), register.login("sidorov")
    a, b = tabs(launcher, first), tabs(launcher, second)
    a.open()
    b.open()
    company_a = search_and_rename(a, register, "Ставровский парк Первая")
    company_b = search_and_rename(b, register, "Ставровский парк Вторая")
    signed = {new: user for user, field, new in register.changes(company_a) + register.changes(company_b)
              if field == "short_name"}
    assert signed["Ставровский парк Первая"] == first
    assert signed["Ставровский парк Вторая"] == second
