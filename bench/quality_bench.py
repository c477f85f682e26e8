"""How far matches and search results can be trusted, on the sample register: precision@5 and
recall of matching over the labelled pairs of `bench/quality/pairs.csv`, and the share of the
queries of `bench/quality/queries.csv` whose expected company comes first — before (the previous
matching and ranking, `bench/quality/baseline.py`) and now.

    python bench/quality_bench.py [--pg postgresql://user@host/db] [--misses]

The sample is loaded into a temporary SQLite file (or the empty PostgreSQL database given).
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quality import evaluate as ev  # noqa: E402
from importers.register import load_register  # noqa: E402
from models.db import open_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="an empty PostgreSQL database to load the sample into")
    parser.add_argument("--misses", action="store_true", help="list the queries not answered first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        open_database(args.pg or str(Path(tmp) / "sample.db"), create=True)
        load_register(ROOT / "tui" / "sample" / "palata_sample.xlsx")
        print(f"store: {'PostgreSQL' if args.pg else 'SQLite'}; "
              f"{len(ev.pairs())} labelled pairs, {len(ev.queries())} queries")
        print(f"{'matching':<10}{'precision@5':>13}{'recall':>9}{'shown/interest':>16}"
              f"{'silent':>8}{'ms/interest':>13}")
        for label, matcher in (("before", ev.baseline_matches), ("after", ev.current_matches)):
            started = time.perf_counter()
            f = ev.evaluate_matching(matcher)
            ms = (time.perf_counter() - started) * 1000 / f.interests
            print(f"{label:<10}{f.precision_at_5:>13.2f}{f.recall:>9.2f}{f.shown:>16.1f}"
                  f"{f.silent:>5}/{f.interests:<3}{ms:>12.1f}")
        print(f"{'search':<10}{'expected first':>16}")
        for label, first in (("before", ev.baseline_first), ("after", ev.current_first)):
            share, misses = ev.evaluate_search(first)
            print(f"{label:<10}{share:>16.0%}  ({len(misses)} missed)")
            if args.misses:
                for text, expected, got in misses:
                    print(f"    «{text}»: expected {expected}, first {got}")


if __name__ == "__main__":
    main()
