"""The app's responsiveness: start to first full screen, keystroke to updated table, opening a
dossier, peak memory — on the sample register and on 100,000 generated companies.

    python bench/app_bench.py [--companies 100000] [--no-sample]

Each data set is measured in a fresh process (imports included in the start time), driving the
real app headless through Textual's Pilot at 80×24. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = {"sample": "трубы", "generated": "строй"}


def measure(db: str, word: str) -> dict:
    """Runs in the child process: everything from the first import on is timed."""
    started = time.perf_counter()
    import asyncio
    import resource

    from models.db import open_database
    from tui.app import PalataApp
    from tui.screens.companies import CompaniesScreen
    from tui.screens.dossier import DossierScreen

    open_database(db)
    result: dict = {}

    async def until(predicate, limit: float = 60.0) -> None:
        end = time.perf_counter() + limit
        while not predicate():
            if time.perf_counter() > end:
                raise TimeoutError
            await asyncio.sleep(0.0005)

    async def scenario() -> None:
        app = PalataApp(location=db, poll=None)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(lambda: isinstance(app.screen, CompaniesScreen) and app.screen.shown is not None)
            await pilot.pause()
            result["first_screen_s"] = time.perf_counter() - started
            screen = app.screen
            result["total"] = screen.total
            latencies = []
            for i in range(1, len(word) + 1):
                t0 = time.perf_counter()
                await pilot.press(word[i - 1])
                await until(lambda n=i: screen.shown is not None and screen.shown.text == word[:n])
                await pilot.pause(0)
                latencies.append(time.perf_counter() - t0)
            result["keystroke_ms"] = [round(x * 1000, 1) for x in latencies]
            result["found"] = screen.matching
            await pilot.press("escape")
            await until(lambda: screen.shown is not None and screen.shown.text == "")
            opens = []
            for row in range(3):
                screen.query_one("CompanyTable").move_cursor(row=row)
                t0 = time.perf_counter()
                app.open_dossier(screen.current_company())
                await until(lambda: isinstance(app.screen, DossierScreen) and app.screen.dossier is not None)
                await pilot.pause(0)
                opens.append(time.perf_counter() - t0)
                await app.pop_screen()
                await pilot.pause()
            result["dossier_ms"] = [round(x * 1000, 1) for x in opens]

    asyncio.run(scenario())
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _child(db: str, word: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", db, word], capture_output=True, text=True,
                         cwd=ROOT, timeout=600)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _report(name: str, r: dict) -> None:
    keys = r["keystroke_ms"]
    ordered = sorted(keys)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"\n{name}: {r['total']:,} companies")
    print(f"  start to first full screen   {r['first_screen_s']:.2f} s  (process start, imports included)")
    print(f"  keystroke to updated table   median {statistics.median(keys):.1f} ms, p95 {p95:.1f} ms "
          f"over {len(keys)} keys ({', '.join(map(str, keys))}); {r['found']:,} found")
    print(f"  dossier open                 median {statistics.median(r['dossier_ms']):.1f} ms "
          f"({', '.join(map(str, r['dossier_ms']))})")
    print(f"  peak memory (RSS)            {r['peak_rss_mb']:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--no-sample", action="store_true")
    parser.add_argument("--measure", nargs=2, metavar=("DB", "WORD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return

    from bench.generate import fill
    from models.db import close_database, open_database

    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sample:
            sample = Path(tmp) / "sample.db"
            subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(sample), "demo"], cwd=ROOT,
                           check=True, capture_output=True)
            _report("sample register", _child(str(sample), WORDS["sample"]))
        big = Path(tmp) / "big.db"
        t0 = time.perf_counter()
        open_database(big)
        fill(args.companies)
        close_database()
        print(f"\n(generated {args.companies:,} companies in {time.perf_counter() - t0:.1f} s)")
        _report("generated register", _child(str(big), WORDS["generated"]))


if __name__ == "__main__":
    main()
