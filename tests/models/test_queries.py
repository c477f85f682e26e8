"""The companies table's first screen, on both stores: the first page by name (or by a column)
and how many live companies the register holds, the archived ones left out."""

from __future__ import annotations

from models import queries, store
from models.entities import Company


def test_the_first_screen_lists_and_counts_the_live_companies(db):
    assert queries.first_page() == queries.Page([], 0)
    ids = {name: store.create(Company, {"short_name": name, "city": city})
           for name, city in (("Вега", "Суздаль"), ("Альфа", "Ковров"), ("Бета", None), ("Гамма", "Муром"))}
    page = queries.first_page()
    assert [r.name for r in page.rows] == ["Альфа", "Бета", "Вега", "Гамма"]
    assert (page.matching, page.capped, page.ranked) == (4, False, False)
    gamma = Company.get_by_id(ids["Гамма"])
    store.archive(Company, gamma.id, gamma.version)
    page = queries.first_page(limit=2)
    assert [r.name for r in page.rows] == ["Альфа", "Бета"] and page.matching == 3
    by_city = queries.first_page(order="city", descending=True)
    assert [r.name for r in by_city.rows] == ["Вега", "Альфа", "Бета"] and by_city.matching == 3
    assert queries.first_page(limit=0).matching == queries.count_companies() == 3
