"""An index of each company's archiving and sort name by its id (SQLite; PostgreSQL's search index
rows carry their companies' sort names, migration 0015).

A typed word that matches up to COUNT_CAP companies, too many to rank, is listed by name
(`models.queries._page_sql` with `few`): each match's sort name is looked up by its id. Read from
the company rows, the 9,846 matches of «хлебм» at a million companies were 9,846 table pages,
38-48 ms on the keystroke that first asked; from this index, which holds the whole register in
some 40 MB and stays cached, 27-34 ms. A save writes one entry more."""

STORES = ("sqlite",)

_INDEX = 'CREATE INDEX IF NOT EXISTS "company_id_sort" ON "company" ("id", "archived_at", "sort_name")'


def up(migrator, db):
    from models.backend import SQLITE, of

    if of(db) is SQLITE:
        db.execute_sql(_INDEX)


def down(migrator, db):
    db.execute_sql('DROP INDEX IF EXISTS "company_id_sort"')
