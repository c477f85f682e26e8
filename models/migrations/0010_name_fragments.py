"""Fragments inside a name: «железобет» finds «Спецжелезобетон», «труб» finds «Муромтрубмаш».

The word index (search_index) only knows word prefixes. SQLite gets a trigram index over the
folded names (`search_index_trigram`, an FTS5 table, rowid the company id, kept by
`models.search` beside the word index); PostgreSQL a pg_trgm index on search_index.name, which
LIKE '%…%' uses. Where the server does not let the register's owner add pg_trgm, the same LIKE
still answers, by reading the names instead of an index."""

import peewee


def _postgres(db) -> bool:
    from models.backend import POSTGRES, of

    return of(db) is POSTGRES


def _try(db, *statements: str) -> bool:
    try:
        with db.atomic():  # a savepoint: a refusal leaves the migration's transaction usable
            for statement in statements:
                db.execute_sql(statement)
        return True
    except peewee.DatabaseError:
        return False


def up(migrator, db):
    if not _postgres(db):
        db.execute_sql("CREATE VIRTUAL TABLE search_index_trigram USING fts5("
                       "name, tokenize = 'trigram')")
        db.execute_sql("INSERT INTO search_index_trigram(rowid, name) SELECT rowid, name FROM search_index")
        return
    extension = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
    if not _try(db, extension):
        # The migration runs as the group owning the tables (models.db), which may not create
        # extensions where the login running it (the DBA's, an admin's) may.
        role = db.execute_sql("SELECT current_user").fetchone()[0]
        try:
            _try(db, "RESET ROLE", extension)
        finally:
            db.execute_sql(f'SET ROLE "{role}"')
    # no pg_trgm here: fragments are found without an index (see the docstring)
    _try(db, "CREATE INDEX search_index_name_trgm ON search_index USING GIN (name gin_trgm_ops)")


def down(migrator, db):
    if not _postgres(db):
        db.execute_sql("DROP TABLE IF EXISTS search_index_trigram")
    else:
        db.execute_sql("DROP INDEX IF EXISTS search_index_name_trgm")
