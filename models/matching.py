"""How telling two interests are for each other: the words of their subjects weighed by how rare
they are in the register's interests (inverse document frequency), read through the chamber's
thesaurus (`models.thesaurus`).

A synonym counts as one concept («ПНД» is «полиэтилен низкого давления»); a country is a
preference, not a product («белорусские трубы» are pipes, preferably from Belarus); a generic
trade word (производство, поставки, стальной…) weighs little and never makes a match alone.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from models import thesaurus
from models.db import database
from models.textnorm import stem, words

# Words that carry no subject at all.
_FUNCTION = frozenset(stem(w) for w in (
    "для", "под", "при", "над", "без", "или", "через", "как", "так", "все", "всех", "его", "из",
    "по", "на", "от", "до", "за", "and", "for", "with", "the", "of"))
GENERIC_WEIGHT = 0.1  # of a generic word, against a typical word's 2–6
IDF_SAMPLE = 10_000  # interests read for the weights: enough for stable ones, fast at any size
MIN_SCORE = 0.65  # below this share of weight in common, two interests are not shown as a match
OKVED_BOOST = 0.1  # both interests in the same OKVED class (the code's first two digits)
COUNTRY_BOOST = 0.15  # the interest names a country and the other company is from it


@dataclass(frozen=True)
class Concepts:
    words: frozenset[str]  # stems and synonym groups ("=жби") of the subject
    generic: frozenset[str]  # generic trade words present
    countries: frozenset[str]  # countries named, as the register spells them
    shown: tuple[tuple[str, str], ...] = ()  # (concept, a word of the subject standing for it)
    parts: frozenset[tuple[str, str]] = frozenset()  # (synonym group, a stem written out for it)


@lru_cache(maxsize=20_000)
def concepts(subject: str | None, geo: str | None = None) -> Concepts:
    """The concepts of an interest's subject (and the countries of its partner geography)."""
    typed = [w for w in words(subject) if not w.isdigit()]
    found, generic, countries, shown, parts = set(), set(), set(), [], set()
    i = 0
    for term, group in thesaurus.segment([stem(w) for w in typed]):
        source = typed[i:i + len(term)]
        i += len(term)
        if group is None:
            s = term[0]
            if len(s) >= 3 and s not in _FUNCTION:
                found.add(s)
                shown.append((s, source[0]))
        elif group.kind == "countries":
            countries.add(group.label)
        elif group.kind == "generic":
            generic.add(group.key)
        else:
            key = "=" + group.key
            found.add(key)
            shown.append((key, " ".join(source)))
            for s, w in zip(term, source, strict=True):  # its words too: «железобетонные изделия»
                if len(s) >= 3 and s not in _FUNCTION:  # meets «железобетонные кольца»
                    found.add(s)
                    shown.append((s, w))
                    parts.add((key, s))
    for _, group in thesaurus.segment([stem(w) for w in words(geo)]):
        if group is not None and group.kind == "countries":
            countries.add(group.label)
    return Concepts(frozenset(found), frozenset(generic - found), frozenset(countries), tuple(shown),
                    frozenset(parts))


@dataclass(frozen=True)
class Weights:
    documents: int
    frequency: dict[str, int]

    def idf(self, concept: str) -> float:
        return math.log(1 + self.documents / (1 + self.frequency.get(concept, 0)))


_cache: dict[tuple, Weights] = {}


# The key of the weights: the newest IDF_SAMPLE interests, the rows the weights are read from, as
# their number, newest id, sum of ids (a row deleted among them lets an older one in) and sum of
# versions (a subject edited in place). Read backwards through the primary key: a few ms at any
# size, where a count of the whole table took 160-260 ms at 1.8M interests.
_SAMPLE_KEY_SQL = ("SELECT count(*), coalesce(max(id), 0), coalesce(sum(id), 0), coalesce(sum(version), 0) "
                   "FROM (SELECT id, version FROM interest ORDER BY id DESC LIMIT ?) newest")


def weights() -> Weights:
    """The weights of the register's words, read again when the interests they come from change."""
    key = (str(database.database), *database.execute_sql(_SAMPLE_KEY_SQL, (IDF_SAMPLE,)).fetchone())
    if key not in _cache:
        freq: Counter[str] = Counter()
        rows = database.execute_sql(
            "SELECT subject FROM interest ORDER BY id DESC LIMIT ?", (IDF_SAMPLE,)).fetchall()
        for (subject,) in rows:
            freq.update(concepts(subject).words)
        _cache.clear()
        _cache[key] = Weights(len(rows), dict(freq))
    return _cache[key]


def similarity(ours: Concepts, theirs: Concepts, w: Weights,
               need: Concepts | None = None) -> tuple[float, frozenset[str]]:
    """(weighted share of the concepts in common, the shared concepts); 0 when the two share no
    telling word. The share of all the concepts of both; with `need` (the buyer's side of the
    two), averaged with the share of what the buyer asks for that the other offers: a seller of
    «трубы стальные бесшовные» answers a buyer of «стальные трубы», a seller of «стальные
    трубы» does not answer a buyer of «трубы ПНД»."""
    shared = ours.words & theirs.words
    if not shared:
        return 0.0, frozenset()
    both_generic = ours.generic & theirs.generic
    common = sum(map(w.idf, shared)) + GENERIC_WEIGHT * len(both_generic)
    # A synonym group one side names and the other does not counts by its words alone: «железобетонные
    # изделия» (ЖБИ) against «железобетонные кольца» weighs «железобетонные» and «кольца».
    # And a group both name stands for its words: «ПНД» against «полиэтилен низкого давления».
    spelled = {s for key, s in ours.parts | theirs.parts if key in shared}
    def share(*sides: Concepts) -> float:
        words_ = set().union(*(side.words for side in sides))
        counted = {c for c in words_
                   if (not c.startswith("=") or c in shared) and (c not in spelled or c in shared)}
        total = sum(map(w.idf, counted)) + GENERIC_WEIGHT * len(set().union(*(s.generic for s in sides)))
        return min(1.0, common / total) if total else 0.0

    both = share(ours, theirs)
    return (both + share(need)) / 2 if need is not None else both, shared


def okved_class(code: str | None) -> str | None:
    digits = (code or "").strip()[:2]
    return digits if len(digits) == 2 and digits.isdigit() else None
