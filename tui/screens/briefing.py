"""The briefing: the page to read in the corridor before a negotiation (the same text as
`palata brief`)."""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header

from models import briefing as briefing_query
from tui.background import store_work
from tui.briefing_text import briefing_markdown
from tui.i18n import t
from tui.screens.base import COMPANY_EDITS, Command, PalataScreen
from tui.widgets.footer import PalataFooter
from tui.widgets.fresh import FreshScreen
from tui.widgets.localised import localise_bindings
from tui.widgets.markdown_text import MarkdownText


class BriefingScreen(FreshScreen, PalataScreen[None]):
    EDITS = COMPANY_EDITS
    BINDINGS = [
        Binding("escape", "app.back", "key.back"),
        Binding("d", "dossier", "key.open"),
        Binding("ctrl+o", "print", "key.brief_docx"),
    ]

    def __init__(self, company_id: int) -> None:
        super().__init__()
        localise_bindings(self)
        self.company_id = company_id
        self.text = ""

    def clone(self) -> BriefingScreen:
        return BriefingScreen(self.company_id)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="briefing-scroll"):
            yield MarkdownText(id="briefing")
        yield PalataFooter()

    def on_mount(self) -> None:
        self.query_one("#briefing-scroll").focus()
        self.load()

    @store_work("briefing")
    def load(self) -> None:
        b = briefing_query.briefing(self.company_id)
        text = briefing_markdown(b) if b else f"# {t('dossier.missing')}\n"
        self.app.call_from_thread(self._show, text)

    def _show(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.query_one(MarkdownText).show(text)

    def data_changed(self) -> None:
        self.load()

    def action_dossier(self) -> None:
        self.palata.open_dossier(self.company_id, replace=True)  # in place: Esc goes back past both

    def current_company(self) -> int | None:
        return self.company_id

    def palette_commands(self) -> Iterator[Command]:
        """The screen's actions for the command palette (tui.commands)."""
        yield t("cmd.brief_docx"), t("cmd.brief_docx.help"), self.action_print

    def action_print(self) -> None:
        """The briefing as an A4 Word document (what `palata brief --out FILE.docx` writes)."""
        from pathlib import Path

        from tui.screens.write_dialog import WriteDialog

        company_id = self.company_id

        def write_file(path: Path) -> str:
            from tui.briefing_doc import write_briefing

            b = briefing_query.briefing(company_id)
            if b is None:
                return t("dossier.missing")
            write_briefing(path, b)
            return t("brief.written", path=path)

        self.app.push_screen(WriteDialog(t("brief.docx.what"), f"~/briefing-{company_id}.docx", write_file,
                                         suffix=".docx", title="brief.docx.title",
                                         suffix_sentence="brief.docx.suffix", path_label="brief.docx.path"))
