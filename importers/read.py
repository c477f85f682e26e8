"""Opening workbooks safely: recognise the format by its bytes, refuse archives that would inflate
beyond reason before any parser sees them, and read sheets with python-calamine."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from importers.errors import ImportFailure

MAX_UNCOMPRESSED = 400 * 1024 * 1024  # what a sheet may inflate to
MAX_RATIO = 200  # real workbooks compress 5-20x; bombs 1000x and more
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_file(path: Path) -> str:
    """The kind of workbook at `path` ('zip' or 'ole'); ImportFailure with a sentence otherwise."""
    if not path.exists():
        raise ImportFailure(f"Файл {path} не найден.")
    if path.is_dir():
        raise ImportFailure(f"{path} — это папка, а не файл.")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImportFailure(f"Не удалось прочитать файл {path}: {exc.strerror}.") from None
    if not head:
        raise ImportFailure(f"Файл {path.name} пуст.")
    if head.startswith(_OLE):
        return "ole"
    if not head.startswith(b"PK"):
        raise ImportFailure(f"Файл {path.name} не является книгой Excel или OpenDocument.")
    _check_zip(path)
    return "zip"


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        raise ImportFailure(f"Файл {path.name} повреждён или обрезан: это не целая книга Excel.") from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or (total > 20 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise ImportFailure(
            f"Файл {path.name} после распаковки занял бы {total // (1024 * 1024)} МБ — "
            "похоже на повреждённый или вредоносный файл; импорт отменён.")
    if any(i.flag_bits & 0x1 for i in infos):
        raise ImportFailure(f"Файл {path.name} защищён паролем; снимите пароль и повторите импорт.")


def open_workbook(path: Path):
    """A calamine workbook for `path`, after the safety checks."""
    from python_calamine import CalamineWorkbook

    kind = check_file(path)
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for every kind of damage
        if kind == "ole" and "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise ImportFailure(f"Файл {path.name} защищён паролем; снимите пароль и повторите импорт.") \
                from None
        raise ImportFailure(f"Файл {path.name} не удалось прочитать как книгу Excel: {exc}.") from None


def sheet_rows(workbook, name: str) -> Iterator[list]:
    """The rows of one sheet as lists of python values ('' for empty cells)."""
    try:
        sheet = workbook.get_sheet_by_name(name)
        yield from sheet.iter_rows()
    except Exception as exc:
        raise ImportFailure(f"Лист «{name}» не удалось прочитать: {exc}.") from None
