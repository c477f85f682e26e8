"""The store failing under the app, for the tests that make it fail: the kinds of failure and
the sentence each ends in, a switch that makes a models function fail until it is turned off,
and the steps those tests share (open a screen, read the sentence, try again once the store is
back)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import peewee
from textual.worker import WorkerCancelled

from models.errors import StoreError
from tests.tui.conftest import screen_text
from tui.app import PalataApp
from tui.background import StoreBanner, banner_of

FAILURES = {
    "sqlite_busy": (lambda: peewee.OperationalError("database is locked"), "занята другим пользователем"),
    "file_gone": (lambda: StoreError("gone", "file_gone", where="/srv/palata.db"), "удалён, пока Palata"),
    "pg_connection_lost": (lambda: peewee.InterfaceError("connection already closed"),
                           "Соединение с сервером базы данных потеряно"),
    "bug": (lambda: KeyError("oops"), "Внутренняя ошибка Palata (KeyError)"),
}


class Switch:
    """Makes `target.name` fail with `error()` while on; the real function once off."""

    def __init__(self, monkeypatch, target: Any, name: str, error: Callable[[], BaseException]):
        self.real = getattr(target, name)
        self.on = True
        self.calls = 0
        self.error = error

        def fake(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.on:
                raise self.error()
            return self.real(*args, **kwargs)

        monkeypatch.setattr(target, name, fake)


def make_app(path) -> PalataApp:
    return PalataApp(location=str(path), subtitle="forms.db", poll=None)


async def settle(pilot, rounds: int = 3) -> None:
    for _ in range(rounds):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:  # a newer load of the same group took over
            pass
        await pilot.pause()


async def shown_problem(pilot) -> StoreBanner:
    await settle(pilot)
    banner = banner_of(pilot.app.screen)
    assert banner is not None, screen_text(pilot.app)
    return banner


async def pushed(pilot, screen):
    """`screen` on top of the settled app, once it has settled in its turn."""
    await settle(pilot)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def retried(pilot, switch: Switch, key: str = "ctrl+r",
                  wait: Callable[[Any], Awaitable[None]] = settle) -> None:
    """The store is back: `key` (Ctrl+R, or the save's or the step's own key) tries again."""
    switch.on = False
    await pilot.press(key)
    await wait(pilot)
