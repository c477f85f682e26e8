"""The commands that keep the register clean: `duplicates`, `merge`, `undo-merge`, `merges` and
`changes`. Presentation only: the work is done by models.duplicates, models.merge, models.changes.

`tui.cli` registers them (`add_parsers`, `commands`) and hands over itself, so these functions
use its `_open`, `_console` and `UsageError` (the same objects also when run as `python -m tui.cli`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from types import ModuleType

from tui.format import change_record, change_text, field_label
from tui.format import short as _show
from tui.i18n import keys, t

_cli: ModuleType | None = None


def add_parsers(sub, common: Callable[[argparse.ArgumentParser, bool], None]) -> None:
    p = sub.add_parser("duplicates", help=t("cli.duplicates"), description=t("cli.duplicates"))
    common(p, False)
    p.add_argument("--limit", type=int, default=None, help=t("cli.duplicates.limit"))

    p = sub.add_parser("merge", help=t("cli.merge"), description=t("cli.merge"))
    common(p, False)
    p.add_argument("keep", type=int, metavar="KEEP", help=t("cli.merge.keep"))
    p.add_argument("others", type=int, nargs="+", metavar="OTHER", help=t("cli.merge.others"))
    p.add_argument("--dry-run", action="store_true", help=t("cli.merge.dry_run"))
    p.add_argument("--take", action="append", default=[], metavar="FIELD=ID", help=t("cli.merge.take"))

    p = sub.add_parser("undo-merge", help=t("cli.undo_merge"), description=t("cli.undo_merge"))
    common(p, False)
    p.add_argument("id", type=int, help=t("cli.undo_merge.id"))

    p = sub.add_parser("merges", help=t("cli.merges"), description=t("cli.merges"))
    common(p, False)
    p.add_argument("--limit", type=int, default=50, help=t("cli.imports.limit"))

    p = sub.add_parser("changes", help=t("cli.changes"), description=t("cli.changes"))
    common(p, False)
    p.add_argument("--since", required=True, metavar="DATE", help=t("cli.changes.since"))
    p.add_argument("--user", metavar="LOGIN", help=t("cli.changes.user"))
    p.add_argument("--table", metavar="T", help=t("cli.changes.table"))
    p.add_argument("--company", type=int, metavar="ID", help=t("cli.changes.company"))
    p.add_argument("--limit", type=int, default=500, help=t("cli.changes.limit"))


def commands(cli: ModuleType) -> dict[str, Callable[[argparse.Namespace], int]]:
    global _cli
    _cli = cli
    return {"duplicates": cmd_duplicates, "merge": cmd_merge, "undo-merge": cmd_undo_merge,
            "merges": cmd_merges, "changes": cmd_changes}


def _c() -> ModuleType:
    assert _cli is not None
    return _cli


def confidence_label(confidence: str) -> str:
    return t(keys.DUP_CONFIDENCE[confidence])


def reason_text(rule: str, shown: str) -> str:
    return f"{t(keys.DUP_RULE[rule])}: {shown}"


def _table(**kwargs):
    from rich import box
    from rich.table import Table

    return Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), **kwargs)


def _row(table, *cells: str) -> None:
    """A row of plain text: names with [brackets] are not rich markup."""
    from rich.text import Text

    table.add_row(*(Text(c) for c in cells))


def cmd_duplicates(args) -> int:
    from models.duplicates import find_duplicates

    _c()._open(args)
    groups = find_duplicates()
    console = _c()._console()
    if not groups:
        console.print(t("dup.none"))
        return _c().EXIT_OK
    shown = groups[: args.limit] if args.limit and args.limit > 0 else groups
    from tui.widgets.fit import FitTable

    rows: list[list[str] | None] = []
    for number, g in enumerate(shown, start=1):
        reasons = [reason_text(r.rule, r.shown) for r in g.reasons]
        for i, c in enumerate(g.companies):
            first = i == 0
            rows.append([str(number) if first else "", confidence_label(g.confidence) if first else "",
                         str(c.id), c.display_name, c.inn or "", c.city or "",
                         reasons[i] if i < len(reasons) else ""])
        rows.extend(["", "", "", "", "", "", extra] for extra in reasons[len(g.companies):])
        rows.append(None)
    # names and reasons wrap between words; an e-mail or a phone in a reason stays whole
    console.print(FitTable(
        [(t("dup.col.group"), {"no_wrap": True, "justify": "right"}),
         (t("dup.col.confidence"), {"no_wrap": True}),
         (t("dup.col.id"), {"no_wrap": True, "justify": "right"}),
         (t("col.name"), {"ratio": 3}), (t("field.inn"), {"no_wrap": True}), (t("field.city"), {"ratio": 1}),
         (t("dup.col.reason"), {"ratio": 3})], rows[:-1]))
    console.print(t("dup.count", count=len(groups)))
    if len(shown) < len(groups):
        console.print(t("search.shown", shown=len(shown), total=len(groups)))
    console.print(t("dup.hint"), markup=False)
    return _c().EXIT_OK


def _parse_take(values: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for value in values:
        name, sep, cid = value.partition("=")
        if not sep or not cid.strip().isdigit() or not name.strip():
            raise _c().UsageError(t("err.merge_take", value=value))
        out[name.strip()] = int(cid)
    return out


def cmd_merge(args) -> int:
    from models.merge import merge_companies

    choices = _parse_take(args.take)
    _c()._open(args)
    result = merge_companies(args.keep, args.others, choices, dry_run=args.dry_run)
    console = _c()._console()
    keep_name = result.names.get(result.keep, str(result.keep))
    others = ", ".join(f"«{result.names.get(o, o)}» (ID {o})" for o in result.others)
    if result.dry_run:
        console.print(t("merge.dry_run", keep=keep_name, keep_id=result.keep, others=others),
                      markup=False, soft_wrap=True)
    changed = result.changed_fields
    if changed:
        console.print(t("merge.fields"))
        table = _table()
        table.add_column(t("merge.col.field"), no_wrap=True)
        table.add_column(t("merge.col.was"), overflow="fold", ratio=1)
        table.add_column(t("merge.col.becomes"), overflow="fold", ratio=1)
        table.add_column(t("col.place"), no_wrap=True)
        for name, choice in changed.items():
            source = t("merge.combined") if choice.combined else f"ID {choice.source}"
            _row(table, field_label(name), _show(choice.old), _show(choice.value), source)
        console.print(table)
    else:
        console.print(t("merge.no_fields"))
    if result.moved:
        counts = ", ".join(f"{t(keys.MERGE_TABLE[k])} — {n}" for k, n in result.moved.items())
        console.print(t("merge.moved", counts=counts), markup=False)
    else:
        console.print(t("merge.nothing_moved"))
    if result.combined:
        counts = ", ".join(f"{t(keys.MERGE_TABLE[k])} — {n}" for k, n in result.combined.items())
        console.print(t("merge.joined", counts=counts), markup=False)
    if not result.dry_run:
        console.print(t("merge.done", id=result.merge_id, keep=keep_name, keep_id=result.keep,
                        count=len(result.others)), markup=False, soft_wrap=True)
    return _c().EXIT_OK


def cmd_undo_merge(args) -> int:
    from models.merge import undo_merge

    _c()._open(args)
    done = undo_merge(args.id)
    _c()._console().print(t("undo_merge.done", id=args.id, restored=done["restored"]), markup=False)
    return _c().EXIT_OK


def cmd_merges(args) -> int:
    from models.merge import list_merges

    _c()._open(args)
    merges = list_merges(max(1, args.limit))
    console = _c()._console()
    if not merges:
        console.print(t("merges.none"))
        return _c().EXIT_OK
    from models.queries import short_names

    names = short_names({m.keep_id for m in merges} | {o for m in merges for o in m.other_ids})
    table = _table()
    table.add_column(t("imports.col.id"), justify="right", no_wrap=True)
    table.add_column(t("imports.col.when"), no_wrap=True)
    table.add_column(t("imports.col.user"), no_wrap=True)
    table.add_column(t("merges.col.kept"), overflow="fold", ratio=1)
    table.add_column(t("merges.col.others"), overflow="fold", ratio=2)
    for m in merges:
        others = "; ".join(f"{names.get(o, '?')} ({o})" for o in m.other_ids)
        if m.undone_at:
            others += "\n" + t("merges.undone", when=m.undone_at.strftime("%d.%m.%y %H:%M"))
        _row(table, str(m.id), m.at.strftime("%d.%m.%y %H:%M"), m.user,
                      f"{names.get(m.keep_id, '?')} ({m.keep_id})", others)
    console.print(table)
    return _c().EXIT_OK


def cmd_changes(args) -> int:
    from models.changes import TABLES, as_start, list_changes

    try:
        since = as_start(args.since)
    except ValueError:
        raise _c().UsageError(t("err.changes_since", value=args.since)) from None
    if args.table and args.table not in TABLES:
        raise _c().UsageError(t("err.changes_table", value=args.table, names=", ".join(TABLES)))
    _c()._open(args)
    limit = max(1, args.limit)
    rows = list_changes(since, user=args.user, table=args.table, company=args.company, limit=limit + 1)
    console = _c()._console()
    shown_since = since.strftime("%d.%m.%Y %H:%M") if since.time() != since.min.time() \
        else since.strftime("%d.%m.%Y")
    if not rows:
        console.print(t("changes.none", since=shown_since))
        return _c().EXIT_OK
    limited = len(rows) > limit
    rows = rows[-limit:]
    table = _table()
    table.add_column(t("imports.col.when"), no_wrap=True)
    table.add_column(t("imports.col.user"), no_wrap=True)
    table.add_column(t("changes.col.what"), overflow="fold", ratio=2)
    table.add_column(t("merge.col.field"), overflow="fold")
    table.add_column(t("changes.col.change"), overflow="fold", ratio=3)
    for c in rows:
        field, change = change_text(c)
        _row(table, c.at.strftime("%d.%m.%y %H:%M"), c.user, change_record(c), field, change)
    console.print(table)
    console.print(t("changes.count", count=len(rows)))
    if limited:
        console.print(t("changes.limited", shown=limit))
    return _c().EXIT_OK
