"""Helpers for the duplicates tests: companies through the write path, a full dump of the store."""

from __future__ import annotations

from typing import Any

from models import store
from models.db import database
from models.entities import Company
from models.identifiers import make_inn

# Tables that hold the register itself (the change log and merge history only grow).
SKIP = ("change_log", "merge", "schema_migration")


def company(name: str, **values: Any) -> int:
    return store.create(Company, {"short_name": name, **values}, user="test")


def inn(n: int) -> str:
    return make_inn(f"33{n:07d}")


def dump() -> dict[str, list[tuple]]:
    """Every row of every table of the register, and the search index, in a comparable form."""
    out: dict[str, list[tuple]] = {}
    for table in database.get_tables():
        if table in SKIP or table.startswith(("search_index", "sqlite_")):
            continue
        if table == "company_live_count":  # PostgreSQL's kept count (migration 0015): its sum is what it says
            out[table] = database.execute_sql("SELECT sum(delta) FROM company_live_count").fetchall()
            continue
        if table == "search_prefix_count":  # and its counts by prefix (migration 0022)
            out[table] = database.execute_sql(
                "SELECT prefix, sum(delta) FROM search_prefix_count GROUP BY prefix "
                "HAVING sum(delta) <> 0 ORDER BY prefix").fetchall()
            continue
        out[table] = database.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
    out["search_index"] = database.execute_sql(
        "SELECT rowid, name, ident, place, body FROM search_index ORDER BY rowid").fetchall()
    return out


def without_sample_duplicates() -> None:
    """Archive the duplicate pairs the sample holds for the F9 demo (the newer company of each), so
    that a test's own pair is the register's only group."""
    from datetime import datetime

    from models.duplicates import find_duplicates
    from models.entities import Company

    newer = [cid for g in find_duplicates() for cid in sorted(g.ids)[1:]]
    if newer:
        Company.update(archived_at=datetime(2026, 1, 1)).where(Company.id.in_(newer)).execute()
