"""The store going away under a process: a PostgreSQL connection dropped mid-import, an SQLite file
removed or replaced while it is open, a mistyped --db path, an export interrupted or out of disk,
and arguments that are no UTF-8 text."""

from __future__ import annotations

import asyncio
import errno
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from models import store
from models.db import close_database, database, open_database
from models.entities import Company
from models.errors import StoreError
from tests.conftest import REPO, run_palata
from tests.importers.xlfixtures import write_xlsx
from tui.sentences import said

HEADER = ["Наименование", "ИНН", "Город"]


# --- PostgreSQL: the connection dropped in the middle of an import -----------------------------

def test_a_connection_dropped_mid_import_is_called_connection_lost(pg_server, tmp_path):
    """The server drops the import's connection inside its transaction (a DBA's
    pg_terminate_backend, at the moment the import waits to write its batch): the user reads
    "connection lost", nothing is half-written."""
    import psycopg2

    url = pg_server.create()
    open_database(url)
    close_database()
    book = write_xlsx(tmp_path / "list.xlsx", {"Лист1": [HEADER, ["ООО Ромашка", None, "Владимир"],
                                                         ["АО Вектор", None, "Ковров"]]})
    blocker = psycopg2.connect(url)
    with blocker.cursor() as cur:  # the import will wait here, inside its write transaction
        cur.execute("LOCK TABLE import_batch IN EXCLUSIVE MODE")
    env = {**os.environ, "PALATA_LANG": "ru", "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("PALATA_DB", None)
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "--db", url, "import", str(book)], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        name = url.rsplit("/", 1)[1]
        waiting = None
        while waiting is None:  # until the import's session waits for our lock
            assert proc.poll() is None, proc.communicate()
            with pg_server.admin.cursor() as cur:
                cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s "
                            "AND wait_event_type = 'Lock' AND application_name = 'palata'", (name,))
                row = cur.fetchone()
            waiting = row[0] if row else None
        with pg_server.admin.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(%s)", (waiting,))
    finally:
        blocker.rollback()
        blocker.close()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, (out, err)
    flat = " ".join(err.split())
    assert "Соединение с сервером базы данных" in flat and "потеряно" in flat, err
    assert "Внутренняя ошибка" not in flat and "Traceback" not in err
    with psycopg2.connect(url) as conn, conn.cursor() as cur:  # nothing half-done
        cur.execute("SELECT count(*) FROM company")
        assert cur.fetchone()[0] == 0
    conn.close()


