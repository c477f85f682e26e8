"""The filter dialog of the companies table: status, place, industry, tag, open interests, mission."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Label, Select

from models import browse, vocab
from models.browse import CompanyFilter
from tui import format as fmt
from tui.background import store_work
from tui.i18n import t
from tui.safe import plain
from tui.widgets.fresh import FreshScreen
from tui.widgets.localised import localise_bindings


class FilterScreen(FreshScreen, ModalScreen[CompanyFilter | None]):
    BINDINGS = [
        Binding("escape", "cancel", "key.cancel"),
        Binding("ctrl+s", "apply", "key.apply"),
    ]

    def __init__(self, current: CompanyFilter) -> None:
        super().__init__()
        localise_bindings(self)
        self.current = current

    def compose(self) -> ComposeResult:
        # the frame first; its five lists are mounted once it is on screen (`_build`)
        with Vertical(id="filter-dialog"):
            yield Label(t("cmd.filters"), id="filter-title")
            yield Grid(id="filter-grid")
            with Horizontal(id="filter-buttons"):
                yield Button(t("key.apply"), variant="primary", id="apply")
                yield Button(t("filter.reset"), id="reset")
                yield Button(t("key.cancel"), id="cancel")

    def _fields(self) -> list[Widget]:
        return [
            Label(t("field.member_status")),
            Select([(fmt.status(c), c) for c in vocab.MEMBER_STATUS], id="f-status",
                   value=self.current.status or Select.NULL, prompt=t("filter.any"), compact=True),
            Label(t("filter.place")),
            Select([], id="f-place", prompt=t("filter.any"), compact=True),
            Label(t("field.industry")),
            Select([], id="f-industry", prompt=t("filter.any"), compact=True),
            Label(t("filter.tag")),
            Select([], id="f-tag", prompt=t("filter.any"), compact=True),
            Label(t("filter.mission")),
            Select([], id="f-mission", prompt=t("filter.any"), compact=True),
            Label(""),
            Checkbox(t("filter.open_interests"), self.current.open_interests, id="f-open"),
        ]

    def on_mount(self) -> None:
        self.built = False  # the lists are mounted
        self.choices: browse.Choices | None = None  # read while the frame is painted
        self.load_choices()
        self.call_after_refresh(self._build)

    async def _build(self) -> None:
        await self.query_one("#filter-grid", Grid).mount_all(self._fields())
        self.built = True
        self.query_one("#f-status", Select).focus()  # the first field, as when it was composed
        if self.choices is not None:
            self._set_choices(self.choices)

    @store_work("choices")
    def load_choices(self) -> None:
        choices = browse.choices()
        self.app.call_from_thread(self._set_choices, choices)

    def _set_choices(self, choices: browse.Choices) -> None:
        self.choices = choices
        if not self.built:
            return  # put in the lists as they are mounted

        def fill(widget_id: str, options: list[tuple[str, object]], value: object) -> None:
            select = self.query_one(widget_id, Select)
            select.set_options([(plain(label), value) for label, value in options])
            if value is not None and any(v == value for _, v in options):
                select.value = value

        fill("#f-place", [(f"{p} ({n})", p) for p, n in choices.places], self.current.place)
        fill("#f-industry", [(f"{p} ({n})", p) for p, n in choices.industries], self.current.industry)
        fill("#f-tag", [(f"{p} ({n})", p) for p, n in choices.tags], self.current.tag)
        fill("#f-mission", [(f"{fmt.day_iso(d)} {title}".strip(), mid) for mid, title, d in choices.missions],
             self.current.mission_id)

    def _value(self, widget_id: str):
        value = self.query_one(widget_id, Select).value
        return None if value is Select.NULL else value

    def action_apply(self) -> None:
        if not self.built:
            return  # nothing chosen yet: the lists are still being put up
        self.dismiss(CompanyFilter(
            status=self._value("#f-status"),
            place=self._value("#f-place"),
            industry=self._value("#f-industry"),
            tag=self._value("#f-tag"),
            open_interests=self.query_one("#f-open", Checkbox).value,
            mission_id=self._value("#f-mission"),
        ))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#apply")
    def apply_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#reset")
    def reset_pressed(self) -> None:
        self.dismiss(CompanyFilter())

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()
