"""The write side on SQLite and PostgreSQL, side by side, step by step, on a register of N companies.

    python bench/write_bench.py [--companies 100000] [--rows 20000] [--writers 8] [--pace P] [--no-race]
                                [--pg postgresql://postgres@127.0.0.1:5432/postgres]
                                [--sqlite FILE.db --pg-db URL]   (an existing register: no fill)

Steps, each run on SQLite then on PostgreSQL before the next one (interleaved, so that a machine
shared with other work loads both alike):

* fill      — `bench.generate.fill(N)`: N companies and one interest each through the bulk write
              path, then the search index built;
* import    — `importers.apply.import_file` of a member list of --rows new companies (with a
              contact each; bench/import_bench.py's generator, INNs past the register's);
* update    — the second version of that list: every company and every contact changed;
* undo-upd  — undo of the update; undo-new — undo of the import (deletes what it created);
* doctor    — `palata doctor`'s checks (`models.health.run_doctor`, repairing allowed);
* race      — a list of --rows companies already in the register imported (bench/races.py
              `import_overlapping_writers`, every row a new phone) three ways, each on SQLite then
              on PostgreSQL: `alone`, nobody else writing; `flat-out`, --writers colleagues saving
              to the same companies as fast as the store lets them; `paced`, the same colleagues
              each making at most --pace saves a second — by default the rate SQLite's colleagues
              reached flat out, so that both stores carry the same work beside the import.
              Flat out is no comparison of the import alone: PostgreSQL runs the colleagues' saves
              side by side where SQLite runs them one at a time, so they make several times more
              and take more of the cores from the import. Each line gives the import's wall time,
              its CPU (the importing process, its server backend), the colleagues' saves while it
              ran (per second; before its transaction / in it) and their CPU per save (their
              processes / their backends). Each run imports companies of its own (the register
              grows by --rows twice a run).

For each step: wall time, the CPU time of this process (Python, the driver, SQLite's engine) and
of the PostgreSQL server's backend serving it (read from /proc: the server must run on this
machine), and the statements sent (PostgreSQL: round trips, a COPY counting as one and a row of
`executemany` as one; SQLite: statements run). The load average is printed with every line:
wall times on a busy machine say little, CPU times and ratios more. Asserts nothing. PostgreSQL
databases are created on the --pg server and dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pg_scratch import ScratchServer  # noqa: E402


@dataclass
class Cost:
    wall: float
    cpu: float  # this process
    server: float  # the PostgreSQL backend of this connection; 0 on SQLite
    statements: int
    load: str


class _Counter:
    """Statements sent on the open store's connection: a row of `executemany` counts as one."""

    count = 0

    def install(self) -> None:
        from models.db import database

        conn = database.connection()
        if hasattr(conn, "set_trace_callback"):
            # Counted as the cursors are given them, not by SQLite's trace callback: that calls
            # back into Python for every statement SQLite runs, each row of an executemany too,
            # and so took CPU that SQLite's steps were charged with
            store = database.obj
            cursor = store.cursor
            counter = self

            class CountingSqlite:
                def __init__(self, real: Any) -> None:
                    self._real = real

                def execute(self, sql: Any, params: Any = ()) -> Any:
                    counter.count += 1
                    self._real.execute(sql, params)
                    return self

                def executemany(self, sql: Any, rows: Any) -> Any:
                    rows = rows if isinstance(rows, (list, tuple)) else list(rows)
                    counter.count += len(rows)
                    self._real.executemany(sql, rows)
                    return self

                def __iter__(self) -> Any:
                    return iter(self._real)

                def __getattr__(self, name: str) -> Any:
                    return getattr(self._real, name)

            store.cursor = lambda *a, **k: CountingSqlite(cursor(*a, **k))
            return
        import psycopg2.extensions

        counter = self

        class Counting(psycopg2.extensions.cursor):
            def execute(self, query: Any, vars: Any = None) -> Any:
                counter.count += 1
                return super().execute(query, vars)

            def copy_expert(self, sql: Any, file: Any, size: int = 8192) -> Any:
                counter.count += 1
                return super().copy_expert(sql, file, size)

            def executemany(self, query: Any, vars_list: Any) -> Any:
                vars_list = list(vars_list)
                counter.count += len(vars_list)
                return super().executemany(query, vars_list)

        conn.cursor_factory = Counting



def _server_cpu() -> float:
    """CPU seconds of the PostgreSQL backend serving the open store's connection; 0 on SQLite."""
    from models import backend
    from models.db import database

    if backend.current() is not backend.POSTGRES:
        return 0.0
    pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(location: str, step: Callable[[], Any]) -> tuple[Cost, Any]:
    from models.db import close_database, open_database

    open_database(location)
    counter = _Counter()
    try:
        counter.install()
        server = _server_cpu()
        cpu, wall = time.process_time(), time.perf_counter()
        out = step()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        server = _server_cpu() - server
    finally:
        close_database()
    load = Path("/proc/loadavg").read_text().split()[0]
    return Cost(wall, cpu, server, counter.count, load), out




def _import(path: Path) -> Callable[[], Any]:
    def run() -> Any:
        from importers.apply import import_file

        result = import_file(path, user="bench")
        return result.batch_id, result.counts
    return run


def _undo(batches: dict[str, int], step: str) -> Callable[[], Any]:
    def run() -> Any:
        from importers.apply import undo_import

        return undo_import(batches[step], user="bench")
    return run


def _doctor() -> Any:
    from models.health import run_doctor

    findings = run_doctor(repair=True)
    return {"findings": len(findings), "bad": [f.title.code for f in findings if not f.ok],
            "repaired": [f.title.code for f in findings if f.repaired]}


