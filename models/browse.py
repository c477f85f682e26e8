"""Filtering and sorting the companies table: the filter record, its SQL conditions, the sort
orders, and the values a person can pick a filter from."""

from __future__ import annotations

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
    """Filter values present in the register (not archived)."""
    def counted(column: str) -> list[tuple[str, int]]:
        return [(v, n) for v, n in database.execute_sql(
            f"SELECT {column}, count(*) AS n FROM company WHERE archived_at IS NULL "
            f"AND {column} IS NOT NULL AND {column} != '' GROUP BY {column} "
            f"ORDER BY n DESC, {column} LIMIT ?", (limit,))]

    places = counted("city")
    seen = {p for p, _ in places}
    places += [(r, n) for r, n in counted("region") if r not in seen]
    tags: dict[str, int] = {}
    for (text,) in database.execute_sql(
            "SELECT tags FROM company WHERE archived_at IS NULL AND tags IS NOT NULL AND tags != ''"):
        for tag in text.split(";"):
            tag = tag.strip()
            if tag:
                tags[tag] = tags.get(tag, 0) + 1
    missions = [(mid, title, str(starts)[:10] if starts else None)
                for mid, title, starts in database.execute_sql(
                    "SELECT id, title, starts_on FROM mission WHERE archived_at IS NULL "
                    "ORDER BY starts_on DESC, id DESC LIMIT ?", (limit,))]
    return Choices(
        places=places,
        industries=counted("industry"),
        tags=sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:limit],
        missions=missions,
    )
