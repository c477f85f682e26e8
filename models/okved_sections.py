"""OKVED 2 sections: the letter a code's class (its first two digits) belongs to, and the
section's short name in Russian and English — what a report groups industries by."""

from __future__ import annotations

import functools

from models.vocab import Vocabulary

# (first class, last class, letter) of each section, in the classifier's order.
_RANGES = (
    (1, 3, "A"), (5, 9, "B"), (10, 33, "C"), (35, 35, "D"), (36, 39, "E"), (41, 43, "F"),
    (45, 47, "G"), (49, 53, "H"), (55, 56, "I"), (58, 63, "J"), (64, 66, "K"), (68, 68, "L"),
    (69, 75, "M"), (77, 82, "N"), (84, 84, "O"), (85, 85, "P"), (86, 88, "Q"), (90, 93, "R"),
    (94, 96, "S"), (97, 98, "T"), (99, 99, "U"),
)

SECTIONS: Vocabulary = {
    "A": ("сельское хозяйство", "agriculture"),
    "B": ("добыча полезных ископаемых", "mining"),
    "C": ("обрабатывающие производства", "manufacturing"),
    "D": ("энергоснабжение", "energy supply"),
    "E": ("водоснабжение, отходы", "water, waste"),
    "F": ("строительство", "construction"),
    "G": ("торговля", "trade"),
    "H": ("транспорт и хранение", "transport and storage"),
    "I": ("гостиницы и питание", "hotels and catering"),
    "J": ("информация и связь", "information and communication"),
    "K": ("финансы и страхование", "finance and insurance"),
    "L": ("недвижимость", "real estate"),
    "M": ("профессиональная и научная деятельность", "professional and scientific"),
    "N": ("административные услуги", "administrative services"),
    "O": ("госуправление", "public administration"),
    "P": ("образование", "education"),
    "Q": ("здравоохранение", "health"),
    "R": ("культура и спорт", "arts and sport"),
    "S": ("прочие услуги", "other services"),
    "T": ("домашние хозяйства", "households"),
    "U": ("экстерриториальные организации", "extraterritorial bodies"),
}


@functools.lru_cache(maxsize=4096)
def section_of(okved: str | None) -> str | None:
    """The section letter of an OKVED code ("10.71" -> "C"); None when there is no valid code."""
    head = (okved or "").strip()[:2]
    if len(head) != 2 or not head.isdigit():
        return None
    number = int(head)
    for first, last, letter in _RANGES:
        if first <= number <= last:
            return letter
    return None


# The section letter of each class ("10" -> "C"), what `section_of` and `section_sql` read.
SECTION_OF_CLASS: dict[str, str] = {f"{n:02d}": letter for first, last, letter in _RANGES
                                    for n in range(first, last + 1)}


def class_sql(column: str) -> str:
    """SQL giving the class of the OKVED code in `column`: its first two characters."""
    return f"substr(trim(coalesce({column}, '')), 1, 2)"


def section_sql(column: str) -> str:
    """SQL giving the section letter of the OKVED code in `column`, "" when there is none (what
    `SECTION_OF_CLASS` says of `class_sql`, computed by either store)."""
    head = class_sql(column)
    arms = " ".join(
        f"WHEN {head} IN ({', '.join(repr(f'{n:02d}') for n in range(first, last + 1))}) THEN '{letter}'"
        for first, last, letter in _RANGES)
    return f"(CASE {arms} ELSE '' END)"
