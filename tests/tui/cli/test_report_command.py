"""`palata report`: the real command writes a workbook that openpyxl reads back — its sheets, its
figures, its native charts and the companies behind them; bad periods end in one sentence."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from models.db import close_database, open_database
from tests.conftest import run_palata
from tests.models.report_register import make_known_register

SHEETS = ["Члены палаты", "Районы и отрасли", "Взносы", "Миссии", "Интересы", "Компании за цифрами"]


def _rows(ws) -> list[tuple]:
    return [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]


def _table(ws, title: str) -> list[tuple]:
    """The rows of the table under `title` (its header first), up to the next empty row."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == title)
    out = []
    for r in rows[start + 1:]:
        if r[0] is None:
            break
        out.append(tuple(v for v in r if v is not None))
    return out


def _charts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))


def test_the_known_register_report_on_both_stores(store_location, tmp_path):
    db = open_database(store_location)
    make_known_register(db)
    close_database()
    out = tmp_path / "отчёт.xlsx"
    result = run_palata("--db", store_location, "report", "--year", "2025", str(out))
    assert result.returncode == 0, result.stderr
    assert "Отчёт за 2025 год записан" in result.stdout and "9 диаграмм" in result.stdout
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == SHEETS
    members = book["Члены палаты"]
    assert _table(members, "Сводка") == [
        ("Показатель", "Число"), ("Членов на начало периода (01.01.2025)", 4),
        ("Членов на конец периода (31.12.2025)", 5), ("Вступили", 2), ("Вышли", 1),
        ("Вышли, день неизвестен (не учтены)", 1)]
    by_month = _table(members, "Вступили и вышли по месяцам")
    assert by_month[0] == ("Месяц", "Вступили", "Вышли") and len(by_month) == 13
    assert by_month[3] == ("мар 2025", 1, 0) and by_month[5] == ("май 2025", 0, 1)
    dues = book["Взносы"]
    assert _table(dues, "Взносы на 31.12.2025")[1:] == [
        ("Оплачено вперёд", 1), ("К оплате до 31.12.2025", 1),
        ("Просрочено до 3 месяцев", 0), ("Просрочено на 3–6 месяцев", 1), ("Просрочено на 6–12 месяцев", 0),
        ("Просрочено больше года", 1), ("Дата оплаты не указана", 1)]
    chase = _table(dues, "Кому звонить: долги по взносам")
    assert chase[1][0] == "Гамма, ООО"
    assert chase[1][2:] == (549, "Дьяков Денис", "директор", "+7 900 111-22-33")
    kinds = _table(book["Миссии"], "Миссии по видам")
    assert kinds[-1] == ("Всего", 3, 5, 3, 1, 1, 1)
    interests = _table(book["Интересы"], "Интересы по направлениям")
    assert interests[1] == ("покупает", 2, 1, 1) and interests[-1] == ("Всего", 4, 2, 2)
    behind = _rows(book["Компании за цифрами"])
    assert behind[0][:3] == ("Раздел отчёта", "Показатель", "Компания")
    overdue = [r[2] for r in behind if r[1] == "Просрочено больше года"]
    assert overdue == ["Гамма, ООО"]
    assert len(_charts(out)) == 9


@pytest.fixture
def sample_copy(sample_db, tmp_path) -> Path:
    path = tmp_path / "sample.db"
    shutil.copy(sample_db, path)
    return path


def test_the_samples_2025_report_shows_the_december_delegation(sample_copy, tmp_path):
    out = tmp_path / "2025.xlsx"
    result = run_palata("--db", str(sample_copy), "report", "--from", "01.01.2025", "--to", "2025-12-31",
                        str(out))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    missions = _table(book["Миссии"], "Миссии (с событиями визита)")
    visit = next(r for r in missions if "Минского отделения БелТПП" in str(r[1]))
    # date, title, kind, country, participants, meetings, agreements, follow-ups open/done, signed
    assert visit[2:4] == ("входящая делегация", "Беларусь")
    assert visit[5:7] == (6, 2)
    assert visit[-1] == "NDA; соглашение о сотрудничестве"
    assert len(_charts(out)) == 9


def test_english_and_this_year_by_default(sample_copy, tmp_path):
    out = tmp_path / "now.xlsx"
    result = run_palata("--db", str(sample_copy), "--lang", "en", "report", str(out))
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(out).sheetnames == [
        "Members", "Places and industries", "Dues", "Missions", "Interests", "Companies behind"]


@pytest.mark.parametrize(("args", "said"), [
    (["--from", "10.12.2025", "--to", "01.12.2025"], "Период не может кончаться (01.12.2025) раньше"),
    (["--year", "двадцать"], "«двадцать» — не год"),
    (["--from", "32.01.2025"], "«32.01.2025» — не дата"),
    (["--year", "2025", "--from", "01.01.2025"], "Укажите либо --year, либо --from и --to."),
])
def test_a_bad_period_is_one_sentence_and_no_file(sample_copy, tmp_path, args, said):
    out = tmp_path / "bad.xlsx"
    result = run_palata("--db", str(sample_copy), "report", *args, str(out))
    assert result.returncode == 2
    assert said in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_an_existing_file_is_replaced_whole_and_stays_private(sample_copy, tmp_path):
    out = tmp_path / "r.xlsx"
    out.write_text("old")
    result = run_palata("--db", str(sample_copy), "report", "--year", "2024", str(out))
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(out).sheetnames == SHEETS
    assert out.stat().st_mode & 0o007 == 0  # the file's own group bits kept, "other" never
    new = tmp_path / "new.xlsx"
    assert run_palata("--db", str(sample_copy), "report", "--year", "2024", str(new)).returncode == 0
    assert new.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_the_samples_report_is_the_same_on_postgresql(sample_copy, pg_server, tmp_path):
    url = pg_server.create()
    copied = run_palata("--db", str(sample_copy), "copy", "--to", url, timeout=600)  # the change log too
    assert copied.returncode == 0, copied.stderr
    books = {}
    for name, where in (("sqlite", str(sample_copy)), ("postgresql", url)):
        out = tmp_path / f"{name}.xlsx"
        result = run_palata("--db", where, "report", "--year", "2025", str(out))
        assert result.returncode == 0, result.stderr
        book = openpyxl.load_workbook(out)
        books[name] = {ws.title: _rows(ws) for ws in book.worksheets}
    assert books["postgresql"] == books["sqlite"]
    visit = next(r for r in books["postgresql"]["Миссии"] if "Минского отделения БелТПП" in str(r[1]))
    assert visit[-1] == "NDA; соглашение о сотрудничестве"
