"""Step 2 of the import: the sheet, a preview of its first rows, and where each column goes (one
field per column: giving a field to a column takes it from the column that had it)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import AwaitMount
from textual.widgets import DataTable, Label, Select, Static
from textual.worker import get_current_worker

from importers.headers import FIELDS, SKIP
from importers.preview import Column, Preview, field_label
from tui.i18n import language, t
from tui.safe import cell
from tui.screens.import_wizard.state import Say, WizardState
from tui.sentences import store_sentence

PREVIEW_WIDTH = 16  # a preview column at most this wide: the title and the field tell enough


def cell_text(value: object) -> Text:
    """A workbook value as one line of the preview."""
    if value is None:
        text = ""
    elif hasattr(value, "strftime") and hasattr(value, "day"):
        text = value.strftime("%d.%m.%Y")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = " ".join(str(value).split())
    return cell(text)


def letters(index: int) -> str:
    """The spreadsheet's name of a column: 0 → A, 26 → AA."""
    name, index = "", index + 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


class ColumnsStep(Vertical):
    """The sheet and the columns: keeps `state.sheet`, `state.preview` and `state.columns`."""

    def __init__(self, state: WizardState, *, id: str) -> None:
        super().__init__(id=id)
        self.state = state

    def compose(self) -> ComposeResult:
        with Horizontal(id="sheet-bar"):
            yield Label(t("import_report.sheet"), id="sheet-label")
            yield Select([], id="sheet", prompt=t("import_report.sheet"), compact=True)
        yield DataTable(id="preview", show_cursor=False, header_height=2, zebra_stripes=True)
        yield Static("", id="header-at", classes="count")
        yield VerticalScroll(id="mapping")

    def show_workbook(self, names: list[str], shown: Preview) -> AwaitMount:
        """A workbook just read: its sheets to choose from, the likeliest one shown (awaiting
        the result waits for its mapping to be mounted)."""
        self.state.sheets = names
        select = self.query_one("#sheet", Select)
        with select.prevent(Select.Changed):
            select.set_options([(n, n) for n in names])
            select.value = shown.sheet
        return self.show(shown)

    def focus_mapping(self) -> None:
        """The first column that can be mapped, or the sheet when none can."""
        selects = list(self.query(".map-select").results(Select))
        target = next((s for s in selects if not s.disabled), None)
        (target or self.query_one("#sheet", Select)).focus()

    # -- another sheet ----------------------------------------------------------------------------
    @on(Select.Changed, "#sheet")
    def sheet_changed(self, event: Select.Changed) -> None:
        path = self.state.path
        if path is None or event.value is Select.NULL or event.value == self.state.sheet:
            return
        self.post_message(Say(t("wizard.reading", file=path.name)))
        self.read_preview(path, str(event.value))

    @work(thread=True, exclusive=True, group="read")
    def read_preview(self, path: Path, sheet: str) -> None:
        from importers.preview import preview

        worker = get_current_worker()
        try:
            shown = preview(path, sheet)
        except Exception as exc:  # every failure ends as one sentence on the screen
            if not worker.is_cancelled:
                self.app.call_from_thread(self._preview_failed, sheet, store_sentence(exc))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._preview_read, shown)

    def _preview_read(self, shown: Preview) -> None:
        self.show(shown)  # its mapping mounts in its own time

    def _preview_failed(self, sheet: str, message: str) -> None:
        state = self.state
        state.sheet = sheet
        state.preview = None
        state.columns = state.detected = []
        self.query_one("#preview", DataTable).clear(columns=True)
        self.query_one("#mapping", VerticalScroll).remove_children()
        self.query_one("#header-at", Static).update("")
        self.post_message(Say(message, error=True))

    def show(self, shown: Preview) -> AwaitMount:
        """A sheet's preview, its columns mapped as the reader guessed."""
        state = self.state
        state.preview = shown
        state.sheet = shown.sheet
        state.detected = [replace(c) for c in shown.columns]
        state.columns = [replace(c) for c in shown.columns]
        self.query_one("#header-at", Static).update(t("wizard.header_at", row=shown.header_row))
        self._fill_preview()
        mounted = self._fill_mapping()
        self.post_message(Say(""))
        return mounted

    # -- the preview and the mapping --------------------------------------------------------------
    @staticmethod
    def _column_label(column: Column) -> Text:
        title = column.title or t("wizard.untitled")
        skip = column.field == SKIP
        target = t("wizard.skip_short") if skip else "→ " + field_label(column.field, language())
        label = Text(title, style="bold", no_wrap=True, overflow="ellipsis")
        label.append("\n")
        label.append(target, style="italic" if column.field == SKIP else "")
        return label

    def _fill_preview(self) -> None:
        table = self.query_one("#preview", DataTable)
        table.clear(columns=True)
        shown = self.state.preview
        if shown is None:
            return
        columns = self.state.columns
        for column in columns:
            label = self._column_label(column)
            values = [*label.plain.split("\n")]
            values += [cell_text(cells[column.index]).plain if column.index < len(cells) else ""
                       for _, cells in shown.rows]
            width = min(PREVIEW_WIDTH, max(3, *(len(v) for v in values)))
            table.add_column(label, width=width, key=str(column.index))
        for number, cells in shown.rows:
            table.add_row(*(cell_text(cells[c.index] if c.index < len(cells) else None) for c in columns),
                          key=str(number))

    def _fill_mapping(self) -> AwaitMount:
        box = self.query_one("#mapping", VerticalScroll)
        box.remove_children()
        lang = language()
        options = [(t("wizard.skip"), SKIP), *((field_label(f, lang), f) for f in FIELDS)]
        rows = []
        for column in self.state.columns:
            title = f"{letters(column.index)} · {column.title or t('wizard.untitled')}"
            select = Select(options, value=column.field, allow_blank=False, compact=True,
                            id=f"map-{column.index}", classes="map-select")
            select.disabled = not column.title
            rows.append(Horizontal(Label(Text(title, no_wrap=True, overflow="ellipsis"), classes="map-title"),
                                   select, classes="map-row"))
        return box.mount_all(rows)

    @on(Select.Changed, ".map-select")
    def field_changed(self, event: Select.Changed) -> None:
        index = int((event.select.id or "map-0").split("-", 1)[1])
        columns = self.state.columns
        column = next((c for c in columns if c.index == index), None)
        if column is None or event.value is Select.NULL or event.value == column.field:
            return
        column.field = str(event.value)
        if column.field != SKIP:
            for other in columns:
                if other is not column and other.field == column.field:
                    other.field = SKIP
                    with self.query_one(f"#map-{other.index}", Select).prevent(Select.Changed):
                        self.query_one(f"#map-{other.index}", Select).value = SKIP
                    self.post_message(Say(t("wizard.moved", field=field_label(column.field, language()),
                                            other=other.title or letters(other.index))))
        self._fill_preview()
