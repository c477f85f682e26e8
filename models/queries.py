"""What the screens and the command ask of the store, as functions returning plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import backend, browse, search
from models.browse import CompanyFilter
from models.dates import day
from models.db import database
from models.matched import COMPANY_COLUMNS, Where, record_columns, records_of, where_matched


@dataclass(frozen=True)
class CompanyRow:
    id: int
    name: str
    legal_form: str | None
    inn: str | None
    city: str | None
    industry: str | None
    member_status: str | None
    open_interests: int
    last_activity: date | None
    matched: Where | None = None  # where a search found it (models.matched)

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.legal_form}" if self.legal_form else self.name


# The screen ranks matches by relevance only while there are few enough to rank at typing speed
# (bm25 costs ~1.5 µs a match: 5,000 in ~8 ms, 100,000 in ~190 ms); more are listed by name.
RANK_LIMIT = 5_000
# The screen counts matches exactly up to this many and says "more than" beyond it: a capped
# count stops after COUNT_CAP + 1 rows instead of joining every match.
COUNT_CAP = 10_000


@dataclass(frozen=True)
class Page:
    """The first rows of a view and how many companies it holds."""

    rows: list[CompanyRow]
    matching: int  # exact, or COUNT_CAP when `capped`
    capped: bool = False  # more than `matching` companies match
    ranked: bool = False  # rows are best match first (else in the view's sort order)


# A page's rows in one statement: the open interests and the last activity of each row are
# looked up by its id (an index probe each), not a round trip per table.
_ROWS = """
SELECT c.id, c.short_name, c.legal_form, c.inn, c.city, c.industry, c.member_status,
       (SELECT count(*) FROM interest i WHERE i.company_id = c.id AND {plus}i.status IN ('open', 'in_work')),
       (SELECT max(a.happened_on) FROM activity a WHERE a.company_id = c.id){more}
