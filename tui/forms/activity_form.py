"""The timeline of a company: a call, a letter, samples sent, a note — with a follow-up date."""

from __future__ import annotations

from datetime import date
from typing import Any

from models import editing, store, vocab
from models.entities import Activity
from tui.forms.base import RecordForm
from tui.forms.fields import BOOL, CHOICE, DATE, REF, Spec
from tui.forms.interest_form import _missions

SPECS = [
    Spec("kind", "col.kind", CHOICE, required=True, vocabulary=vocab.ACTIVITY_KIND),
    Spec("happened_on", "col.date", DATE),
    Spec("text", "col.text", required=True),
    Spec("due_on", "field.due_on", DATE),
    Spec("done", "field.done", BOOL),
    Spec("mission", "field.mission", REF, choices=_missions),
]


class ActivityForm(RecordForm):
    MODEL = Activity
    TITLE_NEW = "form.activity.new"
    TITLE_EDIT = "form.activity.edit"

    def __init__(self, company_id: int, row_id: int | None = None, **kwargs: Any) -> None:
        kwargs["defaults"] = {"kind": "call", "happened_on": date.today(), **kwargs.get("defaults", {})}
        super().__init__(row_id, fixed={"company": company_id}, **kwargs)
        self.company_id = company_id

    def specs(self):
        return SPECS

    def heading(self) -> str:
        return editing.company_label(self.company_id)

    def write_new(self, values: dict[str, Any], extra: dict[str, Any]) -> int:
        return store.create(Activity, {**self.fixed, **values, "author": store.current_user()})
