"""One mission as the story it was: overview, participants, meetings day by day, agreements,
follow-ups and the interests it brought."""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from models import missions_queries
from models.missions_queries import MissionStory
from tui import format as fmt
from tui.background import store_work
from tui.briefing_text import mission_markdown
from tui.i18n import keys, t
from tui.safe import cell
from tui.screens.base import MISSION_EDITS, Command, PalataScreen, tab_commands
from tui.widgets.fast_table import FastTable
from tui.widgets.fit import Fit, column_widths
from tui.widgets.footer import PalataFooter
from tui.widgets.fresh import FreshScreen
from tui.widgets.localised import localise_bindings
from tui.widgets.markdown_text import MarkdownText
from tui.widgets.tables import rich_table, row_id
from tui.widgets.tabs import Pane, Tabbed

_PARTICIPANT_TITLES = {"name": "col.name", "place": "col.place", "role": "field.role",
                       "outcome": "col.outcome"}
TABS = ("story", "participants", "meetings", "agreements", "followups", "interests")


def followups_table(s: MissionStory):
    """The mission's follow-ups as follow-ups: the open ones first, soonest due first (an overdue
    one marked), then the done ones, marked done."""
    from models import store

    today = store.now().date()

    def state(f) -> str:
        if f.done:
            return t("followup.done")
        return t("followup.overdue") if f.due_on < today else t("followup.open")

    return rich_table(
        [(t("col.due"), {"no_wrap": True}), (t("col.name"), {"ratio": 3}),
         (t("col.text"), {"ratio": 5}), (t("col.author"), {"no_wrap": True}),
         (t("col.state"), {"no_wrap": True})],
        [(fmt.day(f.due_on), f.company, f"{fmt.activity_kind(f.kind)}: {f.text}",
          Text(f.author or "", no_wrap=True), state(f))
         for f in (*s.open_followups, *s.done_followups)])


class MissionScreen(FreshScreen, PalataScreen[None]):
    EDITS = MISSION_EDITS | {"new_meeting", "new_agreement", "participants"}
    RECORD = "mission"
    BINDINGS = [
        Binding("escape", "app.back", "key.back"),
        *(Binding(str(n), f"tab('{name}')", f"mtab.{name}", show=False)
          for n, name in enumerate(TABS, start=1)),
    ]

    def __init__(self, mission_id: int, tab: str = "story") -> None:
        super().__init__()
        localise_bindings(self)
        self.mission_id = mission_id
        self.initial_tab = tab
        self.story: MissionStory | None = None

    def clone(self) -> MissionScreen:
        try:
            tab = self.query_one(Tabbed).active or self.initial_tab
        except Exception:  # not composed yet
            tab = self.initial_tab
        return MissionScreen(self.mission_id, tab)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="mission-title", classes="screen-title")
        # numbered: 1–6 switch them
        with Tabbed({name: t(keys.MISSION_TAB[name]) for name in TABS}, self.initial_tab, id="mission-tabs"):
            with Pane(id="story"), VerticalScroll(classes="tab-body"):
                yield MarkdownText(id="mission-story")
            with Pane(id="participants"):
                yield FastTable(id="participants-table", cursor_type="row", zebra_stripes=True)
            for name in TABS[2:]:
                with Pane(id=name), VerticalScroll(classes="tab-body"):
                    yield Static("", id=f"mbody-{name}", classes="tab-text")
        yield PalataFooter()

    def on_mount(self) -> None:
        table = self.query_one("#participants-table", DataTable)
        # the company's name first, then what came of it; role and place stay readable
        widths = column_widths(self.app.size.width, {
            "name": Fit(22, 60, 5), "place": Fit(10, 24, 1), "role": Fit(11, 24, 1),
            "outcome": Fit(16, 200, 4)})
        for key, w in widths.items():
            table.add_column(t(_PARTICIPANT_TITLES[key]), key=key, width=w)
        if self.initial_tab == "story":
            self.query_one("#story VerticalScroll").focus()  # ↓ and PageDown scroll it at once
        self.load()

    @store_work("mission")
    def load(self) -> None:
        story = missions_queries.mission_story(self.mission_id)
        self.app.call_from_thread(self._show, story)

    def _show(self, s: MissionStory | None) -> None:
        self.story = s
        title = self.query_one("#mission-title", Static)
        if s is None:
            title.update(t("mission.missing"))
            return
        m = s.mission
        line = Text(m.title, style="bold")
        line.append("  " + fmt.joined(
            fmt.period(m.starts_on, m.ends_on), m.place,
            t("mission.partners_from", country=m.partner_country) if m.partner_country else None, sep=" · "))
        title.update(line)
        self.query_one("#mission-story", MarkdownText).show(mission_markdown(s))
        table = self.query_one("#participants-table", DataTable)
        table.clear()
        for p in s.participants:
            place = fmt.joined(p.city, p.country if p.country != "Россия" else None)
            table.add_row(cell(p.name), cell(place), cell(fmt.role(p.role)), cell(p.outcome),
                          key=str(p.company_id))
        self.query_one("#mbody-meetings", Static).update(rich_table(
            [(t("col.date"), {"no_wrap": True}), (t("col.parties"), {"ratio": 3}),
             (t("col.subject"), {"ratio": 4}), (t("col.outcome"), {"ratio": 4})],
            [(fmt.day(g.held_on), "; ".join(g.parties), g.subject, g.outcome) for g in s.meetings]))
        self.query_one("#mbody-agreements", Static).update(rich_table(
            [(t("col.date"), {"no_wrap": True}), (t("col.kind"), {"ratio": 2}),
             (t("col.subject"), {"ratio": 4}), (t("col.parties"), {"ratio": 3}),
             (t("col.status"), {"ratio": 2})],
            [(fmt.day(a.signed_on), fmt.agreement_kind(a.kind), a.subject, "; ".join(a.parties),
              fmt.agreement_status(a.status)) for a in s.agreements]))
        self.query_one("#mbody-followups", Static).update(followups_table(s))
        self.query_one("#mbody-interests", Static).update(rich_table(
            [(t("col.name"), {"ratio": 3}), (t("col.direction"), {"ratio": 2}),
             (t("col.subject"), {"ratio": 5}), (t("col.status"), {"ratio": 2})],
            [(i.company, fmt.direction(i.direction), i.subject, fmt.interest_status(i.status))
             for i in s.interests]))

    def data_changed(self) -> None:
        self.load()

    def current_mission(self) -> int | None:
        return self.mission_id

    def followups_mission(self) -> int | None:
        return self.mission_id

    def palette_commands(self) -> Iterator[Command]:
        yield from tab_commands(self.action_tab, TABS, keys.MISSION_TAB)

    def action_tab(self, name: str) -> None:
        self.query_one(Tabbed).active = name

    @on(DataTable.RowSelected, "#participants-table")
    def open_participant(self, event: DataTable.RowSelected) -> None:
        self.palata.open_dossier(row_id(event.row_key))
