"""Excel import: Palata's `import_file` against python-calamine merely parsing the same sheet.

    python bench/import_bench.py [--rows 10000 100000] [--no-openpyxl] [--profile STEP]

For each size it writes a member list (.xlsx, xlsxwriter constant_memory: a title row, then
Наименование, ИНН, КПП, Город, Адрес, Телефон, E-mail, ОКВЭД, Дата вступления, Контактное лицо,
Должность; names, phones and dates in the mixed forms offices type them) and a second version of
it in which every company has a new address and every contact a new position. Then it runs,
each in a fresh process so that the peak memory is the step's own:

* bare     — python-calamine parsing the sheet: `CalamineWorkbook.from_path(p)
             .get_sheet_by_name(n).iter_rows()` consumed, nothing kept: the least work there is;
* store    — bare sqlite3 storing, in Palata's schema with its indexes, what an import of these
             new companies stores (a company, a contact, two change-log entries and a search
             document per row, built beforehand from the cells): the least the store must do;
* openpyxl — openpyxl's read-only reader on the same sheet, for reference (--no-openpyxl skips);
* import   — `importers.apply.import_file` into an empty database: read, plan, write;
* reimport — the same file again: every row known by its digest (models/import_digests.py),
             nothing written but the batch;
* reimport-cold — the same again with the digests forgotten (as after an upgrade): every row
             cleaned and compared with the register;
* update   — the second version: every company and every contact changed;
* undo-upd — undo of that update; undo-new — undo of the first import (deletes everything).

It prints time, rows/s, the child's peak resident memory (ru_maxrss of the child process, which
includes the interpreter and the imported libraries; "base" is the resident memory before the
step), the ratio of the time to the bare parse and, as "floor", to bare parse + bare store.
Goals: import ≤ 3× bare, re-import ≤ 2× bare, peak < 500 MB at 100,000 rows. It asserts
nothing. --profile STEP prints the cProfile top of one step (import, reimport, reimport-cold,
update, undo-upd, undo-new) instead of timing it.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SHEET = "Члены палаты"
COLUMNS = ("Наименование", "ИНН", "КПП", "Город", "Адрес", "Телефон", "E-mail", "ОКВЭД",
           "Дата вступления", "Контактное лицо", "Должность")
_FORMS = ("ООО", "ООО", "ООО", "АО", "ЗАО", "ПАО", "ИП")
_CITIES = ("г. Владимир", "Владимир", "г. Ковров", "Муром", "г.Александров", "Гусь-Хрустальный",
           "Кольчугино", "Вязники", "г. Суздаль", "Собинка", "Киржач", "Петушки")
_STREETS = ("ул. Мира", "ул. Большая Московская", "пр-т Ленина", "ул. Горького", "ул. Добросельская",
            "ул. Тракторная", "ш. Судогодское", "ул. Чайковского", "ул. Белоконской")
_OKVED = ("25.11", "23.61", "10.71", "41.20", "46.90", "31.01", "22.29", "28.22", "16.10", "47.11")
_SURNAMES = ("Иванов", "Петров", "Смирнов", "Кузнецов", "Соколов", "Попов", "Лебедев", "Козлов",
             "Новиков", "Морозов", "Волков", "Соловьёв")
_NAMES = ("Иван", "Пётр", "Сергей", "Алексей", "Андрей", "Дмитрий", "Николай", "Михаил")
_PATRONYMICS = ("Иванович", "Петрович", "Сергеевич", "Алексеевич", "Андреевич", "Николаевич")
_POSITIONS = ("Генеральный директор", "Директор", "Коммерческий директор", "Главный инженер",
              "Менеджер по ВЭД", "Начальник отдела продаж")
_ROOTS = ("Строй", "Трубо", "Агро", "Мебель", "Текстиль", "Хлеб", "Электро", "Авто", "Полимер",
          "Бетон", "Металл", "Лес", "Стекло", "Пласт", "Маш", "Энерго", "Торг", "Транс", "Хим")
_TAILS = ("деталь", "комплекс", "сервис", "завод", "монтаж", "снаб", "профиль", "инвест", "техника")


# --- the files --------------------------------------------------------------------------------

def _phone(rnd: random.Random) -> str:
    kind = rnd.randrange(4)
    if kind == 0:
        return f"8 (4922) {rnd.randint(20, 99)}-{rnd.randint(10, 99)}-{rnd.randint(10, 99)}"
    if kind == 1:
        return (f"+7 9{rnd.randint(10, 99)} {rnd.randint(100, 999)}-{rnd.randint(10, 99)}-"
                f"{rnd.randint(10, 99)}")
    if kind == 2:
        return f"(49232) {rnd.randint(2, 9)}-{rnd.randint(10, 99)}-{rnd.randint(10, 99)}"
    return f"8492{rnd.randint(2, 4)}{rnd.randint(100000, 999999)}; +7 (915) {rnd.randint(100, 999)}-00-11"


def member_rows(n: int, version: int = 0, seed: int = 11, first: int = 0):
    """The rows of the list; `version` 1 moves every company and promotes every contact; the
    INNs are numbered from `first` (`bench.generate` numbers its companies from 0)."""
    from models.identifiers import make_inn

    rnd = random.Random(seed)
    for i in range(n):
        form = rnd.choice(_FORMS)
        root = f"{rnd.choice(_ROOTS)}{rnd.choice(_TAILS)}-{i}"
        quoted = rnd.choice((f"«{root}»", f'"{root}"', root))
        name = f"{form} {quoted}" if rnd.random() < 0.8 else f"{quoted}, {form}"
        inn = make_inn(f"33{first + i:07d}")
        house = rnd.randint(1, 150) + (1000 if version else 0)
        street = rnd.choice(_STREETS)
        city = rnd.choice(_CITIES)
        joined = date(rnd.randint(1995, 2025), rnd.randint(1, 12), rnd.randint(1, 28))
        person = f"{rnd.choice(_SURNAMES)} {rnd.choice(_NAMES)} {rnd.choice(_PATRONYMICS)}"
        position = rnd.choice(_POSITIONS)
        yield (
            name, inn, f"33{rnd.randint(1, 99):02d}01001", city,
            f"600{rnd.randint(0, 99):03d}, {city}, {street}, д. {house}",
            _phone(rnd), f"info@{root.lower().replace('-', '')}.ru", rnd.choice(_OKVED),
            joined if rnd.random() < 0.7 else joined.strftime("%d.%m.%Y"),
            person, (f"Заместитель: {position}" if version else position),
        )


def write_list(path: Path, n: int, version: int = 0, first: int = 0) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_urls": False,
                                           "strings_to_numbers": False})
    ws = book.add_worksheet(SHEET)
    when = book.add_format({"num_format": "dd.mm.yyyy"})
    ws.write_string(0, 0, "Список членов Владимирской ТПП на 01.12.2025")
    ws.write_row(2, 0, COLUMNS)
    for r, row in enumerate(member_rows(n, version, first=first), start=3):
        for c, value in enumerate(row):
            if isinstance(value, date):
                ws.write_datetime(r, c, value, when)
            else:
                ws.write_string(r, c, value)
    book.close()
    return path


# --- one step in a fresh process --------------------------------------------------------------

def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _prepare(kind: str, db: str, path: str):
    """What a step needs ready before its clock starts."""
    if kind == "store":
        return _store_rows(path)
    if kind == "reimport-cold":
        from models.db import close_database, database, open_database

        open_database(db)
        database.execute_sql("DELETE FROM import_digest")  # as after an upgrade: no row is known
        close_database()
    return None


def _store_rows(path: str) -> dict[str, list]:
    """The rows an import of `path` stores, built naively from the cells (no cleaning): the
    companies, their contacts, two change-log entries and one search document per row."""
    from python_calamine import CalamineWorkbook

    stamp = "2026-11-25 12:00:00"
    out: dict[str, list] = {"company": [], "contact": [], "change_log": [], "search_index": []}
    rows = CalamineWorkbook.from_path(path).get_sheet_by_name(SHEET).iter_rows()
    for i, cells in enumerate(r for r in rows if r and r[1] and r[0] != COLUMNS[0]):
        name, inn, kpp, city, address, phone, email, okved, joined, person, position = cells
        cid = i + 1
        out["company"].append((cid, 1, stamp, stamp, str(name), "ООО", str(name).lower(), str(inn), str(kpp),
                               "Россия", str(city), str(address), str(phone), str(email), str(okved),
                               "active", str(joined)))
        out["contact"].append((cid, 1, stamp, stamp, cid, str(person), str(position), 1))
        out["change_log"].append((stamp, "bench", "company", cid, "create", json.dumps(
            {"short_name": str(name), "inn": str(inn), "city": str(city), "address": str(address),
             "phones": str(phone), "emails": str(email)}, ensure_ascii=False), None))
        out["change_log"].append((stamp, "bench", "contact", cid, "create", json.dumps(
            {"name": str(person), "position": str(position), "company": cid}, ensure_ascii=False), None))
        out["search_index"].append((cid, str(name).lower(), f"{inn} {kpp} {phone} {email}".lower(),
                                    f"{city} {address}".lower(), f"{okved} {person} {position}".lower()))
    return out


_STORE_SQL = {
    "company": "INSERT INTO company (id, version, created_at, updated_at, short_name, legal_form, "
               "sort_name, inn, kpp, country, city, address, phones, emails, okved, member_status, "
               "member_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "contact": "INSERT INTO contact (id, version, created_at, updated_at, company_id, name, position, "
               "is_primary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "change_log": 'INSERT INTO change_log (at, "user", "table", row_id, action, new, batch_id) '
                  "VALUES (?, ?, ?, ?, ?, ?, ?)",
    "search_index": "INSERT INTO search_index (rowid, name, ident, place, body) VALUES (?, ?, ?, ?, ?)",
}


def _step(kind: str, db: str, path: str, extra: str, prepared=None) -> dict:
    if kind == "store":
        # bare sqlite3 storing what an import stores, in Palata's schema (its indexes included)
        import sqlite3

        con = sqlite3.connect(db, isolation_level=None)
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("BEGIN IMMEDIATE")
        for table, sql in _STORE_SQL.items():
            con.executemany(sql, prepared[table])
        con.execute("COMMIT")
        con.close()
        return {"rows": len(prepared["company"])}
    if kind == "bare":
        from python_calamine import CalamineWorkbook

        rows = 0
        for _ in CalamineWorkbook.from_path(path).get_sheet_by_name(SHEET).iter_rows():
            rows += 1
        return {"rows": rows}
    if kind == "openpyxl":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        rows = sum(1 for _ in book[SHEET].iter_rows(values_only=True))
        book.close()
        return {"rows": rows}
    from importers.apply import import_file, undo_import
    from models.db import close_database, open_database

    open_database(db)
    try:
        if kind.startswith("undo"):
            return {"rows": sum(undo_import(int(extra), user="bench").values())}
        if kind == "schema":  # an empty register for the "store" step
            return {"rows": 0}
        result = import_file(Path(path), user="bench")
        return {"rows": result.counts["rows_read"], "batch": result.batch_id, "counts": result.counts}
    finally:
        close_database()


def _child(kind: str, db: str, path: str, extra: str, profile: bool) -> None:
    # the libraries are imported before the clock starts: "base" is what they cost
    import openpyxl  # noqa: F401
    import python_calamine  # noqa: F401

    import importers.apply  # noqa: F401

    prepared = _prepare(kind, db, path)
    base = _rss_mb()
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
    started = time.perf_counter()
    out = _step(kind, db, path, extra, prepared)
    seconds = time.perf_counter() - started
    if profile:
        prof.disable()
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(30)
    print(json.dumps({**out, "seconds": seconds, "peak_mb": _rss_mb(), "base_mb": base}))


def _run(kind: str, db: Path, path: Path, extra: str = "", profile: bool = False) -> dict:
    args = [sys.executable, __file__, "--child", kind, str(db), str(path), extra]
    if profile:
        args.append("--profile-child")
    result = subprocess.run(args, capture_output=True, text=True)
    if profile:
        print(result.stderr)
    if result.returncode != 0:
        raise SystemExit(f"step {kind} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the table --------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--no-openpyxl", action="store_true", help="skip the openpyxl reference")
    parser.add_argument("--profile", metavar="STEP", help="print the cProfile of one step")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--profile-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, db, path, extra = args.child
        _child(kind, db, path, extra, profile=args.profile_child)
        return
    print(f"{'rows':>8} {'step':<14}{'time s':>8}{'rows/s':>9}{'peak MB':>9}{'base MB':>9}"
          f"{'ratio':>7}{'floor':>7}  result")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in args.rows:
            started = time.perf_counter()
            first = write_list(folder / f"members-{n}.xlsx", n)
            second = write_list(folder / f"members-{n}-v2.xlsx", n, version=1)
            print(f"wrote two lists of {n:,} rows in {time.perf_counter() - started:.1f} s "
                  f"({first.stat().st_size / 2**20:.1f} MB each)", flush=True)
            db = folder / f"bench-{n}.db"
            bare = _run("bare", db, first)
            floor_db = folder / f"floor-{n}.db"
            _run("schema", floor_db, first)
            store = _run("store", floor_db, first)
            floor = bare["seconds"] + store["seconds"]

            def show(step: str, r: dict, note: str = "", n: int = n, bare: dict = bare,
                     floor: float = floor) -> None:
                rate = n / r["seconds"] if r["seconds"] else 0
                print(f"{n:>8,} {step:<14}{r['seconds']:>8.2f}{rate:>9,.0f}{r['peak_mb']:>9.0f}"
                      f"{r['base_mb']:>9.0f}{r['seconds'] / bare['seconds']:>7.2f}"
                      f"{r['seconds'] / floor:>7.2f}  {note}", flush=True)

            show("bare", bare, f"{bare['rows']:,} rows parsed by python-calamine")
            show("store", store, "bare sqlite3 storing what an import of new companies stores")
            if not args.no_openpyxl:
                show("openpyxl", _run("openpyxl", db, first), "read-only reader, for reference")
            steps = (("import", first), ("reimport", first), ("reimport-cold", first), ("update", second))
            batches: dict[str, int] = {}
            for step, path in steps:
                if args.profile == step:
                    _run(step, db, path, profile=True)
                    continue
                r = _run(step, db, path)
                batches[step] = r["batch"]
                c = r["counts"]
                show(step, r, ", ".join(f"{k} {c[k]:,}" for k in ("created", "updated", "unchanged",
                                                                   "merged", "rejected")))
            for step, batch in (("undo-upd", "update"), ("undo-new", "import")):
                if batch not in batches:
                    continue
                if args.profile == step:
                    _run(step, db, first, str(batches[batch]), profile=True)
                    continue
                r = _run(step, db, first, str(batches[batch]))
                show(step, r, f"{r['rows']:,} rows removed or restored")
            db.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