"""


def _sqlite_hints() -> tuple[str, str]:
    """("+", "CROSS JOIN") on SQLite, whose planner needs them (see `_source`); PostgreSQL has
    neither a unary plus on every type nor CROSS JOIN ... ON, and plans these queries itself."""
    if isinstance(backend.current(), backend.PostgresBackend):
        return "", "JOIN"
    return "+", "CROSS JOIN"


def _company_row(v: tuple, matched: Where | None = None) -> CompanyRow:
    """A table row from the first nine columns of `_ROWS`."""
    return CompanyRow(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], day(v[8]), matched)


def rows_for(ids: list[int], text: str | None = None) -> list[CompanyRow]:
    """The table rows of these companies, in this order; with the search `text`, each says where
    it matched. The rows with what `where_matched` reads of each company (its own columns, and
    where the store reads them along, its interests and contacts: `records_with_rows`), in one
    statement, prepared (PostgreSQL: planning it took as long as running it)."""
    if not ids:
        return []
    plus, _ = _sqlite_hints()  # not the status index: nearly every interest is open
    be = backend.current()
    of_ids, params = be.in_ids("c.id", ids)
    sql = _ROWS.format(plus=plus, more=_searched_columns(text)) + f"FROM company c WHERE {of_ids}"
    cursor = be.execute_planned(database, "palata_rows_searched" if text else "palata_rows", sql, params)
    values = cursor.fetchall()
    matched: dict[int, Where] = {}
    if text:
        width = 9 + len(COMPANY_COLUMNS)
        records = ({v[0]: records_of(v[width], v[width + 1]) for v in values}
                   if be.records_with_rows else None)  # else read by `where_matched`
        matched = where_matched(ids, text, {v[0]: v[9:width] for v in values}, records)
    found = {v[0]: _company_row(v, matched.get(v[0])) for v in values}
    return [found[i] for i in ids if i in found]


def _searched_columns(text: str | None) -> str:
    """What `_ROWS` reads besides the table's columns for a search: each company's own searchable
    columns and, where the store reads them along (`records_with_rows`), its interests and
    contacts, for `where_matched`."""
    if not text:
        return ""
    columns = "".join(f", c.{column}" for column in COMPANY_COLUMNS)
    return columns + (", " + record_columns() if backend.current().records_with_rows else "")


def _source(text: str | None, status: str | None,
            filters: CompanyFilter | None = None, rows: bool = False,
            few: bool = False, by_name: bool = False) -> tuple[str, list, bool]:
    """FROM and WHERE for the filters; the bool says whether the search index is joined.

    `+c.archived_at`: the index on archived_at would pick every live company (nearly all), and
    SQLite would then sort them all instead of walking the index of the sort order. CROSS JOIN
    keeps the search index the outer loop: led by a filter's index on company instead, SQLite
    would run the MATCH again for every company (seconds for a one-letter prefix).

    `rows`: each match `m` carries the index columns `search.tier(text, "m")` reads. `few`: the
    matches are known to be few (counted), so each looks its company up. `by_name`: the page is
    ordered by name (or ranked: `tier` reads the name too) and reads nothing else of `c` than its
    id and sort name."""
    plus, cross_join = _sqlite_hints()
    where, params = _company_conditions(plus, status, filters)
    be = backend.current()
    if few and by_name and be.index_sort_name and len(where) == 1:
        # The matches come with their company's sort name (migration 0015): ordered from the index
        # rows alone, the few archived companies left out by an anti-join (a lookup per match
        # cost more than the rest of the page).
        ids = search.matching_ids(text, f"{be.row_columns}, sort_name")
        if ids is not None:
            # OFFSET 0: all the matches read (through the index of words), then sorted: walked
            # in name order instead (migration 0018), the rows before the first match are read
            # too, 870,000 of them (6 s) for the 9,846 names starting «Хлебм» at a million
            return (f"FROM ({ids[0]} OFFSET 0) m JOIN LATERAL (SELECT m.rowid AS id, m.sort_name) c ON TRUE "
                    f"WHERE {be.not_archived('m.rowid')}"), ids[1], True
    ids = search.matching_ids(text, be.row_columns if rows else "rowid")
    if ids is None:
        return "FROM company c WHERE " + " AND ".join(where), params, False
    company = "company c ON c.id = m.rowid"
    if few and isinstance(backend.current(), backend.PostgresBackend):
        # The few matches of a ranked page or a short list (counted: COUNT_CAP at most) each look
        # their company up, as SQLite's CROSS JOIN does. PostgreSQL's planner, which cannot know
        # they are few, would otherwise hash the whole company table for a few hundred of them,
        # or walk every company in name order to the letter they start with (11 s at a million).
        company = "LATERAL (SELECT * FROM company WHERE id = m.rowid OFFSET 0) c ON TRUE"
    elif by_name and len(where) == 1 and be.company_by_id_index:
        # SQLite: each match's archiving and sort name, all a page by name or rank reads of its
        # company, from an index of them by id (migration 0021) instead of the company's row:
        # the pages of one index that stays cached, rather than a page of the table per match
        company = f"company c {be.index_hint(be.company_by_id_index)} ON c.id = m.rowid"
    stored = ""
    if rows and search.ranks_by_stored_text(text):
        # each match's stored text, which `search.tier` tests (alias `m_text`)
        stored = f" {cross_join} {be.index_content} m_text ON m_text.id = m.rowid"
    return (f"FROM ({ids[0]}) m {cross_join} {company}{stored} "
            f"WHERE " + " AND ".join(where)), [*ids[1], *params], True


def _company_conditions(plus: str, status: str | None,
                        filters: CompanyFilter | None) -> tuple[list[str], list]:
    """The WHERE conditions (and their parameters) every listing of live companies shares."""
    where, params = [f"{plus}c.archived_at IS NULL"], []
    if status:
        where.append("c.member_status = ?")
        params.append(status)
    more, more_params = browse.conditions(filters)
    return where + more, params + more_params


def _by_name_source(text: str | None, status: str | None,
                    filters: CompanyFilter | None) -> tuple[str, list]:
    """FROM and WHERE that walk the companies in name order and keep those matching `text`: the
    matches are collected once, and the walk stops at the page's end instead of sorting them all."""
    plus, _ = _sqlite_hints()
    where, params = _company_conditions(plus, status, filters)
    matching = search.matching_condition(text)
    assert matching is not None, "called only for a text with something searchable"
    condition, condition_params = matching
    # the match first: tested on the id the index of names holds, it spares SQLite reading the
    # company's row for every name walked that does not match (4,300 names for 'ковров мебель'
    # at a million: 178 -> 107 ms)
    hint = backend.current().index_hint("company_sort_name")
    return (f"FROM company c {hint} WHERE " + " AND ".join([condition, *where]),
            [*condition_params, *params])


