"""The reliability report: load and fault scenarios at a chosen size, printed as one table.

    python bench/reliability.py [--writers 8] [--ops 300] [--import-rows 2000] [--big-import 100000]
                                [--crash-trials 30]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench import scenarios  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--ops", type=int, default=300)
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument("--big-import", type=int, default=100_000)
    parser.add_argument("--crash-trials", type=int, default=30)
    args = parser.parse_args()

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "shared.db"
        scenarios.seed_register(db)
        results.append(scenarios.concurrent_writers(db, work, args.writers, args.ops, args.import_rows))
        results.append(scenarios.crash_during_edits(db, work, args.crash_trials))
        results.append(scenarios.readers_during_import(db, work, args.big_import))

    table = Table(title="Palata: надёжность при совместной работе")
    for title in ("сценарий", "операций", "сохранено", "потеряно", "ошибок у пользователей",
                  "худшее ожидание, мс", "примечание"):
        table.add_column(title)
    for r in results:
        table.add_row(r.scenario, str(r.attempted), str(r.committed), str(r.lost), str(len(r.errors)),
                      f"{r.worst_wait_ms:.0f}", r.notes)
    console = Console(width=max(Console().width, 150))
    console.print(table)
    for r in results:
        for e in r.errors[:5]:
            console.print(f"[red]{r.scenario}:[/red] {e}")


if __name__ == "__main__":
    main()
