"""Palata's roles on a PostgreSQL server: three group roles per database and what each may do.

Role names are cluster-wide, so the groups carry the database's name: for the database `palata`
they are `palata_reader`, `palata_editor` and `palata_admin`. Each includes the one before it
(editor is a member of reader, admin of editor):

- reader: SELECT on every table (browse, search, export, the change log);
- editor: INSERT, UPDATE, DELETE on the register's tables, the search index, import batches and
  digests, the sequences; only INSERT on the change log; the merges only to read;
- admin: owns the tables (so it runs the migrations, merges, undoes imports and merges, copies).

Whoever logs in is made a member of one group (`grant`). The server itself stamps who did it:
triggers write `session_user` into the change log, import batches and merges, whatever the client
sent, and refuse any UPDATE or DELETE of the change log (see `TRIGGERS`). Only an admin copying a
register in (`palata copy`, which sets `palata.copying`) keeps the names of the rows it copies.
"""

from __future__ import annotations

import peewee

from models.errors import PalataError

KINDS = ("reader", "editor", "admin")
# Tables an editor may not write freely (the rest of the schema it may).
_EDITOR_EXCEPT = ("change_log", "merge", "schema_migration")


# reason -> the catalogue's sentence
_ROLE_CODES = {"unknown_kind": "err.grant_kind", "no_create_role": "err.grant_not_dba",
               "group_login": "err.grant_group", "no_role": "err.grant_no_role"}


class RoleError(PalataError):
    """A role operation failed; `reason` says which (no_create_role, no_role, ...)."""

    def __init__(self, reason: str, name: str = ""):
        self.reason = reason
        self.name = name
        super().__init__(_ROLE_CODES[reason], name=name, value=name)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def database_name(db: peewee.Database) -> str:
    """The name of the open PostgreSQL database (the group roles are named after it)."""
    return db.execute_sql("SELECT current_database()").fetchone()[0]


def group_names(db: peewee.Database) -> dict[str, str]:
    """kind -> the group role's name for the open database."""
    name = database_name(db)
    return {kind: f"{name}_{kind}"[:63] for kind in KINDS}


def _exists(db: peewee.Database, role: str) -> bool:
    return db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = ?", (role,)).fetchone() is not None


def _tables(db: peewee.Database) -> list[str]:
    return [r[0] for r in db.execute_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]


# Functions and triggers: who did it, written by the server; the change log is final. They read
# only pg_catalog, with a fixed search_path (or every name qualified) and the table from TG_RELID:
# a temporary table or function a session creates cannot stand in for the real ones.
_ADMIN = ("coalesce(pg_catalog.pg_has_role(session_user, (SELECT c.relowner FROM pg_catalog.pg_class c "
          "WHERE c.oid = TG_RELID), 'USAGE'), false)")  # the session has the table owner's rights
_ADMIN_QUALIFIED = _ADMIN.replace("c.oid = TG_RELID", "c.oid OPERATOR(pg_catalog.=) TG_RELID")
_FIXED = "SET search_path = pg_catalog, pg_temp"
# The stamp runs for every change-log row (an import of 20,000 companies logs 40,000): it names
# every function and operator with its schema instead of fixing the search_path, since a function
# with a SET clause changes the configuration on every call (12 µs a row against 2 µs), and it
# tests the setting alone first, a plain expression plpgsql evaluates without the executor.
STAMP_USER = f"""CREATE OR REPLACE FUNCTION palata_stamp_user() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF coalesce(pg_catalog.current_setting('palata.copying', true), '') OPERATOR(pg_catalog.=) 'on' THEN
            IF {_ADMIN_QUALIFIED} THEN
                RETURN NEW;
            END IF;
        END IF;
        NEW."user" := session_user;
        RETURN NEW;
    END $$"""
TRIGGERS = (
    STAMP_USER,
    f"""CREATE OR REPLACE FUNCTION palata_history_is_final() RETURNS trigger LANGUAGE plpgsql {_FIXED} AS $$
    BEGIN
        RAISE EXCEPTION 'permission denied: the change log cannot be changed or deleted'
            USING ERRCODE = '42501';
    END $$""",
    f"""CREATE OR REPLACE FUNCTION palata_batch_update() RETURNS trigger LANGUAGE plpgsql {_FIXED} AS $$
    BEGIN
        NEW."user" := OLD."user";
        IF NEW.undone_at IS DISTINCT FROM OLD.undone_at AND NOT {_ADMIN} THEN
            RAISE EXCEPTION 'permission denied: only an administrator may undo an import'
                USING ERRCODE = '42501';
        END IF;
        RETURN NEW;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION palata_merge_update() RETURNS trigger LANGUAGE plpgsql {_FIXED} AS $$
    BEGIN
        NEW."user" := OLD."user";
        IF NEW.undone_at IS DISTINCT FROM OLD.undone_at OR NEW.undone_by IS DISTINCT FROM OLD.undone_by THEN
            NEW.undone_by := session_user;
        END IF;
        RETURN NEW;
    END $$""",
    'ALTER TABLE change_log ALTER COLUMN "user" SET DEFAULT session_user',
    'ALTER TABLE import_batch ALTER COLUMN "user" SET DEFAULT session_user',
    'ALTER TABLE "merge" ALTER COLUMN "user" SET DEFAULT session_user',
    "CREATE TRIGGER palata_stamp_user BEFORE INSERT ON change_log "
    "FOR EACH ROW EXECUTE FUNCTION palata_stamp_user()",
    "CREATE TRIGGER palata_stamp_user BEFORE INSERT ON import_batch "
    "FOR EACH ROW EXECUTE FUNCTION palata_stamp_user()",
    'CREATE TRIGGER palata_stamp_user BEFORE INSERT ON "merge" '
    "FOR EACH ROW EXECUTE FUNCTION palata_stamp_user()",
    "CREATE TRIGGER palata_history_is_final BEFORE UPDATE OR DELETE ON change_log "
    "FOR EACH ROW EXECUTE FUNCTION palata_history_is_final()",
    "CREATE TRIGGER palata_batch_update BEFORE UPDATE ON import_batch "
    "FOR EACH ROW EXECUTE FUNCTION palata_batch_update()",
    'CREATE TRIGGER palata_merge_update BEFORE UPDATE ON "merge" '
    "FOR EACH ROW EXECUTE FUNCTION palata_merge_update()",
    "REVOKE ALL ON change_log FROM PUBLIC",
)


