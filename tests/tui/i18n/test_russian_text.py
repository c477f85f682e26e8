"""Russian that reads right: plural forms for every count, company names quoted after a noun that
takes the case, and "who of ours matches" meaning the chamber's members."""

from __future__ import annotations

import shutil

import pytest

from models import briefing
from models.db import close_database, open_database
from models.entities import Company
from tests.conftest import run_palata
from tui import format as fmt
from tui.i18n import set_language, t
from tui.i18n.plural import form_index, plural

RU = {1: "компания", 2: "компании", 5: "компаний", 11: "компаний", 21: "компания", 22: "компании",
      25: "компаний", 111: "компаний", 0: "компаний", 12: "компаний", 14: "компаний", 101: "компания",
      104: "компании", 112: "компаний", 1001: "компания"}


@pytest.mark.parametrize(("n", "word"), sorted(RU.items()))
def test_russian_plural_forms(n, word):
    assert plural(n, "компания|компании|компаний", "ru") == f"{n} {word}"


@pytest.mark.parametrize(("n", "index"), [(1, 0), (0, 1), (2, 1), (11, 1), (21, 1)])
def test_english_plural_forms(n, index):
    assert form_index(n, "en") == index


@pytest.fixture
def russian():
    set_language("ru")
    yield
    set_language("ru")


def test_merge_question_counts_right(russian):
    for n, words in ((1, "1 компанию"), (2, "2 компании"), (5, "5 компаний"), (21, "21 компанию"),
                     (22, "22 компании"), (111, "111 компаний")):
        assert t("mergeview.confirm", count=n, keep="Альфа").startswith(f"Объединить {words} в «Альфа»?")
    set_language("en")
    assert t("mergeview.confirm", count=1, keep="Alpha").startswith("Merge 1 company into “Alpha”?")
    assert t("mergeview.confirm", count=3, keep="Alpha").startswith("Merge 3 companies into")


def test_counts_in_other_sentences(russian):
    assert t("export.what_all", count=1).startswith("Весь реестр: 1 компания и")
    assert t("export.what_all", count=1384).startswith("Весь реестр: 1384 компании и")
    assert t("copy.table", table="company", rows=21) == "  company: 21 строка, совпадает"
    assert t("copy.index", count=5) == "  поисковый индекс перестроен: 5 компаний"
    assert t("mission.summary", participants=3, meetings=1, agreements=0, open=2).startswith("Участников: 3")


def test_names_in_a_sentence_are_quoted_after_a_noun(russian):
    assert fmt.with_companies(["Ставровский индустриальный парк"]) == \
        "с компанией «Ставровский индустриальный парк»"
    assert fmt.with_companies(["Колос", "Интеграл", "Вектор"]) == \
        "с компаниями «Колос», «Интеграл» и «Вектор»"
    assert fmt.quoted("«Вектор»") == "«Вектор»"  # already quoted as a whole
    assert fmt.quoted("Мелькомбинат «Колос»") == "«Мелькомбинат «Колос»»"
    set_language("en")
    assert fmt.with_companies(["Kolos", "Integral"]) == "with “Kolos” and “Integral”"


@pytest.fixture
def sample(sample_db, tmp_path):
    path = tmp_path / "text.db"
    shutil.copy(sample_db, path)
    yield path


def test_the_briefing_reads_naturally_with_any_name(sample):
    stavrovo = run_palata("--db", str(sample), "brief", "Ставровский индустриальный парк")
    assert stavrovo.returncode == 0, stavrovo.stderr
    text = " ".join(stavrovo.stdout.split())
    assert "встреча с компанией «БелСтальТруб»: Стальные трубы" in text
    assert "встреча с БелСтальТруб" not in text and "встреча с " + "Спецжелезобетон, ОАО" not in text
    integral = " ".join(run_palata("--db", str(sample), "brief", "Компания Интеграл").stdout.split())
    assert "(с компанией «Спецжелезобетон»)" in integral
    assert "(с Спецжелезобетон" not in integral


def test_who_of_ours_matches_lists_members_only(sample):
    open_database(sample)
    try:
        park = Company.get(Company.short_name == "Ставровский индустриальный парк")
        b = briefing.briefing(park.id)
        ours = [m for i in b.open_interests for m in b.ours(i.id)]
        outside = [m for i in b.open_interests for m in b.partners(i.id)]
        assert ours and outside
        members = {c.id: c.member_status for c in Company.select().where(
            Company.id.in_([m.company_id for m in ours + outside]))}
        assert all(members[m.company_id] in ("active", "suspended") for m in ours)
        assert all(members[m.company_id] not in ("active", "suspended") for m in outside)
        assert "БелСтальТруб, ЗАО" in {m.company for m in outside}
    finally:
        close_database()
    out = run_palata("--db", str(sample), "brief", "Ставровский индустриальный парк").stdout
    ours_part = out[out.index("Кто из наших подходит"):out.index("Партнёры вне палаты")]
    assert "Беларусь" not in ours_part and "БелСтальТруб" not in ours_part
    assert "БелСтальТруб" in out[out.index("Партнёры вне палаты"):]
