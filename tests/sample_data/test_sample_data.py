"""The sample register: deterministic, valid, and telling the real story of December 2025."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, datetime

import pytest

from models.db import close_database, open_database
from models.entities import (
    Activity,
    Agreement,
    AgreementParty,
    Company,
    Contact,
    Interest,
    Meeting,
    MeetingParty,
    Mission,
    Participation,
)
from models.identifiers import is_valid_inn, is_valid_ogrn, is_valid_ogrnip, is_valid_unp
from tests.conftest import REPO, SAMPLE


@pytest.fixture(scope="module")
def sample(sample_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("story") / "sample.db"
    shutil.copy(sample_db, path)
    open_database(path)
    yield path
    close_database()


def _company(name: str) -> Company:
    return Company.get(Company.short_name == name)


def _mission(title_part: str) -> Mission:
    return Mission.get(Mission.title.contains(title_part))


def test_the_generator_is_deterministic(tmp_path):
    out = tmp_path / "again.xlsx"
    subprocess.run([sys.executable, "sample_data/generate.py", str(out)], cwd=REPO, check=True,
                   capture_output=True)
    assert out.read_bytes() == SAMPLE.read_bytes()


def test_sizes_and_valid_identifiers(sample):
    members = Company.select().where(Company.member_status.is_null(False))
    assert members.count() >= 1300
    assert Interest.select().count() >= 1000
    for c in Company.select():
        if c.inn:
            assert is_valid_inn(c.inn), c.short_name
        if c.ogrn:
            assert is_valid_ogrn(c.ogrn) or is_valid_ogrnip(c.ogrn), c.short_name
        if c.unp:
            assert is_valid_unp(c.unp), c.short_name
    assert Company.select().where(Company.country == "Беларусь", Company.unp.is_null(False)).count() >= 30
    years = {m.starts_on.year for m in Mission.select()}
    assert len(years) >= 5


def test_the_belarusian_delegation_of_december_2025(sample):
    visit = _mission("Минского отделения БелТПП")
    assert (visit.starts_on, visit.ends_on) == (date(2025, 12, 8), date(2025, 12, 12))
    assert visit.kind == "incoming" and visit.partner_country == "Беларусь"
    assert "Дубова" in visit.description and "Аксенов" in visit.description
    branch = _company("Минское отделение Белорусской торгово-промышленной палаты")
    assert Contact.get(Contact.company == branch).name == "Дубова Татьяна"
    chamber = _company("Владимирская торгово-промышленная палата")
    assert Contact.select().where(Contact.company == chamber, Contact.name == "Аксенов Иван").exists()
    taking_part = {p.company_id for p in visit.participations}
    assert {branch.id, chamber.id} <= taking_part


def test_round_table_and_b2b_meetings(sample):
    table = _mission("Круглый стол и B2B-переговоры")
    assert table.starts_on == date(2025, 12, 9)
    assert Meeting.select().where(Meeting.mission == table).count() >= 3


def test_what_the_companies_wanted_and_signed(sample):
    park = _company("Ставровский индустриальный парк")
    buys = Interest.select().where(Interest.company == park, Interest.direction == "buys")
    wants = {i.subject for i in buys}
    assert any("трубы" in s for s in wants) and any("плитка" in s for s in wants)

    bakery = _company("Владимирский хлебокомбинат")
    flour = Interest.select().where(Interest.company == bakery, Interest.subject.contains("ржаная мука"))
    assert flour.exists()
    samples = Activity.select().where(Activity.company == bakery, Activity.kind == "samples")
    assert samples.exists()
    assert Activity.select().where(Activity.company == bakery, Activity.done == False,  # noqa: E712
                                   Activity.due_on.is_null(False)).exists()

    nda = Agreement.get(Agreement.kind == "nda", Agreement.subject.contains("автобус"))
    parties = {p.company.short_name for p in AgreementParty.select().where(AgreementParty.agreement == nda)}
    assert parties == {"ВладТрансМаш", "Белмашдеталь"}
    minsk_visit = _mission("Визит делегации Владимирской области в Минск")
    assert minsk_visit.starts_on.month == 9 and minsk_visit.starts_on.year == 2025
    met = {mp.company.short_name for m in Meeting.select().where(Meeting.mission == minsk_visit)
           for mp in MeetingParty.select().where(MeetingParty.meeting == m)}
    assert {"ВладТрансМаш", "Белмашдеталь"} <= met

    coop = Agreement.select().where(Agreement.kind == "cooperation")
    pairs = [{p.company.short_name for p in a.parties} for a in coop]
    assert {"Спецжелезобетон", "Компания Интеграл"} in pairs


def test_the_suzdal_congress(sample):
    congress = _mission("ВЭД Владимирской области: стратегия прорыва")
    assert congress.kind == "congress" and "Суздаль" in (congress.place or "")
    assert "Великий камень" in (congress.title + (congress.description or ""))
    park = _company("Индустриальный парк «Великий камень»")
    assert Participation.select().where(Participation.mission == congress,
                                        Participation.company == park).exists()


# --- issue 22: the story as the BELTA report of 15.12.2025 tells it --------------------------

DUBOVA_TITLE = "начальник отдела внешнеэкономической деятельности Минского отделения БелТПП"


def test_tatyana_dubova_heads_the_foreign_trade_department_not_the_branch(sample):
    visit = _mission("Минского отделения БелТПП во Владимирскую")
    assert f"Татьяна Дубова, {DUBOVA_TITLE}" in " ".join(visit.description.split())
    assert "директор Минского отделения" not in visit.description
    dubova = Contact.get(Contact.name == "Дубова Татьяна")
    assert dubova.position == "Начальник отдела внешнеэкономической деятельности"
    assert dubova.company.short_name == "Минское отделение Белорусской торгово-промышленной палаты"
    outcomes = " ".join(p.outcome or "" for p in Participation.select().where(
        Participation.company == dubova.company))
    assert "директор Татьяна" not in outcomes


def test_the_consul_general_supported_the_mission(sample):
    visit = _mission("Минского отделения БелТПП во Владимирскую")
    text = " ".join(visit.description.split())
    assert ("Миссия получила поддержку генерального консула Республики Беларусь в Нижнем "
            "Новгороде Олега Швеца") in text
    consul = Contact.get(Contact.name == "Швец Олег")
    assert consul.position == "Генеральный консул Республики Беларусь в Нижнем Новгороде"
    consulate = consul.company
    assert consulate.city == "Нижний Новгород" and not consulate.member_status
    taking_part = Participation.get(Participation.mission == visit, Participation.company == consulate)
    assert "Олег Швец" in taking_part.outcome and "поддержка миссии" in taking_part.outcome
    assert "Нижнем Новгороде" in (visit.partners or "")


def test_her_words_at_the_round_table_link_the_visit_to_minsk(sample):
    table = _mission("Круглый стол и B2B-переговоры")
    text = " ".join(table.description.split())
    assert "«Два месяца назад во время визита вашей делегации в Минск состоялась крупная встреча…»" in text
    assert "Татьяна Дубова" in text and "выставках и онлайн-площадках" in text
    branch = _company("Минское отделение Белорусской торгово-промышленной палаты")
    said = Participation.get(Participation.mission == table, Participation.company == branch).outcome
    assert "два месяца назад" in said and "выставках и онлайн-площадках" in said
    # the September visit and the online meetings stay linked to the story by their partner
    september = _mission("Визит делегации Владимирской области в Минск")
    online = _mission("Онлайн-встреча с Минским отделением БелТПП")
    assert (september.starts_on.year, september.starts_on.month) == (2025, 9)
    for event in (september, online, table):
        assert "Минское отделение Белорусской торгово-промышленной палаты" in event.partners


def test_the_report_facts_of_the_visit(sample):
    visit = _mission("Минского отделения БелТПП во Владимирскую")
    text = " ".join(visit.description.split())
    for fact in ("организованный Минским отделением Белорусской торгово-промышленной палаты",
                 "в рамках Союзного государства", "точки роста экспорта",
                 "производственные кооперационные цепочки", "Ставровский индустриальный парк",
                 "трубами и тротуарной плиткой", "ржаная обдирная мука будет поставляться",
                 "образцы переданы для лабораторного тестирования",
                 "запасных частей к автобусам по чертежам заказчика",
                 "начатых во время визита владимирской делегации в Минск в сентябре 2025 года"):
        assert fact in text, fact


def test_the_sample_holds_duplicate_pairs_for_the_duplicates_screen(sample):
    from models.duplicates import find_duplicates

    groups = find_duplicates()
    assert len(groups) >= 4
    assert {"certain", "high", "medium"} <= {g.confidence for g in groups}


def test_the_demo_history_is_dated_as_it_happened(sample):
    from models.entities import ChangeLog

    staff = {"ivanova", "petrov", "smirnova", "orlov", "kuznetsov", "sokolova"}
    # the records' history (the chamber's region, set by whoever ran the demo, is today's edit)
    entries = list(ChangeLog.select().where(ChangeLog.table != "setting"))
    assert {e.user for e in entries} <= staff
    since = [e for e in entries if e.at >= datetime(2025, 12, 1)]
    assert 0 < len(since) < len(entries) / 3
    assert not any(e.action == "create" and e.table == "company" for e in since
                   if e.row_id <= 1384 and Company.get_by_id(e.row_id).member_since
                   and Company.get_by_id(e.row_id).member_since < date(2025, 12, 1))
    bakery = _company("Владимирский хлебокомбинат")
    created = ChangeLog.get(ChangeLog.table == "company", ChangeLog.row_id == bakery.id,
                            ChangeLog.action == "create")
    assert created.at.date() == bakery.member_since
    nda = Agreement.get(Agreement.kind == "nda", Agreement.subject.contains("автобус"))
    signed = ChangeLog.get(ChangeLog.table == "agreement", ChangeLog.row_id == nda.id)
    assert signed.at.date() == date(2025, 12, 9)
    # a follow-up done later is ticked off by its author after it was written down
    letter = Activity.get(Activity.text.contains("Проект NDA направлен"))
    ticks = list(ChangeLog.select().where(ChangeLog.table == "activity", ChangeLog.row_id == letter.id)
                 .order_by(ChangeLog.at))
    assert [(t.action, t.field, t.new) for t in ticks] == [("create", None, ticks[0].new),
                                                          ("update", "done", "1")]
    assert ticks[0].user == ticks[1].user == "petrov" and ticks[0].at < ticks[1].at


def test_the_demo_on_postgresql_is_dated_the_same_way(pg_server):
    """The server's change log is final once written: the demo dates a private copy first."""
    import psycopg2

    from tests.conftest import run_palata

    url = pg_server.create()
    result = run_palata("--db", url, "demo")
    assert result.returncode == 0, result.stderr
    assert "компании: 1389" in result.stdout
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("""SELECT DISTINCT "user" FROM change_log WHERE "table" != 'setting'""")
        assert {u for (u,) in cur} <= {"ivanova", "petrov", "smirnova", "orlov", "kuznetsov", "sokolova"}
        cur.execute("""SELECT l.at::date FROM change_log l JOIN agreement a ON a.id = l.row_id
                       WHERE l."table" = 'agreement' AND a.kind = 'nda' AND a.subject LIKE '%автобус%'""")
        assert cur.fetchone()[0] == date(2025, 12, 9)
        cur.execute("SELECT count(*) FROM company")
        assert cur.fetchone()[0] > 1300
    again = run_palata("--db", url, "demo")  # the sample is known there: nothing loaded twice
    assert again.returncode == 0, again.stderr
