"""What differs between the two stores Palata runs on: SQLite (the embedded default, one file) and
PostgreSQL (a server, for a chamber that outgrows one file).

Everything else — the models, the raw SQL of the queries, the change log, optimistic locking,
import batches and undo — is the same code on both. The raw SQL is written with SQLite's `?`
placeholders; `PalataPostgres` turns them into psycopg2's `%s` on the way to the server, returns
dates and timestamps as the ISO text SQLite returns, and reconnects after a lost connection. What
cannot be papered over lives in `SqliteBackend` / `PostgresBackend`: the search condition and the
fragments inside names (the rank is the same SQL on both, `models.search.tier`), allocating ids
for a bulk insert, noticing other sessions' commits, the integrity check,
`INSERT OR IGNORE`, `group_concat`, rows aggregated as JSON (`json_rows`, `json_value`), statements
prepared once per connection (`execute_planned`, with a list of ids as one array: `in_ids`),
temporary tables and SQL functions written in Python.

`current()` answers the backend of the open store. psycopg2 is imported only when a PostgreSQL
URL is opened, so SQLite users never load it.
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
import weakref
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeAlias, cast

import peewee

URL_PREFIXES = ("postgresql://", "postgres://")

# The open store, or `models.db.database`, the proxy that passes everything on to it.
Db: TypeAlias = peewee.Database | peewee.DatabaseProxy

# peewee's private context manager that re-raises a driver's errors as peewee's (absent from its stubs)
_exception_wrapper: Any = vars(peewee)["__exception_wrapper__"]


def is_url(location: str | None) -> bool:
    """True when `location` names a PostgreSQL server rather than a file."""
    return bool(location) and str(location).startswith(URL_PREFIXES)


def normalise_url(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1] if url.startswith("postgres://") else url


# user:password@ in any URL of a text (up to its last "@", so a password holding "@" or "/" is
# hidden whole), and a password given as a parameter (?password=…, libpq's password=…).
_URL_PASSWORD = re.compile(r"""([a-z][a-z0-9+.-]*://[^\s:/@'"]*):[^\s'"]*@""", re.IGNORECASE)
_PASSWORD_PARAM = re.compile(r"""(password\s*=\s*)[^\s&'"]+""", re.IGNORECASE)


def redact(text: str) -> str:
    """`text` (a URL, a command line, a traceback) with every password in it hidden, for
    messages and logs."""
    return _PASSWORD_PARAM.sub(r"\1***", _URL_PASSWORD.sub(r"\1:***@", text))


class SqliteBackend:
    name = "sqlite"
    temp_schema = "temp"
    # Whether SQL functions written in Python can be registered on the connection.
    python_functions = True
    # The trigram index of the names kept beside the word index (migration 0010); PostgreSQL's
    # is an index on search_index itself.
    trigram_table: str | None = "search_index_trigram"

    def match_sql(self) -> str:
        """A condition on `search_index` taking the match expression as its one parameter."""
        return "search_index MATCH ?"

    def join_terms(self, terms: list[list[str]]) -> str | None:
        """The match expression: every term (its words in order, the last one a prefix) must be
        present. Words are \\w+ only, so nothing in them is read as query syntax."""
        parts = [f'"{" ".join(words)}"*' for words in terms if words]
        return " AND ".join(parts) if parts else None

    def any_prefix_in(self, column: str, stems: list[str]) -> str:
        """The match expression for: some word of one index column (name, ident, place, body)
        starts with one of `stems` (\\w+ words)."""
        return f"{column} : (" + " OR ".join(f'"{s}"*' for s in stems) + ")"

    def render(self, groups: list[list[tuple[str, ...]]], column: str | None = None) -> str | None:
        """The match expression for: every group present, a group being any of its
        alternatives, an alternative all of its words (each a prefix of a word); with `column`,
        in that index column only. Words are \\w+ only, so nothing in them is query syntax."""
        parts = []
        for alternatives in groups:
            alts = [" AND ".join(f'"{w}"*' for w in alt) for alt in alternatives if alt]
            alts = [a if a.count('"') == 2 else f"({a})" for a in alts]
            if alts:
                parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
        if not parts:
            return None
        expr = " AND ".join(parts)
        return f"{column} : ({expr})" if column else expr

    def column_match(self, db: Db, groups: list[list[tuple[str, ...]]], column: str) -> tuple[str, list[Any]]:
        """A condition on `search_index` for `render(groups, column)` (every group present in that
        index column), with its parameters."""
        return self.match_sql(), [self.render(groups, column)]

    def fragments_sql(self, groups: list[list[str]], columns: str = "rowid") -> tuple[str, list[Any]]:
        """SELECT of the ids of companies whose folded name holds, for every group, one of its
        fragments (\\w+, at least three letters) anywhere: the trigram index of migration 0010.
        (`columns`: what `row_columns` names; on SQLite that is the id alone.)"""
        expr = " AND ".join("(" + " OR ".join(f'"{f}"' for f in g) + ")" for g in groups)
        return "SELECT rowid FROM search_index_trigram WHERE search_index_trigram MATCH ?", [expr]

    def not_archived(self, column: str) -> str:
        """A condition that the company whose id `column` names is not archived, for the many
        matches of a search at once: a search is counted as the index rows whose company is not
        archived (every row has its company: `search.reindex` keeps them in step in the same
        transaction), rather than by joining every match to its company. SQLite reads the few
        archived companies' ids once, through their index: a lookup of every match's company row
        cost 5-60 ms a count at a million companies (rows no longer in memory)."""
        return f"{column} NOT IN (SELECT id FROM company WHERE archived_at IS NOT NULL)"

    # Whether a search index row carries its company's sort name (PostgreSQL, migration 0015), so
    # that matches are ordered by name without looking their companies up.
    index_sort_name = False

    # A SELECT of the number of live companies kept by the store itself (PostgreSQL, migration
    # 0015), or None: counted in an index of company.
    live_count_sql: str | None = None

    # Whether the store keeps how many index rows hold a word beginning with each short prefix
    # (PostgreSQL, migration 0022: `search_prefix_count`).
    keeps_prefix_counts = False

    def prefix_bound(self, stem: str) -> tuple[str, list[Any]] | None:
        """An expression no greater than the number of live companies with a word beginning with
        `stem`, known without reading them, and its parameters; None where there is none (SQLite,
        whose count stops at the cap by itself)."""
        return None

    # Whether a page of the companies table reads the interests and contacts a search may have
    # matched in (`models.matched.record_columns`) with its rows, as JSON, rather than in a
    # statement of their own: a server's round trip costs more than the JSON (PostgreSQL); in the
    # process, parsing the JSON cost more than the statement (SQLite: +0.06 ms of a 0.5 ms page).
    records_with_rows = False

    # The columns of a search index row that a matching row carries (`models.search.matching_ids`)
    # so that `row_match_sql` can test it again without reading the index a second time.
    row_columns = "rowid"

    # The stored text of a search index row, by its company's id, read without the full-text
    # index: FTS5's own content table, its columns c0-c3 the index's name, ident, place and body
    # (through the virtual table, a lookup by rowid costs about twice as much). None where an
    # index row is tested by itself (`row_match_sql`).
    index_content: str | None = "search_index_content"

    def row_match_sql(self, alias: str) -> str | None:
        """A condition on the index row `alias` (selected with `row_columns`) taking a match
        expression as its parameter; None where a match is only answered by a query of the
        whole index (SQLite's FTS5: `rowid IN (SELECT … MATCH ?)` instead)."""
        return None

    def row_fragments_sql(self, alias: str, groups: list[list[str]]) -> tuple[str, list[Any]] | None:
        """As `fragments_sql`, a condition on the index row `alias`; None as `row_match_sql`."""
        return None

    def allocate_ids(self, db: Db, table: str, count: int) -> list[int]:
        """Ids for `count` new rows of `table`, known before the insert. On SQLite past the
        highest id the table ever gave (AUTOINCREMENT's `sqlite_sequence`, moved on by the
        insert itself) and past its rows: what SQLite would choose itself; the caller's
        transaction holds the write lock (BEGIN IMMEDIATE), so no other writer takes them."""
        cursor = db.cursor()
        first = cursor.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"').fetchone()[0]
        if cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
            seq = cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
            first = max(first, seq[0] + 1 if seq else 1)
        return list(range(first, first + count))

    def data_version(self, db: Db) -> tuple[int, int]:
        """A value that changes whenever anyone commits to the store. `PRAGMA data_version`
        changes when another connection commits (it is per connection, so the caller keeps
        asking on the same one); the last change-log id covers this connection's own writes."""
        version = db.execute_sql("PRAGMA data_version").fetchone()[0]
        last = db.execute_sql("SELECT max(id) FROM change_log").fetchone()[0] or 0
        return version, last

    def integrity(self, db: Db) -> list[str]:
        """["ok"], or what is wrong with the store."""
        return [r[0] for r in db.execute_sql("PRAGMA integrity_check")]

    def foreign_key_problems(self, db: Db) -> list[tuple]:
        """(table, row id, parent table, _) of each row that refers to a missing one."""
        return list(db.execute_sql("PRAGMA foreign_key_check"))

    def insert_ignore(self, table: str, select: str) -> str:
        """INSERT of `select`'s rows into `table`, skipping rows whose key is there already."""
        return f"INSERT OR IGNORE INTO {table} {select}"

    def plan_by_marks(self, db: Db, tables: tuple[str, ...]) -> None:
        """Once temporary tables of marked ids are filled (an export's companies, missions…): let
        the planner know their sizes, so that the records of a few marked companies are read
        through their ids rather than by walking the whole register in name order. Without
        statistics SQLite takes a temporary table for about a million rows: exporting 1,984 of
        100,000 companies walked all their names (companies sheet 83 -> 16 ms, interests 100
        -> 23 ms), and ten times that at a million."""
        for table in tables:
            db.execute_sql(f"ANALYZE {self.temp_schema}.{table}")

    def group_concat(self, expr: str, sep: str) -> str:
        return f"group_concat({expr}, '{sep}')"

    def execute_planned(self, db: Db, name: str, sql: str, params: tuple | list) -> Any:
        """Run `sql` (`?` placeholders) with `params`, a statement the app sends often enough for
        its plan to be kept (`name`: a name for it, \\w+, one per statement text). SQLite's
        driver keeps the statements it compiled already."""
        return db.execute_sql(sql, params)

    def in_ids(self, column: str, ids: list[int]) -> tuple[str, list[Any]]:
        """The condition "`column` is one of `ids`" and its parameters. SQLite: a placeholder an id."""
        return f"{column} IN ({','.join('?' * len(ids))})", list(ids)

    def json_rows(self, columns: str, source: str) -> str:
        """A scalar subquery: the rows of `SELECT columns source` as one JSON array of arrays (of
        numbers, strings and nulls; `[]` when there is none), in no particular order. A date or
        a timestamp is to be selected as CAST(… AS TEXT): the text either store returns for it."""
        return f"(SELECT json_group_array(json_array({columns})) {source})"

    def json_value(self, expr: str) -> str:
        """`expr` (a `json_rows`) as a value within another JSON array: SQLite's JSON functions
        take a subquery's text for JSON only through json(), which marks it so."""
        return f"json({expr})"

    def index_hint(self, index: str) -> str:
        """`INDEXED BY` for a FROM item (a hint SQLite's planner needs and PostgreSQL has no
        syntax for)."""
        return f"INDEXED BY {index}"

    def newest_first(self) -> str:
        """For a FROM item walked newest first through its primary key alone, stopping at a
        LIMIT: `NOT INDEXED`. SQLite's planner otherwise takes an index on a column tested with
        IN (the interests' status and direction) and sorts all it found there (a briefing's
        partner candidates at a million companies: 560 -> 215 ms). '' where the server's planner
        chooses the way itself, from what it knows of the rows (PostgreSQL)."""
        return "NOT INDEXED"

    def without_jit(self, db: Db, sql: str) -> str:
        """`sql` not compiled before it runs (PostgreSQL's JIT, for a statement costed past its
        threshold that compiling never pays back). SQLite compiles nothing."""
        return sql

    def search_by_index(self, db: Db, sql: str) -> str:
        """`sql` (a statement reading the search index) made to find its rows through the index
        rather than by testing every row. SQLite's full-text index is the only way to them."""
        return sql

    def update_versioned(self, db: Db, table: str, columns: list[str],
                         params: list[list[Any]]) -> int:
        """Set `columns` (then updated_at) of rows whose version is still the expected one, from
        params rows (values…, updated_at, id, expected version), and count the rows changed; the
        version goes up by one."""
        sets = ", ".join(f'"{c}" = ?' for c in columns)
        cursor = db.cursor()
        cursor.executemany(f'UPDATE "{table}" SET {sets}, version = version + 1, updated_at = ? '
                           "WHERE id = ? AND version = ?", params)
        return cursor.rowcount  # executemany sums the rows each statement changed

    def high_water(self, db: Db, table: str) -> int:
        """The highest id `table` ever gave, its rows deleted since included."""
        top = db.execute_sql(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]
        if db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
            seq = db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
            top = max(top, seq[0] if seq else 0)
        return top

    def reset_sequences(self, db: Db, tables: list[str],
                        floors: dict[str, int] | None = None) -> None:
        """After rows were inserted with explicit ids: the next id of each table comes after its
        rows and after `floors[table]` (the source's high-water mark, when copying), so an id
        the source gave once is never given again. (SQLite's AUTOINCREMENT moved on by itself
        past the rows inserted.)"""
        for table in tables:
            floor = (floors or {}).get(table, 0)
            if floor > self.high_water(db, table):
                db.execute_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
                db.execute_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, floor))

    def analyze(self, db: Db, tables: tuple[str, ...] = (), *, grown_by: int = 0) -> None:
        """After a bulk load: let the planner know the new sizes; with `grown_by` (the rows just
        written), only the tables the planner takes for smaller than that. SQLite's planner
        works without statistics here."""

    # An index of each company's archiving and sort name by its id (migration 0021), which a
    # page of a search by name or rank reads instead of each match's company row; None where the
    # search index rows carry the sort names themselves (PostgreSQL, migration 0015).
    company_by_id_index: str | None = "company_id_sort"

    # The page cache, in KiB, of a connection that stays open to answer typed searches (the
    # companies screen's reader; `models.db.connect_reader`). A word matching up to COUNT_CAP
    # companies has their names sorted: one company row each, mostly each on a page of its own.
    # With SQLite's 32 MB per connection those 10,000 pages did not stay cached from one keystroke
    # to the next («хлебм» at a million companies: 43 -> 27 ms with 64 MB). The memory is taken
    # only as pages are read: a register of a few thousand companies never reaches it.
    reader_cache_kib = 64_000

    def keep_warm(self, db: Db) -> None:
        """Set up a connection that answers typed searches for a screen's life."""
        db.execute_sql(f"PRAGMA cache_size = -{self.reader_cache_kib:d}")

    def warm_up(self, db: Db) -> None:
        """Read into that connection's cache what the first searches would read page by page: the
        names by id (migration 0021), some 40 MB at a million companies, 80-130 ms read in order.
        The first word matching thousands of companies then finds them cached: «хлебм» at a
        million, the first time it is typed, 45-78 -> 20-23 ms. Nothing where there is no such
        index (PostgreSQL, whose cache is the server's, shared by every session)."""
        if self.company_by_id_index:
            db.execute_sql(f"SELECT max(sort_name) FROM company INDEXED BY {self.company_by_id_index}")

    def lock_search_index(self, db: Db, company_ids: list[int]) -> None:
        """Keep other sessions from rewriting the index rows of these companies until this
        transaction ends. SQLite: the transaction holds the write lock already (BEGIN IMMEDIATE)."""

    # Appended to a SELECT that reads rows a write then depends on: nothing on SQLite, whose
    # write transactions run one at a time (BEGIN IMMEDIATE).
    for_update = ""

    def lock_rows(self, db: Db, table: str, ids: Iterable[int]) -> None:
        """Lock rows `ids` of `table` against other sessions' writes (and, for a company, against
        new records hung on it) until this transaction ends. SQLite: the write lock of BEGIN
        IMMEDIATE covers everything already."""


