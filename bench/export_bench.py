"""Excel export: Palata's formatted, safe `export_register` against the bare writer.

    python bench/export_bench.py [--companies 10000 100000] [--repeat 3] [--heap] [--openpyxl]

For each size it generates a register (bench/generate.py `fill(n)`: n companies, one interest
each), then runs, each in a fresh process so that peak memory is the operation's own:

* palata — `importers.export.export_register`: the whole register, every sheet, labels, real
  dates, text identifiers, styled header, frozen pane, filters, fitted widths;
* bare   — the same rows from the same queries written by the same writer (xlsxwriter,
  constant_memory) cell by cell with no formatting at all: the least work for the same file;
* with --openpyxl, openpyxl's write-only mode on the same rows, bare too: why xlsxwriter writes.

It prints time, the peak resident memory of the child during the export (VmHWM, reset after the
database is opened) and its growth over the resident memory before the export, and the
palata/bare time ratio; with --heap also the peak of Python's own allocations during the export
(tracemalloc), which shows that rows are not collected in memory. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _status_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Start the peak (VmHWM) afresh, so that it measures the export alone (Linux 4.0+)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _child(kind: str, db: str, out: str) -> None:
    from importers import export
    from models import export_queries
    from models.db import close_database, open_database

    open_database(db, create=False)
    base = _status_mb("VmRSS") or _rss_mb()
    _reset_peak()
    traced = kind.endswith("+heap")
    if traced:  # Python's own allocations only (slower; its time is not comparable)
        import tracemalloc

        tracemalloc.start()
        kind = kind.removesuffix("+heap")
    started = time.perf_counter()
    rows = 0
    if kind == "palata":
        summary = export.export_register(out)
        rows = sum(summary.counts.values())
    elif kind == "openpyxl":  # the other streaming writer, as bare as ours
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        with export_queries.exporting():
            for key, stream in export_queries.ROWS.items():
                ws = book.create_sheet(key)
                rows_of = stream()
                ws.append(rows_of.columns)
                for row in rows_of.rows:
                    ws.append(row)
                    rows += 1
        book.save(out)
    else:
        book = export.new_workbook(out)
        with export_queries.exporting():
            for key, stream in export_queries.ROWS.items():
                ws = book.add_worksheet(key)
                rows_of = stream()
                ws.write_row(0, 0, rows_of.columns)
                r = 0
                for r, row in enumerate(rows_of.rows, start=1):
                    for c, value in enumerate(row):
                        if value is None:
                            continue
                        if isinstance(value, int):
                            ws.write_number(r, c, value)
                        else:
                            ws.write_string(r, c, str(value))
                rows += r
        book.close()
    seconds = time.perf_counter() - started
    heap = None
    if traced:
        import tracemalloc

        heap = tracemalloc.get_traced_memory()[1] / 2**20
    close_database()
    peak = _status_mb("VmHWM") or _rss_mb()
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "base_mb": base, "rows": rows, "heap_mb": heap,
                      "size_mb": Path(out).stat().st_size / 2**20}))


def _run(kind: str, db: Path, out: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", kind, str(db), str(out)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _make(n: int, folder: Path) -> Path:
    from bench.generate import fill
    from models.db import close_database, open_database

    db = folder / f"bench-{n}.db"
    open_database(db)
    started = time.perf_counter()
    fill(n)
    close_database()
    print(f"generated {n:,} companies in {time.perf_counter() - started:.1f} s", flush=True)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each writer; the best counts")
    parser.add_argument("--openpyxl", action="store_true",
                        help="also time openpyxl's write-only mode on the same rows (the writer not chosen)")
    parser.add_argument("--heap", action="store_true",
                        help="also measure the Python heap peak of the export with tracemalloc")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    print(f"{'companies':>10} {'writer':<7}{'rows':>9}{'time s':>9}{'peak MB':>9}{'growth MB':>11}"
          f"{'file MB':>9}{'ratio':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in args.companies:
            db = _make(n, folder)
            # interleaved repeats, best time of each: other work on the machine shows up as noise
            runs: dict[str, list[dict]] = {"bare": [], "palata": []}
            for _ in range(args.repeat):
                for kind in runs:
                    runs[kind].append(_run(kind, db, folder / f"{kind}.xlsx"))
            bare, ours = (min(runs[k], key=lambda r: r["seconds"]) for k in ("bare", "palata"))
            for kind, r in (("bare", bare), ("palata", ours)):
                ratio = r["seconds"] / bare["seconds"]
                print(f"{n:>10,} {kind:<7}{r['rows']:>9,}{r['seconds']:>9.2f}{r['peak_mb']:>9.0f}"
                      f"{r['peak_mb'] - r['base_mb']:>11.1f}{r['size_mb']:>9.1f}{ratio:>8.2f}", flush=True)
            if args.openpyxl:
                r = _run("openpyxl", db, folder / "openpyxl.xlsx")
                print(f"{n:>10,} {'openpyxl':<7}{r['rows']:>9,}{r['seconds']:>9.2f}"
                      f"{r['peak_mb']:>9.0f}{r['peak_mb'] - r['base_mb']:>11.1f}{r['size_mb']:>9.1f}"
                      f"{r['seconds'] / bare['seconds']:>8.2f}", flush=True)
            if args.heap:
                heap = _run("palata+heap", db, folder / "heap.xlsx")["heap_mb"]
                print(f"{n:>10,} palata: Python heap peak (tracemalloc) {heap:.1f} MB", flush=True)
            db.unlink()


if __name__ == "__main__":
    main()
