"""Races between colleagues on either store (a SQLite file or a PostgreSQL database), with real
processes: merges and their undo racing saves, an import undone while colleagues add contacts, a
stuck session (a transaction left open, as by an SSH session frozen with Ctrl+Z), and a large
import overlapping writers who edit the same companies. Each scenario returns a `RaceResult`:
what was attempted, committed, refused with a sentence (a conflict or a busy store — the user is
told), lost (committed and then gone or overwritten unlogged), errors users would have seen, and
the longest wait of one action.

    python -m bench.races editor LOCATION SEED IDS.json STOP OUT.json [PACE]
    python -m bench.races importer LOCATION BOOK.xlsx OUT.json
    python -m bench.races merger LOCATION PAIRS.json OUT.json
    python -m bench.races undoer LOCATION BATCH OUT.json
    python -m bench.races stuck LOCATION COMPANY SECONDS READY

Used by bench/reliability.py.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
MAX_RETRIES = 50


@dataclass
class RaceResult:
    scenario: str
    store: str
    attempted: int = 0
    committed: int = 0
    refused: int = 0
    lost: int = 0
    errors: list[str] = field(default_factory=list)
    worst_wait_ms: float = 0.0
    notes: str = ""
    other_wait_ms: float = 0.0  # the longest wait of a save to a company nobody else held
    # figures of the scenario, by name (the import overlapping writers: see there)
    figures: dict[str, float] = field(default_factory=dict)
    saved_at: list[float] = field(default_factory=list)  # when each colleague's save ended (wall clock)


# --- workers (each its own process) --------------------------------------------------------------

def editor(location: str, seed: int, ids_file: str, stop: str, out: str, pace: float = 0.0) -> None:
    """Saves notes on, and adds contacts to, random companies of IDS until STOP exists; a
    conflict is read again and retried (what a person does after the app shows it). With `pace`,
    at most that many actions a second (one started every 1/pace s, none made up for after a
    wait); without, as fast as the store lets it (a pause of 0-10 ms between actions).

    Besides what it did, it writes the wall-clock time each save ended (`saved_at`) and the CPU
    seconds it used, in this process and in the PostgreSQL backend serving it (`server_cpu`,
    read from /proc: the server must run on this machine; 0 on SQLite)."""
    from models import store
    from models.db import open_database
    from models.entities import Company, Contact
    from models.errors import ConflictError, StoreBusy

    open_database(location)
    ids = json.loads(Path(ids_file).read_text())
    rnd = random.Random(seed)
    r: dict[str, Any] = {"attempted": 0, "notes": [], "contacts": [], "conflicts": 0, "refused": 0,
                         "errors": [], "worst_wait_ms": 0.0, "worst_other_ms": 0.0, "saved_at": []}
    first = ids[0]  # the stuck session's company, in that scenario
    backend_pid = _backend_pid()
    server_cpu, cpu = _process_cpu(backend_pid), time.process_time()
    Path(out + ".ready").write_text("1")
    i = 0
    next_at = time.monotonic()

    def timed(call, *args, **kwargs):
        """One save, its wait counted: the bound holds per save (a person retrying after a
        conflict makes a new one)."""
        started = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            wait = (time.perf_counter() - started) * 1000
            r["worst_wait_ms"] = max(r["worst_wait_ms"], wait)
            if cid != first:
                r["worst_other_ms"] = max(r["worst_other_ms"], wait)

    while not os.path.exists(stop):
        if pace:
            next_at = max(next_at + 1 / pace, time.monotonic())
        i += 1
        cid = rnd.choice(ids)
        token = f"e{seed}-{i}"
        r["attempted"] += 1
        try:
            if rnd.random() < 0.75:
                for _ in range(MAX_RETRIES):
                    row = Company.get_or_none(Company.id == cid)
                    if row is None or row.archived_at is not None:
                        r["refused"] += 1  # merged away or deleted: the app says so
                        break
                    try:
                        timed(store.update, Company, cid, row.version, {"notes": token}, user=f"e{seed}")
                        r["notes"].append(token)
                        r["saved_at"].append(time.time())
                        break
                    except ConflictError:
                        r["conflicts"] += 1
                else:
                    r["refused"] += 1
            else:
                timed(store.create, Contact, {"company": cid, "name": token}, user=f"e{seed}")
                r["contacts"].append(token)
                r["saved_at"].append(time.time())
        except (StoreBusy, ConflictError):
            r["refused"] += 1
        except Exception as exc:  # anything else reaches a user as an error
            r["errors"].append(f"{type(exc).__name__}: {exc}")
        if pace:
            time.sleep(max(0.0, next_at - time.monotonic()))
        else:
            time.sleep(rnd.uniform(0, 0.01))
    r["cpu"] = time.process_time() - cpu
    r["server_cpu"] = _process_cpu(backend_pid) - server_cpu
    Path(out).write_text(json.dumps(r), encoding="utf-8")


def importer(location: str, book: str, out: str) -> None:
    """Imports BOOK as `palata import` does, and writes when it began and ended (wall clock), when
    its transaction began (the plan made, the first write), the CPU seconds of this process and
    of its PostgreSQL backend, and the sentence of a failure."""
    from importers.apply import import_file
    from models.db import open_database
    from models.errors import PalataError

    open_database(location)
    backend_pid = _backend_pid()
    if backend_pid is not None:  # told apart from the colleagues in pg_stat_activity
        from models.db import database

        database.execute_sql("SET application_name = 'palata importer'")
    r: dict[str, Any] = {"failed": "", "writing_at": None}

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "write" and r["writing_at"] is None:
            r["writing_at"] = time.time()

    server_cpu, cpu = _process_cpu(backend_pid), time.process_time()
    r["started_at"] = time.time()
    try:
        import_file(Path(book), user="importer", progress=progress)
    except PalataError as exc:
        r["failed"] = str(exc)
    r["ended_at"] = time.time()
    r["cpu"] = time.process_time() - cpu
    r["server_cpu"] = _process_cpu(backend_pid) - server_cpu
    Path(out).write_text(json.dumps(r), encoding="utf-8")


def _backend_pid() -> int | None:
    """The process id of the PostgreSQL backend serving the open store's connection; None on
    SQLite."""
    from models import backend
    from models.db import database

    if backend.current() is not backend.POSTGRES:
        return None
    return database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]


def _process_cpu(pid: int | None) -> float:
    """CPU seconds a process (on this machine) has used so far; 0 for None or one gone."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def merger(location: str, pairs_file: str, out: str) -> None:
    """Merges each (keep, other) pair, then undoes each merge."""
    from models import merge
    from models.db import open_database
    from models.errors import PalataError

    open_database(location)
    r: dict[str, Any] = {"attempted": 0, "committed": 0, "refused": 0, "errors": [], "worst_wait_ms": 0.0}
    done: list[int] = []
    for keep, other in json.loads(Path(pairs_file).read_text()):
        r["attempted"] += 1
        started = time.perf_counter()
        try:
            merged = merge.merge_companies(keep, [other], user="merger").merge_id
            assert merged is not None  # a merge done, not a dry run
            done.append(merged)
            r["committed"] += 1
        except PalataError:
            r["refused"] += 1
        except Exception as exc:
            r["errors"].append(f"{type(exc).__name__}: {exc}")
        r["worst_wait_ms"] = max(r["worst_wait_ms"], (time.perf_counter() - started) * 1000)
    for merge_id in done:
        r["attempted"] += 1
        started = time.perf_counter()
        try:
            merge.undo_merge(merge_id, user="merger")
            r["committed"] += 1
        except PalataError:
            r["refused"] += 1  # a colleague changed a row since: refused with a sentence
        except Exception as exc:
            r["errors"].append(f"{type(exc).__name__}: {exc}")
        r["worst_wait_ms"] = max(r["worst_wait_ms"], (time.perf_counter() - started) * 1000)
    Path(out).write_text(json.dumps(r), encoding="utf-8")