# Up to this many search index rows a search is counted through the word index; past it, the
# planner chooses (see PostgresBackend.search_by_index). Measured: the index wins at 100,000
# companies, the reading in turn to the count's cap at 1,000,000.
_INDEX_FIRST_UP_TO = 300_000

# From this many search index rows a match in one column is left to the planner as it is
# (PostgresBackend.column_match).
_COLUMN_ALONE_FROM = 200_000

# PostgreSQL counts the index rows holding a word that begins with each prefix of up to this
# many letters (migration 0022), so that a short word's matches are known to pass a count's cap
# without reading them (`PostgresBackend.prefix_bound`).
PREFIX_COUNTED_UP_TO = 4


def row_prefixes_sql(rows: str) -> str:
    """A SELECT of the prefixes (`p`, up to PREFIX_COUNTED_UP_TO letters) of the words of each
    row of `rows` (search_index, or a trigger's transition table of it): a line per row and prefix."""
    return (f"SELECT p FROM {rows} s, LATERAL (SELECT DISTINCT left(w, n) AS p FROM "
            f"unnest(tsvector_to_array(s.tsv)) w, generate_series(1, {PREFIX_COUNTED_UP_TO}) n) x")


def counted_prefixes_sql() -> str:
    """A SELECT of each prefix and how many index rows hold a word beginning with it, counted."""
    return f"SELECT p, count(*) FROM ({row_prefixes_sql('search_index')}) a GROUP BY p"


