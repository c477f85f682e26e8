"""Files that cannot be imported end in one Russian sentence, a non-zero exit and an untouched
database — through the real `palata import` command."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from importers.read import open_workbook
from models import store
from models.entities import ChangeLog, Company, ImportBatch
from tests.conftest import raises_said
from tests.importers.xlfixtures import encrypted_ole, palata, with_doctype, write_xls, write_xlsx, zip_bomb

GOOD_ROWS = [["Наименование", "ИНН"], ["Ромашка", "7707083893"]]


def _state():
    return Company.select().count(), ChangeLog.select().count(), ImportBatch.select().count()


@pytest.fixture
def register(db, store_location):
    store.create(Company, {"short_name": "Уже в реестре", "inn": "7707083893"})
    return store_location


def _refused(db_path: Path, path: Path, *words: str) -> str:
    before = _state()
    result = palata("--db", str(db_path), "import", str(path))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    message = " ".join(result.stderr.split())
    assert message.startswith("palata: ")
    assert message.count(". ") == 0 or message.rstrip().endswith(".")
    for w in words:
        assert w in message, message
    assert any("а" <= ch <= "я" for ch in message.lower())  # Russian
    assert _state() == before
    return message


def test_csv_renamed_to_xlsx(register, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_text("ИНН;Наименование\n7707083893;Ромашка\n", encoding="utf-8")
    _refused(register, path, "не является книгой Excel")


def test_empty_file(register, tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    _refused(register, path, "пуст")


def test_truncated_xlsx(register, tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", {"Лист1": GOOD_ROWS * 50})
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    _refused(register, path, "повреждён")


def test_damaged_xls(register, tmp_path):
    good = write_xls(tmp_path / "good.xls", GOOD_ROWS * 50)
    data = bytearray(good.read_bytes())
    data[512:4096] = b"\xff" * (4096 - 512)  # the FAT and directory sectors overwritten
    path = tmp_path / "damaged.xls"
    path.write_bytes(bytes(data))
    _refused(register, path, "повреждён")


def test_password_protected_xlsx(register, tmp_path):
    _refused(register, encrypted_ole(tmp_path / "secret.xlsx"), "защищён паролем")


def test_no_recognisable_header(register, tmp_path):
    path = write_xlsx(tmp_path / "nohead.xlsx", {"Лист1": [["Привет"], ["Просто текст", 1, 2]]})
    _refused(register, path, "Не найдена строка заголовка", "--map")


def test_unknown_sheet(register, tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", {"Лист1": GOOD_ROWS})
    before = _state()
    result = palata("--db", str(register), "import", str(path), "--sheet", "Нет")
    assert result.returncode != 0 and "нет листа «Нет»" in result.stderr
    assert _state() == before


def test_xml_bomb_is_refused_before_parsing(register, tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", {"Лист1": GOOD_ROWS})
    bomb = with_doctype(good, tmp_path / "bomb.xlsx")
    _refused(register, bomb, "DOCTYPE")


def test_xml_bomb_in_any_part_and_behind_a_comment(tmp_path):
    import zipfile

    good = write_xlsx(tmp_path / "good.xlsx", {"Лист1": GOOD_ROWS})
    bomb = tmp_path / "bomb2.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = b'<?xml version="1.0"?>\n<!-- a comment -->\n<!DOCTYPE x [<!ENTITY a "b">]>' + data
            out.writestr(info, data)
    from importers.errors import ImportFailure

    with raises_said(ImportFailure, "DOCTYPE"):
        open_workbook(bomb)


def test_zip_bomb_is_refused_in_bounded_time_and_memory(register, tmp_path):
    bomb = zip_bomb(tmp_path / "bomb.xlsx", gigabytes=1.0)
    assert bomb.stat().st_size < 8 * 1024 * 1024  # small on disk, a gigabyte inside
    # Refused from the archive's declared sizes, before anything is inflated: the command ends
    # (its subprocess has a hang guard) and its memory stays far below the gigabyte inside.
    _refused(register, bomb, "МБ")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kb < 600 * 1024
