"""What staff feel of a large register, SQLite and PostgreSQL side by side: the companies table's
first page for a typed word, a search typed a letter at a time, a dossier, a briefing, an export
of a filtered view — with the statements each sends to the store (round trips).

    python bench/reads_bench.py --sqlite FILE.db --pg postgresql://…/db [--repeat 15]
                                [--build N] [--words a,b] [--export]

Both registers should hold the same data (bench/generate.py `fill` or bench/million.py, same
seed); with --build N they are filled first (N companies and one interest each, and missions).
The two stores are measured turn about, case by case (one SQLite run, one PostgreSQL run…), so
the load of a shared machine falls on both alike. Per case: wall median / p95 in ms; CPU, the
mean of this process's time plus, for a server on this machine, the time of the server process
serving the connection (read from /proc, in 10 ms ticks: hence a mean); the statements one call
sends; the PostgreSQL/SQLite ratios. A typed word is timed key by key (median and p95 over its
keys). The answers are compared (same ids, counts, order and "where found" on both stores; a
briefing without the change log's times and users). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import peewee  # noqa: E402

from bench.backends_bench import QUERIES  # noqa: E402
from models import briefing, dossier, queries  # noqa: E402
from models.db import close_database, database, open_database  # noqa: E402

KEYSTROKE_WORDS = ("хлебмир", "строй", "тру", "о")


class Store:
    """One open register, kept open: the app keeps its connection for the session."""

    def __init__(self, name: str, location: str):
        self.name, self.location = name, location
        self.db: peewee.Database = open_database(location)
        self.statements = 0
        original = self.db.execute_sql

        def counting(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
            self.statements += 1
            return original(sql, params, *args, **kwargs)

        self.db.execute_sql = counting  # type: ignore[method-assign]
        self.server_stat: Path | None = None
        if name == "PostgreSQL":  # the server's own process for this connection, when it is local
            pid = self.db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
            stat = Path(f"/proc/{pid}/stat")
            self.server_stat = stat if stat.exists() else None

    def server_cpu(self) -> float:
        """CPU seconds the server spent for this connection so far (0 for SQLite, or a remote server)."""
        if self.server_stat is None:
            return 0.0
        fields = self.server_stat.read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def use(self) -> None:
        database.initialize(self.db)


def _timed(store: Store, fn: Callable[[], Any]) -> tuple[float, float, int, Any]:
    """Wall ms, CPU ms (this process's and the server's for it), statements sent, the answer."""
    store.use()
    before = store.statements
    s0, c0, t0 = store.server_cpu(), time.process_time(), time.perf_counter()
    answer = fn()
    wall = (time.perf_counter() - t0) * 1000
    cpu = (time.process_time() - c0 + store.server_cpu() - s0) * 1000
    return wall, cpu, store.statements - before, answer


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def compare(stores: list[Store], name: str, fn: Callable[[], Any], repeat: int,
            key: Callable[[Any], Any] = lambda a: a) -> dict[str, Any]:
    """Run `fn` on each store in turn, `repeat` times; print one line."""
    walls: dict[str, list[float]] = {s.name: [] for s in stores}
    cpus: dict[str, list[float]] = {s.name: [] for s in stores}
    trips: dict[str, int] = {}
    answers: dict[str, Any] = {}
    for _ in range(repeat):
        for s in stores:
            wall, cpu, n, answer = _timed(s, fn)
            walls[s.name].append(wall)
            cpus[s.name].append(cpu)
            trips[s.name] = n
            answers[s.name] = key(answer)
    same = len({repr(a) for a in answers.values()}) == 1
    cells = []
    for s in stores:
        w = walls[s.name]
        # the server's CPU is counted in ticks (10 ms): its mean over the runs, not its median
        cells.append(f"{statistics.median(w):8.1f} /{_p95(w):6.1f} cpu {statistics.mean(cpus[s.name]):6.1f}"
                     f" [{trips[s.name]:2}]")
    medians = [statistics.median(walls[s.name]) for s in stores]
    cpu_means = [statistics.mean(cpus[s.name]) for s in stores]
    ratio = (f"{medians[1] / medians[0]:5.2f}x cpu {cpu_means[1] / cpu_means[0]:5.2f}x"
             if len(stores) == 2 and medians[0] and cpu_means[0] else "")
    print(f"{name:34}{'  '.join(cells)}  {ratio}{'' if same else '  ANSWERS DIFFER'}", flush=True)
    return {"walls": walls, "cpus": cpus, "trips": trips, "same": same}


def _page_key(page: queries.Page) -> tuple:
    return page.matching, page.capped, page.ranked, [(r.id, r.open_interests, r.matched) for r in page.rows]


def _dossier_key(d: dossier.Dossier | None) -> tuple:
    """Every row of every section, in order; the change log without its times and users (the
    two registers were written at different moments, by different logins)."""
    if d is None:
        return ()
    return (d.company.id, d.contacts, d.interests, d.participations, d.meetings, d.agreements, d.activities,
            [(h.action, h.field, h.old, h.new) for h in d.history])


def _briefing_key(b: briefing.Briefing | None) -> tuple:
    """What the briefing says, but the change log's times and users (the two registers were
    written at different moments, by different logins)."""
    if b is None:
        return ()
    return _dossier_key(b.dossier), repr({k: v for k, v in vars(b).items() if k != "dossier"})


def typing(stores: list[Store], word: str, repeat: int) -> None:
    """The companies screen's work for a word typed a letter at a time (one first page a key),
    each key timed by itself: median and p95 over every key of `repeat` typings, per store."""
    walls: dict[str, list[float]] = {s.name: [] for s in stores}
    cpus: dict[str, list[float]] = {s.name: [] for s in stores}
    for _ in range(repeat):
        for s in stores:
            for i in range(1, len(word) + 1):
                wall, cpu, _, _ = _timed(s, functools.partial(queries.first_page, word[:i]))
                walls[s.name].append(wall)
                cpus[s.name].append(cpu)
    cells = [f"{statistics.median(walls[s.name]):8.1f} /{_p95(walls[s.name]):6.1f} cpu "
             f"{statistics.mean(cpus[s.name]):6.1f}     " for s in stores]
    ratio = ""
    if len(stores) == 2:
        p95 = [_p95(walls[s.name]) for s in stores]
        cpu_means = [statistics.mean(cpus[s.name]) for s in stores]
        ratio = f"{p95[1] / p95[0]:5.2f}x cpu {cpu_means[1] / cpu_means[0]:5.2f}x  (p95)"
    print(f"{'a key of ' + repr(word):34}{'  '.join(cells)}  {ratio}", flush=True)


def _sample_companies(stores: list[Store], count: int = 3) -> list[int]:
    """Companies with the fullest dossiers (most meetings), the same on both stores."""
    stores[0].use()
    rows = database.execute_sql(
        "SELECT company_id FROM meeting_party GROUP BY company_id ORDER BY count(*) DESC, company_id "
        "LIMIT ?", (count,)).fetchall()
    top = database.execute_sql("SELECT max(id) FROM company").fetchone()[0]
    return [r[0] for r in rows] + [top // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", help="a register file (default: a temporary one, with --build)")
    parser.add_argument("--pg", required=True, help="a PostgreSQL register (an empty one with --build)")
    parser.add_argument("--build", type=int, default=0, help="fill both registers with N companies first")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--words", help="comma-separated words typed a letter at a time")
    parser.add_argument("--export", action="store_true", help="also export a filtered view (each once)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_path = args.sqlite or str(Path(tmp) / "reads.db")
        if args.build:
            from bench.generate import fill, fill_missions

            for location in (sqlite_path, args.pg):
                started = time.perf_counter()
                open_database(location)
                fill(args.build)
                fill_missions()
                close_database()
                print(f"built {args.build:,} companies in {location.rpartition('/')[2]}: "
                      f"{time.perf_counter() - started:.0f} s", flush=True)
        stores = [Store("SQLite", sqlite_path), Store("PostgreSQL", args.pg)]
        print(f"load average {Path('/proc/loadavg').read_text().split()[:3]}; wall median / p95, "
              "CPU mean (client + server), ms; [statements]")
        print(f"{'':34}{'SQLite':^36}  {'PostgreSQL':^36}  ratio")
        compare(stores, "first screen (no search)", lambda: queries.first_page(), args.repeat, _page_key)
        for q in QUERIES:
            compare(stores, f"first_page {q!r}", functools.partial(queries.first_page, q), args.repeat,
                    _page_key)
        words = args.words.split(",") if args.words else KEYSTROKE_WORDS
        for w in words:
            typing(stores, w, max(3, args.repeat // 3))
        for cid in _sample_companies(stores):
            compare(stores, f"dossier {cid}", functools.partial(dossier.load, cid), args.repeat, _dossier_key)
            compare(stores, f"briefing {cid}", functools.partial(briefing.briefing, cid),
                    max(3, args.repeat // 3), _briefing_key)
        if args.export:
            from importers.view_export import export_view

            out = Path(tmp) / "view.xlsx"
            compare(stores, "export the view 'ковров мебель'",
                    lambda: export_view(out, text="ковров мебель"), 1, lambda s: repr(s))
        for s in stores:
            s.use()
            close_database()


if __name__ == "__main__":
    main()
