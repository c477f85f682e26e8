"""A register made by the migrations before one of them: for testing what that migration does to
a register that exists already."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import models.db
from models import backend
from models.db import close_database, open_database


def only_before(number: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on in this test, stores are made and migrated by the migrations before `number`."""
    older = tmp_path / f"migrations-before-{number}"

    def later(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n == "__pycache__" or (n[:4].isdigit() and n[:4] >= number)}

    shutil.copytree(models.db.MIGRATIONS_DIR, older, ignore=later)
    monkeypatch.setattr(models.db, "MIGRATIONS_DIR", older)


def register_before(number: str, location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                    fill: Callable[[], object] = lambda: None) -> str:
    """`location` made by the migrations before `number` ("0015") only, as a register made by an
    older release, with `fill` run in it; returned closed, so that the next opening applies
    `number` and those after it, in order."""
    with monkeypatch.context() as m:
        only_before(number, tmp_path, m)
        if number <= "0022":  # PostgreSQL's numbers of words by prefix are not there yet
            m.setattr(backend.PostgresBackend, "keeps_prefix_counts", False)
        open_database(location)
        fill()
        close_database()
    return location