def list_companies(text: str | None = None, *, status: str | None = None, offset: int = 0,
                   limit: int = 100, order: str | None = None, descending: bool = False,
                   filters: CompanyFilter | None = None,
                   rank_limit: int | None = None) -> list[CompanyRow]:
    """One page of the register: matching `text` and `filters`, ordered by the column `order`
    (see `models.browse.SORTS`); with no order, best match first when searching, else by name.

    With `rank_limit`, a search matching more companies than that is listed by name instead of
    ranked (ranking them all would cost more than the person waits for a keystroke).

    The page's ids are found first and only those rows are built, so a deep page of a sort on a
    computed column (open interests, last activity) does not compute it for every row twice."""
    ranked, few = None, False
    if rank_limit is not None and (order or "name") == "name" and search.match_expression(text) is not None:
        # counted as the first page is (`first_page`), so that a later page is read the same way:
        # a few thousand matches sorted by name, not every name walked to theirs (the next page
        # of «хлебм», whose names start with «Х», took 1.6 s at a million companies)
        n = count_companies(text, status=status, filters=filters, cap=max(rank_limit, COUNT_CAP))
        ranked = n <= rank_limit if order is None else False
        few = n <= COUNT_CAP
    return rows_for(_page_ids(text, status, filters, order, descending, limit, offset, ranked, few), text)


def _page_ids(text: str | None, status: str | None, filters: CompanyFilter | None,
              order: str | None, descending: bool, limit: int, offset: int,
              ranked: bool | None = None, few: bool = False) -> list[int]:
    """Ids of one page. `ranked`: None ranks every search; False lists a search by name. `few`:
    the search is known to match few companies (an exact count up to COUNT_CAP), so a listing by
    name sorts the matches instead of walking every name in order: a word picking the names of
    one letter (companies called «Хлеб…») would otherwise walk the names before them, which grows
    with the register (1.4 s at a million)."""
    by_name = order == "name" or (order is None and ranked is False)
    if by_name and not few and (walked := _walked_page(text, status, filters, descending, limit, offset)):
        return walked
    return [r[0] for r in database.execute_sql(
        *_page_sql(text, status, filters, order, descending, limit, offset, ranked, few))]


# A search matching more companies than the table counts is listed by name from the first
# companies by name, each tested by itself, where they hold a page of its matches: a word found
# nearly everywhere fills one within a few hundred. One clustered in some letters, or rare among
# the first names, is listed otherwise (`_page_sql`). PostgreSQL tests this many index rows (by
# their tsvector, 1-7 µs each). SQLite tests the stored text of this many companies, 8 µs each at
# a million (its full-text index tests a single company in 26 µs on a freshly merged index, but in
# 0.8 ms on one written a transaction at a time, as a register is: its many segments are each
# opened again); listed otherwise, every match of a letter was read first, 0.2-0.6 s a key.
_WALK_ROWS = 10_000
_TEXT_WALK_ROWS = 2_000


def _by_index_rows(status: str | None, filters: CompanyFilter | None, descending: bool) -> bool:
    """Whether a search is listed by name from the index rows, which carry their companies' sort
    names (PostgreSQL, migrations 0015 and 0018): for the whole register only (a filter is on the
    company), forward only (the order's ties, by id, run forward)."""
    return backend.current().index_sort_name and _whole_forward(status, filters, descending)


def _whole_forward(status: str | None, filters: CompanyFilter | None, descending: bool) -> bool:
    """A listing of the whole register (no filter), forward by name."""
    return not descending and not status and (filters is None or filters.is_empty)


