"""Filtering and sorting the companies table: the filter record, its SQL conditions, the sort
orders, and the values a person can pick a filter from."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from models.db import database


@dataclass(frozen=True)
class CompanyFilter:
    """What the companies table is narrowed to, besides the search text. Empty fields do not filter."""

    status: str | None = None
    place: str | None = None  # a city or a region, compared exactly
    industry: str | None = None
    tag: str | None = None
    open_interests: bool = False
    mission_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return self == CompanyFilter()

    def without(self, name: str) -> CompanyFilter:
        """The same filter with one field cleared."""
        return replace(self, **{name: getattr(CompanyFilter(), name)})


OPEN_STATUSES = ("open", "in_work")

OPEN_INTERESTS_SQL = ("(SELECT count(*) FROM interest i WHERE i.company_id = c.id "
                      "AND i.status IN ('open', 'in_work'))")
LAST_ACTIVITY_SQL = "(SELECT max(a.happened_on) FROM activity a WHERE a.company_id = c.id)"

# column -> (sort expression, "nulls last" expression or None)
SORTS: dict[str, tuple[str, str | None]] = {
    "name": ("c.sort_name", None),
    "inn": ("c.inn", "c.inn IS NULL"),
    "city": ("c.city", "c.city IS NULL"),
    "industry": ("c.industry", "c.industry IS NULL"),
    "status": ("c.member_status", "c.member_status IS NULL"),
    "interests": (OPEN_INTERESTS_SQL, None),
    "activity": (LAST_ACTIVITY_SQL, f"{LAST_ACTIVITY_SQL} IS NULL"),
}


def order_by(column: str, descending: bool = False) -> str:
    """ORDER BY terms for a column of the table; empty values always last, ties by name."""
    expr, nulls = SORTS.get(column, SORTS["name"])
    terms = [nulls] if nulls else []
    terms.append(f"{expr} DESC" if descending else expr)
    if column != "name":
        terms.append("c.sort_name")
    terms.append("c.id")
    return ", ".join(terms)


def conditions(f: CompanyFilter | None) -> tuple[list[str], list]:
    """SQL conditions on `company c` and their parameters."""
    where: list[str] = []
    params: list = []
    if f is None:
        return where, params
    if f.status:
        where.append("c.member_status = ?")
        params.append(f.status)
    if f.place:
        where.append("(c.city = ? OR c.region = ?)")
        params += [f.place, f.place]
    if f.industry:
        where.append("c.industry = ?")
        params.append(f.industry)
    if f.tag:
        # tags are stored as "a; b; c"
        where.append("('; ' || c.tags || '; ') LIKE ?")
        params.append(f"%; {f.tag}; %")
    if f.open_interests:
        where.append("EXISTS (SELECT 1 FROM interest i WHERE i.company_id = c.id "
                     "AND i.status IN ('open', 'in_work'))")
    if f.mission_id:
        where.append("EXISTS (SELECT 1 FROM participation p WHERE p.company_id = c.id "
                     "AND p.mission_id = ?)")
        params.append(f.mission_id)
    return where, params


@dataclass(frozen=True)
class Choices:
    """The values each filter can take, most common first: (value, how many companies)."""

    places: list[tuple[str, int]]
    industries: list[tuple[str, int]]
    tags: list[tuple[str, int]]
    missions: list[tuple[int, str, str | None]]  # id, title, first day (ISO)


def choices(limit: int = 300) -> Choices:
    """Filter values present in the register (not archived), the most frequent first.

    Each list is counted over the whole register from its column's index alone, and the archived
    companies' values (few, found through their own index) are taken off after: a count
    restricted to the companies not archived read every company's row to learn that (0.3 s at
    100,000 companies, ~3 s at a million; now ~20 ms at 100,000). The order is made here, not by
    the store's collation, so that both stores list equal counts alike."""
    archived = database.execute_sql(  # a range, so that SQLite reads it from the index
        "SELECT city, region, industry, tags FROM company WHERE archived_at >= '1900-01-01'").fetchall()

    def counted(column: str, at: int) -> Counter[str]:
        counts = Counter(dict(database.execute_sql(
            f"SELECT {column}, count(*) FROM company WHERE {column} IS NOT NULL AND {column} != '' "
            f"GROUP BY {column}").fetchall()))
        counts.subtract(row[at] for row in archived if row[at])
        return counts

    def most(counts: Counter[str]) -> list[tuple[str, int]]:
        return sorted(((v, n) for v, n in counts.items() if n > 0), key=lambda vn: (-vn[1], vn[0]))[:limit]

    places = most(counted("city", 0))
    seen = {p for p, _ in places}
    places += [(r, n) for r, n in most(counted("region", 1)) if r not in seen]
    tags: Counter[str] = Counter()
    for text, n in counted("tags", 3).items():  # a company's tags, one text: each tag counted
        for tag in {tag.strip() for tag in text.split(";")} - {""}:
            tags[tag] += n
    missions = [(mid, title, str(starts)[:10] if starts else None)
                for mid, title, starts in database.execute_sql(
                    "SELECT id, title, starts_on FROM mission WHERE archived_at IS NULL "
                    "ORDER BY starts_on DESC, id DESC LIMIT ?", (limit,))]
    return Choices(
        places=places,
        industries=most(counted("industry", 2)),
        tags=most(tags),
        missions=missions,
    )
