"""How many index rows hold a word beginning with each prefix of up to four letters (PostgreSQL;
nothing on SQLite, whose word index keeps such prefixes itself and stops counting at the cap).

The companies table counts a search's matches up to COUNT_CAP. PostgreSQL's word index (GIN)
cannot stop there: it gathers every match of a prefix first, then reads each counted row from
the table to test it (13-15 ms for «тру», 27,569 of 100,000 companies, where SQLite takes 3 ms).
A word of a few letters mostly matches more companies than the cap, and then the count is known
from this table alone: its rows for the prefix, less the archived companies, already pass the cap
(`models.queries.count_companies`).

The server keeps it, whatever writes the index: each statement that inserts, deletes or updates
index rows adds one row per prefix it changed (`search_prefix_count`: the prefix, a change of its
count). Every 64th such statement folds the table into one row per prefix, skipping the rows
another session's unfinished fold holds, so no writer waits for another; a prefix is read from
at most some 64 rows plus one. `doctor` counts them again (`models.health.prefix_counts`)."""

STORES = ("postgresql",)

_FOLD = """
    IF nextval('search_prefix_count_folds') % 64 = 0 THEN
        WITH gone AS (DELETE FROM search_prefix_count WHERE ctid IN
                (SELECT ctid FROM search_prefix_count FOR UPDATE SKIP LOCKED) RETURNING prefix, delta)
        INSERT INTO search_prefix_count (prefix, delta)
            SELECT prefix, sum(delta) FROM gone GROUP BY prefix HAVING sum(delta) <> 0;
    END IF;
    RETURN NULL;"""


def _statements() -> tuple[str, ...]:
    from models.backend import counted_prefixes_sql, row_prefixes_sql

    added, removed = row_prefixes_sql("new_rows"), row_prefixes_sql("old_rows")
    return (
        'CREATE TABLE IF NOT EXISTS search_prefix_count (prefix TEXT COLLATE "C" NOT NULL, '
        "delta BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS search_prefix_count_prefix ON search_prefix_count (prefix)",
        "CREATE SEQUENCE IF NOT EXISTS search_prefix_count_folds",
        "DELETE FROM search_prefix_count",
        f"INSERT INTO search_prefix_count (prefix, delta) {counted_prefixes_sql()}",
        f"""CREATE OR REPLACE FUNCTION palata_prefixes_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO search_prefix_count (prefix, delta) SELECT p, count(*) FROM ({added}) a GROUP BY p;
            {_FOLD}
        END $$""",
        f"""CREATE OR REPLACE FUNCTION palata_prefixes_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO search_prefix_count (prefix, delta) SELECT p, -count(*) FROM ({removed}) a GROUP BY p;
            {_FOLD}
        END $$""",
        # an update of the words (none of the app's: it deletes a row and inserts it again; a rename
        # passes the sort name on, which changes no word) adds what it changed, nothing otherwise
        f"""CREATE OR REPLACE FUNCTION palata_prefixes_updated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO search_prefix_count (prefix, delta)
                SELECT p, sum(d) FROM (SELECT p, 1 AS d FROM ({added}) a
                                       UNION ALL SELECT p, -1 FROM ({removed}) r) c
                GROUP BY p HAVING sum(d) <> 0;
            {_FOLD}
        END $$""",
        """CREATE OR REPLACE FUNCTION palata_prefixes_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM search_prefix_count;
            RETURN NULL;
        END $$""",
        "DROP TRIGGER IF EXISTS search_prefixes_inserted ON search_index",
        "CREATE TRIGGER search_prefixes_inserted AFTER INSERT ON search_index REFERENCING NEW TABLE AS "
        "new_rows FOR EACH STATEMENT EXECUTE FUNCTION palata_prefixes_inserted()",
        "DROP TRIGGER IF EXISTS search_prefixes_deleted ON search_index",
        "CREATE TRIGGER search_prefixes_deleted AFTER DELETE ON search_index REFERENCING OLD TABLE AS "
        "old_rows FOR EACH STATEMENT EXECUTE FUNCTION palata_prefixes_deleted()",
        "DROP TRIGGER IF EXISTS search_prefixes_updated ON search_index",
        "CREATE TRIGGER search_prefixes_updated AFTER UPDATE ON search_index REFERENCING OLD TABLE AS "
        "old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION palata_prefixes_updated()",
        "DROP TRIGGER IF EXISTS search_prefixes_truncated ON search_index",
        "CREATE TRIGGER search_prefixes_truncated AFTER TRUNCATE ON search_index "
        "FOR EACH STATEMENT EXECUTE FUNCTION palata_prefixes_truncated()",
    )


def up(migrator, db):
    from models.backend import POSTGRES, of

    if of(db) is not POSTGRES:
        return
    for statement in _statements():
        db.execute_sql(statement)


def down(migrator, db):
    from models.backend import POSTGRES, of

    if of(db) is not POSTGRES:
        return
    for trigger in ("inserted", "deleted", "updated", "truncated"):
        db.execute_sql(f"DROP TRIGGER IF EXISTS search_prefixes_{trigger} ON search_index")
        db.execute_sql(f"DROP FUNCTION IF EXISTS palata_prefixes_{trigger}()")
    db.execute_sql("DROP TABLE IF EXISTS search_prefix_count")
    db.execute_sql("DROP SEQUENCE IF EXISTS search_prefix_count_folds")