_NO_JIT = "SET LOCAL jit = off; "


def _for_this_statement(db: Db, settings: str, sql: str) -> str:
    """`sql` behind `settings` (SET LOCAL, set_config(…, true)) that last for this query string
    alone, its implicit transaction; inside a transaction they would last to its end, so there
    `sql` is sent as it is."""
    return sql if db.in_transaction() else settings + sql


class PostgresBackend(SqliteBackend):
    name = "postgresql"
    temp_schema = "pg_temp"
    python_functions = False
    trigram_table = None
    _types: dict[str, dict[str, str]] = {}  # a table's column types, for casts (one schema)

    def match_sql(self) -> str:
        return "search_index.tsv @@ to_tsquery('simple', ?)"

    def join_terms(self, terms: list[list[str]]) -> str | None:
        # The words are \w+ only (models.search), so no tsquery operator can be smuggled in.
        parts = [" <-> ".join(words) + ":*" for words in terms if words]
        return " & ".join(parts) if parts else None

    def any_prefix_in(self, column: str, stems: list[str]) -> str:
        weight = _WEIGHT_OF[column]  # the column's words carry its weight in `tsv`
        return " | ".join(f"{s}:*{weight}" for s in stems)

    def render(self, groups: list[list[tuple[str, ...]]], column: str | None = None) -> str | None:
        weight = _WEIGHT_OF[column] if column else ""  # the column's words carry its weight
        parts = []
        for alternatives in groups:
            alts = [" & ".join(f"{w}:*{weight}" for w in alt) for alt in alternatives if alt]
            alts = [a if " " not in a else f"({a})" for a in alts]
            if alts:
                parts.append(alts[0] if len(alts) == 1 else "(" + " | ".join(alts) + ")")
        return " & ".join(parts) if parts else None

    def column_match(self, db: Db, groups: list[list[tuple[str, ...]]], column: str) -> tuple[str, list[Any]]:
        # The same match in any column as well, which the column's implies: for a prefix match
        # restricted to a weight the planner expects about three times the rows there are, and
        # reads the whole of the index's table (in parallel) rather than its GIN index; given
        # both conditions it expects fewer and takes the index (a briefing's candidates at
        # 100,000 companies: ~70 -> ~33 ms, and no parallel workers). On a large register the
        # other way round: through the index it reads every matching company's row (140,000 at
        # a million, 45,000 at 300,000), and the GIN index is searched twice; the column's
        # condition alone lets the planner walk the newest interests, looking their companies
        # up, or read the table in turn (a million: 1.7-2.0 -> 0.8-1.4 s a statement; 300,000:
        # 0.73-0.89 -> 0.62-0.71 s). The index rows as the server last estimated them.
        match = self.match_sql()
        rows = db.execute_sql("SELECT reltuples FROM pg_class WHERE oid = 'search_index'::regclass")
        if rows.fetchone()[0] >= _COLUMN_ALONE_FROM:
            return match, [self.render(groups, column)]
        return f"{match} AND {match}", [self.render(groups), self.render(groups, column)]

    def fragments_sql(self, groups: list[list[str]], columns: str = "rowid") -> tuple[str, list[Any]]:
        # LIKE '%…%' on the folded names: pg_trgm's index (migration 0010) where the server has it
        where = " AND ".join("(" + " OR ".join("name LIKE ?" for _ in g) + ")" for g in groups)
        return f"SELECT {columns} FROM search_index WHERE {where}", [f"%{f}%" for g in groups for f in g]

    # A matching row brings its tsvector and name along: ranking a few thousand matches then
    # tests each row's own tsvector, instead of a subquery per tier reading every row of the
    # index that holds the words (a weight-restricted tsquery is rechecked on the table's rows,
    # so each such subquery read them all again: 0.4-1 s for a two-word search at 100,000).
    row_columns = "rowid, tsv, name"
    index_content = None
    index_sort_name = True
    live_count_sql = "SELECT coalesce(sum(delta), 0)::bigint FROM company_live_count"
    keeps_prefix_counts = True

    def prefix_bound(self, stem: str) -> tuple[str, list[Any]] | None:
        # the index rows with such a word (migration 0022), less every archived company's row
        if not self.keeps_prefix_counts or len(stem) > PREFIX_COUNTED_UP_TO:
            return None
        return ("((SELECT coalesce(sum(delta), 0) FROM search_prefix_count WHERE prefix = ?) "
                "- (SELECT count(*) FROM company WHERE archived_at IS NOT NULL))"), [stem]
    company_by_id_index = None
    records_with_rows = True

    def not_archived(self, column: str) -> str:
        # an anti-join with the archived companies: NOT IN tests against a hashed list only while
        # it fits in work_mem, and reads the whole list again for every match past that
        return f"NOT EXISTS (SELECT 1 FROM company a WHERE a.id = {column} AND a.archived_at IS NOT NULL)"

    def row_match_sql(self, alias: str) -> str | None:
        return f"{alias}.tsv @@ to_tsquery('simple', ?)"

    def row_fragments_sql(self, alias: str, groups: list[list[str]]) -> tuple[str, list[Any]] | None:
        where = " AND ".join("(" + " OR ".join(f"{alias}.name LIKE ?" for _ in g) + ")" for g in groups)
        return f"({where})", [f"%{f}%" for g in groups for f in g]

    def allocate_ids(self, db: Db, table: str, count: int) -> list[int]:
        """Ids from the table's sequence: several sessions may insert at once (no file lock)."""
        cursor = db.cursor()
        cursor.execute(f"SELECT nextval(pg_get_serial_sequence('\"{table}\"', 'id')) "
                       "FROM generate_series(1, %s)", (count,))
        return [r[0] for r in cursor.fetchall()]

    def data_version(self, db: Db) -> tuple[int, int]:
        """Every change through the write path, a merge or an import logs a change-log row, so
        the last change-log id (and how many rows there are, for an undo that deletes) tells
        another session's commit."""
        last, count = db.execute_sql("SELECT coalesce(max(id), 0), count(*) FROM change_log").fetchone()
        return count, last

    def integrity(self, db: Db) -> list[str]:
        # The server keeps its own files consistent (WAL, checksums if enabled); what the
        # application can check is that the schema answers.
        try:
            db.execute_sql("SELECT count(*) FROM company").fetchone()
            db.execute_sql("SELECT count(*) FROM search_index").fetchone()
        except peewee.DatabaseError as exc:
            return [str(exc).strip()]
        return ["ok"]

    def foreign_key_problems(self, db: Db) -> list[tuple]:
        return []  # PostgreSQL enforces every foreign key at all times

    def insert_ignore(self, table: str, select: str) -> str:
        return f"INSERT INTO {table} {select} ON CONFLICT DO NOTHING"

    def plan_by_marks(self, db: Db, tables: tuple[str, ...]) -> None:
        # The sizes, and a random page read costed as what it is here, where the register is
        # cached or on SSD (the default 4 is a spinning disk's): else the companies of a small
        # export were hashed against a read of every company (1,984 of 100,000: 53 -> 22 ms).
        super().plan_by_marks(db, tables)
        db.execute_sql("SET LOCAL random_page_cost = 1.1")

    def group_concat(self, expr: str, sep: str) -> str:
        return f"string_agg(({expr})::text, '{sep}')"

    # The statements prepared on each connection (PREPARE lasts as long as the connection).
    _prepared: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()

    def execute_planned(self, db: Db, name: str, sql: str, params: tuple | list) -> Any:
        # Prepared once per connection: the server plans it once, not on every call (planning a
        # dossier's statement takes longer than running it). After its first five runs (each
        # still planned for its own parameters) the server keeps one generic plan.
        conn = db.connection()
        if name not in self._prepared.setdefault(conn, set()):
            db.execute_sql(f"PREPARE {name} AS {qmark_to_numbered(sql)}")
            self._prepared.setdefault(db.connection(), set()).add(name)
        execute = f"EXECUTE {name}({', '.join('?' * len(params))})" if params else f"EXECUTE {name}"
        try:
            return db.execute_sql(execute, params)
        except peewee.DatabaseError as exc:
            # The connection the server dropped was replaced by a new one that never prepared it
            # (PalataPostgres.execute_sql, outside a transaction): sent as it is this time, and
            # prepared on the next call.
            if db.in_transaction() or _pgcode(exc) != _NO_SUCH_STATEMENT:
                raise
            self._prepared.get(db.connection(), set()).discard(name)
            return db.execute_sql(sql, params)

    def in_ids(self, column: str, ids: list[int]) -> tuple[str, list[Any]]:
        # the ids as one array: the statement's text is the same for any number of them, so that
        # it is prepared once (`execute_planned`)
        return f"{column} = ANY(?)", [list(ids)]

    def json_rows(self, columns: str, source: str) -> str:
        # json, not text: psycopg2 hands it over parsed (a boolean column comes as true/false)
        return f"(SELECT coalesce(json_agg(json_build_array({columns})), '[]') {source})"

    def json_value(self, expr: str) -> str:
        return expr  # json is a type: it nests as it is

    def index_hint(self, index: str) -> str:
        return ""

    def newest_first(self) -> str:
        return ""

    def without_jit(self, db: Db, sql: str) -> str:
        return _for_this_statement(db, _NO_JIT, sql)

    def search_by_index(self, db: Db, sql: str) -> str:
        # The planner costs `tsv @@ query` as one cheap operator, where it takes some 0.4 µs a row
        # (a tsvector of some 300 bytes searched for each prefix): a word found in a company of
        # five, counted up to COUNT_CAP, looks as cheap read row by row (50,000 rows tested:
        # 17-26 ms at 100,000) as through the GIN index (3-5 ms), and the planner picks the former.
        # Forbidding the sequential scan for this statement alone leaves it the index, or, for a
        # word found nearly everywhere (a letter), the walk in id order that stops just as early.
        # Nor is it compiled (JIT): a search joined to a filter's companies is costed past the
        # server's JIT threshold, and compiling took 7 ms of a 70 ms statement, never paid back.
        # The index reads every match before the count's cap can stop it, which pays while the
        # register is small: a word found in one company of five has 20,000 matches at 100,000
        # companies, but 200,000 at a million (107-162 ms through the index, against 14-26 ms
        # read in turn to the cap). So the scan is forbidden only below _INDEX_FIRST_UP_TO index
        # rows (the server's own estimate of the table, in the same query string: no round trip).
        # The index's lists of the words a prefix begins are gathered in a bitmap of work_mem at
        # most; past the server's default (4 MB) it keeps pages, not rows, and every row of those
        # pages is read and tested again: «владимир плитка» at a million companies read 24,196
        # rows for its 10,293 (a quarter of the statement). 16 MB keeps them exact to a million.
        return _for_this_statement(db, "SELECT set_config('enable_seqscan', CASE WHEN reltuples < "
                                   f"{_INDEX_FIRST_UP_TO} THEN 'off' ELSE 'on' END, true) "
                                   "FROM pg_class WHERE oid = 'search_index'::regclass; "
                                   f"{_NO_JIT}SET LOCAL work_mem = '16MB'; ", sql)

    def analyze(self, db: Db, tables: tuple[str, ...] = (), *, grown_by: int = 0) -> None:
        # Autovacuum would get there within a minute or so; until then the planner takes a
        # freshly loaded table for empty and joins the search index the slow way round. A table
        # it knows to be larger than what was written is left to autovacuum: its picture is off
        # by less than half, and ANALYZE samples 30,000 rows of each table (most of a 20,000-row
        # import's server time on a register of 100,000).
        if grown_by and tables:
            known = dict(db.execute_sql(
                "SELECT relname, reltuples FROM pg_class WHERE relname IN "
                f"({', '.join('?' * len(tables))}) "
                "AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())",
                tables).fetchall())
            tables = tuple(t for t in tables if known.get(t, -1) < grown_by)
            if not tables:
                return
        db.execute_sql("ANALYZE " + ", ".join(f'"{t}"' for t in tables) if tables else "ANALYZE")

    for_update = " FOR UPDATE"

    def keep_warm(self, db: Db) -> None:
        """Nothing: the server's shared buffers hold the pages for every session."""

    def lock_rows(self, db: Db, table: str, ids: Iterable[int]) -> None:
        # in id order, as every locking path here: two sessions never wait for each other crosswise
        ids = sorted(set(ids))
        for start in range(0, len(ids), _LOCK_CHUNK):
            chunk = ids[start:start + _LOCK_CHUNK]
            db.execute_sql(f'SELECT 1 FROM "{table}" WHERE id IN ({",".join("?" * len(chunk))}) '
                           "ORDER BY id FOR UPDATE", chunk).fetchall()

    def lock_search_index(self, db: Db, company_ids: list[int]) -> None:
        # Two sessions reindexing one company (two colleagues adding contacts to it) would both
        # delete its row and both insert one; and each would index what it saw before the other
        # committed. Locking the company's row makes them take turns: the second one reads the
        # documents after the first committed (READ COMMITTED) and indexes both. Saves to other
        # companies go on meanwhile. A row lock, not an advisory lock per company: an import
        # reindexing 100,000 companies would overflow the server's table of advisory locks.
        # FOR NO KEY UPDATE does not block a colleague adding a contact (its foreign key check
        # takes KEY SHARE); that colleague's own reindex then waits here.
        ids = sorted(set(company_ids))
        for start in range(0, len(ids), _LOCK_CHUNK):
            chunk = ids[start:start + _LOCK_CHUNK]
            db.execute_sql(f'SELECT 1 FROM company WHERE id IN ({",".join("?" * len(chunk))}) '
                           "ORDER BY id FOR NO KEY UPDATE", chunk).fetchall()

    def update_versioned(self, db: Db, table: str, columns: list[str],
                         params: list[list[Any]]) -> int:
        # One UPDATE per page, its rows sent as one array per column and unnested on the server,
        # instead of a round trip per row (or a VALUES list the driver writes row by row and
        # the server parses value by value). The arrays are cast to the columns' own types (a
        # page whose column is all NULL would be text).
        types = self._column_types(db, table)
        cols = [*columns, "updated_at"]
        names = ", ".join(f'"{c}"' for c in cols)
        sets = ", ".join(f'"{c}" = v."{c}"' for c in cols)
        arrays = ", ".join(f"%s::{types[c]}[]" for c in [*cols, "id", "version"])
        # The ids once more as a list the primary key answers: joined to the arrays alone, the
        # planner may hash them and read the whole table per page.
        sql = (f'UPDATE "{table}" AS t SET {sets}, version = t.version + 1 '
               f"FROM unnest({arrays}) AS v({names}, _id, _expected) "
               "WHERE t.id = v._id AND t.version = v._expected AND t.id = ANY(%s::integer[])")
        raw = db.cursor()._cursor
        total = 0
        with _exception_wrapper:
            for start in range(0, len(params), _PAGE):
                page = params[start:start + _PAGE]
                by_column = [list(column) for column in zip(*page, strict=True)]
                raw.execute(sql, (*by_column, by_column[-2]))
                total += raw.rowcount
        return total

    def _column_types(self, db: Db, table: str) -> dict[str, str]:
        if table not in self._types:
            rows = db.execute_sql("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                                  "WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped",
                                  (f'"{table}"',))
            self._types[table] = dict(rows.fetchall())
        return self._types[table]

    def high_water(self, db: Db, table: str) -> int:
        top = db.execute_sql(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]
        seq = db.execute_sql(f"SELECT pg_get_serial_sequence('\"{table}\"', 'id')").fetchone()[0]
        if seq:
            last, called = db.execute_sql(f"SELECT last_value, is_called FROM {seq}").fetchone()
            top = max(top, last if called else last - 1)
        return top

    def reset_sequences(self, db: Db, tables: list[str],
                        floors: dict[str, int] | None = None) -> None:
        for table in tables:
            floor = (floors or {}).get(table, 0)
            db.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f"greatest(coalesce((SELECT max(id) FROM \"{table}\"), 0), ?) + 1, false)", (floor,))


