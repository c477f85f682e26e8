"""The search index (SQLite FTS5, one row per company) and the queries over it.

Both the indexed text and the typed query are folded by `models.textnorm`: case, ё/е, Latin
look-alikes, Russian stems. The FTS5 query is built here from words only, so nothing a person
types can be read as FTS5 syntax.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any

from models import backend, thesaurus
from models.db import database
from models.textnorm import index_text, sort_key, stem, words

MAX_QUERY_WORDS = 12
_FEW = 50
MAX_WORD_LENGTH = 40
_CHUNK = 500


@dataclass(frozen=True)
class Hit:
    company_id: int
    name: str
    inn: str | None
    city: str | None
    rank: int  # the tier of the match (`tier`): lower is better


Term = tuple[str, ...]
# Fragments inside a name: only for a word typed this long (shorter ones are word prefixes), and
# at least this long once a derivational suffix is cut ("трубн" → "труб" finds «Муромтрубмаш»).
MIN_FRAGMENT_WORD = 5
MIN_FRAGMENT = 4
_SUFFIXES = ("ск", "н", "ов", "ев")


@dataclass(frozen=True)
class Query:
    """What a person typed, read for the index: groups that must all be found, each any of its
    alternatives (the word, or its thesaurus group: «белорусские» is also «Беларусь», «РБ»),
    an alternative all of its stems."""

    groups: tuple[tuple[Term, ...], ...]
    fragments: tuple[tuple[str, ...], ...]  # per group: what finds it inside a name, if anything
    name_key: str  # the text as a name is sorted and compared (models.textnorm.sort_key)

    def expression(self, column: str | None = None) -> str | None:
        return backend.current().render([list(g) for g in self.groups], column)


def _fragments(typed: str, alternatives: tuple[Term, ...]) -> tuple[str, ...]:
    if len(typed) < MIN_FRAGMENT_WORD:
        return ()
    out: list[str] = []
    for alt in alternatives:
        if len(alt) != 1 or len(alt[0]) < MIN_FRAGMENT:
            continue
        s = alt[0]
        out.append(s)
        for suffix in _SUFFIXES:
            if s.endswith(suffix) and len(s) - len(suffix) >= MIN_FRAGMENT:
                out.append(s[: -len(suffix)])
                break
    # a fragment holding another one adds nothing to an OR
    unique = sorted(set(out), key=len)
    return tuple(f for i, f in enumerate(unique) if not any(g in f for g in unique[:i]))


@lru_cache(maxsize=256)
def parse_query(text: str | None) -> Query | None:
    """The query for what a person typed, or None when nothing is searchable."""
    typed: list[str] = []
    for w in words(text or "")[:MAX_QUERY_WORDS]:
        typed.extend(w[:MAX_WORD_LENGTH].replace("_", " ").split())
    if not typed:
        return None
    th = thesaurus.load()
    groups, fragments, i = [], [], 0
    for term, group in thesaurus.segment([stem(w) for w in typed], th):
        source = " ".join(typed[i:i + len(term)])
        i += len(term)
        alternatives: tuple[Term, ...] = (term,)
        if group is not None and group.kind != "generic":
            alternatives = (term, *(t for t in group.terms if t != term))
        groups.append(alternatives)
        fragments.append(_fragments(source, alternatives))
    return Query(tuple(groups), tuple(fragments), sort_key(" ".join(typed)))


def match_expression(text: str | None) -> str | None:
    """The match expression (FTS5 MATCH on SQLite, tsquery on PostgreSQL) for what a person
    typed, or None when nothing is searchable.

    Every word is searched as the prefix of its stem, so word forms meet ("трубы" → "труб"*
    finds "труб", "трубами") and a half-typed word still finds the whole one; a word of the
    thesaurus also finds the rest of its group (`models.thesaurus`)."""
    q = parse_query(text)
    return q.expression() if q else None


def lone_stem(text: str | None) -> str | None:
    """The stem when what was typed is searched as one word's prefix alone (no second word, no
    thesaurus alternative): every company with a word beginning with it matches, and others only
    through a fragment of the name. None otherwise."""
    q = parse_query(text)
    if q is None or len(q.groups) != 1 or len(q.groups[0]) != 1 or len(q.groups[0][0]) != 1:
        return None
    return q.groups[0][0][0]


def matching_ids(text: str | None, columns: str = "rowid",
                 rows: str = "search_index") -> tuple[str, list] | None:
    """A SELECT of the ids (as `rowid`) of the companies matching `text`, and its parameters:
    every word found in the index, or every word found inside the name (a fragment). With
    `columns` (the backend's `row_columns`), each matching row brings those along, for `tier`.
    `rows`: the index rows searched, where the backend tests a row by itself (PostgreSQL): the
    table, or a subquery of it."""
    q = parse_query(text)
    expr = q.expression() if q else None
    if q is None or expr is None:
        return None
    be = backend.current()
    sql = f"SELECT {{}} FROM {_named(rows)} WHERE {be.match_sql()}"
    if all(q.fragments) and (either := _words_or_fragments(q, expr)):
        return f"SELECT {columns} FROM {_named(rows)} WHERE {either[0]}", either[1]
    if all(q.fragments):
        # UNION ALL of the names not matched already, not UNION: the word matches stream first,
        # so a capped count stops early instead of collecting every match to drop duplicates
        frag_sql, frag_params = be.fragments_sql([list(f) for f in q.fragments], columns)
        return (f"{sql.format(columns)} UNION ALL {frag_sql} AND rowid NOT IN ({sql.format('rowid')})",
                [expr, *frag_params, expr])
    return sql.format(columns), [expr]


def _named(rows: str) -> str:
    """Index rows under the table's own name, which the match conditions name."""
    return rows if rows == "search_index" else f"{rows} search_index"


def _words_or_fragments(q: Query, expr: str) -> tuple[str, list] | None:
    """One condition on a row of the index for "the words, or the fragments inside the name",
    where the backend tests a row by itself (PostgreSQL: the planner may then walk the companies
    in name order and test each one's row, stopping at a page's end; two sets joined by OR would
    each be read whole first). None on SQLite, whose fragments live in another table."""
    be = backend.current()
    words = be.row_match_sql("search_index")
    fragments = be.row_fragments_sql("search_index", [list(f) for f in q.fragments])
    if words is None or fragments is None:
        return None
    return f"({words} OR {fragments[0]})", [expr, *fragments[1]]


# The stored text's columns (`text_test`): the index's columns in order
_TEXT_COLUMN = {"name": "c0", "ident": "c1", "place": "c2", "body": "c3"}


def text_test(text: str | None, alias: str) -> tuple[str, list] | None:
    """A condition on the stored text of one index row (`alias`, the backend's `index_content`:
    name, ident, place and body as c0-c3) that holds where the index finds that row for `text`,
    and its parameters; None when nothing is searchable. For testing a few rows one by one, which
    the full-text index does slowly (it reads the words' lists again for each row).

    The index's words are the text's \\w+ words, which its tokenizer reads the same, except
    that `_` separates two (a typed `_` does too: `parse_query`): every group has an alternative
    whose words each begin a word of the row, or every group a fragment inside the name."""
    q = parse_query(text)
    if q is None or q.expression() is None:
        return None
    test, params = _words_test(q.groups, " || ' ' || ".join(f"coalesce({alias}.{c}, '')"
                                                          for c in _TEXT_COLUMN.values()))
    if all(q.fragments):
        inside, inside_params = _fragments_test(q.fragments, alias)
        test, params = f"(({test}) OR ({inside}))", [*params, *inside_params]
    return test, params


def _joined(parts: list[str], op: str) -> str:
    return parts[0] if len(parts) == 1 else "(" + f" {op} ".join(parts) + ")"


def _words_test(groups: tuple[tuple[Term, ...], ...], text_sql: str) -> tuple[str, list]:
    """`text_test`'s condition for the words of `groups` in the stored text `text_sql`: each
    group present, as any of its alternatives, each word of which begins a word of the text."""
    row = f"(' ' || replace({text_sql}, '_', ' '))"
    params: list = []
    tests = []
    for alternatives in groups:
        options = []
        for alt in alternatives:
            if alt:
                options.append(_joined([f"instr({row}, ?) > 0" for _ in alt], "AND"))
                params.extend(f" {w}" for w in alt)
        if options:  # as `render`, which leaves out a group with nothing to find
            tests.append(_joined(options, "OR"))
    return " AND ".join(tests), params


def _fragments_test(fragments: tuple[tuple[str, ...], ...], alias: str) -> tuple[str, list]:
    """`text_test`'s condition for the fragments inside the stored name: one of each group's."""
    inside: list[str] = []
    params: list[str] = []
    for group in fragments:
        inside.append(_joined([f"instr(coalesce({alias}.c0, ''), ?) > 0" for _ in group], "OR"))
        params.extend(group)
    return " AND ".join(inside), params


def matching_condition(text: str | None) -> tuple[str, list] | None:
    """A condition on company `c` for the companies matching `text` (as `matching_ids`), and its
    parameters: for walking the companies in another order, where each set is read once."""
    q = parse_query(text)
    expr = q.expression() if q else None
    if q is None or expr is None:
        return None
    cond = f"c.id IN (SELECT rowid FROM search_index WHERE {backend.current().match_sql()})"
    if all(q.fragments) and (either := _words_or_fragments(q, expr)):
        return f"c.id IN (SELECT rowid FROM search_index WHERE {either[0]})", either[1]
    if all(q.fragments):
        frag_sql, frag_params = backend.current().fragments_sql([list(f) for f in q.fragments])
        return f"({cond} OR c.id IN ({frag_sql}))", [expr, *frag_params]
    return cond, [expr]


# Tiers of a match, best first: the name itself, the name's beginning, every word in the name
# (shorter names first: the words are more of them), an identifier, the place, some word in the
# name, the rest (interests, contacts, notes, industry). Within a tier: by name. The same order
# on both stores: nothing store-specific (bm25, ts_rank) decides it.
_TIER = 100_000


def ranks_by_stored_text(text: str | None) -> bool:
    """Whether `tier` should test the stored text (`stored`) where the backend keeps it: for
    several words, whose tiers' queries each read the lists of all of them again (one asks for
    any of them in a name: thousands of ids). Reading each match's stored text costs more than
    a single word's queries (+2 ms for the 506 matches of «хлебмир» at 100,000 companies)."""
    q = parse_query(text)
    return backend.current().index_content is not None and q is not None and len(q.groups) > 1


def tier(text: str | None, row: str | None = None, stored: str | None = None) -> tuple[str, list] | None:
    """An expression over company `c` ranking the matches of `text` by where they matched (lower
    is better; order by it, then `c.sort_name, c.id`), and its parameters; None when nothing is
    searchable. `row`: the alias of the company's matching index row, selected by `matching_ids`
    with the backend's `row_columns`, where the backend can test a row by itself (PostgreSQL).
    `stored`: the alias of the company's stored index text (the backend's `index_content`, SQLite),
    tested as `text_test` does, column by column: each tier's query of the whole index read the
    lists of the words again (6-10 ms each for «ковров мебель» at 100,000 companies)."""
    q = parse_query(text)
    if q is None or q.expression() is None:
        return None
    be = backend.current()
    on_row = be.row_match_sql(row) if row else None

    def in_column(column: str, groups: tuple[tuple[Term, ...], ...] = q.groups) -> tuple[str, list]:
        if stored:
            return _words_test(groups, f"coalesce({stored}.{_TEXT_COLUMN[column]}, '')")
        expression = Query(groups, (), "").expression(column)
        if on_row:
            return on_row, [expression]
        return f"c.id IN (SELECT rowid FROM search_index WHERE {be.match_sql()})", [expression]

    def with_fragments(cond: tuple[str, list], groups: list[list[str]]) -> tuple[str, list]:
        if not groups or not all(groups):
            return cond
        if stored:
            inside, params = _fragments_test(tuple(tuple(g) for g in groups), stored)
            return f"({cond[0]} OR {inside})", [*cond[1], *params]
        if row and (on_row_frags := be.row_fragments_sql(row, groups)):
            return f"({cond[0]} OR {on_row_frags[0]})", [*cond[1], *on_row_frags[1]]
        frag_sql, frag_params = be.fragments_sql(groups)
        return f"({cond[0]} OR c.id IN ({frag_sql}))", [*cond[1], *frag_params]

    cases: list[tuple[str, list, str]] = []
    if q.name_key:
        cases.append(("c.sort_name = ?", [q.name_key], "0"))
        cases.append(("substr(c.sort_name, 1, ?) = ?", [len(q.name_key), q.name_key],
                      f"{_TIER} + length(c.sort_name)"))
    name_all = with_fragments(in_column("name"), [list(f) for f in q.fragments])
    cases.append((*name_all, f"{2 * _TIER} + length(c.sort_name)"))
    cases.append((*in_column("ident"), f"{3 * _TIER}"))
    cases.append((*in_column("place"), f"{4 * _TIER}"))
    if len(q.groups) > 1:
        anywhere = (tuple(a for g in q.groups for a in g),)  # some word of the text in the name
        frags = sorted({f for g in q.fragments for f in g})
        cases.append((*with_fragments(in_column("name", anywhere), [frags] if frags else []),
                      f"{5 * _TIER} + length(c.sort_name)"))
    sql = "CASE " + " ".join(f"WHEN {cond} THEN {value}" for cond, _, value in cases)
    params = [p for _, ps, _ in cases for p in ps]
    return f"{sql} ELSE {6 * _TIER} END", params


_COMPANY_SQL = """
SELECT c.id, c.short_name, c.legal_form, c.inn, c.kpp, c.ogrn, c.unp, c.phones, c.emails,
       c.website, c.country, c.region, c.city, c.address, c.okved, c.industry, c.tags, c.notes,
       c.member_number, c.full_name, c.sort_name
FROM company c WHERE c.id IN ({marks})
"""
_NO_FORMER: tuple[list[str | None], list[str | None]] = ([], [])


def _documents(company_ids: list[int]) -> Iterator[tuple[int, str, str, str, str, str]]:
    """(id, name, ident, place, body, sort name) for each company, read in chunks."""
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
             address, okved, industry, tags, notes, member_no, full, sort_name) = row
            former_names, former_idents = former.get(cid, _NO_FORMER)
            # index_text skips empty parts and folds every piece of text once (models.textnorm)
            yield (
                cid,
                index_text(short, full, form, *former_names),
                index_text(inn, kpp, ogrn, unp, phones, emails, website, member_no, *former_idents),
                index_text(city, region, country, address),
                index_text(okved, industry, tags, notes, *extra.get(cid, ())),
                sort_name,
            )


