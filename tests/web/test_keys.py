"""Keys in a browser: Ctrl+N, Ctrl+T and Ctrl+W belong to the browser (a page never gets them), so
every action bound to them has another key; the palette and the F-keys reach the app."""

from __future__ import annotations


def test_the_palette_insert_and_f_keys_work_in_the_browser(launch, sample_db, tabs):
    launcher = launch(str(sample_db))
    tab = tabs(launcher, "ivanova")
    tab.open()
    tab.wait_for("ИНН")
    tab.settle()
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
