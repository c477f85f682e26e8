"""What an export reads: the companies a filter picks and every record that hangs on them, streamed.

`exporting(filter)` opens one read snapshot (a deferred transaction: writers are not blocked, and
every sheet sees the same moment) and fills a temporary table with the ids of the chosen
companies; each `*_rows` function then streams one kind of record of those companies straight
from a cursor, so memory does not grow with the register. Rows come as tuples whose columns are
named in `Rows.columns`; references to other records are database ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields

from models import backend, search
from models.db import database
from models.textnorm import fold, stem, words

_TEMP = "export_company"
_MISSIONS = "export_mission"
_MEETINGS = "export_meeting"
_AGREEMENTS = "export_agreement"


@dataclass(frozen=True)
class ExportFilter:
    """Which companies an export holds; every field that is set narrows the list (AND)."""

    search: str | None = None  # what a person types into the search line
    status: str | None = None  # membership status code
    city: str | None = None  # case- and ё-insensitive equality
    industry: str | None = None  # OKVED code or its prefix ("25" takes "25.11"), or industry words
    tag: str | None = None  # one tag of the "; "-separated list
    mission: int | None = None  # took part in this mission
    interest: str | None = None  # has an interest whose subject matches these words

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "") for f in fields(self))


@dataclass(frozen=True)
class Rows:
    """A stream of rows of one kind: `columns` names the tuple positions; `total` is their count."""

    columns: tuple[str, ...]
    total: int
    rows: Iterator[tuple]


# --- SQL functions for folding (SQLite's lower() knows only ASCII) -----------------------------

def _fold(value: str | None) -> str | None:
    return fold(value) if value else value


def _has_tag(tags: str | None, wanted: str | None) -> int:
    if not tags or not wanted:
        return 0
    target = fold(wanted)
    return int(any(fold(t) == target for t in tags.replace(",", ";").split(";")))


def _words_match(text: str | None, query: str | None) -> int:
    """Every word of `query` (or its stem) starts some word of `text`: "трубы" finds "трубами"."""
    if not text or not query:
        return 0
    have = words(text)
    for w in words(query):
        s = stem(w)
        if not any(h.startswith(w) or h.startswith(s) for h in have):
            return 0
    return 1


def _register_functions() -> None:
    if not backend.current().python_functions:
        return  # PostgreSQL: `_python_condition` applies them to the rows in Python instead
    conn = database.connection()
    conn.create_function("palata_fold", 1, _fold, deterministic=True)
    conn.create_function("palata_has_tag", 2, _has_tag, deterministic=True)
    conn.create_function("palata_words_match", 2, _words_match, deterministic=True)


def _python_condition(function: str, column: str, arg: str, rows_sql: str) -> tuple[str, list]:
    """`function(column, arg)` as a condition on `company c`. With SQL functions in Python
    (SQLite) that is the call itself; otherwise the ids whose rows pass, found by running the
    same Python function over `rows_sql`'s (company id, value) rows."""
    if backend.current().python_functions:
        return f"{function}({column}, ?)", [arg]
    test = _FUNCTIONS[function]
    ids = sorted({cid for cid, value in database.execute_sql(rows_sql) if test(value, arg)})
    return "c.id = ANY(?)", [ids]


def _fold_equals(value: str | None, wanted: str) -> int:
    return int(_fold(value) == wanted)


_FUNCTIONS = {"palata_fold": _fold_equals, "palata_has_tag": _has_tag, "palata_words_match": _words_match}
_LIVE_COMPANIES = "SELECT id, {} FROM company WHERE archived_at IS NULL"


# --- choosing the companies ----------------------------------------------------------------------

