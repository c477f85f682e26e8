"""`palata todo` (open follow-ups: mine, or everybody's) and `palata settings` (the chamber's
settings kept in the register). Presentation only: the work is in models.editing and
models.settings. `tui.cli` registers them (`add_parsers`, `commands`) as it does tui.cli_duplicates."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from types import ModuleType

from tui import format as fmt
from tui.i18n import keys, t

_cli: ModuleType | None = None


def add_parsers(sub, common: Callable[[argparse.ArgumentParser, bool], None]) -> None:
    p = sub.add_parser("todo", help=t("cli.todo"), description=t("cli.todo"))
    common(p, False)
    whose = p.add_mutually_exclusive_group()
    whose.add_argument("--all", action="store_true", help=t("cli.todo.all"))
    whose.add_argument("--user", metavar="LOGIN", help=t("cli.todo.user"))

    p = sub.add_parser("settings", help=t("cli.settings"), description=t("cli.settings.description"))
    common(p, False)
    p.add_argument("key", nargs="?", metavar="KEY", help=t("cli.settings.key"))
    p.add_argument("value", nargs="?", metavar="VALUE", help=t("cli.settings.value"))


def commands(cli: ModuleType) -> dict[str, Callable[[argparse.Namespace], int]]:
    global _cli
    _cli = cli
    return {"todo": cmd_todo, "settings": cmd_settings}


def _c() -> ModuleType:
    assert _cli is not None
    return _cli


def cmd_todo(args) -> int:
    from rich.text import Text

    from models import editing, store
    from tui.widgets.fit import FitTable

    _c()._open(args)
    user = None if args.all else (args.user or store.current_user())
    items = editing.open_followups(author=user)
    today = store.now().date()
    console = _c()._console()
    whose = t("todo.all") if user is None else t("todo.of", user=user)
    if not items:
        console.print(t("todo.none", whose=whose))
        return _c().EXIT_OK
    overdue = sum(1 for f in items if f.due_on < today)
    columns: list[tuple[str, dict]] = [(t("col.due"), {"no_wrap": True}), (t("col.name"), {"ratio": 2}),
               (t("col.text"), {"ratio": 3})]
    if user is None:
        columns.append((t("col.author"), {"no_wrap": True}))
    rows = []
    for f in items:
        due = fmt.day(f.due_on)
        if f.due_on < today:
            due = f"! {due}"  # overdue: a mark, not only a colour
        elif f.due_on == today:
            due = f"{due} ({t('todo.today')})"
        cells = [due, f.company, f"{fmt.activity_kind(f.kind)}: {f.text}"]
        if user is None:
            cells.append(f.author or "")
        rows.append([Text(c, style="bold" if f.due_on <= today else "") for c in cells])
    # names and what to do wrap between words (tui.widgets.fit)
    console.print(FitTable(columns, rows, title_justify="left",
                           title=t("todo.title", whose=whose, count=len(items), overdue=overdue)))
    return _c().EXIT_OK


def cmd_settings(args) -> int:
    from models import settings

    _c()._open(args)
    console = _c()._console()
    if args.key is None:
        for key, value in settings.all_settings().items():
            console.print(f"{key} = {value if value is not None else t('settings.unset')}  "
                          f"({t(keys.SETTING_ABOUT[key])})", markup=False)
        return _c().EXIT_OK
    if args.key not in settings.KEYS:
        raise _c().UsageError(t("settings.unknown", name=args.key, keys=", ".join(settings.KEYS)))
    if args.value is None:
        value = settings.get(args.key)
        console.print(value if value is not None else t("settings.unset"), markup=False)
        return _c().EXIT_OK
    settings.put(args.key, args.value)
    console.print(t("settings.saved", name=args.key, value=settings.get(args.key) or t("settings.unset")),
                  markup=False)
    return _c().EXIT_OK
