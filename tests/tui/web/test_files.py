"""Files between the browser and the register: an export started in the browser is downloaded by
the browser; a member list uploaded through the launcher's page is offered by the import wizard
and imported under the login's name."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from bench.scenarios import member_list
from tests.tui.web.launcher import Tab

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _deliveries(tab: Tab) -> list[str]:
    keys = []
    for frame in tab.frames:
        if frame.startswith(b'["deliver_file_start"'):
            keys.append(json.loads(frame)[1])
    return keys


def test_an_export_started_in_the_browser_is_downloaded_by_it(launch, sample_db, tabs, tmp_path):
    launcher = launch(str(sample_db))
    tab = tabs(launcher, "ivanova")
    tab.open()
    tab.wait_for("ИНН")
    mark = tab.mark()
    tab.type("ставр")
    tab.wait_for("Ставр", since=mark)
    tab.settle()
    mark = tab.mark()
    tab.keys("Control+o")
    tab.wait_for("Записать", since=mark)
    tab.settle()
    downloads = []  # opened in a new tab by the page, reported as the page's own download
    tab.page.on("download", lambda d: downloads.append(d))
    tab.keys("Enter")
    tab.wait_for('["deliver_file_start"', since=mark, timeout=90)  # the whole view written first
    for _ in range(600):  # 30 s at most
        if downloads:
            break
        tab.page.wait_for_timeout(50)
    [download] = downloads
    saved = tmp_path / "got.xlsx"
    download.save_as(saved)
    assert download.suggested_filename.startswith("palata-export-") and saved.read_bytes()[:2] == b"PK"
    sheet = load_workbook(saved, read_only=True).worksheets[0]
    companies = list(sheet.iter_rows(min_row=2, values_only=True))
    assert companies and all(any("ставр" in str(cell).lower() for cell in row) for row in companies)
    # the key is the login's own: another login's request for it is not found
    [key] = _deliveries(tab)
    other = tabs(launcher, "petrov")
    response = other.page.request.get(f"{launcher.url}/download/{key}")
    assert response.status == 404


def test_a_list_uploaded_in_the_browser_is_offered_by_the_wizard_and_imported(launch, sample_db, tabs,
                                                                               tmp_path):
    from models.db import close_database, open_database
    from models.entities import ChangeLog, Company

    register = tmp_path / "palata.db"
    register.write_bytes(sample_db.read_bytes())
    launcher = launch(str(register))
    tab = tabs(launcher, "ivanova")
    tab.open("/upload")
    # not a workbook: refused with the import's own sentence, nothing kept
    fake = tmp_path / "list.xlsx"
    fake.write_text("name,inn\n")
    tab.page.set_input_files("#file", str(fake))
    tab.page.click("#send")
    assert "не является книгой Excel" in tab.page.inner_text("#said")
    uploads = launcher.state / "users" / "ivanova" / "uploads"
    assert [p.name for p in uploads.iterdir()] == []

    workbook = member_list(tmp_path / "Список членов.xlsx", 3, first_inn=7_100_000)
    tab.page.set_input_files("#file", str(workbook))
    tab.page.click("#send")
    assert "Список членов.xlsx загружен" in tab.page.inner_text("#said")
    assert [p.name for p in uploads.iterdir()] == ["Список членов.xlsx"]

    tab.page.click("text=Вернуться в Palata")
    tab.wait_for("ИНН")
    tab.settle()
    mark = tab.mark()
    tab.keys("F7")
    tab.wait_for("Список членов.xlsx", since=mark)  # the wizard offers the uploaded list
    tab.settle()
    mark = tab.mark()
    tab.keys("Enter")  # the file: its sheets and columns
    tab.wait_for("Заголовок — строка", since=mark)
    tab.settle()
    # the next steps by Alt+N: a browser keeps Ctrl+N (a new window) for itself
    for expected in ("Прочитано", "выполнен"):  # the dry run, then the import
        mark = tab.mark()
        tab.keys("Alt+n")
        tab.wait_for(expected, since=mark)
        tab.settle()
    open_database(register)
    try:
        created = Company.select().where(Company.short_name.contains("Импорт-")).count()
        users = {c.user for c in ChangeLog.select().where(ChangeLog.batch.is_null(False))
                 .order_by(ChangeLog.id.desc()).limit(3)}
    finally:
        close_database()
    assert created == 3 and users == {"ivanova"}

