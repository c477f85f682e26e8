"""Python's full garbage collection, run while the person reads a screen rather than while one opens.

A full collection walks every object the app holds: 60–120 ms of a core once a few screens have
been opened. Python starts one after every ten collections of the middle generation (some 70,000
new objects), which is about once per form opened and closed, so one opening in three or four
paid for it and the slowest openings were these. So the app collects early, in the moments the
person reads (the process has hardly used the processor for some tenths of a second), once a
few middle-generation collections have passed: the next screen then opens with Python's own count
started afresh and far from its threshold. What survives such a collection is then frozen
(`gc.freeze`): Python's own full collections, which still come when the app never rests, walk only
what was made since (a form's worth) instead of every object, and the next quiet collection thaws
and walks everything again, so nothing that dies meanwhile is kept for good. The app thaws it all
as it closes.
"""

from __future__ import annotations

import gc
import time
from typing import Any

from textual.app import App

TICK = 0.2  # how often the app looks whether to collect
QUIET_TICKS = 2  # ticks in a row the app was quiet: the person is reading, not waiting
QUIET_SHARE = 0.1  # the app used less than this share of a core over a tick: quiet
EARLY = 3  # middle-generation collections since the last full one (Python collects after 10)


class QuietCollector:
    """Started on a running app (`start`), stopped as it closes (`stop`)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.cpu = time.process_time()
        self.quiet_ticks = 0

    def start(self) -> None:
        self.app.set_interval(TICK, self.tick, name="quiet-gc")

    def stop(self) -> None:
        gc.unfreeze()  # back to Python's own collections (another app may run in this process)

    def collect(self) -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def tick(self) -> None:
        # the process's processor time says whether a screen is being built, a table filled or a
        # file read: a screen's own timers (a cursor's blink) cost next to nothing
        cpu, self.cpu = self.cpu, time.process_time()
        self.quiet_ticks = self.quiet_ticks + 1 if self.cpu - cpu < QUIET_SHARE * TICK else 0
        if self.quiet_ticks >= QUIET_TICKS and gc.get_count()[2] >= EARLY:
            self.collect()
            self.cpu = time.process_time()  # the collection is not the person's work
