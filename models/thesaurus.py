"""The chamber's thesaurus (`models/data/thesaurus.txt`, data staff can review): countries with
their adjectives and abbreviations, the chamber's synonyms, and generic trade words.

Terms are compared by the stems of their words (`models.textnorm`), so a group lists each word
once, in any form. Searching expands a typed word into its group; matching interests reads a
synonym as one concept, a country as a preference rather than a product, and a generic word as
too weak to make a match alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from models.textnorm import stem, words

Term = tuple[str, ...]  # the stems of a term's words, in order

_SECTIONS = {"страны": "countries", "синонимы": "synonyms", "общие слова": "generic"}


@dataclass(frozen=True)
class Group:
    kind: str  # "countries", "synonyms" or "generic"
    label: str  # the first term as written: a country as the register spells it
    terms: tuple[Term, ...]

    @property
    def key(self) -> str:
        """One token standing for the whole group (the first term's stems)."""
        return "_".join(self.terms[0])


@dataclass(frozen=True)
class Thesaurus:
    groups: tuple[Group, ...]
    # a term's stems -> its group; the longest term a text holds wins (see `concepts`)
    by_term: dict[Term, Group] = field(default_factory=dict)
    longest: int = 1

    def group_of(self, term: Term) -> Group | None:
        return self.by_term.get(term)


def term_of(text: str) -> Term:
    return tuple(stem(w) for w in words(text))


def parse(text: str) -> Thesaurus:
    """The thesaurus written in `text` (the format of `models/data/thesaurus.txt`)."""
    groups, kind = [], "synonyms"
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            kind = _SECTIONS.get(line[1:-1].strip().lower(), kind)
            continue
        written = [t.strip() for t in line.split("|") if t.strip()]
        terms = tuple(dict.fromkeys(t for t in map(term_of, written) if t))
        if terms:
            groups.append(Group(kind, written[0], terms))
    by_term: dict[Term, Group] = {}
    for g in groups:
        for term in g.terms:
            by_term.setdefault(term, g)  # the first group naming a term keeps it
    return Thesaurus(tuple(groups), by_term, max((len(t) for t in by_term), default=1))


@lru_cache(maxsize=1)
def load() -> Thesaurus:
    """The thesaurus shipped with Palata."""
    return parse(resources.files("models").joinpath("data/thesaurus.txt").read_text("utf-8"))


def segment(stems: list[str], thesaurus: Thesaurus | None = None) -> list[tuple[Term, Group | None]]:
    """The stems of a text cut into terms: the longest term of the thesaurus at each place, else
    one word ("полиэтилен низкого давления" is one term of the group ПНД)."""
    th = thesaurus or load()
    out, i = [], 0
    while i < len(stems):
        for n in range(min(th.longest, len(stems) - i), 0, -1):
            term = tuple(stems[i:i + n])
            group = th.group_of(term)
            if group is not None or n == 1:
                out.append((term, group))
                i += n
                break
    return out


def country_of(text: str | None) -> str | None:
    """The country a text names (as the register spells it), if it names exactly one."""
    found = {g.label for _, g in segment([stem(w) for w in words(text)]) if g and g.kind == "countries"}
    return found.pop() if len(found) == 1 else None