def _rows_carry_sort_names() -> bool:
    """Whether this store's index rows have a sort name to write (PostgreSQL from migration 0015
    on), asked once per opened store."""
    if not backend.current().index_sort_name:
        return False
    db: Any = database.obj
    known = getattr(db, "palata_index_sort_names", None)
    if known is None:
        known = db.palata_index_sort_names = database.execute_sql(
            "SELECT 1 FROM pg_attribute WHERE attrelid = 'search_index'::regclass "
            "AND attname = 'sort_name' AND NOT attisdropped").fetchone() is not None
    return known


def _trigram_table() -> str | None:
    """The trigram index of names kept beside the word index, where this store has one (SQLite
    from migration 0010 on; a file opened without migrating stays as it was)."""
    table = backend.current().trigram_table
    if table and database.execute_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
        return table
    return None


def _indexed_among(ids: list[int], table: str = "search_index") -> list[int]:
    """The ids that may have an index row: new companies (ids above the highest row, as an
    import creates them) cannot, and deleting their rows one by one would cost a lookup each.
    A few ids (one save) are all deleted: the lookups cost less than asking for the highest row."""
    if len(ids) <= _FEW:
        return ids
    top = database.execute_sql(f"SELECT rowid FROM {table} ORDER BY rowid DESC LIMIT 1").fetchone()
    return ids[:bisect_right(ids, top[0])] if top else []


