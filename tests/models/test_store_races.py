"""Colleagues at the same records at the same moment, on SQLite and PostgreSQL: every write that
depends on what it read is checked or locked, a colleague's committed save is never overwritten,
nothing a colleague added is deleted unlogged, and nobody waits on a stuck session for longer than
the bounded wait. Each race is played with the colleague's transaction held open at the moment
that matters."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from importers.apply import apply_plan, import_file, plan_file, undo_import
from importers.errors import UndoRefused
from models import backend, merge, search, store
from models.changes import list_changes
from models.entities import ChangeLog, Company, Contact
from models.errors import ConflictError, StoreBusy
from models.identifiers import make_inn
from tests.models.races import hold, once_in, run, wait_until_blocked
from tui.sentences import said


@pytest.fixture
def db(both_backends):
    return both_backends


def _company(name: str, **values) -> int:
    return store.create(Company, {"short_name": name, "legal_form": "ООО", **values}, user="ivanova")


def _version(cid: int) -> int:
    return Company.get_by_id(cid).version


def _member_list(path: Path, rows: list[tuple]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["Наименование", "ИНН", "Город", "Телефон", "Контактное лицо"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def _inn(n: int) -> str:
    return make_inn(f"33{7_000_000 + n:07d}")


# --- merge and its undo ------------------------------------------------------------------------

def test_a_merge_waits_for_a_colleagues_save_and_keeps_it(db):
    keep, other = _company("Ромашка"), _company("Ромашка плюс", city="Владимир")
    colleague = hold(lambda: store.update(Company, other, 1, {"notes": "Звонить после обеда"},
                                          user="petrova"))
    merging = run(lambda: merge.merge_companies(keep, [other], user="ivanova"))
    wait_until_blocked()  # the merge waits for the colleague's row
    colleague.commit()
    merging.join()
    assert colleague.error is None and merging.error is None
    # the merge read what the colleague committed: their note is on the kept company, and the
    # merged-away one counts both writes (2, then 3) instead of both ending at version 2
    assert Company.get_by_id(keep).notes == "Звонить после обеда"
    assert _version(other) == 3
    log = ChangeLog.get((ChangeLog.table == "company") & (ChangeLog.row_id == keep)
                        & (ChangeLog.field == "notes"))
    assert (log.old, log.new) == (None, "Звонить после обеда")


def test_a_save_during_a_merge_is_refused_not_lost(db, monkeypatch):
    keep, other = _company("Ромашка"), _company("Ромашка плюс")
    saves = []

    def colleague_saves():  # while the merge holds the companies it read
        saves.append(run(lambda: store.update(Company, other, 1, {"notes": "моя заметка"}, user="petrova")))
        wait_until_blocked()

    monkeypatch.setattr(merge, "choose_values", once_in(None, colleague_saves, merge.choose_values))
    merge.merge_companies(keep, [other], user="ivanova")
    [save] = saves
    save.join()
    # the colleague is told the company was merged away (archived), and can look again
    assert isinstance(save.error, ConflictError) and save.error.their_version is None
    row = Company.get_by_id(other)
    assert row.merged_into_id == keep and row.notes is None and row.version == 2


def test_undo_merge_refuses_when_a_colleague_changed_a_moved_contact_meanwhile(db):
    keep, other = _company("Ромашка"), _company("Ромашка плюс")
    contact = store.create(Contact, {"company": other, "name": "Петров Пётр"})
    result = merge.merge_companies(keep, [other], user="ivanova")
    version = Contact.get_by_id(contact).version
    colleague = hold(lambda: store.update(Contact, contact, version, {"position": "директор"},
                                          user="petrova"))
    undoing = run(lambda: merge.undo_merge(result.merge_id, user="ivanova"))
    wait_until_blocked()
    colleague.commit()
    undoing.join()
    assert colleague.error is None
    assert isinstance(undoing.error, merge.MergeRefused)
    assert "Петров Пётр" in said(undoing.error)
    row = Contact.get_by_id(contact)
    assert (row.position, row.company_id) == ("директор", keep)  # the colleague's save stays


def test_a_save_during_an_undo_merge_is_refused_not_lost(db, monkeypatch):
    keep, other = _company("Ромашка"), _company("Ромашка плюс")
    contact = store.create(Contact, {"company": other, "name": "Петров Пётр"})
    result = merge.merge_companies(keep, [other], user="ivanova")
    version = Contact.get_by_id(contact).version
    saves = []

    def colleague_saves():
        saves.append(run(lambda: store.update(Contact, contact, version, {"position": "директор"},
                                              user="petrova")))
        wait_until_blocked()

    monkeypatch.setattr(search, "reindex", once_in(None, colleague_saves, search.reindex))
    merge.undo_merge(result.merge_id, user="ivanova")
    saves[0].join()
    assert isinstance(saves[0].error, ConflictError)
    row = Contact.get_by_id(contact)
    assert (row.position, row.company_id) == (None, other)


# --- undo of an import -----------------------------------------------------------------------

def _imported(tmp_path: Path) -> tuple[int, list[int]]:
    book = _member_list(tmp_path / "list.xlsx", [(f"Импорт-{i}", _inn(i), "Владимир", None, None)
                                                for i in range(3)])
    result = import_file(book, user="ivanova")
    ids = [c.id for c in Company.select().order_by(Company.id)]
    return result.batch_id, ids


def test_undo_import_refuses_when_a_colleague_adds_a_contact_meanwhile(db, tmp_path):
    batch, ids = _imported(tmp_path)
    colleague = hold(lambda: store.create(Contact, {"company": ids[1], "name": "Сидоров"}, user="petrova"))
    undoing = run(lambda: undo_import(batch, user="ivanova"))
    wait_until_blocked()
    colleague.commit()
    undoing.join()
    assert colleague.error is None
    assert isinstance(undoing.error, UndoRefused)
    assert "Импорт-1" in said(undoing.error)
    assert Contact.select().where(Contact.name == "Сидоров").count() == 1  # nothing deleted
    assert Company.select().count() == 3


def test_a_contact_added_during_an_undo_import_is_refused_not_cascaded(db, tmp_path, monkeypatch):
    batch, ids = _imported(tmp_path)
    adds = []

    def colleague_adds():  # the undo has deleted the companies and not committed yet
        adds.append(run(lambda: store.create(Contact, {"company": ids[1], "name": "Сидоров"},
                                             user="petrova")))
        wait_until_blocked()

    monkeypatch.setattr(search, "reindex", once_in(None, colleague_adds, search.reindex))
    undo_import(batch, user="ivanova")
    adds[0].join()
    # a typed conflict (one sentence for the colleague), no raw foreign key error, nothing hidden
    assert isinstance(adds[0].error, ConflictError)
    assert Company.select().count() == 0 and Contact.select().count() == 0
    deleted = ChangeLog.select().where((ChangeLog.action == "delete") & (ChangeLog.table == "company"))
    assert deleted.count() == 3


# --- an import planned while colleagues save ----------------------------------------------------

def test_an_import_plans_again_the_rows_a_colleague_changed_during_planning(db, tmp_path):
    first = _member_list(tmp_path / "first.xlsx", [(f"Компания-{i}", _inn(i), "Владимир", None, None)
                                                   for i in range(4)])
    import_file(first, user="ivanova")
    ids = {c.inn: c.id for c in Company.select()}
    monthly = _member_list(tmp_path / "monthly.xlsx", [
        ("Компания-0", _inn(0), "Владимир", "+7 4922 11-11-11", "Иванов Иван"),
        ("Компания-1", _inn(1), "Владимир", "+7 4922 22-22-22", None),
        ("Компания-2", _inn(2), "Владимир", "+7 4922 33-33-33", None),
        ("Компания-3", _inn(3), "Владимир", "+7 4922 44-44-44", None),
        ("Новая", _inn(9), "Ковров", None, None),
    ])
    plan = plan_file(monthly)
    # meanwhile, colleagues: a note, a contact, an archive, a company with the new row's INN
    store.update(Company, ids[_inn(0)], 1, {"notes": "оплатили взнос"}, user="petrova")
    store.create(Contact, {"company": ids[_inn(1)], "name": "Смирнова Ольга"}, user="petrova")
    store.archive(Company, ids[_inn(2)], 1, user="petrova")
    taken = _company("Новая (добавлена вручную)", inn=_inn(9))
    batch = apply_plan(plan, monthly, user="ivanova")
    assert batch is not None
    zero, one, three = (Company.get_by_id(ids[_inn(n)]) for n in (0, 1, 3))
    # planned again: the colleagues' changes stay and the file's go in as well
    assert (zero.notes, zero.phones) == ("оплатили взнос", "+7 4922 11-11-11")
    assert Contact.select().where(Contact.company == zero.id).count() == 1
    assert one.phones == "+7 4922 22-22-22"
    assert Contact.select().where(Contact.company == one.id).count() == 1
    assert three.phones == "+7 4922 44-44-44"
    # what can no longer go in is reported row by row, with the reason
    reasons = {r.row: said(r.reason) for r in plan.rejections}
    assert set(reasons) == {4, 6}
    assert "архив" in reasons[4] and _inn(9) in reasons[6]
    assert Company.get_by_id(ids[_inn(2)]).phones is None
    assert Company.get_by_id(taken).short_name == "Новая (добавлена вручную)"
    assert plan.counts["rejected"] == 2 and plan.counts["created"] == 0


def test_the_import_report_lists_the_rows_rejected_because_of_a_colleague(db, store_location, tmp_path,
                                                                          monkeypatch, capsys):
    from openpyxl import load_workbook

    from importers import apply
    from tui import cli

    first = _member_list(tmp_path / "first.xlsx", [(f"Компания-{i}", _inn(i), "Владимир", None, None)
                                                   for i in range(2)])
    import_file(first, user="ivanova")
    archived = Company.get(Company.inn == _inn(1)).id
    monthly = _member_list(tmp_path / "monthly.xlsx", [
        ("Компания-0", _inn(0), "Владимир", "+7 4922 11-11-11", None),
        ("Компания-1", _inn(1), "Владимир", "+7 4922 22-22-22", None),
        ("Без ИНН", "12", "Владимир", None, None),
    ])

    def colleague_archives():  # the file is planned, its report made, nothing written yet
        run(lambda: store.archive(Company, archived, 1, user="petrova")).join()

    monkeypatch.setattr(apply, "apply_plan", once_in(None, colleague_archives, apply.apply_plan))
    out = tmp_path / "отчёт.xlsx"
    code = cli.main(["--lang", "ru", "--db", store_location, "import", str(monthly), "--report", str(out)])
    printed = " ".join(capsys.readouterr().out.split())
    assert code == 0
    rows = [(r[1], r[2]) for r in load_workbook(out).active.iter_rows(min_row=2, values_only=True)]
    # the row rejected on planning and the one rejected because the colleague archived its company
    assert [row for row, _ in rows] == [3, 4]
    assert "архив" in rows[0][1]
    assert "строка 3" in printed.lower() and "архив" in printed


# --- bounded waits ------------------------------------------------------------------------------

def test_a_stuck_session_costs_a_writer_one_sentence_within_the_bound(db):
    cid = _company("Ромашка")
    stuck = hold(lambda: store.update(Company, cid, 1, {"notes": "зависшая правка"}, user="petrova"))
    writer = run(lambda: store.update(Company, cid, 1, {"city": "Ковров"}, user="ivanova")).join()
    stuck.commit()
    assert isinstance(writer.error, StoreBusy)
    assert "занята другим пользователем" in said(writer.error)
    # nothing of the writer's save is there: only the stuck colleague's, once it went on
    row = Company.get_by_id(cid)
    assert (row.city, row.notes, row.version) == (None, "зависшая правка", 2)
    assert ChangeLog.select().where(ChangeLog.field == "city").count() == 0


def test_saves_to_different_companies_do_not_wait_for_each_other(db):
    if backend.of(db) is not backend.POSTGRES:
        pytest.skip("SQLite writes one transaction at a time by design")
    a, b = _company("Ромашка"), _company("Лютик")
    colleague = hold(lambda: store.create(Contact, {"company": a, "name": "Петров"}, user="petrova"))
    # with one lock for the whole search index this save would wait for the colleague, then fail
    saving = run(lambda: (store.update(Company, b, 1, {"notes": "новая заметка"}, user="ivanova"),
                          store.create(Contact, {"company": b, "name": "Сидоров"}, user="ivanova"))).join()
    colleague.commit()
    assert saving.error is None and colleague.error is None
    assert [h.company_id for h in search.search_companies("Сидоров")] == [b]
    assert [h.company_id for h in search.search_companies("Петров")] == [a]


# The first colleague adds a contact to the company, or saves the company itself (its own UPDATE
# then holds the row): either way the second one's reindex waits for it, then indexes both.
_FIRST_SAVES = {
    "a contact": (lambda cid: store.create(Contact, {"company": cid, "name": "Петров"}, user="petrova"),
                  "Петров"),
    "the company": (lambda cid: store.update(Company, cid, 1, {"notes": "поставщик брусчатки"},
                                             user="petrova"), "брусчатки"),
}


@pytest.mark.parametrize("first_saves", list(_FIRST_SAVES))
def test_a_colleague_adding_a_contact_while_another_saves_the_company_both_get_indexed(db, first_saves):
    save, found = _FIRST_SAVES[first_saves]
    cid = _company("Ромашка")
    first = hold(lambda: save(cid))
    second = run(lambda: store.create(Contact, {"company": cid, "name": "Сидоров"}, user="ivanova"))
    wait_until_blocked()  # PostgreSQL: the second reindex waits for the first
    first.commit()
    second.join()
    assert first.error is None and second.error is None
    for text in (found, "Сидоров"):
        assert [h.company_id for h in search.search_companies(text)] == [cid], text


# --- ids ------------------------------------------------------------------------------------

def test_ids_are_not_given_again_after_an_undo(db, tmp_path):
    batch, ids = _imported(tmp_path)
    undo_import(batch, user="ivanova")
    new = _company("Ставровский индустриальный парк")
    assert new > max(ids)
    history = list_changes("2000-01-01", company=new)
    assert [(c.action, c.label) for c in history] == [("create", "Ставровский индустриальный парк")]
    # the deleted companies keep their names in the change log
    deleted = [c for c in list_changes("2000-01-01", table="company") if c.action == "delete"]
    assert sorted(c.label for c in deleted) == ["Импорт-0", "Импорт-1", "Импорт-2"]
    assert sorted(c.company_name for c in deleted) == ["Импорт-0", "Импорт-1", "Импорт-2"]


def test_renamed_record_is_shown_by_the_name_it_had(db):
    cid = _company("Ромашка")
    contact = store.create(Contact, {"company": cid, "name": "Петров"})
    store.update(Contact, contact, 1, {"position": "директор"})
    store.update(Company, cid, 1, {"short_name": "Лютик"})
    changes = list_changes("2000-01-01")
    labels = [(c.table, c.action, c.field, c.label) for c in changes]
    assert labels == [("company", "create", None, "Ромашка"), ("contact", "create", None, "Петров"),
                      ("contact", "update", "position", "Петров"),
                      ("company", "update", "short_name", "Лютик")]
    assert {c.company_name for c in changes} == {"Лютик, ООО"}

