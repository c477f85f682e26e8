"""Migration 0014 on a PostgreSQL register made before it: the server's stamp of who wrote a
change-log row no longer sets a search_path on every call, and still writes the session's login
whatever the client sends, except for an admin copying a register in."""

from __future__ import annotations

import psycopg2
import pytest

from models.db import close_database, database, open_database
from tests.models.migrations.older import register_before

# palata_stamp_user as migration 0008 installed it before 0014
_OLD_STAMP = """CREATE OR REPLACE FUNCTION palata_stamp_user() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        IF NOT (coalesce(current_setting('palata.copying', true), '') = 'on' AND
                coalesce(pg_catalog.pg_has_role(session_user, (SELECT c.relowner FROM pg_catalog.pg_class c
                         WHERE c.oid = TG_RELID), 'USAGE'), false)) THEN
            NEW."user" := session_user;
        END IF;
        RETURN NEW;
    END $$"""

_INSERT = ("INSERT INTO change_log (at, \"user\", \"table\", row_id, action) "
           "VALUES (now(), 'director', 'company', 1, 'update') RETURNING \"user\"")


@pytest.fixture
def before_0014(tmp_path, monkeypatch, pg_server):
    return register_before("0014", pg_server.create(), tmp_path, monkeypatch,
                           lambda: database.execute_sql(_OLD_STAMP))


def _stamp_settings(conn) -> list | None:
    with conn.cursor() as cur:
        cur.execute("SELECT proconfig FROM pg_proc WHERE proname = 'palata_stamp_user'")
        return cur.fetchone()[0]


def test_the_stamp_stops_setting_a_search_path_and_stamps_as_before(before_0014):
    conn = psycopg2.connect(before_0014)
    try:
        assert _stamp_settings(conn) == ["search_path=pg_catalog, pg_temp"]
        open_database(before_0014)
        close_database()
        assert _stamp_settings(conn) is None
        with conn.cursor() as cur:
            cur.execute("SELECT session_user")
            (login,) = cur.fetchone()
            # whatever the client writes, the server writes the session's login
            cur.execute(_INSERT)
            assert cur.fetchone() == (login,)
            # a search_path that puts nothing of pg_catalog's first changes nothing
            cur.execute("SET search_path = pg_temp, public")
            cur.execute(_INSERT)
            assert cur.fetchone() == (login,)
            cur.execute("RESET search_path")
            # the owner copying a register in keeps the names of the history it copies
            cur.execute("SET palata.copying = 'on'")
            cur.execute(_INSERT)
            assert cur.fetchone() == ("director",)
        conn.rollback()
    finally:
        conn.close()
        close_database()
