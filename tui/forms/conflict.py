"""A colleague saved the record after it was opened: what they changed beside what you typed, and
the two honest ways on — take their version and keep editing, or save yours over it knowingly."""

from __future__ import annotations

from dataclasses import dataclass

from rich import box
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.forms import CSS
from tui.i18n import t
from tui.widgets.localised import localise_bindings


@dataclass(frozen=True)
class ConflictRow:
    label: str
    yours: str
    theirs: str
    changed_by_you: bool
    changed_by_them: bool

    @property
    def who(self) -> str:
        if self.changed_by_you and self.changed_by_them:
            return t("conflict.both")
        return t("conflict.you") if self.changed_by_you else t("conflict.them")


def conflict_table(rows: list[ConflictRow]) -> Table:
    table = Table(expand=True, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(t("merge.col.field"), ratio=2, overflow="fold")
    table.add_column(t("conflict.yours"), ratio=3, overflow="fold")
    table.add_column(t("conflict.theirs"), ratio=3, overflow="fold")
    table.add_column(t("conflict.who"), ratio=2, overflow="fold")
    for r in rows:
        table.add_row(Text(r.label), Text(r.yours), Text(r.theirs, style="bold" if r.changed_by_them else ""),
                      Text(r.who))
    return table


class ConflictScreen(ModalScreen[str | None]):
    """Dismisses with "reload", "overwrite", or None (back to the form, nothing done)."""
    CSS_PATH = CSS

    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("ctrl+r", "reload", "key.reload"),
        Binding("ctrl+o", "overwrite", "key.overwrite"),
    ]

    def __init__(self, rows: list[ConflictRow], gone: bool = False) -> None:
        super().__init__()
        localise_bindings(self)
        self.rows = rows
        self.gone = gone

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-dialog conflict-dialog"):
            yield Static(t("conflict.title"), classes="form-title")
            if self.gone:
                yield Static(t("conflict.gone"), classes="form-banner")
                with Horizontal(classes="form-buttons"):
                    yield Button(t("key.close"), id="conflict-back", variant="primary", compact=True)
                return
            yield Static(t("conflict.explain"), classes="form-heading")
            yield Static(conflict_table(self.rows), id="conflict-table")
            with Horizontal(classes="form-buttons"):
                yield Button(t("conflict.reload"), id="conflict-reload", variant="primary", compact=True)
                yield Button(t("conflict.overwrite"), id="conflict-overwrite", variant="warning",
                             compact=True)
                yield Button(t("conflict.back"), id="conflict-back", compact=True)

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("reload", "overwrite") and self.gone:
            return False
        return True

    def action_back(self) -> None:
        self.dismiss(None)

    def action_reload(self) -> None:
        self.dismiss("reload")

    def action_overwrite(self) -> None:
        self.dismiss("overwrite")

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        {"conflict-reload": self.action_reload, "conflict-overwrite": self.action_overwrite,
         "conflict-back": self.action_back}[str(event.button.id)]()
