"""A person at a company: name, position, phones, e-mails, primary or not."""

from __future__ import annotations

from typing import Any

from models import editing
from models.entities import Contact
from tui.forms.base import RecordForm
from tui.forms.fields import BOOL, EMAILS, LONG, PHONES, Spec

SPECS = [
    Spec("name", "col.person", required=True, placeholder="Иванов Иван Иванович"),
    Spec("position", "col.position"),
    Spec("phones", "field.phones", PHONES, placeholder="+7 912 345-67-89"),
    Spec("emails", "field.emails", EMAILS),
    Spec("is_primary", "field.is_primary", BOOL),
    Spec("notes", "field.notes", LONG),
]


class ContactForm(RecordForm):
    MODEL = Contact
    TITLE_NEW = "form.contact.new"
    TITLE_EDIT = "form.contact.edit"

    def __init__(self, company_id: int, row_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(row_id, fixed={"company": company_id}, **kwargs)
        self.company_id = company_id

    def specs(self):
        return SPECS

    def heading(self) -> str:
        return editing.company_label(self.company_id)