def _races(stores: dict[str, str], folder: Path, args: argparse.Namespace) -> None:
    """The race step's three runs on each store (see the module's docstring), then the ratios."""
    from bench import races

    runs: dict[tuple[str, str], races.RaceResult] = {}
    pace = args.pace
    for n, variant in enumerate(("alone", "flat-out", "paced")):
        for kind, location in stores.items():
            work = folder / f"race-{variant}-{kind}"
            work.mkdir()
            store = "postgresql" if kind == "PostgreSQL" else "sqlite"
            writers = 0 if variant == "alone" else args.writers
            r = races.import_overlapping_writers(location, work, store, args.rows, writers,
                                                 pace=(pace or 0.0) if variant == "paced" else 0.0,
                                                 first_inn=4_000_000 + n * args.rows)
            runs[variant, kind] = r
            load = Path("/proc/loadavg").read_text().split()[0]
            f = r.figures
            if "import_s" not in f:
                print(f"race      {kind:<12}{'':>34}{load:>6}  failed: {r.notes}; {r.errors[:2]}", flush=True)
                continue
            if variant == "flat-out" and kind == "SQLite" and not pace:
                pace = f["saves_during"] / f["import_s"] / args.writers
            said = (f"{variant}: updated {f.get('updated', 0):.0f}, rejected {f.get('rejected', 0):.0f} "
                    f"({f['plan_s']:.1f} s planning, {f['write_s']:.1f} s writing)")
            if writers:
                per_save = [1000 * f[k] / max(f["saves"], 1)
                            for k in ("colleague_cpu", "colleague_server_cpu")]
                rate = f["saves_during"] / f["import_s"]
                said += (f"; {writers} colleagues{f' at {pace:.1f}/s each' if variant == 'paced' else ''}: "
                         f"{f['saves_during']:.0f} saves during it ({rate:.0f}/s; {f['saves_plan']:.0f} "
                         f"planning, {f['saves_write']:.0f} writing), {f['refused']:.0f} refused, CPU/save "
                         f"{per_save[0]:.1f}+{per_save[1]:.1f} ms")
            print(f"{'race':<10}{kind:<12}{f['import_s']:>8.2f}{f['import_cpu']:>8.2f}{f['import_server_cpu']:>9.2f}"
                  f"{'':>9}{load:>6}  {said}; lost {r.lost}, errors {len(r.errors)}", flush=True)
    ratios = []
    for variant in ("alone", "flat-out", "paced"):
        sq, pg = runs.get((variant, "SQLite")), runs.get((variant, "PostgreSQL"))
        if sq and pg and "import_s" in sq.figures and "import_s" in pg.figures:
            text = f"{variant} {pg.figures['import_s'] / sq.figures['import_s']:.2f}"
            if variant != "alone" and sq.figures["saves_during"]:
                rates = [x.figures["saves_during"] / x.figures["import_s"] for x in (sq, pg)]
                text += f" (colleagues' saves/s {rates[1] / rates[0]:.2f})"
            ratios.append(text)
    if ratios:
        print("race PostgreSQL/SQLite, import wall: " + "; ".join(ratios), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--pace", type=float, help="saves a second per colleague in the paced race "
                                                     "(default: the rate SQLite's reached flat out)")
    parser.add_argument("--no-race", action="store_true")
    parser.add_argument("--pg", default=os.environ.get("PALATA_TEST_PG",
                                                        "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--sqlite", help="an existing register (a copy: it is written to)")
    parser.add_argument("--pg-db", help="an existing PostgreSQL register (a copy: it is written to)")
    parser.add_argument("--only", nargs="+", help="steps to run (fill, import, update, undo-upd, "
                                                  "undo-new, doctor, race)")
    args = parser.parse_args()
    from bench.import_bench import write_list

    server = ScratchServer(args.pg)
    print(f"{'step':<10}{'store':<12}{'wall s':>8}{'cpu s':>8}{'server s':>9}{'stmts':>9}{'load':>6}  result")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            stores = {"SQLite": args.sqlite or str(folder / "register.db"),
                      "PostgreSQL": args.pg_db or server.create()}
            first = 6_000_000  # past the registers bench/ generates and the race's lists
            wanted = set(args.only or ("import", "update"))
            lists = {"import": write_list(folder / "new.xlsx", args.rows, first=first),
                     "update": (write_list(folder / "new-v2.xlsx", args.rows, version=1, first=first)
                                if "update" in wanted else folder / "none.xlsx")}
            batches: dict[str, dict[str, int]] = {k: {} for k in stores}
            steps: list[tuple[str, Callable[[str], Callable[[], Any]]]] = []
            if not (args.sqlite or args.pg_db):
                from bench.generate import fill

                steps.append(("fill", lambda kind: lambda: fill(args.companies)))
            steps += [("import", lambda kind: _import(lists["import"])),
                      ("update", lambda kind: _import(lists["update"])),
                      ("undo-upd", lambda kind: _undo(batches[kind], "update")),
                      ("undo-new", lambda kind: _undo(batches[kind], "import")),
                      ("doctor", lambda kind: _doctor)]
            for name, make in steps:
                if args.only and name not in args.only:
                    continue
                for kind, location in stores.items():
                    cost, out = measure(location, make(kind))
                    if isinstance(out, tuple):
                        batches[kind][name] = out[0]
                        out = {k: v for k, v in out[1].items() if v}
                    print(f"{name:<10}{kind:<12}{cost.wall:>8.2f}{cost.cpu:>8.2f}{cost.server:>9.2f}"
                          f"{cost.statements:>9}{cost.load:>6}  {out}", flush=True)
            if not args.no_race and (not args.only or "race" in args.only):
                _races(stores, folder, args)
    finally:
        server.drop()


if __name__ == "__main__":
    main()
