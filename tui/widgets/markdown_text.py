"""Markdown shown as one widget: the briefing and a mission's story.

Textual's Markdown widget builds a widget for every block, and four for every item of a list
(a row, its bullet, a column and the item's paragraph): a briefing with a dozen matches was ~90
widgets to mount, style and lay out, half of the time its screen took to open. Here rich renders
the same Markdown (as `palata brief` prints it) into one Static, in the colours of the app's
theme: headings as Textual's Markdown colours them, bullets and links in the theme's accents,
nothing in rich's own fixed terminal colours.

The text is Palata's own (tui/briefing_text.py), with everything from the register escaped: it
holds no links, HTML or code for rich to act on.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.markdown import Markdown
from rich.segment import Segment
from rich.style import Style
from rich.theme import Theme
from textual.widgets import Static

# rich's Markdown style names, each drawn in one of the widget's component styles
_STYLES = {
    "markdown.h1": "h1", "markdown.h2": "h2", "markdown.h3": "h3", "markdown.h4": "h3",
    "markdown.item.bullet": "bullet", "markdown.item.number": "bullet",
    "markdown.link": "link", "markdown.link_url": "link",
    "markdown.code": "code", "markdown.code_block": "code", "markdown.block_quote": "quote",
    "markdown.hr": "quote", "markdown.table.border": "quote", "markdown.table.header": "h3",
}
_PLAIN = ("markdown.list", "markdown.h1.border")  # coloured by rich, plain here


class _InTheme:
    """A renderable drawn with these styles in place of the console's own."""

    def __init__(self, renderable: RenderableType, styles: dict[str, Style]) -> None:
        self.renderable = renderable
        self.styles = styles
        # the lines last drawn, and for what: Textual draws a Static once to learn its height and
        # again to show it, and a long mission story took ~15 ms a drawing
        self._drawn: tuple[tuple, list[list[Segment]]] | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, tuple(self.styles.items()))
        if self._drawn is not None and self._drawn[0] == key:
            lines = self._drawn[1]
        else:
            console.push_theme(Theme(self.styles))
            try:
                # every line, whatever height the widget has now (Textual crops what it shows):
                # drawn cut to the height of a frame painted before the layout for a new text, the
                # kept lines then measured the widget at that height for good
                lines = console.render_lines(self.renderable, options.update(height=None), pad=False)
            finally:
                console.pop_theme()
            self._drawn = (key, lines)
        new_line = Segment.line()
        for line in lines:
            yield from line
            yield new_line


class MarkdownText(Static):
    """A Static that shows Markdown (`show`), as rich renders it."""

    DEFAULT_CSS = """
    MarkdownText {
        padding: 0 1;
        & > .markdown-text--h1 { color: $markdown-h1-color; text-style: $markdown-h1-text-style; }
        & > .markdown-text--h2 { color: $markdown-h2-color; text-style: $markdown-h2-text-style; }
        & > .markdown-text--h3 { color: $markdown-h3-color; text-style: $markdown-h3-text-style; }
        & > .markdown-text--bullet { color: $text-primary; text-style: bold; }
        & > .markdown-text--link { color: $text-accent; text-style: underline; }
        & > .markdown-text--code { color: $text-accent; }
        & > .markdown-text--quote { color: $text-muted; }
    }
    """
    COMPONENT_CLASSES = {f"markdown-text--{name}" for name in set(_STYLES.values())}

    def __init__(self, markdown: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.markdown = ""
        self._themed = _InTheme("", {})
        if markdown:
            self.show(markdown)

    def show(self, markdown: str) -> None:
        self.markdown = markdown
        self._themed = _InTheme(Markdown(markdown, hyperlinks=False), {})
        self.update(self._themed)

    def render(self):
        self._themed.styles = self._theme_styles()  # the theme's colours as they are now
        return super().render()

    def _theme_styles(self) -> dict[str, Style]:
        styles: dict[str, Style] = {name: Style() for name in _PLAIN}
        for name, part in _STYLES.items():
            style = self.get_component_rich_style(f"markdown-text--{part}", partial=True)
            styles[name] = Style(color=style.color, bold=style.bold, italic=style.italic,
                                 underline=style.underline)
        return styles
