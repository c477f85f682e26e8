"""Merging duplicate companies into one, and undoing a merge exactly.

`merge_companies(keep, others)` moves everything of the other companies onto the kept one —
contacts, interests, activities, mission participations, meeting and agreement parties — chooses
field by field which value the kept company ends with, archives the others (`merged_into` = the
kept one; nothing is erased) and records it all in one transaction: the change log gets a line per
changed field and per merged-away row, and a `Merge` row keeps each touched row as it was before and
as the merge left it. `undo_merge(id)` writes the rows back as they were — versions and time stamps
included — as long as nobody changed them since (it refuses with a sentence otherwise).

Rows are read and written as raw column values, so the snapshot is exact and undo needs no
knowledge of field types. Unique indexes are respected: a participation in the same mission with the
same role, a party already present in a meeting or agreement is merged (the duplicate row removed,
its outcome kept), and an INN the kept company takes over is first cleared on the archived one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import peewee as pw

from models import backend, search, store
from models.db import bounded, database
from models.entities import BaseModel, ChangeLog
from models.errors import PalataError, Problem, record
from models.textnorm import sort_key


class Merge(BaseModel):
    """One merge: the kept company, the merged-away ones and the snapshot undo needs."""

    at = pw.DateTimeField()
    user = pw.TextField()
    keep_id = pw.IntegerField(index=True)
    others = pw.TextField()  # JSON list of company ids
    moved = pw.TextField()  # JSON: {"before": {table: {id: row}}, "after": …, "deleted": …, "log": [a, b]}
    undone_at = pw.DateTimeField(null=True)
    undone_by = pw.TextField(null=True)

    class Meta:
        table_name = "merge"

    @property
    def other_ids(self) -> list[int]:
        return [int(i) for i in json.loads(self.others)]


class MergeRefused(PalataError):
    """A merge or its undo cannot be done; the message says why in one sentence."""


# Company fields a merge chooses a value for; the rest are bookkeeping.
_BOOKKEEPING = ("id", "version", "created_at", "updated_at", "sort_name", "archived_at", "merged_into_id")
LIST_FIELDS = ("phones", "emails", "tags")
TEXT_FIELDS = ("notes",)
# Tables whose rows point at a company, and how a merged-away company's rows are moved.
_PLAIN = ("contact", "interest", "activity")
_PARTIES = {"meeting_party": "meeting_id", "agreement_party": "agreement_id"}
_NOT_LOGGED = ("version", "updated_at", "sort_name")


def company_values(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The stored values of these companies (raw columns), for a side-by-side comparison."""
    marks, params = _in(ids)
    return _rows("company", f"id IN {marks}", params) if params else {}


def related_counts(company_id: int) -> dict[str, int]:
    """How many rows of each related table hang on a company (what a merge would move)."""
    tables = (*_PLAIN, "participation", *_PARTIES)
    return {t: database.execute_sql(f'SELECT count(*) FROM "{t}" WHERE company_id = ?',
                                    (company_id,)).fetchone()[0] for t in tables}


def merge_fields() -> list[str]:
    """The company columns a merge decides, in the table's order."""
    return [c for c in _columns("company") if c not in _BOOKKEEPING]


@dataclass
class FieldChoice:
    field: str
    value: Any
    source: int  # the company the value comes from (the kept one when all agree)
    old: Any  # the kept company's value before
    combined: bool = False  # a list united from several companies


@dataclass
class MergeResult:
    keep: int
    others: list[int]
    fields: dict[str, FieldChoice]
    moved: dict[str, int]  # table -> rows moved onto the kept company
    combined: dict[str, int]  # table -> duplicate rows merged into the kept company's own
    merge_id: int | None = None
    dry_run: bool = False
    names: dict[int, str] = field(default_factory=dict)

    @property
    def changed_fields(self) -> dict[str, FieldChoice]:
        return {k: c for k, c in self.fields.items() if c.value != c.old}


# --- raw rows ------------------------------------------------------------------------------

_COLUMN_CACHE: dict[str, list[str]] = {}


def _columns(table: str) -> list[str]:
    if table not in _COLUMN_CACHE:
        _COLUMN_CACHE[table] = [c.name for c in database.get_columns(table)]
    return _COLUMN_CACHE[table]


