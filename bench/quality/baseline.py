"""Matching and search as they were before the thesaurus, the weights and the ranking by field
(kept here only to print "before" figures beside the current ones)."""

from __future__ import annotations

from models import backend
from models.briefing import OPPOSITE
from models.browse import OPEN_STATUSES
from models.db import database
from models.dossier import company_name
from models.textnorm import stem, words

_GENERIC = ("для", "под", "при", "над", "без", "или", "через", "как", "так", "все", "всех", "его",
            "продукция", "продукции", "изделия", "изделий", "услуги", "товары", "товаров", "прочие",
            "различные", "заказчика", "чертежам", "поставки", "поставка", "партнер", "партнера",
            "and", "for", "with", "the", "of")
_STOP = frozenset(stem(w) for w in _GENERIC) | frozenset(_GENERIC)


def subject_stems(text: str | None) -> frozenset[str]:
    return frozenset(stem(w) for w in words(text)
                     if len(w) >= 3 and not w.isdigit() and stem(w) not in _STOP and w not in _STOP)


def matches_for(interest_id: int, limit: int = 10) -> list[tuple[int, str, str]]:
    """(their interest id, their company, their subject), best first, as matching was."""
    direction, subject, company_id = database.execute_sql(
        "SELECT direction, subject, company_id FROM interest WHERE id = ?", (interest_id,)).fetchone()
    stems = subject_stems(subject)
    directions = OPPOSITE.get(direction)
    if not stems or not directions:
        return []
    be = backend.current()
    expr = be.render([[(s,) for s in sorted(stems)]], "body")
    marks = ",".join("?" * len(directions))
    rows = database.execute_sql(
        "SELECT i.id, i.subject, c.short_name, c.legal_form FROM interest i "
        "JOIN company c ON c.id = i.company_id "
        f"WHERE i.company_id IN (SELECT rowid FROM search_index WHERE {be.match_sql()}) "
        f"AND i.direction IN ({marks}) AND i.status IN (?, ?) AND c.archived_at IS NULL "
        "AND i.company_id != ? AND i.id != ?", [expr, *directions, *OPEN_STATUSES, company_id, interest_id])
    found = []
    for iid, subj, short, form in rows:
        theirs = subject_stems(subj)
        shared = stems & theirs
        if shared:
            share = len(shared) / len(stems | theirs)
            found.append((-len(shared), -share, company_name(short, form), iid, subj))
    found.sort()
    return [(iid, name, subj) for _, _, name, iid, subj in found[:limit]]


def search_first(text: str) -> int | None:
    """The company search put first, as it ranked: bm25 / ts_rank over the word index only."""
    terms = [stem(w).split() for w in words(text)[:12]]
    be = backend.current()
    expr = be.render([[tuple(t)] for t in terms if t])
    if expr is None:
        return None
    if be.name == "sqlite":
        rank, params = "bm25(search_index, 10.0, 6.0, 2.0, 1.0)", []
    else:
        rank, params = "-ts_rank('{0.1, 0.2, 0.6, 1.0}', search_index.tsv, to_tsquery('simple', ?))", [expr]
    row = database.execute_sql(
        f"SELECT c.id, {rank} AS r FROM search_index JOIN company c ON c.id = search_index.rowid "
        f"WHERE {be.match_sql()} AND c.archived_at IS NULL ORDER BY r, c.sort_name LIMIT 1",
        [*params, expr]).fetchone()
    return row[0] if row else None
