"""Fixtures of the store's tests: `db` runs on SQLite and, with PALATA_TEST_PG, on PostgreSQL
(tests/conftest.py); real Unix accounts for the file-safety tests."""

from __future__ import annotations

import pytest

from tests.accounts import Accounts


@pytest.fixture
def db(both_backends):
    return both_backends


@pytest.fixture(scope="module")
def accounts():
    team = Accounts()
    yield team
    team.cleanup()
