"""Python's full garbage collection, run while the person reads a screen rather than while one opens.

A full collection walks every object the app holds: 60–120 ms of a core once a few screens have
been opened. Python starts one after every ten collections of the middle generation (some 70,000
new objects), which is about once per form opened, so one opening in three or four paid for it
and the slowest openings were these. While the app runs, the app takes the oldest generation's
schedule over: it collects when a collection is due and the screen on top has been left alone
for a moment (the person reading it: the process hardly used the processor for some tenths of
a second), and at the latest when one is long overdue. The younger generations keep Python's own
schedule; the thresholds are put back when the app closes.
"""

from __future__ import annotations

import gc
import time
from typing import Any

from textual.app import App

TICK = 0.2  # how often the app looks whether to collect
QUIET_TICKS = 2  # ticks in a row the app was quiet: the person is reading, not waiting
QUIET_SHARE = 0.1  # the app used less than this share of a core over a tick: quiet
DUE = 10  # middle-generation collections since the last full one: Python would collect now
OVERDUE = 20  # collect even if the app never rests (the garbage must not grow without end)
OUT_OF_REACH = 1_000_000  # the oldest generation's threshold while the app decides


class QuietCollector:
    """Installed on a running app (`start`), taken away as it closes (`stop`)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.saved: tuple[int, ...] | None = None
        self.cpu = time.process_time()
        self.quiet_ticks = 0

    def start(self) -> None:
        if self.saved is not None:
            return
        self.saved = gc.get_threshold()
        young, middle = self.saved[0], self.saved[1] if len(self.saved) > 1 else 10
        gc.set_threshold(young, middle, OUT_OF_REACH)
        self.app.set_interval(TICK, self.tick, name="quiet-gc")

    def stop(self) -> None:
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None

    def tick(self) -> None:
        # the process's processor time says whether a screen is being built, a table filled or a
        # file read: a screen's own timers (a cursor's blink) cost next to nothing
        cpu, self.cpu = self.cpu, time.process_time()
        self.quiet_ticks = self.quiet_ticks + 1 if self.cpu - cpu < QUIET_SHARE * TICK else 0
        pending = gc.get_count()[2]
        if (pending >= DUE and self.quiet_ticks >= QUIET_TICKS) or pending >= OVERDUE:
            gc.collect()
            self.cpu = time.process_time()  # the collection is not the person's work
