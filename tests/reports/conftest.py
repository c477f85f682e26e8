"""The report tests run on SQLite and, with PALATA_TEST_PG, on PostgreSQL (tests/conftest.py);
the screen's tests on a private copy of the sample (tests/app)."""

import pytest

from tests.app.conftest import app_db  # noqa: F401


@pytest.fixture
def db(both_backends):
    return both_backends
