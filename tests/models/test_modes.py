"""Every file Palata creates, made under the usual umask 022: private (0600, folders 0700) in an
ordinary folder, the group's (0660, folders 2770) in a team's setgid folder, never anything for
"other". And `palata doctor` says when the register or its folder is open to everyone."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from playhouse.migrations import Runner

from bench.scenarios import member_list
from models import store
from models.db import MIGRATIONS_DIR, close_database, open_database
from models.entities import Company
from tests.accounts import TEAM_GID
from tests.conftest import REPO, run_palata

CRASH = """
import sys, tui.cli
def boom(args):
    raise RuntimeError("a bug while working on " + str(args.db))
tui.cli.COMMANDS["search"] = boom
sys.argv = ["palata", *sys.argv[1:]]
sys.exit(tui.cli.main())
"""


def palata_022(*args: str, home: Path, python_code: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command under umask 022, with its own home (data and log folders)."""
    env = {**os.environ, "PALATA_LANG": "ru", "NO_COLOR": "1", "COLUMNS": "200", "HOME": str(home)}
    for name in ("PALATA_DB", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        env.pop(name, None)
    head = ["-c", python_code] if python_code else ["-m", "tui.cli"]
    return subprocess.run([sys.executable, *head, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=180, umask=0o022)


def _ok(done) -> None:
    assert done.returncode == 0, done.stderr


def _modes(paths: dict[str, Path]) -> dict[str, str]:
    return {name: f"{stat.S_IMODE(p.stat().st_mode):04o}" for name, p in paths.items()}


@pytest.fixture(params=["ordinary folder", "setgid group folder"])
def place(request, tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    if request.param == "setgid group folder":
        # root hands the folder to a team's group; another account uses its own group
        gid = TEAM_GID if os.geteuid() == 0 else os.getegid()
        os.chown(folder, -1, gid)
        os.chmod(folder, 0o2770)
        return folder, "0660", "2770", gid
    os.chmod(folder, 0o755)
    return folder, "0600", "0700", None


def test_every_file_palata_creates_is_closed_to_other_accounts(place, tmp_path):
    folder, file_mode, folder_mode, gid = place
    home = tmp_path / "home"
    home.mkdir()
    book = member_list(tmp_path / "list.xlsx", 5)
    db = folder / "sub" / "palata.db"  # a folder Palata makes for the register
    _ok(palata_022("--db", str(db), "import", str(book), "--report", str(folder / "report.xlsx"), home=home))
    _ok(palata_022("--db", str(db), "backup", str(folder / "backup.db"), home=home))
    _ok(palata_022("--db", str(db), "export", str(folder / "export.xlsx"), home=home))
    _ok(palata_022("--db", str(db), "brief", "Импорт-1", "--out", str(folder / "brief.md"), home=home))
    _ok(palata_022("--db", str(db), "copy", "--to", str(folder / "copy.db"), home=home))
    crash = palata_022("--db", str(db), "search", "x", home=home, python_code=CRASH)
    assert "Внутренняя ошибка" in crash.stderr
    _ok(palata_022("import", str(book), home=home))  # the default register in the data folder

    open_database(db)  # a writer at work: its -wal/-shm
    try:
        company = Company.get(Company.short_name == "Импорт-1")
        store.update(Company, company.id, company.version, {"city": "Суздаль"})
        side = _modes({s: db.with_name(db.name + s) for s in ("-wal", "-shm")})
    finally:
        close_database()

    old = folder / "old.db"  # a register of an older schema, migrated (and backed up) on opening
    older = open_database(old, migrate=False)
    Runner(older, directory=str(MIGRATIONS_DIR), table_name="schema_migration").up("0001_initial")
    close_database()
    _ok(palata_022("--db", str(old), "search", "x", home=home))
    [migration_backup] = folder.glob("old.db.before-*.bak")

    names = ("report.xlsx", "backup.db", "export.xlsx", "brief.md", "copy.db")
    made = {name: folder / name for name in names}
    made.update({"palata.db": db, "migration backup": migration_backup, "old.db": old})
    modes = {**_modes(made), **{f"palata.db{s}": m for s, m in side.items()}}
    assert modes == {name: file_mode for name in modes}, modes
    assert _modes({"sub": db.parent}) == {"sub": folder_mode}
    if gid is not None:
        assert {p.stat().st_gid for p in [*made.values(), db.parent]} == {gid}

    # the account's own folders: the data folder with the default register, the error log
    data = home / ".local" / "share" / "palata"
    log = home / ".local" / "state" / "palata" / "log"
    assert _modes({"data": data, "data/palata.db": data / "palata.db", "log": log,
                   "log/palata-errors.log": log / "palata-errors.log"}) == {
        "data": "0700", "data/palata.db": "0600", "log": "0700", "log/palata-errors.log": "0600"}
    assert sorted(p.name for p in folder.iterdir() if ".part" in p.name) == []


def test_doctor_warns_when_everyone_may_read_or_write_the_register(tmp_path):
    folder = tmp_path / "srv"
    folder.mkdir(mode=0o750)
    db = folder / "palata.db"
    _ok(run_palata("--db", str(db), "import", str(member_list(tmp_path / "list.xlsx", 3))))
    fine = run_palata("--db", str(db), "doctor")
    assert fine.returncode == 0 and "[ок] Файл базы данных закрыт от посторонних" in fine.stdout

    os.chmod(db, 0o644)
    os.chmod(folder, 0o777)
    warned = run_palata("--db", str(db), "doctor")
    assert warned.returncode == 1
    text = warned.stdout
    assert "[!!] Файл базы данных или его папка доступны всем пользователям сервера" in text
    assert f"файл {db} (-rw-r--r--): читать может любой пользователь сервера" in text
    assert f"папка {folder} (drwxrwxrwx): читать и изменять может любой пользователь сервера" in text
    assert f"chmod o-rwx {db}" in text
