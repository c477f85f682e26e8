"""`palata copy` never carries control characters into the new store: a register written
around Palata (NUL, escape sequences, C1, Word's line breaks) arrives clean in PostgreSQL, which
would refuse a NUL outright, and in a new file; the copy still checks out table by table."""

from __future__ import annotations

import pytest

from models.db import close_database, database, open_database
from models.safetext import is_clean
from tests.importers.xlfixtures import palata
from tests.terminal_attacks import C1, TITLE, WIPE


@pytest.mark.parametrize("target", ["file", "postgresql"])
def test_copy_cleans_what_it_carries(tmp_path, target, request):
    from models import store
    from models.entities import Company

    source = tmp_path / "old.db"
    open_database(source)
    try:
        company = store.create(Company, {"short_name": "Ромашка", "notes": "x"})
        database.execute_sql("UPDATE company SET short_name = ?, notes = ?, city = ? WHERE id = ?",
                             (f"Ромашка{TITLE}\x00", f"строка 1\x0bстрока 2{WIPE}", f"Влади\x00мир{C1}",
                              company))
        database.execute_sql('UPDATE change_log SET old = ?', (f"было{WIPE}",))
    finally:
        close_database()
    if target == "file":
        to = str(tmp_path / "new.db")
    else:
        to = request.getfixturevalue("pg_server").create()
    result = palata("--db", str(source), "copy", "--to", to)
    assert result.returncode == 0, result.stderr
    open_database(to)
    try:
        assert database.execute_sql("SELECT short_name, notes, city FROM company").fetchall() == [
            ("Ромашка", "строка 1\nстрока 2", "Владимир")]
        logged = [v for row in database.execute_sql("SELECT * FROM change_log").fetchall() for v in row]
        assert "было" in logged and all(is_clean(v) for v in logged if isinstance(v, str))
    finally:
        close_database()
