"""What a company wants: direction, subject, status, and the mission or meeting it came from."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from models import editing, vocab
from models.entities import Interest
from tui.forms.base import RecordForm
from tui.forms.fields import CHOICE, DATE, LONG, REF, FieldRow, Spec
from tui.i18n import t

CLOSED = ("done", "dropped")


def _missions() -> list[tuple[str, int]]:
    return [(c.label, c.id) for c in editing.mission_choices()]


def _meetings(company_id: int) -> list[tuple[str, int]]:
    return [(c.label, c.id) for c in editing.meeting_choices(company_id)]


class InterestForm(RecordForm):
    MODEL = Interest
    TITLE_NEW = "form.interest.new"
    TITLE_EDIT = "form.interest.edit"

    def __init__(self, company_id: int, row_id: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("defaults", {})
        kwargs["defaults"] = {"status": "open", "opened_on": date.today(), **kwargs["defaults"]}
        super().__init__(row_id, fixed={"company": company_id}, **kwargs)
        self.company_id = company_id
        self._specs = [
            Spec("direction", "col.direction", CHOICE, required=True, vocabulary=vocab.INTEREST_DIRECTION),
            Spec("subject", "col.subject", required=True, placeholder="тротуарная плитка"),
            Spec("status", "col.status", CHOICE, required=True, vocabulary=vocab.INTEREST_STATUS),
            Spec("okved", "field.okved"),
            Spec("partner_geo", "field.partner_geo", placeholder="Беларусь, Казахстан…"),
            Spec("mission", "field.mission", REF, choices=_missions),
            Spec("meeting", "field.meeting", REF, choices=partial(_meetings, company_id)),
            Spec("source", "field.source"),
            Spec("opened_on", "field.opened_on", DATE),
            Spec("closed_on", "field.closed_on", DATE),
            Spec("notes", "field.notes", LONG),
        ]

    def specs(self):
        return self._specs

    def heading(self) -> str:
        return editing.company_label(self.company_id)

    def field_checked(self, row: FieldRow, value: Any, problem: str | None) -> None:
        # closing an interest dates it, unless a date is already there
        if row.spec.name == "status" and value in CLOSED and self.is_mounted:
            closed = self.row("closed_on")
            if closed is not None and not closed.get_raw().strip():
                closed.set_value(date.today())

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        opened, closed = values.get("opened_on"), values.get("closed_on")
        if opened and closed and closed < opened:
            return {"closed_on": t("form.err.before", other=t("field.opened_on"))}
        return {}
