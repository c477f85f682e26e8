"""Loading a whole register workbook (the layout of `importers.layout`) into an empty store.

Used by `palata demo`. Everything lands in one transaction with one import batch, or nothing does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from importers import cells, layout
from importers.errors import ImportFailure
from importers.read import open_workbook, sheet_rows
from models import safetext, search, store
from models.db import database
from models.entities import (
    Activity,
    Agreement,
    AgreementParty,
    Company,
    Contact,
    ImportBatch,
    Interest,
    Meeting,
    MeetingParty,
    Mission,
    Participation,
)
from models.errors import ValidationError

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total) — how importers report; they never print."""

_DATE_KEYS = {"member_since", "dues_paid_until", "opened_on", "starts_on", "ends_on", "held_on",
              "signed_on", "happened_on", "due_on"}


@dataclass
class LoadSummary:
    batch_id: int
    counts: dict[str, int] = field(default_factory=dict)


def file_checksum(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _records(workbook, sheet: layout.Sheet) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column key: value}) for each non-blank row of a sheet found by its ru/en title."""
    names = {n.strip().lower(): n for n in workbook.sheet_names}
    name = names.get(sheet.ru.lower()) or names.get(sheet.en.lower())
    if name is None:
        return
    rows = sheet_rows(workbook, name)
    header = next(rows, None)
    if header is None:
        return
    titles = {c.ru.lower(): c.key for c in sheet.columns} | {c.en.lower(): c.key for c in sheet.columns}
    keys = [titles.get(str(h).strip().lower()) for h in header]
    for number, row in enumerate(rows, start=2):
        record = {}
        for key, value in zip(keys, row, strict=False):
            if key is None:
                continue
            record[key] = cells.to_date(value) if key in _DATE_KEYS else cells.text(value)
        if any(v not in (None, "") for v in record.values()):
            yield number, record


class _Loader:
    def __init__(self, workbook, batch: ImportBatch, user: str, progress: Progress | None):
        self.wb = workbook
        self.batch = batch
        self.user = user
        self.progress = progress or (lambda stage, done, total: None)
        self.companies: dict[int, int] = {}
        self.missions: dict[int, int] = {}
        self.meetings: dict[int, int] = {}
        self.counts: dict[str, int] = {}

    def _rows(self, sheet: layout.Sheet) -> list[tuple[int, dict[str, Any]]]:
        try:
            return list(_records(self.wb, sheet))
        except cells.BadCell as exc:
            raise ImportFailure("err.register.sheet", sheet=sheet.ru, cause=exc.problem) from None

    def _create(self, sheet: layout.Sheet, model, rows: list[tuple[int, dict[str, Any]]]) -> list[int]:
        numbers = [n for n, _ in rows]
        values = [v for _, v in rows]
        try:
            ids = store.bulk_create(model, values, batch=self.batch, user=self.user, reindex=False)
        except ValidationError as exc:
            # bulk_create validates row by row; find the first bad row for the message
            for n, v in zip(numbers, values, strict=True):
                try:
                    store.clean(model, v, None)
                except ValidationError as row_exc:
                    raise ImportFailure("err.register.row", sheet=sheet.ru, row=n, cause=row_exc) from None
            raise ImportFailure("err.register.sheet", sheet=sheet.ru, cause=exc) from None
        self.counts[sheet.key] = len(ids)
        self.progress(sheet.key, len(ids), len(ids))
        return ids

    def _company(self, sheet: layout.Sheet, n: int, ref: str | None) -> int:
        cid = self.companies.get(cells.ref(ref) or -1)
        if cid is None:
            raise ImportFailure("err.register.no_company", sheet=sheet.ru, row=n, ref=ref)
        return cid

    def _mission(self, ref: str | None) -> int | None:
        return self.missions.get(cells.ref(ref) or -1)

    def companies_sheet(self) -> None:
        rows, refs = [], []
        for n, r in self._rows(layout.COMPANIES):
            refs.append(cells.ref(r.pop("ref", None)))
            r["country"] = r.get("country") or "Россия"
            rows.append((n, r))
        ids = self._create(layout.COMPANIES, Company, rows)
        self.companies = {ref: cid for ref, cid in zip(refs, ids, strict=True) if ref is not None}

    def contacts_sheet(self) -> None:
        rows = []
        for n, r in self._rows(layout.CONTACTS):
            cid = self._company(layout.CONTACTS, n, r.pop("company_ref", None))
            r.pop("company", None)
            r["is_primary"] = cells.to_bool(r.get("is_primary"))
            rows.append((n, r | {"company": cid}))
        self._create(layout.CONTACTS, Contact, rows)

    def missions_sheet(self) -> None:
        rows, refs = [], []
        for n, r in self._rows(layout.MISSIONS):
            refs.append(cells.ref(r.pop("ref", None)))
            rows.append((n, r))
        ids = self._create(layout.MISSIONS, Mission, rows)
        self.missions = {ref: mid for ref, mid in zip(refs, ids, strict=True) if ref is not None}

    def interests_sheet(self) -> None:
        rows = []
        for n, r in self._rows(layout.INTERESTS):
            r.pop("ref", None)
            r.pop("company", None)
            cid = self._company(layout.INTERESTS, n, r.pop("company_ref", None))
            mission = self._mission(r.pop("mission_ref", None))
            rows.append((n, r | {"company": cid, "mission": mission}))
        self._create(layout.INTERESTS, Interest, rows)

    def participations_sheet(self) -> None:
        rows = []
        for n, r in self._rows(layout.PARTICIPATIONS):
            r.pop("company", None)
            cid = self._company(layout.PARTICIPATIONS, n, r.pop("company_ref", None))
            mid = self._mission(r.pop("mission_ref", None))
            if mid is None:
                raise ImportFailure("err.register.no_mission", sheet=layout.PARTICIPATIONS.ru, row=n)
            rows.append((n, r | {"company": cid, "mission": mid}))
        self._create(layout.PARTICIPATIONS, Participation, rows)

    def _parties(self, sheet: layout.Sheet, n: int, value: str | None) -> list[int]:
        return [self._company(sheet, n, str(ref)) for ref in cells.refs(value)]

    def meetings_sheet(self) -> None:
        rows, refs, parties = [], [], []
        for n, r in self._rows(layout.MEETINGS):
            refs.append(cells.ref(r.pop("ref", None)))
            parties.append(self._parties(layout.MEETINGS, n, r.pop("party_refs", None)))
            rows.append((n, r | {"mission": self._mission(r.pop("mission_ref", None))}))
        ids = self._create(layout.MEETINGS, Meeting, rows)
        self.meetings = {ref: mid for ref, mid in zip(refs, ids, strict=True) if ref is not None}
        links = [{"meeting": mid, "company": cid}
                 for mid, companies in zip(ids, parties, strict=True) for cid in dict.fromkeys(companies)]
        if links:
            MeetingParty.insert_many(links).execute()

    def agreements_sheet(self) -> None:
        rows, parties = [], []
        for n, r in self._rows(layout.AGREEMENTS):
            r.pop("ref", None)
            parties.append(self._parties(layout.AGREEMENTS, n, r.pop("party_refs", None)))
            rows.append((n, r | {"mission": self._mission(r.pop("mission_ref", None))}))
        ids = self._create(layout.AGREEMENTS, Agreement, rows)
        links = [{"agreement": aid, "company": cid}
                 for aid, companies in zip(ids, parties, strict=True) for cid in dict.fromkeys(companies)]
        if links:
            AgreementParty.insert_many(links).execute()

    def activities_sheet(self) -> None:
        rows = []
        for n, r in self._rows(layout.ACTIVITIES):
            r.pop("company", None)
            cid = self._company(layout.ACTIVITIES, n, r.pop("company_ref", None))
            r["done"] = cells.to_bool(r.get("done"))
            rows.append((n, r | {"company": cid, "mission": self._mission(r.pop("mission_ref", None))}))
        self._create(layout.ACTIVITIES, Activity, rows)


def is_register_workbook(path: Path) -> bool:
    """True for a workbook in the register layout (what `export` writes): a companies sheet with
    the layout's own header and at least one more sheet of the layout."""
    workbook = open_workbook(Path(path))
    names = {n.strip().lower() for n in workbook.sheet_names}
    found = [sh for sh in layout.SHEETS if sh.ru.lower() in names or sh.en.lower() in names]
    if layout.COMPANIES not in found or len(found) < 2:
        return False
    name = next(n for n in workbook.sheet_names
                if n.strip().lower() in (layout.COMPANIES.ru.lower(), layout.COMPANIES.en.lower()))
    header = next(sheet_rows(workbook, name), [])
    titles = {str(h).strip().lower() for h in header}
    wanted = {c.title(lang).lower() for c in layout.COMPANIES.columns[:2] for lang in ("ru", "en")}
    return len(titles & wanted) >= 2


def load_register(path: Path, *, progress: Progress | None = None, user: str | None = None) -> LoadSummary:
    """Load every sheet of a register workbook in one transaction; raises ImportFailure."""
    path = Path(path)
    workbook = open_workbook(path)
    user = user or store.current_user()
    with database.atomic():
        batch = ImportBatch.create(file_name=safetext.clean(path.name), checksum=file_checksum(path),
                                   user=user, started_at=store.now())
        loader = _Loader(workbook, batch, user, progress)
        loader.companies_sheet()
        loader.contacts_sheet()
        loader.missions_sheet()
        loader.interests_sheet()
        loader.participations_sheet()
        loader.meetings_sheet()
        loader.agreements_sheet()
        loader.activities_sheet()
        if progress:
            progress("index", 0, 1)
        search.rebuild()
        counts = loader.counts
        batch.rows_read = sum(counts.values())
        batch.created = counts.get("companies", 0)
        batch.finished_at = store.now()
        batch.save()
    return LoadSummary(batch.id, counts)
