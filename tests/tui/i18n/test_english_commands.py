"""Every command's error paths in English: the real `palata --lang en …` in a subprocess says one
sentence, with no traceback and not a single Cyrillic letter — the data here is Latin, so any
Cyrillic would be a Russian sentence made below the interface."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_palata
from tests.importers.xlfixtures import write_xlsx

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
INN_A, INN_B, INN_C = "7707083893", "3327100489", "5001007329"


def english(*args: str, input: str | None = None):
    result = run_palata("--lang", "en", *args, input=input)
    said = result.stdout + result.stderr
    assert "Traceback" not in said, said
    assert not CYRILLIC.search(said), said
    return result


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """A small register with Latin data (two companies and one import), and the broken files
    the commands are given."""
    root = tmp_path_factory.mktemp("english")
    members = write_xlsx(root / "members.xlsx", {"Members": [
        ["Name", "INN", "City"], ["Vector", INN_A, "Vladimir"], ["Orbit", INN_B, "Kovrov"]]})
    db = root / "register.db"
    loaded = run_palata("--db", str(db), "import", str(members))
    assert loaded.returncode == 0, loaded.stderr
    not_sqlite = root / "notes.db"
    not_sqlite.write_text("just some text\n")
    damaged = root / "damaged.db"
    shutil.copy(db, damaged)
    with damaged.open("r+b") as fh:  # the header intact, the pages after it overwritten
        fh.seek(100)
        fh.write(b"\xff" * 8000)
    empty_file = root / "empty.xlsx"
    empty_file.write_bytes(b"")
    text_file = root / "letter.xlsx"
    text_file.write_text("Dear colleagues,\n")
    cut = root / "cut.xlsx"
    cut.write_bytes(members.read_bytes()[:300])
    old = root / "old.xls"
    old.write_bytes(b"\x09\x00\x04\x00" + b"\x00" * 60)
    no_header = write_xlsx(root / "no_header.xlsx", {"Data": [["a", "b"], ["c", "d"], ["e", "f"]]})
    bad_rows = write_xlsx(root / "bad_rows.xlsx", {"Members": [
        ["Name", "INN", "KPP", "Member since", "Membership status", "E-mail"],
        ["Alpha", "7707083894", "", "", "", ""],
        ["Beta", INN_C, "12", "31.02.2025", "", ""],
        ["Gamma", "", "", "", "sleeping", "not-an-address"],
        ["", "", "", "", "", ""],
        ["", "", "", "2021", "", "x@y.com"]]})
    backup = root / "backup.db"
    sqlite3.connect(backup).close()
    return {"root": root, "db": db, "not_sqlite": not_sqlite, "damaged": damaged,
            "empty_file": empty_file, "text_file": text_file, "cut": cut, "old": old,
            "no_header": no_header, "bad_rows": bad_rows, "members": members, "backup": backup}


# (what the case is, the arguments after --db; "{x}" names a file of the fixture)
FAILING = [
    ("unknown merge", ["undo-merge", "999"]),
    ("unknown import", ["undo-import", "999"]),
    ("merge with itself", ["merge", "1", "1"]),
    ("merge an unknown company", ["merge", "1", "999"]),
    ("missing workbook", ["import", "{root}/missing.xlsx"]),
    ("workbook is a folder", ["import", "{root}"]),
    ("empty workbook", ["import", "{empty_file}"]),
    ("text as a workbook", ["import", "{text_file}"]),
    ("cut workbook", ["import", "{cut}"]),
    ("old Excel format", ["import", "{old}"]),
    ("no header row", ["import", "{no_header}"]),
    ("no such sheet", ["import", "{members}", "--sheet", "Nope"]),
    ("bad mapping", ["import", "{members}", "--map", "nonsense"]),
    ("unknown mapped field", ["import", "{members}", "--map", "City=nosuch"]),
    ("header row 0", ["import", "{members}", "--header-row", "0"]),
    ("header row without names", ["import", "{members}", "--header-row", "3"]),
    ("bad date", ["changes", "--since", "31.02.2025"]),
    ("unknown company", ["brief", "zzzz-nothing"]),
    ("backup into a missing folder", ["backup", "{root}/nowhere/copy.db"]),
    ("backup onto a folder", ["backup", "{root}"]),
    ("restore a missing backup", ["restore", "{root}/missing.db", "--yes"]),
    ("restore a file that is no backup", ["restore", "{backup}", "--yes"]),
    ("restore without --yes", ["restore", "{backup}"]),
    ("export onto a folder", ["export", "{root}"]),
    ("export into a missing folder", ["export", "{root}/nowhere/list.xlsx"]),
    ("export an unknown sheet", ["export", "{root}/list.xlsx", "--sheets", "nosuch"]),
    ("copy onto itself", ["copy", "--to", "{db}"]),
    ("copy into a missing folder", ["copy", "--to", "{root}/nowhere/copy.db"]),
    ("copy into a register with data", ["copy", "--to", "{damaged}"]),
    ("unknown setting", ["settings", "nosuch", "value"]),
    ("grant on SQLite", ["grant", "someone", "reader"]),
    ("unknown command", ["frobnicate"]),
    ("missing argument", ["undo-merge"]),
    ("missing demo file", ["demo", "--file", "{root}/missing.xlsx"]),
    ("demo into a register with data", ["demo"]),
]


@pytest.mark.parametrize(("case", "args"), FAILING, ids=[c for c, _ in FAILING])
def test_an_error_path_says_one_english_sentence(files, case, args):
    argv = [a.format(**files) for a in args]
    result = english("--db", str(files["db"]), *argv)
    assert result.returncode != 0, (case, result.stdout)
    assert result.stderr.startswith("palata: "), (case, result.stderr)


BAD_STORES = [
    ("missing register", "{root}/missing/none.db", ["search", "x"]),
    ("folder as a register", "{root}", ["search", "x"]),
    ("text file as a register", "{not_sqlite}", ["search", "x"]),
    ("damaged register", "{damaged}", ["search", "x"]),
    ("server that does not answer", "postgresql://nobody@127.0.0.1:1/none", ["search", "x"]),
]


@pytest.mark.parametrize(("case", "where", "args"), BAD_STORES, ids=[c for c, _, _ in BAD_STORES])
def test_a_bad_db_path_is_one_english_sentence(files, case, where, args):
    result = english("--db", where.format(**files), *args)
    assert result.returncode != 0, case
    assert result.stderr.startswith("palata: "), (case, result.stderr)


def test_rejected_rows_and_their_report_are_in_english(files, tmp_path):
    db = tmp_path / "fresh.db"
    report = tmp_path / "report.xlsx"
    result = english("--db", str(db), "import", str(files["bad_rows"]), "--report", str(report))
    assert result.returncode == 0, result.stderr
    assert "wrong check digit" in result.stdout  # the INN of row 2
    assert "There is no such date" in result.stdout or "no such date" in result.stdout
    assert "not-an-address" in result.stdout
    from openpyxl import load_workbook

    cells = [str(c) for row in load_workbook(report).active.iter_rows(values_only=True) for c in row if c]
    assert cells[:3] == ["Sheet", "Row", "Reason"]
    assert not [c for c in cells if CYRILLIC.search(c)]


def test_doctor_reports_in_english(files, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(files["db"], db)
    result = english("--db", str(db), "doctor")
    assert result.returncode == 0, result.stdout
    assert "[ok] The search index matches the tables" in result.stdout


def test_undo_of_an_undone_import_in_english(files, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(files["db"], db)
    assert english("--db", str(db), "undo-import", "1").returncode == 0
    again = english("--db", str(db), "undo-import", "1")
    assert again.returncode != 0 and "was already undone" in again.stderr
