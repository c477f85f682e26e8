"""Import: pick a workbook, a sheet, check where each column goes on a preview, see the dry run,
confirm, watch the import run in a thread, see the result. Escape at any step leaves the database
as it was — during the run too: the transaction is rolled back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    ContentSwitcher,
    DataTable,
    DirectoryTree,
    Header,
    Label,
    ProgressBar,
    Select,
    Static,
)
from textual.worker import Worker, get_current_worker

from importers.headers import FIELDS, SKIP
from importers.preview import WORKBOOK_SUFFIXES, Column, Preview, field_label, mapping_for
from tui import format as fmt
from tui.background import store_call, store_work
from tui.i18n import keys, language, t
from tui.safe import plain
from tui.screens.base import PalataScreen
from tui.sentences import said
from tui.widgets.footer import PalataFooter
from tui.widgets.localised import localise_bindings
from tui.widgets.path_input import PathInput

STEPS = ("file", "columns", "check", "run", "done")
COUNTS = ("rows_read", "created", "updated", "merged", "unchanged", "rejected")
PREVIEW_WIDTH = 16  # a preview column at most this wide: the title and the field tell enough


class ImportCancelled(Exception):
    """Raised from the progress callback to roll the running import back."""


def one_sentence(exc: BaseException) -> str:
    """What a person reads for a failure: the project's sentence, or one for a bug (whose
    traceback goes to the same log as the command's)."""
    from tui.background import store_sentence

    return store_sentence(exc)