def _walked_page(text: str | None, status: str | None, filters: CompanyFilter | None,
                 descending: bool, limit: int, offset: int) -> list[int] | None:
    """The page's ids from the first companies by name, each tested by itself (`_WALK_ROWS`,
    `_TEXT_WALK_ROWS`); None when they hold less than the page, or for a filtered or reversed
    listing."""
    be = backend.current()
    if not _whole_forward(status, filters, descending):
        return None
    if be.index_sort_name and offset + limit <= _WALK_ROWS:
        sql_params = _walk_index_rows(text)
    elif be.index_content and offset + limit <= _TEXT_WALK_ROWS:
        sql_params = _walk_names(text, be.index_content)
    else:
        return None
    if sql_params is None:
        return None
    sql, params = sql_params
    ids = [r[0] for r in database.execute_sql(be.search_by_index(database, sql), [*params, limit, offset])]
    return ids if len(ids) == limit else None


def _walk_index_rows(text: str | None) -> tuple[str, list] | None:
    """PostgreSQL: the first `_WALK_ROWS` index rows by name (migration 0018), each tested by its
    own tsvector."""
    first = (f"(SELECT rowid, sort_name, tsv, name FROM search_index ORDER BY sort_name, rowid "
             f"LIMIT {_WALK_ROWS:d})")
    found = search.matching_ids(text, "rowid, sort_name", rows=first)
    if found is None:
        return None
    return (f"SELECT m.rowid FROM ({found[0]}) m WHERE {backend.current().not_archived('m.rowid')} "
            "ORDER BY m.sort_name, m.rowid LIMIT ? OFFSET ?"), found[1]


def _walk_names(text: str | None, content: str) -> tuple[str, list] | None:
    """SQLite: the companies by name up to the `_TEXT_WALK_ROWS`-th name (its ties too), each
    tested by the stored text of its index row."""
    test = search.text_test(text, "s")
    if test is None:
        return None
    hint = backend.current().index_hint("company_sort_name")
    last = (f"(SELECT sort_name FROM company {hint} ORDER BY sort_name "
            f"LIMIT 1 OFFSET {_TEXT_WALK_ROWS - 1:d})")
    return (f"SELECT c.id FROM company c {hint} JOIN {content} s ON s.id = c.id "
            f"WHERE c.sort_name <= {last} AND +c.archived_at IS NULL AND {test[0]} "
            "ORDER BY c.sort_name, c.id LIMIT ? OFFSET ?"), test[1]


def _page_sql(text: str | None, status: str | None, filters: CompanyFilter | None,
              order: str | None, descending: bool, limit: int, offset: int,
              ranked: bool | None = None, few: bool = False) -> tuple[str, list]:
    """The SELECT of `_page_ids` and its parameters."""
    searched = typed = search.match_expression(text) is not None
    by_name = searched and (order == "name" or (order is None and ranked is False))
    # PostgreSQL lists the many matches of a search by name as it lists a few, from the index rows
    # (when the first ones by name did not hold a page: `_walked_page`): the companies walked by
    # name, each tested against every match read first, took 0.6 s at a million. In reverse they
    # are still walked: the last names hold a page of a broad word (all its matches, read and
    # sorted, took 1.5 s for «о» at a million).
    by_index_rows = by_name and _by_index_rows(status, filters, descending)
    if by_name and not few and not by_index_rows:
        source, params = _by_name_source(text, status, filters)
        order_by = browse.order_by("name", descending)
    else:
        ranking = order is None and not by_name
        source, params, searched = _source(text, status, filters, rows=ranking,
                                           few=few or ranked is True or by_index_rows,
                                           by_name=ranking or (order or "name") == "name")
        stored = "m_text" if search.ranks_by_stored_text(text) else None
        # the same order on both stores
        tiers = search.tier(text, "m", stored) if ranking and searched else None
        if tiers is not None:
            rank, rank_params = tiers
            order_by = f"{rank}, c.sort_name, c.id"
            params = [*params, *rank_params]
        else:
            order_by = browse.order_by(order or "name", descending)
            if (order or "name") == "name" and not searched:
                # walk the names in order; a filter's own index would make SQLite sort them all
                hint = backend.current().index_hint("company_sort_name")
                source = source.replace("FROM company c ", f"FROM company c {hint} ", 1)
    sql = f"SELECT c.id {source} ORDER BY {order_by} LIMIT ? OFFSET ?"
    if typed:
        sql = backend.current().search_by_index(database, sql)
    return sql, [*params, limit, offset]


