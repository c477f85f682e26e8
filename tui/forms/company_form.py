"""A company: every field of the card, identifiers checked by their check digits as you leave
them, and a warning before a second copy of a known company is created."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from models import editing, vocab
from models.duplicates import CERTAIN, Match
from models.editing import Choice
from models.entities import Company
from tui.background import report_failure, store_call, store_sentence
from tui.forms import CSS
from tui.forms.base import RecordForm
from tui.forms.fields import CHOICE, DATE, EMAILS, INN, KPP, LONG, OGRN, PHONES, UNP, FieldRow, Spec, read
from tui.i18n import t
from tui.safe import plain
from tui.widgets.localised import localise_bindings

if TYPE_CHECKING:
    from tui.app import PalataApp

SPECS = [
    Spec("short_name", "field.short_name", required=True),
    Spec("legal_form", "field.legal_form", placeholder="ООО, АО, ИП…"),
    Spec("full_name", "field.full_name"),
    Spec("inn", "field.inn", INN),
    Spec("kpp", "field.kpp", KPP),
    Spec("ogrn", "field.ogrn", OGRN),
    Spec("unp", "field.unp", UNP),
    Spec("country", "field.country"),
    Spec("region", "field.region"),
    Spec("city", "field.city"),
    Spec("address", "field.address"),
    Spec("phones", "field.phones", PHONES, placeholder="+7 4922 12-34-56; …"),
    Spec("emails", "field.emails", EMAILS, placeholder="info@example.ru; …"),
    Spec("website", "field.website"),
    Spec("okved", "field.okved"),
    Spec("industry", "field.industry"),
    Spec("member_status", "field.member_status", CHOICE, vocabulary=vocab.MEMBER_STATUS),
    Spec("member_number", "field.member_number"),
    Spec("member_since", "field.member_since", DATE),
    Spec("dues_paid_until", "field.dues_paid_until", DATE),
    Spec("tags", "field.tags", placeholder="экспорт; ВЭД"),
    Spec("notes", "field.notes", LONG),
]


def _reasons(m: Match) -> str:
    words = {"inn": "form.dup.inn", "ogrn": "form.dup.ogrn", "unp": "form.dup.unp", "name": "form.dup.name"}
    return ", ".join(t(words[r]) for r in m.rules if r in words)


def _describe(m: Match) -> str:
    facts = ", ".join(x for x in (m.company.inn, m.company.city) if x)
    return f"{m.company.display_name} · {facts} — {_reasons(m)}"


class DuplicateScreen(ModalScreen[tuple[str, int | None] | None]):
    """The company typed seems to be in the register already. Dismisses with ("open", id),
    ("save", None) — only when no identifier is shared — or None (back to the form)."""
    CSS_PATH = CSS

    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("ctrl+s", "save_anyway", "form.dup.save"),
    ]

    def __init__(self, matches: list[Match]) -> None:
        super().__init__()
        localise_bindings(self)
        self.matches = matches
        self.certain = any(m.confidence == CERTAIN for m in matches)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-dialog duplicate-dialog"):
            yield Static(t("form.dup.title"), classes="form-title")
            explain = "form.dup.certain" if self.certain else "form.dup.explain"
            yield Static(t(explain), classes="form-heading")
            yield OptionList(*[Option(plain(_describe(m)), id=str(m.company_id)) for m in self.matches],
                             id="duplicates")
            yield Static(t("form.dup.hint"), classes="form-hint")
            with Horizontal(classes="form-buttons"):
                yield Button(t("form.dup.open"), id="dup-open", variant="primary", compact=True)
                if not self.certain:
                    yield Button(t("form.dup.save"), id="dup-save", variant="warning", compact=True)
                yield Button(t("form.dup.back"), id="dup-back", compact=True)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "save_anyway" and self.certain)

    def _open(self, option_id: str | None) -> None:
        if option_id is not None:
            self.dismiss(("open", int(option_id)))

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    @on(Button.Pressed, "#dup-open")
    def open_pressed(self) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted or 0
        self._open(options.get_option_at_index(index).id)

    @on(Button.Pressed, "#dup-save")
    def action_save_anyway(self) -> None:
        if not self.certain:
            self.dismiss(("save", None))

    @on(Button.Pressed, "#dup-back")
    def action_back(self) -> None:
        self.dismiss(None)


class CompanyForm(RecordForm):
    MODEL = Company
    TITLE_NEW = "cmd.new_company"
    TITLE_EDIT = "form.company.edit"

    def specs(self) -> list[Spec]:
        return SPECS

    def heading(self) -> str:
        return t("form.required_hint")

    def read_frame_extra(self) -> dict[str, Any]:
        if self.row_id is not None:
            return {}
        from models import settings

        return {"region": settings.get("region")}  # nearly every member is in the chamber's own region

    def loaded(self) -> None:
        if self.row_id is None and not self.original.get("country") and (country := self.row("country")):
            country.set_value("Россия")
        self._default_region()

    def frame_read_again(self) -> None:
        if self.ready:
            self._default_region()

    def _default_region(self) -> None:
        region = self.frame.extra.get("region")
        row = self.row("region")
        if self.row_id is None and region and row is not None and not row.get_raw().strip():
            row.set_value(region)

    def field_checked(self, row: FieldRow, value: Any, problem: str | None) -> None:
        if row.spec.name != "inn":
            return
        if not value or problem:
            row.set_note(None)
            return
        self.note_inn(value)

    def note_inn(self, inn: str) -> None:
        """Say under the INN when a company of the register already has it (asked on a thread)."""
        row_id = self.row_id

        def said(twin: Choice | None) -> None:
            row = self.row("inn")
            if row is not None and read(row.spec, row.get_raw())[0] == inn:  # not typed on since
                row.set_note(t("form.inn_known", name=twin.label) if twin else None)

        store_call(self, "inn-note", lambda: editing.company_with_inn(inn, exclude=row_id), said,
                   lambda exc: report_failure(self, "inn-note", exc, partial(self.note_inn, inn)))

    def check_new(self, values: dict[str, Any], go_on: Callable[[], None]) -> None:
        if self.duplicates_confirmed:
            go_on()
            return

        def checked(matches: list[Match]) -> None:
            self._set_saving(False)
            if not matches:
                go_on()
            else:
                self.app.push_screen(DuplicateScreen(matches), self._after_duplicates)

        def failed(exc: BaseException) -> None:
            self._set_saving(False)
            self.banner(f"{store_sentence(exc)} {t('store.retry_save')}")

        self._set_saving(True)  # the check reads the store: the save is on its way
        store_call(self, "save", lambda: editing.likely_duplicates(values), checked, failed)

    def _after_duplicates(self, answer: tuple[str, int | None] | None) -> None:
        if answer is None:
            return
        what, company_id = answer
        if what == "open" and company_id is not None:
            self.dismiss(None)
            cast("PalataApp", self.app).open_dossier(company_id)
        elif what == "save":
            self.duplicates_confirmed = True
            self.action_save()
