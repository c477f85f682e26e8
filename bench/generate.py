"""Synthetic registers for benchmarks: N companies with valid identifiers, cities, industries,
contacts and interests, loaded through the project's own bulk write path."""

from __future__ import annotations

import random
from collections.abc import Iterator

from models import search, store
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
