"""Remembering which file rows the register already reflects.

After an import, each company that came from exactly one row gets that row's digest, with the
company's version and the state of its contacts (count, sum of versions, highest id) as the import
left them. A later import finds a row with a known digest, checks (`valid_among`, a chunk of the
file's rows at a time) that the company is still live and that neither it nor its contacts changed
since (every write through `models.store` raises a version), and counts the row unchanged without
cleaning it again. Anything else — a new
digest, an edited company, an edited, added or removed contact — goes the whole way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from models.db import database

_CHUNK = 500


class Known(NamedTuple):
    """A digest still describing its company; `inn` and `name_key` are the keys the row had, so
    an import can tell when another row of the same file is the same company."""

    company_id: int
    inn: str | None
    name_key: str | None


# The state of a company's contacts as text ("count:sum of versions:highest id"), over its rows of
# `contact` grouped by company; "0" stands for no contact. Written and compared by the database.
_STATE = ("CAST(count(*) AS TEXT) || ':' || CAST(sum(version) AS TEXT) || ':' "
          "|| CAST(max(id) AS TEXT)")
_NO_CONTACT = "0"


def valid() -> dict[str, Known]:
    """{digest: Known} for the digests whose company and contacts are as the import left them,
    the whole register's in one query (what an import checks of its own rows: `valid_among`)."""
    cursor = database.execute_sql(
        "SELECT d.digest, d.company_id, d.inn, d.name_key FROM import_digest d "
        "JOIN company c ON c.id = d.company_id AND c.version = d.company_version "
        "AND c.archived_at IS NULL AND c.merged_into_id IS NULL "
        f"LEFT JOIN (SELECT company_id, {_STATE} AS state FROM contact GROUP BY company_id) k "
        f"ON k.company_id = d.company_id WHERE d.contacts = COALESCE(k.state, '{_NO_CONTACT}')")
    return {digest: Known(company_id, inn, name_key) for digest, company_id, inn, name_key in cursor}


def valid_among(digests: Iterable[str]) -> dict[str, Known]:
    """`valid()` for these digests alone (a file's rows), looked up `_CHUNK` at a time: memory and
    work follow the file, not the register. Each table is read by its own key and the marks are
    compared here: a join would let SQLite's planner walk every company by its archive mark."""
    wanted = sorted(digests)
    out: dict[str, Known] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        rows = database.execute_sql(
            "SELECT digest, company_id, company_version, contacts, inn, name_key FROM import_digest "
            f"WHERE digest IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        ids = sorted({r[1] for r in rows})
        if not ids:
            continue
        marks = ",".join("?" * len(ids))
        live = {cid: version for cid, version, archived, merged in database.execute_sql(
            f"SELECT id, version, archived_at, merged_into_id FROM company WHERE id IN ({marks})", ids)
            if archived is None and merged is None}
        states = dict(database.execute_sql(
            f"SELECT company_id, {_STATE} FROM contact WHERE company_id IN ({marks}) GROUP BY company_id",
            ids))
        out.update((digest, Known(cid, inn, name_key))
                   for digest, cid, version, contacts, inn, name_key in rows
                   if live.get(cid) == version and contacts == states.get(cid, _NO_CONTACT))
    return out


def remember(rows: Iterable[tuple[str, int, str | None, str | None]], created: Iterable[int] = ()) -> int:
    """Store (digest, company id, INN, name key) of rows just imported, in the caller's
    transaction, with each company's current version and contacts; a company's older digests go
    (a company in `created` has none yet)."""
    rows = list({r[0]: r for r in rows}.values())
    created = set(created)
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start:start + _CHUNK]
        ids = sorted({r[1] for r in chunk})
        marks = ",".join("?" * len(ids))
        versions = dict(database.execute_sql(f"SELECT id, version FROM company WHERE id IN ({marks})", ids))
        contacts = dict(database.execute_sql(
            f"SELECT company_id, {_STATE} FROM contact WHERE company_id IN ({marks}) GROUP BY company_id",
            ids))
        older = [cid for cid in ids if cid not in created]
        if older:
            database.execute_sql(
                f"DELETE FROM import_digest WHERE company_id IN ({','.join('?' * len(older))})", older)
        database.cursor().executemany(
            "INSERT INTO import_digest (digest, company_id, company_version, contacts, inn, name_key) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO UPDATE SET company_id = excluded.company_id, "
            "company_version = excluded.company_version, contacts = excluded.contacts, "
            "inn = excluded.inn, name_key = excluded.name_key",
            [(d, cid, versions[cid], contacts.get(cid, _NO_CONTACT), inn, key) for d, cid, inn, key in chunk
             if cid in versions])
    return len(rows)
