"""Terminal-safe text (models.safetext): what the register stores and what is shown of it.

The properties state the contract every path relies on: nothing a terminal obeys survives
`clean`, cleaning twice changes nothing, ordinary text is never touched, and `printable` keeps
the length of what it shows.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.safetext import clean, is_clean, printable, scrub, shown

_UNSAFE = {*map(chr, range(0x00, 0x09)), *map(chr, range(0x0b, 0x20)), "\x7f", *map(chr, range(0x80, 0xa0)),
           "\u2028", "\u2029", *map(chr, range(0x202a, 0x202f)), *map(chr, range(0x2066, 0x206a))}

ESC = "\x1b"
_ATTACKS = [f"{ESC}]0;title\x07", f"{ESC}[2J", f"{ESC}]8;;http://evil{ESC}\\click{ESC}]8;;{ESC}\\",
            f"{ESC}[6n", "\x00", "\x0b", "\x0c", "\r", "\r\n", "\x85", "\x9b2J", "\x9d0;t\x9c", f"{ESC}c",
            f"{ESC}(0", f"{ESC}]", ESC, "\u202e", "\u2066", "\u2028", "\u2029", "\x7f", "\x07", "\t", "\n"]
_TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(_ATTACKS) | st.text(max_size=4) | st.sampled_from(["ООО", "[/]", " ", "a"]),
             max_size=10).map("".join))


@pytest.mark.parametrize("raw, one_line, lines, removed", [
    (f"{ESC}]0;pwned\x07ООО Ромашка", "ООО Ромашка", "ООО Ромашка", [f"{ESC}]0;pwned\x07"]),
    (f"Ромашка{ESC}[2J", "Ромашка", "Ромашка", [f"{ESC}[2J"]),
    (f"{ESC}]8;;http://evil{ESC}\\Нажми{ESC}]8;;{ESC}\\", "Нажми", "Нажми",
     [f"{ESC}]8;;http://evil{ESC}\\", f"{ESC}]8;;{ESC}\\"]),
    (f"a{ESC}[6nb", "ab", "ab", [f"{ESC}[6n"]),
    ("a\x00b\x9b31mc", "abc", "abc", ["\x9b31m", "\x00"]),
    ("строка 1\x0bстрока 2\r\nстрока 3\u2028\x0c4\x85", "строка 1 строка 2 строка 3  4 ",
     "строка 1\nстрока 2\nстрока 3\n\n4\n", []),
    ("abc\u202edef", "abcdef", "abcdef", ["\u202e"]),
    (f"x{ESC}]без конца", "xбез конца", "xбез конца", [f"{ESC}]"]),
    ("таб\tи\nстрока", "таб\tи строка", "таб\tи\nстрока", []),
    ("[bold red]x[/] ООО [/] Скобки", "[bold red]x[/] ООО [/] Скобки", "[bold red]x[/] ООО [/] Скобки", []),
])
def test_scrub(raw, one_line, lines, removed):
    assert scrub(raw) == (one_line, removed)
    assert scrub(raw, multiline=True) == (lines, removed)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.booleans())
def test_clean_leaves_nothing_a_terminal_obeys(text, multiline):
    out = clean(text, multiline=multiline)
    assert not (set(out) & _UNSAFE)
    assert "\n" not in out or multiline
    assert clean(out, multiline=multiline) == out  # idempotent
    assert len(out) <= len(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters=sorted(_UNSAFE | {"\n"})), max_size=40),
       st.booleans())
def test_ordinary_text_is_never_touched(text, multiline):
    assert scrub(text, multiline=multiline) == (text, [])
    assert printable(text, multiline=multiline) == text
    assert is_clean(text)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_what_is_removed_is_told_and_the_rest_is_kept(text):
    out, removed = scrub(text, multiline=True)
    # every removed piece is shown without a control character a terminal would obey
    assert all(not (set(shown(p)) & _UNSAFE) and shown(p) for p in removed)
    # nothing that is not a control or part of a sequence goes missing: the visible characters
    # of the output are a subsequence of the input's
    it = iter(text)
    assert all(any(c == d for d in it) for c in out if c != "\n")


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.booleans())
def test_printable_keeps_the_length_and_shows_no_control(text, multiline):
    out = printable(text, multiline=multiline)
    assert len(out) == len(text)
    assert not (set(out) & _UNSAFE)
    assert "\n" not in out or multiline
