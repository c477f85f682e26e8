"""The SQLite search index also keeps ready-made prefixes of three and four letters (SQLite only).

A word of three letters or more was found by merging the lists of every indexed word it begins,
in full, before the first match came out: at a million companies «тру» (321,000 matches) took
50-90 ms a keystroke to count, «стро» and «хлеб» 30 ms. A ready-made prefix is read as one word's
list, and a count that stops at the table's cap stops early (`queries.COUNT_CAP`): 2-5 ms. Each
prefix length adds about 15% to the time the index takes to write a company; the file grows by
240 MB at a million companies (3.9 GB before). Rebuilding the index takes about two minutes there,
once (the file is copied aside first, as before every migration on SQLite), and a
moment on a chamber's register of a few thousand. PostgreSQL's GIN index needs nothing of the
kind."""

import peewee

STORES = ("sqlite",)
COLUMNS = "name, ident, place, body"
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"


def _rebuild(db, prefixes: str) -> None:
    # the old index dropped before the new one is written, its text kept aside meanwhile: its
    # pages are then reused, and the file does not keep both (+1 GB at a million companies)
    if not isinstance(db, peewee.SqliteDatabase):
        return
    db.execute_sql(f"CREATE TEMP TABLE search_index_text AS "
                   f"SELECT rowid AS id, {COLUMNS} FROM search_index")
    db.execute_sql("DROP TABLE search_index")
    db.execute_sql(f"CREATE VIRTUAL TABLE search_index USING fts5({COLUMNS}, {TOKENIZE}, "
                   f"prefix = '{prefixes}')")
    db.execute_sql(f"INSERT INTO search_index(rowid, {COLUMNS}) "
                   f"SELECT id, {COLUMNS} FROM temp.search_index_text")
    db.execute_sql("DROP TABLE temp.search_index_text")


def up(migrator, db):
    _rebuild(db, "1 2 3 4")


def down(migrator, db):
    _rebuild(db, "1 2")
