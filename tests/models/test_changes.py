"""What changed since a date: filters by user, table and company, names of the companies."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from models import store
from models.changes import as_start, list_changes
from models.db import database
from models.entities import Company, Contact
from models.merge import merge_companies
from tests.conftest import history_rewritable, recorded_user
from tests.models.duplicates_support import company


def test_changes_across_the_register_with_filters(db):
    a = company("Ромашка", legal_form="ООО", city="Владимир")
    b = company("Лютик")
    contact = store.create(Contact, {"company": a, "name": "Иванов Иван"}, user="petrov")
    store.update(Company, a, 1, {"city": "Муром"}, user="petrov")
    store.update(Contact, contact, 1, {"position": "директор"}, user="ivanova")
    with history_rewritable(database):
        database.execute_sql("UPDATE change_log SET at = '2020-01-01 10:00:00' WHERE row_id = ? "
                             "AND \"table\" = 'company' AND action = 'create'", (b,))

    everything = list_changes("2021-01-01")
    assert [(c.table, c.action) for c in everything] == [
        ("company", "create"), ("contact", "create"), ("company", "update"), ("contact", "update")]
    assert {c.company_name for c in everything} == {"Ромашка, ООО"}
    city = everything[2]
    assert (city.field, city.old, city.new, city.user, city.company_id) == ("city", "Владимир", "Муром",
                                                                           recorded_user("petrov"), a)
    assert everything[1].summary == "Иванов Иван"
    if recorded_user("ivanova") == "ivanova":  # on PostgreSQL every entry names the test's role
        assert [c.field for c in list_changes("2021-01-01", user="ivanova")] == ["position"]
    assert [c.action for c in list_changes("2021-01-01", table="contact")] == ["create", "update"]
    assert len(list_changes("2019-12-31", company=b)) == 1
    assert len(list_changes("01.01.2019", company=a)) == 4
    assert [c.action for c in list_changes("2019-01-01", limit=2)] == ["update", "update"]
    # a limit keeps the newest entries, oldest of them first, with a company's filter too
    assert [(c.table, c.action) for c in list_changes("2019-01-01", company=a, limit=3)] == [
        ("contact", "create"), ("company", "update"), ("contact", "update")]
    assert list_changes("2019-01-01", company=a, limit=0) == []


def test_changes_of_a_merge_belong_to_the_kept_company(db):
    keep = company("Ромашка")
    other = company("ООО Ромашка")
    store.create(Contact, {"company": other, "name": "Петров"})
    merge_companies(keep, [other], user="sidorov")
    merged = list_changes("today", user=recorded_user("sidorov"), company=keep)
    assert {(c.table, c.field) for c in merged} >= {("contact", "company"), ("company", "archived_at"),
                                                    ("company", "merged_into")}


def test_as_start_reads_dates_people_type():
    today = datetime.combine(datetime.now().date(), datetime.min.time())
    assert as_start("2025-12-08") == as_start("08.12.2025") == datetime(2025, 12, 8)
    assert as_start("2025-12-08 14:30") == datetime(2025, 12, 8, 14, 30)
    assert as_start("сегодня") == as_start("today") == today
    assert as_start("вчера") == today - timedelta(days=1)
    assert as_start("7d") == today - timedelta(days=7)
    with pytest.raises(ValueError):
        as_start("на прошлой неделе")
