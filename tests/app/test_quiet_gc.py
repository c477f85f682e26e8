"""The app runs Python's full garbage collection while the screen is left alone, and gives Python
its own schedule back when it closes."""

from __future__ import annotations

import asyncio
import gc
import time
import weakref

from tests.app.conftest import make_app, settle
from tui import quiet_gc


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the garbage collector frees it


def test_garbage_is_collected_while_the_screen_is_left_alone_and_the_schedule_is_given_back(app_db):
    before = gc.get_threshold()

    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert gc.get_threshold()[2] == quiet_gc.OUT_OF_REACH  # the app keeps the schedule
            cycle = _Node()
            gone = weakref.ref(cycle)
            gc.collect()  # it survives into the oldest generation: only a full collection frees it
            del cycle
            kept = [(i,) for i in range(120_000)]  # enough new objects for a full collection to be due
            del kept
            assert gc.get_count()[2] >= quiet_gc.DUE and gone() is not None
            deadline = time.monotonic() + 10
            while gone() is not None and time.monotonic() < deadline:
                await asyncio.sleep(0.05)  # the screen left alone
            assert gone() is None

    asyncio.run(scenario())
    assert gc.get_threshold() == before
