"""The Peewee models of the whole domain.

Editable records carry `version` for optimistic locking and are changed only through
`models.store`, which writes the change log in the same transaction. Companies are archived
(`archived_at`), never deleted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import peewee as pw

from models.db import database


class BaseModel(pw.Model):
    # Peewee gives every model without a primary key an `id` AutoField, and each foreign key `x` an
    # `x_id` accessor, when it builds the class; a type checker cannot see those. They are declared
    # for it alone: `id` under TYPE_CHECKING (peewee's metaclass never sees it, so the tables and the
    # order of `_meta.fields` stay as they are), the `x_id`s as bare annotations on each model.
    if TYPE_CHECKING:
        id = pw.AutoField()

    class Meta:
        database = database
        legacy_table_names = False


class Versioned(BaseModel):
    version = pw.IntegerField(default=1)
    created_at = pw.DateTimeField(null=True)
    updated_at = pw.DateTimeField(null=True)


class Company(Versioned):
    merged_into_id: int | None
    short_name = pw.TextField()
    full_name = pw.TextField(null=True)
    legal_form = pw.TextField(null=True)
    # Folded name for ordering and duplicate detection (lower case, ё→е, no quotes or legal form).
    sort_name = pw.TextField(index=True, default="")
    inn = pw.TextField(null=True, unique=True)
    kpp = pw.TextField(null=True)
    ogrn = pw.TextField(null=True, index=True)
    unp = pw.TextField(null=True, index=True)
    country = pw.TextField(default="Россия")
    region = pw.TextField(null=True, index=True)
    city = pw.TextField(null=True, index=True)
    address = pw.TextField(null=True)
    phones = pw.TextField(null=True)
    emails = pw.TextField(null=True)
    website = pw.TextField(null=True)
    okved = pw.TextField(null=True, index=True)
    industry = pw.TextField(null=True, index=True)
    member_number = pw.TextField(null=True, index=True)
    member_status = pw.TextField(null=True, index=True)
    member_since = pw.DateField(null=True)
    dues_paid_until = pw.DateField(null=True)
    tags = pw.TextField(null=True, index=True)
    notes = pw.TextField(null=True)
    archived_at = pw.DateTimeField(null=True, index=True)
    merged_into = pw.ForeignKeyField("self", null=True, backref="merged", on_delete="SET NULL")


class Contact(Versioned):
    company_id: int
    company = pw.ForeignKeyField(Company, backref="contacts", on_delete="CASCADE")
    name = pw.TextField()
    position = pw.TextField(null=True)
    phones = pw.TextField(null=True)
    emails = pw.TextField(null=True)
    is_primary = pw.BooleanField(default=False)
    notes = pw.TextField(null=True)
    archived_at = pw.DateTimeField(null=True)


class Mission(Versioned):
    kind = pw.TextField(index=True)
    title = pw.TextField()
    starts_on = pw.DateField(null=True, index=True)
    ends_on = pw.DateField(null=True)
    place = pw.TextField(null=True)
    partner_country = pw.TextField(null=True)
    organisers = pw.TextField(null=True)
    partners = pw.TextField(null=True)
    description = pw.TextField(null=True)
    archived_at = pw.DateTimeField(null=True)


class Meeting(Versioned):
    mission_id: int | None
    mission = pw.ForeignKeyField(Mission, null=True, backref="meetings", on_delete="SET NULL")
    held_on = pw.DateField(null=True, index=True)
    subject = pw.TextField()
    outcome = pw.TextField(null=True)


class MeetingParty(BaseModel):
    meeting_id: int
    company_id: int
    meeting = pw.ForeignKeyField(Meeting, backref="parties", on_delete="CASCADE")
    company = pw.ForeignKeyField(Company, backref="meeting_parts", on_delete="CASCADE")

    class Meta:
        indexes = ((("meeting", "company"), True),)


class Interest(Versioned):
    company_id: int
    mission_id: int | None
    meeting_id: int | None
    company = pw.ForeignKeyField(Company, backref="interests", on_delete="CASCADE")
    direction = pw.TextField(index=True)
    subject = pw.TextField()
    okved = pw.TextField(null=True)
    partner_geo = pw.TextField(null=True)
    status = pw.TextField(default="open", index=True)
    mission = pw.ForeignKeyField(Mission, null=True, backref="interests", on_delete="SET NULL")
    meeting = pw.ForeignKeyField(Meeting, null=True, backref="interests", on_delete="SET NULL")
    source = pw.TextField(null=True)
    opened_on = pw.DateField(null=True)
    closed_on = pw.DateField(null=True)
    notes = pw.TextField(null=True)

    class Meta:
        indexes = ((("status", "direction"), False),)


class Participation(Versioned):
    mission_id: int
    company_id: int
    mission = pw.ForeignKeyField(Mission, backref="participations", on_delete="CASCADE")
    company = pw.ForeignKeyField(Company, backref="participations", on_delete="CASCADE")
    role = pw.TextField(default="participant")
    outcome = pw.TextField(null=True)

    class Meta:
        indexes = ((("mission", "company", "role"), True),)


class Agreement(Versioned):
    mission_id: int | None
    meeting_id: int | None
    kind = pw.TextField(index=True)
    subject = pw.TextField()
    signed_on = pw.DateField(null=True)
    mission = pw.ForeignKeyField(Mission, null=True, backref="agreements", on_delete="SET NULL")
    meeting = pw.ForeignKeyField(Meeting, null=True, backref="agreements", on_delete="SET NULL")
    status = pw.TextField(default="signed")
    notes = pw.TextField(null=True)


class AgreementParty(BaseModel):
    agreement_id: int
    company_id: int
    agreement = pw.ForeignKeyField(Agreement, backref="parties", on_delete="CASCADE")
    company = pw.ForeignKeyField(Company, backref="agreement_parts", on_delete="CASCADE")

    class Meta:
        indexes = ((("agreement", "company"), True),)


class Activity(Versioned):
    company_id: int
    mission_id: int | None
    company = pw.ForeignKeyField(Company, backref="activities", on_delete="CASCADE")
    mission = pw.ForeignKeyField(Mission, null=True, backref="activities", on_delete="SET NULL")
    kind = pw.TextField(default="note")
    happened_on = pw.DateField(null=True, index=True)
    text = pw.TextField()
    author = pw.TextField(null=True)
    due_on = pw.DateField(null=True, index=True)
    done = pw.BooleanField(default=False)


class ImportBatch(BaseModel):
    file_name = pw.TextField()
    checksum = pw.TextField()
    user = pw.TextField()
    started_at = pw.DateTimeField()
    finished_at = pw.DateTimeField(null=True)
    rows_read = pw.IntegerField(default=0)
    created = pw.IntegerField(default=0)
    updated = pw.IntegerField(default=0)
    merged = pw.IntegerField(default=0)
    unchanged = pw.IntegerField(default=0)
    rejected = pw.IntegerField(default=0)
    undone_at = pw.DateTimeField(null=True)
    # JSON: the rows rejected and the warnings, as the import reported them (import history)
    report = pw.TextField(null=True)


class ChangeLog(BaseModel):
    """One row per changed field (or one row for a create/archive of a whole record).

    The rows a batch created or changed are exactly its change-log rows, which is what undo reads.
    """

    batch_id: int | None
    at = pw.DateTimeField(index=True)
    user = pw.TextField()
    table = pw.TextField()
    row_id = pw.IntegerField()
    action = pw.TextField()  # create / update / archive / restore / delete
    field = pw.TextField(null=True)
    old = pw.TextField(null=True)
    new = pw.TextField(null=True)
    batch = pw.ForeignKeyField(ImportBatch, null=True, backref="changes", on_delete="SET NULL")

    class Meta:
        indexes = ((("table", "row_id"), False),)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Company, Contact, Mission, Meeting, MeetingParty, Interest, Participation,
    Agreement, AgreementParty, Activity, ImportBatch, ChangeLog,
)

EDITABLE: dict[str, type[Versioned]] = {
    m._meta.table_name: m
    for m in (Company, Contact, Mission, Meeting, Interest, Participation, Agreement, Activity)
}