def install_triggers(db: peewee.Database) -> None:
    for statement in TRIGGERS:
        db.execute_sql(statement)


def can_create_roles(db: peewee.Database) -> bool:
    return bool(db.execute_sql(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user").fetchone()[0])


def ensure_groups(db: peewee.Database) -> dict[str, str] | None:
    """Create the three group roles if missing, make the admin group own the tables and grant
    each group its rights. Returns the names, or None when this session may not create roles
    (then the DBA runs `palata grant` once, which does it)."""
    if not can_create_roles(db):
        return None
    names = group_names(db)
    missing = [n for n in names.values() if not _exists(db, n)]
    for role in missing:
        db.execute_sql(f"CREATE ROLE {quote(role)} NOLOGIN")
    reader, editor, admin = (quote(names[k]) for k in KINDS)
    me = db.execute_sql("SELECT current_user").fetchone()[0]
    if me != names["admin"]:
        superuser = db.execute_sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]
        if not superuser:
            # a non-superuser may hand its tables only to a role it belongs to
            db.execute_sql(f"GRANT {admin} TO {quote(me)}")
    db.execute_sql(f"GRANT {reader} TO {editor}")
    db.execute_sql(f"GRANT {editor} TO {admin}")
    with db.atomic() as savepoint:  # first: a new owner must be allowed to create in the schema
        try:
            db.execute_sql(f"GRANT USAGE, CREATE ON SCHEMA {quote(_schema(db))} TO {admin}")
            db.execute_sql(f"GRANT USAGE ON SCHEMA {quote(_schema(db))} TO {reader}")
        except peewee.DatabaseError:
            savepoint.rollback()
    for table in _tables(db):
        owner = db.execute_sql("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
                               "AND tablename = ?", (table,)).fetchone()[0]
        if owner != names["admin"]:
            db.execute_sql(f"ALTER TABLE {quote(table)} OWNER TO {admin}")
    apply_grants(db, names)
    return names


def _schema(db: peewee.Database) -> str:
    return db.execute_sql("SELECT current_schema()").fetchone()[0]


def apply_grants(db: peewee.Database, names: dict[str, str] | None = None) -> None:
    """Grant each group its rights on every table and sequence there is now (run again after
    each migration, so a table a later migration adds is covered)."""
    names = names or group_names(db)
    if not all(_exists(db, n) for n in names.values()):
        return
    reader, editor = quote(names["reader"]), quote(names["editor"])
    for table in _tables(db):
        db.execute_sql(f"GRANT SELECT ON {quote(table)} TO {reader}")
        if table not in _EDITOR_EXCEPT:
            db.execute_sql(f"GRANT INSERT, UPDATE, DELETE ON {quote(table)} TO {editor}")
    db.execute_sql(f"GRANT INSERT ON change_log TO {editor}")
    db.execute_sql(f"REVOKE UPDATE, DELETE, TRUNCATE ON change_log FROM {reader}, {editor}")
    db.execute_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quote(_schema(db))} TO {editor}")


def grant(db: peewee.Database, login: str, kind: str | None) -> tuple[bool, dict[str, str]]:
    """Make `login` a member of the `kind` group only (None: of none). A missing login role is
    created (LOGIN, no password: for peer or certificate authentication; the DBA sets a password
    with ALTER ROLE where one is needed). Returns (created, group names)."""
    if kind is not None and kind not in KINDS:
        raise RoleError("unknown_kind", kind)
    if not can_create_roles(db):
        raise RoleError("no_create_role", db.execute_sql("SELECT current_user").fetchone()[0])
    with db.atomic():
        names = ensure_groups(db)
        assert names is not None
        if login in names.values():
            raise RoleError("group_login", login)
        created = False
        if not _exists(db, login):
            if kind is None:
                raise RoleError("no_role", login)
            db.execute_sql(f"CREATE ROLE {quote(login)} LOGIN")
            created = True
        for role in names.values():
            db.execute_sql(f"REVOKE {quote(role)} FROM {quote(login)}")
        if kind is not None:
            db.execute_sql(f"GRANT {quote(names[kind])} TO {quote(login)}")
    return created, names


def members(db: peewee.Database) -> list[tuple[str, str]]:
    """(login, kind) of every member of the groups, by login."""
    names = group_names(db)
    kind_of = {v: k for k, v in names.items()}
    rows = db.execute_sql(
        "SELECT m.rolname, g.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
        "JOIN pg_roles m ON m.oid = a.member WHERE g.rolname IN (?, ?, ?) AND m.rolcanlogin "
        "ORDER BY m.rolname", tuple(names.values())).fetchall()
    return [(member, kind_of[group]) for member, group in rows]
