"""Each SQLite register carries an id of its own in its file header (SQLite's `application_id`,
bytes 68–71), written once when the register is created: a process that has the file open reads
the header straight from the file — past SQLite's log — to tell whether the path still holds the
register it opened, even when another register was copied into the same file (`cp` over it keeps
the inode). A backup keeps the id of its register. Nothing on PostgreSQL: there is no file."""

import secrets


def up(migrator, db):
    from models.backend import POSTGRES, of

    if of(db) is POSTGRES:
        return
    if not db.execute_sql("PRAGMA application_id").fetchone()[0]:
        db.execute_sql(f"PRAGMA application_id = {secrets.randbelow(2**31 - 1) + 1}")


def down(migrator, db):
    pass
