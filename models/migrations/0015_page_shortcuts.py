"""Two shortcuts for the companies table on PostgreSQL, kept by the server whatever writes the
tables; nothing on SQLite, whose FTS5 index and B-trees answer as cheaply without them.

Each row of the search index carries its company's sort name (`search_index.sort_name`), so that
the table lists a search's matches by name, or ranks them, from the index rows alone: the few
thousand matches no longer each look their company up (a two-word search matching 8,000 companies
of 100,000: some 10 ms of a 30 ms page). A new index row takes its company's sort name
(`models.search.reindex` writes the index after the company), and a company whose sort name
changes passes it on to its index row.

The number of live (not archived) companies is kept as a sum (`company_live_count`: one row per
write that changed it, folded into one now and then), so that the first screen reads a few rows
instead of counting every company in an index (2.6 ms at 100,000, 26 ms at a million). Every
insert, delete and archiving or unarchiving of a company adds its change; a fold skips the rows
another session's unfinished fold holds, so no writer waits for another."""

# changes nothing on SQLite: a file is not copied aside before it (models.db._migrate)
STORES = ("postgresql",)

_SORT_NAMES = (
    'ALTER TABLE search_index ADD COLUMN IF NOT EXISTS sort_name TEXT COLLATE "C"',
    "UPDATE search_index s SET sort_name = c.sort_name FROM company c WHERE c.id = s.rowid",
    """CREATE OR REPLACE FUNCTION palata_index_sort_name() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.sort_name := (SELECT c.sort_name FROM company c WHERE c.id = NEW.rowid);
        RETURN NEW;
    END $$""",
    """CREATE OR REPLACE FUNCTION palata_company_sort_name() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_index SET sort_name = NEW.sort_name WHERE rowid = NEW.id;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS search_index_sort_name ON search_index",
    "CREATE TRIGGER search_index_sort_name BEFORE INSERT OR UPDATE OF rowid ON search_index "
    "FOR EACH ROW EXECUTE FUNCTION palata_index_sort_name()",
    "DROP TRIGGER IF EXISTS company_sort_name_to_index ON company",
    "CREATE TRIGGER company_sort_name_to_index AFTER UPDATE OF sort_name ON company FOR EACH ROW "
    "WHEN (OLD.sort_name IS DISTINCT FROM NEW.sort_name) EXECUTE FUNCTION palata_company_sort_name()",
)

# Adds a change to the sum, folding the rows into one past 64 of them.
_ADD = """
    IF d <> 0 THEN
        INSERT INTO company_live_count (delta) VALUES (d);
        IF (SELECT count(*) FROM company_live_count) > 64 THEN
            WITH gone AS (DELETE FROM company_live_count WHERE ctid IN
                    (SELECT ctid FROM company_live_count FOR UPDATE SKIP LOCKED) RETURNING delta)
            INSERT INTO company_live_count (delta) SELECT sum(delta) FROM gone HAVING count(*) > 0;
        END IF;
    END IF;
    RETURN NULL;"""

_LIVE_COUNT = (
    "CREATE TABLE IF NOT EXISTS company_live_count (delta BIGINT NOT NULL)",
    "DELETE FROM company_live_count",
    "INSERT INTO company_live_count (delta) SELECT count(*) FROM company WHERE archived_at IS NULL",
    f"""CREATE OR REPLACE FUNCTION palata_live_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE d BIGINT := (SELECT count(*) FROM new_rows WHERE archived_at IS NULL);
    BEGIN {_ADD}
    END $$""",
    f"""CREATE OR REPLACE FUNCTION palata_live_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE d BIGINT := -(SELECT count(*) FROM old_rows WHERE archived_at IS NULL);
    BEGIN {_ADD}
    END $$""",
    f"""CREATE OR REPLACE FUNCTION palata_live_archived() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE d BIGINT := CASE WHEN NEW.archived_at IS NULL THEN 1 ELSE -1 END;
    BEGIN {_ADD}
    END $$""",
    """CREATE OR REPLACE FUNCTION palata_live_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM company_live_count;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS company_live_inserted ON company",
    "CREATE TRIGGER company_live_inserted AFTER INSERT ON company REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION palata_live_inserted()",
    "DROP TRIGGER IF EXISTS company_live_deleted ON company",
    "CREATE TRIGGER company_live_deleted AFTER DELETE ON company REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION palata_live_deleted()",
    "DROP TRIGGER IF EXISTS company_live_archived ON company",
    "CREATE TRIGGER company_live_archived AFTER UPDATE OF archived_at ON company FOR EACH ROW "
    "WHEN ((OLD.archived_at IS NULL) IS DISTINCT FROM (NEW.archived_at IS NULL)) "
    "EXECUTE FUNCTION palata_live_archived()",
    "DROP TRIGGER IF EXISTS company_live_truncated ON company",
    "CREATE TRIGGER company_live_truncated AFTER TRUNCATE ON company "
    "FOR EACH STATEMENT EXECUTE FUNCTION palata_live_truncated()",
)


def up(migrator, db):
    import peewee

    from models.backend import POSTGRES, of

    if of(db) is not POSTGRES:
        return
    for statement in (*_SORT_NAMES, *_LIVE_COUNT):
        db.execute_sql(statement)
    # Every index row was written again: the word index's entries for them wait in its pending
    # list, which every search then reads through until a VACUUM (100,000 companies: a search of
    # 11 matches 0.04 -> 1.5 ms). Merged into the index now, where this login may (the owner).
    try:
        with db.atomic():  # a savepoint: a refusal leaves the migration's transaction usable
            db.execute_sql("SELECT gin_clean_pending_list('search_index_tsv'::regclass)")
    except peewee.DatabaseError:
        pass


def down(migrator, db):
    from models.backend import POSTGRES, of

    if of(db) is not POSTGRES:
        return
    for trigger in ("company_live_inserted", "company_live_deleted", "company_live_archived",
                    "company_live_truncated", "company_sort_name_to_index"):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {trigger} ON company")
    db.execute_sql("DROP TRIGGER IF EXISTS search_index_sort_name ON search_index")
    for function in ("palata_live_inserted", "palata_live_deleted", "palata_live_archived",
                     "palata_live_truncated", "palata_company_sort_name", "palata_index_sort_name"):
        db.execute_sql(f"DROP FUNCTION IF EXISTS {function}()")
    db.execute_sql("DROP TABLE IF EXISTS company_live_count")
    db.execute_sql("ALTER TABLE search_index DROP COLUMN IF EXISTS sort_name")
