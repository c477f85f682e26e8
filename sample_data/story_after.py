"""After the December 2025 visit: the rye flour samples in the laboratory, the bus parts' drawings,
the offers for the Stavrovo park, the follow-up call in February and the return visit in May
2026, and the follow-ups still open."""

from __future__ import annotations

from sample_data.context import Context, Part
from sample_data.missions import d
from sample_data.participants import Participants
from sample_data.records import Company, Mission
from sample_data.reference import ORGANISER_OUTCOMES
from sample_data.timeline import Timeline


class After(Part):
    """Adds the story's activities and its 2026 participations."""

    def __init__(self, ctx: Context, participants: Participants, timeline: Timeline) -> None:
        super().__init__(ctx)
        # the story reads as a script: its verbs, bound to the parts that do them
        self.participate = participants.participate
        self.activity = timeline.activity

    def story_follow_ups(self, s: dict[str, Company], m: dict[str, Mission]) -> None:
        visit, table = m["beltpp_2025_12"], m["rt_2025_12_09"]
        congress, online = m["congress_2025_12"], m["minsk_online_2026"]
        bakery, mill, vtm, parts = s["bakery"], s["mill"], s["vtm"], s["parts"]
        stavrovo, branch, stone = s["stavrovo"], s["branch"], s["stone"]
        # The rye flour: samples for the laboratory, and the test results still to come.
        self.activity(bakery, "samples", d("10.12.2025"),
                      "Образцы ржаной обдирной муки от «Мелькомбинат «Колос»» (Минск) переданы в "
                      "лабораторию хлебокомбината для тестирования: пробные выпечки ржаного и "
                      "заварного хлеба.", author="petrov", mission=visit)
        self.activity(mill, "samples", d("10.12.2025"),
                      "Образцы ржаной обдирной муки переданы Владимирскому хлебокомбинату для "
                      "лабораторного тестирования.", author="petrov", mission=visit)
        self.activity(bakery, "call", d("03.02.2026"),
                      "Лаборатория: первые пробные выпечки удачны, для решения нужна мука нового "
                      "урожая. Попросили «Колос» прислать образцы урожая 2026 года.",
                      author="petrov", mission=visit, due=d("27.02.2026"), done=True)
        self.activity(bakery, "samples", d("16.10.2026"),
                      "Получены и переданы в лабораторию образцы ржаной обдирной муки урожая "
                      "2026 года от «Мелькомбинат «Колос»».", author="petrov", mission=visit)
        self.activity(bakery, "call", d("16.11.2026"),
                      "Получить от хлебокомбината результаты лабораторных испытаний ржаной "
                      "обдирной муки «Колос» и решение о пробной закупке.", author="petrov",
                      mission=visit, due=d("11.12.2026"))
        # The bus parts: NDA signed, drawings sent, an estimate awaited.
        self.activity(vtm, "meeting", d("09.12.2025"),
                      "Подписано NDA с «Белмашдеталь» на B2B-переговорах во Владимирской ТПП.",
                      author="petrov", mission=table)
        self.activity(parts, "meeting", d("09.12.2025"),
                      "Подписано NDA с «ВладТрансМаш»: запчасти к автобусам по чертежам заказчика.",
                      author="petrov", mission=table)
        self.activity(vtm, "letter", d("20.02.2026"),
                      "Переданы чертежи первых 12 позиций (кронштейны, втулки, тяги).",
                      author="petrov", mission=visit)
        self.activity(vtm, "call", d("12.11.2026"),
                      "Получить от «Белмашдеталь» расчёт стоимости и сроков пробной партии.",
                      author="petrov", mission=visit, due=d("18.12.2026"))
        # Pipes and paving tiles for the Stavrovo park.
        self.activity(stavrovo, "meeting", d("10.12.2025"),
                      "Делегация Минского отделения БелТПП посетила индустриальный парк; интерес "
                      "к белорусским стальным трубам и тротуарной плитке.", author="ivanova",
                      mission=visit)
        self.activity(stavrovo, "letter", d("22.12.2025"),
                      "Запрошены коммерческие предложения у «БелСтальТруб» (трубы) и "
                      "«Спецжелезобетон» (тротуарная плитка).", author="ivanova", mission=visit,
                      due=d("30.01.2026"), done=True)
        self.activity(stavrovo, "call", d("10.11.2026"),
                      "Сверить КП на трубы и плитку с планом работ парка на сезон 2027 года.",
                      author="ivanova", mission=visit, due=d("20.01.2027"))
        # The chambers and the Great Stone park.
        self.activity(branch, "meeting", d("12.12.2025"),
                      "Итоги визита с Татьяной Дубовой: трубы и плитка для Ставрово, мука, NDA, "
                      "соглашение «Спецжелезобетон» — «Компания Интеграл».",
                      author="ivanova", mission=visit)
        self.activity(branch, "meeting", d("17.02.2026"),
                      "Онлайн-встреча по итогам декабрьского визита; решено провести ответный "
                      "визит в мае.", author="ivanova", mission=online)
        self.activity(branch, "letter", d("05.11.2026"),
                      "Приглашение на B2B-сессию «Владимир — Минск: кооперация в "
                      "машиностроении» 09.12.2026.", author="ivanova",
                      mission=m["b2b_machine_2026"], due=d("01.12.2026"))
        self.activity(stone, "letter", d("15.12.2025"),
                      "Презентация парка «Великий камень» разослана членам палаты.",
                      author="orlov", mission=congress)
        self.story_2026(s, m)

    def story_2026(self, s: dict[str, Company], m: dict[str, Mission]) -> None:
        """The follow-up call in February and the return visit in May 2026."""
        online, trip = m["minsk_online_2026"], m["minsk_region_2026"]
        self.participate(online, s["tpp"], "organiser", ORGANISER_OUTCOMES["online"])
        self.participate(online, s["branch"], "participant", "сверка договорённостей визита")
        for key, outcome in (
                ("stavrovo", "КП на трубы и плитку получены, сравнение с российскими поставщиками"),
                ("bakery", "первые пробные выпечки удачны, нужны образцы муки нового урожая"),
                ("mill", "образцы урожая 2026 года — осенью"),
                ("vtm", "чертежи первых 12 позиций переданы"),
                ("parts", "расчёт пробной партии после изучения чертежей"),
                ("szhb", "первая поставка по соглашению с «Компания Интеграл» — весной"),
                ("integral", "готовит первую заявку «Спецжелезобетон»")):
            self.participate(online, s[key], "participant", outcome)
        self.participate(trip, s["branch"], "host", "программа визита и B2B-переговоры")
        self.participate(trip, s["stone"], "visited",
                         "экскурсия по парку «Великий камень», условия для резидентов")
        self.participate(trip, s["pipes"], "visited",
                         "показано производство труб; Ставровскому индустриальному парку "
                         "передано уточнённое КП")
        self.participate(trip, s["stavrovo"], "participant", "переговоры с «БелСтальТруб»")
        for key in ("vtm", "parts"):
            self.participate(m["b2b_machine_2026"], s[key], "participant", "участие подтверждено")
