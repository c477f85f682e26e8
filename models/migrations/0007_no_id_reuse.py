"""Ids are never used twice. SQLite gives a new row the highest id + 1, so after the newest
companies were deleted (an import undone) the next company took the same id, and the change log —
keyed by table and row id — mixed the two records' histories. The tables are rebuilt with
`AUTOINCREMENT`: SQLite then remembers the highest id ever given (`sqlite_sequence`), seeded here
from the tables and from the change log, which also remembers rows deleted since.

Each table is rebuilt the way SQLite documents for a change ALTER TABLE cannot make: a new table
with the new definition, the rows copied with their ids, the old table dropped, the new one
renamed, its indexes made again — with foreign keys off (dropping a table with them on would
delete the rows that refer to it), in one transaction, checked before the commit. Rerun after a
crash between its commit and the schema history, it finds the tables done and does nothing.

PostgreSQL: the SERIAL ids come from sequences, which never go back.
"""

import re

import peewee

atomic = False  # foreign keys can only be switched off outside a transaction: it opens its own

TABLES = ("company", "contact", "mission", "meeting", "meeting_party", "interest", "participation",
          "agreement", "agreement_party", "activity", "import_batch", "change_log", "merge")
_KEY = re.compile(r'("id"\s+INTEGER\s+NOT\s+NULL\s+PRIMARY\s+KEY)(?!\s+AUTOINCREMENT)', re.IGNORECASE)


def _sql(db, kind: str, name: str) -> str | None:
    row = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = ? AND name = ?", (kind, name)).fetchone()
    return row[0] if row else None


def _high_water(db, table: str) -> int:
    """The highest id the table ever gave: in it now, or in the change log (rows deleted since)."""
    top = db.execute_sql(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]
    if table != "change_log" and _sql(db, "table", "change_log"):
        logged = db.execute_sql('SELECT coalesce(max(row_id), 0) FROM change_log WHERE "table" = ?',
                                (table,)).fetchone()[0]
        top = max(top, logged)
    return top


def _rebuild(db, table: str) -> None:
    sql = _sql(db, "table", table)
    if sql is None or "AUTOINCREMENT" in sql.upper():
        return
    new_sql, count = _KEY.subn(r"\1 AUTOINCREMENT", sql, count=1)
    if count != 1:
        raise RuntimeError(f"0007: the id column of {table} is not as expected: {sql}")
    temp = f"{table}__0007"
    new_sql = re.sub(rf'^CREATE TABLE\s+"?{table}"?', f'CREATE TABLE "{temp}"', new_sql, count=1)
    indexes = [r[0] for r in db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,))]
    high = _high_water(db, table)
    db.execute_sql(new_sql)
    db.execute_sql(f'INSERT INTO "{temp}" SELECT * FROM "{table}"')
    db.execute_sql(f'DROP TABLE "{table}"')
    db.execute_sql(f'ALTER TABLE "{temp}" RENAME TO "{table}"')
    for index in indexes:
        db.execute_sql(index)
    db.execute_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
    db.execute_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, high))


def up(migrator, db):
    if not isinstance(db, peewee.SqliteDatabase):
        return
    db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        with db.atomic():
            # an old file may hold orphans already (`palata doctor` reports them): only new ones count
            before = len(db.execute_sql("PRAGMA foreign_key_check").fetchall())
            for table in TABLES:
                _rebuild(db, table)
            after = db.execute_sql("PRAGMA foreign_key_check").fetchall()
            if len(after) > before:
                raise RuntimeError(f"0007: foreign keys broken by the rebuild: {after[:5]}")
    finally:
        db.execute_sql("PRAGMA foreign_keys = ON")


def down(migrator, db):
    """AUTOINCREMENT stays: a table without it would reuse ids again."""