_LOCK_CHUNK = 5000
_PAGE = 1000  # rows per multi-row statement
_WEIGHT_OF = {"name": "A", "ident": "B", "place": "C", "body": "D"}  # setweight() in migration 0001

SQLITE = SqliteBackend()
POSTGRES = PostgresBackend()


def of(db: Db | None) -> SqliteBackend:
    """The backend of a database object (a proxy is looked through)."""
    db = getattr(db, "obj", db)
    return POSTGRES if isinstance(db, peewee.PostgresqlDatabase) else SQLITE


def current() -> SqliteBackend:
    """The backend of the open store."""
    from models.db import database

    return of(database.obj)


# --- the PostgreSQL connection -------------------------------------------------------------------

# A quoted literal or identifier (to its end, or the text's), a placeholder, a percent sign.
_PLACEHOLDER_TOKENS = re.compile(r"""'[^']*(?:'|$)|"[^"]*(?:"|$)|[?%]""")


def _placeholder_token(m: re.Match[str]) -> str:
    token = m.group()
    if token == "?":
        return "%s"
    return token.replace("%", "%%")


@functools.lru_cache(maxsize=512)
def qmark_to_pyformat(sql: str) -> str:
    """`?` placeholders (outside quoted literals and identifiers) → `%s`; every `%` → `%%`.
    A page's statements repeat word for word at every keystroke: each is translated once (a
    character at a time, it took 60 µs, a fifth of a small statement's time on the client)."""
    return _PLACEHOLDER_TOKENS.sub(_placeholder_token, sql)


