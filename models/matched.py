"""Where a company matched a search: its name, an identifier, its place, an interest, a contact,
a note — shown beside each result so that a staffer sees why it is there.

Read for the few rows on screen only, with the same reading of the query as the index
(`models.search.parse_query`): a word matches a field when one of its alternatives' stems all
start words of the field, or one of its fragments is inside it.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any

from models import backend
from models.db import database
from models.search import Query, parse_query


@dataclass(frozen=True)
class Where:
    kind: str  # name, ident, place, interest, contact, note, industry
    text: str  # the field's own text ("тротуарная плитка", "Дубова Татьяна")


# Best first: where a match says most about the company.
KINDS = ("name", "ident", "place", "interest", "contact", "industry", "note")


def holds_all(q: Query, text: str) -> bool:
    """Whether `text` holds every word of the query (as the index reads them)."""
    return _found(q, text) == len(q.groups)


def _regex(stem: str) -> str:
    # on the text as written: case folded by the regex, ё read as е (as `fold` does)
    return re.escape(stem).replace("е", "[её]")


@lru_cache(maxsize=64)
def _patterns(q: Query) -> tuple[tuple[re.Pattern[str], ...], ...]:
    """Per group: a pattern for its one-word alternatives (a stem starting a word) and its
    fragments (anywhere), first; then one for each alternative of several words."""
    out = []
    for alternatives, fragments in zip(q.groups, q.fragments, strict=True):
        one = [f"(?<!\\w){_regex(alt[0])}" for alt in alternatives if len(alt) == 1]
        one += [_regex(f) for f in fragments]
        pats = [re.compile("|".join(one), re.IGNORECASE)] if one else []
        pats += [re.compile("".join(f"(?=.*(?<!\\w){_regex(s)})" for s in alt), re.IGNORECASE | re.DOTALL)
                 for alt in alternatives if len(alt) > 1]
        out.append(tuple(pats))
    return tuple(out)


def _found(q: Query, text: str) -> int:
    """How many of the query's groups this text holds."""
    return sum(any(p.search(text) for p in group) for group in _patterns(q))