def _company_where(f: ExportFilter) -> tuple[str, list]:
    joins: list[str] = []
    where = ["c.archived_at IS NULL"]
    params: list[object] = []
    expr = search.match_expression(f.search) if f.search else None
    if f.search and expr is None:
        where.append("1 = 0")  # nothing searchable was typed: nothing matches
    elif expr is not None:
        joins.append("JOIN search_index ON search_index.rowid = c.id")
        where.append(backend.current().match_sql())
        params.append(expr)
    if f.status:
        where.append("c.member_status = ?")
        params.append(f.status)
    if f.city:
        if backend.current().python_functions:
            where.append("palata_fold(c.city) = ?")
            params.append(fold(f.city))
        else:
            sql, more = _python_condition("palata_fold", "c.city", fold(f.city),
                                          _LIVE_COMPANIES.format("city"))
            where.append(sql)
            params += more
    if f.industry:
        code = f.industry.strip().rstrip(".")
        if code.replace(".", "").isdigit():
            where.append("(c.okved = ? OR c.okved LIKE ?)")
            params += [code, code + ".%"]
        else:
            sql, more = _python_condition("palata_words_match", "c.industry", f.industry,
                                          _LIVE_COMPANIES.format("industry"))
            where.append(sql)
            params += more
    if f.tag:
        sql, more = _python_condition("palata_has_tag", "c.tags", f.tag, _LIVE_COMPANIES.format("tags"))
        where.append(sql)
        params += more
    if f.mission is not None:
        where.append("EXISTS (SELECT 1 FROM participation p WHERE p.company_id = c.id AND p.mission_id = ?)")
        params.append(f.mission)
    if f.interest:
        if backend.current().python_functions:
            where.append("EXISTS (SELECT 1 FROM interest i WHERE i.company_id = c.id "
                         "AND palata_words_match(i.subject, ?))")
            params.append(f.interest)
        else:
            sql, more = _python_condition("palata_words_match", "i.subject", f.interest,
                                          "SELECT company_id, subject FROM interest")
            where.append(sql)
            params += more
    return f"FROM company c {' '.join(joins)} WHERE {' AND '.join(where)}", params


def mission_exists(mission_id: int) -> bool:
    """True when a mission with this id is in the register (archived ones included)."""
    return database.execute_sql("SELECT 1 FROM mission WHERE id = ?", (mission_id,)).fetchone() is not None


_TABLES = (_TEMP, _MISSIONS, _MEETINGS, _AGREEMENTS)


@contextmanager
def exporting(company_filter: ExportFilter | None = None) -> Iterator[None]:
    """A consistent read of the register for one export, with the chosen records marked.

    Without a filter that is the whole register (archived companies, contacts and missions
    aside). With one: the chosen companies, the missions they took part in or that their records
    refer to, and the meetings and agreements they were a party to.
    """
    f = company_filter or ExportFilter()
    with _marked_read(lambda: _mark(f)):
        yield


@contextmanager
def exporting_picked(source: str, params: list) -> Iterator[None]:
    """As `exporting`, for the companies `SELECT c.id {source}` picks (conditions an
    `ExportFilter` cannot say, such as the companies table's own), and what hangs on them."""

    def mark() -> None:
        _mark_ids(source, params)
        _mark_records()

    with _marked_read(mark):
        yield


@contextmanager
def _marked_read(mark: Callable[[], None]) -> Iterator[None]:
    """One read snapshot with the temporary tables of marked ids, filled by `mark`."""
    with database.atomic(lock_type="DEFERRED"):
        _register_functions()
        _make_temp_tables()
        mark()
        yield
        # On an error the rollback takes the tables away (they were made in this transaction);
        # dropping them then could fail on a cursor still open mid-sheet and hide the error.
        _drop_temp_tables()


def _make_temp_tables() -> None:
    """The temporary tables of marked ids (temp.* on SQLite, pg_temp.* on PostgreSQL). Queries
    name them unqualified: a temporary table is found before a table of the register."""
    schema = backend.current().temp_schema
    for table in _TABLES:
        database.execute_sql(f"DROP TABLE IF EXISTS {schema}.{table}")
        database.execute_sql(f"CREATE TEMP TABLE {table} (id INTEGER PRIMARY KEY)")


def _drop_temp_tables() -> None:
    schema = backend.current().temp_schema
    for table in _TABLES:
        database.execute_sql(f"DROP TABLE IF EXISTS {schema}.{table}")


