"""A register the size of a large network of chambers: N companies (a million by default), each
with contacts, interests and a trail of activities, and a history of missions with participants,
meetings, agreements and follow-ups — on SQLite or PostgreSQL, through the project's own bulk
write path (validated, logged in the change log, indexed for search).

    python -m bench.million --db FILE.db|postgresql://… [--companies 1000000] [--chunk 20000]

Written a chunk of companies at a time (one transaction each, progress printed), so a run stopped
half-way leaves a consistent smaller register. The same seed gives the same register on both
stores (the same ids, names and records), so their answers can be compared.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import CITIES, SUBJECTS, companies  # noqa: E402
from models import backend, search, store  # noqa: E402
from models.db import close_database, database, open_database  # noqa: E402
from models.entities import (  # noqa: E402
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

SURNAMES = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
            "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
            "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
            "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
            "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв")
FIRST_NAMES = ("Алексей", "Андрей", "Сергей", "Дмитрий", "Ольга", "Елена", "Татьяна", "Наталья",
               "Ирина", "Михаил", "Николай", "Светлана", "Юлия", "Павел", "Анна", "Игорь")
POSITIONS = ("генеральный директор", "коммерческий директор", "главный инженер", "менеджер по закупкам",
             "главный бухгалтер", "начальник отдела продаж", None)
GEO = ("Беларусь", "Казахстан", "Китай", "Узбекистан", "Россия", None, None)
COUNTRIES = ("Беларусь", "Китай", "Узбекистан", "Казахстан", "Армения", "Вьетнам")
KINDS = ("incoming", "outgoing", "b2b", "exhibition")


def _contacts(rnd: random.Random, cid: int) -> list[dict[str, Any]]:
    out = []
    for k in range(rnd.choice((0, 1, 1, 2, 2, 3))):
        surname = rnd.choice(SURNAMES)
        first = rnd.choice(FIRST_NAMES)
        if first[-1] == "а" or first == "Светлана":  # a woman's surname takes -а
            surname += "а"
        out.append({"company": cid, "name": f"{surname} {first}", "position": rnd.choice(POSITIONS),
                    "phones": f"+7 (49{rnd.randint(0, 9)}2) {rnd.randint(10, 99)}-{rnd.randint(10, 99)}-"
                              f"{rnd.randint(10, 99)}",
                    "emails": f"office{cid}.{k}@example.ru", "is_primary": k == 0})
    return out


def _interests(rnd: random.Random, cid: int) -> list[dict[str, Any]]:
    return [{"company": cid, "direction": rnd.choice(("buys", "sells", "partner")),
             "subject": rnd.choice(SUBJECTS), "partner_geo": rnd.choice(GEO),
             "status": rnd.choice(("open", "open", "in_work", "done", "dropped"))}
            for _ in range(rnd.choice((1, 1, 2, 2, 3)))]


def _activities(rnd: random.Random, cid: int) -> list[dict[str, Any]]:
    out = []
    for _ in range(rnd.choice((0, 0, 1, 2))):
        day = date(2015, 1, 1) + timedelta(days=rnd.randint(0, 4000))
        due = day + timedelta(days=30) if rnd.random() < 0.3 else None
        out.append({"company": cid, "kind": rnd.choice(("call", "letter", "note", "meeting")),
                    "happened_on": day, "text": "Обсудили условия поставки", "author": "bench",
                    "due_on": due, "done": due is None or rnd.random() < 0.7})
    return out


def fill_companies(n: int, chunk: int = 20_000, seed: int = 7,
                   progress: Callable[[str], None] = print) -> None:
    """n companies with their contacts, interests and activities, indexed, a chunk at a time."""
    rnd = random.Random(seed + 1)
    rows = companies(n, seed)
    started = time.perf_counter()
    for first in range(0, n, chunk):
        batch = [next(rows) for _ in range(min(chunk, n - first))]
        with database.atomic():
            ids = store.bulk_create(Company, batch, user="bench", reindex=False)
            for model, make in ((Contact, _contacts), (Interest, _interests), (Activity, _activities)):
                records = [r for cid in ids for r in make(rnd, cid)]
                # bulk_create wants every row with the same keys
                for keys in {tuple(r) for r in records}:
                    store.bulk_create(model, [r for r in records if tuple(r) == keys], user="bench",
                                      reindex=False)
            search.reindex(ids)
        done = first + len(batch)
        progress(f"companies {done:,}/{n:,}  {time.perf_counter() - started:.0f} s")


def fill_missions(count: int, per_mission: int = 60, seed: int = 7,
                  progress: Callable[[str], None] = print) -> None:
    """`count` missions over the register, one every ten days back from 2026, each with
    participants, meetings and agreements between two of them, and follow-ups."""
    rnd = random.Random(seed + 2)
    top = database.execute_sql("SELECT max(id) FROM company").fetchone()[0]
    started = time.perf_counter()
    step = 100
    for first in range(0, count, step):
        with database.atomic():
            missions: list[dict[str, Any]] = []
            for k in range(first, min(count, first + step)):
                start = date(2026, 6, 1) - timedelta(days=10 * k)
                missions.append({"kind": rnd.choice(KINDS), "title": f"Деловая миссия {k + 1}",
                                 "starts_on": start, "ends_on": start + timedelta(days=3),
                                 "place": rnd.choice(CITIES), "partner_country": rnd.choice(COUNTRIES),
                                 "description": "Переговоры о поставках и кооперации."})
            mids = store.bulk_create(Mission, missions, user="bench", reindex=False)
            parts, meetings, meeting_pairs, agreements, agreement_pairs, follow = [], [], [], [], [], []
            for mid, mission in zip(mids, missions, strict=True):
                members = rnd.sample(range(1, top + 1), per_mission)
                parts += [{"mission": mid, "company": cid, "role": rnd.choice(("participant", "visited")),
                           "outcome": rnd.choice(("договорились о поставке", "обмен контактами", None))}
                          for cid in members]
                for j in range(per_mission // 6):
                    day = mission["starts_on"] + timedelta(days=j % 3)
                    pair = members[2 * j:2 * j + 2]
                    meetings.append({"mission": mid, "held_on": day, "subject": f"Переговоры {j}",
                                     "outcome": "продолжить"})
                    meeting_pairs.append(pair)
                    if j % 3 == 0:
                        agreements.append({"mission": mid, "kind": "nda", "signed_on": day,
                                           "subject": f"Соглашение {j}"})
                        agreement_pairs.append(pair)
                follow += [{"company": cid, "mission": mid, "kind": "call",
                            "happened_on": mission["starts_on"],
                            "text": "Перезвонить", "due_on": mission["starts_on"] + timedelta(days=30),
                            "done": rnd.random() < 0.8} for cid in members[: per_mission // 3]]
            store.bulk_create(Participation, parts, user="bench", reindex=False)
            store.bulk_create(Activity, follow, user="bench", reindex=False)
            for model, link, key, rows, pairs in (
                    (Meeting, MeetingParty, "meeting", meetings, meeting_pairs),
                    (Agreement, AgreementParty, "agreement", agreements, agreement_pairs)):
                ids = store.bulk_create(model, rows, user="bench", reindex=False)
                link.insert_many([{key: rid, "company": cid} for rid, pair in zip(ids, pairs, strict=True)
                                  for cid in pair]).execute()
        progress(f"missions {min(count, first + step):,}/{count:,}  {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a new .db file or an empty PostgreSQL database")
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--missions", type=int, default=None, help="default: one per 500 companies")
    parser.add_argument("--chunk", type=int, default=20_000)
    args = parser.parse_args()
    started = time.perf_counter()
    open_database(args.db)

    def say(text: str) -> None:
        print(f"[{args.db.rpartition('/')[2]}] {text}", flush=True)

    fill_companies(args.companies, args.chunk, progress=say)
    fill_missions(args.missions if args.missions is not None else max(1, args.companies // 500), progress=say)
    backend.current().analyze(database.obj)  # PostgreSQL: the planner learns the sizes
    say(f"done in {time.perf_counter() - started:.0f} s")
    close_database()


if __name__ == "__main__":
    main()
