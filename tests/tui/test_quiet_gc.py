"""The app runs Python's full garbage collection while the screen is left alone, before Python's
own schedule would run it in the middle of opening the next screen."""

from __future__ import annotations

import asyncio
import gc
import time
import weakref

from tests.tui.conftest import make_app, settle
from tui import quiet_gc


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the garbage collector frees it


def test_old_garbage_is_collected_while_the_screen_is_left_alone(app_db):
    async def scenario():
        app = make_app(app_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            cycle = _Node()
            gone = weakref.ref(cycle)
            gc.collect()  # it survives into the oldest generation: only a full collection frees it
            del cycle
            middle = gc.get_threshold()[1] * gc.get_threshold()[0]  # new objects per middle collection
            kept = [(i,) for i in range(middle * (quiet_gc.EARLY + 1))]
            del kept
            # not yet a full collection by Python's own schedule
            assert quiet_gc.EARLY <= gc.get_count()[2] <= gc.get_threshold()[2] and gone() is not None
            deadline = time.monotonic() + 10
            while gone() is not None and time.monotonic() < deadline:
                await asyncio.sleep(0.05)  # the screen left alone
            assert gone() is None
            assert gc.get_freeze_count() > 0  # the survivors are left out of Python's own collections

    asyncio.run(scenario())
    assert gc.get_freeze_count() == 0  # thawed as the app closed: nothing is kept for good
