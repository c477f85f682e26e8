"""The actors of the December 2025 story (companies 1-11, see sample_data/README.md): the chamber,
the Minsk branch of BelCCI and the companies that met, with their people, and the Consulate
General of Belarus that supported the visit."""

from __future__ import annotations

from datetime import date

from sample_data.companies import Companies
from sample_data.contacts import Contacts
from sample_data.context import Context, Part
from sample_data.missions import CONSULATE, MINSK_BRANCH
from sample_data.participants import Participants
from sample_data.records import Contact
from sample_data.reference import (
    BY_TOWN,
    CHAMBER_INDUSTRY,
    GOVERNMENT_INDUSTRY,
    INDUSTRY,
    MIKASHEVICHI,
    SMOLEVICHI_DISTRICT,
    TOWN,
)


class StoryCast(Part):
    """Adds the story's organisations and people; `ctx.story` names them by key."""

    def __init__(self, ctx: Context, companies: Companies, contacts: Contacts,
                 participants: Participants) -> None:
        super().__init__(ctx)
        # the story reads as a script: its verbs, bound to the parts that do them
        self.new_company = companies.new_company
        self.place_in_russia = companies.place_in_russia
        self.place_abroad = companies.place_abroad
        self.make_member = companies.make_member
        self.add_contacts = contacts.add_contacts
        self.participate = participants.participate

    def add_story_companies(self) -> None:
        """The organisations of the 2025 story, as companies 1-11."""
        vl, sob, murom = TOWN["Владимир"], TOWN["Ставрово"], TOWN["Муром"]
        tpp = self.new_company("Владимирская торгово-промышленная палата", "Союз",
                               CHAMBER_INDUSTRY,
                               "Союз «Владимирская торгово-промышленная палата»")
        self.place_in_russia(tpp, vl, 1992)
        tpp.notes = "Организатор миссий; в реестре как сторона переговоров и организатор."
        stavrovo = self.new_company("Ставровский индустриальный парк", "ООО", INDUSTRY["68.20"])
        self.place_in_russia(stavrovo, sob, 2020)
        self.make_member(stavrovo, date(2021, 3, 16))
        stavrovo.dues_paid_until = date(2026, 12, 31)
        stavrovo.tags = ["индустриальный парк", "МСП"]
        stavrovo.notes = ("Управляющая компания индустриального парка в пос. Ставрово "
                          "(Собинский район). Строит инженерные сети и дороги для резидентов: "
                          "нужны стальные трубы и тротуарная плитка, рассматривает белорусских "
                          "производителей труб и плитки.")
        bakery = self.new_company("Владимирский хлебокомбинат", "АО", INDUSTRY["10.71"])
        self.place_in_russia(bakery, vl, 1993)
        self.make_member(bakery, date(1996, 5, 14))
        bakery.dues_paid_until = date(2026, 12, 31)
        bakery.tags = ["участник нацпроекта «Производительность труда»"]
        vtm = self.new_company("ВладТрансМаш", "ООО", INDUSTRY["29.32"])
        self.place_in_russia(vtm, vl, 2011)
        self.make_member(vtm, date(2014, 9, 2))
        vtm.dues_paid_until = date(2026, 12, 31)
        vtm.tags = ["МСП", "импортёр"]
        vtm.notes = "Ремонт и модернизация автобусов; ищет изготовителей запчастей по своим чертежам."
        integral = self.new_company("Компания Интеграл", "ООО", INDUSTRY["46.73"])
        self.place_in_russia(integral, murom, 2012)
        self.make_member(integral, date(2018, 2, 20))
        integral.dues_paid_until = date(2026, 12, 31)
        integral.tags = ["МСП"]

        minsk = BY_TOWN["Минск"]
        branch = self.new_company(MINSK_BRANCH, "УП", CHAMBER_INDUSTRY)
        self.place_abroad(branch, minsk)
        branch.notes = "Партнёр палаты по визитам и B2B-переговорам с белорусскими предприятиями."
        stone = self.new_company("Индустриальный парк «Великий камень»", "ГУ", GOVERNMENT_INDUSTRY,
                                 "Государственное учреждение «Администрация Китайско-Белорусского "
                                 "индустриального парка «Великий камень»»")
        self.place_abroad(stone, SMOLEVICHI_DISTRICT)
        stone.notes = "Китайско-Белорусский индустриальный парк; презентация на конгрессе 11.12.2025."
        szhb = self.new_company("Спецжелезобетон", "ОАО", INDUSTRY["23.61"])
        self.place_abroad(szhb, MIKASHEVICHI)
        pipes = self.new_company("БелСтальТруб", "ЗАО", INDUSTRY["24.20"])
        self.place_abroad(pipes, BY_TOWN["Жодино"])
        mill = self.new_company("Мелькомбинат «Колос»", "ОАО", INDUSTRY["10.61"])
        self.place_abroad(mill, minsk)
        parts = self.new_company("Белмашдеталь", "ОАО", INDUSTRY["29.32"])
        self.place_abroad(parts, minsk)
        self.ctx.story = {"tpp": tpp, "stavrovo": stavrovo, "bakery": bakery, "vtm": vtm,
                          "integral": integral, "branch": branch, "stone": stone, "szhb": szhb,
                          "pipes": pipes, "mill": mill, "parts": parts}

    def add_story_contacts(self) -> None:
        s = self.ctx.story
        # Two real people, named in public reports of the visit. Elsewhere the people are
        # invented; at organisations that exist in reality they are not given the top post.
        fixed = {
            "tpp": [("Аксенов Иван", "Президент")],
            "branch": [("Дубова Татьяна", "Начальник отдела внешнеэкономической деятельности")],
            "bakery": [(self.draw.person(), "Коммерческий директор"),
                       (self.draw.person(female=True), "Главный технолог, заведующая лабораторией"),
                       (self.draw.person(), "Начальник отдела снабжения")],
            "vtm": [(self.draw.person(female=False), "Генеральный директор"),
                    (self.draw.person(female=False), "Главный инженер")],
            "stavrovo": [(self.draw.person(female=False), "Коммерческий директор"),
                         (self.draw.person(female=True), "Менеджер по ВЭД")],
            "integral": [(self.draw.person(), "Коммерческий директор")],
            "stone": [(self.draw.person("Беларусь"), "Начальник отдела по работе с инвесторами")],
            "szhb": [(self.draw.person("Беларусь"), "Начальник отдела внешнеэкономической "
                                                    "деятельности"),
                     (self.draw.person("Беларусь"), "Менеджер по продажам")],
            "pipes": [(self.draw.person("Беларусь", female=False), "Директор"),
                      (self.draw.person("Беларусь"), "Ведущий специалист по ВЭД")],
            "parts": [(self.draw.person("Беларусь", female=False), "Директор"),
                      (self.draw.person("Беларусь", female=False), "Главный конструктор")],
            "mill": [(self.draw.person("Беларусь"), "Директор"),
                     (self.draw.person("Беларусь", female=True),
                      "Начальник отдела маркетинга и сбыта")],
        }
        for key, company in s.items():
            first = len(self.reg.contacts)
            self.add_contacts(company, fixed.get(key, ()))
            # The head is the primary contact in every story company.
            for index, contact in enumerate(self.reg.contacts[first:]):
                contact.is_primary = index == 0
                if key in ("tpp", "branch"):  # real people: only the organisation's phone
                    contact.phones = company.phones[:1]

    def add_consulate(self) -> None:
        """The Consul General of Belarus in Nizhny Novgorod, who supported the December visit."""
        consulate = self.new_company(CONSULATE, "", GOVERNMENT_INDUSTRY, CONSULATE)
        consulate.region, consulate.city = "Нижегородская область", "Нижний Новгород"
        consulate.notes = ("Генеральный консул Республики Беларусь в Нижнем Новгороде Олег Швец "
                           "поддержал визит делегации Минского отделения БелТПП в декабре 2025 "
                           "года.")
        self.reg.contacts.append(Contact(consulate, "Швец Олег",
                                         "Генеральный консул Республики Беларусь в Нижнем "
                                         "Новгороде", [], [], is_primary=True))
        self.participate(self.ctx.missions["beltpp_2025_12"], consulate, "participant",
                         "поддержка миссии: генеральный консул Республики Беларусь в Нижнем "
                         "Новгороде Олег Швец")
        self.ctx.story["consulate"] = consulate