def test_a_connection_found_closed_inside_a_transaction_is_connection_lost(pg_server, monkeypatch, capsys):
    """Once psycopg2 knows the connection is gone, the next statement (or the rollback) of the
    transaction raises InterfaceError, which is no DatabaseError: it is still "connection lost",
    in the command and in the app, never "internal error"."""
    import peewee

    from models.db import explain, is_store_failure
    from tui import cli
    from tui.sentences import store_sentence

    url = pg_server.create()
    open_database(url)
    try:
        with pytest.raises(peewee.InterfaceError) as caught:
            with database.atomic():
                pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
                with pg_server.admin.cursor() as cur:
                    cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
                try:
                    database.execute_sql("SELECT 1")
                except peewee.OperationalError:
                    pass  # a best-effort step that swallowed the first error
                database.execute_sql("SELECT 1")
    finally:
        close_database()
    lost = caught.value
    assert is_store_failure(lost) and explain(lost).kind == "connection_lost"
    assert "Соединение с сервером базы данных потеряно" in store_sentence(lost)

    def fails(args):
        raise lost

    monkeypatch.setitem(cli.COMMANDS, "doctor", fails)
    assert cli.main(["--lang", "ru", "--db", url, "doctor"]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "Соединение с сервером базы данных" in err and "потеряно" in err and "Внутренняя" not in err


# --- SQLite: the file is the file --------------------------------------------------------------

def test_a_removed_file_is_noticed_and_nothing_is_written_into_it(tmp_path):
    path = tmp_path / "palata.db"
    open_database(path)
    try:
        cid = store.create(Company, {"short_name": "Ромашка"})
        keep = tmp_path / "the-unlinked-file.db"
        os.link(path, keep)  # the inode the process has open stays reachable to look into
        path.unlink()
        with pytest.raises(StoreError) as caught:
            store.update(Company, cid, 1, {"city": "Муром"})
        assert caught.value.kind == "file_gone"
        assert "удалён" in said(caught.value)
        with pytest.raises(StoreError):
            store.create(Company, {"short_name": "Вектор"})
        assert not path.exists()  # no new empty register made at the path either
        # the open connection still reads the unlinked file: nothing went into it
        rows = database.execute_sql("SELECT short_name, city FROM company").fetchall()
        assert rows == [("Ромашка", None)]
    finally:
        close_database()


@pytest.fixture
def foreign_register(tmp_path) -> Path:
    """Another register's file, holding one company of its own, «Чужая компания»."""
    other = tmp_path / "other.db"
    open_database(other)
    store.create(Company, {"short_name": "Чужая компания"})
    close_database()
    return other


def test_a_register_moved_over_the_path_is_not_written_by_the_old_process(tmp_path, foreign_register):
    path = tmp_path / "palata.db"
    other = foreign_register
    open_database(path)
    try:
        cid = store.create(Company, {"short_name": "Ромашка"})
        staged = tmp_path / "staged.db"
        shutil.copy(other, staged)
        os.replace(staged, path)  # copied beside it and renamed over, as cp --remove-destination / rsync do
        with pytest.raises(StoreError) as caught:
            store.update(Company, cid, 1, {"city": "Муром"})
        assert caught.value.kind == "file_replaced"
    finally:
        close_database()
    # the old file's -wal was not left to be replayed into the new one
    open_database(path)
    try:
        assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [c.short_name for c in Company.select()] == ["Чужая компания"]
        assert Company.select().where(Company.city == "Муром").count() == 0
    finally:
        close_database()


def test_a_register_copied_into_the_open_file_is_noticed_and_kept_whole(tmp_path, foreign_register):
    """`cp other.db palata.db` while a process has palata.db open: the same inode now holds
    another register. The process refuses to write, says the file was replaced, and neither its
    writes nor its log (which SQLite would copy in when it closes) reach the register copied in."""
    path = tmp_path / "palata.db"
    other = foreign_register
    open_database(path)
    try:
        cid = store.create(Company, {"short_name": "Ромашка"})
        for n in range(20):  # pages in the log, not yet in the file
            store.update(Company, cid, n + 1, {"notes": f"правка {n}"})
        inode = path.stat().st_ino
        shutil.copyfile(other, path)  # written into the open file, as cp does
        assert path.stat().st_ino == inode
        with pytest.raises(StoreError) as caught:
            store.update(Company, cid, 21, {"city": "Муром"})
        assert caught.value.kind == "file_replaced"
        assert "заменён другим" in said(caught.value)
        with pytest.raises(StoreError):
            store.create(Company, {"short_name": "Вектор"})
    finally:
        close_database()
    open_database(path)
    try:
        assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [c.short_name for c in Company.select()] == ["Чужая компания"]
    finally:
        close_database()


def test_a_process_that_restores_a_backup_keeps_its_colleagues_writing(tmp_path):
    """`palata restore` is the way to put a register back: a process that has the file open goes
    on saving after it (the register keeps its id), unlike after a copy over the file."""
    path = tmp_path / "palata.db"
    open_database(path)
    try:
        cid = store.create(Company, {"short_name": "Ромашка"})
        backup = tmp_path / "copy.db"
        assert run_palata("--db", str(path), "backup", str(backup)).returncode == 0
        store.update(Company, cid, 1, {"city": "Суздаль"})
        done = run_palata("--db", str(path), "restore", str(backup), "--yes")
        assert done.returncode == 0, done.stderr
        back = Company.get_by_id(cid)
        assert (back.city, back.version) == (None, 1), (back.city, back.version)
        store.update(Company, cid, 1, {"city": "Муром"})  # the restored row is at version 1 again
        assert Company.get_by_id(cid).city == "Муром"
    finally:
        close_database()


def test_the_app_says_so_when_its_file_is_removed_and_refuses_the_save(tmp_path):
    from tests.tui.failing_store import settle
    from tui.app import PalataApp
    from tui.background import banner_of
    from tui.forms.company_form import CompanyForm
    from tui.i18n import set_language

    path = tmp_path / "palata.db"
    open_database(path)
    set_language("ru")
    cid = store.create(Company, {"short_name": "Ромашка"})

    async def scenario():
        app = PalataApp(location=str(path), poll=0.05)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            form = CompanyForm(cid)
            await app.push_screen(form)
            await settle(pilot)
            path.unlink()
            while banner_of(app.screen) is None:  # the refresh notices within a tick or two
                await pilot.pause(0.05)
            assert "удалён, пока Palata работала" in banner_of(app.screen).sentence
            form.row("city").set_value("Муром")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form and app.is_running
            assert "удалён" in str(form.query_one("#form-banner").render())

    try:
        asyncio.run(scenario())
    finally:
        close_database()
    assert not path.exists()


# --- a mistyped --db path ----------------------------------------------------------------------

def test_the_app_makes_no_register_at_a_path_that_holds_none(tmp_path):
    typo = tmp_path / "srv" / "palta" / "palata.db"
    result = run_palata("--db", str(typo))
    assert result.returncode == 2
    flat = " ".join(result.stderr.split())
    assert f"В {typo} нет реестра Palata" in flat and f"palata --db {typo} init" in flat
    assert "demo" in flat and "Traceback" not in result.stderr
    assert not (tmp_path / "srv").exists()
    # the same through PALATA_DB
    result = run_palata("app", env={"PALATA_DB": str(typo)})
    assert result.returncode == 2 and not (tmp_path / "srv").exists()


def test_init_makes_a_register_once(tmp_path):
    path = tmp_path / "palata.db"
    made = run_palata("--db", str(path), "init")
    assert made.returncode == 0 and path.exists(), made.stderr
    assert "Создан пустой реестр" in made.stdout
    again = run_palata("--db", str(path), "init")
    assert again.returncode == 2 and "уже есть реестр" in again.stderr
    assert run_palata("--db", str(path), "search", "что-нибудь").returncode == 0


def test_a_first_start_on_the_default_location_still_makes_the_register(tmp_path, monkeypatch):
    from tui import cli
    from tui.app import PalataApp

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("PALATA_DB", raising=False)
    monkeypatch.setattr(PalataApp, "run", lambda self: None)  # everything up to the screen is real
    assert cli.main(["--lang", "ru"]) == 0
    assert (tmp_path / "data" / "palata" / "palata.db").exists()


# --- export: interrupted, killed, out of disk ----------------------------------------------------

@pytest.fixture
def register(tmp_path) -> Path:
    path = tmp_path / "reg.db"
    open_database(path)
    for n in range(30):
        store.create(Company, {"short_name": f"Компания {n}", "city": "Владимир"})
    close_database()
    return path


def _leftovers(*folders: Path) -> list[str]:
    return sorted(p.name for folder in folders for p in folder.iterdir()
                  if p.name.endswith(".part") or p.name.startswith("palata-export-"))


@pytest.mark.parametrize("how", ["sigterm", "ctrl_c"])
def test_an_interrupted_export_leaves_nothing_behind(register, tmp_path, monkeypatch, capsys, how):
    """Stopped after its first sheet (a real SIGTERM through the command's handler, or Ctrl+C):
    no .part beside the target, no folder of rows in the temporary folder."""
    from importers import export
    from tui import cli

    temp = tmp_path / "temp"
    temp.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    finish = export._Writer.finish

    def stop_after_first_sheet(self, count):
        finish(self, count)
        assert _leftovers(temp, out)  # the temporary files exist at this moment
        if how == "sigterm":
            os.kill(os.getpid(), signal.SIGTERM)
        else:
            raise KeyboardInterrupt

    monkeypatch.setattr(export._Writer, "finish", stop_after_first_sheet)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        code = cli.main(["--lang", "ru", "--db", str(register), "export", str(out / "reg.xlsx")])
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert code == (143 if how == "sigterm" else 130)
    assert "Прервано" in capsys.readouterr().err
    assert _leftovers(temp, out) == [] and not (out / "reg.xlsx").exists()


def test_what_a_killed_export_left_is_swept_by_the_next(register, tmp_path, monkeypatch):
    """An export killed outright (SIGKILL) cannot clean up: its folder of rows, in the temporary
    folder, is removed by the next export (a running export's folder stays)."""
    temp = tmp_path / "temp"
    temp.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()  # the pid of a process that has ended
    rows = temp / f"palata-export-{dead}-abc"
    rows.mkdir()
    (rows / "tmp123").write_text("Компания 1;Владимир")
    mine = temp / f"palata-export-{os.getpid()}-live"
    mine.mkdir()
    result = run_palata("--db", str(register), "export", str(out / "reg.xlsx"), env={"TMPDIR": str(temp)})
    assert result.returncode == 0, result.stderr
    assert not rows.exists() and mine.exists()
    assert _leftovers(out) == []


def test_an_export_killed_outright_leaves_only_a_private_folder_the_next_export_sweeps(pg_server, tmp_path):
    """`palata export` killed with SIGKILL while it writes (held on a colleague's lock on the
    contacts, after the companies' rows went out): what it leaves is one private folder beside
    the target (0700, its files 0600), nothing in the shared temporary folder; the next export
    into that folder removes it (a live writer's folder, another account's and other files stay)."""
    import psycopg2

    url = pg_server.create()
    open_database(url)
    try:
        for n in range(30):
            store.create(Company, {"short_name": f"Компания {n}", "city": "Владимир"})
    finally:
        close_database()
    temp, out = tmp_path / "temp", tmp_path / "out"
    temp.mkdir()
    out.mkdir()
    live = out / f".other.xlsx.{os.getpid()}-abcd1234.part"  # a writer of this process, at work
    live.mkdir()
    (out / "notes.part").write_text("not Palata's")
    env = {**os.environ, "PALATA_LANG": "ru", "NO_COLOR": "1", "TMPDIR": str(temp)}
    env.pop("PALATA_DB", None)
    blocker = psycopg2.connect(url)
    with blocker.cursor() as cur:  # the export will wait here, its first sheet written
        cur.execute("LOCK TABLE contact IN ACCESS EXCLUSIVE MODE")
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "--db", url, "export", str(out / "reg.xlsx")],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        name = url.rsplit("/", 1)[1]
        waiting = False
        while not waiting:  # until the export's session waits for our lock
            assert proc.poll() is None, proc.communicate()
            with pg_server.admin.cursor() as cur:
                cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                            "AND wait_event_type = 'Lock' AND application_name = 'palata'", (name,))
                waiting = cur.fetchone()[0] > 0
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    finally:
        blocker.rollback()
        blocker.close()
    assert proc.returncode == -signal.SIGKILL
    left = [p for p in out.iterdir() if p.name.startswith(".reg.xlsx.")]
    assert [p.name.split(".")[3].split("-")[0] for p in left] == [str(proc.pid)]
    folder = left[0]
    assert folder.is_dir() and folder.name.endswith(".part")
    assert stat_mode(folder) == 0o700
    inside = [p for p in folder.rglob("*") if p.is_file()]
    assert inside and all(stat_mode(p) == 0o600 for p in inside), [(p, oct(stat_mode(p))) for p in inside]
    assert all(stat_mode(p) == 0o700 for p in folder.rglob("*") if p.is_dir())
    assert list(temp.iterdir()) == []  # nothing of the register in the shared temporary folder
    assert not (out / "reg.xlsx").exists()

    again = run_palata("--db", url, "export", str(out / "reg.xlsx"), env={"TMPDIR": str(temp)})
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([live.name, "notes.part", "reg.xlsx"])
    assert list(temp.iterdir()) == []


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_full_disk_during_export_is_one_sentence(register, tmp_path, monkeypatch, capsys):
    from importers import export
    from tui import cli

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export._Writer, "rows", full)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    code = cli.main(["--lang", "ru", "--db", str(register), "export", str(tmp_path / "reg.xlsx")])
    err = capsys.readouterr().err
    assert code == 1
    assert "На диске не хватило места" in " ".join(err.split()) and "Traceback" not in err
    assert _leftovers(tmp_path) == []


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KB tmpfs (needs the right to mount; skipped elsewhere)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mount
    subprocess.run(["umount", str(mount)], capture_output=True)


