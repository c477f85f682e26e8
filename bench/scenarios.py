"""Load and fault scenarios on a real database file with real processes. Each returns a Result
that says what was attempted, what committed, what got lost and which errors users saw.

Used at small sizes by tests/models and at any size by bench/reliability.py.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Result:
    scenario: str
    attempted: int = 0
    committed: int = 0
    lost: int = 0
    errors: list[str] = field(default_factory=list)
    worst_wait_ms: float = 0.0
    notes: str = ""


def _python(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, *args], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def seed_register(db: Path, companies: int = 20) -> None:
    """A database with a few companies to fight over."""
    from bench.generate import fill
    from models.db import close_database, open_database

    open_database(db)
    fill(companies)
    close_database()


def member_list(path: Path, rows: int, first_inn: int = 5_000_000) -> Path:
    """A plain member list workbook (header + rows) for `palata import`."""
    from openpyxl import Workbook

    from models.identifiers import make_inn

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Члены")
    ws.append(["Наименование", "ИНН", "Город", "Телефон", "E-mail"])
    for i in range(rows):
        ws.append([f"ООО «Импорт-{i}»", make_inn(f"33{first_inn + i:07d}"), "Владимир",
                   f"8 (4922) {i % 90 + 10}-{i % 89 + 10}-{i % 87 + 10}", f"office{i}@import.ru"])
    wb.save(path)
    return path


def concurrent_writers(db: Path, workdir: Path, processes: int = 8, ops: int = 200,
                       import_rows: int = 0) -> Result:
    """`processes` writers at once (and an import of `import_rows` new companies, if any)."""
    title = f"{processes} писателей × {ops} правок"
    result = Result(title + (f" + импорт {import_rows} строк" if import_rows else ""))
    before = _count(db, "company")
    outs = [workdir / f"writer-{i}.json" for i in range(processes)]
    procs = [_python("-m", "bench.load", "writer", str(db), str(i), str(ops), str(out))
             for i, out in enumerate(outs)]
    importer = None
    if import_rows:
        book = member_list(workdir / "import.xlsx", import_rows)
        importer = _python("-m", "tui.cli", "--db", str(db), "import", str(book))
    for p in procs:
        _, err = p.communicate(timeout=600)
        if p.returncode != 0:
            result.errors.append(err.strip().splitlines()[-1] if err.strip() else f"exit {p.returncode}")
    if importer is not None:
        _, err = importer.communicate(timeout=600)
        result.attempted += import_rows
        if importer.returncode != 0:
            result.errors.append(err.strip())
        else:
            arrived = _count(db, "company") - before
            result.committed += arrived
            result.lost += import_rows - arrived
    with sqlite3.connect(db) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM contact")}
        subjects = {r[0] for r in conn.execute("SELECT subject FROM interest")}
        notes = {r[0] for r in conn.execute(
            "SELECT new FROM change_log WHERE \"table\" = 'company' AND field = 'notes'")}
    conflicts = gave_up = 0
    for out in outs:
        if not out.exists():
            continue
        data = json.loads(out.read_text(encoding="utf-8"))
        result.attempted += data["attempted"]
        committed = data["updates"] + data["contacts"] + data["interests"]
        result.committed += len(committed)
        result.lost += (len(set(data["updates"]) - notes) + len(set(data["contacts"]) - names)
                        + len(set(data["interests"]) - subjects))
        result.errors += data["errors"]
        result.worst_wait_ms = max(result.worst_wait_ms, data["worst_wait_ms"])
        conflicts += data["conflicts"]
        gave_up += data["gave_up"]
    result.notes = f"конфликтов правок (повторены): {conflicts}, не удалось после повторов: {gave_up}"
    return result


def crash_during_edits(db: Path, workdir: Path, trials: int = 10, seed: int = 1) -> Result:
    """SIGKILL a process in the middle of two-part edits at random moments; every edit must be
    all there or not at all, and the file must stay sound."""
    rnd = random.Random(seed)
    result = Result(f"SIGKILL во время правок × {trials}")
    for trial in range(trials):
        log = workdir / f"compound-{trial}.txt"
        proc = _python("-m", "bench.load", "compound", str(db), str(trial), str(log))
        _wait_for_lines(log, 1 + rnd.randint(0, 30), proc)
        time.sleep(rnd.uniform(0, 0.05))  # a random moment inside the stream of transactions
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        tokens = log.read_text(encoding="utf-8").split() if log.exists() else []
        result.attempted += len(tokens)
        with sqlite3.connect(db) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                result.errors.append(f"попытка {trial}: integrity_check не ok")
            names = {r[0] for r in conn.execute(
                "SELECT name FROM contact WHERE name LIKE ?", (f"c{trial}-%",))}
            notes = {r[0] for r in conn.execute(
                "SELECT new FROM change_log WHERE field = 'notes' AND new LIKE ?", (f"c{trial}-%",))}
        result.committed += len(names & notes)
        half = names ^ notes
        if half:
            result.errors.append(f"попытка {trial}: половина правки сохранилась: {sorted(half)[:3]}")
        # only the edit in flight may be missing; anything earlier missing would be a loss
        result.lost += max(0, len(tokens) - 1 - len(names & notes))
    return result


def _wait_for_lines(path: Path, lines: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read() if proc.stderr else "worker ended early")
        if path.exists() and path.read_text(encoding="utf-8").count("\n") >= lines:
            return
        time.sleep(0.005)
    raise TimeoutError(f"{path} did not reach {lines} lines")


def readers_during_import(db: Path, workdir: Path, rows: int, seconds: float = 3.0) -> Result:
    """Searches and dossier reads from another process, idle and while an import runs."""
    result = Result(f"чтение во время импорта {rows} строк")
    idle_out = workdir / "idle.json"
    idle = _python("-m", "bench.load", "reader", str(db), str(seconds), str(idle_out))
    idle.communicate(timeout=120)
    book = member_list(workdir / "big.xlsx", rows, first_inn=6_000_000)
    importer = _python("-m", "tui.cli", "--db", str(db), "import", str(book))
    # Readers go on for as long as the import runs (parsing, planning and writing alike).
    busy_outs: list[Path] = []
    while True:
        out = workdir / f"busy-{len(busy_outs)}.json"
        reader = _python("-m", "bench.load", "reader", str(db), str(min(seconds, 2.0)), str(out))
        reader.communicate(timeout=600)
        busy_outs.append(out)
        if importer.poll() is not None:
            break
    _, err = importer.communicate(timeout=1200)
    if importer.returncode != 0:
        result.errors.append(err.strip())
    busy_l: list[float] = []
    for out in (idle_out, *busy_outs):
        data = json.loads(out.read_text(encoding="utf-8"))
        result.attempted += len(data["latencies"]) + len(data["errors"])
        result.committed += len(data["latencies"])
        result.errors += data["errors"]
        if out != idle_out:
            busy_l += data["latencies"]
    idle_l = json.loads(idle_out.read_text(encoding="utf-8"))["latencies"]
    result.worst_wait_ms = max(busy_l + idle_l)
    result.notes = (f"медиана / p95: без импорта {statistics.median(idle_l):.1f} / {_p95(idle_l):.1f} мс, "
                    f"во время импорта {statistics.median(busy_l):.1f} / {_p95(busy_l):.1f} мс")
    return result


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
