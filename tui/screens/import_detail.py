"""One import, as the import history shows it on Enter: its counts and state, the companies it
created and updated (Enter opens a dossier), the rows it rejected and its warnings. `u` asks to
undo it (the history screen does the undo, after its confirmation)."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from models.errors import Problem
from models.import_report import ImportDetail
from tui import format as fmt
from tui.background import store_work
from tui.i18n import keys, t
from tui.safe import cell
from tui.screens.base import Command, PalataScreen, tab_commands
from tui.sentences import said
from tui.widgets.fast_table import FastTable
from tui.widgets.footer import PalataFooter
from tui.widgets.localised import localise_bindings
from tui.widgets.tabs import Pane, Tabbed

TABS = ("companies", "rejected", "warnings")


def _when(value) -> str:
    return value.strftime("%d.%m.%Y %H:%M") if value else ""


def warning_sentences(detail: ImportDetail) -> list[tuple[int, str]]:
    """The import's warnings as the wizard said them, rebuilt from what the batch kept."""
    from importers.plan import CleanedWarning, DuplicateWarning, MergeWarning, Notice

    try:
        result = SimpleNamespace(warnings=[MergeWarning(**w) for w in detail.warnings],
                                 duplicates=[DuplicateWarning(**d) for d in detail.duplicates],
                                 cleaned=[CleanedWarning(**c) for c in detail.cleaned],
                                 notices=[Notice(**n) for n in detail.notices])
    except TypeError:  # kept by another version of Palata: shown as far as it goes
        return []
    return fmt.import_warnings(result)


class ImportDetailScreen(PalataScreen[str | None]):
    """Dismisses with "undo" when `u` is pressed, None on Esc."""

    CSS = """
    ImportDetailScreen #import-state { height: auto; padding: 0 1; }
    ImportDetailScreen #import-state.undone { color: $text-warning; }
    ImportDetailScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "close", "key.back"),
        Binding("u", "undo", "key.undo_import"),
        *(Binding(str(n), f"tab('{name}')", f"imptab.{name}", show=False)
          for n, name in enumerate(TABS, start=1)),
    ]

    def __init__(self, batch_id: int) -> None:
        super().__init__()
        localise_bindings(self)
        self.batch_id = batch_id
        self.detail: ImportDetail | None = None

    def clone(self) -> ImportDetailScreen:
        return ImportDetailScreen(self.batch_id)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="import-title", classes="screen-title")
        yield Static("", id="import-state")
        with Tabbed({name: t(keys.IMPORT_TAB[name]) for name in TABS}, numbered=False, id="import-tabs"):
            with Pane(id="companies"):
                yield FastTable(id="import-companies", cursor_type="row", zebra_stripes=True)
            with Pane(id="rejected"):
                yield FastTable(id="import-rejected", cursor_type="row", zebra_stripes=True)
            with Pane(id="warnings"), VerticalScroll(classes="tab-body"):
                yield Static("", id="import-warnings", classes="tab-text")
        yield PalataFooter()

    def on_mount(self) -> None:
        width = self.app.size.width or 80
        companies = self.query_one("#import-companies", DataTable)
        companies.add_column(t("imptab.col.what"), key="what", width=10)
        name = max(20, min(50, width - 40))
        companies.add_column(t("col.name"), key="name", width=name)
        companies.add_column(t("imptab.col.fields"), key="fields", width=max(12, width - name - 20))
        rejected = self.query_one("#import-rejected", DataTable)
        rejected.add_column(t("import_report.row"), key="row", width=6)
        rejected.add_column(t("wizard.col.reason"), key="reason", width=max(20, width - 14))
        companies.focus()
        self.load()

    @store_work("import-detail")
    def load(self) -> None:
        from models.import_report import import_detail

        detail = import_detail(self.batch_id)
        self.app.call_from_thread(self._show, detail)

    def _show(self, d: ImportDetail | None) -> None:
        self.detail = d
        title = self.query_one("#import-title", Static)
        if d is None:
            title.update(t("imphist.missing", id=self.batch_id))
            return
        b = d.batch
        title.update(Text(t("imphist.detail", id=b.id, file=b.file_name, user=b.user,
                            when=_when(b.started_at), rows=b.rows_read, created=b.created,
                            updated=b.updated, merged=b.merged, unchanged=b.unchanged,
                            rejected=b.rejected)))
        state = self.query_one("#import-state", Static)
        if b.undone_at:
            state.update(Text(t("imphist.state.undone", when=_when(b.undone_at))))
        else:
            state.update(Text(t("imphist.state.in_force")))
        state.set_class(bool(b.undone_at), "undone")
        companies = self.query_one("#import-companies", DataTable)
        companies.clear()
        for c in d.companies:
            what = t("imptab.created") if c.action == "create" else t("imptab.updated")
            fields = ", ".join(fmt.field_label(f) for f in c.fields)
            name = c.name if c.exists else f"{c.name} ({t('imptab.gone')})"
            companies.add_row(cell(what), cell(name), cell(fields), key=str(c.company_id))
        rejected = self.query_one("#import-rejected", DataTable)
        rejected.clear()
        for n, r in enumerate(d.rejections):
            rejected.add_row(Text(str(r.get("row", "")), justify="right"),
                             Text(said(Problem.revive(r.get("reason", ""))), overflow="fold"),
                             height=None, key=str(n))
        sentences = warning_sentences(d)
        self.query_one("#import-warnings", Static).update(
            Text("\n".join(f"⚠ {sentence}" for _, sentence in sentences)) if sentences
            else Text(t("list.empty"), style="italic"))
        counts = {"companies": len(d.companies), "rejected": len(d.rejections), "warnings": len(sentences)}
        self.query_one(Tabbed).strip.set_words(
            {name: f"{t(keys.IMPORT_TAB[name])} ({counts[name]})" for name in TABS})

    def data_changed(self) -> None:
        self.load()

    def palette_commands(self) -> Iterator[Command]:
        yield from tab_commands(self.action_tab, TABS, keys.IMPORT_TAB)

    def action_tab(self, name: str) -> None:
        self.query_one(Tabbed).active = name

    @on(DataTable.RowSelected, "#import-companies")
    def open_company(self, event: DataTable.RowSelected) -> None:
        d = self.detail
        key = event.row_key.value
        company = next((c for c in d.companies if str(c.company_id) == key), None) if d else None
        if company is None:
            return
        if not company.exists:
            self.notify(t("imptab.gone_note", name=company.name), severity="warning")
            return
        self.palata.open_dossier(company.company_id)

    def action_undo(self) -> None:
        self.dismiss("undo")

    def action_close(self) -> None:
        self.dismiss(None)
