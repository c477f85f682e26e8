"""The dossier of one company: card, contacts, interests, missions, meetings, agreements, timeline
and change history, one tab each."""

from __future__ import annotations

from collections.abc import Iterator

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from models import dossier as dossier_query
from models.dossier import Dossier
from tui import format as fmt
from tui.background import store_work
from tui.i18n import keys, t
from tui.screens.base import COMPANY_EDITS, Command, PalataScreen, tab_commands
from tui.widgets.footer import PalataFooter
from tui.widgets.fresh import FreshScreen
from tui.widgets.localised import localise_bindings
from tui.widgets.tables import rich_table
from tui.widgets.tabs import Pane, Tabbed

TABS = ("card", "contacts", "interests", "missions", "meetings", "agreements", "timeline", "history")


def _tab_words() -> dict[str, str]:
    return {name: t(keys.TAB[name]) for name in TABS}


def _card(d: Dossier) -> Table:
    c = d.company
    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    rows = [
        ("field.short_name", c.short_name),
        ("field.full_name", c.full_name),
        ("field.legal_form", c.legal_form),
        ("field.inn", c.inn), ("field.kpp", c.kpp), ("field.ogrn", c.ogrn), ("field.unp", c.unp),
        ("field.member_number", c.member_number),
        ("field.member_status", fmt.status(c.member_status) if c.member_status else t("brief.not_member")),
        ("field.member_since", fmt.day(c.member_since)),
        ("field.dues_paid_until", fmt.day(c.dues_paid_until)),
        ("field.country", c.country), ("field.region", c.region), ("field.city", c.city),
        ("field.address", c.address),
        ("field.phones", c.phones), ("field.emails", c.emails), ("field.website", c.website),
        ("field.okved", c.okved), ("field.industry", c.industry),
        ("field.tags", c.tags), ("field.notes", c.notes),
        ("field.archived", fmt.stamp(c.archived_at) if c.archived_at else None),
    ]
    for key, value in rows:
        if value:
            grid.add_row(t(key), Text(str(value)))
    return grid


def _one_per_line(value: str | None) -> str:
    return "\n".join(part.strip() for part in (value or "").split(";") if part.strip())


def _longest(values) -> int:
    return max((len(line) for v in values for line in _one_per_line(v).splitlines()), default=0)


def _contacts(d: Dossier):
    # a phone or an address is never cut in two: one per line, in one column as wide as the
    # longest of them, so that name and position keep the rest (whole words at 80 columns)
    reach = [fmt.joined(_one_per_line(p.phones), _one_per_line(p.emails), sep="\n") for p in d.contacts]
    return rich_table(
        [(t("col.person"), {"ratio": 1}), (t("col.position"), {"ratio": 1}),
         (f"{t('field.phones')} · {t('field.emails')}", {"width": min(_longest(reach), 32) or None})],
        [(p.name + (f" ({t('brief.primary')})" if p.is_primary else ""), p.position, r)
         for p, r in zip(d.contacts, reach, strict=True)])


def _interests(d: Dossier):
    return rich_table(
        [(t("col.direction"), {"no_wrap": True}), (t("col.subject"), {"ratio": 5}),
         (t("col.status"), {"no_wrap": True}), (t("col.date"), {"no_wrap": True}),
         (t("field.source"), {"ratio": 3, "max_lines": 2})],
        [(fmt.direction(i.direction), fmt.joined(i.subject, i.partner_geo, sep=" — "),
          fmt.interest_status(i.status), fmt.day(i.opened_on), i.mission_title or i.source)
         for i in d.interests])


def _missions(d: Dossier):
    return rich_table(
        [(t("col.dates"), {"no_wrap": True}), (t("field.mission"), {"ratio": 4}),
         (t("field.role"), {"ratio": 2}), (t("col.outcome"), {"ratio": 4})],
        [(fmt.period(p.starts_on, p.ends_on), f"{p.title} ({fmt.mission_kind(p.kind)})",
          fmt.role(p.role), p.outcome) for p in d.participations])


def _meetings(d: Dossier):
    return rich_table(
        [(t("col.date"), {"no_wrap": True}), (t("col.with"), {"ratio": 3}),
         (t("col.subject"), {"ratio": 4}), (t("col.outcome"), {"ratio": 4})],
        [(fmt.day(m.held_on), "; ".join(m.others), m.subject, m.outcome) for m in d.meetings])


def _agreements(d: Dossier):
    return rich_table(
        [(t("col.date"), {"no_wrap": True}), (t("col.kind"), {"ratio": 2}),
         (t("col.subject"), {"ratio": 4}), (t("col.with"), {"ratio": 3}), (t("col.status"), {"ratio": 2})],
        [(fmt.day(a.signed_on), fmt.agreement_kind(a.kind), a.subject, "; ".join(a.others),
          fmt.agreement_status(a.status)) for a in d.agreements])


def _followup_state(a) -> str:
    if a.done:
        return t("followup.done")
    if a.due_on:
        return t("brief.due", when=fmt.day(a.due_on))
    return ""


def _timeline_kind(e) -> Text:
    """What the entry is, in a word or two that never break (a mission's own kind is in its title)."""
    if e.kind in ("mission", "meeting"):
        word = t(keys.TIMELINE[e.kind])
    elif e.kind == "agreement":
        word = fmt.agreement_kind(e.code) if e.code == "nda" else t("timeline.agreement")
    else:
        word = t("timeline.followup") if e.is_followup else fmt.activity_kind(e.code)
    return Text(word, no_wrap=True)


