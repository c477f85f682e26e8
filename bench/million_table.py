"""The budgets on a very large register, SQLite and PostgreSQL side by side: each step in a fresh
process, so that its peak memory is its own.

    python -m bench.million_table --sqlite FILE.db --pg postgresql://…/db
                                  [--steps open,doctor,start,app,briefing,export,import,doctor]
                                  [--rows 100000] [--list FILE.xlsx] [--json FILE]

Steps (each store in turn, step by step, so the load of a shared machine falls on both alike):

* open     — opening the register (its migrations run here, when the code has new ones);
* doctor   — `models.health.run_doctor` with repairs (each check timed): by default right after
             the opening (on a PostgreSQL server without autovacuum it vacuums and analyzes what
             a migration or a build rewrote) and again at the end;
* start    — the real app headless, only until its first full screen (its time and peak);
* app      — the real app headless (bench/app_bench.py's child): start to first full screen,
             words typed a letter at a time (keystroke p95 per word), dossiers opened (the
             companies with the most meetings and one in the middle), the briefing screen, the
             mission with the most participants, the filters and the changes;
* briefing — `briefing.briefing` of the same companies, three times each;
* export   — `importers.view_export.export_view` of a filtered view (--export-text);
* import   — `importers.apply.import_file` of a member list of --rows new companies, into a copy
             of the register (a file copy; on PostgreSQL a database made from it as a template:
             the register itself is never written); the copy is dropped afterwards.

Peak memory is the child's high-water mark (VmHWM; the parent is small, so `ru_maxrss` from
wait4 agrees). Then the sizes on disk: the SQLite file with its -wal, `pg_database_size` of the
PostgreSQL register. Figures are printed (and the raw results as JSON with --json FILE), never
asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STEPS = ("open", "doctor", "start", "app", "briefing", "export", "import", "doctor")
WORDS = ("хлебмир", "строй", "о", "тру")


def _vmhwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- the children ---------------------------------------------------------------------------

def _child(step: str, db: str, extra: str) -> dict[str, Any]:
    """One step in this fresh process; everything after the imports is timed."""
    from models.db import close_database, open_database

    started = time.perf_counter()
    open_database(db)
    opened = time.perf_counter() - started
    out: dict[str, Any] = {"open_s": opened}
    if step == "briefing":
        from models import briefing

        times: dict[str, list[float]] = {}
        for cid in map(int, extra.split(",")):
            for _ in range(3):
                t0 = time.perf_counter()
                briefing.briefing(cid)
                times.setdefault(str(cid), []).append(round((time.perf_counter() - t0) * 1000, 1))
        out["ms"] = times
    elif step == "export":
        from importers.view_export import export_view

        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "view.xlsx"
            t0 = time.perf_counter()
            summary = export_view(target, text=extra)
            out["seconds"] = time.perf_counter() - t0
            out["counts"] = dict(summary.counts)
            out["file_mb"] = target.stat().st_size / 2**20
    elif step == "import":
        from importers.apply import import_file

        t0 = time.perf_counter()
        result = import_file(Path(extra), user="bench")
        out["seconds"] = time.perf_counter() - t0
        out["counts"] = {k: v for k, v in result.counts.items() if v}
    elif step == "doctor":
        from models import health

        checks: dict[str, float] = {}
        t0 = time.perf_counter()
        for name in ("integrity", "permissions", "upkeep", "foreign_keys", "search_index", "identifiers"):
            c0 = time.perf_counter()
            found = getattr(health, name)()
            checks[name] = round(time.perf_counter() - c0, 2)
            if found is not None:
                checks[name + " ok"] = found.ok
                if found.repaired:
                    checks[name + " repaired"] = True
        out["seconds"] = time.perf_counter() - t0
        out["checks"] = checks
    close_database()
    out["peak_mb"] = _vmhwm_mb()
    return out


# --- the parent -----------------------------------------------------------------------------

def _run(command: list[str], timeout: float = 3600) -> dict[str, Any]:
    """Run a child, return its last JSON line with its wall time and its peak (wait4)."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=err)
        assert proc.stdout is not None
        text = proc.stdout.read().decode()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            err.seek(0)
            return {"error": err.read().decode()[-2000:], "wall_s": wall}
    result = json.loads(text.strip().splitlines()[-1])
    result["wall_s"] = wall
    result["maxrss_mb"] = usage.ru_maxrss / 1024
    result["cpu_s"] = usage.ru_utime + usage.ru_stime
    return result


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _sample_companies(sqlite_path: str) -> list[int]:
    """The companies with the most meetings (the fullest dossiers) and one in the middle: the
    same ids on both registers (same seed)."""
    con = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    rows = con.execute("SELECT company_id FROM meeting_party GROUP BY company_id "
                       "ORDER BY count(*) DESC, company_id LIMIT 2").fetchall()
    top = con.execute("SELECT max(id) FROM company").fetchone()[0]
    con.close()
    return [r[0] for r in rows] + [top // 2]


def _copy(location: str, name: str) -> str:
    """A writable copy of the register (the import writes there)."""
    if location.startswith("postgresql://"):
        base, _, source = location.rpartition("/")
        target = f"{source}_{name}"
        import psycopg2

        con = psycopg2.connect(f"{base}/postgres")
        con.autocommit = True
        cur = con.cursor()
        cur.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cur.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
        con.close()
        return f"{base}/{target}"
    target = str(Path(location).with_name(Path(location).stem + f"_{name}.db"))
    src = sqlite3.connect(f"file:{location}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return target


def _drop(location: str) -> None:
    if location.startswith("postgresql://"):
        import psycopg2

        base, _, target = location.rpartition("/")
        con = psycopg2.connect(f"{base}/postgres")
        con.autocommit = True
        cur = con.cursor()
        cur.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        for kind in ("admin", "editor", "reader"):  # the groups Palata made for that database
            cur.execute(f'DROP ROLE IF EXISTS "{target}_{kind}"')
        con.close()
        return
    for suffix in ("", "-wal", "-shm"):
        Path(location + suffix).unlink(missing_ok=True)


def sizes(sqlite_path: str, pg: str) -> dict[str, Any]:
    out: dict[str, Any] = {"sqlite_mb": sum(Path(sqlite_path + s).stat().st_size for s in ("", "-wal")
                            if Path(sqlite_path + s).exists()) / 2**20}
    import psycopg2

    con = psycopg2.connect(pg)
    cur = con.cursor()
    cur.execute("SELECT pg_database_size(current_database())")
    out["pg_mb"] = cur.fetchone()[0] / 2**20  # type: ignore[index]
    cur.execute("SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                "AND c.relkind = 'r' ORDER BY 2 DESC LIMIT 6")
    out["pg_tables_mb"] = {t: round(s / 2**20) for t, s in cur.fetchall()}
    con.close()
    sq = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    try:
        rows = sq.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 6"
                          ).fetchall()
        out["sqlite_objects_mb"] = {t: round(s / 2**20) for t, s in rows}
    except sqlite3.Error:
        pass
    sq.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite")
    parser.add_argument("--pg")
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--words", default=",".join(WORDS))
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the imported list")
    parser.add_argument("--list", help="the member list to import (default: written to a temporary file)")
    parser.add_argument("--export-text", default="ковров мебель")
    parser.add_argument("--repeats", type=int, default=5, help="openings of the briefing screen in the app")
    parser.add_argument("--json", help="write the raw results here")
    parser.add_argument("--child", nargs=3, metavar=("STEP", "DB", "EXTRA"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(*args.child)))
        return
    stores = [(n, loc) for n, loc in (("SQLite", args.sqlite), ("PostgreSQL", args.pg)) if loc]
    steps = args.steps.split(",")
    ids = _sample_companies(args.sqlite) if args.sqlite else [1]
    me = [sys.executable, "-m", "bench.million_table", "--child"]
    results: dict[str, dict[str, Any]] = {}
    print(f"load average {Path('/proc/loadavg').read_text().split()[:3]}; companies for dossiers {ids}",
          flush=True)
    member_list = args.list
    tmp = tempfile.TemporaryDirectory()
    if "import" in steps and not member_list:
        from bench.import_bench import write_list

        member_list = str(Path(tmp.name) / "members.xlsx")
        write_list(Path(member_list), args.rows, first=1_000_000)  # INNs no company of the register has
    for step in steps:
        for name, loc in stores:
            key = f"{step} {name}"
            while key in results:  # a step run twice (doctor after the migrations and at the end)
                key += "'"
            if step == "open":
                r = _run(me + ["open", loc, ""])
            elif step == "start":
                r = _run([sys.executable, "bench/app_bench.py", "--measure", loc, "", "--screens-only",
                          "--screens", ""])
            elif step == "app":
                r = _run([sys.executable, "bench/app_bench.py", "--measure", loc, args.words,
                          "--repeats", str(args.repeats),
                          "--screens", "briefing,dossier,mission,filters,changes",
                          "--dossier", ",".join(map(str, ids))])
            elif step == "briefing":
                r = _run(me + ["briefing", loc, ",".join(map(str, ids))])
            elif step == "export":
                r = _run(me + ["export", loc, args.export_text])
            elif step == "import":
                c0 = time.perf_counter()
                copy = _copy(loc, "import")
                made = time.perf_counter() - c0
                try:
                    r = _run(me + ["import", copy, member_list])
                finally:
                    _drop(copy)
                r["copy_s"] = made
            elif step == "doctor":
                r = _run(me + ["doctor", loc, ""])
            else:
                raise SystemExit(f"no step {step!r}")
            results[key] = r
            _show(key, r)
    if args.sqlite and args.pg:
        results["sizes"] = sizes(args.sqlite, args.pg)
        print("sizes", json.dumps(results["sizes"], ensure_ascii=False), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    tmp.cleanup()
    shutil.rmtree(tmp.name, ignore_errors=True)


def _show(key: str, r: dict[str, Any]) -> None:
    if "error" in r:
        print(f"{key:24} FAILED after {r['wall_s']:.0f} s:\n{r['error']}", flush=True)
        return
    head = f"{key:24} peak {r.get('peak_rss_mb', r.get('peak_mb', 0)):6.0f} MB (wait4 {r['maxrss_mb']:.0f})" \
           f"  wall {r['wall_s']:6.1f} s  cpu {r['cpu_s']:6.1f} s"
    print(head, flush=True)
    if "first_screen_s" in r:
        print(f"    first full screen {r['first_screen_s']:.2f} s; {r['total']:,} companies")
        for w in r.get("words", []):
            keys = w["keystroke_ms"]
            print(f"    keystroke {w['word']!r:10} median {statistics.median(keys):7.1f}"
                  f"  p95 {_p95(keys):7.1f} ms"
                  f"  ({', '.join(map(str, keys))}); {w['found']:,} found")
        if r.get("dossier_ms"):
            print(f"    dossier open ms {r['dossier_ms']}")
        for name, times in r.get("opens", {}).items():
            complete = [x[1] for x in times]
            cpu = [x[3] for x in times]
            painted = [x[5] for x in times]
            print(f"    {name}: data painted median {statistics.median(painted):.0f}"
                  f" p95 {_p95(painted):.0f} ms; complete median {statistics.median(complete):.0f}"
                  f" p95 {_p95(complete):.0f} ms,"
                  f" CPU median {statistics.median(cpu):.0f} ms")
        return
    print(f"    open {r['open_s']:.2f} s", end="")
    if "seconds" in r:
        print(f"; step {r['seconds']:.2f} s", end="")
    if "copy_s" in r:
        print(f" (copy made in {r['copy_s']:.0f} s)", end="")
    print()
    for k in ("ms", "counts", "checks", "file_mb"):
        if k in r:
            print(f"    {k}: {r[k]}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