def _first_field(pattern: re.Pattern[str], fields: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The first field the pattern finds anything in: one search over them all, joined."""
    joined = "\n".join(t for _, t in fields)
    m = pattern.search(joined)
    if m is None:
        return None
    ends = list(accumulate(len(t) + 1 for _, t in fields))
    return fields[bisect_right(ends, m.start())]


# The company's own searchable columns, in the order `_company_fields` reads them: a caller that
# reads the companies anyway (the table's rows) selects these along and passes them in.
COMPANY_COLUMNS = ("short_name", "full_name", "inn", "ogrn", "unp", "kpp", "city", "region", "country",
                   "okved", "industry", "tags", "notes")

# A record as where a word matched is read of it, (text, more, notes, first, id): an interest
# (an open one first) and a live contact (the primary one first).
_INTEREST = "subject, partner_geo, notes, CASE WHEN status IN ('open', 'in_work') THEN 0 ELSE 1 END, id"
_CONTACT = "name, position, notes, CASE WHEN is_primary THEN 0 ELSE 1 END, id"

# The interests and the contacts of the companies in one statement: each kind in the order the
# index reads them (`first`), then by id.
_RECORDS = f"""
SELECT company_id, 0 AS kind, {_INTEREST} FROM interest WHERE company_id IN ({{marks}})
UNION ALL
SELECT company_id, 1, {_CONTACT} FROM contact WHERE company_id IN ({{marks}}) AND archived_at IS NULL
ORDER BY 2, 6, 7
"""


# The same records of one company `c` as two more columns of a statement that reads the companies
# anyway (each a JSON array: `backend.json_rows`), so that the rows of a page and where each
# matched are one statement, one round trip (`records_of` puts them in `_RECORDS`' order).
def record_columns() -> str:
    """Two columns, the interests and the contacts of company `c` as `_RECORDS` reads them."""
    be = backend.current()
    return (be.json_rows(_INTEREST, "FROM interest WHERE company_id = c.id") + ", "
            + be.json_rows(_CONTACT, "FROM contact WHERE company_id = c.id AND archived_at IS NULL"))


def records_of(interests: Any, contacts: Any) -> list[tuple[int, str, str | None, str | None]]:
    """(kind, text, more, notes) of a company's records from the two `record_columns`, in the
    order of `_RECORDS` (interests, then contacts; each the first ones first, then by id)."""
    out = []
    for kind, value in enumerate((interests, contacts)):
        rows = json.loads(value) if isinstance(value, str) else value  # SQLite: the JSON text
        rows.sort(key=lambda r: (r[3], r[4]))
        out += [(kind, text, more, notes) for text, more, notes, _, _ in rows]
    return out


def _company_fields(values: tuple | list) -> list[tuple[str, str]]:
    """(kind, text) of a company's own fields, from its COMPANY_COLUMNS."""
    short, full, inn, ogrn, unp, kpp, city, region, country, okved, industry, tags, notes = values
    f = [("name", t) for t in (short, full) if t]
    f += [("ident", t) for t in (inn, ogrn, unp, kpp) if t]
    f += [("place", t) for t in (city, region, country) if t]
    f += [("industry", t) for t in (okved, industry, tags) if t]
    if notes:
        f.append(("note", notes))
    return f


def _fields(ids: list[int], companies: dict[int, tuple] | None = None,
            records: dict[int, list[tuple]] | None = None) -> dict[int, list[tuple[str, str]]]:
    """(kind, text) of each company's searchable fields, in the order of KINDS. `companies`: the
    COMPANY_COLUMNS of each, when the caller has read them already; `records`: id -> its
    `records_of`, likewise."""
    marks = ",".join("?" * len(ids))
    if companies is None:
        companies = {r[0]: r[1:] for r in database.execute_sql(
            f"SELECT id, {', '.join(COMPANY_COLUMNS)} FROM company WHERE id IN ({marks})", ids)}
    out: dict[int, list[tuple[str, str]]] = {i: _company_fields(companies[i]) for i in ids if i in companies}
    if records is None:
        rows: Iterable[tuple] = ((cid, kind, text, more, notes) for cid, kind, text, more, notes, _, _
                                 in database.execute_sql(_RECORDS.format(marks=marks), [*ids, *ids]))
    else:
        rows = ((cid, *r) for cid, rs in records.items() for r in rs)
    for cid, kind, text, more, notes in rows:
        if cid not in out:
            continue
        if kind == 0:
            out[cid] += [("interest", text)] + [("note", t) for t in (more, notes) if t]
        else:
            out[cid] += [("contact", f"{text}, {more}" if more else text)] + [("note", notes)] * bool(notes)
    return out


def where_matched(company_ids: list[int], text: str | None,
                  companies: dict[int, tuple] | None = None,
                  records: dict[int, list[tuple]] | None = None) -> dict[int, Where]:
    """For each company: the field that holds most of the query's words, the best kind first.
    `companies`: id -> the values of COMPANY_COLUMNS, where the caller read them already;
    `records`: id -> its interests and contacts (`records_of`), likewise."""
    q = parse_query(text)
    if q is None or not company_ids:
        return {}
    result = {}
    rank = {k: i for i, k in enumerate(KINDS)}
    everything = len(q.groups)
    patterns = _patterns(q)
    for cid, fields in _fields(list(company_ids), companies, records).items():
        fields = sorted(fields, key=lambda f: rank[f[0]])  # stable: the first of a kind
        if everything == 1 and len(patterns[0]) == 1:  # a single word typed: the common case
            found = _first_field(patterns[0][0], fields)
            if found:
                result[cid] = Where(*found)
            continue
        # most words found, then the best kind, then the first such field
        best: tuple[int, str, str] | None = None
        for kind, text in fields:
            n = _found(q, text)
            if n and (best is None or n > best[0]):
                best = (n, kind, text)
                if n == everything:
                    break
        if best:
            result[cid] = Where(best[1], best[2])
    return result
