"""A fresh export imported into the same database changes nothing (`palata import`)."""

from __future__ import annotations

import shutil

import pytest

from importers.export import export_register
from models.db import close_database, open_database
from tests.conftest import SAMPLE, run_palata
from tests.export.support import make_register, snapshot

apply = pytest.importorskip("importers.apply")


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


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample_data/palata_sample.xlsx is not generated yet")
def test_the_sample_export_imports_back_as_unchanged(sample_db, tmp_path):
    copy = tmp_path / "sample.db"
    shutil.copy(sample_db, copy)
    out = tmp_path / "sample.xlsx"
    assert run_palata("--db", str(copy), "export", str(out)).returncode == 0
    open_database(copy)
    try:
        result = apply.import_file(out, dry_run=True)
    finally:
        close_database()
    assert result.rejections == []
    assert (result.counts["created"], result.counts["updated"], result.counts["merged"]) == (0, 0, 0)
