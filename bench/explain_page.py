"""Where a keystroke's time goes: the statements `queries.first_page` sends for a word, each timed
on its own and explained, on either store.

    python -m bench.explain_page DB WORD [WORD…] [--plan] [--repeat 3] [--dossier ID] [--briefing ID]

For each statement: its best wall time over --repeat runs (ms), the rows it returned, its first
150 characters; with --plan, the plan (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN (ANALYZE,
BUFFERS), of which without --plan only the last lines, the planning and execution times, are
shown). An empty WORD ('') is the first screen with no search. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models import backend, briefing, dossier, queries  # noqa: E402
from models.db import open_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("words", nargs="*")
    parser.add_argument("--plan", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dossier", type=int, help="also explain a dossier's statements")
    parser.add_argument("--briefing", type=int, help="also explain a briefing's statements")
    args = parser.parse_args()
    db = open_database(args.db)
    pg = isinstance(backend.current(), backend.PostgresBackend)
    original = db.execute_sql
    cases: list[tuple[str, Any]] = [(repr(w), lambda w=w: queries.first_page(w or None)) for w in args.words]
    if args.dossier:
        cases.append((f"dossier {args.dossier}", lambda: dossier.load(args.dossier)))
    if args.briefing:
        cases.append((f"briefing {args.briefing}", lambda: briefing.briefing(args.briefing)))
    for name, call in cases:
        captured: list[tuple[str, Any]] = []

        def capture(sql: str, params: Any = None, *a: Any, captured: list = captured, **k: Any) -> Any:
            captured.append((sql, params))
            return original(sql, params, *a, **k)

        db.execute_sql = capture  # type: ignore[method-assign]
        t0 = time.perf_counter()
        call()
        whole = (time.perf_counter() - t0) * 1000
        db.execute_sql = original  # type: ignore[method-assign]
        print(f"=== {name}: {whole:.1f} ms, {len(captured)} statements")
        for sql, params in captured:
            # PostgreSQL: a statement may come with settings of its own in front of it (SET LOCAL,
            # set_config: `backend.search_by_index`)
            settings, body = "", sql.lstrip()
            while body.upper().startswith(("SET LOCAL", "SELECT SET_CONFIG(")):
                head, _, body = body.partition(";")
                settings += head + "; "
                body = body.lstrip()
            # PostgreSQL: a statement prepared once per connection (`backend.execute_planned`) is
            # timed and explained as its EXECUTE (its PREPARE is only listed)
            if not body.upper().startswith(("SELECT", "WITH", "EXECUTE")):
                print(f"  -- {' '.join(sql.split())[:60]}")
                continue
            best, rows = float("inf"), 0
            for _ in range(args.repeat):
                with db.atomic():  # where SET LOCAL holds
                    t0 = time.perf_counter()
                    rows = len(original(sql, params).fetchall())
                    best = min(best, (time.perf_counter() - t0) * 1000)
            print(f"  {best:9.1f} ms {rows:6} rows  {settings}{' '.join(body.split())[:150]}")
            if pg:
                with db.atomic():
                    cur = db.connection().cursor()
                    if settings:
                        cur.execute(settings)
                    s, p = backend.translate("EXPLAIN (ANALYZE, BUFFERS, SUMMARY) " + body, params)
                    cur.execute(s, p)
                    lines = [r[0] for r in cur.fetchall()]
                shown = lines if args.plan else lines[-2:]
                print("\n".join("      " + line for line in shown))
            elif args.plan:
                for row in original("EXPLAIN QUERY PLAN " + body, params).fetchall():
                    print(f"      {row[0]:3} {row[1]:3} {row[3]}")


if __name__ == "__main__":
    main()
