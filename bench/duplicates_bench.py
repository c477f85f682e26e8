"""Finding duplicates over a big register: `palata duplicates` on N generated companies with some
planted duplicates, against bare sqlite3 grouping the same rows by name and city.

    python bench/duplicates_bench.py [--companies 100000] [--duplicates 1000]

Prints the time of `find_duplicates` in process, of the whole `palata duplicates` command (process
start and printing included), of one `probable_duplicates_of` check (what a create or an import row
pays), of a merge and its undo, and of the bare GROUP BY (the least work for the name rule alone).
Times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import fill  # noqa: E402
from models import store  # noqa: E402
from models.db import close_database, database, open_database  # noqa: E402
from models.duplicates import find_duplicates, probable_duplicates_of  # noqa: E402
from models.entities import Company  # noqa: E402
from models.merge import merge_companies, undo_merge  # noqa: E402

_LATIN = str.maketrans("оаесрх", "oaecpx")


def _variant(name: str, rnd: random.Random) -> str:
    """The same name as another office would type it."""
    kind = rnd.randrange(5)
    if kind == 0:
        return f"ООО «{name}»"
    if kind == 1:
        return f"{name.upper()}, ООО"
    if kind == 2:
        return f'OOO "{name.translate(_LATIN)}"'
    if kind == 3:
        return f"ООО\u00a0{name.lower()}"
    return f"Общество с ограниченной ответственностью «{name}»"


def plant(count: int, seed: int = 11) -> int:
    """Add `count` duplicates of random companies: same name in another spelling and the same
    city, or another name with the same phone or e-mail; returns how many were added."""
    rnd = random.Random(seed)
    ids = [r[0] for r in database.execute_sql("SELECT id FROM company")]
    picked = rnd.sample(ids, min(count, len(ids)))
    rows = []
    for n, cid in enumerate(picked):
        c = Company.get_by_id(cid)
        phone = f"+7 4922 {n // 10000 % 100:02d}-{n // 100 % 100:02d}-{n % 100:02d}"
        if n % 3 == 2:
            database.execute_sql("UPDATE company SET phones = ? WHERE id = ?", (phone, cid))
            rows.append({"short_name": f"Другое имя {n}", "city": None, "phones": f"8 (4922) {phone[8:]}"})
        else:
            rows.append({"short_name": _variant(c.short_name, rnd), "city": c.city, "phones": None})
    with database.atomic():
        store.bulk_create(Company, rows, user="bench")
    return len(rows)


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--duplicates", type=int, default=1000)
    args = parser.parse_args()
    repo = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        open_database(path)
        started = time.perf_counter()
        fill(args.companies)
        planted = plant(args.duplicates)
        print(f"register: {args.companies:,} companies + {planted:,} planted duplicates "
              f"({time.perf_counter() - started:.1f} s to generate)")

        started = time.perf_counter()
        groups = find_duplicates()
        ours = time.perf_counter() - started
        found = sum(len(g.ids) - 1 for g in groups)
        print(f"find_duplicates (in process): {ours:.2f} s, {len(groups):,} groups, "
              f"{found:,} companies to merge away")

        bare = sqlite3.connect(path)
        started = time.perf_counter()
        bare.execute("SELECT replace(sort_name, ' ', ''), lower(coalesce(city, '')), count(*), "
                     "group_concat(id) FROM company WHERE archived_at IS NULL GROUP BY 1, 2 "
                     "HAVING count(*) > 1").fetchall()
        theirs = time.perf_counter() - started
        bare.close()
        print(f"bare sqlite3 GROUP BY name, city (one rule, no normalising): {theirs:.2f} s; "
              f"ratio {ours / max(theirs, 1e-6):.1f}")

        sample = Company.select().where(Company.phones.is_null(False)).first()
        check = {"short_name": f"ООО «{sample.short_name}»", "city": sample.city, "phones": sample.phones,
                 "emails": "zakaz@example-firm.ru", "inn": None}
        ms = _median_ms(lambda: probable_duplicates_of(check), 5)
        print(f"probable_duplicates_of (one company about to be saved): {ms:.0f} ms")

        if groups:
            g = groups[0]
            started = time.perf_counter()
            result = merge_companies(g.ids[0], g.ids[1:], user="bench")
            merged = time.perf_counter() - started
            started = time.perf_counter()
            assert result.merge_id is not None  # not a dry run
            undo_merge(result.merge_id, user="bench")
            print(f"merge of {len(g.ids)} companies: {merged * 1000:.0f} ms; "
                  f"undo: {(time.perf_counter() - started) * 1000:.0f} ms")
        close_database()

        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(path), "duplicates", "--limit", "50"],
                       cwd=repo, check=True, capture_output=True, env={"COLUMNS": "160", "PATH": ""})
        print(f"palata duplicates (whole command, {args.companies + planted:,} companies): "
              f"{time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
