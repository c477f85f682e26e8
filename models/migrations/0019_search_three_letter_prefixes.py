"""The SQLite search index also keeps ready-made three-letter prefixes (SQLite only).

A word of three letters or more was found by merging the lists of every indexed word it begins,
in full, before the first match came out: at a million companies «тру» (321,000 matches) took
50-90 ms a keystroke to count, and «стр», «ков» alike. A ready-made prefix is read as one word's
list, and a count that stops at the table's cap stops early (`queries.COUNT_CAP`): 4-5 ms. The
index grows by about a seventh (891 -> 1,011 MB at a million companies); rebuilding it takes
about two minutes there, once, and nothing on a chamber's register of a few thousand.
PostgreSQL's GIN index needs nothing of the kind."""

import peewee

STORES = ("sqlite",)
COLUMNS = "name, ident, place, body"
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"


def _rebuild(db, prefixes: str) -> None:
    if not isinstance(db, peewee.SqliteDatabase):
        return
    db.execute_sql(f"CREATE VIRTUAL TABLE search_index_new USING fts5({COLUMNS}, {TOKENIZE}, "
                   f"prefix = '{prefixes}')")
    db.execute_sql(f"INSERT INTO search_index_new(rowid, {COLUMNS}) "
                   f"SELECT rowid, {COLUMNS} FROM search_index")
    db.execute_sql("DROP TABLE search_index")
    db.execute_sql("ALTER TABLE search_index_new RENAME TO search_index")


def up(migrator, db):
    _rebuild(db, "1 2 3")


def down(migrator, db):
    _rebuild(db, "1 2")