def reindex(company_ids: Iterable[int], *, locked: bool = False) -> int:
    """Bring the index rows of these companies in step with the tables (call inside the write).
    `locked`: the caller's transaction holds these companies' rows already (or created them), so
    no colleague reindexes them meanwhile and they are not locked once more, row by row."""
    ids = sorted(set(company_ids))
    if not ids:
        return 0
    with database.atomic():
        if not locked:
            backend.current().lock_search_index(database, ids)
        # under the lock: no other session adds these rows meanwhile
        trigrams = _trigram_table()
        for table in ("search_index", trigrams) if trigrams else ("search_index",):
            stale = _indexed_among(ids, table)
            for start in range(0, len(stale), _CHUNK):
                chunk = stale[start:start + _CHUNK]
                database.execute_sql(
                    f"DELETE FROM {table} WHERE rowid IN ({','.join('?' * len(chunk))})", chunk)
        # written a chunk at a time: the documents of a large import are never all in memory
        count = 0
        documents = _documents(ids)
        # PostgreSQL's index rows carry the sort name (migrations 0015, 0016): read with the
        # company under the same lock, so the server need not look it up row by row
        width = 6 if _rows_carry_sort_names() else 5
        columns = ("rowid", "name", "ident", "place", "body", "sort_name")[:width]
        insert = f"INSERT INTO search_index({', '.join(columns)}) VALUES ({', '.join('?' * width)})"
        while rows := list(islice(documents, _CHUNK)):
            database.cursor().executemany(insert, [row[:width] for row in rows])
            if trigrams:  # the names again, for fragments inside them (migration 0010)
                database.cursor().executemany(f"INSERT INTO {trigrams}(rowid, name) VALUES (?, ?)",
                                              [row[:2] for row in rows])
            count += len(rows)
    return count


