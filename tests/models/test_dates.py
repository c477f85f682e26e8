"""The one reader of stored days and moments (models/dates.py): whatever form a store gives a day
in (a date, a moment, ISO text with or without a time), it is the same day; a moment read back is
the same moment. Properties over any day and time, and a round trip through both stores."""

from __future__ import annotations

from datetime import date, datetime, time

from hypothesis import given
from hypothesis import strategies as st

from models.dates import day, moment

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
MOMENTS = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31, 23, 59, 59))


def test_nothing_stored_is_nothing():
    assert day(None) is None and moment(None) is None


@given(DAYS)
def test_a_day_in_any_form_is_that_day(d: date):
    assert day(d) == d
    assert day(d.isoformat()) == d  # SQLite's text
    assert type(day(d.isoformat())) is date


@given(MOMENTS, st.sampled_from([" ", "T"]))
def test_a_moment_where_a_day_is_stored_is_its_day_on_either_store(m: datetime, sep: str):
    from_postgresql, from_sqlite = day(m), day(m.isoformat(sep=sep))
    assert from_postgresql == from_sqlite == m.date()
    assert type(from_postgresql) is date and type(from_sqlite) is date  # never a datetime


@given(MOMENTS, st.sampled_from([" ", "T"]))
def test_a_moment_in_any_form_is_that_moment(m: datetime, sep: str):
    assert moment(m) == m
    assert moment(m.isoformat(sep=sep)) == m
    assert day(moment(m.isoformat(sep=sep))) == day(m.isoformat(sep=sep))


@given(DAYS)
def test_a_bare_day_read_as_a_moment_is_its_midnight(d: date):
    assert moment(d) == moment(d.isoformat()) == datetime.combine(d, time())


def test_a_due_day_read_raw_from_either_store_is_that_day(both_backends):
    """What the queries read with raw SQL (a date on PostgreSQL, text on SQLite) is one day."""
    from models import store
    from models.db import database
    from models.entities import Activity, ChangeLog, Company

    company = store.create(Company, {"short_name": "Ромашка"}, user="t")
    store.create(Activity, {"company": company, "text": "позвонить", "due_on": "2030-01-31"}, user="t")
    (raw,) = database.execute_sql("SELECT due_on FROM activity").fetchone()
    assert day(raw) == date(2030, 1, 31)
    (at,) = database.execute_sql(f"SELECT max(at) FROM {ChangeLog._meta.table_name}").fetchone()
    assert isinstance(moment(at), datetime)
