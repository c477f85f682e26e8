"""The editing form every record shares: fields checked on the spot, Ctrl+S or Enter saves, Esc
cancels, a colleague's save in between is shown (not lost), problems the store finds are put back
next to their fields.

A form dismisses with the record's id when it saved, None when cancelled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

from models import editing, store
from models.db import is_store_failure
from models.entities import Versioned
from models.errors import ConflictError, Problem, ValidationError
from tui.background import await_from_thread, store_call, store_sentence, store_work
from tui.forms import CSS
from tui.forms.fields import (
    DATE,
    EMAILS,
    IDENTIFIERS,
    LONG,
    PHONES,
    FieldRow,
    Spec,
    read,
    same,
    show,
    shown_value,
)
from tui.i18n import t
from tui.i18n.labels import field_label
from tui.safe import plain
from tui.sentences import said
from tui.widgets.fresh import FreshScreen
from tui.widgets.localised import localise_bindings

# the field that names a record in the title of its form, the first one a form has
NAME_FIELDS = ("short_name", "name", "title", "subject", "text")


@dataclass
class Frame:
    """What a form reads from the store to build itself (off the UI thread)."""

    heading: str
    choices: dict[str, list[tuple[str, Any]]]  # the list of each field that has one
    extra: dict[str, Any]  # `read_frame_extra`


class FieldsScroll(VerticalScroll, can_focus=False):
    """The fields, scrolled by moving between them: when the scroll itself took focus first, its
    blur restyled every field of the form (a third of the time the form took to open)."""


class RecordForm(FreshScreen, ModalScreen[int | None]):
    """Subclasses name the model, the fields and the titles; some add cross-field checks or
    extra values (the parties of a meeting) kept beside the record."""
    CSS_PATH = CSS

    MODEL: ClassVar[type[Versioned]]
    TITLE_NEW: ClassVar[str] = "form.title.new"
    TITLE_EDIT: ClassVar[str] = "form.title.edit"
    EXTRA_LINES: ClassVar[int] = 0  # lines the widgets after the fields take
    BINDINGS = [
        Binding("escape", "cancel", "key.cancel"),
        Binding("ctrl+s", "save", "form.save"),
        # Enter in a one-line field moves on as the key is read, so that what is typed right
        # after lands in the next field (tui/widgets/focus); a list or the notes keep their Enter
        Binding("enter", "next_field", show=False, priority=True),
    ]

    def __init__(self, row_id: int | None = None, *, defaults: dict[str, Any] | None = None,
                 fixed: dict[str, Any] | None = None) -> None:
        super().__init__()
        localise_bindings(self)
        self.row_id = row_id
        self.defaults = defaults or {}
        self.fixed = fixed or {}  # values the form does not show (the company of a contact)
        self.original: dict[str, Any] = {}
        self.original_extra: dict[str, Any] = {}
        self.version: int | None = None
        self.archived = False
        self.duplicates_confirmed = False
        self.has_extra = False  # widgets follow the fields (a parties picker)
        self.ready = False  # the fields are mounted and hold the record (read off the UI thread)
        self.pristine: tuple[dict[str, Any], dict[str, Any]] = ({}, {})  # as shown when ready
        self.frame = Frame("", {}, {})  # what the form read to build itself (`load_frame`)
        self.saving = False

    # -- what a subclass says -------------------------------------------------------------------
    def specs(self) -> list[Spec]:
        raise NotImplementedError

    def heading(self) -> str:
        """A second line under the title (whose record this is). Read off the UI thread, with
        the lists of choices (`read_frame`): it may ask the store."""
        return ""

    def read_frame_extra(self) -> dict[str, Any]:
        """What else the form needs from the store before its fields are built (a default the
        register keeps, the names of the parties it starts with); read off the UI thread."""
        return {}

    def frame_read_again(self) -> None:
        """The frame was read again once the fields were built (its first read failed): a
        subclass puts in what it adds from `read_frame_extra`."""

    def compose_extra(self) -> ComposeResult:
        """Widgets after the fields (a parties picker)."""
        yield from ()

    def read_extra(self) -> dict[str, Any]:
        return {}

    def load_extra(self) -> dict[str, Any]:
        return {}

    def set_extra(self, values: dict[str, Any]) -> None:
        pass

    def extra_problems(self, extra: dict[str, Any]) -> dict[str, str]:
        return {}

    def show_extra(self, name: str, value: Any) -> str:
        return str(value)

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        """Problems between fields (an end before a start)."""
        return {}

    def write_new(self, values: dict[str, Any], extra: dict[str, Any]) -> int:
        return store.create(self.MODEL, {**self.fixed, **values})

    def write_changes(self, changes: dict[str, Any], extra_changes: dict[str, Any]) -> int:
        assert self.row_id is not None and self.version is not None, "changes of a record read"
        return store.update(self.MODEL, self.row_id, self.version, changes)

    def check_new(self, values: dict[str, Any], go_on: Callable[[], None]) -> None:
        """A last word before a new record is saved (it may ask the store, off the UI thread):
        calls `go_on` to save, or not (a dialog took over, or the check failed and said why)."""
        go_on()

    # -- building -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # the frame first: the fields are mounted once it is on screen (`_build_fields`), so the
        # dialog shows at once and the person sees the form come rather than a frozen screen
        title = t(self.TITLE_NEW if self.row_id is None else self.TITLE_EDIT)
        with Vertical(classes="form-dialog"):
            yield Static(title, classes="form-title", id="form-title")
            yield Static("", classes="form-heading", id="form-heading")  # `read_frame` fills it
            yield Static("", id="form-banner", classes="form-banner")
            # a form that fits is as tall as its fields; a long one scrolls in what the terminal has
            lines = sum(3 if s.kind == LONG else 1 for s in self.specs()) + self.EXTRA_LINES
            fits = lines + 9 <= self.app.size.height
            scroll = FieldsScroll(classes="form-fields" + (" fits" if fits else ""), id="form-fields")
            if fits:
                scroll.styles.min_height = lines  # the frame has its final size from the start
            yield scroll
            yield Static(t("form.hint"), classes="form-hint")
            with Horizontal(classes="form-buttons"):
                yield Button(t("form.save"), variant="primary", id="form-save", compact=True)
                yield Button(t("key.cancel"), id="form-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#form-banner", Static).display = False
        self.query_one("#form-heading", Static).display = False
        self._painted = False  # the frame is on screen
        self._have_values = False  # self.original holds what the fields are to show
        self._have_frame = False  # the heading and the lists are read (or their read failed)
        self._building = False
        if self.row_id is None:
            self.original = {s.name: None for s in self.specs()}
            self.original.update({k: v for k, v in self.defaults.items() if k in self.original})
            self._have_values = True
        else:
            self.load_record()  # read while the frame is painted
        self.load_frame()
        self.call_after_refresh(self._frame_painted)

    async def _frame_painted(self) -> None:
        self._painted = True
        await self._build_fields()

    def read_frame(self) -> Frame:
        """On a thread: the heading, every list of choices and what `read_frame_extra` adds."""
        choices = {s.name: list(s.choices()) for s in self.specs() if s.choices}
        return Frame(self.heading(), choices, self.read_frame_extra())

    @store_work("frame")
    def load_frame(self) -> None:
        """The heading and the lists of choices, read off the UI thread. If the store fails, the
        fields are built all the same (the lists empty, what is typed is kept) and the store's
        sentence shows with a retry (Ctrl+R), which fills in what was missing."""
        try:
            frame = self.read_frame()
        except Exception:
            await_from_thread(self, self._frame_read, None)
            raise
        await_from_thread(self, self._frame_read, frame)

    async def _frame_read(self, frame: Frame | None) -> None:
        if frame is not None:
            self.frame = frame
            heading = self.query_one("#form-heading", Static)
            heading.update(plain(frame.heading))
            heading.display = bool(frame.heading)
        if self._building:
            if frame is not None:  # a retry: what the first read could not fill in
                untouched = self.ready and not self.edited()
                for row in self.rows():
                    if row.spec.name in frame.choices:
                        row.set_options(frame.choices[row.spec.name])
                self.frame_read_again()
                if untouched:
                    self.pristine = self._raw()
            return
        self._have_frame = True
        await self._build_fields()

    async def _build_fields(self) -> None:
        """The fields, born with their values, once the frame is painted, its heading and lists
        read and the record read."""
        if not (self._painted and self._have_values and self._have_frame) or self._building:
            return
        self._building = True
        scroll = self.query_one(FieldsScroll)
        choices = self.frame.choices
        rows = [FieldRow(spec, choices.get(spec.name, []) if spec.choices else None,
                         self.original.get(spec.name)) for spec in self.specs()]
        extra = list(self.compose_extra())
        self.has_extra = bool(extra)
        await scroll.mount_all([*rows, *extra])
        scroll.styles.min_height = None
        if extra:
            self.set_extra(self.original_extra)
        self._ready()

    @store_work("record")
    def load_record(self) -> None:
        assert self.row_id is not None, "only an existing record is read"
        snap = editing.snapshot(self.MODEL, self.row_id)
        extra = self.load_extra()
        await_from_thread(self, self._loaded, snap, extra)

    async def _loaded(self, snap: editing.Snapshot | None, extra: dict[str, Any]) -> None:
        if snap is None:
            self.banner(t("form.gone"))
            self.original = {s.name: None for s in self.specs()}
        else:
            self.original = {s.name: snap.values.get(s.name) for s in self.specs()}
            self.version = snap.version
            self.archived = snap.archived
            if snap.archived:
                self.banner(t("form.archived"))
            self._name_record()
        self.original_extra = extra
        self._have_values = True
        if self._building:  # read again (a retry): the fields are there, they take the values
            self.set_extra(self.original_extra)
            self._fill()
        else:
            await self._build_fields()

    def _fill(self) -> None:
        for row in self.rows():
            row.set_value(self.original.get(row.spec.name))
        self._ready()

    def _ready(self) -> None:
        self.ready = True
        self.loaded()
        self.pristine = self._raw()  # what Esc compares with: the record as the person first saw it
        first = self.rows()[0].widget if self.rows() else None
        if first is not None:
            first.focus()

    def _name_record(self) -> None:
        """The title of an edited record says which one it is: «Изменить: «Ставровский…»»."""
        name = next((self.original[n] for n in NAME_FIELDS if self.original.get(n)), None)
        if name:
            self.query_one("#form-title", Static).update(plain(t("form.title.named", name=str(name))))

    def loaded(self) -> None:
        """The fields hold the record (or the defaults): a subclass may add to them."""

    def rows(self) -> list[FieldRow]:
        return list(self.query(FieldRow))

    def row(self, name: str) -> FieldRow | None:
        return next((r for r in self.query(FieldRow) if r.spec.name == name), None)

    def banner(self, text: str | None) -> None:
        box = self.query_one("#form-banner", Static)
        box.update(plain(text or ""))
        box.display = bool(text)

    # -- checking on the spot -------------------------------------------------------------------
    def _row_of(self, widget: DOMNode | None) -> FieldRow | None:
        while widget is not None and not isinstance(widget, FieldRow):
            widget = widget.parent
        return widget

    def check_row(self, row: FieldRow, tidy: bool = False) -> tuple[Any, str | None]:
        raw = row.get_raw()
        if self.row_id is not None and self.original.get(row.spec.name) is not None \
                and raw == show(row.spec, self.original[row.spec.name]):
            # untouched: an old value stored in another form (a phone as imported) stays as it is
            row.set_problem(None)
            return self.original[row.spec.name], None
        value, problem = read(row.spec, raw)
        row.set_problem(problem)
        if tidy and problem is None and value is not None and row.spec.kind in (DATE, PHONES, EMAILS,
                                                                                *IDENTIFIERS):
            row.set_value(value)  # shown the way it will be stored
        try:
            self.field_checked(row, value, problem)
        except Exception as exc:  # a note that reads the store (an INN already known) can wait
            if not is_store_failure(exc):
                raise
        return value, problem

    def field_checked(self, row: FieldRow, value: Any, problem: str | None) -> None:
        """A field was checked (on leaving it): subclasses add notes (an INN already known)."""

    @on(events.DescendantBlur)
    def _left_field(self, event: events.DescendantBlur) -> None:
        row = self._row_of(event.control)
        if row is not None and row.is_attached:
            self.check_row(row, tidy=True)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    def _typed(self, event) -> None:
        row = self._row_of(event.control)
        if row is not None and row.problem:
            self.check_row(row)  # the mark goes away as soon as the value is right

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        row = self._row_of(event.control)
        if row is not None:
            self.check_row(row)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        row = self._row_of(event.control)
        if row is not None:
            event.stop()
            self._advance(row)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_field":
            return isinstance(self.focused, Input | Checkbox) and self._row_of(self.focused) is not None
        return True

    def action_next_field(self) -> None:
        row = self._row_of(self.focused)
        if row is not None:
            self._advance(row)

    def _advance(self, row: FieldRow) -> None:
        """Enter goes to the next field, as in 1C; on the last field it saves."""
        if row is self.rows()[-1] and not self.has_extra:
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    # -- saving ---------------------------------------------------------------------------------
    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        values, problems = {}, {}
        for row in self.rows():
            value, problem = self.check_row(row)
            values[row.spec.name] = value
            if problem:
                problems[row.spec.name] = problem
        if not problems:
            problems = self.check(values)
        return values, problems

    def changes(self, values: dict[str, Any], base: dict[str, Any] | None = None) -> dict[str, Any]:
        base = self.original if base is None else base
        return {s.name: values[s.name] for s in self.specs() if not same(s, values[s.name], base.get(s.name))}

    def extra_changes(self, extra: dict[str, Any], base: dict[str, Any] | None = None) -> dict[str, Any]:
        base = self.original_extra if base is None else base
        return {k: v for k, v in extra.items() if v != base.get(k)}

    def show_problems(self, problems: Mapping[str, str | Problem]) -> None:
        first: Widget | None = None
        unplaced = []
        for name, found in problems.items():
            problem = said(found)  # the store's problems come as codes and values
            row = self.row(name)
            if row is None:
                if not self.place_extra_problem(name, problem):
                    unplaced.append(problem)
                continue
            row.set_problem(problem)
            if first is None:
                first = row.widget
        if first is not None:
            first.focus()
            first.scroll_visible(animate=False)
        self.banner(" ".join(unplaced) if unplaced else t("form.fix"))

    def place_extra_problem(self, name: str, problem: str) -> bool:
        return False

    def _raw(self) -> tuple[dict[str, Any], dict[str, Any]]:
        return {r.spec.name: r.get_raw() for r in self.rows()}, self.read_extra()

    def edited(self) -> bool:
        """Something was typed or chosen since the form was filled."""
        return self.ready and self._raw() != self.pristine

    def action_cancel(self) -> None:
        """Esc: an untouched form closes; a changed one asks before the work is thrown away."""
        if self.saving:  # what is on its way to the store cannot be called back
            self.notify(t("store.wait_save"), severity="warning")
            return
        if not self.edited():
            self.dismiss(None)
            return
        from tui.widgets.confirm import Confirm

        def discard(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(Confirm(t("form.discard_q"), t("form.discard")), discard)

    def action_save(self) -> None:
        if not self.ready:  # the record is still being read: nothing to compare with yet
            self.notify(t("form.not_ready"), severity="warning")
            return
        if self.saving:
            self.notify(t("store.wait_save"), severity="warning")
            return
        values, problems = self.collect()
        extra = self.read_extra()
        problems.update(self.extra_problems(extra))
        if problems:
            self.show_problems(problems)
            return
        if self.row_id is None:
            self.check_new(values, lambda: self._attempt(lambda: self.write_new(values, extra),
                                                          values, extra))
            return
        changes, extra_changes = self.changes(values), self.extra_changes(extra)
        if not changes and not extra_changes:
            self.dismiss(self.row_id)
            return
        self._attempt(lambda: self.write_changes(changes, extra_changes), values, extra)

    def _attempt(self, write, values: dict[str, Any], extra: dict[str, Any]) -> None:
        """Save on a thread (the store may make it wait); the form shows that it is saving."""
        self._set_saving(True)
        store_call(self, "save", write, self._saved, partial(self._not_saved, values, extra))

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        button = self.query_one("#form-save", Button)
        button.disabled = saving
        button.label = t("store.saving") if saving else t("form.save")

    def _saved(self, result: int) -> None:
        self._set_saving(False)
        if self.row_id is None:
            self.row_id = result
        self.notify(t("form.saved"))
        self.dismiss(self.row_id)

    def _not_saved(self, values: dict[str, Any], extra: dict[str, Any], exc: BaseException) -> None:
        self._set_saving(False)
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
        elif isinstance(exc, ConflictError):
            self.conflict(exc, values, extra)
        else:  # what was typed stays in the fields: Ctrl+S tries again
            message = store_sentence(exc)
            self.banner(f"{message} {t('store.retry_save')}")
            self.notify(message, severity="error")

    # -- a colleague saved first ----------------------------------------------------------------
    def conflict(self, exc: ConflictError, values: dict[str, Any], extra: dict[str, Any]) -> None:
        """Read what the colleague saved (off the UI thread), then show it beside what was typed."""
        row_id = self.row_id

        def read() -> tuple[editing.Snapshot | None, dict[str, Any]]:
            return (editing.snapshot(self.MODEL, row_id) if row_id else None), self.load_extra()

        store_call(self, "conflict", read, lambda fresh: self._conflict(exc, values, extra, *fresh),
                   lambda failure: self.banner(f"{store_sentence(failure)} {t('store.retry_save')}"))

    def _conflict(self, exc: ConflictError, values: dict[str, Any], extra: dict[str, Any],
                  fresh: editing.Snapshot | None, fresh_extra: dict[str, Any]) -> None:
        from tui.forms.conflict import ConflictRow, ConflictScreen

        if exc.their_version is None or fresh is None or fresh.archived:
            self.banner(said(exc))
            self.app.push_screen(ConflictScreen([], gone=True))
            return
        fresh_values = {s.name: fresh.values.get(s.name) for s in self.specs()}
        mine = self.changes(values)
        mine_extra = self.extra_changes(extra)
        theirs = {s.name for s in self.specs() if not same(s, fresh_values[s.name], self.original[s.name])}
        theirs_extra = {k for k in fresh_extra if fresh_extra[k] != self.original_extra.get(k)}
        rows = []
        for spec in self.specs():
            if spec.name in mine or spec.name in theirs:
                rows.append(ConflictRow(t(spec.label), shown_value(spec, values[spec.name]),
                                        shown_value(spec, fresh_values[spec.name]),
                                        spec.name in mine, spec.name in theirs))
        for name in dict.fromkeys([*mine_extra, *theirs_extra]):
            rows.append(ConflictRow(field_label(name), self.show_extra(name, extra.get(name)),
                                    self.show_extra(name, fresh_extra.get(name)),
                                    name in mine_extra, name in theirs_extra))
        self.app.push_screen(ConflictScreen(rows), partial(
            self._resolve, fresh.version, fresh_values, fresh_extra, values, extra, theirs, theirs_extra))

    def _resolve(self, their_version: int, fresh: dict[str, Any], fresh_extra: dict[str, Any],
                 values: dict[str, Any], extra: dict[str, Any], theirs: set[str], theirs_extra: set[str],
                 choice: str | None) -> None:
        mine = self.changes(values)
        mine_extra = self.extra_changes(extra)
        if choice == "reload":
            # their values where they changed something or I did not; my other edits stay
            self.original, self.original_extra, self.version = fresh, fresh_extra, their_version
            for row in self.rows():
                name = row.spec.name
                if name in theirs or name not in mine:
                    row.set_value(fresh[name])
                    row.set_problem(None)
            kept = {k: (fresh_extra if k in theirs_extra or k not in mine_extra else extra)[k]
                    for k in fresh_extra}
            self.set_extra(kept)
            self.banner(t("form.reloaded"))
        elif choice == "overwrite":
            self.original, self.original_extra, self.version = fresh, fresh_extra, their_version
            self._attempt(lambda: self.write_changes(mine, mine_extra), values, extra)
        else:
            self.banner(t("form.conflict_pending"))