def rebuild() -> int:
    """Rebuild the whole index from the tables."""
    ids = [r[0] for r in database.execute_sql("SELECT id FROM company")]
    with database.atomic():
        # PostgreSQL: the tables the documents are read from, freshly loaded (a register filled in
        # bulk, in this very transaction), are known to the planner first; without statistics it
        # takes `company_id IN (500 ids)` for most of the table and reads all of it per chunk.
        backend.current().analyze(database, ("company", "contact", "interest"), grown_by=len(ids))
        database.execute_sql("DELETE FROM search_index")
        if trigrams := _trigram_table():
            database.execute_sql(f"DELETE FROM {trigrams}")
        count = reindex(ids)
        backend.current().analyze(database, ("search_index",))  # PostgreSQL: its new size
        return count


def companies_sql(text: str | None, limit: int = 50, offset: int = 0,
                  include_archived: bool = False) -> tuple[str, list] | None:
    """The SELECT `search_companies` runs (id, name, INN, city, tier) and its parameters."""
    ids = matching_ids(text, backend.current().row_columns)
    if ids is None:
        return None
    ranked = tier(text, "m")
    if ranked is None:  # not reached: what has matching ids has a tier
        return None
    ids_sql, ids_params = ids
    rank, rank_params = ranked
    archived = "" if include_archived else "AND c.archived_at IS NULL"
    return (f"SELECT c.id, c.short_name, c.inn, c.city, {rank} AS r "
            f"FROM ({ids_sql}) m JOIN company c ON c.id = m.rowid "
            f"WHERE 1 = 1 {archived} ORDER BY r, c.sort_name, c.id LIMIT ? OFFSET ?",
            [*rank_params, *ids_params, limit, offset])