def _mark_ids(source: str, params: list) -> None:
    """Mark the companies `SELECT c.id {source}` picks for the export."""
    database.execute_sql(backend.current().insert_ignore(f"{_TEMP} (id)", f"SELECT c.id {source}"), params)


def _mark(f: ExportFilter) -> None:
    source, params = _company_where(f)
    run = database.execute_sql
    _mark_ids(source, params)
    if f.is_empty:
        # everything is marked: the planner's guess (large tables) is right, and the sheets
        # walk the register in name order (statistics made them 10-25% slower to read)
        run(f"INSERT INTO {_MISSIONS} (id) SELECT id FROM mission WHERE archived_at IS NULL")
        run(f"INSERT INTO {_MEETINGS} (id) SELECT id FROM meeting")
        run(f"INSERT INTO {_AGREEMENTS} (id) SELECT id FROM agreement")
        return
    _mark_records()


def _mark_records() -> None:
    """Once some companies are marked (`_mark_ids`): mark their missions, meetings and agreements.

    The planner is told how many of each were marked (`plan_by_marks`), so that the records of a
    few companies are read through their ids rather than by walking the whole register."""
    run = database.execute_sql
    be = backend.current()
    ignore = be.insert_ignore
    be.plan_by_marks(database, (_TEMP,))  # before it drives the marking below
    run(ignore(f"{_MEETINGS} (id)", "SELECT mp.meeting_id FROM meeting_party mp "
               f"JOIN {_TEMP} e ON e.id = mp.company_id"))
    run(ignore(f"{_AGREEMENTS} (id)", "SELECT ap.agreement_id FROM agreement_party ap "
               f"JOIN {_TEMP} e ON e.id = ap.company_id"))
    # NULL must not reach the INTEGER PRIMARY KEY: SQLite would number it.
    run(ignore(f"{_MISSIONS} (id)", f"""
        SELECT u.id FROM (
            SELECT x.mission_id AS id FROM participation x JOIN {_TEMP} e ON e.id = x.company_id
            UNION SELECT x.mission_id FROM interest x JOIN {_TEMP} e ON e.id = x.company_id
            UNION SELECT x.mission_id FROM activity x JOIN {_TEMP} e ON e.id = x.company_id
            UNION SELECT x.mission_id FROM meeting x JOIN {_MEETINGS} e ON e.id = x.id
            UNION SELECT x.mission_id FROM agreement x JOIN {_AGREEMENTS} e ON e.id = x.id
        ) u JOIN mission m ON m.id = u.id WHERE m.archived_at IS NULL"""))
    be.plan_by_marks(database, (_MISSIONS, _MEETINGS, _AGREEMENTS))


# --- the rows of each kind (call inside `exporting`) ---------------------------------------------

def _stream(select: str, source: str) -> Rows:
    total = database.execute_sql(f"SELECT count(*) FROM (SELECT 1 {source}) AS rows_").fetchone()[0]
    cursor = database.execute_sql(f"{select} {source}")
    columns = tuple(d[0] for d in cursor.description)
    return Rows(columns, total, iter(cursor))


_IN_EXPORT = f"JOIN {_TEMP} e ON e.id = c.id"
# A mission reference is kept only when that mission is in the export too.
_MISSION_REF = f"(SELECT em.id FROM {_MISSIONS} em WHERE em.id = {{}}.mission_id) AS mission_ref"


def company_rows() -> Rows:
    return _stream(
        "SELECT c.id AS ref, c.short_name, c.full_name, c.legal_form, c.inn, c.kpp, c.ogrn, c.unp, "
        "c.country, c.region, c.city, c.address, c.phones, c.emails, c.website, c.okved, c.industry, "
        "c.member_number, c.member_status, c.member_since, c.dues_paid_until, c.tags, c.notes",
        f"FROM company c {_IN_EXPORT} ORDER BY c.sort_name, c.id")


