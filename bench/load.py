"""Worker processes for load and crash scenarios: each is the real write path in its own process.

    python -m bench.load writer DB SEED OPS OUT.json   # edits shared companies, adds contacts/interests
    python -m bench.load compound DB SEED OUT.txt      # edits whose two halves must land together
    python -m bench.load reader DB SECONDS OUT.json    # searches and dossier reads, with latencies

Used by tests/models (small sizes) and bench/reliability.py (the printed report).
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from models import queries, search, store
from models.db import database, open_database
from models.entities import Company, Contact, Interest
from models.errors import ConflictError

MAX_RETRIES = 50


def writer(db: str, seed: int, ops: int, out: str) -> None:
    """Random edits on shared companies; records what it committed, conflicts and any error."""
    open_database(db)
    rnd = random.Random(seed)
    companies = [c.id for c in Company.select(Company.id).order_by(Company.id).limit(20)]
    result: dict[str, Any] = {"updates": [], "contacts": [], "interests": [], "conflicts": 0,
                              "gave_up": 0, "errors": [], "worst_wait_ms": 0.0, "attempted": ops}
    for i in range(ops):
        token = f"w{seed}-{i}"
        cid = rnd.choice(companies)
        kind = rnd.choice(("update", "update", "contact", "interest"))
        started = time.perf_counter()
        try:
            if kind == "update":
                for _ in range(MAX_RETRIES):
                    version = Company.get_by_id(cid).version
                    try:
                        store.update(Company, cid, version, {"notes": token}, user=f"w{seed}")
                        result["updates"].append(token)
                        break
                    except ConflictError:
                        result["conflicts"] += 1  # a colleague saved first: read again and retry
                else:
                    result["gave_up"] += 1
            elif kind == "contact":
                store.create(Contact, {"company": cid, "name": token}, user=f"w{seed}")
                result["contacts"].append(token)
            else:
                store.create(Interest, {"company": cid, "direction": "buys", "subject": token},
                             user=f"w{seed}")
                result["interests"].append(token)
        except Exception as exc:  # any other error is one a user would have seen
            result["errors"].append(f"{type(exc).__name__}: {exc}")
        result["worst_wait_ms"] = max(result["worst_wait_ms"], (time.perf_counter() - started) * 1000)
    Path(out).write_text(json.dumps(result), encoding="utf-8")


def compound(db: str, seed: int, out: str) -> None:
    """Endless edits, each one transaction with two halves (a contact and a company note with the
    same token); every token is appended to OUT before its transaction starts. Killed from outside."""
    open_database(db)
    cid = Company.select(Company.id).order_by(Company.id).first().id
    with open(out, "a", encoding="utf-8") as log:
        for i in range(1_000_000):
            token = f"c{seed}-{i}"
            log.write(token + "\n")
            log.flush()
            with database.atomic():
                version = Company.get_by_id(cid).version
                store.create(Contact, {"company": cid, "name": token}, user="crash")
                store.update(Company, cid, version, {"notes": token}, user="crash")


def reader(db: str, seconds: float, out: str) -> None:
    """Searches and dossier reads for `seconds`; latencies in milliseconds."""
    open_database(db)
    words = ("стро", "трубы", "владимир", "мука", "плитка", "ооо", "завод", "ковров")
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for word in words:
            started = time.perf_counter()
            try:
                hits = search.search_companies(word, limit=50)
                queries.list_companies(word, limit=50)
                if hits:
                    Company.get_by_id(hits[0].company_id)
                    list(Contact.select().where(Contact.company == hits[0].company_id))
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            latencies.append((time.perf_counter() - started) * 1000)
    Path(out).write_text(json.dumps({"latencies": latencies, "errors": errors}), encoding="utf-8")


if __name__ == "__main__":
    role, *rest = sys.argv[1:]
    if role == "writer":
        writer(rest[0], int(rest[1]), int(rest[2]), rest[3])
    elif role == "compound":
        compound(rest[0], int(rest[1]), rest[2])
    elif role == "reader":
        reader(rest[0], float(rest[1]), rest[2])
    else:
        raise SystemExit(f"unknown role {role}")