def search_companies(text: str | None, limit: int = 50, offset: int = 0,
                     include_archived: bool = False) -> list[Hit]:
    """Companies matching `text`, best first (see `tier`). Never raises on what a person typed.
    `rank` is the tier of the match: lower is better."""
    query = companies_sql(text, limit, offset, include_archived)
    if query is None:
        return []
    return [Hit(*row) for row in database.execute_sql(*query)]


def count_matches(text: str | None, include_archived: bool = False) -> int:
    """How many companies match `text`."""
    ids = matching_ids(text)
    if ids is None:
        return 0
    archived = "" if include_archived else "AND c.archived_at IS NULL"
    return database.execute_sql(
        f"SELECT count(*) FROM ({ids[0]}) m JOIN company c ON c.id = m.rowid WHERE 1 = 1 {archived}",
        ids[1]).fetchone()[0]


def index_matches_tables() -> bool:
    """True when every company has exactly one index row (and, on SQLite, one row of names for
    fragments), no index row is orphaned, and (PostgreSQL, migration 0015) every index row holds
    its company's sort name, by which the companies table orders a search's matches."""
    trigrams = _trigram_table()
    # PostgreSQL hashes a NOT IN subquery only while it fits in work_mem (4 MB: some 100,000 ids)
    # and past that tests each row against the whole list: there an anti-join (NOT EXISTS). SQLite
    # would look each company up in the full-text index one by one: there NOT IN, which reads the
    # index's ids once (1,000,000 companies: 0.5 s against 28 s).
    anti = ("NOT EXISTS (SELECT 1 FROM {other} o WHERE o.{key} = t.{mine})"
            if backend.current() is backend.POSTGRES else "t.{mine} NOT IN (SELECT {key} FROM {other})")
    for table in ("search_index", trigrams) if trigrams else ("search_index",):
        missing = database.execute_sql("SELECT count(*) FROM company t WHERE " + anti.format(
            other=table, key="rowid", mine="id")).fetchone()[0]
        orphans = database.execute_sql(f"SELECT count(*) FROM {table} t WHERE " + anti.format(
            other="company", key="id", mine="rowid")).fetchone()[0]
        if missing or orphans:
            return False
    if backend.current().index_sort_name:
        out_of_step = database.execute_sql(
            "SELECT count(*) FROM search_index s JOIN company c ON c.id = s.rowid "
            "WHERE s.sort_name IS DISTINCT FROM c.sort_name").fetchone()[0]
        if out_of_step:
            return False
    return True
