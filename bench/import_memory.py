"""Peak memory and time of an import into a large register, and a fingerprint of what it did.

    python -m bench.import_memory --db FILE.db|postgresql://… [--rows 30000] [--list FILE.xlsx]
                                  [--prepare] [--code DIR] [--no-undo] [--reimport]

The register is one `bench.million` built (`--prepare` first gives every tenth company a phone
and an e-mail, every twentieth an OGRN, a few a shared switchboard, archives one in a thousand:
what the duplicate rules and the archived rows have to find; run it once, before `palata
doctor`). The list (written unless --list names one) is, row by row in a cycle of twenty:
twelve new companies, three existing ones by INN with a new address and contact, two by name
and city without INN, one new with the phone of an existing company, one new with its OGRN and
e-mail domain, one either an archived company's INN, the shared switchboard or an earlier row
of the file again.

The import runs in a fresh child process on a copy of the register (dropped after), then its
undo; printed: the child's peak resident memory (wait4), wall and CPU time of the import, the
counts, and a fingerprint of the result (rejections, duplicate warnings, merge warnings,
notices, the batch's change log) and of the undo. `--reimport` imports the list twice and
measures the second import (its rows known by their digests; the peak is the second's alone).
`--code DIR` runs the child on another checkout (the code before a change), so both fingerprints
can be compared. Asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# the child imports the code of the checkout it is given (--code), the parent this one's
sys.path.insert(0, os.environ.get("PALATA_BENCH_CODE", str(ROOT)))

from bench.import_bench import _CITIES, _FORMS, _phone  # noqa: E402
from bench.million_table import _copy, _drop  # noqa: E402

COLUMNS = ("Наименование", "ИНН", "ОГРН", "Город", "Адрес", "Телефон", "E-mail", "Контактное лицо",
           "Должность")
SWITCHBOARD = "+7 (4922) 11-11-11"


# --- the register and the list ------------------------------------------------------------

def prepare(db: str) -> None:
    """Give the register what the duplicate rules look at (it has only names and INNs)."""
    from models.db import close_database, database, open_database
    from models.identifiers import make_ogrn

    open_database(db)
    with database.atomic():
        rows = database.execute_sql("SELECT id FROM company WHERE id % 10 = 0 ORDER BY id").fetchall()
        database.cursor().executemany(
            "UPDATE company SET phones = ?, emails = ?, ogrn = ? WHERE id = ?",
            [(f"+7 (4922) {30 + cid // 10000 % 70}-{cid // 100 % 100:02d}-{cid % 100:02d}",
              f"info@firm{cid}.ru", make_ogrn(f"1033{cid:08d}") if cid % 20 == 0 else None, cid)
             for (cid,) in rows])
        database.execute_sql("UPDATE company SET phones = ? WHERE id % 1000 = 5", (SWITCHBOARD,))
        database.execute_sql("UPDATE company SET archived_at = updated_at WHERE id % 1000 = 997")
    close_database()


def write_list(db: str, path: Path, n: int, seed: int = 5) -> Path:
    import xlsxwriter

    from models.db import close_database, database, open_database
    from models.identifiers import make_inn, make_ogrn

    open_database(db)
    top = database.execute_sql("SELECT max(id) FROM company").fetchone()[0]
    rnd = random.Random(seed)
    wanted = {rnd.randrange(1, top // 10) * 10 for _ in range(n)} | {rnd.randrange(1, top) for _ in range(n)}
    known = {cid: (name, inn, city) for cid, name, inn, city in database.execute_sql(
        "SELECT id, short_name, inn, city FROM company WHERE archived_at IS NULL ORDER BY id")
        if cid in wanted}
    archived = [inn for (inn,) in database.execute_sql(
        "SELECT inn FROM company WHERE archived_at IS NOT NULL ORDER BY id")]
    close_database()
    tens = sorted(c for c in known if c % 10 == 0)
    anyone = sorted(known)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    ws = book.add_worksheet("Члены палаты")
    ws.write_row(0, 0, COLUMNS)
    rows: list[tuple[str, ...]] = []
    for i in range(n):
        kind = i % 20
        city = rnd.choice(_CITIES)
        new_inn = make_inn(f"34{i:07d}")
        person = f"Петров Пётр {i % 97}"
        name = f"{rnd.choice(_FORMS)} «Новфирма-{i}»"
        row: tuple[str, ...]
        if kind < 12:
            row = (name, new_inn, "", city, f"{city}, ул. Мира, д. {i % 150}", _phone(rnd),
                   f"info@nov{i}.ru", person, "Директор")
        elif kind < 15:
            cname, inn, ccity = known[rnd.choice(anyone)]
            row = (f"ООО «{cname}»", inn, "", ccity or "", f"{ccity}, ул. Новая, д. {i % 90}", "", "",
                   person, "Главный инженер")
        elif kind < 17:
            cname, _, ccity = known[rnd.choice(anyone)]
            row = (f"{cname}, ООО", "", "", ccity or "", f"{ccity}, ул. Садовая, д. {i % 90}", "", "",
                   "", "")
        elif kind == 17:
            cid = rnd.choice(tens)
            row = (name, new_inn, "", city, "", f"+7 (4922) {30 + cid // 10000 % 70}-{cid // 100 % 100:02d}-"
                   f"{cid % 100:02d}", "", "", "")
        elif kind == 18:
            cid = rnd.choice(tens)
            ogrn = make_ogrn(f"1033{cid:08d}") if cid % 20 == 0 else ""
            row = (name, new_inn, ogrn, city, "", "", f"sales@firm{cid}.ru", "", "")
        elif i % 60 == 19:
            row = (name, rnd.choice(archived) if archived else new_inn, "", city, "", "", "", "", "")
        elif i % 60 == 39:
            row = (name, new_inn, "", city, "", SWITCHBOARD, "", "", "")
        else:
            row = rows[rnd.randrange(len(rows))]  # an earlier row again: merged inside the file
        rows.append(row)
        ws.write_row(i + 1, 0, row)
    book.close()
    return path


# --- the child ----------------------------------------------------------------------------

def _vmhwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _digest(items: Any) -> str:
    return hashlib.sha256(json.dumps(items, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


def _child(db: str, path: str, undo: bool, reimport: bool = False) -> dict[str, Any]:
    from importers.apply import import_file, undo_import
    from models.db import close_database, database, open_database

    open_database(db)
    if reimport:  # the list once, unmeasured: the second import knows its rows by their digests
        import_file(Path(path), user="bench")
        Path("/proc/self/clear_refs").write_text("5")  # the peak so far is forgotten
    c0, t0 = time.process_time(), time.perf_counter()
    result = import_file(Path(path), user="bench")
    out: dict[str, Any] = {"import_s": time.perf_counter() - t0, "import_cpu_s": time.process_time() - c0,
                           "import_peak_mb": _vmhwm_mb(), "counts": result.counts}
    log = database.execute_sql(
        'SELECT "table", row_id, action, field, old, new FROM change_log WHERE batch_id = ? '
        'ORDER BY "table", row_id, field', (result.batch_id,)).fetchall()
    out["fingerprint"] = {
        "rejections": _digest(sorted((r.row, repr(r.reason)) for r in result.rejections)),
        "duplicates": _digest([(d.row, d.existing_id, d.existing_name, d.reasons)
                               for d in result.duplicates]),
        "warnings": _digest([(w.row, w.field, w.kept, w.dropped) for w in result.warnings]),
        "notices": _digest([(n.row, n.key, n.values) for n in result.notices]),
        "change_log": _digest([list(r) for r in log]),
    }
    out["found"] = {"rejections": len(result.rejections), "duplicates": len(result.duplicates),
                    "warnings": len(result.warnings), "change_log": len(log)}
    if undo:
        assert result.batch_id is not None
        t0 = time.perf_counter()
        out["undo"] = undo_import(result.batch_id, user="bench")
        out["undo_s"] = time.perf_counter() - t0
        out["after_undo"] = database.execute_sql("SELECT count(*), max(id) FROM company").fetchone()
    close_database()
    return out


def _run(code: Path, db: str, path: str, mode: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", db, path, mode]
    env = dict(os.environ, PALATA_BENCH_CODE=str(code))
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=code, stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    text = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the child failed: {text[-2000:]}")
    out = json.loads(text.strip().splitlines()[-1])
    out.update(wall_s=time.perf_counter() - started, maxrss_mb=usage.ru_maxrss / 1024,
               cpu_s=usage.ru_utime + usage.ru_stime)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=False)
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--list", help="the list to import (written there when missing)")
    parser.add_argument("--prepare", action="store_true", help="give the register phones, e-mails, OGRNs")
    parser.add_argument("--code", default=str(ROOT), help="the checkout the import runs on")
    parser.add_argument("--no-undo", action="store_true")
    parser.add_argument("--reimport", action="store_true",
                        help="import the list twice, measure the second (no undo)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        db, path, mode = args.child
        print(json.dumps(_child(db, path, mode == "undo", mode == "reimport"), ensure_ascii=False))
        return
    if args.prepare:
        prepare(args.db)
        return
    path = Path(args.list) if args.list else Path(tempfile.mkdtemp()) / "members.xlsx"
    if not path.exists():
        write_list(args.db, path, args.rows)
    print(f"load average {Path('/proc/loadavg').read_text().split()[:3]}", flush=True)
    db = args.db if args.db.startswith("postgresql://") else str(Path(args.db).resolve())
    copy = _copy(db, "importmem")
    try:
        mode = "reimport" if args.reimport else "-" if args.no_undo else "undo"
        r = _run(Path(args.code).resolve(), copy, str(path.resolve()), mode)
    finally:
        _drop(copy)
    print(f"peak {r['maxrss_mb']:.0f} MB (import alone {r['import_peak_mb']:.0f})  import wall "
          f"{r['import_s']:.1f} s cpu {r['import_cpu_s']:.1f} s  (child wall {r['wall_s']:.1f} s "
          f"cpu {r['cpu_s']:.1f} s)")
    print(json.dumps({k: r[k] for k in ("counts", "found", "fingerprint", "undo", "after_undo") if k in r},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
