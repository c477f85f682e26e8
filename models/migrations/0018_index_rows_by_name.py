"""The search index's rows in their companies' name order (on PostgreSQL; nothing on SQLite, whose
index has no sort-name column).

A search matching more companies than the table counts (`queries.COUNT_CAP`) is listed by name,
not ranked. Without this index the listing walked the companies by name and tested each against
the set of matches, read whole first: a two-word search at a million companies ('владимир
плитка', 'ковров мебель') took 0.4-0.5 s a keystroke. Through it, the index rows are walked in name
order, each tested by its own tsvector, and the walk stops at the page's end: a search matching one
company in a hundred reads about a hundred rows for each one shown."""

# changes nothing on SQLite: a file is not copied aside before it (models.db._migrate)
STORES = ("postgresql",)


def up(migrator, db):
    from models.backend import POSTGRES, of

    if of(db) is POSTGRES:
        db.execute_sql("CREATE INDEX IF NOT EXISTS search_index_sort_name ON search_index (sort_name, rowid)")


def down(migrator, db):
    from models.backend import POSTGRES, of

    if of(db) is POSTGRES:
        db.execute_sql("DROP INDEX IF EXISTS search_index_sort_name")
