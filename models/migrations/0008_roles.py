"""Who did it, written by the server, and Palata's roles on PostgreSQL (`models.roles`): the
change log, import batches and merges get the session's role from triggers, the change log
cannot be changed or deleted, and the groups `<database>_reader`, `_editor`, `_admin` are
created with their rights when this session may create roles (otherwise `palata grant`, run by
the DBA, does it). Nothing to do on SQLite, where the file's permissions are the boundary."""


def up(migrator, db):
    from models import roles
    from models.backend import POSTGRES, of

    if of(db) is not POSTGRES:
        return
    roles.install_triggers(db)
    roles.ensure_groups(db)
