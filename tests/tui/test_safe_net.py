"""The net under every screen and command: rich's Text and Textual's Content show control
characters as stand-ins of the same length once `tui.safe.install` ran (the app and the command
run it first). A rich or Textual upgrade that moves their table fails here, not on a terminal."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from tui import safe


def test_rich_and_textual_show_control_characters_as_stand_ins():
    safe.install()
    safe.install()  # twice changes nothing
    assert safe.installed()
    raw = "a\x1b]0;t\x07\x1b[2J\x00\x9b\u202eb\tc\nd"
    assert Text(raw).plain == "a␛]0;t␛[2J␀��b\tc\nd"  # BEL: rich drops it itself
    assert Content(raw).plain == Text(raw).plain
    styled = Text.assemble(("x\x1b[6n", "bold"), "y")
    assert styled.plain == "x␛[6ny" and styled.spans[0].end == 5  # the style still covers its text


def test_plain_never_reads_markup():
    assert safe.plain("ООО [/] Скобки").plain == "ООО [/] Скобки"
    assert safe.plain("[bold red]x[/]").spans == []
    assert safe.plain(None).plain == ""