def _rows(table: str, where: str, params: Sequence[Any] = (), *,
          lock: bool = False) -> dict[int, dict[str, Any]]:
    """The raw rows of `table` matching `where`; with `lock`, locked until the transaction ends
    (PostgreSQL: FOR UPDATE — what a merge or its undo reads is what it writes over, so a
    colleague's save waits for it, then finds the new version and is refused, never lost)."""
    cols = _columns(table)
    select = ", ".join(f'"{c}"' for c in cols)
    tail = backend.current().for_update if lock else ""
    cursor = database.execute_sql(f'SELECT {select} FROM "{table}" WHERE {where} ORDER BY id{tail}',
                                  tuple(params))
    return {row[0]: dict(zip(cols, row, strict=True)) for row in cursor}


def _in(ids: Iterable[int]) -> tuple[str, list[int]]:
    ids = list(ids)
    return f"({','.join('?' * len(ids))})", ids


def _write(table: str, row_id: int, values: Mapping[str, Any]) -> None:
    if values:
        sets = ", ".join(f'"{c}" = ?' for c in values)
        database.execute_sql(f'UPDATE "{table}" SET {sets} WHERE id = ?', (*values.values(), row_id))


def _insert(table: str, row: Mapping[str, Any]) -> None:
    cols = ", ".join(f'"{c}"' for c in row)
    database.execute_sql(f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join("?" * len(row))})',
                         tuple(row.values()))


def _field_name(column: str) -> str:
    return column[:-3] if column.endswith("_id") else column


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


class _Journal:
    """Collects each touched row's state before the merge (or undo) and logs the differences."""

    def __init__(self, user: str, stamp: datetime):
        self.user, self.stamp = user, stamp
        self.before: dict[str, dict[int, dict[str, Any]]] = {}
        self.deleted: dict[str, list[int]] = {}

    def touch(self, table: str, row: Mapping[str, Any]) -> None:
        self.before.setdefault(table, {}).setdefault(row["id"], dict(row))

    def update(self, table: str, row: dict[str, Any], values: Mapping[str, Any]) -> None:
        """Change `row` (a raw row, updated in place) and bump its version like the write path."""
        self.touch(table, row)
        values = dict(values)
        if "version" in row:
            values.update(version=row["version"] + 1, updated_at=store.as_text(self.stamp))
        _write(table, row["id"], values)
        row.update(values)

    def delete(self, table: str, row: Mapping[str, Any]) -> None:
        self.touch(table, row)
        self.deleted.setdefault(table, []).append(row["id"])
        database.execute_sql(f'DELETE FROM "{table}" WHERE id = ?', (row["id"],))

    def after(self) -> dict[str, dict[int, dict[str, Any]]]:
        out: dict[str, dict[int, dict[str, Any]]] = {}
        for table, rows in self.before.items():
            gone = set(self.deleted.get(table, ()))
            ids = [i for i in rows if i not in gone]
            for start in range(0, len(ids), 500):
                marks, params = _in(ids[start:start + 500])
                out.setdefault(table, {}).update(_rows(table, f"id IN {marks}", params))
        return out

    def log(self, after: Mapping[str, Mapping[int, Mapping[str, Any]]]) -> None:
        entries = []
        for table, rows in self.before.items():
            for row_id, old in rows.items():
                new = after.get(table, {}).get(row_id)
                if new is None:
                    snapshot = {_field_name(k): v for k, v in old.items()
                                if v not in (None, "") and k not in ("id", "sort_name")}
                    entries.append(dict(at=self.stamp, user=self.user, table=table, row_id=row_id,
                                        action="delete", old=json.dumps(snapshot, ensure_ascii=False)))
                    continue
                for col, value in new.items():
                    if col in _NOT_LOGGED or old.get(col) == value:
                        continue
                    action = ("archive" if value else "restore") if col == "archived_at" else "update"
                    entries.append(dict(at=self.stamp, user=self.user, table=table, row_id=row_id,
                                        action=action, field=_field_name(col), old=_text(old.get(col)),
                                        new=_text(value)))
        if entries:
            ChangeLog.insert_many(entries).execute()


