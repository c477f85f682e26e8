"""Hostile input: generated workbooks and mangled bytes never crash an import or change the
register when they fail; search strings never error."""

from __future__ import annotations

import io
import os
import re
import sqlite3
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from importers.apply import import_file
from models.errors import PalataError
from tests.conftest import run_palata


@pytest.fixture
def db(sqlite_db):
    """SQLite only, unlike the rest of tests/importers: the generated examples are many."""
    return sqlite_db


FUZZ_EXAMPLES = int(os.environ.get("PALATA_FUZZ_EXAMPLES", "80"))
HEADERS = ["ИНН", "Наименование", "Город", "Телефон", "E-mail", "Дата вступления", "ИНН/КПП", "ОКВЭД",
           "Статус", "Контактное лицо", "Должность", "Итого"]

text_cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
cells = st.one_of(
    st.none(), st.integers(-10**15, 10**15), st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(), st.dates(min_value=date(1900, 3, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1)), text_cells, st.sampled_from(HEADERS),
    st.just("x" * 32_767), st.just("=HYPERLINK(\"http://evil\")"), st.just("7707083893"),
    st.just("\t\r\n"), st.just("08.12.2025 г."), st.just("+7 (4922) 12-34-56 доб. 5"),
)
sheet_names = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="[]:*?/\\'",
                                             exclude_categories=("Cs", "Cc")), min_size=1, max_size=31)


def _clean(value):
    # openpyxl refuses characters XML cannot hold; what Excel itself could not save is not input.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


@st.composite
def workbooks(draw) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    names = draw(st.lists(sheet_names, min_size=1, max_size=3, unique_by=lambda s: s.strip().lower()))
    for name in names:
        ws = wb.create_sheet(re.sub(r"\s+", " ", name).strip() or "Лист")
        if draw(st.booleans()):  # a header the importer recognises, so the rows get planned
            extra = draw(st.lists(st.sampled_from(HEADERS[:-1]), max_size=6, unique=True))
            ws.append(["Наименование", *extra])
        for row in draw(st.lists(st.lists(cells, max_size=8), max_size=12)):
            ws.append([_clean(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _counts(path) -> tuple[int, ...]:
    with sqlite3.connect(path) as conn:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("company", "contact", "change_log", "import_batch"))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(content=workbooks())
def test_generated_workbooks_import_or_fail_cleanly(db, db_path, tmp_path, content):
    book = tmp_path / "random.xlsx"
    book.write_bytes(content)
    before = _counts(db_path)
    try:
        result = import_file(book)
    except PalataError:
        assert _counts(db_path) == before
    else:  # every row read is accounted for: it landed or it was rejected with a reason
        c = result.counts
        assert c["created"] + c["updated"] + c["merged"] + c["unchanged"] + c["rejected"] == c["rows_read"]
        assert all(r.reason for r in result.rejections)


@pytest.fixture(scope="module")
def valid_book(tmp_path_factory):
    wb = Workbook()
    ws = wb.active
    ws.append(["Наименование", "ИНН", "Город", "Телефон"])
    ws.append(["ООО «Стройдеталь»", "7707083893", "Владимир", "8 (4922) 12-34-56"])
    ws.append(["АО «Ромашка»", "7736050003", "Ковров", "+7 49232 2-34-56"])
    path = tmp_path_factory.mktemp("valid") / "valid.xlsx"
    wb.save(path)
    return path.read_bytes()


@settings(max_examples=FUZZ_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mangled_bytes_never_crash_the_import(db, db_path, tmp_path, valid_book, data):
    content = bytearray(valid_book)
    for _ in range(data.draw(st.integers(1, 20))):
        at = data.draw(st.integers(0, len(content) - 1))
        content[at] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        content = content[: data.draw(st.integers(0, len(content)))]
    book = tmp_path / "mangled.xlsx"
    book.write_bytes(bytes(content))
    before = _counts(db_path)
    try:
        import_file(book)
    except PalataError:
        assert _counts(db_path) == before


@pytest.mark.parametrize("content", [b"", b"\x00" * 4096, b"PK\x03\x04" + b"\xff" * 2000,
                                     b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 3000,
                                     "Наименование;ИНН\nСтройдеталь;7707083893\n".encode("cp1251")])
def test_the_command_answers_garbage_with_one_sentence(db, db_path, tmp_path, content):
    book = tmp_path / "broken.xlsx"
    book.write_bytes(content)
    before = _counts(db_path)
    result = run_palata("--db", str(db_path), "import", str(book))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1
    assert _counts(db_path) == before
