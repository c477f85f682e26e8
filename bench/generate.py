"""Synthetic registers for benchmarks: N companies with valid identifiers, cities, industries,
contacts and interests, loaded through the project's own bulk write path."""

from __future__ import annotations

import random
from collections.abc import Iterator

from models import backend, search, store
from models.db import database
from models.entities import Company, Interest
from models.identifiers import make_inn

CITIES = ("Владимир", "Ковров", "Муром", "Александров", "Гусь-Хрустальный", "Кольчугино", "Вязники",
          "Суздаль", "Собинка", "Киржач", "Петушки", "Радужный", "Минск", "Гомель")
ROOTS = ("Строй", "Трубо", "Агро", "Мебель", "Текстиль", "Хлеб", "Электро", "Авто", "Полимер", "Бетон",
         "Металл", "Лес", "Стекло", "Пласт", "Маш", "Энерго", "Торг", "Транс", "Хим", "Пром")
TAILS = ("деталь", "комплекс", "сервис", "завод", "монтаж", "снаб", "профиль", "инвест", "техника", "мир")
SUBJECTS = ("стальные трубы", "тротуарная плитка", "ржаная мука", "пиломатериалы",
            "запасные части к автобусам", "упаковка из гофрокартона", "кирпич облицовочный",
            "мебельный щит", "полиэтиленовая плёнка",
            "трансформаторы", "сыр и молочная продукция", "стекло листовое")
INDUSTRIES = ("Производство стальных труб", "Производство изделий из бетона", "Производство хлеба",
              "Строительство зданий", "Оптовая торговля", "Производство мебели")


def companies(n: int, seed: int = 7) -> Iterator[dict]:
    rnd = random.Random(seed)
    for i in range(n):
        name = f"{rnd.choice(ROOTS)}{rnd.choice(TAILS)}-{i}"
        yield {
            "short_name": name, "legal_form": "ООО", "inn": make_inn(f"33{i:07d}"),
            "city": rnd.choice(CITIES), "industry": rnd.choice(INDUSTRIES),
            "member_status": rnd.choice(("active", "active", "active", "suspended", "left")),
            "notes": f"Клиент с {rnd.randint(1995, 2025)} года",
        }


def fill(n: int, seed: int = 7) -> None:
    """Load n companies and one interest each into the open database."""
    rnd = random.Random(seed)
    with database.atomic():
        ids = store.bulk_create(Company, list(companies(n, seed)), user="bench", reindex=False)
        store.bulk_create(Interest, [
            {"company": cid, "direction": rnd.choice(("buys", "sells")), "subject": rnd.choice(SUBJECTS)}
            for cid in ids], user="bench", reindex=False)
        search.rebuild()
        # as autovacuum would within a minute: the interests' statistics (rebuild does the rest),
        # without which PostgreSQL reads every interest for a page's counts
        backend.current().analyze(database, ("interest",))


def fill_missions(n: int = 30, per_mission: int = 40, seed: int = 7) -> None:
    """n missions over the open register, each with participants, meetings with two parties,
    an agreement and follow-ups, and a few duplicate pairs (a company entered twice by name and
    town) — so the screens that show them have something the size of a real one to show."""
    from datetime import date, timedelta

    from models import editing
    from models.entities import Activity, Agreement, Meeting, Mission, Participation

    rnd = random.Random(seed)
    ids = [c.id for c in Company.select(Company.id).order_by(Company.id)]
    with database.atomic():
        for k in range(n):
            start = date(2020, 1, 15) + timedelta(days=60 * k)
            mission = store.create(Mission, {
                "kind": rnd.choice(("incoming", "outgoing", "b2b", "exhibition")),
                "title": f"Деловая миссия {k + 1}", "starts_on": start,
                "ends_on": start + timedelta(days=3), "place": rnd.choice(CITIES),
                "partner_country": rnd.choice(("Беларусь", "Китай", "Узбекистан")),
                "description": "Переговоры о поставках; " * 20}, user="bench")
            members = rnd.sample(ids, per_mission)
            store.bulk_create(Participation, [
                {"mission": mission, "company": cid, "role": rnd.choice(("participant", "visited", "host")),
                 "outcome": rnd.choice(("договорились о поставке", "обмен контактами", None))}
                for cid in members], user="bench", reindex=False)
            for j in range(per_mission // 4):
                day, pair = start + timedelta(days=j % 3), members[2 * j:2 * j + 2]
                editing.create_with_parties(Meeting, {"mission": mission, "held_on": day,
                                                      "subject": f"Переговоры {j}", "outcome": "продолжить"},
                                            pair)
                if j % 3 == 0:
                    editing.create_with_parties(Agreement, {"mission": mission, "kind": "nda",
                                                            "signed_on": day, "subject": f"Соглашение {j}"},
                                                pair)
            store.bulk_create(Activity, [
                {"company": cid, "mission": mission, "kind": "call", "happened_on": start,
                 "text": "Перезвонить", "due_on": start + timedelta(days=30), "done": rnd.random() < 0.5}
                for cid in members[: per_mission // 2]], user="bench", reindex=False)
        twins = [Company.get_by_id(cid) for cid in rnd.sample(ids, 5)]
        store.bulk_create(Company, [{"short_name": c.short_name, "legal_form": c.legal_form, "city": c.city,
                                     "industry": c.industry, "member_status": "active"} for c in twins],
                          user="bench", reindex=False)
        search.rebuild()
