"""Links planted in a shared folder never redirect a write: for every file Palata writes, a link at
the predictable temporary name (`OUT.part`, and a database's -journal/-wal) and one at the target
itself. The files the links point to stay as they were, the file lands where it was asked, and a
link at the target is replaced by the file (os.replace renames over the link, not through it)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playhouse.migrations import Runner

from bench.scenarios import member_list
from models.db import MIGRATIONS_DIR, close_database, open_database
from tests.conftest import REPO, run_palata

VICTIM = "a file of somebody else's that must not change\n"


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("register")
    db, book = folder / "palata.db", member_list(folder / "list.xlsx", 5)
    done = run_palata("--db", str(db), "import", str(book))
    assert done.returncode == 0, done.stderr
    return db, book


def _plant(folder: Path, target: Path, side: tuple[str, ...] = (".part",)) -> dict[Path, Path]:
    """Links at the target and at its side names, each to a victim (dangling ones too: a write
    through them would create the file where the planter chose)."""
    victims = folder / "victims"
    victims.mkdir()
    links = {}
    existing = victims / "target-victim.txt"
    existing.write_text(VICTIM)
    target.symlink_to(existing)
    links[target] = existing
    for i, suffix in enumerate(side):
        link = target.with_name(target.name + suffix)
        pointed = victims / f"victim{i}.txt"
        if i % 2 == 0:
            pointed.write_text(VICTIM)
        link.symlink_to(pointed)
        links[link] = pointed
    return links


def _untouched(links: dict[Path, Path], before: set[str]) -> None:
    for link, pointed in links.items():
        if pointed.exists():
            assert pointed.read_text() == VICTIM, f"written through {link.name}"
    victims = next(iter(links.values())).parent
    assert {p.name for p in victims.iterdir()} == before, "a file was created through a link"


def _landed(target: Path) -> None:
    assert target.is_file() and not target.is_symlink()
    assert sorted(p.name for p in target.parent.iterdir() if p.name.startswith(".")) == []


def _db_rows(path: Path) -> int:
    # immutable: the planted -wal/-shm links beside it are not Palata's to read
    with sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM company").fetchone()[0]


WRITERS = {
    "report": (lambda db, book, out: ["--db", str(db), "import", str(book), "--dry-run",
                                      "--report", str(out)],
               "report.xlsx", lambda out: load_workbook(out).sheetnames[0] == "Отклонено"),
    "brief": (lambda db, book, out: ["--db", str(db), "brief", "Импорт-1", "--out", str(out)],
              "brief.md", lambda out: "Импорт-1" in out.read_text(encoding="utf-8")),
    "backup": (lambda db, book, out: ["--db", str(db), "backup", str(out)],
               "backup.db", lambda out: _db_rows(out) == 5),
    "export": (lambda db, book, out: ["--db", str(db), "export", str(out)],
               "export.xlsx", lambda out: "Компании" in load_workbook(out).sheetnames),
    "copy": (lambda db, book, out: ["--db", str(db), "copy", "--to", str(out)],
             "copy.db", lambda out: _db_rows(out) == 5),
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_planted_link_never_redirects_a_write(writer, register, tmp_path):
    db, book = register
    command, name, is_right = WRITERS[writer]
    shared = tmp_path / "shared"
    shared.mkdir()
    out = shared / name
    side = (".part", "-journal", "-wal", "-shm") if name.endswith(".db") else (".part", ".tmp")
    links = _plant(tmp_path, out, side)
    before = {p.name for p in (tmp_path / "victims").iterdir()}
    done = run_palata(*command(db, book, out))
    assert done.returncode == 0, done.stderr
    _untouched(links, before)
    _landed(out)
    assert is_right(out)


def test_the_backup_before_a_migration_ignores_planted_links(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    db = folder / "old.db"
    older = open_database(db, migrate=False)
    Runner(older, directory=str(MIGRATIONS_DIR), table_name="schema_migration").up("0001_initial")
    older.execute_sql("INSERT INTO company (version, short_name, sort_name, country) "
                      "VALUES (1, 'Старая', 'старая', 'Россия')")
    close_database()
    second = sorted(p.stem for p in MIGRATIONS_DIR.glob("0*.py"))[1]
    victims = tmp_path / "victims"
    victims.mkdir()
    victim = victims / "victim.txt"
    victim.write_text(VICTIM)
    # the backup's name holds the time of the start: links for every second of the next minutes
    start = datetime.now()
    for second_ in range(180):
        stamp = (start + timedelta(seconds=second_)).strftime("%Y%m%d-%H%M%S")
        name = f"{db.name}.before-{second}-{stamp}.bak"
        (folder / name).symlink_to(victim)
        (folder / (name + ".part")).symlink_to(victims / f"stolen-{stamp}")
    done = run_palata("--db", str(db), "search", "Старая")
    assert done.returncode == 0 and "Старая" in done.stdout, done.stderr
    assert victim.read_text() == VICTIM
    assert sorted(p.name for p in victims.iterdir()) == ["victim.txt"]
    [backup] = [p for p in folder.glob("*.bak") if not p.is_symlink()]
    assert backup.is_file()
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT short_name FROM company").fetchall() == [("Старая",)]


def test_a_link_at_the_error_log_is_not_followed(tmp_path):
    home = tmp_path / "home"
    log = home / ".local" / "state" / "palata" / "log"
    log.mkdir(parents=True)
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM)
    (log / "palata-errors.log").symlink_to(victim)
    crash = ("import sys, tui.cli\n"
             "def boom(args): raise RuntimeError('bug')\n"
             "tui.cli.COMMANDS['search'] = boom\n"
             "sys.argv = ['palata', 'search', 'x']\n"
             "sys.exit(tui.cli.main())\n")
    env = {**os.environ, "PALATA_LANG": "ru", "NO_COLOR": "1", "HOME": str(home)}
    env.pop("XDG_STATE_HOME", None)
    done = subprocess.run([sys.executable, "-c", crash], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1 and "Внутренняя ошибка" in done.stderr and "Traceback" not in done.stderr
    assert victim.read_text() == VICTIM


@pytest.mark.parametrize("command", [["backup", "{missing}/x.db"], ["backup", "{folder}"],
                                     ["brief", "Импорт-1", "--out", "{missing}/x.md"],
                                     ["copy", "--to", "{missing}/x.db"]])
def test_a_target_that_cannot_be_written_is_one_sentence(command, register, tmp_path):
    db, _ = register
    args = [a.format(missing=tmp_path / "missing", folder=tmp_path) for a in command]
    done = run_palata("--db", str(db), *args)
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr
    assert "Внутренняя ошибка" not in done.stderr and done.stderr.startswith("palata: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
