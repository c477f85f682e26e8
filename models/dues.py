"""Chasing overdue dues: a follow-up — a call to make — for every member on the list, made in one
transaction, and taken back the same way while nobody has touched them since."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from models import store
from models.db import database
from models.dossier import company_name
from models.entities import Activity
from models.errors import PalataError


class ChaseChanged(PalataError):
    """Some follow-ups of a chase were changed since (done, edited): the undo would lose that
    work, so nothing is taken back. `names` are their companies."""

    def __init__(self, names: list[str]):
        self.names = names
        super().__init__("; ".join(names))


def chase(company_ids: Iterable[int], text: str, due_on: date, *, author: str | None = None,
          today: date | None = None) -> list[int]:
    """One open follow-up (a call, due `due_on`, saying `text`) for each company that has no open
    follow-up saying the same yet; the ids made, in the companies' order."""
    author = author or store.current_user()
    today = today or store.now().date()
    wanted = list(dict.fromkeys(company_ids))
    with database.atomic():
        have = set()
        for start in range(0, len(wanted), 900):
            chunk = wanted[start:start + 900]
            have |= {r[0] for r in database.execute_sql(
                f"SELECT company_id FROM activity WHERE company_id IN ({','.join('?' * len(chunk))}) "
                "AND due_on IS NOT NULL AND NOT done AND text = ?", [*chunk, text])}
        rows = [{"company": cid, "kind": "call", "happened_on": today, "text": text, "author": author,
                 "due_on": due_on, "done": False} for cid in wanted if cid not in have]
        return store.bulk_create(Activity, rows) if rows else []


def unchase(activity_ids: Iterable[int]) -> int:
    """Take back the follow-ups a chase made (those a colleague deleted meanwhile are gone
    already); refused (ChaseChanged) when any was changed since. Returns how many were removed."""
    ids = list(activity_ids)
    with database.atomic():
        found = {}
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            for aid, version, done, short, form in database.execute_sql(
                    "SELECT a.id, a.version, a.done, c.short_name, c.legal_form FROM activity a "
                    f"JOIN company c ON c.id = a.company_id WHERE a.id IN ({','.join('?' * len(chunk))})",
                    chunk):
                found[aid] = (version, bool(done), company_name(short, form))
        changed = [v[2] for aid, v in found.items() if v[0] != 1 or v[1]]
        if changed:
            raise ChaseChanged(sorted(changed))
        return len(store.bulk_delete(Activity, list(found)))
