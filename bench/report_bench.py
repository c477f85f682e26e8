"""The chamber's report: each section's figures, the screen's rows, the whole report and its
workbook — on the sample register and on a generated one of 100,000 companies with their
membership, missions, meetings, agreements, follow-ups and interests.

    python bench/report_bench.py [--companies 100000] [--no-sample] [--keep FILE] [--db FILE]

The report is asked for the sample's year 2025 and for the generated register's last full year.
Each figure is the median of three runs. Beside the members' section stands the bare query doing
the least for one of its figures (members by town, counted by the database), and their ratio.
The screen itself is timed from F11 until its rows are on screen (Pilot, 80×24). Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEARS = range(2019, 2027)
KINDS = ("incoming", "outgoing", "round_table", "b2b", "exhibition", "congress", "online")
COUNTRIES = ("Беларусь", "Казахстан", "Узбекистан", "Китай", None)
DUES = (date(2024, 12, 31), date(2025, 6, 30), date(2025, 12, 31), date(2026, 6, 30), date(2026, 12, 31))
_T = TypeVar("_T")
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


def _median(fn: Callable[[], _T], runs: int = 3) -> tuple[float, _T]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


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
    print(f"\n{label}: {companies:,} companies, report for {year}")
    took: dict[str, list[float]] = {}
    for _ in range(3):  # each part as the screen gets it: the time from the one before
        started = time.perf_counter()
        for part, _value in reports.sections(period, today):
            now = time.perf_counter()
            took.setdefault(part, []).append(now - started)
            started = now
    for part in ("members", "dues", "missions", "interests"):
        print(f"  section {part:<10} (as the screen waits) {statistics.median(took[part]) * 1000:8.1f} ms")
    rows_s, rows = _median(lambda: reports.read_members(period, reports.dues_as_of(period, today)))
    members_s, _ = _median(lambda: reports.members_section(period, rows))
    bare_s, _ = _median(lambda: database.execute_sql(
        "SELECT city, count(*) FROM company WHERE member_status IN ('active', 'suspended') "
        "AND archived_at IS NULL GROUP BY city").fetchall())
    print(f"    of members: reading {rows_s * 1000:.1f} ms, counting {members_s * 1000:.1f} ms; the bare "
          f"GROUP BY city of one figure {bare_s * 1000:.1f} ms ({(rows_s + members_s) / bare_s:.1f}×)")
    whole_s, report = _median(lambda: reports.report(period, today))
    print(f"  the whole report (one transaction) {whole_s * 1000:8.1f} ms")
    lines_s, _ = _median(lambda: {n: screen.LINES[n](getattr(report, screen.PART[n]), period)
                                  for n in screen.SECTIONS})
    print(f"  the screen's rows of all sections  {lines_s * 1000:8.1f} ms")
    out = Path(tempfile.mkdtemp()) / "report.xlsx"
    book_s, summary = _median(
        lambda: write_book(out, report_text.sheets(report), report_text.rows_behind(report)), runs=1)
    print(f"  the workbook: {summary.rows_behind:,} rows behind, {out.stat().st_size / 1e6:.1f} MB, "
          f"{book_s:.2f} s")
    shutil.rmtree(out.parent)
    close_database()
    first_s, whole_s = _screen(db, year)
    print(f"  the screen (this year, as F11 opens it; a fresh process, 80×24): the members shown "
          f"{first_s:.2f} s, every section {whole_s:.2f} s")


def _screen(db: str, year: int) -> tuple[float, float]:
    code = f"""
import asyncio, sys, time
sys.path.insert(0, {str(ROOT)!r})
from models.db import open_database
from models.reports import Period
from tui.app import PalataApp
from tui.screens.reports import ReportsScreen
open_database({db!r})
async def main():
    app = PalataApp(location={db!r}, poll=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        await pilot.press("f11")
        while not (isinstance(app.screen, ReportsScreen) and app.screen.lines.get("members")):
            await asyncio.sleep(0.001)
        first = time.perf_counter() - started
        while app.screen.report is None:
            await asyncio.sleep(0.001)
        await pilot.pause()
        print(first, time.perf_counter() - started)
asyncio.run(main())
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            timeout=600)
    try:
        first, whole = result.stdout.strip().splitlines()[-1].split()
        return float(first), float(whole)
    except (ValueError, IndexError):
        print(result.stderr[-2000:])
        return float("nan"), float("nan")


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
    parser.add_argument("--db", metavar="FILE", help="measure this register instead of generating one")
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
