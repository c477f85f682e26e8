"""The server's stamp of who wrote a change-log row (migration 0008) without a fixed search_path:
every name in it qualified instead, so that it no longer changes the session's configuration on
every row (an import logging 40,000 rows spent most of its server time there). Same behaviour.
Nothing on SQLite. Where the session may not replace the function (the DBA created it and an
admin migrates), the old one stays: slower, not different."""

import peewee


def up(migrator, db):
    from models import roles
    from models.backend import POSTGRES, of

    if of(db) is not POSTGRES:
        return
    try:
        with db.atomic():  # a savepoint: a refusal leaves the migration's transaction usable
            db.execute_sql(roles.STAMP_USER)
    except peewee.DatabaseError:
        pass


def down(migrator, db):
    pass
