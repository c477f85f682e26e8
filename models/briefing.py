"""The briefing of a company — the page read before a negotiation — and the matching of interests:
buyers for what a company sells, sellers of what it buys, partners for partners.

Two interests match when they point in opposite directions and their subjects share telling
words (`models.matching`: weighed by rarity, read through the thesaurus). The search index
narrows the candidates to companies whose text holds one of the words; the weights decide.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from models import backend, dossier, matching, search, thesaurus
from models.browse import OPEN_STATUSES
from models.db import database
from models.dossier import Dossier, InterestRow, company_name

# What each direction is looking for on the other side.
OPPOSITE: dict[str, tuple[str, ...]] = {
    "buys": ("sells",),
    "sells": ("buys",),
    "partner": ("partner", "invests"),
    "invests": ("partner",),
}

MAX_CANDIDATES = 20_000
MEMBER_STATUSES = ("active", "suspended")  # who counts as "ours": the chamber's members


def subject_stems(text: str | None) -> frozenset[str]:
    """The telling concepts of an interest's subject (`models.matching.concepts`)."""
    return matching.concepts(text).words


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
    shared: tuple[str, ...]  # the words of their subject standing for what ours holds too
    score: float
    member: bool = False  # a member of the chamber (active or suspended): one of "ours"


def _candidates(stems: frozenset[str], directions: tuple[str, ...], exclude_company: int | None,
                exclude_interest: int | None) -> list[tuple]:
    # a synonym group ("=пнд") is looked up by the stems of all its terms
    alternatives = sorted({(s,) for s in stems if not s.startswith("=")}
                          | {t for s in stems if s.startswith("=") for t in _group_terms(s[1:])})
    be = backend.current()
    match, params = be.column_match(database, [alternatives], "body")
    walk = be.newest_first()
    if walk and _few_companies(match, params):
        walk = be.index_hint("interest_company_id")  # the interests of those companies alone
    marks = ",".join("?" * len(directions))
    params += [*directions, *OPEN_STATUSES]
    extra = ""
    if exclude_company is not None:
        extra += " AND i.company_id != ?"
        params.append(exclude_company)
    if exclude_interest is not None:
        extra += " AND i.id != ?"
        params.append(exclude_interest)
    params.append(MAX_CANDIDATES)
    # The newest candidates first, of companies not archived (the few archived ones excluded:
    # PostgreSQL then looks up only the companies of the candidates kept, not of every match);
    # not compiled (JIT), which cost 130 ms a statement at a million companies, never paid back.
    sql = ("SELECT i.id, i.company_id, i.direction, i.subject, i.partner_geo, c.short_name, c.legal_form, "
           "c.city, c.country, c.member_status, i.okved, c.okved FROM ("
           "SELECT i.id, i.company_id, i.direction, i.subject, i.partner_geo, i.okved "
           f"FROM interest i {walk} "
           f"WHERE i.company_id IN (SELECT rowid FROM search_index WHERE {match}) "
           f"AND i.direction IN ({marks}) AND i.status IN (?, ?){extra} "
           "AND i.company_id NOT IN (SELECT id FROM company WHERE archived_at IS NOT NULL) "
           # the newest when there are more: an order, so both stores weigh the same candidates
           "ORDER BY i.id DESC LIMIT ?) i JOIN company c ON c.id = i.company_id ORDER BY i.id DESC")
    return list(database.execute_sql(be.without_jit(database, sql), params))


def _few_companies(match: str, params: list) -> bool:
    """Whether the words are in fewer companies than MAX_CANDIDATES: then their interests are
    read through those companies, else the interests newest first, each company looked up in
    the matches, until the newest MAX_CANDIDATES are found (`backend.newest_first`). At a
    million companies a rare word takes ~1 ms instead of a walk through all 1.8M interests
    (~180 ms); a common one (140,000 companies) ~215 ms walked, ~550 ms through its companies.
    Counting up to the cap costs 1-10 ms."""
    return database.execute_sql(
        f"SELECT count(*) FROM (SELECT rowid FROM search_index WHERE {match} LIMIT ?) AS m",
        [*params, MAX_CANDIDATES]).fetchone()[0] < MAX_CANDIDATES


def _group_terms(key: str) -> list[tuple[str, ...]]:
    for g in thesaurus.load().groups:
        if g.key == key:
            return list(g.terms)
    return []


# A candidate that answers, as it is ranked: (minus its score, its company's name, its interest id
# — the order shown, best first — then its score, the words it shares, its row of `_candidates`).
# Plain tuples: a briefing ranks thousands and keeps a few, which alone become `Match`es.
_Ranked = tuple[float, str, int, float, tuple[str, ...], tuple]


