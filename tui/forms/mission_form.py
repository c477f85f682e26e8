"""A mission: kind, title, dates, place, partner country, organisers and partners."""

from __future__ import annotations

from typing import Any

from models import vocab
from models.entities import Mission
from tui.forms.base import RecordForm
from tui.forms.fields import CHOICE, DATE, LONG, Spec
from tui.i18n import t

SPECS = [
    Spec("kind", "col.kind", CHOICE, required=True, vocabulary=vocab.MISSION_KIND),
    Spec("title", "field.title", required=True),
    Spec("starts_on", "field.starts_on", DATE),
    Spec("ends_on", "field.ends_on", DATE),
    Spec("place", "field.place"),
    Spec("partner_country", "field.partner_country"),
    Spec("organisers", "field.organisers"),
    Spec("partners", "field.partners"),
    Spec("description", "field.description", LONG),
]


class MissionForm(RecordForm):
    MODEL = Mission
    TITLE_NEW = "cmd.new_mission"
    TITLE_EDIT = "field.mission"

    def specs(self):
        return SPECS

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        start, end = values.get("starts_on"), values.get("ends_on")
        if start and end and end < start:
            return {"ends_on": t("form.err.before", other=t("field.starts_on"))}
        return {}