def qmark_to_numbered(sql: str) -> str:
    """`?` placeholders (outside quoted literals and identifiers) → `$1`, `$2`…, for PREPARE."""
    numbers = itertools.count(1)

    def numbered(m: re.Match[str]) -> str:
        return f"${next(numbers)}" if m.group() == "?" else m.group()

    return _PLACEHOLDER_TOKENS.sub(numbered, sql)


_NO_SUCH_STATEMENT = "26000"  # invalid_sql_statement_name: EXECUTE of a name not prepared


def _pgcode(exc: BaseException | None) -> str | None:
    """The SQLSTATE of psycopg2's error behind peewee's (which raises its own while handling it,
    once or twice)."""
    while exc is not None and not hasattr(exc, "pgcode"):
        exc = exc.__cause__ or exc.__context__
    return getattr(exc, "pgcode", None)


_INDEXED_BY = re.compile(r"\s+(?:INDEXED\s+BY\s+\"?\w+\"?|NOT\s+INDEXED)\b", re.IGNORECASE)
_CROSS_JOIN_ON = re.compile(r"\bCROSS\s+JOIN(\s+\"?\w+\"?(?:\s+(?:AS\s+)?\w+)?\s+ON)\b", re.IGNORECASE)


def translate(sql: str, params: Any) -> tuple[str, Any]:
    """SQL written for SQLite, ready for psycopg2.

    Besides the placeholders, two hints SQLite's planner takes and PostgreSQL has no syntax for:
    `INDEXED BY index` is dropped, and `CROSS JOIN t ON …` (SQLite: an inner join in this
    order) becomes `JOIN t ON …`. (The third, unary `+` on a column, is an identity operator
    the PostgreSQL schema defines: models/migrations/0001_initial.py.)"""
    if "INDEXED" in sql or "indexed" in sql:
        sql = _INDEXED_BY.sub("", sql)
    if "CROSS" in sql or "cross" in sql:
        sql = _CROSS_JOIN_ON.sub(r"JOIN\1", sql)
    if not params:
        return sql, None  # psycopg2 formats only when given parameters: `%` stays as it is
    if "?" in sql and "%s" not in sql:
        sql, params = _id_lists_as_arrays(sql, params)
        sql = qmark_to_pyformat(sql)
    return sql, params


