"""The app's one yes/no question (undo an import, merge two companies, throw away a form's work,
create follow-ups for the debtors).

Esc answers no; ← and → move between the buttons. The button focused first is what Enter
answers: yes for a question the person has just asked for, no where Enter alone should not
take back a whole import."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from tui.i18n import t
from tui.safe import plain
from tui.widgets.localised import localise_bindings


class Confirm(ModalScreen[bool]):
    """`question` with a `yes` button and a `no` button (Отмена by default)."""

    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm #confirm-box {
        width: 72; max-width: 100%; height: auto; border: thick $warning; background: $surface;
        padding: 0 1;
    }
    Confirm #confirm-text { width: 100%; padding: 0 0 1 0; }
    Confirm #confirm-buttons { height: auto; align-horizontal: right; }
    Confirm Button { margin: 0 0 0 1; }
    """
    BINDINGS = [
        Binding("escape", "no", "key.cancel"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, question: str, yes: str, *, no: str | None = None,
                 enter_says_yes: bool = True) -> None:
        super().__init__()
        localise_bindings(self)
        self.question, self.yes, self.no = question, yes, no or t("key.cancel")
        self.enter_says_yes = enter_says_yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label(plain(self.question), id="confirm-text")
            with Horizontal(id="confirm-buttons"):
                yield Button(self.yes, id="yes", variant="warning")
                yield Button(self.no, id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#yes" if self.enter_says_yes else "#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)
