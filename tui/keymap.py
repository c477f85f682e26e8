"""Keys in the Russian layout: most of the day a Russian user types in ЙЦУКЕН, and the key marked `b`
then sends «и». Every letter binding gets a twin on the key in the same place of the Russian
layout, hidden from the footer (the Latin key is shown once).

Text inputs still receive the letters: Textual offers a key to a focused Input first, which takes
printable characters and stops them before any binding is looked at.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from textual.binding import Binding

_LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
_RUSSIAN = "йцукенгшщзхъфывапролджэячсмитьбюё"
_PAIRS = list(zip(_LATIN, _RUSSIAN, strict=True))

# Textual key names: a letter is its own name; punctuation has a name of its own
_KEY_NAMES = {"[": "left_square_bracket", "]": "right_square_bracket", ";": "semicolon",
              "'": "apostrophe", ",": "comma", ".": "full_stop", "`": "grave_accent", "/": "slash"}


def _key(character: str) -> str:
    return _KEY_NAMES.get(character, character)


LAYOUT: dict[str, str] = {
    **{_key(latin): russian for latin, russian in _PAIRS},
    **{latin.upper(): russian.upper() for latin, russian in _PAIRS if latin.isalpha()},
    "slash": "full_stop",  # «/» is «.» in the Russian layout
}
"""Textual key name in the Latin layout -> the key name the same key sends in the Russian one."""


def twin(key: str) -> str | None:
    """The key in the same place of the Russian layout, for a key without modifiers."""
    return LAYOUT.get(key)


def russian_twins(bindings: Iterable[Binding]) -> list[Binding]:
    """`bindings` followed by the Russian-layout twin of each letter binding not already bound,
    with the same action and description, not shown in the footer."""
    bindings = list(bindings)
    taken = {key.strip() for b in bindings for key in b.key.split(",")}
    twins = []
    for b in bindings:
        for key in b.key.split(","):
            other = twin(key.strip())
            if other is not None and other not in taken:
                taken.add(other)
                twins.append(replace(b, key=other, show=False, key_display=None))
    return bindings + twins
