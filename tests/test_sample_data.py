"""The sample register: deterministic, valid, and telling the real story of December 2025."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date

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
