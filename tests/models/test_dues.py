"""Dues to chase: a follow-up for each debtor in one action, none twice, taken back whole unless
a colleague has worked on one since — on both stores."""

from __future__ import annotations

from datetime import date

import pytest

from models import dues, editing, reports, store
from models.entities import Activity
from tests.models.report_register import make_known_register

TEXT = "Позвонить: взносы не оплачены"


def test_chase_sets_one_followup_per_debtor_and_undo_takes_them_back(db):
    ids = make_known_register(db)
    debtors = [x.company_id for x in reports.report(reports.Period.year(2025), today=date(2026, 1, 5))
               .dues.debtors]
    assert debtors == [ids["D"], ids["C"], ids["F"]]
    made = dues.chase(debtors, TEXT, date(2026, 1, 12), author="ivanova", today=date(2026, 1, 5))
    assert len(made) == 3
    opened = [f for f in editing.open_followups(author="ivanova") if f.text == TEXT]
    assert [(f.company_id, f.due_on, f.kind) for f in opened] == [
        (ids["D"], date(2026, 1, 12), "call"), (ids["C"], date(2026, 1, 12), "call"),
        (ids["F"], date(2026, 1, 12), "call")]
    # asked again: those who have it open get no second one
    assert dues.chase(debtors, TEXT, date(2026, 1, 19), author="ivanova") == []
    assert dues.unchase(made) == 3
    assert Activity.select().where(Activity.text == TEXT).count() == 0
    assert [r.action for r in store.history("activity", made[0])] == ["create", "delete"]


def test_undo_is_refused_when_a_followup_was_done_since(db):
    ids = make_known_register(db)
    made = dues.chase([ids["D"], ids["C"]], TEXT, date(2026, 1, 12))
    editing.mark_done(made[1], 1)
    with pytest.raises(dues.ChaseChanged) as refused:
        dues.unchase(made)
    assert refused.value.names == ["Вега, ООО"]
    assert Activity.select().where(Activity.text == TEXT).count() == 2
