"""The briefing of a company — the page read before a negotiation — and the matching of interests:
buyers for what a company sells, sellers of what it buys, partners for partners.

Two interests match when they point in opposite directions and their subjects share a word stem
(folded and stemmed by `models.textnorm`, the same way the search index is). The search index
narrows the candidates to companies whose text holds one of the stems; the stems decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models import backend, dossier, search
from models.browse import OPEN_STATUSES
from models.db import database
from models.dossier import Dossier, InterestRow, company_name
from models.textnorm import stem, words

# What each direction is looking for on the other side.
OPPOSITE: dict[str, tuple[str, ...]] = {
    "buys": ("sells",),
    "sells": ("buys",),
    "partner": ("partner", "invests"),
    "invests": ("partner",),
}

# Words too common in subjects to make two of them a match.
_GENERIC = ("для", "под", "при", "над", "без", "или", "через", "как", "так", "все", "всех", "его",
            "продукция", "продукции", "изделия", "изделий", "услуги", "товары", "товаров", "прочие",
            "различные", "заказчика", "чертежам", "поставки", "поставка", "партнер", "партнера",
            "and", "for", "with", "the", "of")
_STOP = frozenset(stem(w) for w in _GENERIC) | frozenset(_GENERIC)
MAX_CANDIDATES = 20_000
MEMBER_STATUSES = ("active", "suspended")  # who counts as "ours": the chamber's members


def subject_stems(text: str | None) -> frozenset[str]:
    """The significant stems of an interest's subject."""
    out = set()
    for w in words(text):
        if len(w) < 3 or w.isdigit():
            continue
        s = stem(w)
        if s in _STOP or w in _STOP:
            continue
        out.add(s)
    return frozenset(out)


@dataclass(frozen=True)
class Match:
    """An interest of another company that answers one of ours."""

    for_interest: int
    interest_id: int
    company_id: int
    company: str
    city: str | None
    country: str | None
    direction: str
    subject: str
    partner_geo: str | None
    shared: tuple[str, ...]  # the words of their subject whose stems ours holds too
    score: float
    member: bool = False  # a member of the chamber (active or suspended): one of "ours"


def _candidates(stems: frozenset[str], directions: tuple[str, ...], exclude_company: int | None,
                exclude_interest: int | None) -> list[tuple]:
    expr = backend.current().any_prefix_in("body", sorted(stems))
    marks = ",".join("?" * len(directions))
    params: list = [expr, *directions, *OPEN_STATUSES]
    extra = ""
    if exclude_company is not None:
        extra += " AND i.company_id != ?"
        params.append(exclude_company)
    if exclude_interest is not None:
        extra += " AND i.id != ?"
        params.append(exclude_interest)
    params.append(MAX_CANDIDATES)
    return list(database.execute_sql(
        "SELECT i.id, i.company_id, i.direction, i.subject, i.partner_geo, c.short_name, c.legal_form, "
        "c.city, c.country, c.member_status FROM interest i JOIN company c ON c.id = i.company_id "
        f"WHERE i.company_id IN (SELECT rowid FROM search_index WHERE {backend.current().match_sql()}) "
        f"AND i.direction IN ({marks}) AND i.status IN (?, ?) AND c.archived_at IS NULL{extra} "
        "LIMIT ?", params))


def matches_for(interest_id: int, direction: str, subject: str, company_id: int | None = None,
                limit: int = 10) -> list[Match]:
    """Open interests of other companies answering this one, best first."""
    stems = subject_stems(subject)
    directions = OPPOSITE.get(direction)
    if not stems or not directions:
        return []
    found = []
    for iid, cid, dirn, subj, geo, short, form, city, country, status in _candidates(
            stems, directions, company_id, interest_id):
        theirs = subject_stems(subj)
        shared = stems & theirs
        if not shared:
            continue
        score = len(shared) / len(stems | theirs)
        shown = tuple(dict.fromkeys(w for w in words(subj) if stem(w) in shared))
        found.append(Match(interest_id, iid, cid, company_name(short, form), city, country, dirn, subj,
                           geo, shown, round(score, 3), status in MEMBER_STATUSES))
    found.sort(key=lambda m: (-len(m.shared), -m.score, m.company, m.interest_id))
    return found[:limit]


def matches_for_interest(interest_id: int, limit: int = 20) -> list[Match]:
    """Matches of one interest read by its id."""
    row = database.execute_sql("SELECT direction, subject, company_id FROM interest WHERE id = ?",
                               (interest_id,)).fetchone()
    if row is None:
        return []
    return matches_for(interest_id, row[0], row[1], row[2], limit)


@dataclass(frozen=True)
class Briefing:
    dossier: Dossier
    matches: dict[int, list[Match]] = field(default_factory=dict)  # our interest id -> matches
    chamber: str | None = None  # the chamber's name (its setting), for the briefing's signature

    @property
    def open_interests(self) -> list[InterestRow]:
        return [i for i in self.dossier.interests if i.status in OPEN_STATUSES]

    def ours(self, interest_id: int) -> list[Match]:
        """Matches among the chamber's members ("Кто из наших подходит")."""
        return [m for m in self.matches.get(interest_id, []) if m.member]

    def partners(self, interest_id: int) -> list[Match]:
        """Matches outside the chamber: partners abroad and other non-members, told apart."""
        return [m for m in self.matches.get(interest_id, []) if not m.member]


def briefing(company_id: int, matches_per_interest: int = 5) -> Briefing | None:
    """The briefing of a company, or None when there is no such company."""
    d = dossier.load(company_id)
    if d is None:
        return None
    matches = {i.id: matches_for(i.id, i.direction, i.subject, company_id, matches_per_interest)
               for i in d.interests if i.status in OPEN_STATUSES}
    from models import settings

    return Briefing(d, matches, settings.get("name"))


def find_company(text: str) -> list[tuple[int, str]]:
    """Companies a person may mean by `text` (an INN, OGRN, UNP or words of the name), best first:
    an exact identifier gives one company; otherwise the best search hits (archived excluded)."""
    text = text.strip()
    digits = text.replace(" ", "")
    if digits.isdigit():
        row = database.execute_sql(
            "SELECT id, short_name, legal_form FROM company WHERE (inn = ? OR ogrn = ? OR unp = ?) "
            "ORDER BY archived_at IS NOT NULL LIMIT 1", (digits, digits, digits)).fetchone()
        if row:
            return [(row[0], company_name(row[1], row[2]))]
    hits = search.search_companies(text, limit=10)
    return [(h.company_id, company_name(h.name, _form(h.company_id))) for h in hits]


def _form(company_id: int) -> str | None:
    row = database.execute_sql("SELECT legal_form FROM company WHERE id = ?", (company_id,)).fetchone()
    return row[0] if row else None