@pytest.mark.parametrize("where", ["target", "temp"])
def test_a_really_full_disk_during_export_is_one_sentence(sample_db, tiny_disk, tmp_path, where):
    target = (tiny_disk if where == "target" else tmp_path) / "reg.xlsx"
    env = {"TMPDIR": str(tiny_disk if where == "temp" else tmp_path)}
    result = run_palata("--db", str(sample_db), "export", str(target), env=env)
    if where == "temp":  # the rows wait beside the target, not in the shared temporary folder
        assert result.returncode == 0, result.stderr
        assert target.exists() and list(tiny_disk.iterdir()) == []
        return
    assert result.returncode == 1
    flat = " ".join(result.stderr.split())
    assert flat == (f"palata: На диске не хватило места, файл {target} не записан; "
                    "освободите место и повторите.")
    assert _leftovers(tiny_disk) == [] and not target.exists()


# --- arguments that are no UTF-8 --------------------------------------------------------------------

def test_a_search_for_bytes_that_are_no_text_is_one_sentence(register):
    result = run_palata("--db", str(register), "search", "Ромашк\udcff")  # the terminal sent b"\xff"
    assert result.returncode == 2
    assert "не является текстом в кодировке UTF-8" in " ".join(result.stderr.split())
    assert "\\xff" in result.stderr and "Traceback" not in result.stderr


def test_the_crash_log_takes_an_argument_that_is_no_text(tmp_path, monkeypatch):
    from tui.crash import log_crash

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(sys, "argv", ["palata", "search", "Ромашк\udcff"])
    try:
        raise KeyError("bug")
    except KeyError as exc:
        where = log_crash(exc)
    text = Path(where).read_text(encoding="utf-8")
    assert "search Ромашк\\udcff" in text and "KeyError: 'bug'" in text
