"""Tables that read at any width: words wrap only between words, an e-mail, a web address or a
phone number is never cut in two, and the columns share the width by what matters.

`share` divides a width between columns (the DataTables use it with their own column specs);
`FitTable` is a rich renderable that lays its columns out for the width it is given each time it
is drawn (a Static in the app, the console in the command line)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

ELLIPSIS = "…"
# what never breaks: a phone number (digits with spaces, dashes, brackets), else any run of
# non-space characters (an e-mail, an address on the web, a word)
_TOKEN = re.compile(r"\+?\(?\d[\d ()\-]{5,}\d|\S+")
_HYPHEN = re.compile(r"(?<=[^\W\d_]-)(?=[^\W\d_])")  # "торгово-|промышленной": a break a reader accepts
_UNBREAKABLE = re.compile(r"@|://|^www\.|\d")  # e-mails, links and numbers keep their hyphens
_ADDRESS = re.compile(r"@|://|^www\.|^\+?\(?\d[\d ()\-]{5,}\d$")


@dataclass(frozen=True)
class Fit:
    """One column's claim on the width: never below `floor` while there is room, `want` is enough
    for all its content; what is left over goes to columns by `weight` (0: stays at `want`)."""

    floor: int
    want: int
    weight: int = 0
    words: tuple[int, ...] = ()  # the widest unbreakable piece of each cell, to shrink fairly
    keep: int = 0  # the widest e-mail, link or phone: cut only when nothing else can give way

    def cut(self, width: int) -> int:
        """How many cells lose a character when the column goes from `width` to `width - 1`."""
        return sum(1 for w in self.words if w >= width)


def share(room: int, fits: Sequence[Fit]) -> list[int]:
    """Widths for `fits` that add up to `room` when they can: fixed columns get what they want,
    the others their floor, then the rest by weight up to what they want, then beyond it. Short
    of room, the widest columns give way first (a long word then ends in '…', never wraps)."""
    widths = [f.want if f.weight == 0 else min(f.floor, f.want) for f in fits]
    widths = [max(1, w) for w in widths]
    over = sum(widths) - room
    while over > 0:
        flexible = [i for i, f in enumerate(fits) if f.weight and widths[i] > max(4, f.keep)] or \
                   [i for i, f in enumerate(fits) if f.weight and widths[i] > 4] or \
                   [i for i, w in enumerate(widths) if w > 4]
        if not flexible:
            break
        # the column where the fewest cells lose a character, the widest of those
        widest = min(flexible, key=lambda i: (fits[i].cut(widths[i]), -widths[i]))
        widths[widest] -= 1
        over -= 1
    left = room - sum(widths)
    for capped in (True, False):
        while left > 0:
            hungry = [i for i, f in enumerate(fits) if f.weight and (not capped or widths[i] < f.want)]
            if not hungry:
                break
            total = sum(fits[i].weight for i in hungry)
            given = 0
            for i in hungry:
                part = min(max(1, left * fits[i].weight // total), left - given)
                if capped:
                    part = min(part, fits[i].want - widths[i])
                widths[i] += part
                given += part
            left -= given
            if given == 0:
                break
    return widths


def tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of the pieces of `text` that are never broken across lines."""
    return [m.span() for m in _TOKEN.finditer(text)]


def longest_token(text: str) -> int:
    """The width of the widest piece of `text` that cannot be broken (hyphenated words may be)."""
    widest = 0
    for start, end in tokens(text):
        piece = text[start:end]
        parts = [piece] if _UNBREAKABLE.search(piece) else _HYPHEN.split(piece)
        widest = max(widest, *(cell_len(p) for p in parts))
    return widest


def longest_address(text: str) -> int:
    """The width of the widest e-mail, web address or phone number in `text`."""
    return max((end - start for start, end in tokens(text)
                if _ADDRESS.search(text[start:end])), default=0)


def wrap(text: Text, width: int, max_lines: int | None = None) -> Text:
    """`text` broken into lines of at most `width` cells between words only (or after the hyphen
    of a hyphenated word); a piece wider than the line, or a line past `max_lines`, ends in '…'."""
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        lines.extend(_wrap_line(paragraph, width))
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        if cell_len(last.plain) >= width:  # no room for '…': the last word goes, not half of it
            cut = last.plain.rstrip().rfind(" ")
            last.truncate(cut if cut > 0 else width - 1)
            last.rstrip()
        last.append(ELLIPSIS)
    for line in lines:
        line.truncate(width, overflow="ellipsis")
    return Text("\n").join(lines)


