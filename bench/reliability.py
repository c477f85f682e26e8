"""The reliability report: load, fault and race scenarios at a chosen size, printed as one table,
on SQLite and — given a server — on PostgreSQL.

    python bench/reliability.py [--pg postgresql://user@host/admin_db] [--writers 8]
                                [--import-rows 20000] [--stuck-seconds 15] [--merges 15]
                                [--classic] [--ops 300] [--big-import 100000] [--crash-trials 30]

The PostgreSQL URL may also come from PALATA_BENCH_PG (or PALATA_TEST_PG): an admin URL; each
scenario gets a new database there, dropped afterwards. `--classic` adds the older SQLite-only
scenarios (many writers, killed edits, readers during a large import).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench import races, scenarios  # noqa: E402


@contextmanager
def new_store(kind: str, work: Path, admin: str | None) -> Iterator[str]:
    """A new, empty store: a file under `work`, or a database created on the server."""
    if kind == "sqlite":
        yield str(work / f"race-{uuid.uuid4().hex[:8]}.db")
        return
    import psycopg2

    assert admin is not None, "a PostgreSQL store needs the server's admin URL (--pg)"
    name = f"palata_bench_{uuid.uuid4().hex[:10]}"
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.rpartition("/")[0] + "/" + name
    finally:
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default=os.environ.get("PALATA_BENCH_PG") or os.environ.get("PALATA_TEST_PG"))
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--stuck-seconds", type=float, default=15.0)
    parser.add_argument("--merges", type=int, default=15)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--classic", action="store_true")
    parser.add_argument("--ops", type=int, default=300)
    parser.add_argument("--big-import", type=int, default=100_000)
    parser.add_argument("--crash-trials", type=int, default=30)
    args = parser.parse_args()

    kinds = [k for k in ("sqlite", "postgresql") if (k == "sqlite" or args.pg) and args.only in (None, k)]
    cases: list[tuple[str, Callable[[str, Path, str], races.RaceResult]]] = [
        ("merge", lambda loc, w, k: races.merges_racing_saves(loc, w, k, writers=4, pairs=args.merges)),
        ("undo", lambda loc, w, k: races.undo_racing_contacts(loc, w, k, writers=4)),
        ("stuck", lambda loc, w, k: races.stuck_session(loc, w, k, args.writers, args.stuck_seconds)),
        ("import", lambda loc, w, k: races.import_overlapping_writers(loc, w, k, args.import_rows,
                                                                      args.writers)),
    ]
    results: list[races.RaceResult] = []
    console = Console(width=max(Console().width, 170))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for kind in kinds:
            for name, case in cases:
                case_dir = work / f"{kind}-{name}"
                case_dir.mkdir()
                with new_store(kind, case_dir, args.pg) as location:
                    result = case(location, case_dir, kind)
                results.append(result)
                console.print(f"{kind}: {result.scenario} — готово")
        classic = []
        if args.classic:
            db = work / "shared.db"
            scenarios.seed_register(db)
            classic.append(scenarios.concurrent_writers(db, work, args.writers, args.ops, 2000))
            classic.append(scenarios.crash_during_edits(db, work, args.crash_trials))
            classic.append(scenarios.readers_during_import(db, work, args.big_import))

    table = Table(title="Palata: надёжность при совместной работе")
    for title in ("хранилище", "сценарий", "действий", "сохранено", "отказано с сообщением", "потеряно",
                  "ошибок", "дольше всего ждали, мс", "…на свободной компании, мс", "примечание"):
        table.add_column(title)
    for r in results:
        table.add_row(r.store, r.scenario, str(r.attempted), str(r.committed), str(r.refused), str(r.lost),
                      str(len(r.errors)), f"{r.worst_wait_ms:.0f}", f"{r.other_wait_ms:.0f}", r.notes)
    for c in classic:
        table.add_row("sqlite", c.scenario, str(c.attempted), str(c.committed), "—", str(c.lost),
                      str(len(c.errors)), f"{c.worst_wait_ms:.0f}", "—", c.notes)
    console.print(table)
    every: list[races.RaceResult | scenarios.Result] = [*results, *classic]
    for each in every:
        for e in each.errors[:5]:
            console.print(f"[red]{each.scenario}:[/red] {e}")


if __name__ == "__main__":
    main()