def _timeline(d: Dossier):
    """The company's chronology, newest first (`Dossier.timeline`)."""
    def text(e) -> Text:
        out = Text(e.text)
        if e.detail:
            out.append(f" — {e.detail}", style="dim")
        return out

    return rich_table(
        [(t("col.date"), {"no_wrap": True}), (t("col.kind"), {"no_wrap": True}),
         (t("col.text"), {"ratio": 1}), (t("col.author"), {"no_wrap": True}),
         (t("col.due"), {"no_wrap": True})],
        [(fmt.day(e.day), _timeline_kind(e), text(e), Text(e.author or "", no_wrap=True),
          Text(_followup_state(e), no_wrap=True)) for e in d.timeline])


def _history(d: Dossier):
    def what(h) -> str:
        if h.action == "create":
            return t("history.created")
        if h.field:
            return f"{h.field}: {h.old or '—'} → {h.new or '—'}"
        return h.action

    return rich_table(
        [(t("imports.col.when"), {"no_wrap": True}), (t("imports.col.user"), {"ratio": 2}),
         (t("col.change"), {"ratio": 7})],
        [(fmt.stamp(h.at), h.user, what(h)) for h in d.history])


RENDER = {
    "card": _card, "contacts": _contacts, "interests": _interests, "missions": _missions,
    "meetings": _meetings, "agreements": _agreements, "timeline": _timeline, "history": _history,
}


class DossierScreen(FreshScreen, PalataScreen[None]):
    EDITS = COMPANY_EDITS | {"archive_record", "new_meeting", "new_agreement"}
    BINDINGS = [
        Binding("escape", "app.back", "key.back"),
        Binding("b", "brief", "key.brief"),
        *(Binding(str(n), f"tab('{name}')", f"tab.{name}", show=False)
          for n, name in enumerate(TABS, start=1)),
    ]

    def __init__(self, company_id: int, tab: str = "card") -> None:
        super().__init__()
        localise_bindings(self)
        self.company_id = company_id
        self.initial_tab = tab
        self.dossier: Dossier | None = None
        self._up = False  # the screen's widgets are there (on_mount has run)
        self._read: tuple[Dossier | None] | None = None  # what a read found before that

    def clone(self) -> DossierScreen:
        return DossierScreen(self.company_id, self.active_tab())

    def active_tab(self) -> str:
        try:
            return self.query_one(Tabbed).active or self.initial_tab
        except Exception:  # not composed yet
            return self.initial_tab

    def compose(self) -> ComposeResult:
        # the store is read while the screen is built: what it finds is most often there before
        # the first frame, which then holds it (one layout and one paint, not two)
        self.load()
        yield Header()
        yield Static("", id="dossier-title")
        # numbered: 1–8 switch them; only the open tab is built, the others when first shown
        with Tabbed(_tab_words(), self.initial_tab, id="dossier-tabs"):
            yield self._pane(self.initial_tab)
        yield PalataFooter()

    def _pane(self, name: str) -> Pane:
        """A tab's scrolling body, filled from the dossier if it has been read."""
        text = Static(RENDER[name](self.dossier) if self.dossier is not None else "",
                      id=f"body-{name}", classes="tab-text")
        return Pane(VerticalScroll(text, classes="tab-body"), id=name)

    def _build_tab(self, name: str) -> None:
        """Build a tab's body the first time it is shown: a dossier opens with only its open tab
        built (a third fewer widgets to mount and style), the others cost nothing until wanted."""
        tabs = self.query_one(Tabbed)
        if not tabs.has_pane(name):
            tabs.add_pane(self._pane(name))

    def on_tabbed_activated(self, event: Tabbed.Activated) -> None:
        if event.name in RENDER:  # a tab clicked with the mouse, or chosen with ←/→
            self._build_tab(event.name)

    def on_mount(self) -> None:
        self._up = True
        if self._read is not None:  # read before the screen's widgets were there
            self._show(*self._read)

    @store_work("dossier")
    def load(self) -> None:
        d = dossier_query.load(self.company_id)
        self.app.call_from_thread(self._show, d)

    def _show(self, d: Dossier | None) -> None:
        if not self._up:  # on_mount shows it
            self._read = (d,)
            return
        self._read = None
        self.dossier = d
        title = self.query_one("#dossier-title", Static)
        if d is None:
            title.update(t("dossier.missing"))
            return
        c = d.company
        line = Text(d.name, style="bold")
        facts = fmt.joined(
            f"{t('field.inn')} {c.inn}" if c.inn else (f"{t('field.unp')} {c.unp}" if c.unp else None),
            fmt.joined(c.city, c.country if c.country != "Россия" else None),
            fmt.status(c.member_status) if c.member_status else t("brief.not_member"),
            t("brief.archived") if c.archived_at else None, sep=" · ")
        line.append(f"  {facts}")
        title.update(line)
        for body in self.query(".tab-text").results(Static):  # the tabs built so far
            body.update(RENDER[(body.id or "").removeprefix("body-")](d))

    def data_changed(self) -> None:
        self.load()

    def palette_commands(self) -> Iterator[Command]:
        yield from tab_commands(self.action_tab, TABS, keys.TAB)

    def action_tab(self, name: str) -> None:
        self._build_tab(name)  # before it is shown: its first frame holds its rows
        self.query_one(Tabbed).active = name

    def action_brief(self) -> None:
        self.palata.open_briefing(self.company_id, replace=True)  # in place: Esc goes back past both

    def current_company(self) -> int | None:
        return self.company_id

    def company_archived(self) -> bool:
        return bool(self.dossier is not None and self.dossier.company.archived_at)