def _last_log_id() -> int:
    return database.execute_sql("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0]


# --- choosing values -----------------------------------------------------------------------

def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _split(value: Any) -> list[str]:
    if _empty(value):
        return []
    return [p.strip() for p in str(value).replace("\n", ";").split(";") if p.strip()]


def _unite(values: Iterable[Any], separator: str) -> tuple[str | None, int]:
    """Items of several lists, each once (case-insensitively), in order; and how many lists gave any."""
    seen: dict[str, str] = {}
    givers = 0
    for value in values:
        items = _split(value) if separator == "; " else ([str(value).strip()] if not _empty(value) else [])
        if items:
            givers += 1
        for item in items:
            seen.setdefault(" ".join(item.lower().replace("ё", "е").split()), item)
    return (separator.join(seen.values()) if seen else None), givers


def choose_values(companies: Mapping[int, Mapping[str, Any]], keep: int,
                  choices: Mapping[str, int] | None = None) -> dict[str, FieldChoice]:
    """Which value each field of the kept company ends with.

    By default a field takes the non-empty value of the most recently updated company (the kept one
    wins a tie); phones, e-mails and tags are united, notes are joined. `choices` maps a field to
    the company whose value it must take, even an empty one.
    """
    choices = dict(choices or {})
    order = sorted(companies, key=lambda cid: (str(companies[cid].get("updated_at") or ""), cid == keep),
                   reverse=True)
    out: dict[str, FieldChoice] = {}
    for name in merge_fields():
        old = companies[keep][name]
        if name in choices:
            source = choices[name]
            out[name] = FieldChoice(name, companies[source][name], source, old)
            continue
        if name in LIST_FIELDS or name in TEXT_FIELDS:
            value, givers = _unite((companies[c][name] for c in order),
                                   "; " if name in LIST_FIELDS else "\n")
            source = next((c for c in order if not _empty(companies[c][name])), keep)
            if givers <= 1:
                value = companies[source][name]
            out[name] = FieldChoice(name, value, source, old, combined=givers > 1)
            continue
        source = next((c for c in order if not _empty(companies[c][name])), keep)
        out[name] = FieldChoice(name, companies[source][name], source, old)
    return out


# --- merging -------------------------------------------------------------------------------

def _name(row: Mapping[str, Any]) -> Problem:
    return Problem("rec.company_and_number", {"name": row["short_name"], "id": row["id"]})


def _check(keep: int, others: list[int], companies: Mapping[int, Mapping[str, Any]],
           choices: Mapping[str, int]) -> None:
    if not others:
        raise MergeRefused("err.merge.nothing")
    if keep in others:
        raise MergeRefused("err.merge.with_itself", id=keep)
    for cid in [keep, *others]:
        row = companies.get(cid)
        if row is None:
            raise MergeRefused("err.merge.no_company", id=cid)
        if row["merged_into_id"] is not None:
            raise MergeRefused("err.merge.already_merged", company=_name(row), into=row["merged_into_id"])
        if row["archived_at"] is not None:
            raise MergeRefused("err.merge.archived", company=_name(row))
    allowed = set(merge_fields())
    for name, source in choices.items():
        if name not in allowed:
            raise MergeRefused("err.merge.bad_field", field=name)
        if source not in companies:
            raise MergeRefused("err.merge.outsider", field=name, id=source)


class _DryRun(Exception):
    pass


def merge_companies(keep: int, others: Iterable[int], choices: Mapping[str, int] | None = None, *,
                    dry_run: bool = False, user: str | None = None) -> MergeResult:
    """Merge `others` into `keep` in one transaction (see the module docstring). With `dry_run`
    everything is done and rolled back, so the result shows exactly what a merge would do.
    Raises MergeRefused with a sentence for a person."""
    others = list(dict.fromkeys(int(o) for o in others))
    user = user or store.current_user()
    result: MergeResult | None = None
    try:
        with bounded(), database.atomic():
            result = _merge(int(keep), others, dict(choices or {}), user)
            if dry_run:
                result.dry_run, result.merge_id = True, None
                raise _DryRun
    except _DryRun:
        pass
    assert result is not None
    return result


def _merge(keep: int, others: list[int], choices: dict[str, int], user: str) -> MergeResult:
    marks, params = _in([keep, *others])
    # Locked first (FOR UPDATE also keeps colleagues from hanging new contacts on them meanwhile),
    # then read: the values chosen are the ones committed last.
    companies = _rows("company", f"id IN {marks}", params, lock=True)
    _check(keep, others, companies, choices)
    stamp = store.now()
    journal = _Journal(user, stamp)
    log_from = _last_log_id() + 1
    fields = choose_values(companies, keep, choices)
    names = {cid: row["short_name"] for cid, row in companies.items()}

    # The others go to the archive first, giving up an INN the kept company takes over.
    new_inn = fields["inn"].value
    for cid in others:
        row = companies[cid]
        values: dict[str, Any] = {"archived_at": store.as_text(stamp), "merged_into_id": keep}
        if new_inn and row["inn"] == new_inn:
            values["inn"] = None
        journal.update("company", row, values)
    changes = {k: c.value for k, c in fields.items() if c.value != companies[keep][k]}
    if "short_name" in changes:
        changes["sort_name"] = sort_key(changes["short_name"])
    if changes:
        journal.update("company", companies[keep], changes)

    o_marks, o_params = _in(others)
    moved: dict[str, int] = {}
    combined: dict[str, int] = {}
    # Companies merged earlier into one of the others now point at the kept one.
    for row in _rows("company", f"merged_into_id IN {o_marks}", o_params, lock=True).values():
        journal.update("company", row, {"merged_into_id": keep})
    for table in _PLAIN:
        for row in _rows(table, f"company_id IN {o_marks}", o_params, lock=True).values():
            journal.update(table, row, {"company_id": keep})
            moved[table] = moved.get(table, 0) + 1
    own = {(r["mission_id"], r["role"]): r
           for r in _rows("participation", "company_id = ?", [keep], lock=True).values()}
    for row in _rows("participation", f"company_id IN {o_marks}", o_params, lock=True).values():
        twin = own.get((row["mission_id"], row["role"]))
        if twin is None:
            journal.update("participation", row, {"company_id": keep})
            own[(row["mission_id"], row["role"])] = row
            moved["participation"] = moved.get("participation", 0) + 1
            continue
        outcome, _ = _unite((twin["outcome"], row["outcome"]), "; ")
        journal.delete("participation", row)
        if outcome != twin["outcome"]:
            journal.update("participation", twin, {"outcome": outcome})
        combined["participation"] = combined.get("participation", 0) + 1
    for table, parent in _PARTIES.items():
        present = {r[parent] for r in _rows(table, "company_id = ?", [keep], lock=True).values()}
        for row in _rows(table, f"company_id IN {o_marks}", o_params, lock=True).values():
            if row[parent] in present:
                journal.delete(table, row)
                combined[table] = combined.get(table, 0) + 1
            else:
                journal.update(table, row, {"company_id": keep})
                present.add(row[parent])
                moved[table] = moved.get(table, 0) + 1

    after = journal.after()
    journal.log(after)
    log_to = _last_log_id()
    search.reindex([keep, *others])
    snapshot = {"before": journal.before, "after": after, "deleted": journal.deleted,
                "log": [log_from, log_to]}
    record = Merge.create(at=stamp, user=user, keep_id=keep, others=json.dumps(others),
                          moved=json.dumps(snapshot, ensure_ascii=False, default=str))
    return MergeResult(keep, others, fields, moved, combined, merge_id=record.id, names=names)


# --- undoing -------------------------------------------------------------------------------

def _snapshot(record: Merge) -> dict[str, Any]:
    data = json.loads(record.moved)
    for part in ("before", "after"):
        data[part] = {t: {int(i): row for i, row in rows.items()} for t, rows in data[part].items()}
    return data


def _label(table: str, row: Mapping[str, Any]) -> Problem:
    names = {"company": "short_name", "contact": "name", "interest": "subject"}
    return record(table, row["id"], row.get(names[table]) if table in names else None)


def _refusal(merge_id: int, table: str, row: Mapping[str, Any], after_log: int) -> MergeRefused:
    entry = (ChangeLog.select().where((ChangeLog.table == table) & (ChangeLog.row_id == row["id"])
                                      & (ChangeLog.id > after_log))
             .order_by(ChangeLog.id.desc()).first())
    if entry is None:
        return MergeRefused("err.undo_merge.changed", id=merge_id, what=_label(table, row))
    when = entry.at.strftime("%d.%m.%Y %H:%M") if isinstance(entry.at, datetime) else str(entry.at)
    return MergeRefused("err.undo_merge.changed_by", id=merge_id, what=_label(table, row), user=entry.user,
                        when=when)


def undo_merge(merge_id: int, *, user: str | None = None) -> dict[str, int]:
    """Put back every row the merge touched exactly as it was. Refuses (MergeRefused) when the
    merge is unknown or already undone, or when a touched row has changed since."""
    user = user or store.current_user()
    with bounded(), database.atomic():
        merge_row = store.locked_undoable(Merge, merge_id, MergeRefused, unknown="err.undo_merge.unknown",
                                          undone="err.undo_merge.undone")
        data = _snapshot(merge_row)
        before, after, log_to = data["before"], data["after"], data["log"][1]
        deleted = {t: set(ids) for t, ids in data["deleted"].items()}
        for table, rows in after.items():
            marks, params = _in(rows)
            # locked as read: a colleague's save either came before (and refuses the undo) or
            # waits for it (and is then refused itself, by its version)
            current = _rows(table, f"id IN {marks}", params, lock=True) if rows else {}
            for row_id, row in rows.items():
                if current.get(row_id) != row:
                    raise _refusal(merge_id, table, current.get(row_id) or row, log_to)
        for table, ids in deleted.items():
            marks, params = _in(ids)
            for row in _rows(table, f"id IN {marks}", params).values():
                raise MergeRefused("err.undo_merge.taken", id=merge_id, what=record(table, row["id"]))
        stamp = store.now()
        journal = _Journal(user, stamp)
        # The unique INN: clear it on every company first, then write each row back whole.
        companies = list(before.get("company", {}))
        if companies:
            marks, params = _in(companies)
            database.execute_sql(f"UPDATE company SET inn = NULL WHERE id IN {marks}", params)
        restored = 0
        try:
            for table, rows in before.items():
                for row_id, row in rows.items():
                    if row_id in deleted.get(table, ()):
                        _insert(table, row)
                    else:
                        _write(table, row_id, {k: v for k, v in row.items() if k != "id"})
                    restored += 1
        except pw.IntegrityError:
            raise MergeRefused("err.undo_merge.clash", id=merge_id) from None
        # Log the way back: what each row was after the merge, and what it is again.
        journal.before = {t: {i: r for i, r in rows.items()} for t, rows in after.items()}
        entries = []
        for table, ids in deleted.items():
            for row_id in ids:
                row = before[table][row_id]
                snapshot = {_field_name(k): v for k, v in row.items() if v not in (None, "") and k != "id"}
                entries.append(dict(at=stamp, user=user, table=table, row_id=row_id, action="create",
                                    new=json.dumps(snapshot, ensure_ascii=False)))
        journal.log({t: {i: r for i, r in rows.items() if i not in deleted.get(t, ())}
                     for t, rows in before.items()})
        if entries:
            ChangeLog.insert_many(entries).execute()
        search.reindex([merge_row.keep_id, *merge_row.other_ids])
        merge_row.undone_at = stamp
        merge_row.undone_by = user
        merge_row.save()
    return {"restored": restored, "companies": len(companies)}


def list_merges(limit: int = 50) -> list[Merge]:
    """The latest merges, newest first."""
    return list(Merge.select().order_by(Merge.id.desc()).limit(limit))


def merged_into(company_id: int) -> int | None:
    """The live company a merged-away company now lives on (following a chain), or None."""
    seen = set()
    current = company_id
    while True:
        row = database.execute_sql("SELECT merged_into_id FROM company WHERE id = ?", (current,)).fetchone()
        if row is None or row[0] is None or current in seen:
            return current if current != company_id else None
        seen.add(current)
        current = row[0]


__all__ = ["Merge", "MergeRefused", "MergeResult", "merge_companies", "undo_merge", "list_merges",
           "choose_values", "merge_fields", "merged_into", "company_values", "related_counts"]