# `IN (?, ?, …)` of at least this many placeholders (a chunk of ids: up to 500 in the write path)
_ARRAY_FROM = 16
_INT4 = 2 ** 31
_IN_LIST = re.compile(r"\b(NOT\s+)?IN\s*\(\s*\?(?:\s*,\s*\?){" + str(_ARRAY_FROM - 1) + r",}\s*\)",
                      re.IGNORECASE)


def _id_lists_as_arrays(sql: str, params: Any) -> tuple[str, Any]:
    """`x IN (?, ?, …)` of whole numbers (ids, a chunk at a time) sent as `x = ANY(?::integer[])`
    with one parameter, the array's text: psycopg2 no longer quotes each number into the
    statement, nor the server parses it as a list of constants (a chunk of 500 ids: 1.3 -> 0.3 ms
    of the client's CPU, 2.3 -> 1.9 ms of the server's). The same rows, NULLs as IN treats them
    (none: only lists of numbers are turned); the statement's text no longer depends on the
    chunk's size. Other lists (text, dates: compared as the column's type) stay as they are."""
    found = list(_IN_LIST.finditer(sql))
    if not found or not isinstance(params, (list, tuple)):
        return sql, params
    marks = [m.start() for m in _PLACEHOLDER_TOKENS.finditer(sql) if m.group() == "?"]
    if len(marks) != len(params):
        return sql, params
    index = {at: n for n, at in enumerate(marks)}
    params = list(params)
    for m in reversed(found):  # from the end: the earlier placeholders keep their numbers
        first = index.get(sql.index("?", m.start()))
        count = m.group().count("?")
        if first is None or any(type(v) is not int for v in params[first:first + count]):
            continue  # inside a quoted literal, or not all numbers
        numbers = params[first:first + count]
        # integer when they all fit, as the server types such numbers written into the list
        kind = "integer" if all(-_INT4 <= v < _INT4 for v in numbers) else "bigint"
        op = "<> ALL" if m.group(1) else "= ANY"
        sql = f"{sql[:m.start()]}{op}(?::{kind}[]){sql[m.end():]}"
        params[first:first + count] = ["{" + ",".join(map(str, numbers)) + "}"]
    return sql, params


