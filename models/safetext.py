"""Text safe to store and to show on a terminal: no control characters, no escape sequences.

A cell of a workbook, a value pasted into a form or a row copied from an old database may hold
bytes a terminal obeys rather than shows: ESC sequences that retitle the window (OSC 0), wipe the
screen (CSI 2 J), plant a clickable link (OSC 8) or make the terminal type an answer (CSI 6 n);
NUL, BEL, the C1 controls (U+0080–U+009F, the 8-bit forms of the same sequences), DEL, and the
bidirectional overrides that show text in another order than it is stored. Line breaks come in
many forms from word processors (\\r, vertical tab, form feed, NEL, U+2028/U+2029).

`scrub`/`clean` give what the register stores: escape sequences removed whole (an OSC 8 link
keeps its visible words), other control characters removed, every line break a newline in a
multi-line field and a space elsewhere; tab and newline are the only controls kept. `printable`
gives what is shown of a value stored before this cleaning existed: each unsafe character
replaced by one visible stand-in, so the text keeps its length (and the styles laid over it).
Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# ESC-introduced sequences, and their 8-bit C1 forms, matched whole so that nothing of them is
# left as litter: CSI (parameters, intermediates, final byte); the string sequences OSC, DCS,
# SOS, PM and APC up to their terminator (BEL or ST); any other ESC with its intermediates and
# final byte (ESC c resets the terminal, ESC ( 0 switches to line drawing). A string sequence
# without its terminator loses only its introducer: a terminal would have swallowed the rest,
# but a stored value should not.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x00-\x08\x0a-\x1f\x7f-\x9f]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[\]PX^_]|\x1b[\x20-\x2f]*[\x30-\x7e]?")
# Every line break str.splitlines knows except the file/group/record separators (\x1c-\x1e).
_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# What is never stored or shown: C0 but tab and newline, DEL, C1, the bidi embeddings,
# overrides and isolates.
_UNSAFE_CHARS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_UNSAFE_CHARS}]")


def scrub(text: str, *, multiline: bool = False) -> tuple[str, list[str]]:
    """(`text` cleaned, the pieces removed: escape sequences, then single characters). Line
    breaks turned into newlines (with `multiline`) or spaces are not counted as removed; a
    newline in a one-line value becomes a space too."""
    if text.isprintable():  # the usual value: nothing to do (a C-speed check)
        return text, []
    removed: list[str] = []
    if "\x1b" in text or _has_c1_introducer(text):
        text = _SEQUENCE.sub(_keeping(removed), text)
    text = _LINE_BREAK.sub("\n" if multiline else " ", text)
    if not multiline:
        text = text.replace("\n", " ")
    if _UNSAFE.search(text):
        text = _UNSAFE.sub(_keeping(removed), text)
    return text, removed


def _keeping(removed: list[str]) -> Callable[[re.Match[str]], str]:
    """A replacement for `re.sub` that deletes each match and appends it to `removed`."""

    def drop(match: re.Match[str]) -> str:
        removed.append(match.group())
        return ""

    return drop


def _has_c1_introducer(text: str) -> bool:
    return any(c in text for c in "\x90\x98\x9b\x9d\x9e\x9f")


def clean(text: str, *, multiline: bool = False) -> str:
    """`text` with nothing a terminal would obey (see `scrub`)."""
    return scrub(text, multiline=multiline)[0]


def is_clean(text: str, *, multiline: bool = True) -> bool:
    """True when `clean` would leave `text` as it is."""
    return clean(text, multiline=multiline) == text


def shown(piece: str) -> str:
    """A removed piece written so that a person can read it and a terminal cannot obey it:
    control characters as \\xNN or \\uNNNN escapes ("\\x1b[2J")."""
    return _UNSAFE.sub(lambda m: _escape(m.group()), piece.replace("\t", "\\t").replace("\n", "\\n"))


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_STAND_INS = {code: chr(0x2400 + code) for code in range(0x20)}  # ␀ … ␟, the control pictures
_STAND_INS[0x7f] = "\u2421"  # ␡
_STAND_INS.update({code: "\ufffd" for code in range(0x80, 0xa0)})
_STAND_INS.update({code: "\ufffd" for code in (0x2028, 0x2029, *range(0x202a, 0x202f),
                                                *range(0x2066, 0x206a))})
_KEEP_LINES = {0x09: "\t", 0x0a: "\n"}
_ONE_LINE = {0x09: "\t", 0x0a: " "}
PRINTABLE_TABLE = {**_STAND_INS, **_KEEP_LINES}
_ONE_LINE_TABLE = {**_STAND_INS, **_ONE_LINE}


def printable(text: str, *, multiline: bool = True) -> str:
    """`text` as it may be shown: each unsafe character replaced by one visible stand-in (the
    control pictures ␀…␟ and ␡ for C0 and DEL, U+FFFD for C1 and the bidi controls), so the
    length is kept; tab kept, newline kept with `multiline` and a space otherwise."""
    if text.isprintable():
        return text
    return text.translate(PRINTABLE_TABLE if multiline else _ONE_LINE_TABLE)