def undoer(location: str, batch: int, out: str) -> None:
    from importers.apply import undo_import
    from models.db import open_database
    from models.errors import PalataError

    open_database(location)
    r: dict[str, Any] = {"attempted": 1, "committed": 0, "refused": 0, "errors": [], "worst_wait_ms": 0.0,
                         "why": ""}
    started = time.perf_counter()
    try:
        undo_import(batch, user="undoer")
        r["committed"] = 1
    except PalataError as exc:
        r["refused"] = 1
        r["why"] = str(exc)
    except Exception as exc:
        r["errors"].append(f"{type(exc).__name__}: {exc}")
    r["worst_wait_ms"] = (time.perf_counter() - started) * 1000
    Path(out).write_text(json.dumps(r), encoding="utf-8")


def stuck(location: str, company: int, seconds: float, ready: str) -> None:
    """Saves a company and then hangs inside the transaction for `seconds`; never commits."""
    from models import store
    from models.db import database, open_database
    from models.entities import Company

    open_database(location)
    with database.atomic():
        store.update(Company, company, Company.get_by_id(company).version, {"notes": "зависла"}, user="stuck")
        Path(ready).write_text("1")
        time.sleep(seconds)
        os._exit(0)  # the session dies with its transaction open: nothing of it is kept


# --- scenarios ------------------------------------------------------------------------------

