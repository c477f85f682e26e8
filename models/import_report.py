"""One import as the import history shows it: its batch (counts, who, when, whether undone), the
companies it created and the ones it updated (with the fields it changed), and what it reported
(rejected rows, warnings), read from the change log and the batch."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from models.db import database
from models.dossier import company_name
from models.entities import ImportBatch


@dataclass(frozen=True)
class TouchedCompany:
    company_id: int
    name: str
    action: str  # "create" or "update"
    fields: tuple[str, ...] = ()  # the fields an update changed
    exists: bool = True  # False once the company is gone (the import undone, a merge)


@dataclass
class ImportDetail:
    batch: ImportBatch
    companies: list[TouchedCompany] = field(default_factory=list)
    rejections: list[dict[str, Any]] = field(default_factory=list)  # sheet, row, reason
    warnings: list[dict[str, Any]] = field(default_factory=list)  # importers.plan.MergeWarning fields
    duplicates: list[dict[str, Any]] = field(default_factory=list)  # importers.plan.DuplicateWarning fields
    cleaned: list[dict[str, Any]] = field(default_factory=list)  # importers.plan.CleanedWarning fields
    notices: list[dict[str, Any]] = field(default_factory=list)  # importers.plan.Notice fields


def imported_before(checksum: str) -> bool:
    """Whether a file with this checksum was imported into the register already."""
    return ImportBatch.select().where(ImportBatch.checksum == checksum).exists()


def batch(batch_id: int) -> ImportBatch | None:
    return ImportBatch.get_or_none(ImportBatch.id == batch_id)


def import_detail(batch_id: int) -> ImportDetail | None:
    """What import `batch_id` did, or None when there is no such import."""
    found = batch(batch_id)
    if found is None:
        return None
    with database.atomic():
        rows = database.execute_sql(
            'SELECT row_id, action, field, new FROM change_log WHERE batch_id = ? AND "table" = ? '
            "ORDER BY id", (batch_id, "company")).fetchall()
        created: dict[int, str] = {}
        updated: dict[int, list[str]] = {}
        for row_id, action, field_name, new in rows:
            if action == "create":
                created[row_id] = _name_in(new)
            elif field_name and field_name != "sort_name" and row_id not in created:
                updated.setdefault(row_id, [])
                if field_name not in updated[row_id]:
                    updated[row_id].append(field_name)
        ids = list(created) + [i for i in updated if i not in created]
        names: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for cid, short, form in database.execute_sql(
                    f"SELECT id, short_name, legal_form FROM company WHERE id IN ({marks})", chunk):
                names[cid] = company_name(short, form)
    companies = [TouchedCompany(cid, names.get(cid, name), "create", (), cid in names)
                 for cid, name in created.items()]
    companies += [TouchedCompany(cid, names.get(cid, f"ID {cid}"), "update", tuple(f), cid in names)
                  for cid, f in updated.items()]
    report = _report(found.report)
    return ImportDetail(found, companies, report.get("rejections", []), report.get("warnings", []),
                        report.get("duplicates", []), report.get("cleaned", []),
                        report.get("notices", []))


def _name_in(snapshot: str | None) -> str:
    try:
        data = json.loads(snapshot or "")
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    return company_name(str(data.get("short_name", "")), data.get("legal_form"))


def _report(text: str | None) -> dict[str, list]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