class _Cursor:
    """A psycopg2 cursor taking SQLite-style SQL; errors come out as peewee's exceptions."""

    __slots__ = ("_cursor", "_rowcount")

    def __init__(self, cursor):
        self._cursor = cursor
        self._rowcount = None

    def execute(self, sql, params=None):
        sql, params = translate(sql, params)
        self._rowcount = None
        with _exception_wrapper:
            self._cursor.execute(sql, params)
        return self

    def executemany(self, sql, seq):
        seq = list(seq)
        if not seq:
            self._rowcount = 0
            return self
        sql, _ = translate(sql, seq[0])
        with _exception_wrapper:
            values = _VALUES.match(sql)
            copied = 0
            if values and not values.group(3) and len(seq) >= _COPY_FROM:
                copied = _copy(self._cursor, values, seq)
                seq = seq[copied:]
            if values:
                # One multi-row INSERT per page instead of a round trip per row (an ON CONFLICT
                # clause stays after the rows: a page's rows must not hit one key twice, as
                # `models.import_digests` makes sure of).
                from psycopg2.extras import execute_values

                template = values.group(2)
                statement = values.group(1) + "%s" + (values.group(3) or "")
                total = copied
                for start in range(0, len(seq), 1000):
                    execute_values(self._cursor, statement, seq[start:start + 1000],
                                   template=template, page_size=1000)
                    total += self._cursor.rowcount
                self._rowcount = total
            else:
                self._cursor.executemany(sql, seq)  # psycopg2 sums rowcount over the rows
                self._rowcount = None
        return self

    @property
    def rowcount(self):
        return self._rowcount if self._rowcount is not None else self._cursor.rowcount

    def __iter__(self):
        return iter(self._cursor)

    def __getattr__(self, name):
        return getattr(self._cursor, name)


# Rows of one INSERT from which it is sent as COPY … FROM STDIN: the server neither parses nor
# plans a statement per page, and the rows travel as text, not as SQL literals (a bulk load of
# 100,000 companies: a third less server time for the inserts, half the driver's).
_COPY_FROM = 200
_COPY_PAGE = 10_000  # rows per COPY: the text of a bulk load is never all in memory at once
_INTO = re.compile(r"^\s*INSERT\s+INTO\s+(\"?\w+\"?)\s*(\([^()]*\))\s*VALUES\s*$", re.IGNORECASE)


def _copy(cursor: Any, values: re.Match, seq: list) -> int:
    """Send the rows of the INSERT `values` matched with COPY, up to the first that holds a value
    COPY's text format does not carry as is (of a type not written here); how many were sent."""
    into = _INTO.match(values.group(1))
    if into is None or values.group(2).count("%s") != len(seq[0]):
        return 0
    from io import StringIO

    sql = f"COPY {into.group(1)} {into.group(2)} FROM STDIN"
    sent, other = 0, False
    while sent < len(seq) and not other:
        lines: list[str] = []
        for row in seq[sent:sent + _COPY_PAGE]:
            cells = list(map(_copy_text, row))
            if None in cells:
                other = True  # a value COPY does not take: the rest goes as INSERT
                break
            lines.append("\t".join(cast("list[str]", cells)))
        if lines:
            cursor.copy_expert(sql, StringIO("\n".join(lines) + "\n"), size=1 << 20)
        sent += len(lines)
    return sent


def _copy_text(value: Any) -> str | None:
    """A value in COPY's text format, or None for a type this does not write."""
    kind = type(value)
    if kind is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_COPY_ESCAPES)
        return value
    if value is None:
        return "\\N"
    if kind is int:
        return str(value)
    if kind is bool:
        return "t" if value else "f"
    if kind is datetime:
        return value.isoformat(sep=" ")
    if kind is date:
        return value.isoformat()
    if kind is float or kind is Decimal:
        return repr(value) if kind is float else str(value)
    return None


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})

