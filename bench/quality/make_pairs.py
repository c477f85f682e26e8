"""Writes the labelled interest pairs of `pairs.csv` from the sample register (run once; the file
is what is kept and reviewed).

    python bench/quality/make_pairs.py DEMO.db

Which pairs: for each chosen interest (the December 2025 story's, the issue's noisy ones, and
every 23rd open one of the register), what matching showed before and shows now (top 10 each)
and the interests of the same product in the opposite direction. The label is the product's:
the sample's subjects are a product with a decoration (", опт", "для собственного производства",
"дистрибуция: …"); two interests are a good match when their products are the same or listed
as one in EQUIVALENT (reviewed by hand), else not a match.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.quality import baseline  # noqa: E402
from models import briefing  # noqa: E402
from models.db import database, open_database  # noqa: E402

HERE = Path(__file__).resolve().parent
_HEAD = re.compile(r"^(дистрибуция|совместное производство|контрактное производство|дилер в регионе|"
                   r"расширение производства|новый цех|модернизация оборудования|складской комплекс|"
                   r"площадка в индустриальном парке): ")
_TAIL = re.compile(r"( — экспортные поставки|, опт|, регулярные поставки| \(пробная партия\)|"
                   r" для собственного производства|, долгосрочный договор)$")
# Products that are one for a buyer (the story's wording against the catalogue's).
EQUIVALENT = [
    {"стальные трубы", "трубы стальные (белорусского производства)"},
    {"запасные части к автобусам", "запасные части к автобусам по чертежам заказчика"},
    {"ржаная мука обдирная", "ржаная мука обдирная (белорусская)"},
    {"железобетонные изделия", "железобетонные кольца", "плиты перекрытия", "фундаментные блоки ФБС"},
    {"запчасти к грузовым автомобилям", "комплектующие для автомобилей"},
]
STORY = ["трубы стальные (белорусского производства)", "тротуарная плитка",
         "ржаная мука обдирная (белорусская)",
         "запасные части к автобусам по чертежам заказчика", "железобетонные изделия",
         "трубы ПНД для собственного производства", "стальные фитинги"]


def product(subject: str) -> str:
    return _TAIL.sub("", _HEAD.sub("", subject.strip()))


def same_product(a: str, b: str) -> bool:
    pa, pb = product(a), product(b)
    return pa == pb or any(pa in group and pb in group for group in EQUIVALENT)


def _interest(iid: int) -> tuple:
    return database.execute_sql(
        "SELECT c.short_name, i.direction, i.subject FROM interest i JOIN company c ON c.id = i.company_id "
        "WHERE i.id = ?", (iid,)).fetchone()


def chosen() -> list[int]:
    ids = []
    for subject in STORY:
        ids += [r[0] for r in database.execute_sql(
            "SELECT id FROM interest WHERE subject = ? AND status IN ('open', 'in_work') ORDER BY id LIMIT 2",
            (subject,))]
    ids += [r[0] for r in database.execute_sql(
        "SELECT id FROM interest WHERE status IN ('open', 'in_work') "
        "AND direction IN ('buys', 'sells', 'partner') "
        "AND id % 23 = 0 ORDER BY id")]
    return list(dict.fromkeys(ids))


def main(db: str) -> None:
    open_database(db)
    rows = []
    for iid in chosen():
        ours = _interest(iid)
        direction = ours[1]
        theirs = [m[0] for m in baseline.matches_for(iid, 10)]
        theirs += [m.interest_id for m in briefing.matches_for_interest(iid, limit=10)]
        opposite = briefing.OPPOSITE.get(direction, ())
        same = [r[0] for r in database.execute_sql(
            f"SELECT i.id, i.subject FROM interest i JOIN company c ON c.id = i.company_id "
            f"WHERE i.direction IN ({','.join('?' * len(opposite))}) AND i.status IN ('open', 'in_work') "
            "AND c.archived_at IS NULL AND i.company_id != (SELECT company_id FROM interest WHERE id = ?) "
            "ORDER BY i.id", [*opposite, iid]) if same_product(ours[2], r[1])][:8]
        for other in dict.fromkeys(theirs + same):
            o = _interest(other)
            good = same_product(ours[2], o[2])
            rows.append([*ours, *o, "good" if good else "no",
                         f"{product(ours[2])} / {product(o[2])}"])
    with open(HERE / "pairs.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["company", "direction", "subject", "other_company", "other_direction", "other_subject",
                    "label", "products"])
        w.writerows(rows)
    print(f"{len(rows)} pairs, {sum(r[6] == 'good' for r in rows)} good")


if __name__ == "__main__":
    main(sys.argv[1])
