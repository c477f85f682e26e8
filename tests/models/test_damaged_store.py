"""A damaged store — truncated, garbage, read-only, on a full disk — gives one clear sentence and
suffers no further damage."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

from bench import scenarios
from tests.conftest import run_palata


def _one_sentence(result) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_truncated_database_file(sample_db, tmp_path):
    path = tmp_path / "truncated.db"
    data = sample_db.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    before = path.read_bytes()
    result = run_palata("--db", str(path), "search", "трубы")
    sentence = _one_sentence(result)
    assert "повреждён" in sentence or "не является" in sentence
    assert path.read_bytes() == before


@pytest.fixture
def small_fs(tmp_path):
    """A tmpfs of a few megabytes that the test can fill or make read-only (needs root)."""
    mount = tmp_path / f"fs-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _company_count(path: Path) -> int:
    with sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM company").fetchone()[0]


def test_read_only_media_reads_and_refuses_writes(small_fs, tmp_path):
    db = small_fs / "palata.db"
    scenarios.seed_register(db, companies=30)
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    found = run_palata("--db", str(db), "search", "ооо", "--limit", "3")
    assert found.returncode == 0, found.stderr
    book = scenarios.member_list(tmp_path / "list.xlsx", 20)
    sentence = _one_sentence(run_palata("--db", str(db), "import", str(book)))
    assert "только для чтения" in sentence
    assert _company_count(db) == 30


def test_full_disk_leaves_the_register_as_it_was(small_fs, tmp_path):
    db = small_fs / "palata.db"
    scenarios.seed_register(db, companies=30)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # Leave only a sliver of free space on the filesystem.
    free = shutil.disk_usage(small_fs).free
    (small_fs / "filler").write_bytes(b"\0" * max(0, free - 96 * 1024))
    book = scenarios.member_list(tmp_path / "list.xlsx", 3000)
    sentence = _one_sentence(run_palata("--db", str(db), "import", str(book)))
    assert "мест" in sentence
    os.remove(small_fs / "filler")
    assert _company_count(db) == 30
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again = run_palata("--db", str(db), "search", "ооо", "--limit", "1")
    assert again.returncode == 0, again.stderr
