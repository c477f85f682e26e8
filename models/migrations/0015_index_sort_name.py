"""PostgreSQL: each row of the search index carries its company's sort name (`search_index.sort_name`),
so that the companies table lists a search's matches by name, or ranks them, from the index rows
alone: the few thousand matches no longer each look their company up (a two-word search matching
8,000 companies of 100,000: some 10 ms of a 30 ms page). The archived companies, few, are left
out by an anti-join, as the count does.

The server keeps the copy in step with `company.sort_name`, whatever writes it: a new index row
takes its company's sort name (`models.search.reindex` writes the index after the company), and a
company whose sort name changes passes it on to its index row. Nothing on SQLite, whose FTS5 index
finds a company by its rowid as cheaply."""

_STATEMENTS = (
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


def up(migrator, db):
    from models.backend import POSTGRES, of

    if of(db) is not POSTGRES:
        return
    for statement in _STATEMENTS:
        db.execute_sql(statement)


def down(migrator, db):
    from models.backend import POSTGRES, of

    if of(db) is not POSTGRES:
        return
    db.execute_sql("DROP TRIGGER IF EXISTS company_sort_name_to_index ON company")
    db.execute_sql("DROP TRIGGER IF EXISTS search_index_sort_name ON search_index")
    db.execute_sql("DROP FUNCTION IF EXISTS palata_company_sort_name()")
    db.execute_sql("DROP FUNCTION IF EXISTS palata_index_sort_name()")
    db.execute_sql("ALTER TABLE search_index DROP COLUMN IF EXISTS sort_name")