_VALUES = re.compile(r"^(\s*INSERT\s+INTO\s+.+?\bVALUES\s*)(\((?:\s*%s\s*,)*\s*%s\s*\))"
                     r"(\s+ON\s+CONFLICT\b[^%]*?)?\s*;?\s*$",
                     re.IGNORECASE | re.DOTALL)

# Lost connections, as psycopg2 reports them.
_LOST = ("server closed the connection", "connection already closed", "terminating connection",
         "connection not open", "could not receive data", "ssl connection has been closed",
         "no connection to the server", "connection has been closed")


# Bounded waits, set on every connection. A writer waits for a lock a colleague holds, then gives
# up with a sentence and nothing half-done. The bound is per lock: a save behind other sessions
# waiting for the same row waits first for its turn in their queue (the row's tuple lock), then
# for the holder — two waits, so each is half of SQLite's busy timeout and the whole stays within
# it (measured: 19.6 s with 10 s per lock, bench/reliability.py's stuck session).
# A statement may run long — an import's bulk insert, an ANALYZE, a copy — but not
# without end. A session left idle inside a transaction (an SSH session frozen with Ctrl+Z mid-save)
# is ended by the server after a minute, releasing whatever it locked.
LOCK_TIMEOUT_S = 5
STATEMENT_TIMEOUT_S = 600
IDLE_IN_TRANSACTION_S = 60
SESSION_OPTIONS = (f"-c lock_timeout={LOCK_TIMEOUT_S * 1000} "
                   f"-c statement_timeout={STATEMENT_TIMEOUT_S * 1000} "
                   f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_S * 1000}")


def is_connection_lost(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(s in text for s in _LOST)


class PalataPostgres(peewee.PostgresqlDatabase):
    """PostgreSQL speaking the SQL the SQLite store speaks (see the module's docstring).

    A connection the server dropped (a restart, a DBA's pg_terminate_backend, a network cut) is
    replaced: a statement outside a transaction is retried once on a new connection; inside a
    transaction the error goes up (its work is lost and `models.db.explain` says so in one
    sentence) and the next statement reconnects."""

    # Connections kept open when a thread closes its own (each screen's loader runs on a thread
    # with a connection of its own, `models.db.connected`): the next loader takes a warm one
    # instead of opening one, which costs a new server process whose caches start cold — more
    # than a dossier's queries (measured: +35-60 ms a dossier on a busy machine; SQLite +5 ms).
    KEEP_IDLE = 2

    def __init__(self, url: str, **kwargs):
        kwargs.setdefault("connect_timeout", 10)
        kwargs.setdefault("application_name", "palata")
        kwargs.setdefault("options", SESSION_OPTIONS)
        super().__init__(normalise_url(url), **kwargs)
        self._idle: list[Any] = []
        self._idle_lock = threading.Lock()

    # peewee's per-thread connection state: private, absent from its stubs
    _state: Any

    def _connect(self):
        with self._idle_lock:
            while self._idle:
                conn = self._idle.pop()
                if not conn.closed:  # one the server dropped since fails on use and is replaced
                    return conn
        conn = super()._connect()  # type: ignore[misc]  # peewee's private hook, absent from its stubs
        _text_dates(conn)
        return conn

    def _close(self, conn):
        from psycopg2 import extensions

        # only a connection outside any transaction is kept: nothing of a session's work stays
        if not conn.closed and conn.info.transaction_status == extensions.TRANSACTION_STATUS_IDLE:
            with self._idle_lock:
                if len(self._idle) < self.KEEP_IDLE:
                    self._idle.append(conn)
                    return
        super()._close(conn)  # type: ignore[misc]  # peewee's private hook, absent from its stubs

    def close_idle(self) -> None:
        """Close the connections kept for reuse (when the store is closed for good)."""
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 — already gone with the server
                pass

    def _dead(self) -> bool:
        return not self._state.closed and bool(self._state.conn.closed)

    def _drop_dead(self) -> None:
        if self._dead() and not self.in_transaction():
            self._state.reset()

    def cursor(self, named_cursor=None):
        self._drop_dead()
        if self.in_transaction() and self._dead():
            raise peewee.InterfaceError("connection already closed")
        return _Cursor(super().cursor(named_cursor))

    def execute_sql(self, sql, params=None):
        retry = not self.in_transaction()
        try:
            return super().execute_sql(sql, params)
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            if not (retry and is_connection_lost(exc)):
                raise
            self._state.reset()
            return super().execute_sql(sql, params)

    # The app asks both stores for SQLite's lock types (always by keyword), hence the extra argument.
    def begin(self, lock_type=None, isolation_level=None):  # type: ignore[override]
        # SQLite's DEFERRED read (an export) wants one snapshot for every sheet: on PostgreSQL
        # that is REPEATABLE READ. IMMEDIATE has no meaning here: rows are locked as written.
        if lock_type and lock_type.upper() == "DEFERRED" and isolation_level is None:
            isolation_level = "REPEATABLE READ"
        self._drop_dead()
        if isolation_level:
            with _exception_wrapper:
                self.cursor().execute(f"BEGIN TRANSACTION ISOLATION LEVEL {isolation_level}")
                if lock_type and lock_type.upper() == "DEFERRED":
                    # a read snapshot (an export writing a large sheet between two queries) may
                    # stay idle longer than a write may: it holds no row lock anyone waits for
                    self.cursor().execute("SET LOCAL idle_in_transaction_session_timeout = 0")
            return
        super().begin()


def _text_dates(conn) -> None:
    """DATE and TIMESTAMP values come back as the ISO text SQLite returns ('2024-05-01',
    '2024-05-01 10:30:00'): raw SQL reads the same values on both stores, and peewee's date
    fields parse the text as they do on SQLite."""
    from psycopg2 import extensions

    def as_text(value, cursor):
        return value

    for oids, name in (((1082,), "PALATA_DATE"), ((1114,), "PALATA_TIMESTAMP")):
        extensions.register_type(extensions.new_type(oids, name, as_text), conn)
