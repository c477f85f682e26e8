"""Several accounts on one server, as real Unix users: a team in a setgid group folder works on
one register, the -wal/-shm one member's process makes never lock another out, and an account
that may only read browses and searches, is told in one sentence that it cannot change anything,
and leaves nothing behind that blocks the writers."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bench.scenarios import member_list
from tests.accounts import READERS_GID, TEAM_GID, Holder

READ_ONLY = "доступ к базе данных"
ONLY_READ = "только для чтения"


def _mode(path: Path) -> str:
    st = path.stat()
    return f"{stat.S_IMODE(st.st_mode):04o} {st.st_uid}:{st.st_gid}"


def _side_files(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name + "-"))


@pytest.fixture(scope="module")
def lists(accounts):
    folder = accounts.folder("lists", 0o755)
    return [member_list(folder / f"list{i}.xlsx", 5, first_inn=5_000_000 + 100 * i) for i in range(4)]


def _ok(done) -> None:
    assert done.returncode == 0, done.stderr


def test_a_team_in_a_setgid_folder_shares_the_register_and_its_side_files(accounts, lists):
    team = accounts.folder("team", 0o2770, gid=TEAM_GID)
    db = team / "palata.db"
    _ok(accounts.palata("owner", "--db", str(db), "import", str(lists[0])))
    owner = accounts.accounts["owner"]
    assert _mode(db) == f"0660 {owner.uid}:{TEAM_GID}"  # the group's, never other's
    assert _side_files(db) == []

    # the colleague alone: its process makes the -wal/-shm; the owner still writes afterwards
    _ok(accounts.palata("mate", "--db", str(db), "search", "Импорт"))
    _ok(accounts.palata("owner", "--db", str(db), "import", str(lists[1])))

    # the owner's process holds the register open: its -wal/-shm are the group's to write
    holder = Holder(accounts, "owner", db)
    try:
        for side in ("-wal", "-shm"):
            assert _mode(db.with_name(db.name + side)) == f"0660 {owner.uid}:{TEAM_GID}", side
        _ok(accounts.palata("mate", "--db", str(db), "import", str(lists[2])))
        found = accounts.palata("mate", "--db", str(db), "search", "Держатель")
        assert found.returncode == 0 and "Держатель" in found.stdout
        holder.write_again()  # and the owner goes on writing after the colleague
    finally:
        holder.stop()
    # somebody outside the group cannot even look in
    stranger = accounts.palata("stranger", "--db", str(db), "search", "Импорт")
    assert stranger.returncode != 0 and "Traceback" not in stranger.stderr
    assert "Нет прав" in stranger.stderr or "не найден" in stranger.stderr


def _reader_reads_and_may_not_write(accounts, db: Path, lists) -> None:
    found = accounts.palata("reader", "--db", str(db), "search", "Импорт")
    assert found.returncode == 0, found.stderr
    assert "Импорт-1" in found.stdout
    for args in (["import", str(lists[3])], ["import", str(lists[3]), "--dry-run"], ["undo-import", "1"],
                 ["demo", "--force"], ["merge", "1", "2"], ["undo-merge", "1"],
                 ["restore", str(db), "--yes"]):
        refused = accounts.palata("reader", "--db", str(db), *args)
        assert refused.returncode == 1, (args, refused.stderr)
        [sentence] = refused.stderr.strip().replace("\n", " ").split("palata: ")[1:]
        assert READ_ONLY in sentence and ONLY_READ in sentence, args
    doctor = accounts.palata("reader", "--db", str(db), "doctor")
    assert "Traceback" not in doctor.stderr and "Целостность" in doctor.stdout


def test_a_reader_in_a_folder_it_may_write_leaves_nothing_that_locks_the_owner_out(accounts, lists):
    """The attack of the issue: the reader used to leave -wal/-shm of its own, 0644, after which
    every import of the owner failed as "read-only" until root removed them."""
    shared = accounts.folder("shared", 0o1777)
    db = shared / "palata.db"
    _ok(accounts.palata("owner", "--db", str(db), "import", str(lists[0])))
    os.chown(db, accounts.accounts["owner"].uid, READERS_GID)
    os.chmod(db, 0o640)  # the owner lets the readers' group read
    _reader_reads_and_may_not_write(accounts, db, lists)
    assert _side_files(db) == []  # nothing of the reader's is left beside the register
    _ok(accounts.palata("owner", "--db", str(db), "import", str(lists[1])))

    # while the owner's process is writing, the reader reads through the owner's -wal/-shm
    holder = Holder(accounts, "owner", db)
    try:
        found = accounts.palata("reader", "--db", str(db), "search", "Держатель")
        assert found.returncode == 0 and "Держатель" in found.stdout, found.stderr
        owners = {p.stat().st_uid for p in shared.iterdir()}
        assert owners == {accounts.accounts["owner"].uid}
        holder.write_again()
    finally:
        holder.stop()
    _ok(accounts.palata("owner", "--db", str(db), "import", str(lists[2])))


@pytest.mark.parametrize("how", ["group read-only folder", "read-only file"])
def test_a_reader_who_cannot_write_the_folder_still_reads(accounts, lists, how):
    owner = accounts.accounts["owner"]
    if how == "group read-only folder":
        # 2750: the group may read the folder and (given as the folder's group bits) the file
        folder = accounts.folder("readers-" + how.split()[0], 0o2750, gid=READERS_GID, uid=owner.uid)
    else:
        folder = accounts.folder("readers-" + how.split()[0], 0o755, uid=owner.uid)
    db = folder / "palata.db"
    _ok(accounts.palata("owner", "--db", str(db), "import", str(lists[0])))
    if how == "group read-only folder":
        assert _mode(db) == f"0640 {owner.uid}:{READERS_GID}"
    else:
        os.chmod(db, 0o444)
    _reader_reads_and_may_not_write(accounts, db, lists)
    assert _side_files(db) == []
    if how == "group read-only folder":
        holder = Holder(accounts, "owner", db)
        try:  # the owner's -wal/-shm (0640) serve the reader, who may not write them
            found = accounts.palata("reader", "--db", str(db), "search", "Держатель")
            assert found.returncode == 0 and "Держатель" in found.stdout, found.stderr
            holder.write_again()
        finally:
            holder.stop()
        _ok(accounts.palata("owner", "--db", str(db), "import", str(lists[1])))


# What a reader's process did before: a read-only connection that made the -wal/-shm itself.
OLD_READER = ("import sqlite3, sys\n"
              "conn = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)\n"
              "conn.execute('SELECT count(*) FROM company').fetchone()\n"
              "conn.close()\n")


def test_doctor_names_side_files_another_account_left_behind(accounts, lists):
    """A register upgraded from before: a reader's process left -wal/-shm of its own, which lock
    the owner out. doctor says whose they are and what to do."""
    shared = accounts.folder("upgraded", 0o1777)
    db = shared / "palata.db"
    _ok(accounts.palata("owner", "--db", str(db), "import", str(lists[0])))
    os.chmod(db, 0o644)
    _ok(accounts.run("reader", "-c", OLD_READER, str(db)))
    reader = accounts.accounts["reader"].uid
    assert {db.with_name(db.name + s).stat().st_uid for s in ("-wal", "-shm")} == {reader}
    refused = accounts.palata("owner", "--db", str(db), "import", str(lists[1]))
    assert refused.returncode == 1 and "только для чтения" in refused.stderr
    doctor = accounts.palata("owner", "--db", str(db), "doctor")
    assert doctor.returncode == 1
    assert "[!!] Файл базы данных или его папка доступны всем пользователям сервера" in doctor.stdout
    assert f"{db}-shm (-rw-r--r--) принадлежит учётной записи {reader}" in doctor.stdout
