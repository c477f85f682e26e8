"""Reading the evaluation set against a register: matching's precision@5 and recall over the
labelled pairs, and the share of queries whose expected company search puts first — now and as
it was (`bench.quality.baseline`). Figures, not assertions: tests keep only the story's."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from models import briefing, search
from models.db import database

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Pair:
    ours: tuple[str, str, str]  # company, direction, subject
    theirs: tuple[str, str, str]
    good: bool


def pairs() -> list[Pair]:
    with open(HERE / "pairs.csv", encoding="utf-8") as f:
        return [Pair((r["company"], r["direction"], r["subject"]),
                     (r["other_company"], r["other_direction"], r["other_subject"]), r["label"] == "good")
                for r in csv.DictReader(f)]


def queries() -> list[tuple[str, str]]:
    with open(HERE / "queries.csv", encoding="utf-8") as f:
        return [(r["query"], r["first"]) for r in csv.DictReader(f)]


def interest_id(company: str, direction: str, subject: str) -> int | None:
    row = database.execute_sql(
        "SELECT i.id FROM interest i JOIN company c ON c.id = i.company_id WHERE c.short_name = ? "
        "AND i.direction = ? AND i.subject = ? ORDER BY i.id LIMIT 1",
        (company, direction, subject)).fetchone()
    return row[0] if row else None


def _key(iid: int) -> tuple[str, str, str]:
    return tuple(database.execute_sql(
        "SELECT c.short_name, i.direction, i.subject FROM interest i JOIN company c ON c.id = i.company_id "
        "WHERE i.id = ?", (iid,)).fetchone())


def current_matches(iid: int) -> list[tuple[str, str, str]]:
    return [_key(m.interest_id) for m in briefing.matches_for_interest(iid, limit=None)]


def baseline_matches(iid: int) -> list[tuple[str, str, str]]:
    from bench.quality import baseline

    return [_key(m[0]) for m in baseline.matches_for(iid, limit=10_000)]


@dataclass(frozen=True)
class MatchFigures:
    precision_at_5: float  # share of good pairs among the first five shown (interests showing any)
    recall: float  # share of the labelled good pairs shown at all
    shown: float  # matches shown per interest, on average
    silent: int  # interests showing nothing
    interests: int


def evaluate_matching(matcher) -> MatchFigures:
    labelled = pairs()
    label = {(p.ours, p.theirs): p.good for p in labelled}
    by_ours: dict[tuple, list[Pair]] = {}
    for p in labelled:
        by_ours.setdefault(p.ours, []).append(p)
    precisions, found_good, all_good, shown, silent = [], 0, 0, 0, 0
    for ours, ps in by_ours.items():
        iid = interest_id(*ours)
        found = matcher(iid) if iid else []
        shown += len(found)
        top = found[:5]
        if top:
            precisions.append(sum(label.get((ours, t), False) for t in top) / len(top))
        else:
            silent += 1
        good = {p.theirs for p in ps if p.good}
        all_good += len(good)
        found_good += len(good & set(found))
    return MatchFigures(sum(precisions) / max(1, len(precisions)), found_good / max(1, all_good),
                        shown / max(1, len(by_ours)), silent, len(by_ours))


def current_first(text: str) -> str | None:
    hits = search.search_companies(text, limit=1)
    return hits[0].name if hits else None


def baseline_first(text: str) -> str | None:
    from bench.quality import baseline

    cid = baseline.search_first(text)
    if cid is None:
        return None
    return database.execute_sql("SELECT short_name FROM company WHERE id = ?", (cid,)).fetchone()[0]


def evaluate_search(first) -> tuple[float, list[tuple[str, str, str | None]]]:
    """(share of queries whose expected company comes first, the misses: query, expected, got)."""
    misses = []
    qs = queries()
    for text, expected in qs:
        got = first(text)
        if got != expected:
            misses.append((text, expected, got))
    return 1 - len(misses) / len(qs), misses