def contact_rows() -> Rows:
    return _stream(
        "SELECT c.id AS company_ref, c.short_name AS company, k.name, k.position, k.phones, k.emails, "
        "CASE WHEN k.is_primary THEN 1 ELSE 0 END AS is_primary, k.notes",
        f"FROM contact k JOIN company c ON c.id = k.company_id {_IN_EXPORT} "
        "WHERE k.archived_at IS NULL ORDER BY c.sort_name, c.id, k.is_primary DESC, k.id")


def interest_rows() -> Rows:
    return _stream(
        "SELECT i.id AS ref, c.id AS company_ref, c.short_name AS company, i.direction, i.subject, "
        f"i.okved, i.partner_geo, i.status, {_MISSION_REF.format('i')}, i.source, i.opened_on, i.notes",
        f"FROM interest i JOIN company c ON c.id = i.company_id {_IN_EXPORT} "
        "ORDER BY c.sort_name, c.id, i.id")


def mission_rows() -> Rows:
    return _stream(
        "SELECT m.id AS ref, m.kind, m.title, m.starts_on, m.ends_on, m.place, m.partner_country, "
        "m.organisers, m.partners, m.description",
        f"FROM mission m JOIN {_MISSIONS} em ON em.id = m.id ORDER BY m.starts_on IS NULL, "
        "m.starts_on, m.id")


def participation_rows() -> Rows:
    return _stream(
        "SELECT p.mission_id AS mission_ref, c.id AS company_ref, c.short_name AS company, p.role, "
        "p.outcome",
        f"FROM participation p JOIN company c ON c.id = p.company_id {_IN_EXPORT} "
        # found through the companies, not through the missions: a mission of a few marked
        # companies has hundreds of others (23,090 of a million: 424 -> 76 ms on SQLite)
        f"WHERE EXISTS (SELECT 1 FROM {_MISSIONS} em WHERE em.id = p.mission_id) "
        "ORDER BY p.mission_id, c.sort_name, c.id, p.id")


def _parties(table: str, key: str, alias: str) -> str:
    concat = backend.current().group_concat("q.company_id", "; ")
    return (f"(SELECT {concat} FROM (SELECT x.company_id FROM {table} x "
            f"JOIN {_TEMP} e ON e.id = x.company_id WHERE x.{key} = {alias}.id "
            "ORDER BY x.company_id) q) AS party_refs")


def meeting_rows() -> Rows:
    return _stream(
        f"SELECT m.id AS ref, {_MISSION_REF.format('m')}, m.held_on, "
        f"{_parties('meeting_party', 'meeting_id', 'm')}, m.subject, m.outcome",
        f"FROM meeting m JOIN {_MEETINGS} em ON em.id = m.id "
        "ORDER BY m.held_on IS NULL, m.held_on, m.id")


def agreement_rows() -> Rows:
    return _stream(
        f"SELECT a.id AS ref, a.kind, a.subject, a.signed_on, {_MISSION_REF.format('a')}, "
        f"{_parties('agreement_party', 'agreement_id', 'a')}, a.status, a.notes",
        f"FROM agreement a JOIN {_AGREEMENTS} ea ON ea.id = a.id "
        "ORDER BY a.signed_on IS NULL, a.signed_on, a.id")


def activity_rows() -> Rows:
    return _stream(
        "SELECT c.id AS company_ref, c.short_name AS company, a.kind, a.happened_on, a.text, a.author, "
        f"{_MISSION_REF.format('a')}, a.due_on, CASE WHEN a.done THEN 1 ELSE 0 END AS done",
        f"FROM activity a JOIN company c ON c.id = a.company_id {_IN_EXPORT} "
        "ORDER BY c.sort_name, c.id, a.happened_on IS NULL, a.happened_on, a.id")


ROWS = {
    "companies": company_rows, "contacts": contact_rows, "interests": interest_rows,
    "missions": mission_rows, "participations": participation_rows, "meetings": meeting_rows,
    "agreements": agreement_rows, "activities": activity_rows,
}
"""The row streams by the register layout's sheet keys."""
