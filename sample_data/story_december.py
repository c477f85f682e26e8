"""The December 2025 story told as data: the Vladimir delegation in Minsk in September, the visit
of the Minsk branch of BelCCI, the round table with its B2B meetings, the congress in Suzdal;
what followed is in `story_after`."""

from __future__ import annotations

from sample_data.context import Context, Part
from sample_data.interests import Interests
from sample_data.missions import d
from sample_data.participants import Participants
from sample_data.records import Agreement, Company, Meeting, Mission
from sample_data.reference import MISSION_SOURCE, PARTICIPANT_OUTCOMES, VISITED_OUTCOMES
from sample_data.story_after import After
from sample_data.timeline import Timeline


class December(Part):
    """Adds the story's participations, meetings, interests and agreements."""

    def __init__(self, ctx: Context, participants: Participants, interests: Interests,
                 timeline: Timeline, after: After) -> None:
        super().__init__(ctx)
        # the story reads as a script: its verbs, bound to the parts that do them
        self.participate = participants.participate
        self.extra_members = participants.extra_members
        self.outcome = participants.outcome
        self.add_interest = interests.add_interest
        self.activity = timeline.activity
        self.story_follow_ups = after.story_follow_ups

    def add_december_story(self) -> None:
        """September 2025 in Minsk, December 2025 in the Vladimir region, and what followed."""
        s, m = self.ctx.story, self.ctx.missions
        self.story_september(s, m["minsk_2025_09"])
        self.story_visit(s, m["beltpp_2025_12"])
        self.story_round_table(s, m["rt_2025_12_09"])
        self.story_congress(s, m["congress_2025_12"])
        self.story_follow_ups(s, m)

    def story_september(self, s: dict[str, Company], sept: Mission) -> None:
        self.participate(sept, s["tpp"], "organiser", "формирование делегации, программа B2B")
        self.participate(sept, s["branch"], "host", "приём делегации, B2B-переговоры в отделении")
        self.participate(sept, s["vtm"], "participant",
                         "переговоры с «Белмашдеталь» о запчастях к автобусам по чертежам "
                         "заказчика; решено подписать NDA")
        self.participate(sept, s["parts"], "visited",
                         "показано производство, готовы изготовить пробную партию запчастей")
        self.participate(sept, s["integral"], "participant", "переговоры по железобетонным "
                         "изделиям")
        self.participate(sept, s["szhb"], "visited", "переговоры по поставкам в Муром")
        self.extra_members(sept, 7, "participant", PARTICIPANT_OUTCOMES)
        self.reg.meetings.append(Meeting(
            sept, d("17.09.2025"), [s["vtm"], s["parts"]],
            "Изготовление запасных частей к автобусам по чертежам заказчика",
            "«Белмашдеталь» готов изготовить пробную партию; до передачи чертежей стороны "
            "подпишут соглашение о конфиденциальности (NDA)."))
        self.reg.meetings.append(Meeting(
            sept, d("18.09.2025"), [s["integral"], s["szhb"]],
            "Поставки железобетонных изделий и элементов благоустройства в Муром",
            "Обменялись каталогами; продолжение — во время визита белорусской делегации во "
            "Владимирскую область в декабре."))
        self.add_interest(s["vtm"], "buys", "запасные части к автобусам по чертежам заказчика",
                          d("17.09.2025"), geo="Беларусь", status="in_work", mission=sept,
                          source=MISSION_SOURCE["outgoing"],
                          notes="Изготовитель — «Белмашдеталь» (Минск); NDA от 09.12.2025.")
        self.add_interest(s["parts"], "sells", "запасные части к автобусам по чертежам заказчика",
                          d("17.09.2025"), geo="Россия", status="in_work", mission=sept,
                          source=MISSION_SOURCE["outgoing"])
        self.activity(s["vtm"], "meeting", d("17.09.2025"),
                      "Переговоры с «Белмашдеталь» в Минске: запчасти к автобусам по чертежам "
                      "заказчика. Для передачи чертежей нужен NDA.", author="petrov", mission=sept)
        self.activity(s["vtm"], "letter", d("14.10.2025"),
                      "Проект NDA направлен в «Белмашдеталь» через Минское отделение БелТПП.",
                      author="petrov", due=d("14.11.2025"), done=True)

    def story_visit(self, s: dict[str, Company], visit: Mission) -> None:
        self.participate(visit, s["tpp"], "organiser",
                         "приём делегации; программа визита; президент палаты Иван Аксенов")
        self.participate(visit, s["branch"], "participant",
                         "организатор визита с белорусской стороны; руководитель делегации — "
                         "Татьяна Дубова, начальник отдела внешнеэкономической деятельности "
                         "Минского отделения БелТПП")
        self.participate(visit, s["stavrovo"], "visited",
                         "интерес к белорусским стальным трубам и тротуарной плитке; запрошены "
                         "коммерческие предложения")
        self.participate(visit, s["bakery"], "participant",
                         "получены образцы белорусской ржаной обдирной муки для лабораторного "
                         "тестирования")
        self.participate(visit, s["vtm"], "participant", "подписано NDA с «Белмашдеталь»")
        self.participate(visit, s["integral"], "participant",
                         "подписано соглашение о сотрудничестве со «Спецжелезобетон»")
        for key, outcome in (
                ("szhb", "подписано соглашение о сотрудничестве с «Компания Интеграл»; "
                         "предложена тротуарная плитка Ставровскому индустриальному парку"),
                ("pipes", "предложены стальные трубы для Ставровского индустриального парка"),
                ("mill", "образцы ржаной обдирной муки переданы Владимирскому хлебокомбинату"),
                ("parts", "подписано NDA с «ВладТрансМаш»")):
            self.participate(visit, s[key], "participant", outcome)
        self.extra_members(visit, 4, "visited", VISITED_OUTCOMES)
        self.add_interest(s["stavrovo"], "buys", "стальные трубы", d("09.12.2025"),
                          subject="трубы стальные (белорусского производства)", geo="Беларусь",
                          status="in_work", mission=visit,
                          source=MISSION_SOURCE["incoming"],
                          notes="Трубы для инженерных сетей парка (водопровод, теплосеть). "
                                "КП запрошено у «БелСтальТруб».")
        self.add_interest(s["stavrovo"], "buys", "тротуарная плитка", d("09.12.2025"),
                          geo="Беларусь", status="in_work", mission=visit,
                          source=MISSION_SOURCE["incoming"],
                          notes="Благоустройство территории парка; КП запрошено у "
                                "«Спецжелезобетон».")
        self.add_interest(s["bakery"], "buys", "ржаная мука обдирная", d("10.12.2025"),
                          subject="ржаная мука обдирная (белорусская)", geo="Беларусь",
                          status="in_work", mission=visit, source=MISSION_SOURCE["incoming"],
                          notes="Образцы «Мелькомбинат «Колос»» на лабораторных испытаниях.")
        self.add_interest(s["integral"], "buys", "железобетонные изделия", d("10.12.2025"),
                          geo="Беларусь", status="in_work", mission=visit,
                          source=MISSION_SOURCE["incoming"])
        for key, base in (("pipes", "стальные трубы"), ("szhb", "тротуарная плитка"),
                          ("szhb", "железобетонные кольца"), ("mill", "ржаная мука обдирная")):
            self.add_interest(s[key], "sells", base, d("09.12.2025"), geo="Россия",
                              status="open", mission=visit, source=MISSION_SOURCE["incoming"])
        self.add_interest(s["branch"], "partner",
                          "владимирские предприятия для кооперации с белорусскими "
                          "производителями", d("08.12.2025"), geo="Владимирская область",
                          status="open", mission=visit, source=MISSION_SOURCE["incoming"])
        self.reg.agreements.append(Agreement(
            "nda", "Конфиденциальность при передаче чертежей: изготовление запасных частей к "
            "автобусам по чертежам заказчика", d("09.12.2025"), visit, [s["vtm"], s["parts"]],
            "in_force", "Итог переговоров, начатых во время визита делегации Владимирской "
            "области в Минск в сентябре 2025 года."))
        self.reg.agreements.append(Agreement(
            "cooperation", "Сотрудничество в поставках железобетонных изделий и элементов "
            "благоустройства", d("10.12.2025"), visit, [s["szhb"], s["integral"]], "signed",
            "Подписано во время визита делегации Минского отделения БелТПП."))

    def story_round_table(self, s: dict[str, Company], table: Mission) -> None:
        self.participate(table, s["tpp"], "organiser", "модератор — президент палаты Иван Аксенов")
        self.participate(table, s["branch"], "participant",
                         "выступление Татьяны Дубовой: крупная встреча во время визита "
                         "владимирской делегации в Минск два месяца назад, регулярные контакты на "
                         "выставках и онлайн-площадках; презентация белорусских предприятий")
        for key in ("stavrovo", "bakery", "vtm", "integral", "szhb", "pipes", "mill", "parts"):
            self.participate(table, s[key], "participant", "B2B-переговоры")
        self.extra_members(table, 8, "participant", PARTICIPANT_OUTCOMES)
        held = d("09.12.2025")
        for parties, subject, outcome in (
                (("stavrovo", "pipes"), "Стальные трубы белорусского производства для "
                 "инженерных сетей Ставровского индустриального парка",
                 "Запрошены коммерческое предложение и сертификаты; ответ — до конца января "
                 "2026 года."),
                (("stavrovo", "szhb"), "Тротуарная плитка для благоустройства территории парка",
                 "Обсуждены объёмы на сезон 2026 года, согласован выезд на производство в "
                 "Микашевичи."),
                (("bakery", "mill"), "Поставки ржаной обдирной муки",
                 "Образцы муки переданы хлебокомбинату для лабораторного тестирования; решение "
                 "о закупке — по результатам пробных выпечек."),
                (("vtm", "parts"), "Изготовление запасных частей к автобусам по чертежам "
                 "заказчика", "Подписано соглашение о конфиденциальности (NDA); чертежи "
                 "первых позиций будут переданы после его подписания."),
                (("integral", "szhb"), "Кооперация в поставках железобетонных изделий",
                 "Согласован текст соглашения о сотрудничестве, подписание — 10.12.2025."),
                (("tpp", "branch"), "План совместных мероприятий на 2026 год",
                 "Договорились об ответном визите владимирских предприятий в Минскую область "
                 "весной 2026 года.")):
            self.reg.meetings.append(Meeting(table, held, [s[k] for k in parties], subject,
                                             outcome))

    def story_congress(self, s: dict[str, Company], congress: Mission) -> None:
        self.participate(congress, s["tpp"], "participant",
                         "выступление президента палаты Ивана Аксенова на сессии")
        self.participate(congress, s["branch"], "participant",
                         "белорусская делегация во главе с Татьяной Дубовой")
        self.participate(congress, s["stone"], "participant",
                         "презентация Китайско-Белорусского индустриального парка «Великий "
                         "камень»: условия для резидентов, логистика в Китай и ЕАЭС")
        self.participate(congress, s["stavrovo"], "participant",
                         "обмен опытом управления индустриальными парками")
        self.participate(congress, s["szhb"], "participant", "участие в сессии")
        self.extra_members(congress, 8, "participant",
                           ("участие в сессии", "интерес к размещению производства в парке "
                            "«Великий камень»", "переговоры с белорусской делегацией"))
        self.add_interest(s["stone"], "partner", "резиденты для Китайско-Белорусского "
                          "индустриального парка «Великий камень»", d("11.12.2025"),
                          geo="Россия", status="open", mission=congress,
                          source=MISSION_SOURCE["congress"])