def _absolute(location: str) -> str:
    """A SQLite file's path made absolute: the workers run in the repository's folder, where a
    relative path would name a new, empty register."""
    from models.backend import is_url

    return location if is_url(location) else str(Path(location).resolve())


def _python(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PALATA_DB", None)
    return subprocess.Popen([sys.executable, *args], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _finish(p: subprocess.Popen, errors: list[str], timeout: float = 1800) -> None:
    _, err = p.communicate(timeout=timeout)
    if p.returncode != 0:
        errors.append(err.strip().splitlines()[-1] if err.strip() else f"exit {p.returncode}")


def _open(location: str):
    from models.db import open_database

    return open_database(location)


def _close() -> None:
    from models.db import close_database

    close_database()


def _editors(location: str, work: Path, ids: list[int], count: int, tag: str,
             pace: float = 0.0) -> tuple[Path, list]:
    ids_file = work / f"{tag}-ids.json"
    ids_file.write_text(json.dumps(ids))
    stop = work / f"{tag}-stop"
    if stop.exists():
        stop.unlink()
    outs = [work / f"{tag}-editor-{n}.json" for n in range(count)]
    procs = [_python("-m", "bench.races", "editor", location, str(n), str(ids_file), str(stop), str(o),
                     str(pace)) for n, o in enumerate(outs)]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not all(Path(str(o) + ".ready").exists() for o in outs):
        time.sleep(0.05)  # every colleague at work before the scenario's own action starts
    return stop, list(zip(procs, outs, strict=True))


def _collect(result: RaceResult, editors: list, stop: Path) -> dict[str, list[str]]:
    stop.write_text("1")
    tokens: dict[str, list[str]] = {"notes": [], "contacts": []}
    conflicts = 0
    other = 0.0
    saved_at: list[float] = []
    cpu = server_cpu = 0.0
    for proc, out in editors:
        _finish(proc, result.errors)
        if not out.exists():
            continue
        data = json.loads(out.read_text())
        result.attempted += data["attempted"]
        result.committed += len(data["notes"]) + len(data["contacts"])
        result.refused += data["refused"]
        result.errors += data["errors"]
        result.worst_wait_ms = max(result.worst_wait_ms, data["worst_wait_ms"])
        tokens["notes"] += data["notes"]
        tokens["contacts"] += data["contacts"]
        conflicts += data["conflicts"]
        other = max(other, data["worst_other_ms"])
        saved_at += data["saved_at"]
        cpu += data["cpu"]
        server_cpu += data["server_cpu"]
    result.notes = f"конфликтов повторено: {conflicts}"
    result.other_wait_ms = other
    result.figures["colleague_cpu"] = cpu
    result.figures["colleague_server_cpu"] = server_cpu
    result.figures["saves"] = len(saved_at)
    result.saved_at = sorted(saved_at)
    return tokens


def lost_changes(tokens: dict[str, list[str]]) -> int:
    """Committed changes that are gone or were overwritten unlogged: a saved note whose entry is
    missing from the change log; a company whose log of notes does not chain (an entry's old value
    is not the previous entry's new one: a write over a value it never read) or does not end in the
    stored value; a contact committed and neither there nor logged as deleted."""
    from models.db import database

    lost = 0
    logged = {r[0] for r in database.execute_sql(
        "SELECT new FROM change_log WHERE \"table\" = 'company' AND field = 'notes'")}
    lost += len(set(tokens["notes"]) - logged)
    chains: dict[int, list[tuple[str | None, str | None]]] = {}
    for row_id, old, new in database.execute_sql(
            "SELECT row_id, old, new FROM change_log WHERE \"table\" = 'company' AND field = 'notes' "
            "ORDER BY id"):
        chains.setdefault(row_id, []).append((old, new))
    stored = dict(database.execute_sql("SELECT id, notes FROM company"))
    for row_id, chain in chains.items():
        for (_, before), (old, _) in zip(chain, chain[1:], strict=False):
            if old != before:
                lost += 1
        if row_id in stored and stored[row_id] != chain[-1][1]:
            lost += 1
    names = {r[0] for r in database.execute_sql("SELECT name FROM contact")}
    deleted = {json.loads(r[0]).get("name") for r in database.execute_sql(
        "SELECT old FROM change_log WHERE \"table\" = 'contact' AND action = 'delete'")}
    lost += len(set(tokens["contacts"]) - names - deleted)
    return lost


def _seed(location: str, companies: int) -> list[int]:
    from bench.generate import fill
    from models.db import database

    _open(location)
    try:
        if database.execute_sql("SELECT count(*) FROM company").fetchone()[0] == 0:
            fill(companies)
        return [r[0] for r in database.execute_sql("SELECT id FROM company WHERE archived_at IS NULL "
                                                   "ORDER BY id LIMIT ?", (companies,))]
    finally:
        _close()


def merges_racing_saves(location: str, work: Path, store: str, writers: int = 4,
                        pairs: int = 15) -> RaceResult:
    """`pairs` merges, then their undo, while `writers` colleagues save notes and add contacts on
    the same companies."""
    location = _absolute(location)
    result = RaceResult(f"объединения и их отмена × {pairs} против {writers} писателей", store)
    ids = _seed(location, 2 * pairs)
    pair_file = work / "pairs.json"
    pair_file.write_text(json.dumps([[ids[2 * i], ids[2 * i + 1]] for i in range(pairs)]))
    stop, editors = _editors(location, work, ids, writers, "merge")
    time.sleep(0.5)
    out = work / "merger.json"
    merger_proc = _python("-m", "bench.races", "merger", location, str(pair_file), str(out))
    _finish(merger_proc, result.errors)
    tokens = _collect(result, editors, stop)
    data = json.loads(out.read_text())
    result.attempted += data["attempted"]
    result.committed += data["committed"]
    result.refused += data["refused"]
    result.errors += data["errors"]
    result.worst_wait_ms = max(result.worst_wait_ms, data["worst_wait_ms"])
    _open(location)
    try:
        result.lost = lost_changes(tokens)
    finally:
        _close()
    result.notes += f"; объединений/отмен сделано {data['committed']}, отказано {data['refused']}"
    return result


def undo_racing_contacts(location: str, work: Path, store: str, writers: int = 4,
                         rows: int = 300) -> RaceResult:
    """An import of `rows` new companies undone while colleagues add contacts to them."""
    location = _absolute(location)
    from bench.scenarios import member_list

    result = RaceResult(f"отмена импорта {rows} строк против {writers} писателей", store)
    _seed(location, 10)
    book = member_list(work / "undo.xlsx", rows, first_inn=7_000_000)
    errors: list[str] = []
    _finish(_python("-m", "tui.cli", "--db", location, "import", str(book)), errors)
    from models.db import database

    _open(location)
    try:
        batch = database.execute_sql("SELECT max(id) FROM import_batch").fetchone()[0]
        ids = [r[0] for r in database.execute_sql(
            "SELECT row_id FROM change_log WHERE batch_id = ? AND \"table\" = 'company' "
            "AND action = 'create'", (batch,))]
    finally:
        _close()
    stop, editors = _editors(location, work, ids, writers, "undo")
    time.sleep(1.0)
    out = work / "undoer.json"
    _finish(_python("-m", "bench.races", "undoer", location, str(batch), str(out)), result.errors)
    tokens = _collect(result, editors, stop)
    data = json.loads(out.read_text())
    result.attempted += 1
    result.committed += data["committed"]
    result.refused += data["refused"]
    result.errors += data["errors"] + errors
    result.worst_wait_ms = max(result.worst_wait_ms, data["worst_wait_ms"])
    _open(location)
    try:
        result.lost = lost_changes(tokens)
    finally:
        _close()
    result.notes += "; отмена " + ("сделана" if data["committed"] else "отказана: " + data["why"][:60])
    return result


def stuck_session(location: str, work: Path, store: str, writers: int = 8,
                  seconds: float = 15.0) -> RaceResult:
    """A colleague's session hangs inside a save for `seconds` (then dies, its transaction open)
    while `writers` colleagues save to the same and to other companies."""
    location = _absolute(location)
    result = RaceResult(f"зависшая сессия {seconds:.0f} с и {writers} писателей", store)
    ids = _seed(location, 40)
    ready = work / "stuck-ready"
    if ready.exists():
        ready.unlink()
    stop, editors = _editors(location, work, ids, writers, "stuck")
    hung = _python("-m", "bench.races", "stuck", location, str(ids[0]), str(seconds), str(ready))
    _finish(hung, result.errors)
    tokens = _collect(result, editors, stop)
    _open(location)
    try:
        result.lost = lost_changes(tokens)
    finally:
        _close()
    return result


def import_overlapping_writers(location: str, work: Path, store: str, rows: int = 20_000,
                               writers: int = 8, *, pace: float = 0.0,
                               first_inn: int = 4_000_000) -> RaceResult:
    """A monthly list of `rows` companies already in the register (every row changes a phone)
    imported while `writers` colleagues edit the same companies: as fast as the store lets them,
    or, with `pace`, each making at most that many saves a second. The companies are first
    imported from a list of INNs from `first_inn` on (so that the scenario can run again on the
    same register with another).

    Its `figures`: the import's wall time (`import_s`; `plan_s` of it before its transaction,
    `write_s` in it), the CPU seconds of the importing process and of its PostgreSQL backend
    (`import_cpu`, `import_server_cpu`), the colleagues' saves while it ran (`saves_during`, and
    `saves_plan`, `saves_write` in each part) and in all (`saves`), and their CPU in all, in their
    processes and backends (`colleague_cpu`, `colleague_server_cpu`). Where saves run side by side
    (PostgreSQL) rather than one at a time, the colleagues make more of them, and take more of the
    two cores from the import: the import's wall time alone does not compare the stores."""
    location = _absolute(location)
    from bench.scenarios import member_list

    pacing = f", по {pace:g} сохранений/с каждый" if pace else ""
    result = RaceResult(f"импорт {rows} строк против {writers} писателей на тех же компаниях{pacing}", store)
    first = member_list(work / "register.xlsx", rows, first_inn=first_inn)
    errors: list[str] = []
    _finish(_python("-m", "tui.cli", "--db", location, "import", str(first)), errors)
    monthly = _monthly(work / "monthly.xlsx", first)
    from models.db import database

    _open(location)
    try:
        ids = sorted(r[0] for r in database.execute_sql("SELECT id FROM company ORDER BY id DESC LIMIT ?",
                                                        (rows,)))
    finally:
        _close()
    stop, editors = (_editors(location, work, ids[: max(50, rows // 100)], writers, "import", pace)
                     if writers else (work / "import-stop", []))
    before = _last_batch(location)
    out = work / "importer.json"
    _finish(_python("-m", "bench.races", "importer", location, str(monthly), str(out)), errors)
    tokens = _collect(result, editors, stop)
    result.figures["refused"] = result.refused  # the colleagues' saves refused (a wait too long)
    data = json.loads(out.read_text()) if out.exists() else {}
    result.errors += errors
    _open(location)
    try:
        batch = database.execute_sql("SELECT id, updated, rejected FROM import_batch ORDER BY id DESC LIMIT 1"
                                     ).fetchone()
        result.lost = lost_changes(tokens)
        phones = database.execute_sql("SELECT count(*) FROM company WHERE id >= ? AND phones LIKE '%4923%'",
                                      (ids[0],)).fetchone()[0]
    finally:
        _close()
    if not data:
        return result
    began, writing, ended = data["started_at"], data["writing_at"] or data["ended_at"], data["ended_at"]

    def saves(low: float, high: float) -> int:
        return sum(1 for t in result.saved_at if low <= t < high)

    result.figures.update(
        import_s=ended - began, plan_s=writing - began, write_s=ended - writing,
        import_cpu=data["cpu"], import_server_cpu=data["server_cpu"],
        saves_during=saves(began, ended), saves_plan=saves(began, writing), saves_write=saves(writing, ended))
    result.notes += f"; сохранений коллег {len(result.saved_at)}"
    result.attempted += rows
    import_s = ended - began
    if batch[0] == before:  # the whole file refused: told in one sentence, nothing written
        result.refused += rows
        result.notes += f"; импорт {import_s:.1f} с отказан целиком: {data['failed'][:80]}"
        return result
    _, updated, rejected = batch
    result.figures.update(updated=updated, rejected=rejected)
    result.committed += phones
    result.refused += rejected
    result.lost += max(0, rows - rejected - phones)  # rows neither in nor reported
    result.notes += (f"; импорт {import_s:.1f} с (CPU процесса {data['cpu']:.1f} с, сервера "
                     f"{data['server_cpu']:.1f} с): обновлено {updated}, отклонено строк {rejected}")
    return result


def _last_batch(location: str) -> int | None:
    from models.db import database

    _open(location)
    try:
        return database.execute_sql("SELECT max(id) FROM import_batch").fetchone()[0]
    finally:
        _close()


def _monthly(path: Path, register: Path) -> Path:
    """The register's list again, every company with a new phone (code 4923, which the
    register's phones do not have)."""
    from openpyxl import Workbook, load_workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    source = load_workbook(register, read_only=True)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Члены")
    sheet = source.active
    assert isinstance(sheet, ReadOnlyWorksheet)  # the register's first sheet, opened read-only
    for n, values in enumerate(sheet.iter_rows(values_only=True)):
        row = list(values)
        if n:
            row[3] = f"8 (4923) {n % 90 + 10}-{n % 89 + 10}-{n % 87 + 10}"
        ws.append(row)
    wb.save(path)
    return path


if __name__ == "__main__":
    role, *rest = sys.argv[1:]
    if role == "editor":
        editor(rest[0], int(rest[1]), rest[2], rest[3], rest[4], float(rest[5]) if len(rest) > 5 else 0.0)
    elif role == "importer":
        importer(rest[0], rest[1], rest[2])
    elif role == "merger":
        merger(rest[0], rest[1], rest[2])
    elif role == "undoer":
        undoer(rest[0], int(rest[1]), rest[2])
    elif role == "stuck":
        stuck(rest[0], int(rest[1]), float(rest[2]), rest[3])
    else:
        raise SystemExit(f"unknown role {role}")
