"""The chamber's settings, shared by everybody on the register (each person's own settings —
theme, language, sort — are in their config folder, `tui.user_settings`).

`region`: the chamber's region, given to a new company; `name`: the chamber as briefings name it.
A change is written to the change log like any other edit (table "setting")."""

from __future__ import annotations

import peewee as pw

from models import store
from models.db import database
from models.entities import BaseModel, ChangeLog
from models.errors import PalataError

KEYS = ("region", "name")


class Setting(BaseModel):
    key = pw.TextField(unique=True)
    value = pw.TextField(null=True)
    updated_at = pw.DateTimeField(null=True)
    user = pw.TextField(null=True)

    class Meta:
        table_name = "setting"


class UnknownSetting(PalataError):
    """`key` is not one of the chamber's settings (`KEYS`)."""

    def __init__(self, key: str):
        self.key = key
        super().__init__("settings.unknown", name=key, keys=", ".join(KEYS))


def get(key: str) -> str | None:
    """The chamber's value of `key`, or None when nobody set it."""
    row = database.execute_sql('SELECT value FROM setting WHERE "key" = ?', (key,)).fetchone()
    return row[0] if row else None


def all_settings() -> dict[str, str | None]:
    """Every known key with its value (None where unset)."""
    found = dict(database.execute_sql('SELECT "key", value FROM setting'))
    return {k: found.get(k) for k in KEYS}


def put(key: str, value: str | None, user: str | None = None) -> None:
    """Set (or with an empty value, clear) one of the chamber's settings, logged as an edit."""
    if key not in KEYS:
        raise UnknownSetting(key)
    value = " ".join(value.split()) if value else None
    user = user or store.current_user()
    stamp = store.now()
    with database.atomic():
        row = Setting.get_or_none(Setting.key == key)
        old = row.value if row else None
        if old == value:
            return
        if row is None:
            row = Setting.create(key=key, value=value, updated_at=stamp, user=user)
        else:
            Setting.update(value=value, updated_at=stamp, user=user).where(Setting.id == row.id).execute()
        ChangeLog.create(at=stamp, user=user, table="setting", row_id=row.id, action="update", field=key,
                         old=old, new=value)


def usual_region() -> str | None:
    """The region most of the chamber's members are in (what a chamber's own region is)."""
    row = database.execute_sql(
        "SELECT region FROM company WHERE member_status IS NOT NULL AND region IS NOT NULL AND region != '' "
        "GROUP BY region ORDER BY count(*) DESC, region LIMIT 1").fetchone()
    return row[0] if row else None
