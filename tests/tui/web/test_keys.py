"""Keys in a browser: Ctrl+N, Ctrl+T and Ctrl+W belong to the browser (a page never gets them), so
every action bound to them has another key; the palette and the F-keys reach the app."""

from __future__ import annotations

from pathlib import Path

ALLOWED = {"PATH", "LANG", "LC_ALL", "TEXTUAL_DRIVER", "TEXTUAL_FPS", "TEXTUAL_COLOR_SYSTEM", "TERM_PROGRAM",
           "TERM_PROGRAM_VERSION", "COLUMNS", "ROWS", "PYTHONNOUSERSITE", "PALATA_LANG", "PYTHONPATH", "HOME",
           "USER", "LOGNAME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}


def test_the_palette_insert_and_f_keys_work_in_the_browser(launch, sample_db, tabs):
    launcher = launch(str(sample_db))
    tab = tabs(launcher, "ivanova")
    tab.open()
    tab.wait_for("ИНН")
    tab.settle()
    # the app process got an environment made for it, nothing of the launcher's (or the tests')
    [pid] = launcher.session_pids()
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    names = {item.split(b"=", 1)[0].decode() for item in environ if item}
    assert names <= ALLOWED, names - ALLOWED
    mark = tab.mark()
    tab.keys("Control+p")
    tab.wait_for("Найти команду", since=mark)
    tab.settle()
    mark = tab.mark()
    tab.type("миссии")
    tab.wait_for("Миссии", since=mark)
    tab.settle()
    mark = tab.mark()
    tab.keys("Enter")
    tab.wait_for("Деловые миссии", since=mark)
    tab.settle()
    mark = tab.mark()
    tab.keys("F4")  # back to the companies
    tab.wait_for("Показано", since=mark)
    tab.settle()
    mark = tab.mark()
    tab.keys("ArrowDown")  # to the table: Insert is a new company where Ctrl+N is
    tab.settle()
    tab.keys("Insert")
    tab.wait_for("Новая компания", since=mark)