class WorkbookTree(DirectoryTree):
    """Folders and the workbooks in them; hidden entries left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        out = []
        for p in paths:
            if p.name.startswith("."):
                continue
            try:
                if p.is_dir() or p.suffix.lower() in WORKBOOK_SUFFIXES:
                    out.append(p)
            except OSError:
                continue
        return out


def _cell(value: object, width: int | None = None) -> Text:
    if value is None:
        text = ""
    elif hasattr(value, "strftime") and hasattr(value, "day"):
        text = value.strftime("%d.%m.%Y")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = " ".join(str(value).split())
    return Text(text, no_wrap=True, overflow="ellipsis")


def _letters(index: int) -> str:
    name, index = "", index + 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


class ImportWizard(PalataScreen[int | None]):
    """Dismissed with the new batch id, or None when nothing was imported."""

    CSS = """
    ImportWizard #wizard-steps { height: 1fr; }
    ImportWizard #file, ImportWizard #columns, ImportWizard #check, ImportWizard #run { height: 1fr; }
    ImportWizard #path { margin: 0 0 1 0; padding: 0 1; }
    ImportWizard #tree { height: 1fr; }
    ImportWizard #sheet-bar { height: 1; }
    ImportWizard #sheet-label { width: auto; padding: 0 1; }
    ImportWizard #sheet { width: 1fr; }
    ImportWizard #preview { height: auto; max-height: 8; }
    ImportWizard #mapping { height: 1fr; }
    ImportWizard .map-row { height: 1; }
    ImportWizard .map-title { width: 34; padding: 0 1; }
    ImportWizard .map-select { width: 1fr; }
    ImportWizard #counts { height: 2; }
    ImportWizard #rejections { height: 1fr; }
    ImportWizard #stage { padding: 1 1 0 1; }
    ImportWizard #progress { margin: 1 1; }
    ImportWizard #wizard-message { height: auto; max-height: 3; padding: 0 1; }
    ImportWizard #wizard-message.error { color: $text-error; text-style: bold; }
    ImportWizard #wizard-buttons { height: 1; align-horizontal: right; }
    ImportWizard #wizard-buttons Button { margin: 0 0 0 2; }
    """

    BINDINGS = [
        Binding("escape", "close", "key.close"),  # on the last step
        Binding("escape", "cancel", "key.cancel"),
        Binding("ctrl+n", "next", "wizard.next"),
        Binding("alt+n,alt+т", "next", "wizard.next", show=False),  # a browser keeps Ctrl+N
        Binding("ctrl+b", "back_step", "key.back"),
    ]

    def __init__(self, start: Path | str | None = None, path: Path | str | None = None) -> None:
        super().__init__()
        localise_bindings(self)
        self.start = Path(start) if start is not None else Path.cwd()
        if path is None:  # in a browser: the list the login uploaded last (tui/web/handover.py)
            from tui.web.handover import offered_upload

            path = offered_upload()
        self.initial = str(path) if path is not None else ""
        self.path: Path | None = None
        self.sheets: list[str] = []
        self.sheet: str | None = None
        self.detected: list[Column] = []
        self.columns: list[Column] = []
        self.preview_data: Preview | None = None
        self.batch_id: int | None = None
        self.running = False
        self._step = "file"

    def clone(self) -> ImportWizard:
        """The wizard afresh in another language, with the file already named."""
        value = self.query_one("#path", PathInput).value if self.is_mounted else self.initial
        return ImportWizard(self.start, value or None)

    # -- building -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("wizard.step.file"), id="wizard-step", classes="screen-title")
        with ContentSwitcher(initial="file", id="wizard-steps"):
            with Vertical(id="file"):
                yield PathInput(self.initial, suffixes=WORKBOOK_SUFFIXES, placeholder=t("wizard.path"),
                                id="path", compact=True)
                yield WorkbookTree(self.start, id="tree")
            with Vertical(id="columns"):
                with Horizontal(id="sheet-bar"):
                    yield Label(t("import_report.sheet"), id="sheet-label")
                    yield Select([], id="sheet", prompt=t("import_report.sheet"), compact=True)
                yield DataTable(id="preview", show_cursor=False, header_height=2, zebra_stripes=True)
                yield Static("", id="header-at", classes="count")
                yield VerticalScroll(id="mapping")
            with Vertical(id="check"):
                yield DataTable(id="counts", show_cursor=False)
                yield Static("", id="rejected-title", classes="count")
                yield DataTable(id="rejections", cursor_type="row")
            with Vertical(id="run"):
                yield Static("", id="stage")
                yield ProgressBar(id="progress", show_eta=False)
        yield Static("", id="wizard-message")
        with Horizontal(id="wizard-buttons"):
            yield Button(t("key.back"), id="back", compact=True)
            yield Button(t("wizard.next"), id="next", variant="primary", compact=True)
            yield Button(t("cmd.imports"), id="history", compact=True)
            yield Button(t("key.cancel"), id="cancel", compact=True)
        yield PalataFooter()

    def on_mount(self) -> None:
        self._show_step("file")
        self.query_one("#path", PathInput).focus()

    @property
    def step(self) -> str:
        return self._step

    def _show_step(self, step: str, **values: object) -> None:
        self._step = step
        self.query_one(ContentSwitcher).current = "check" if step == "done" else step
        title = {"file": "wizard.step.file", "columns": "wizard.step.columns", "check": "wizard.step.check",
                 "run": "wizard.step.run", "done": "wizard.step.done"}[step]
        name = self.path.name if self.path else ""
        self.query_one("#wizard-step", Static).update(plain(t(title, file=name, **values)))
        back, nxt = self.query_one("#back", Button), self.query_one("#next", Button)
        cancel, history = self.query_one("#cancel", Button), self.query_one("#history", Button)
        back.display = step in ("columns", "check")
        nxt.display = step in ("file", "columns", "check", "done")
        nxt.label = {"file": t("wizard.next"), "columns": t("wizard.check"), "check": t("wizard.import"),
                     "done": t("wizard.close")}.get(step, "")
        history.display = step == "done"
        cancel.display = step != "done"
        cancel.disabled = False
        self.say("")
        self.refresh_bindings()

    def say(self, text: str, error: bool = False) -> None:
        message = self.query_one("#wizard-message", Static)
        message.update(Text(text))
        message.set_class(error, "error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back_step":
            return self.step in ("columns", "check")
        if action == "next":
            return self.step in ("file", "columns", "check")
        if action == "close":
            return self.step == "done"
        if action == "cancel":
            return self.step != "done"
        return True

    # -- navigation -----------------------------------------------------------------------------
    def action_next(self) -> None:
        step = self.step
        if step == "file":
            self.choose_file()
        elif step == "columns":
            self.start_check()
        elif step == "check":
            self.start_import()

    def action_back_step(self) -> None:
        if self.step == "columns":
            self._show_step("file")
            self.query_one("#path", PathInput).focus()
        elif self.step == "check":
            self._show_step("columns")
            self._focus_mapping()

    def action_close(self) -> None:
        self.dismiss(self.batch_id)

    def action_cancel(self) -> None:
        if self.step == "run":
            if self.running:
                for worker in self._my_workers("import"):
                    worker.cancel()
                self.query_one("#cancel", Button).disabled = True
                self.say(t("wizard.cancelling"))
            return
        for worker in self._my_workers():
            worker.cancel()
        self.dismiss(self.batch_id)

    def _my_workers(self, group: str | None = None) -> list:
        return [w for w in self.app.workers if w.node is self and (group is None or w.group == group)]

    @on(Button.Pressed, "#next")
    def next_pressed(self) -> None:
        if self.step == "done":
            self.action_close()
        else:
            self.action_next()

    @on(Button.Pressed, "#back")
    def back_pressed(self) -> None:
        self.action_back_step()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#history")
    def history_pressed(self) -> None:
        # on the app's loop, not this screen's: the wizard is closed on the way (F7 then starts a
        # new import), which cannot be awaited from its own handler
        self.app.call_later(self.palata.open_section, "imports", True)

    # -- step 1: the file -----------------------------------------------------------------------
    @on(DirectoryTree.FileSelected, "#tree")
    def file_picked(self, event: DirectoryTree.FileSelected) -> None:
        path_input = self.query_one("#path", PathInput)
        path_input.value = str(event.path)
        path_input.cursor_position = len(path_input.value)
        self.choose_file()

    @on(PathInput.Submitted, "#path")
    def path_submitted(self) -> None:
        self.choose_file()

    def choose_file(self) -> None:
        value = self.query_one("#path", PathInput).value.strip()
        if not value:
            self.say(t("wizard.path_empty"), error=True)
            return
        path = Path(value).expanduser()
        if path.is_dir():  # a folder typed or completed: show it in the tree, pick a file there
            self.query_one("#tree", WorkbookTree).path = path
            self.say("")
            return
        self.path = path
        self.say(t("wizard.reading", file=self.path.name))
        self.read_sheets(self.path)

    @work(thread=True, exclusive=True, group="read")
    def read_sheets(self, path: Path) -> None:
        from importers.preview import list_sheets, preview

        worker = get_current_worker()
        try:
            sheets = list_sheets(path)
            sheet = sheets.guess or (sheets.names[0] if sheets.names else None)
            shown = preview(path, sheet)
        except Exception as exc:  # every failure ends as one sentence on the screen
            if not worker.is_cancelled:
                self.app.call_from_thread(self.say, one_sentence(exc), True)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._sheets_read, path, sheets.names, shown)

    def _sheets_read(self, path: Path, names: list[str], shown: Preview) -> None:
        if path != self.path or self.step != "file":
            return
        self.sheets = names
        select = self.query_one("#sheet", Select)
        with select.prevent(Select.Changed):
            select.set_options([(n, n) for n in names])
            select.value = shown.sheet
        self._show_preview(shown)
        self._show_step("columns")
        self.call_after_refresh(self._focus_mapping)  # the selects are being mounted

    # -- step 2: the sheet and the columns ------------------------------------------------------
    @on(Select.Changed, "#sheet")
    def sheet_changed(self, event: Select.Changed) -> None:
        if self.path is None or event.value is Select.NULL or event.value == self.sheet:
            return
        self.say(t("wizard.reading", file=self.path.name))
        self.read_preview(self.path, str(event.value))

    @work(thread=True, exclusive=True, group="read")
    def read_preview(self, path: Path, sheet: str) -> None:
        from importers.preview import preview

        worker = get_current_worker()
        try:
            shown = preview(path, sheet)
        except Exception as exc:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._preview_failed, sheet, one_sentence(exc))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_preview, shown)

    def _preview_failed(self, sheet: str, message: str) -> None:
        self.sheet = sheet
        self.preview_data = None
        self.columns = self.detected = []
        self.query_one("#preview", DataTable).clear(columns=True)
        self.query_one("#mapping", VerticalScroll).remove_children()
        self.query_one("#header-at", Static).update("")
        self.say(message, error=True)

    def _show_preview(self, shown: Preview) -> None:
        self.preview_data = shown
        self.sheet = shown.sheet
        self.detected = [replace(c) for c in shown.columns]
        self.columns = [replace(c) for c in shown.columns]
        self.query_one("#header-at", Static).update(t("wizard.header_at", row=shown.header_row))
        self._fill_preview()
        self._fill_mapping()
        self.say("")

    def _column_label(self, column: Column) -> Text:
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
        shown = self.preview_data
        if shown is None:
            return
        for column in self.columns:
            label = self._column_label(column)
            values = [*label.plain.split("\n")]
            values += [_cell(cells[column.index]).plain if column.index < len(cells) else ""
                       for _, cells in shown.rows]
            width = min(PREVIEW_WIDTH, max(3, *(len(v) for v in values)))
            table.add_column(label, width=width, key=str(column.index))
        for number, cells in shown.rows:
            table.add_row(*(_cell(cells[c.index] if c.index < len(cells) else None) for c in self.columns),
                          key=str(number))

    def _fill_mapping(self) -> None:
        box = self.query_one("#mapping", VerticalScroll)
        box.remove_children()
        lang = language()
        options = [(t("wizard.skip"), SKIP), *((field_label(f, lang), f) for f in FIELDS)]
        rows = []
        for column in self.columns:
            title = f"{_letters(column.index)} · {column.title or t('wizard.untitled')}"
            select = Select(options, value=column.field, allow_blank=False, compact=True,
                            id=f"map-{column.index}", classes="map-select")
            select.disabled = not column.title
            rows.append(Horizontal(Label(Text(title, no_wrap=True, overflow="ellipsis"), classes="map-title"),
                                   select, classes="map-row"))
        box.mount_all(rows)

    def _focus_mapping(self) -> None:
        selects = list(self.query(".map-select").results(Select))
        target = next((s for s in selects if not s.disabled), None)
        (target or self.query_one("#sheet", Select)).focus()

    @on(Select.Changed, ".map-select")
    def field_changed(self, event: Select.Changed) -> None:
        index = int((event.select.id or "map-0").split("-", 1)[1])
        column = next((c for c in self.columns if c.index == index), None)
        if column is None or event.value is Select.NULL or event.value == column.field:
            return
        column.field = str(event.value)
        if column.field != SKIP:
            for other in self.columns:
                if other is not column and other.field == column.field:
                    other.field = SKIP
                    with self.query_one(f"#map-{other.index}", Select).prevent(Select.Changed):
                        self.query_one(f"#map-{other.index}", Select).value = SKIP
                    self.say(t("wizard.moved", field=field_label(column.field, language()),
                               other=other.title or _letters(other.index)))
        self._fill_preview()

    def mapping(self) -> dict[str, str]:
        """What the person changed, as the importer takes it."""
        return mapping_for(self.columns, self.detected)

    # -- step 3: the dry run --------------------------------------------------------------------
    def start_check(self) -> None:
        if self.path is None or self.preview_data is None:
            return
        self.say(t("wizard.planning"))
        self.query_one("#next", Button).disabled = True
        self.dry_run(self.path, self.sheet, self.mapping())

    def dry_run(self, path: Path, sheet: str | None, mapping: dict[str, str]) -> Worker:
        """The import planned and rolled back, on a thread (`tui.background`): its counts."""
        from importers.apply import import_file

        return store_call(self, "read", lambda: import_file(path, sheet=sheet, mapping=mapping, dry_run=True),
                          self._checked, lambda exc: self._check_failed(one_sentence(exc)))

    def _check_failed(self, message: str) -> None:
        self.query_one("#next", Button).disabled = False
        self.say(message, error=True)

    def _checked(self, result) -> None:
        self.query_one("#next", Button).disabled = False
        if self.step != "columns":
            return
        self._show_result(result, dry_run=True)
        self._show_step("check")
        changes = sum(result.counts[k] for k in ("created", "updated"))
        if not changes:
            self.say(t("wizard.nothing_to_do"))
            self.query_one("#next", Button).disabled = True
        self.query_one("#next" if changes else "#back", Button).focus()

    def _show_result(self, result, dry_run: bool) -> None:
        counts = self.query_one("#counts", DataTable)
        counts.clear(columns=True)
        for key in COUNTS:
            word = keys.WIZARD_COUNT[key]
            if not dry_run and key in ("created", "updated", "rejected"):
                word = keys.WIZARD_COUNTED[key]
            counts.add_column(t(word), key=key)
        counts.add_row(*(Text(str(result.counts.get(k, 0)), justify="right") for k in COUNTS))
        warnings = fmt.import_warnings(result)
        title = (t("wizard.rejected_title", count=len(result.rejections)) if result.rejections
                 else t("wizard.no_rejections"))
        if warnings:
            title += " " + t("wizard.warnings", count=len(warnings))
        self.query_one("#rejected-title", Static).update(title)
        table = self.query_one("#rejections", DataTable)
        table.clear(columns=True)
        table.display = bool(result.rejections or warnings)
        width = max(20, (self.app.size.width or 80) - 14)
        table.add_column(t("import_report.row"), key="row", width=6)
        table.add_column(t("wizard.col.reason"), key="reason", width=width)
        for r in result.rejections:
            table.add_row(Text(str(r.row), justify="right"), Text(said(r.reason), overflow="fold"),
                          height=None, key=f"{r.sheet}:{r.row}")
        for n, (row, sentence) in enumerate(warnings):  # stored, but worth a look: marked ⚠
            table.add_row(Text(str(row), justify="right"), Text("⚠ " + sentence, overflow="fold"),
                          height=None, key=f"warning:{n}")

    # -- step 4: the import ---------------------------------------------------------------------
    def start_import(self) -> None:
        if self.path is None:
            return
        self._show_step("run")
        self.running = True
        self.query_one("#progress", ProgressBar).update(total=None, progress=0)
        self.query_one("#stage", Static).update(t("import.loading"))
        self.query_one("#cancel", Button).focus()
        self.run_import(self.path, self.sheet, self.mapping())

    def run_import(self, path: Path, sheet: str | None, mapping: dict[str, str]) -> Worker:
        """The import, on a thread (`tui.background`); Esc rolls it back from its progress."""
        from importers.apply import import_file

        def job():
            worker = get_current_worker()

            def progress(stage: str, done: int, total: int) -> None:
                if worker.is_cancelled:
                    raise ImportCancelled()  # inside the transaction: it rolls back
                self.app.call_from_thread(self._progress, stage, done, total)

            return import_file(path, sheet=sheet, mapping=mapping, progress=progress)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ImportCancelled):
                self._import_failed(t("wizard.cancelled"), False)
            else:
                self._import_failed(one_sentence(exc), True)

        return store_call(self, "import", job, self._imported, failed)

    def _progress(self, stage: str, done: int, total: int) -> None:
        key = keys.IMPORT_STAGE.get(stage)
        self.query_one("#stage", Static).update(f"{t('import.loading')}: {t(key) if key else stage}")
        self.query_one("#progress", ProgressBar).update(total=total or None, progress=done)

    def _import_failed(self, message: str, error: bool) -> None:
        self.running = False
        self._show_step("check")
        self.say(message, error=error)
        self.query_one("#back", Button).focus()

    def _imported(self, result) -> None:
        self.running = False
        self.batch_id = result.batch_id
        self._show_result(result, dry_run=False)
        self._show_step("done")
        self.say(t("wizard.done", batch=result.batch_id, file=result.file_name, sheet=result.sheet))
        self.query_one("#next", Button).focus()

    # -- after the import: its counts stand only while it does ----------------------------------
    def data_changed(self) -> None:
        self.check_undone()

    def on_screen_resume(self) -> None:
        self.check_undone()  # back from the import history, where it may have been undone

    @store_work("undone")
    def check_undone(self) -> None:
        if self.step != "done" or self.batch_id is None:
            return
        from models.import_report import batch

        found = batch(self.batch_id)
        undone = found.undone_at if found is not None else None
        if undone is not None:
            self.app.call_from_thread(self._undone, undone)

    def _undone(self, when) -> None:
        """The import was undone since: the counts are what it did then, no longer the register."""
        counts = self.query_one("#counts", DataTable)
        for column in counts.columns.values():
            key = column.key.value
            if key in ("created", "updated", "rejected"):
                column.label = Text(t(keys.WIZARD_WAS[key]))
        counts.refresh()
        self.say(t("wizard.undone", batch=self.batch_id, when=when.strftime("%d.%m.%Y %H:%M")), error=True)
