"""Scratch PostgreSQL databases for the benches: made on the server the bench is given, dropped
afterwards with the reader/editor/admin groups Palata made for each (roles belong to the whole
server and would otherwise pile up)."""

from __future__ import annotations

import uuid


class ScratchServer:
    def __init__(self, admin_url: str) -> None:
        import psycopg2

        self.admin_url = admin_url
        self.conn = psycopg2.connect(admin_url)
        self.conn.autocommit = True
        self.made: list[str] = []

    def create(self) -> str:
        """A new empty database; its URL."""
        name = f"palata_bench_{uuid.uuid4().hex[:8]}"
        with self.conn.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return f"{self.admin_url.rpartition('/')[0]}/{name}"

    def drop(self) -> None:
        with self.conn.cursor() as cur:
            for name in self.made:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                for kind in ("admin", "editor", "reader"):  # Palata's groups of that database
                    cur.execute(f'DROP ROLE IF EXISTS "{name}_{kind}"')
        self.conn.close()
