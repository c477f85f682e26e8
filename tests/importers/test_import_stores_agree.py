"""The same imports on SQLite and on PostgreSQL leave the same register: the records, the change
log (entry by entry, in order), the digests of the rows imported and the search index — after an
import of new companies, an update import, a re-import of known rows and an undo. PostgreSQL
sends these writes as multi-row statements a page at a time; SQLite row by row. More rows than
one page (1,000) go through each."""

from __future__ import annotations

import pytest

from importers.apply import import_file, undo_import
from models.db import close_database, database, open_database
from models.identifiers import make_inn
from tests.importers.xlfixtures import write_xlsx

HEADER = ["Наименование", "ИНН", "Город", "Адрес", "Контактное лицо", "Должность"]
ROWS = 1_100


def _list(tmp_path, name: str, street: str, position: str):
    rows = [[f"ООО «Компания {i}»", make_inn(f"33{i:07d}"), "Владимир", f"{street}, {i}",
             f"Сотрудник {i}", position] for i in range(1, ROWS + 1)]
    return write_xlsx(tmp_path / name, {"Члены": [HEADER, *rows]})


def _snapshot() -> dict[str, list[tuple]]:
    """What a user reads back: records without their timestamps, the log without when and who
    (the server stamps its own login), the digests, the index rows."""
    queries = {
        "company": "SELECT id, version, short_name, inn, city, address, archived_at FROM company ORDER BY id",
        "contact": "SELECT id, version, company_id, name, position, is_primary FROM contact ORDER BY id",
        "change_log": 'SELECT "table", row_id, action, field, old, new, batch_id FROM change_log ORDER BY id',
        "digests": "SELECT digest, company_id, company_version, contacts, inn, name_key FROM import_digest "
                   "ORDER BY digest",
        "index": "SELECT rowid, name, ident, place, body FROM search_index ORDER BY rowid",
        "batches": "SELECT id, rows_read, created, updated, merged, unchanged, rejected, "
                   "undone_at IS NOT NULL FROM import_batch ORDER BY id",
    }
    return {k: [tuple(r) for r in database.execute_sql(sql)] for k, sql in queries.items()}


def _story(location: str, tmp_path) -> list[dict[str, list[tuple]]]:
    new = _list(tmp_path, "new.xlsx", "ул. Мира", "Директор")
    moved = _list(tmp_path, "moved.xlsx", "пр-т Ленина", "Заместитель директора")
    open_database(location)
    try:
        seen = []
        first = import_file(new, user="t")
        assert first.counts["created"] == ROWS
        seen.append(_snapshot())
        update = import_file(moved, user="t")
        assert update.counts["updated"] == ROWS
        seen.append(_snapshot())
        assert import_file(moved, user="t").counts["unchanged"] == ROWS  # known by the digests
        seen.append(_snapshot())
        assert update.batch_id is not None
        assert undo_import(update.batch_id, user="t")["restored"] == 2 * ROWS
        seen.append(_snapshot())
        return seen
    finally:
        close_database()


def test_imports_and_their_undo_leave_the_same_register_on_both_stores(pg_server, tmp_path):
    on_sqlite = _story(str(tmp_path / "register.db"), tmp_path)
    on_postgres = _story(pg_server.create(), tmp_path)
    for step, (a, b) in enumerate(zip(on_sqlite, on_postgres, strict=True)):
        for part in a:
            assert a[part] == b[part], (step, part)
    assert len(on_sqlite[-1]["change_log"]) == 6 * ROWS  # created, changed, put back: 2 a row each
    assert len(on_sqlite[-1]["digests"]) == ROWS


@pytest.fixture(autouse=True)
def _no_open_store():
    yield
    close_database()
