"""Tabs over panes, as Textual's TabbedContent shows them, for about half the cost of opening.

TabbedContent builds a widget for each tab's label, one for the underline, one for every pane and
a switcher, and moves the underline with an animation: on the dossier that was half the time the
screen took to show its data (100,000 companies, 80×24: 95–106 ms, against 50–62 with these
tabs). Here the labels and their underline are drawn by one widget (`TabStrip`) and a pane not
shown is not laid out.

The look and the keys are Textual's: the active label lit (in the cursor's colours while the strip
has the focus), the underline lit under it, ←/→ on the focused strip and a click on a label switch
tabs. A tab's label is its word, numbered «1 Карточка» when the screen's digits switch tabs; where
the labels do not fit, as Midnight Commander numbers its keys, the number is lit and the word
follows it («1Карточка»), one column between tabs: the dossier's eight fit 80 columns so in both
languages. Labels that do not fit even so are scrolled to keep the active one in sight.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.renderables.bar import Bar
from textual.widget import Widget

PADDING = 1  # columns either side of a label (one, on its left only, when narrow)


def _wide_width(words: Mapping[str, str], numbered: bool) -> int:
    """Columns the labels take when not narrow."""
    return sum(len(_label(n, word, numbered)) + 2 * PADDING
               for n, word in enumerate(words.values(), start=1))


def _label(n: int, word: str, numbered: bool) -> str:
    return f"{n} {word}" if numbered else word


class TabStrip(Widget, can_focus=True):
    """The tabs' labels on one line and the underline below them."""

    DEFAULT_CSS = """
    TabStrip {
        width: 1fr;
        height: 2;
        & > .tab-strip--tab { color: $foreground 50%; }
        & > .tab-strip--active { color: $foreground; }
        & > .tab-strip--number { color: $text-accent; text-style: bold; }
        & > .tab-strip--bar { color: $block-cursor-background; background: $foreground 10%; }
        &:focus {
            & > .tab-strip--active {
                text-style: $block-cursor-text-style;
                color: $block-cursor-foreground;
                background: $block-cursor-background;
            }
            & > .tab-strip--bar { background: $foreground 30%; }
        }
        &:ansi {
            & > .tab-strip--tab { text-style: dim; }
            & > .tab-strip--active { text-style: not dim bold; }
            & > .tab-strip--bar { color: $block-cursor-background; background: $border-blurred; }
        }
    }
    """
    COMPONENT_CLASSES = {"tab-strip--tab", "tab-strip--active", "tab-strip--number", "tab-strip--bar"}
    BINDINGS = [
        Binding("left", "step(-1)", show=False),
        Binding("right", "step(1)", show=False),
    ]

    active: reactive[str] = reactive("")

    class Chosen(Message):
        """The person chose a tab (a click, or ←/→ on the strip)."""

        def __init__(self, strip: TabStrip, name: str) -> None:
            super().__init__()
            self.strip = strip
            self.name = name

        @property
        def control(self) -> TabStrip:
            return self.strip

    def __init__(self, words: Mapping[str, str], active: str, numbered: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.words = dict(words)
        self.numbered = numbered
        self.set_reactive(TabStrip.active, active)
        self._spans: list[tuple[int, int, str]] = []  # (first, end) columns of each tab, as drawn

    def set_words(self, words: Mapping[str, str]) -> None:
        """New labels for the tabs (a count that came with the data)."""
        self.words = dict(words)
        self.refresh()

    @property
    def narrow(self) -> bool:
        """The labels drawn narrow: numbered, and too wide for the strip otherwise."""
        return self.numbered and bool(self.size.width) and \
            _wide_width(self.words, self.numbered) > self.size.width

    def render(self) -> RenderableType:
        styles = {name: self.get_component_rich_style(f"tab-strip--{name}")
                  for name in ("tab", "active", "number", "bar")}
        line = Text(no_wrap=True, overflow="crop")
        number = styles["number"]  # its colour and weight, on the tab's own background
        number = Style(color=number.color, bold=number.bold)
        spans, lit = [], (0, 0)
        narrow = self.narrow
        left, right = (PADDING, 0) if narrow else (PADDING, PADDING)
        for n, (name, word) in enumerate(self.words.items(), start=1):
            style = styles["active" if name == self.active else "tab"]
            start = line.cell_len
            line.append(" " * left, style)
            if narrow:
                line.append(str(n), style + number)
                line.append(word, style)
            else:
                line.append(_label(n, word, self.numbered), style)
            if name == self.active:
                lit = (start + left, line.cell_len)
            line.append(" " * right, style)
            spans.append((start, line.cell_len, name))
        # tabs wider than the strip: scrolled so that the active one shows whole
        shift = max(0, lit[1] - self.size.width) if self.size.width else 0
        self._spans = [(a - shift, b - shift, name) for a, b, name in spans]
        bar = styles["bar"]
        return Group(line[shift:] if shift else line,
                     Bar((lit[0] - shift, lit[1] - shift), highlight_style=Style.from_color(bar.color),
                         background_style=Style.from_color(bar.bgcolor)))

    def column_of(self, name: str) -> int:
        """The first column of a tab's label as last drawn (where a click chooses it)."""
        return next(first for first, _, tab in self._spans if tab == name)

    def watch_active(self) -> None:
        self.refresh()

    def _choose(self, name: str) -> None:
        if name != self.active:
            self.active = name
            self.post_message(self.Chosen(self, name))

    def action_step(self, by: int) -> None:
        names = list(self.words)
        if self.active in names:
            self._choose(names[(names.index(self.active) + by) % len(names)])

    def on_click(self, event: events.Click) -> None:
        for first, end, name in self._spans:
            if first <= event.x < end:
                self._choose(name)
                return


class Pane(Vertical):
    """One tab's content; only the active tab's pane is displayed."""

    DEFAULT_CSS = "Pane { height: 1fr; padding: 0 1; }"


class Tabbed(Vertical):
    """A TabStrip over panes (`Pane`, one per tab, ids the tabs' names), yielded inside it:

        with Tabbed({"card": "Карточка", ...}, active="card", id="dossier-tabs"):
            with Pane(id="card"): ...
    """

    DEFAULT_CSS = "Tabbed { height: 1fr; }"

    class Activated(Message):
        """A tab became the active one (chosen by the person or set by the screen)."""

        def __init__(self, tabbed: Tabbed, name: str) -> None:
            super().__init__()
            self.tabbed = tabbed
            self.name = name

        @property
        def control(self) -> Tabbed:
            return self.tabbed

    def __init__(self, words: Mapping[str, str], active: str | None = None, numbered: bool = True,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self._strip = TabStrip(words, active or next(iter(words)), numbered)
        self._panes: list[Widget] = []

    def compose(self) -> ComposeResult:
        yield self._strip
        yield from self._panes

    def compose_add_child(self, widget: Widget) -> None:
        # the panes yielded inside `with Tabbed(...)` go below the strip, all but the active hidden
        if isinstance(widget, Pane):
            widget.display = widget.id == self._strip.active
        self._panes.append(widget)

    @property
    def strip(self) -> TabStrip:
        return self._strip

    @property
    def active(self) -> str:
        return self._strip.active

    @active.setter
    def active(self, name: str) -> None:
        if name != self._strip.active:
            self._strip.active = name
            self._show(name)

    def has_pane(self, name: str) -> bool:
        return any(pane.id == name for pane in self.query_children(Pane))

    def add_pane(self, pane: Pane) -> None:
        """Mount a tab's pane after the screen is up (a tab built when first shown)."""
        pane.display = pane.id == self.active
        self.mount(pane)

    def _show(self, name: str) -> None:
        for pane in self.query_children(Pane):
            pane.display = pane.id == name
        self.post_message(self.Activated(self, name))

    def on_tab_strip_chosen(self, event: TabStrip.Chosen) -> None:
        event.stop()
        self._show(event.name)
