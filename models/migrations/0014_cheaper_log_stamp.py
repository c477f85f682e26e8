"""The server's stamp of who wrote a change-log row (migration 0008) without a fixed search_path:
every name in it qualified instead, so that it no longer changes the session's configuration on
every row (an import logging 40,000 rows spent most of its server time there). Same behaviour.
Nothing on SQLite. Where neither the session nor the login running it may replace the function
(another login created it), the old one stays: slower, not different."""

import peewee

# changes nothing on SQLite: a file is not copied aside before it (models.db._migrate)
STORES = ("postgresql",)


def _try(db, *statements: str) -> bool:
    try:
        with db.atomic():  # a savepoint: a refusal leaves the migration's transaction usable
            for statement in statements:
                db.execute_sql(statement)
        return True
    except peewee.DatabaseError:
        return False


def up(migrator, db):
    from models import roles
    from models.backend import POSTGRES, of

    if of(db) is not POSTGRES:
        return
    if not _try(db, roles.STAMP_USER):
        # The migration runs as the group owning the tables (models.db); the function belongs to
        # the login that ran migration 0008 (the DBA's, usually), which may be the one running this.
        role = db.execute_sql("SELECT current_user").fetchone()[0]
        try:
            _try(db, "RESET ROLE", roles.STAMP_USER)
        finally:
            db.execute_sql(f"SET ROLE {roles.quote(role)}")


def down(migrator, db):
    pass