def _pieces(plain: str, width: int) -> list[tuple[int, int]]:
    out = []
    for start, end in tokens(plain):
        piece = plain[start:end]
        if cell_len(piece) <= width or _UNBREAKABLE.search(piece):
            out.append((start, end))
            continue
        cuts = [start + m.start() for m in _HYPHEN.finditer(piece)]
        edges = [start, *cuts, end]
        out.extend(zip(edges, edges[1:], strict=False))
    return out


def _wrap_line(line: Text, width: int) -> list[Text]:
    plain = line.plain
    pieces = _pieces(plain, width)
    if not pieces:
        return [line[0:0]]
    out: list[Text] = []
    begin, last_end = pieces[0][0], pieces[0][0]
    for start, end in pieces:
        if start > begin and cell_len(plain[begin:end]) > width:
            out.append(line[begin:last_end])
            begin = start
        last_end = end
    out.append(line[begin:last_end])
    return out


def _as_text(value: object) -> Text:
    if isinstance(value, Text):
        return value
    return Text("" if value is None else str(value))


class FitTable:
    """A table of text cells laid out for the width it is drawn at.

    `columns` are (title, options): `no_wrap` (or `width`) keeps a column as wide as its content
    (or that width); `ratio` is its share of what is left; `max_lines` cuts a cell after that
    many lines with '…'; `justify` as in rich. Cells wrap between words only; a row of None
    is a line between sections."""

    def __init__(self, columns: Sequence[tuple[str, dict]], rows: Sequence[Sequence[object] | None],
                 **table_options) -> None:
        self.columns = [(title, dict(options)) for title, options in columns]
        self.rows = [None if row is None else [_as_text(c) for c in row] for row in rows]
        self.table_options = {"show_edge": False, "header_style": "bold", "pad_edge": False,
                              "box": box.SIMPLE_HEAD, "show_lines": False,
                              "padding": (0, 1, 0, 0), **table_options}  # columns two cells apart

    def _fits(self) -> list[Fit]:
        fits = []
        for index, (title, options) in enumerate(self.columns):
            cells = [row[index].plain for row in self.rows if row is not None and index < len(row)]
            want = max((cell_len(line) for c in [title, *cells] for line in c.split("\n")), default=1)
            if options.get("width"):
                fits.append(Fit(options["width"], options["width"]))
            elif options.get("no_wrap"):
                fits.append(Fit(want, want))
            else:
                words = tuple(longest_token(c) for c in [title, *cells])
                keep = max((longest_address(c) for c in cells), default=0)
                fits.append(Fit(min(max(words, default=1), 30), want, options.get("ratio") or 1, words,
                                min(keep, 40)))
        return fits

    def _table(self, widths: Sequence[int] | None = None) -> Table:
        table = Table(**self.table_options)
        for index, (title, options) in enumerate(self.columns):
            width = widths[index] if widths else None
            table.add_column(wrap(Text(title), width) if width else title, width=width,
                             no_wrap=True, overflow="ellipsis", justify=options.get("justify", "left"))
        return table

    def _overhead(self) -> int:
        table = self._table()
        return table._extra_width + sum(table._get_padding_width(i) for i in range(len(self.columns)))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        fits = self._fits()
        overhead = self._overhead()
        return Measurement(min(options.max_width, sum(f.floor for f in fits) + overhead), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = options.max_width - self._overhead()
        widths = share(room, self._fits())
        table = self._table(widths)
        for row in self.rows:
            if row is None:
                table.add_section()
                continue
            table.add_row(*(wrap(cell, widths[i], self.columns[i][1].get("max_lines"))
                            for i, cell in enumerate(row)))
        yield table


def column_widths(screen_width: int, fits: dict[str, Fit]) -> dict[str, int]:
    """Widths of a DataTable's columns on a screen `screen_width` wide: each column has a cell of
    padding on both sides, and the table keeps four cells for its scrollbar and edges."""
    room = screen_width - 4 - 2 * len(fits)
    return dict(zip(fits, share(room, list(fits.values())), strict=True))
