"""A fresh export imported into the same database changes nothing (`palata import`)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

import importers.apply as apply
from importers.export import export_register
from models.db import close_database, open_database
from tests.conftest import run_palata
from tests.importers.export_support import make_register, snapshot
from tests.models.duplicates_support import without_sample_duplicates


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_importing_a_fresh_export_creates_and_updates_nothing(db, tmp_path, lang):
    make_register(8)
    before = snapshot()
    out = tmp_path / f"register-{lang}.xlsx"
    export_register(out, lang=lang)
    result = apply.import_file(out)
    assert result.rejections == []
    assert (result.counts["created"], result.counts["updated"], result.counts["merged"]) == (0, 0, 0)
    assert result.counts["unchanged"] == 8
    assert snapshot() == before


def _sample_without_duplicates(sample_db, tmp_path):
    """The sample less the duplicate pairs it holds for F9: an import merges two rows of one file
    that name the same company, so a register holding unmerged duplicates does not come back as
    it was (known; the rows' "№" could tell them apart)."""
    copy = tmp_path / "sample.db"
    shutil.copy(sample_db, copy)
    open_database(copy)
    try:
        without_sample_duplicates()
    finally:
        close_database()
    return copy


def test_the_sample_export_imports_back_as_unchanged(sample_db, tmp_path):
    copy = _sample_without_duplicates(sample_db, tmp_path)
    out = tmp_path / "sample.xlsx"
    assert run_palata("--db", str(copy), "export", str(out)).returncode == 0
    open_database(copy)
    try:
        result = apply.import_file(out, dry_run=True)
    finally:
        close_database()
    assert result.rejections == []
    assert (result.counts["created"], result.counts["updated"], result.counts["merged"]) == (0, 0, 0)


def test_palata_import_of_an_export_into_an_empty_database_brings_the_whole_register(sample_db, tmp_path):
    out = tmp_path / "register.xlsx"
    assert run_palata("--db", str(sample_db), "export", str(out)).returncode == 0
    fresh = tmp_path / "fresh.db"
    result = run_palata("--db", str(fresh), "import", str(out))
    assert result.returncode == 0, result.stderr
    assert "весь реестр" in result.stdout
    tables = ("company", "contact", "interest", "mission", "participation", "meeting", "meeting_party",
              "agreement", "agreement_party", "activity")
    with sqlite3.connect(sample_db) as a, sqlite3.connect(fresh) as b:
        for table in tables:
            query = f"SELECT count(*) FROM {table}"
            assert a.execute(query).fetchone() == b.execute(query).fetchone(), table
    # imported again into a register without duplicates, it changes nothing
    clean = _sample_without_duplicates(sample_db, tmp_path)
    out = tmp_path / "clean.xlsx"
    assert run_palata("--db", str(clean), "export", str(out)).returncode == 0
    fresh = tmp_path / "fresh-clean.db"
    assert run_palata("--db", str(fresh), "import", str(out)).returncode == 0
    again = run_palata("--db", str(fresh), "import", str(out))
    assert "компаний создано: 0" in again.stdout and "компаний обновлено: 0" in again.stdout
