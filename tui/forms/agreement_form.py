"""What was signed: kind, parties, date, subject, the mission it came from, status."""

from __future__ import annotations

from models import vocab
from models.entities import Agreement
from tui.forms.fields import CHOICE, DATE, LONG, REF, Spec
from tui.forms.interest_form import _missions
from tui.forms.participants import PartiesForm

SPECS = [
    Spec("kind", "col.kind", CHOICE, required=True, vocabulary=vocab.AGREEMENT_KIND),
    Spec("subject", "col.subject", required=True),
    Spec("signed_on", "field.signed_on", DATE),
    Spec("status", "col.status", CHOICE, required=True, vocabulary=vocab.AGREEMENT_STATUS),
    Spec("mission", "field.mission", REF, choices=_missions),
    Spec("notes", "field.notes", LONG),
]


class AgreementForm(PartiesForm):
    MODEL = Agreement
    TITLE_NEW = "form.agreement.new"
    TITLE_EDIT = "form.agreement.edit"

    def __init__(self, row_id: int | None = None, **kwargs) -> None:
        kwargs["defaults"] = {"status": "signed", **kwargs.get("defaults", {})}
        super().__init__(row_id, **kwargs)

    def specs(self):
        return SPECS