def matches_for(interest_id: int, direction: str, subject: str, company_id: int | None = None,
                limit: int | None = 10, *, okved: str | None = None,
                partner_geo: str | None = None, weights: matching.Weights | None = None) -> list[Match]:
    """Open interests of other companies answering this one, best first: in the opposite
    direction, sharing telling words (rare ones weigh more, generic ones cannot match alone),
    the same OKVED class and the country the interest names counting extra. Below
    `matching.MIN_SCORE` nothing is shown. (`weights`: `matching.weights()`, when the caller
    has them already.)"""
    found = _ranked(interest_id, direction, subject, company_id, okved, partner_geo, weights)
    best = sorted(found) if limit is None else heapq.nsmallest(limit, found)
    return [_match(interest_id, r) for r in best]


def _ranked(interest_id: int, direction: str, subject: str, company_id: int | None, okved: str | None,
            partner_geo: str | None, weights: matching.Weights | None) -> list[_Ranked]:
    """The candidates that answer, unordered (`matches_for`)."""
    ours = matching.concepts(subject, partner_geo)
    directions = OPPOSITE.get(direction)
    if not ours.words or not directions:
        return []
    if weights is None:
        weights = matching.weights()
    our_class = matching.okved_class(okved)
    # Candidates repeat subjects (a common need has thousands of answers worded alike): each
    # subject, in each direction, is weighed once.
    weighed: dict[tuple[str, str], tuple[float, tuple[str, ...]] | None] = {}
    found: list[_Ranked] = []
    for row in _candidates(ours.words, directions, company_id, interest_id):
        iid, _, dirn, subj, _, short, form, _, country, _, i_okved, c_okved = row
        known = weighed.get((subj, dirn), _UNWEIGHED)
        if known is _UNWEIGHED:
            known = weighed[subj, dirn] = _weigh(ours, direction, subj, dirn, weights)
        if known is None:
            continue
        score, shown = known
        if our_class and our_class == matching.okved_class(i_okved or c_okved):
            score += matching.OKVED_BOOST
        if country and country in ours.countries:
            score += matching.COUNTRY_BOOST
        score = round(score, 3)
        found.append((-score, company_name(short, form), iid, score, shown, row))
    return found


_UNWEIGHED = (-1.0, ())


def _weigh(ours: matching.Concepts, direction: str, subject: str, dirn: str,
           weights: matching.Weights) -> tuple[float, tuple[str, ...]] | None:
    """(score before the OKVED and country boosts, the words of `subject` standing for what ours
    holds too), or None below `matching.MIN_SCORE`."""
    theirs = matching.concepts(subject)
    need = ours if direction == "buys" else theirs if dirn == "buys" else None  # the buyer's
    score, shared = matching.similarity(ours, theirs, weights, need)
    if score < matching.MIN_SCORE:
        return None
    return score, tuple(dict.fromkeys(w for concept, w in theirs.shown if concept in shared))


def _match(for_interest: int, ranked: _Ranked) -> Match:
    _, name, _, score, shown, row = ranked
    iid, cid, dirn, subj, geo, _, _, city, country, status, _, _ = row
    return Match(for_interest, iid, cid, name, city, country, dirn, subj, geo, shown, score,
                 status in MEMBER_STATUSES)


def matches_for_interest(interest_id: int, limit: int | None = 20) -> list[Match]:
    """Matches of one interest read by its id."""
    row = database.execute_sql(
        "SELECT direction, subject, company_id, okved, partner_geo FROM interest WHERE id = ?",
        (interest_id,)).fetchone()
    if row is None:
        return []
    return matches_for(interest_id, row[0], row[1], row[2], limit, okved=row[3], partner_geo=row[4])


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
    # Each open interest as the dossier read it (not read again), the words' weights read once;
    # members and partners listed apart, each with its own best few.
    interests = [i for i in d.interests if i.status in OPEN_STATUSES]
    weights = matching.weights() if interests else None
    matches = {i.id: _best_apart(i.id, _ranked(i.id, i.direction, i.subject, company_id, i.okved,
                                               i.partner_geo, weights), matches_per_interest)
               for i in interests}
    from models import settings

    return Briefing(d, matches, settings.get("name"))


def _best_apart(for_interest: int, found: list[_Ranked], n: int) -> list[Match]:
    """The best `n` members and the best `n` others, in the order of all the matches ranked,
    without ranking all of them."""
    members = [r for r in found if r[5][9] in MEMBER_STATUSES]
    others = [r for r in found if r[5][9] not in MEMBER_STATUSES]
    best = sorted(heapq.nsmallest(n, members) + heapq.nsmallest(n, others))
    return [_match(for_interest, r) for r in best]


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
