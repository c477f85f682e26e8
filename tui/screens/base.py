"""What every full screen of Palata offers the app, declared once, so that neither side probes the
other: the app and the editing keys ask these methods, the screens override what applies to them.

- `clone()` — the screen rebuilt as it stands (same record, tab, search) in the current language:
  F3 rebuilds the section's screens from their clones, so every screen must have one (abstract).
- `data_changed()` — reload what it shows. The app publishes "the data changed" on its
  `data_signal` (a Textual `Signal`); the screen on top reloads at once, the others remember
  and reload when they come back to the top.
- `current_company()` / `current_mission()` — the record shown or under the cursor, if any;
  `companies_view()` — the search and filters of the companies listed, which Ctrl+O exports.
- `EDITS` and `RECORD` — the editing keys this screen owns (their bindings stay on the app, so the
  footer keeps one order everywhere; the screen says which of them act here) and what Ctrl+N and
  `e` make here. `followups_mission()` — whose follow-ups Ctrl+G lists.
- `palette_commands()` — the screen's own entries in the command palette.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, ClassVar, Literal, TypeVar, cast

from textual import events, on
from textual.screen import Screen

from tui.i18n import t

if TYPE_CHECKING:
    from models.browse import CompanyFilter
    from tui.app import PalataApp

ResultType = TypeVar("ResultType")

# the editing actions (tui/forms/actions.EDIT_BINDINGS) a screen showing companies owns, and one
# showing missions; the dossier and a mission add their own
COMPANY_EDITS = frozenset({"new_record", "edit_record", "contacts", "company_interests", "activities",
                           "history"})
MISSION_EDITS = frozenset({"new_record", "edit_record"})
Command = tuple[str, str, Callable[[], object]]


def tab_commands(action: Callable[[str], object], tabs: Iterable[str],
                 words: Mapping[str, str]) -> Iterator[Command]:
    """Palette entries for a screen's numbered tabs, titled by their keys in `words`
    (`tui.i18n.keys`)."""
    for name in tabs:
        yield t("cmd.tab", tab=t(words[name])), t("cmd.tab.help"), partial(action, name)


class PalataScreen(Screen[ResultType]):
    # the actions of tui/forms/actions.EDIT_BINDINGS that act on this screen
    EDITS: ClassVar[frozenset[str]] = frozenset()
    # what Ctrl+N makes and `e` edits here
    RECORD: ClassVar[Literal["company", "mission"]] = "company"

    _stale = False  # the data changed while another screen was on top

    async def _on_resize(self, event: events.Resize) -> None:
        """A screen's first layout posts the screen a Resize for the size it has just been laid
        out at, and Textual lays it out and paints it again for it, and every screen below it too:
        a third of the work of opening a screen. That echo is skipped; a Resize for a new size
        (the terminal resized) goes on to Textual's own handler (`Screen._on_resize`)."""
        if event.size == self.outer_size:  # the size its last layout gave it (`size` is the app's)
            event.prevent_default()  # not Screen's handler; a subclass's on_resize has run already

    @property
    def palata(self) -> PalataApp:
        """The app, with its own navigation (open_dossier, open_mission…)."""
        return cast("PalataApp", self.app)

    def clone(self) -> PalataScreen[ResultType]:
        raise NotImplementedError(f"{type(self).__name__} has no clone(): F3 could not rebuild it")

    def data_changed(self) -> None:
        """Reload what the screen shows (a screen that shows nothing from the store keeps it)."""

    def current_company(self) -> int | None:
        return None

    def current_mission(self) -> int | None:
        return None

    def company_archived(self) -> bool:
        """Whether the company shown is archived, as last loaded (the palette asks the store
        nothing: it is built on the UI thread). False where no single company is shown."""
        return False

    def companies_view(self) -> tuple[str, CompanyFilter] | None:
        """The search text and filters of the companies listed here, which Ctrl+O exports."""
        return None

    def followups_mission(self) -> int | None:
        """The mission whose follow-ups Ctrl+G lists from here; None: the user's own."""
        return None

    def palette_commands(self) -> Iterator[Command]:
        yield from ()

    # -- "the data changed" ---------------------------------------------------------------------
    @on(events.Mount)
    def _listen_for_changes(self) -> None:
        self.palata.data_signal.subscribe(self, self._on_data_signal, immediate=True)

    @on(events.Unmount)
    def _stop_listening(self) -> None:
        # the signal keeps its subscribers' callbacks (bound to them) until its next publication:
        # without this every screen closed — a dossier, its widgets and what they had painted —
        # stayed in memory until the data next changed
        self.palata.data_signal.unsubscribe(self)

    def _on_data_signal(self, _version: object) -> None:
        if self.is_active:
            self._stale = False
            self.data_changed()
        else:
            self._stale = True

    @on(events.ScreenResume)
    def _reload_if_stale(self) -> None:
        if self._stale:
            self._stale = False
            self.data_changed()
