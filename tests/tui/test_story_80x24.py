"""The December 2025 story walked in a real 80×24 terminal: the Stavrovo industrial park's dossier
and briefing, the Belarusian delegation of 8–12 December with its six meetings, the NDA and the
cooperation agreement, the matches of pipes and paving tiles, and the screens around them. Every
screen is read for words and e-mail addresses cut in two across lines."""

from __future__ import annotations

import shutil

import pytest

from tests.tui.conftest import DataWords
from tests.tui.tmux import Terminal, broken_emails, broken_words, vocabulary

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def test_the_reader_finds_a_word_and_an_address_cut_in_two():
    words = {"сотрудничестве", "соглашение", "о"}
    screen = (" 10.12.2025   соглашение о     Сотрудничество\n"
              "              сотрудниче       поставках\n"
              "              стве             ryabtseva.m@spets\n"
              "                               zhelezobeton.by\n")
    assert broken_words(screen, words) == ["сотрудниче / стве"]
    assert broken_emails(screen) == ["ryabtseva.m@spets"]
    whole = " соглашение о\n сотрудничестве  ryabtseva.m@spetszhelezobeton.by; info@sip.ru…\n"
    assert broken_words(whole, words) == [] and broken_emails(whole) == []


class Walk:
    """Keys and what to wait for; each screen on the way is read."""

    def __init__(self, term: Terminal, words: set[str]) -> None:
        self.term, self.words = term, words
        self.problems: list[str] = []
        self.seen = 0

    def step(self, name: str, *keys: str, text: str | None = None, wait: tuple[str, ...] = ()) -> str:
        if keys:
            self.term.keys(*keys)
        if text:
            self.term.type(text)
        screen = self.term.wait_for(*wait)
        self.seen += 1
        for problem in broken_words(screen, self.words) + broken_emails(screen):
            self.problems.append(f"{name}: {problem}\n{screen}")
        return screen


def test_the_december_story_reads_whole_at_80x24(app_db):
    words = vocabulary(DataWords(app_db).text)
    term = Terminal(app_db, 80, 24)
    walk = Walk(term, words)
    try:
        walk.step("companies", wait=("Показано 100 из",))
        walk.step("search", text="ставровский", wait=("Найдено 1 из", "Ставровский индус"))
        walk.step("table", "Enter", wait=("Сортировка",))  # the table has the keys now
        walk.step("card", "Enter", wait=("Краткое наименование", "Ставровский индустриальный парк"))
        for key, marker in (("2", "dyachkov.o@sip.ru"), ("3", "Источник"), ("4", "Ответный"),
                            ("5", "Спецжелезобетон"), ("6", "Пока ничего нет"), ("7", "Сверить"),
                            ("8", "создана")):
            walk.step(f"dossier tab {key}", key, wait=(marker,))
        walk.step("briefing", "b", wait=("Кому звонить",))
        for marker in ("Кто из наших подходит", "Партнёры вне палаты", "Миссии и встречи"):
            walk.step("briefing, further", "PageDown", wait=(marker,))

        walk.step("missions", "F5", wait=("Деловые миссии", "Миссий: 38"))
        # the delegation of 8–12 December is the ninth of the missions, newest first
        walk.step("missions, down", *["Down"] * 8, wait=("Миссий: 38",))
        walk.step("the delegation", "Enter", wait=("1 Обзор", "Дубова"))
        for marker in ("Спецжелезобетон", "Вся история с этими партнёрами"):
            walk.step("the delegation, further", "PageDown", wait=(marker,))
        for key, marker in (("2", "Откуда"), ("3", "Предмет"), ("4", "NDA"),
                            ("5", "Срок"), ("6", "обдирная")):
            walk.step(f"mission tab {key}", key, wait=(marker,))

        walk.step("interests", "F6", wait=("Показано 200 из",))
        walk.step("tiles", text="плитка", wait=("Показано 8 из 8", "Совпадения"))
        walk.step("pipes", "C-u", text="трубы", wait=("стальные трубы", "Показано"))
        walk.step("duplicates", "F9", wait=("Групп: 4",))
        walk.step("merge", "Enter", wait=("Объединение", "Эл. почта"))
        walk.step("changes", "Escape", "F10", wait=("Что изменилось", "Изменений"))
        walk.step("my follow-ups", "C-g", wait=("Открытых поручений",))
        walk.step("everybody's follow-ups", "v", wait=("Открытые поручения всех",))
        walk.step("imports", "F8", wait=("История импортов", "palata_sample"))
        walk.step("import", "Enter", wait=("Отклонённые строки",))
        walk.step("the chamber in figures", "F11", wait=("Палата в цифрах", "Сводка"))
    finally:
        term.close()
    assert walk.seen >= 35
    assert not walk.problems, "\n\n".join(walk.problems)
