"""A workbook full of terminal attacks goes through `palata import` and comes out of `search`,
`brief`, `changes`, `imports` and the report harmless: the store holds clean text, the import
says what it removed (row, column), nothing printed holds a control byte, and markup in names is
printed as written. The real command in a subprocess, on both stores."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from models.db import close_database, database, open_database
from models.safetext import is_clean
from tests.importers.xlfixtures import palata
from tests.terminal_attacks import (
    ASK,
    C1,
    LINK,
    RLO,
    TITLE,
    WIPE,
    controls_in,
    history_triggers,
    write_hostile_xlsx,
)
from tui.i18n import set_language, t

HEADER = ["Наименование", "ИНН", "Город", "Адрес", "Примечание"]
ROWS = [
    [f"{TITLE}ООО «Ромашка»", None, f"Владимир{WIPE}", LINK, "строка 1\x0bстрока 2\r\nстрока 3"],
    ["[bold red]Красная[/]", None, f"Ковров{ASK}", None, f"\x00NUL {C1} C1 {RLO}RLO"],
    ["ООО [/] Скобки", None, "Муром", "[link=http://evil.example]Ссылка[/link]", None],
    [f"Отклонённая{WIPE}", "1234", "Вязники\x0b\x00", None, None],  # an INN that cannot be
]


def _clean_output(result) -> None:
    assert result.returncode == 0, result.stderr
    for stream in (result.stdout, result.stderr):
        assert not controls_in(stream), controls_in(stream)


def test_an_import_cleans_tells_and_every_command_prints_harmlessly(store_location, tmp_path):
    set_language("ru")
    book = write_hostile_xlsx(tmp_path / "hostile.xlsx", [HEADER, *ROWS])
    report = tmp_path / "report.xlsx"
    result = palata("--db", store_location, "import", str(book), "--report", str(report))
    _clean_output(result)
    out = result.stdout
    # the warnings say where and what, written so that a terminal cannot obey it
    assert "строка 2, столбец «Наименование»: удалены управляющие символы \\x1b]0;pwned\\x07" in out
    assert "строка 2, столбец «Город»: удалены управляющие символы \\x1b[2J" in out
    assert "строка 2, столбец «Адрес»: удалены управляющие символы \\x1b]8;;http://evil.example\\x1b\\" in out
    assert "строка 3, столбец «Город»: удалены управляющие символы \\x1b[6n" in out
    assert ("строка 3, столбец «Примечание»: удалены управляющие символы "
            "\\x9b31m \\x9d0;t\\x9c \\x00 \\u202e") in out
    assert f"{t('import.count.created')}: 3" in out and f"{t('import.count.rejected')}: 1" in out

    open_database(store_location)
    try:
        rows = database.execute_sql(
            "SELECT short_name, city, address, notes FROM company ORDER BY id").fetchall()
        assert rows == [
            ("Ромашка", "Владимир", "Нажмите здесь", "строка 1 строка 2 строка 3"),
            ("[bold red]Красная[/]", "Ковров", None, "NUL C1 RLO"),
            ("[/] Скобки", "Муром", "[link=http://evil.example]Ссылка[/link]", None),
        ]
        assert all(is_clean(v) for row in rows for v in row if v)
    finally:
        close_database()

    # the report of the rejected row opens, its cells cleaned as the register cleans them
    sheet = load_workbook(report).worksheets[0]
    cells = [c.value for c in sheet[2]]
    assert cells[1] == 5 and "Отклонённая" in cells[3] and cells[5] == "Вязники\n"

    for args in (["search", "Скобки"], ["search", "Красная"], ["search", "Ромашка"], ["search", "ООО"],
                 ["brief", "Скобки"], ["brief", "Ромашка"], ["imports"], ["changes", "--since", "2000-01-01"],
                 ["duplicates"]):
        shown = palata("--db", store_location, *args)
        _clean_output(shown)
        assert "internal" not in shown.stderr and "внутренняя" not in shown.stderr.lower()
    assert "[/] Скобки" in palata("--db", store_location, "search", "Скобки").stdout
    assert "[bold red]Красная[/]" in palata("--db", store_location, "search", "Красная").stdout


@pytest.mark.parametrize("command", [["search", "Ромашка"], ["brief", "7707083893"],
                                     ["changes", "--since", "2000-01-01"], ["duplicates"], ["imports"]])
def test_a_register_already_holding_escapes_prints_them_as_stand_ins(store_location, tmp_path, command):
    """A database written around Palata (or before it cleaned): the bytes are in the store, and
    still no command sends them to the terminal, nor reads a name as markup."""
    from models import store
    from models.backend import is_url
    from models.entities import Company, Contact

    open_database(store_location)
    try:
        first = store.create(Company, {"short_name": "Ромашка", "city": "Владимир", "inn": "7707083893"})
        second = store.create(Company, {"short_name": "Ромашка", "city": "Владимир"})
        store.create(Contact, {"company": first, "name": "Иванов"})
        nul = "" if is_url(store_location) else "\x00"
        database.execute_sql(
            "UPDATE company SET short_name = ?, full_name = ?, notes = ?, industry = ? WHERE id = ?",
            (f"Ромашка{TITLE}{WIPE}", f"[bold red]Ромашка[/] {LINK}", f"{ASK}{nul}{C1}{RLO}",
             "ООО [/] Скобки", first))
        database.execute_sql("UPDATE company SET short_name = ? WHERE id = ?", (f"Ромашка [/]{WIPE}", second))
        database.execute_sql("UPDATE contact SET name = ? WHERE company_id = ?", (f"Иванов{TITLE}", first))
        history_triggers(False)  # an old register, from before the history was final
        database.execute_sql('UPDATE change_log SET new = ?, "user" = ?',
                             (f'{{"short_name": "Ромашка{WIPE}"}}', f"ivanov{TITLE}"))
        database.execute_sql(
            "INSERT INTO import_batch (file_name, checksum, \"user\", started_at, rows_read, created, "
            "updated, merged, unchanged, rejected) "
            "VALUES (?, 'x', ?, '2025-01-01 10:00:00', 0, 0, 0, 0, 0, 0)",
            (f"list{WIPE}.xlsx", f"u{TITLE}"))
    finally:
        history_triggers(True)
        close_database()
    shown = palata("--db", store_location, *command)
    _clean_output(shown)
    if command[0] in ("search", "brief", "imports"):
        assert "␛" in shown.stdout  # shown as stand-ins, not silently passed on or lost


@pytest.mark.parametrize("store_location", ["sqlite"], indirect=True)
def test_a_briefing_written_to_a_file_holds_no_control_character(store_location, tmp_path):
    from models import store
    from models.entities import Company

    open_database(store_location)
    try:
        company = store.create(Company, {"short_name": "Ромашка", "inn": "7707083893"})
        database.execute_sql("UPDATE company SET full_name = ?, notes = ? WHERE id = ?",
                             (f"[Нажми](http://evil.example) {LINK}", f"{TITLE}{WIPE}\x00{C1}", company))
    finally:
        close_database()
    out = tmp_path / "brief.md"
    _clean_output(palata("--db", store_location, "brief", "7707083893", "--out", str(out)))
    text = out.read_text(encoding="utf-8")
    assert not controls_in(text), controls_in(text)
    # a Markdown link is escaped, the OSC 8 link shown as stand-ins: neither is clickable
    assert "\\[Нажми\\](http://evil.example) ␛\\]8;;http://evil.example␛\\\\Нажмите здесь" in text
