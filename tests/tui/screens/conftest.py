"""Fixtures of the wizard tests: an empty store with one member in it, a messy workbook as an
accounting office sends it, and the app on that store."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.db import close_database, open_database
from tests.importers.xlfixtures import write_xlsx
from tui.app import PalataApp
from tui.i18n import set_language

WEIGHTS_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)


def inn10(body: str) -> str:
    """A legal entity's INN with the right check digit for its first nine digits."""
    return body + str(sum(int(d) * w for d, w in zip(body, WEIGHTS_10, strict=True)) % 11 % 10)


ROMASHKA = inn10("332801234")
VEKTOR = inn10("332901111")
ZAVOD = inn10("330402222")  # already in the register before the import
BAD_INN = ROMASHKA[:-1] + str((int(ROMASHKA[-1]) + 1) % 10)

HEADER = ["№ п/п", "Наименование организации", "ИНН/КПП", "Город", "Телефон", "E-mail",
          "Контактное лицо", "Ответственный"]
ROWS = [
    ["Реестр членов Торгово-промышленной палаты Владимирской области", None, None, None],
    ["по состоянию на 01.12.2025", None, None, None],
    [],
    HEADER,
    [1, "ООО «Ромашка»", f"{ROMASHKA}/332801001", "г. Владимир", "8 (4922) 32-10-10", "info@romashka.ru",
     "Иванов Иван Иванович", "Петрова"],
    [2, "АО «Вектор»", f"{VEKTOR} / 332901001", "Ковров", "+7 49232 2-22-22", "vektor@mail.ru", None,
     "Петрова"],
    [3, "ООО «Ошибка»", f"{BAD_INN}/332801001", "Владимир", None, None, None, "Сидоров"],
    [4, "ООО \"Ромашка\"", ROMASHKA, "Владимир", "+7 (4922) 32-11-11", None, None, "Петрова"],
    [5, "Муромский завод", ZAVOD, "Муром", "+7 49234 3-33-33", "zavod@murom.ru", None, "Сидоров"],
    [None, "Итого: 5 организаций", None, None, None, None, None, None],
]


def messy_workbook(path: Path) -> Path:
    """Title rows above the header, ИНН/КПП in one cell, a bad INN, a duplicate, a totals row, and
    an instruction sheet in front of the data."""
    return write_xlsx(path, {"Инструкция": [["Заполните лист «Реестр»."]], "Реестр": ROWS})


@pytest.fixture
def store(tmp_path: Path):
    """An empty store with one member, the one the file updates."""
    from models import store as write
    from models.entities import Company

    path = tmp_path / "palata.db"
    open_database(path)
    set_language("ru")
    write.create(Company, {"short_name": "Муромский завод", "inn": ZAVOD, "city": "Муром",
                           "member_status": "active"}, user="tester")
    yield path
    close_database()
    set_language("ru")


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    return messy_workbook(folder / "реестр.xlsx")


def make_app(path: Path) -> PalataApp:
    return PalataApp(location=str(path), subtitle="palata.db", poll=None)
