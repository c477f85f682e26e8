"""Search latency: Palata's `search_companies` against bare sqlite3 running the same statement.

    python bench/search_bench.py [--companies 100000] [--sample]

Prints the median and 95th percentile per query, and the ratio to bare sqlite3 running the same
statement (the index matches, fragments inside names, the ranking by where it matched): what
Palata adds on top of the least work for the same answer. Also times
`palata demo` and `palata search` end to end (process start included) when --sample is given.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import fill  # noqa: E402
from models import search  # noqa: E402
from models.db import close_database, open_database  # noqa: E402

QUERIES = ("стро", "трубы", "тру", "владимир плитка", "7707", "ковров мебель", "ооо", "мука ржаная")
REPEAT = 15


def _timings(fn, repeat: int = REPEAT) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def bench_queries(path: Path) -> None:
    bare = sqlite3.connect(path)
    print(f"{'query':<18}{'hits':>8}{'palata ms (med/p95)':>22}{'bare ms (med)':>16}{'ratio':>8}")
    for q in QUERIES:
        statement = search.companies_sql(q, limit=50)  # the same statement, run bare
        assert statement is not None, f"nothing searchable in {q!r}"
        sql, params = statement
        ours = _timings(lambda q=q: search.search_companies(q, limit=50))
        theirs = _timings(lambda sql=sql, params=params: bare.execute(sql, params).fetchall())
        hits = search.count_matches(q)
        ratio = statistics.median(ours) / max(statistics.median(theirs), 1e-6)
        print(f"{q:<18}{hits:>8}{statistics.median(ours):>12.2f} / {_p95(ours):<8.2f}"
              f"{statistics.median(theirs):>14.2f}{ratio:>8.2f}")
    bare.close()


def bench_command(path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(path), "demo"], cwd=repo, check=True,
                   capture_output=True)
    print(f"palata demo (sample workbook → empty database): {time.perf_counter() - started:.2f} s")
    runs = _timings(lambda: subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(path), "search",
                                            "трубы"], cwd=repo, check=True, capture_output=True), 5)
    bare = _timings(lambda: subprocess.run([sys.executable, "-c", "import sqlite3"], check=True), 5)
    print(f"palata search трубы (whole process): median {statistics.median(runs):.0f} ms; "
          f"bare `python -c 'import sqlite3'`: {statistics.median(bare):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--sample", action="store_true", help="also time demo and search on the sample")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.sample:
            sample = Path(tmp) / "sample.db"
            bench_command(sample)
            open_database(sample)
            print("\nSample register:")
            bench_queries(sample)
            close_database()
        path = Path(tmp) / "big.db"
        open_database(path)
        started = time.perf_counter()
        fill(args.companies)
        print(f"\nGenerated {args.companies} companies in {time.perf_counter() - started:.1f} s")
        bench_queries(path)
        close_database()


if __name__ == "__main__":
    main()
