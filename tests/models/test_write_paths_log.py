"""Every way the register is changed leaves its lines in the change log, on both stores: the write
path (`models.store`) and each writer that works beside it for a reason its docstring gives — a
meeting's parties (`models.editing`), the chamber's settings, a merge and its undo, an import and
its undo. A writer that forgot the log would change members with nobody able to say who did."""

from __future__ import annotations

from datetime import date

from importers.apply import import_file, undo_import
from models import editing, merge, settings, store
from models.entities import ChangeLog, Company, Meeting
from models.identifiers import make_inn
from tests.importers.xlfixtures import write_xlsx


def _new_lines(since: int) -> list[tuple[str, str, str | None]]:
    """(table, action, field) of the change log's lines after id `since`."""
    rows = ChangeLog.select().where(ChangeLog.id > since).order_by(ChangeLog.id)
    return [(r.table, r.action, r.field) for r in rows]


def _last() -> int:
    row = ChangeLog.select(ChangeLog.id).order_by(ChangeLog.id.desc()).first()
    return row.id if row else 0


def _company(name: str, inn: str) -> int:
    return store.create(Company, {"short_name": name, "inn": make_inn(inn), "city": "Владимир"})


def test_the_write_path_logs_creating_changing_archiving_and_restoring(db):
    mark = _last()
    company = _company("Ковровские трубы", "330500002")
    store.update(Company, company, 1, {"city": "Ковров"})
    store.archive(Company, company, 2)
    store.restore(Company, company, 3)
    lines = _new_lines(mark)
    assert lines[0] == ("company", "create", None)
    assert ("company", "update", "city") in lines
    assert [a for t, a, _ in lines if t == "company"][-2:] == ["archive", "restore"]


def test_a_meetings_parties_are_logged_on_the_meeting(db):
    first, second = _company("Первая", "332700001"), _company("Вторая", "332700002")
    mark = _last()
    meeting = editing.create_with_parties(Meeting, {"subject": "Переговоры", "held_on": date(2025, 12, 9)},
                                          [first])
    editing.update_with_parties(Meeting, meeting, 1, {}, [first, second])
    lines = _new_lines(mark)
    assert any(t == "meeting" and a == "create" for t, a, _ in lines)
    assert ("meeting", "update", "parties") in lines


def test_a_chamber_setting_is_logged(db):
    mark = _last()
    settings.put("region", "Владимирская область")
    assert _new_lines(mark) == [("setting", "update", "region")]


def test_a_merge_and_its_undo_are_logged(db):
    # the twin has no INN of its own: a merge takes each field from the company updated last, and
    # the two are made in the same second, or not, as the clock has it
    keep = _company("Трубы", "332700003")
    other = store.create(Company, {"short_name": "Трубы", "city": "Владимир"})
    mark = _last()
    result = merge.merge_companies(keep, [other])
    assert _new_lines(mark) == [("company", "archive", "archived_at"), ("company", "update", "merged_into")]
    mark = _last()
    assert result.merge_id is not None
    merge.undo_merge(result.merge_id)
    assert _new_lines(mark) == [("company", "restore", "archived_at"), ("company", "update", "merged_into")]


def test_an_import_and_its_undo_are_logged(db, tmp_path):
    book = tmp_path / "members.xlsx"
    write_xlsx(book, {"Члены": [["Наименование", "ИНН", "Город"],
                                ["Суздальский хлеб", make_inn("332700005"), "Суздаль"]]})
    mark = _last()
    result = import_file(book)
    assert any(t == "company" and a == "create" for t, a, _ in _new_lines(mark))
    mark = _last()
    assert result.batch_id is not None
    undo_import(result.batch_id)
    assert any(t == "company" for t, _, _ in _new_lines(mark))
