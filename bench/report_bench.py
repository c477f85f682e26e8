"""The chamber's report: each section's figures, the screen's rows, the whole report and its
workbook — on the sample register and on a generated one of 100,000 companies with their
membership, missions, meetings, agreements, follow-ups and interests.

    python bench/report_bench.py [--companies 100000] [--no-sample] [--keep FILE] [--db FILE|URL]

The report is asked for the sample's year 2025 and for the generated register's 2025. Each figure
is the median of three runs, CPU time (this process) beside wall time, with the load average:
on a shared machine the wall time follows the load, the CPU time much less. Beside each part
stands the bare library doing the least for one of its figures (one grouped statement), and
beside the workbook xlsxwriter alone writing the same rows; their ratios. The screen itself is
timed from F11 until its rows are on screen (Pilot, 80×24). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

T = TypeVar("T")
YEARS = range(2019, 2027)
KINDS = ("incoming", "outgoing", "round_table", "b2b", "exhibition", "congress", "online")
COUNTRIES = ("Беларусь", "Казахстан", "Узбекистан", "Китай", None)
DUES = (date(2024, 12, 31), date(2025, 6, 30), date(2025, 12, 31), date(2026, 6, 30), date(2026, 12, 31))
OKVED = ("25.11", "23.61", "10.71", "41.20", "46.90", "31.01", "49.41", "62.01", "01.11", "86.10")


def generate(n: int, seed: int = 11) -> None:
    """n companies (nine in ten members) and, per 50 companies, a mission with 5–25 of them, two
    meetings and an agreement; an interest per company, a follow-up per ten — into the open store."""
    from bench.generate import CITIES, SUBJECTS, companies
    from models import search, store
    from models.db import database
    from models.entities import (
        Activity,
        Agreement,
        AgreementParty,
        Company,
        Interest,
        Meeting,
        MeetingParty,
        Mission,
        Participation,
    )

    rnd = random.Random(seed)

    def day(first: date, last: date) -> date:
        return first + timedelta(days=rnd.randint(0, (last - first).days))

    rows = []
    for row in companies(n, seed):
        member = rnd.random() < 0.9
        row.update(okved=rnd.choice(OKVED), city=rnd.choice(CITIES[:12]))
        if member:
            row.update(member_since=day(date(1995, 1, 1), date(2026, 10, 31)),
                       dues_paid_until=rnd.choice(DUES))
        else:
            row.update(member_status=None, member_since=None, dues_paid_until=None)
        rows.append(row)
    with database.atomic():
        ids = store.bulk_create(Company, rows, user="bench", reindex=False)
        store.bulk_create(Interest, [
            {"company": cid, "direction": rnd.choice(("buys", "sells", "partner", "invests")),
             "subject": rnd.choice(SUBJECTS), "partner_geo": rnd.choice(COUNTRIES),
             "status": rnd.choice(("open", "open", "in_work", "done", "dropped")),
             "opened_on": day(date(2019, 1, 1), date(2026, 11, 1))} for cid in ids],
            user="bench", reindex=False)
        database.execute_sql("UPDATE interest SET closed_on = date(opened_on, '+90 days') "  # a SQLite file
                             "WHERE status IN ('done', 'dropped')")
        missions = store.bulk_create(Mission, [
            {"kind": rnd.choice(KINDS), "title": f"Миссия {i}", "partner_country": rnd.choice(COUNTRIES),
             "starts_on": day(date(2019, 1, 1), date(2026, 11, 1))} for i in range(max(1, n // 50))],
            user="bench", reindex=False)
        parts, meetings, agreements, activities = [], [], [], []
        for mid in missions:
            for cid in rnd.sample(ids, min(len(ids), rnd.randint(5, 25))):
                parts.append({"mission": mid, "company": cid})
            meetings += [{"mission": mid, "subject": "переговоры"}] * 2
            agreements.append({"mission": mid, "kind": rnd.choice(("nda", "cooperation", "supply")),
                               "subject": "соглашение", "status": "signed"})
        store.bulk_create(Participation, parts, user="bench", reindex=False)
        meeting_ids = store.bulk_create(Meeting, meetings, user="bench", reindex=False)
        agreement_ids = store.bulk_create(Agreement, agreements, user="bench", reindex=False)
        MeetingParty.insert_many([{"meeting": m, "company": rnd.choice(ids)} for m in meeting_ids]).execute()
        AgreementParty.insert_many([{"agreement": a, "company": rnd.choice(ids)}
                                    for a in agreement_ids]).execute()
        for cid in ids[::10]:
            activities.append({"company": cid, "mission": rnd.choice(missions), "kind": "call",
                               "text": "перезвонить", "happened_on": date(2025, 6, 1),
                               "due_on": date(2025, 7, 1), "done": rnd.random() < 0.5})
        store.bulk_create(Activity, activities, user="bench", reindex=False)
        search.rebuild()


def _timed(fn: Callable[[], T], runs: int = 3) -> tuple[float, float, T]:
    """The median CPU time and wall time of `fn` over `runs` runs, and its last result."""
    cpu: list[float] = []
    wall: list[float] = []
    results: list[T] = []
    if runs > 1:
        fn()  # a first run warms the caches (the screen's later loads find them warm too)
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        results.append(fn())
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu), statistics.median(wall), results[-1]


def _ms(cpu: float, wall: float) -> str:
    return f"CPU {cpu * 1000:8.1f} ms  wall {wall * 1000:8.1f} ms"


def _bare_sections(period) -> dict[str, tuple[str, tuple[object, ...]]]:
    """What the bare library does for one figure of each part — its least possible work: one
    grouped statement through sqlite3/psycopg2 (no peewee, no Python counting)."""
    end = period.end + timedelta(days=1)
    return {
        "members": ("SELECT city, count(*) FROM company WHERE member_status IN ('active', 'suspended') "
                    "AND archived_at IS NULL GROUP BY city", ()),
        "dues": ("SELECT dues_paid_until < ?, count(*) FROM company WHERE member_status IN "
                 "('active', 'suspended') AND archived_at IS NULL GROUP BY 1", (period.end,)),
        "missions": ("SELECT m.kind, count(DISTINCT p.company_id) FROM mission m JOIN participation p "
                     "ON p.mission_id = m.id WHERE m.starts_on >= ? AND m.starts_on < ? GROUP BY m.kind",
                     (period.start, end)),
        "interests": ("SELECT direction, count(*) FROM interest WHERE opened_on >= ? AND opened_on < ? "
                      "GROUP BY direction", (period.start, end)),
    }


def measure(db: str, year: int, label: str) -> None:
    from importers.report_book import write_book
    from models import reports
    from models.db import close_database, database, open_database
    from tui import report_text
    from tui.screens import reports as screen

    open_database(db)
    period = reports.Period.year(year)
    today = date(2026, 11, 20)
    companies = database.execute_sql("SELECT count(*) FROM company").fetchone()[0]
    print(f"\n{label}: {companies:,} companies, report for {year}; load average {_load()}")
    print("  each part as the screen counts it (its own thread, its own connection), then its rows;")
    print("  beside it the bare library's one grouped statement for one of its figures")
    parts: dict[str, Any] = {}
    server = db.startswith("postgresql")
    bare = _bare_sections(period)
    for part in reports.PARTS:
        cpu, wall, parts[part] = _timed(partial(reports.section, part, period, today))
        lines = [partial(screen.LINES[n], parts[part], period) for n in screen.SECTIONS
                 if screen.PART[n] == part]
        rows_cpu, _, _ = _timed(lambda: [make() for make in lines])  # noqa: B023 — called at once
        bare_cpu, bare_wall, _ = _timed(partial(_bare, database, *bare[part]))
        # PostgreSQL counts on the server: this process's CPU leaves that out, the wall time not
        ratio = (f"{wall / max(bare_wall, 1e-6):.1f}× wall" if server else
                 f"{(cpu + rows_cpu) / max(bare_cpu, 1e-6):.1f}× CPU")
        print(f"  {part:<10} {_ms(cpu, wall)}  rows {rows_cpu * 1000:6.1f} ms CPU;  "
              f"bare {_ms(bare_cpu, bare_wall)}  ({ratio})")
    members = parts["members"]
    largest = max([members.at_start, members.at_end], key=lambda f: f.count)
    cpu, wall, (total, _) = _timed(lambda: reports.companies_behind(largest, 2_000))
    print(f"  Enter on the largest figure ({total:,} companies, the first 2,000 by name): {_ms(cpu, wall)}")
    cpu, wall, report = _timed(lambda: reports.report(period, today))
    print(f"  the whole report (one transaction)  {_ms(cpu, wall)}")
    out = Path(tempfile.mkdtemp()) / "report.xlsx"
    cpu, wall, rows = _timed(lambda: len(list(report_text.rows_behind(report).rows)), runs=1)
    print(f"  the rows behind every figure, read: {rows:,} rows, {_ms(cpu, wall)}")
    cpu, wall, summary = _timed(
        lambda: write_book(out, report_text.sheets(report), report_text.rows_behind(report)), runs=1)
    print(f"  the workbook: {summary.rows_behind:,} rows behind, {out.stat().st_size / 1e6:.1f} MB, "
          f"CPU {cpu:.2f} s, wall {wall:.2f} s")
    rows_list = list(report_text.rows_behind(report).rows)
    bare_cpu, bare_wall, _ = _timed(lambda: _bare_book(out, rows_list), runs=1)
    print(f"    the bare xlsxwriter writing the same rows behind (constant_memory): CPU {bare_cpu:.2f} s, "
          f"wall {bare_wall:.2f} s; the whole workbook {cpu / bare_cpu:.2f}× its CPU")
    shutil.rmtree(out.parent)
    close_database()
    first_s, whole_s, first_cpu, whole_cpu = _screen(db, year)
    print(f"  the screen (this year, as F11 opens it; a fresh process, 80×24): the members shown after "
          f"{first_s:.2f} s wall / {first_cpu:.2f} s CPU, every section {whole_s:.2f} s / {whole_cpu:.2f} s")


def _bare(database, sql: str, params: tuple) -> list:
    """The statement through the driver's own cursor (sqlite3 or psycopg2), not peewee's."""
    conn = database.connection()
    cursor = conn.cursor()
    if not isinstance(conn, sqlite3.Connection):
        sql = sql.replace("?", "%s")
    cursor.execute(sql, params)
    return cursor.fetchall()


def _bare_book(path: Path, rows: Sequence[Sequence[object]]) -> None:
    """The rows written with xlsxwriter alone: a cell per value, by its type."""
    from importers.export import new_workbook

    book = new_workbook(path, str(path.parent))
    ws = book.add_worksheet("x")
    when = book.add_format({"num_format": "dd.mm.yyyy"})
    for n, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            if isinstance(value, str) and value:
                ws.write_string(n, col, value)
            elif isinstance(value, date):
                ws.write_datetime(n, col, value, when)
            elif isinstance(value, (int, float)):
                ws.write_number(n, col, value)
    book.close()


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def _screen(db: str, year: int) -> tuple[float, ...]:
    """Wall and CPU time (the app's process: its UI and its loaders) from F11 until the members'
    rows are on screen, and until every section is."""
    code = f"""
import asyncio, sys, time
sys.path.insert(0, {str(ROOT)!r})
from models.db import open_database
from tui.app import PalataApp
from tui.screens.reports import ReportsScreen
open_database({db!r})
async def main():
    app = PalataApp(location={db!r}, poll=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        started, cpu = time.perf_counter(), time.process_time()
        await pilot.press("f11")
        while not (isinstance(app.screen, ReportsScreen) and app.screen.lines.get("members")):
            await asyncio.sleep(0.001)
        first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
        while app.screen.report is None:
            await asyncio.sleep(0.001)
        await pilot.pause()
        print(first, time.perf_counter() - started, first_cpu, time.process_time() - cpu)
asyncio.run(main())
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            timeout=600)
    try:
        return tuple(float(x) for x in result.stdout.strip().splitlines()[-1].split())
    except (ValueError, IndexError):
        print(result.stderr[-2000:])
        return (float("nan"),) * 4


def _calibration() -> str:
    """How busy the machine is: a million-step Python loop (about 30 ms on an idle core)."""
    started = time.perf_counter()
    sum(1 for _ in range(1_000_000))
    return f"a million-step loop takes {(time.perf_counter() - started) * 1000:.0f} ms here"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--no-sample", action="store_true")
    parser.add_argument("--keep", metavar="FILE", help="keep the generated register in FILE")
    parser.add_argument("--db", metavar="FILE|URL", help="measure this register (a file, or a postgresql:// "
                        "URL such as a copy made with `palata copy`) instead of generating one")
    args = parser.parse_args()
    print(_calibration())
    work = Path(tempfile.mkdtemp(prefix="palata-report-bench-"))
    try:
        if not args.no_sample:
            sample = work / "sample.db"
            subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(sample), "demo"], cwd=ROOT,
                           check=True, capture_output=True)
            measure(str(sample), 2025, "sample")
        db = args.db
        if db is None:
            db = args.keep or str(work / "generated.db")
            from models.db import close_database, open_database

            open_database(db)
            started = time.perf_counter()
            generate(args.companies)
            close_database()
            took = time.perf_counter() - started
            print(f"\ngenerated {args.companies:,} companies with missions in {took:.1f} s")
        measure(db, 2025, "generated")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
