"""The commands through the real `palata`: duplicates, merge (dry run and real), merges,
undo-merge, changes; bad input ends in one sentence."""

from __future__ import annotations

import shutil

from models.db import close_database, open_database
from models.entities import Company
from tests.conftest import run_palata
from tests.models.duplicates_support import company, without_sample_duplicates


def _with_a_duplicate(sample_db, tmp_path) -> tuple[str, int, int]:
    path = tmp_path / "dup.db"
    shutil.copy(sample_db, path)
    open_database(path)
    without_sample_duplicates()
    original = Company.select().where(Company.inn.is_null(False) & Company.city.is_null(False)) \
        .order_by(Company.id).first()
    twin = company(f"ООО «{original.short_name}»", city=f"г. {original.city}", phones="8 (4922) 00-11-22")
    close_database()
    return str(path), original.id, twin


def test_find_merge_and_undo_through_the_command(sample_db, tmp_path):
    db, original, twin = _with_a_duplicate(sample_db, tmp_path)
    found = run_palata("--db", db, "duplicates")
    assert found.returncode == 0, found.stderr
    assert "высокая" in found.stdout and "название и город" in found.stdout
    assert f" {original} " in found.stdout and f" {twin} " in found.stdout

    dry = run_palata("--db", db, "merge", str(original), str(twin), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Пробный запуск" in dry.stdout and "Ничего не записано" in dry.stdout
    assert "объединено" in dry.stdout  # the phones are united

    done = run_palata("--db", db, "merge", str(original), str(twin), "--take", f"city={original}")
    assert done.returncode == 0, done.stderr
    assert "Объединение №1" in done.stdout and "palata undo-merge 1" in done.stdout
    assert "Вероятных дубликатов не найдено" in run_palata("--db", db, "duplicates").stdout
    assert "Ставровский" not in run_palata("--db", db, "merges").stderr

    changes = run_palata("--db", db, "changes", "--since", "сегодня", "--company", str(original))
    assert changes.returncode == 0, changes.stderr
    assert "в архив" in changes.stdout and "Телефоны" in changes.stdout

    undone = run_palata("--db", db, "undo-merge", "1")
    assert undone.returncode == 0, undone.stderr
    assert "Объединение №1 отменено" in undone.stdout
    again = run_palata("--db", db, "undo-merge", "1")
    assert again.returncode == 1 and "уже отменено" in again.stderr
    assert "Traceback" not in again.stderr


def test_bad_input_ends_in_one_sentence(sample_db, tmp_path):
    db = str(tmp_path / "copy.db")
    shutil.copy(sample_db, db)
    for args, code, text in [
        (("merge", "5", "5"), 1, "сама с собой"),
        (("merge", "5", "999999"), 1, "нет в реестре"),
        (("merge", "5", "6", "--take", "inn"), 2, "ПОЛЕ=ID"),
        (("undo-merge", "42"), 1, "нет в истории"),
        (("changes", "--since", "когда-то"), 2, "Неверная дата"),
        (("changes", "--since", "today", "--table", "nope"), 2, "Неизвестная таблица"),
    ]:
        result = run_palata("--db", db, *args)
        assert result.returncode == code, (args, result.stderr)
        assert text in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_english_output(sample_db, tmp_path):
    db = str(tmp_path / "copy.db")
    shutil.copy(sample_db, db)
    result = run_palata("--db", db, "--lang", "en", "merge", "5", "6", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Dry run" in result.stdout and "Nothing was written" in result.stdout
    assert "No changes since" in run_palata("--db", db, "--lang", "en", "changes", "--since", "2999-01-01",
                                            "--company", "5").stdout
