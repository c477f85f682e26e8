"""SQLite and PostgreSQL side by side: loading and searching a large register, importing a list.

    python bench/backends_bench.py [--companies 100000] [--rows 100000]
                                   [--pg postgresql://postgres@127.0.0.1:5432/postgres]

For each backend: `bench.generate.fill(N)` (N companies and one interest each through the bulk
write path, then the search index built), the search latency of a few queries
(`models.search.search_companies` and the companies table's `queries.first_page`: median and
95th percentile over 15 runs), `palata copy` of the whole register, and `importers.apply.import_file`
of a member list of --rows rows (bench/import_bench.py's generator) into an empty register.
The PostgreSQL databases are created on the server --pg (or $PALATA_TEST_PG) and dropped at the
end. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import fill  # noqa: E402
from bench.import_bench import write_list  # noqa: E402
from bench.pg_scratch import ScratchServer  # noqa: E402
from models import queries, search  # noqa: E402
from models.db import close_database, database, open_database  # noqa: E402

QUERIES = ("стро", "трубы", "тру", "владимир плитка", "7707", "ковров мебель", "ооо", "мука ржаная")
REPEAT = 15


def _ms(fn, repeat: int = REPEAT) -> tuple[float, float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    out.sort()
    return statistics.median(out), out[min(len(out) - 1, int(len(out) * 0.95))]




def _bench(kind: str, location: str, copy_to: str, list_path: Path, list_db: str, n: int) -> dict:
    res: dict = {}
    open_database(location)
    started = time.perf_counter()
    fill(n)
    res["fill"] = time.perf_counter() - started
    res["search"] = {q: _ms(lambda q=q: search.search_companies(q)) for q in QUERIES}
    res["page"] = {q: _ms(lambda q=q: queries.first_page(q)) for q in QUERIES}
    res["count"] = {q: search.count_matches(q) for q in QUERIES}
    from models.transfer import copy_register

    started = time.perf_counter()
    copy_register(database, copy_to)
    res["copy"] = time.perf_counter() - started
    close_database()

    from importers.apply import import_file

    open_database(list_db)
    started = time.perf_counter()
    result = import_file(list_path, user="bench")
    res["import"] = time.perf_counter() - started
    res["import_rows"] = result.counts["created"]
    close_database()
    return res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", default=os.environ.get("PALATA_TEST_PG",
                                                        "postgresql://postgres@127.0.0.1:5432/postgres"))
    args = parser.parse_args()
    server = ScratchServer(args.pg)
    results: dict[str, dict] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            started = time.perf_counter()
            listing = write_list(folder / "members.xlsx", args.rows)
            print(f"member list of {args.rows} rows written in {time.perf_counter() - started:.1f} s")
            results["SQLite"] = _bench("sqlite", str(folder / "a.db"), server.create(), listing,
                                       str(folder / "list.db"), args.companies)
            print("SQLite done")
            results["PostgreSQL"] = _bench("postgresql", server.create(), str(folder / "copy.db"), listing,
                                           server.create(), args.companies)
            print("PostgreSQL done")
    finally:
        server.drop()
    s, p = results["SQLite"], results["PostgreSQL"]
    print(f"\n{args.companies:,} companies (+1 interest each); times in ms, median / p95 of {REPEAT}")
    print(f"{'':34}{'SQLite':>18}{'PostgreSQL':>18}   matches")
    print(f"{'fill (bulk write + index), s':34}{s['fill']:>18.1f}{p['fill']:>18.1f}")
    for q in QUERIES:
        print(f"{'search_companies ' + q!r:34}{s['search'][q][0]:>10.1f} / {s['search'][q][1]:<5.0f}"
              f"{p['search'][q][0]:>10.1f} / {p['search'][q][1]:<5.0f}"
              f"  {s['count'][q]:>7} {p['count'][q]:>7}")
    for q in QUERIES:
        print(f"{'first_page ' + q!r:34}{s['page'][q][0]:>10.1f} / {s['page'][q][1]:<5.0f}"
              f"{p['page'][q][0]:>10.1f} / {p['page'][q][1]:<5.0f}")
    print(f"{'copy the register to the other, s':34}{s['copy']:>18.1f}{p['copy']:>18.1f}")
    print(f"{'import a list of ' + str(args.rows) + ' rows, s':34}{s['import']:>18.1f}{p['import']:>18.1f}"
          f"   created {s['import_rows']} / {p['import_rows']}")


if __name__ == "__main__":
    main()
