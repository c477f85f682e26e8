"""Stored names (fields, tables) as people read them: each name maps to its catalogue key, written
out in full so that every key in use can be found and checked (tests/tui/i18n)."""

from __future__ import annotations

from tui.i18n import t

# a record's field -> its label on forms, in history and in sentences
FIELD_KEYS: dict[str, str] = {
    "short_name": "field.short_name", "full_name": "field.full_name", "legal_form": "field.legal_form",
    "inn": "field.inn", "kpp": "field.kpp", "ogrn": "field.ogrn", "unp": "field.unp",
    "member_number": "field.member_number", "member_status": "field.member_status",
    "member_since": "field.member_since", "dues_paid_until": "field.dues_paid_until",
    "country": "field.country", "region": "field.region", "city": "field.city", "address": "field.address",
    "phones": "field.phones", "emails": "field.emails", "website": "field.website", "okved": "field.okved",
    "industry": "field.industry", "tags": "field.tags", "notes": "field.notes",
    "archived": "field.archived", "name": "col.person", "position": "col.position",
    "is_primary": "field.is_primary", "direction": "col.direction", "subject": "col.subject",
    "status": "col.status", "partner_geo": "field.partner_geo", "mission": "field.mission",
    "meeting": "field.meeting", "source": "field.source", "opened_on": "field.opened_on",
    "closed_on": "field.closed_on", "kind": "col.kind", "title": "field.title",
    "starts_on": "field.starts_on", "ends_on": "field.ends_on", "place": "field.place",
    "partner_country": "field.partner_country", "organisers": "field.organisers",
    "partners": "field.partners", "description": "field.description", "held_on": "col.date",
    "outcome": "col.outcome", "signed_on": "field.signed_on", "text": "col.text",
    "author": "col.author", "due_on": "field.due_on", "done": "field.done",
    "happened_on": "col.date", "role": "field.role", "company": "col.name",
    "parties": "col.parties", "archived_at": "field.archived", "merged_into": "field.merged_into",
}

# the shorter labels of a company's fields in a merge and in the change log
SHORT_FIELD_KEYS: dict[str, str] = {
    **FIELD_KEYS,
    "short_name": "field.short.short_name", "legal_form": "field.short.legal_form",
    "member_number": "field.short.member_number", "member_status": "col.status",
    "member_since": "field.short.member_since", "dues_paid_until": "field.short.dues_paid_until",
    "notes": "field.short.notes", "merged_into": "field.short.merged_into",
    "archived_at": "brief.archived",
}


def field_label(name: str | None) -> str:
    """A field's label; a name the catalogue does not know is shown as it is."""
    if not name:
        return ""
    key = FIELD_KEYS.get(name)
    return t(key) if key else name


def short_field_label(name: str | None) -> str:
    """A company field's short label (merge, change log)."""
    if not name:
        return ""
    key = SHORT_FIELD_KEYS.get(name)
    return t(key) if key else name
