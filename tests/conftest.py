"""Shared fixtures: real temporary SQLite files and the real `palata` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.db import close_database, open_database

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_data" / "palata_sample.xlsx"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "palata.db"


@pytest.fixture
def db(db_path: Path):
    """An opened, migrated, empty store in a temporary file."""
    database = open_database(db_path)
    yield database
    close_database()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """A database file with the sample data loaded once per test process (copy it to write)."""
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    result = run_palata("--db", str(path), "demo")
    assert result.returncode == 0, result.stderr
    return path


def run_palata(*args: str, env: dict[str, str] | None = None, timeout: float = 120,
               input: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess, with Russian as the interface language unless told."""
    full_env = {**os.environ, "PALATA_LANG": "ru", "NO_COLOR": "1", "COLUMNS": "200"}
    full_env.pop("PALATA_DB", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=REPO, env=full_env,
                          capture_output=True, text=True, timeout=timeout, input=input)
