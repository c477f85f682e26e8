"""Fixtures of the file-safety tests: real accounts, real folders with real modes."""

from __future__ import annotations

import pytest

from tests.safety.accounts import Accounts


@pytest.fixture(scope="module")
def accounts():
    team = Accounts()
    yield team
    team.cleanup()
