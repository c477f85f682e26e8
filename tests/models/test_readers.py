"""A reader that opened a register nobody was writing (as immutable, so it makes no -wal/-shm of
its own) sees colleagues' changes once a writer is at work: the app's live refresh takes it over
to reading through the writer's side files."""

from __future__ import annotations

import sqlite3

from models import db as store_db
from models import live, store
from models.db import close_database, database, is_read_only, open_database
from models.entities import Company


def test_a_reader_of_a_quiet_file_follows_a_writer_once_one_starts(tmp_path, monkeypatch):
    path = tmp_path / "palata.db"
    open_database(path)
    store.create(Company, {"short_name": "Тихая", "city": "Владимир"})
    close_database()
    monkeypatch.setattr(store_db, "_writable", lambda p: False)  # this account may only read
    open_database(path)
    try:
        assert is_read_only() and "immutable=1" in database.obj.database
        assert sorted(p.name for p in tmp_path.iterdir()) == ["palata.db"]
        assert live.data_version() == live.data_version()  # nobody writes: nothing changes

        writer = sqlite3.connect(path)  # a colleague starts working and stays
        try:
            writer.execute("UPDATE company SET city = 'Суздаль'")
            writer.commit()
            assert Company.get().city == "Владимир"  # the file as it was when opened
            before = live.data_version()
            assert "immutable=1" not in database.obj.database  # followed the writer over
            assert Company.get().city == "Суздаль"
            writer.execute("UPDATE company SET city = 'Муром'")
            writer.commit()
            assert live.data_version() != before
            assert Company.get().city == "Муром"
        finally:
            writer.close()
    finally:
        close_database()