def count_companies(text: str | None = None, *, status: str | None = None,
                    filters: CompanyFilter | None = None, cap: int | None = None) -> int:
    """How many companies `list_companies` would page through; with `cap`, counting stops past
    it: a result above `cap` (it is `cap + 1`) means "more than `cap`"."""
    source, params, searched = _source(text, status, filters)
    live = backend.current().live_count_sql
    whole = status is None and (filters is None or filters.is_empty)
    if not searched and live and whole and cap is None:
        return database.execute_sql(live).fetchone()[0]
    if searched and whole:
        ids = search.matching_ids(text)
        assert ids is not None, "searched: the text has something searchable"
        ids_sql, params = ids
        source = f"FROM ({ids_sql}) m WHERE {backend.current().not_archived('m.rowid')}"
    if cap is None:
        sql = f"SELECT count(*) {source}"
    else:
        sql, params = f"SELECT count(*) FROM (SELECT 1 {source} LIMIT ?) AS capped", [*params, cap + 1]
        if searched and whole and (bound := _prefix_bound(text)):
            # a short word found in more companies than the cap: known so without counting them
            sql = f"SELECT CASE WHEN {bound[0]} > ? THEN ? ELSE ({sql}) END"
            params = [*bound[1], cap, cap + 1, *params]
    if searched:
        sql = backend.current().search_by_index(database, sql)
    return database.execute_sql(sql, params).fetchone()[0]


def _prefix_bound(text: str | None) -> tuple[str, list] | None:
    """The store's lower bound of the live companies `text` matches, where it keeps one: a
    word's prefix alone (a fragment of the name only adds matches)."""
    stem = search.lone_stem(text)
    return backend.current().prefix_bound(stem) if stem else None


def first_page(text: str | None = None, *, filters: CompanyFilter | None = None,
               order: str | None = None, descending: bool = False, limit: int = 100,
               rank_limit: int | None = None, count_cap: int | None = None) -> Page:
    """What the companies table shows for a view, at typing speed on a large register: the first
    `limit` rows and the count of matches — exact up to `count_cap`, else "more than".

    A search matching at most `rank_limit` companies is ranked best match first (unless the view
    is sorted by a column); a broader one (a letter or two) is listed by name. The count doubles
    as the probe that chooses, so the search index is read twice, not three times (once for a
    search of several words on PostgreSQL: `_counted_page`). The register's first screen is one
    statement for its page and count. The limits default to RANK_LIMIT and COUNT_CAP."""
    rank_limit = RANK_LIMIT if rank_limit is None else rank_limit
    count_cap = COUNT_CAP if count_cap is None else count_cap
    searched = search.match_expression(text) is not None or not (filters is None or filters.is_empty)
    at_once = None
    if searched and (filters is None or filters.is_empty) and limit > 0 \
            and (order == "name" or (order is None and not descending)):
        at_once = _counted_page(text, order, descending, limit, rank_limit, count_cap)
    if at_once is not None:
        n, at_once_ids = at_once
        if n == 0:
            return Page([], 0)
        capped, ranked = n > count_cap, order is None and n <= rank_limit
        if at_once_ids is None:  # more than count_cap: the names walked
            at_once_ids = _page_ids(text, None, None, order, descending, limit, 0, ranked)
        return Page(rows_for(at_once_ids, text), count_cap if capped else n, capped, ranked)
    if searched:
        n = count_companies(text, filters=filters, cap=max(count_cap, rank_limit))
        capped = n > count_cap
        matching = count_cap if capped else n
    elif limit > 0 and (order or "name") == "name":
        return _first_screen(descending, limit)
    else:
        n, capped = count_companies(), False
        matching = n
    if n == 0:
        return Page([], 0)
    typed = search.match_expression(text) is not None
    ranked = order is None and typed and n <= rank_limit
    ids = _page_ids(text, None, filters, order, descending, limit, 0, ranked,
                    few=typed and not capped and (order is None or order == "name"))
    return Page(rows_for(ids, text), matching, capped, ranked)


