"""The store's tests run on SQLite and, with PALATA_TEST_PG, on PostgreSQL (tests/conftest.py)."""

import pytest


@pytest.fixture
def db(both_backends):
    return both_backends
