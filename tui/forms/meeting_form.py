"""A negotiation between companies, on a mission or not: date, parties, subject, outcome."""

from __future__ import annotations

from models.entities import Meeting
from tui.forms.fields import DATE, LONG, REF, Spec
from tui.forms.interest_form import _missions
from tui.forms.participants import PartiesForm

SPECS = [
    Spec("held_on", "col.date", DATE),
    Spec("subject", "col.subject", required=True),
    Spec("outcome", "col.outcome", LONG),
    Spec("mission", "field.mission", REF, choices=_missions),
]


class MeetingForm(PartiesForm):
    MODEL = Meeting
    TITLE_NEW = "form.meeting.new"
    TITLE_EDIT = "field.meeting"

    def specs(self):
        return SPECS
