"""The importers tests run on SQLite and, with PALATA_TEST_PG, on PostgreSQL (tests/conftest.py),
the export's among them; a module may still ask for SQLite alone (`db` from `sqlite_db`)."""

import pytest


@pytest.fixture
def db(both_backends):
    return both_backends