def _first_screen(descending: bool, limit: int) -> Page:
    """The register's first page by name, its rows and how many live companies it holds, in one
    statement: a page's ids, then its rows, then the count were a round trip each, which a
    server shared by a chamber's staff answers in turn (on a busy machine, most of the page)."""
    source, count_params, _ = _source(None, None)
    count = backend.current().live_count_sql or f"SELECT count(*) {source}"
    ids_sql, ids_params = _page_sql(None, None, None, "name", descending, limit, 0)
    plus, _ = _sqlite_hints()
    sql = (_ROWS.format(plus=plus, more=f", ({count})") + f"FROM company c WHERE c.id IN ({ids_sql})\n"
           + f"ORDER BY {browse.order_by('name', descending)}")
    rows = database.execute_sql(sql, [*count_params, *ids_params]).fetchall()
    if not rows:
        return Page([], 0)
    return Page([_company_row(v) for v in rows], rows[0][9])


def _counted_page(text: str | None, order: str | None, descending: bool, limit: int,
                  rank_limit: int, count_cap: int) -> tuple[int, list[int] | None] | None:
    """How many companies match a search (as `count_companies` with the cap `first_page` gives
    it) and, when they are few, the ids of the first page, in one statement: the first matches are
    read once for both. PostgreSQL (where the matches carry their sort name, migration 0015);
    None elsewhere. The ids are None where the matches are too many to sort: the caller walks
    the names.

    Only for a search of several words, each narrowing it: they mostly match few companies, and
    reading the matches a second time was a third of such a page (8,000 of 100,000 companies:
    14 -> 10 ms). A single word, often a few letters, mostly matches more than the cap: there the
    matches kept for a page go unused (2-3 ms more than counting them alone, measured)."""
    be = backend.current()
    q = search.parse_query(text)
    if not be.index_sort_name or q is None or len(q.groups) < 2:
        return None
    ids = search.matching_ids(text, "rowid, sort_name")
    if ids is None:
        return None
    cap = max(count_cap, rank_limit)
    ids_sql, ids_params = ids
    sql = f"""WITH m AS MATERIALIZED (SELECT s.rowid AS id, s.sort_name FROM ({ids_sql}) s
    WHERE {be.not_archived('s.rowid')} LIMIT ?),
n AS MATERIALIZED (SELECT count(*) AS n FROM m)
SELECT 0, n FROM n"""
    params: list = [*ids_params, cap + 1]
    tiers = search.tier(text, "r") if order is None else None
    if tiers is not None:
        # ranked (a few thousand at most): each match's index row read again for `tier`, by id
        rank, rank_params = tiers
        sql += f"""
UNION ALL (SELECT 1, c.id FROM m c
    JOIN LATERAL (SELECT tsv, name FROM search_index WHERE rowid = c.id OFFSET 0) r ON TRUE
    WHERE (SELECT n FROM n) <= {rank_limit:d} ORDER BY {rank}, c.sort_name, c.id LIMIT ?)"""
        params += [*rank_params, limit]
    by_name = f"(SELECT n FROM n) <= {count_cap:d}"
    if tiers is not None:
        by_name += f" AND (SELECT n FROM n) > {rank_limit:d}"
    sql += f"""
UNION ALL (SELECT 1, c.id FROM m c WHERE {by_name} ORDER BY {browse.order_by("name", descending)} LIMIT ?)"""
    params.append(limit)
    rows = database.execute_sql(be.search_by_index(database, sql), params).fetchall()
    # the count's row, and the page's rows in the order of the one part that ran
    n = next(r[1] for r in rows if r[0] == 0)
    return n, [r[1] for r in rows if r[0] == 1] or None


def short_names(ids) -> dict[int, str]:
    """id -> short name of these companies (archived included), for lists that name them."""
    from models.entities import Company

    return {c.id: c.short_name for c in Company.select(Company.id, Company.short_name)
            .where(Company.id.in_(list(ids)))}


def is_empty() -> bool:
    """True when the register holds no company at all (archived included)."""
    return database.execute_sql("SELECT NOT EXISTS (SELECT 1 FROM company)").fetchone()[0] == 1
