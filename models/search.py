"""The search index (SQLite FTS5, one row per company) and the queries over it.

Both the indexed text and the typed query are folded by `models.textnorm`: case, ё/е, Latin
look-alikes, Russian stems. The FTS5 query is built here from words only, so nothing a person
types can be read as FTS5 syntax.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from models import backend
from models.db import database
from models.textnorm import index_text, stem, words

MAX_QUERY_WORDS = 12
MAX_WORD_LENGTH = 40
_CHUNK = 500


@dataclass(frozen=True)
class Hit:
    company_id: int
    name: str
    inn: str | None
    city: str | None
    rank: float


def match_expression(text: str | None) -> str | None:
    """The FTS5 MATCH expression for what a person typed, or None when nothing is searchable.

    Every word is searched as the prefix of its stem, so word forms meet ("трубы" → "труб"*
    finds "труб", "трубами") and a half-typed word still finds the whole one.
    """
    terms = []
    for w in words(text or "")[:MAX_QUERY_WORDS]:
        w = w[:MAX_WORD_LENGTH].replace("_", " ").strip()
        if not w:
            continue
        terms.append(stem(w).split())
    # SQLite: '"труб"* AND "7707"*'; PostgreSQL: 'труб:* & 7707:*' (models.backend)
    return backend.current().join_terms(terms)


_COMPANY_SQL = """
SELECT c.id, c.short_name, c.legal_form, c.inn, c.kpp, c.ogrn, c.unp, c.phones, c.emails,
       c.website, c.country, c.region, c.city, c.address, c.okved, c.industry, c.tags, c.notes,
       c.member_number, c.full_name
FROM company c WHERE c.id IN ({marks})
"""
_NO_FORMER: tuple[list[str | None], list[str | None]] = ([], [])


def _documents(company_ids: list[int]) -> Iterator[tuple[int, str, str, str, str]]:
    """(id, name, ident, place, body) for each company, read in chunks."""
    for start in range(0, len(company_ids), _CHUNK):
        chunk = company_ids[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        # Only companies that have contacts, interests or former companies get an entry.
        extra: dict[int, list[str | None]] = {}
        for cid, *texts in database.execute_sql(
                f"SELECT company_id, name, position, phones, emails, notes FROM contact "
                f"WHERE company_id IN ({marks}) AND archived_at IS NULL", chunk):
            extra.setdefault(cid, []).extend(texts)
        for cid, *texts in database.execute_sql(
                f"SELECT company_id, subject, partner_geo, notes FROM interest "
                f"WHERE company_id IN ({marks})", chunk):
            extra.setdefault(cid, []).extend(texts)
        # Companies merged into this one (models.merge): their names and identifiers find it.
        former: dict[int, tuple[list[str | None], list[str | None]]] = {}
        for target, short_, full_, inn_, ogrn_ in database.execute_sql(
                f"SELECT merged_into_id, short_name, full_name, inn, ogrn FROM company "
                f"WHERE merged_into_id IN ({marks})", chunk):
            names, idents = former.setdefault(target, ([], []))
            names.extend((short_, full_))
            idents.extend((inn_, ogrn_))
        for row in database.execute_sql(_COMPANY_SQL.format(marks=marks), chunk):
            (cid, short, form, inn, kpp, ogrn, unp, phones, emails, website, country, region, city,
             address, okved, industry, tags, notes, member_no, full) = row
            former_names, former_idents = former.get(cid, _NO_FORMER)
            # index_text skips empty parts and folds every piece of text once (models.textnorm)
            yield (
                cid,
                index_text(short, full, form, *former_names),
                index_text(inn, kpp, ogrn, unp, phones, emails, website, member_no, *former_idents),
                index_text(city, region, country, address),
                index_text(okved, industry, tags, notes, *extra.get(cid, ())),
            )


def _indexed_among(ids: list[int]) -> list[int]:
    """The ids that may have an index row: new companies (ids above the highest row, as an
    import creates them) cannot, and deleting their rows one by one would cost a lookup each."""
    top = database.execute_sql("SELECT rowid FROM search_index ORDER BY rowid DESC LIMIT 1").fetchone()
    return ids[:bisect_right(ids, top[0])] if top else []


def reindex(company_ids: Iterable[int]) -> int:
    """Bring the index rows of these companies in step with the tables (call inside the write)."""
    ids = sorted(set(company_ids))
    if not ids:
        return 0
    with database.atomic():
        backend.current().lock_search_index(database, ids)
        stale = _indexed_among(ids)  # under the lock: no other session adds these rows meanwhile
        for start in range(0, len(stale), _CHUNK):
            chunk = stale[start:start + _CHUNK]
            database.execute_sql(
                f"DELETE FROM search_index WHERE rowid IN ({','.join('?' * len(chunk))})", chunk)
        # written a chunk at a time: the documents of a large import are never all in memory
        count = 0
        documents = _documents(ids)
        while chunk := list(islice(documents, _CHUNK)):
            database.cursor().executemany(
                "INSERT INTO search_index(rowid, name, ident, place, body) VALUES (?, ?, ?, ?, ?)", chunk)
            count += len(chunk)
    return count


def rebuild() -> int:
    """Rebuild the whole index from the tables."""
    ids = [r[0] for r in database.execute_sql("SELECT id FROM company")]
    with database.atomic():
        database.execute_sql("DELETE FROM search_index")
        count = reindex(ids)
        backend.current().analyze(database, ("company", "search_index"))  # PostgreSQL: new sizes
        return count


def search_companies(text: str | None, limit: int = 50, offset: int = 0,
                     include_archived: bool = False) -> list[Hit]:
    """Companies matching `text`, best first. Never raises on what a person typed."""
    expr = match_expression(text)
    if expr is None:
        return []
    archived = "" if include_archived else "AND c.archived_at IS NULL"
    rank, rank_params = backend.current().rank(expr)
    cursor = database.execute_sql(
        f"SELECT c.id, c.short_name, c.inn, c.city, {rank} AS r FROM search_index "
        f"JOIN company c ON c.id = search_index.rowid "
        f"WHERE {backend.current().match_sql()} {archived} ORDER BY r, c.sort_name LIMIT ? OFFSET ?",
        (*rank_params, expr, limit, offset))
    return [Hit(*row) for row in cursor]


def count_matches(text: str | None, include_archived: bool = False) -> int:
    """How many companies match `text`."""
    expr = match_expression(text)
    if expr is None:
        return 0
    archived = "" if include_archived else "AND c.archived_at IS NULL"
    return database.execute_sql(
        f"SELECT count(*) FROM search_index JOIN company c ON c.id = search_index.rowid "
        f"WHERE {backend.current().match_sql()} {archived}", (expr,)).fetchone()[0]


def index_matches_tables() -> bool:
    """True when every company has exactly one index row and no index row is orphaned."""
    missing = database.execute_sql(
        "SELECT count(*) FROM company WHERE id NOT IN (SELECT rowid FROM search_index)").fetchone()[0]
    orphans = database.execute_sql(
        "SELECT count(*) FROM search_index WHERE rowid NOT IN (SELECT id FROM company)").fetchone()[0]
    return missing == 0 and orphans == 0
