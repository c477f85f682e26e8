"""Work on the store off the UI thread, in one way for every screen: a busy, slow or lost store
never freezes the screen and never takes the app down.

- `@store_work("group")` runs a screen's loader on a thread with its own connection (exclusive
  in its group: a newer load replaces an older one). The loader shows what it read with
  `self.app.call_from_thread(...)` as before; if the store fails, a `StoreFailed` message goes
  to the app, which puts the sentence on the screen the loader belongs to with a retry
  (`StoreBanner`, Ctrl+R); the next load of the group that works takes it away.
- `store_call(owner, "group", call, done, failed)` runs a save (or a read an action needs) on a
  thread and hands the result, or the exception, back to the UI thread (unless the screen has
  closed meanwhile): the form keeps what was typed and says why.
- `store_sentence(exc)` is the one sentence, in the interface language, for any failure.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Static
from textual.worker import Worker, get_current_worker

from models.db import connected, is_store_failure
from tui.i18n import t
from tui.sentences import store_sentence


class StoreFailed(Message):
    """A loader of `screen` failed; `retry` runs it again (None: retrying cannot help)."""

    def __init__(self, screen: Screen, group: str, sentence: str, retry: Callable[[], Any] | None) -> None:
        super().__init__()
        self.origin = screen
        self.group = group
        self.sentence = sentence
        self.retry = retry


class StoreRecovered(Message):
    """A loader of `screen` in `group` worked: a problem it had shown is over."""

    def __init__(self, screen: Screen, group: str) -> None:
        super().__init__()
        self.origin = screen
        self.group = group


def _post(owner: Widget, message: Message) -> None:
    try:
        owner.app.post_message(message)
    except Exception:  # noqa: BLE001 — the app is closing: nobody is left to tell
        pass


def report_failure(owner: Widget, group: str, exc: BaseException,
                   retry: Callable[[], Any] | None = None) -> None:
    """Put the sentence for `exc` on `owner`'s screen (from any thread)."""
    _post(owner, StoreFailed(owner.screen, group, store_sentence(exc), retry))


def store_work(group: str) -> Callable[[Callable[..., Any]], Callable[..., Worker]]:
    """Decorate a loader method of a screen or widget: see the module's docstring."""

    def decorate(method: Callable[..., Any]) -> Callable[..., Worker]:
        @functools.wraps(method)
        def run(owner: Widget, *args: Any, **kwargs: Any) -> None:
            try:
                with connected():
                    method(owner, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 — every failure becomes a sentence on the screen
                if get_current_worker().is_cancelled:
                    return  # a newer load of the group took over
                again = functools.partial(getattr(owner, method.__name__), *args, **kwargs)
                report_failure(owner, group, exc, again)
            else:
                _post(owner, StoreRecovered(owner.screen, group))

        return work(run, thread=True, exclusive=True, exit_on_error=False, group=group,
                    description=f"{group}: {method.__name__}")

    return decorate


def store_task(group: str) -> Callable[[Callable[..., Any]], Callable[..., Worker]]:
    """`store_work` for an async loader that does its own threading (the companies screen's
    reader keeps one connection warm)."""

    def decorate(method: Callable[..., Any]) -> Callable[..., Worker]:
        @functools.wraps(method)
        async def run(owner: Widget, *args: Any, **kwargs: Any) -> None:
            try:
                await method(owner, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001
                again = functools.partial(getattr(owner, method.__name__), *args, **kwargs)
                report_failure(owner, group, exc, again)
            else:
                _post(owner, StoreRecovered(owner.screen, group))

        return work(run, exclusive=True, exit_on_error=False, group=group,
                    description=f"{group}: {method.__name__}")

    return decorate


def await_from_thread(owner: Widget, coroutine_function: Callable[..., Awaitable[None]], *args: Any) -> None:
    """`app.call_from_thread` for a coroutine function: run it on the UI thread and wait for it.
    (Textual's signature takes one, but mypy cannot solve its `T | Awaitable[T]` for it.)"""
    owner.app.call_from_thread(cast(Callable[..., None], coroutine_function), *args)


def store_call(owner: Widget, group: str, call: Callable[[], Any], done: Callable[[Any], object],
               failed: Callable[[BaseException], object] | None = None) -> Worker:
    """Run `call` (a save, or a read an action needs) on a thread; then `done(result)` or
    `failed(exc)` on the UI thread (by default: the sentence on `owner`'s screen). The screen
    stays live while the store makes the save wait."""
    if failed is None:
        def failed(exc: BaseException) -> None:
            report_failure(owner, group, exc)

    def hand(then: Callable[[Any], object], value: Any) -> None:
        if owner.is_attached:  # else the screen it was for has closed: nobody to tell
            then(value)

    def job() -> None:
        app = owner.app
        then: Callable[[Any], object]
        try:
            with connected():
                result = call()
        except Exception as exc:  # noqa: BLE001 — handed to the screen, which says why
            then, value = failed, exc
        else:
            _post(owner, StoreRecovered(owner.screen, group))
            then, value = done, result
        if app.is_running:  # else the app has closed meanwhile
            app.call_from_thread(hand, then, value)

    return owner.run_worker(job, thread=True, exclusive=True, exit_on_error=False, group=group,
                            description=f"{group}: {getattr(call, '__name__', 'call')}")


class StoreBanner(Horizontal):
    """The store's problem on a screen: its sentence and a retry (the button or Ctrl+R)."""

    DEFAULT_CSS = """
    StoreBanner { height: auto; padding: 0 1; background: $error 15%; }
    StoreBanner #store-sentence { width: 1fr; color: $text-error; text-style: bold; }
    StoreBanner Button { margin: 0 0 0 1; }
    """

    def __init__(self) -> None:
        super().__init__(id="store-banner")
        self.retries: dict[str, Callable[[], Any] | None] = {}
        self.sentence = ""

    def compose(self) -> ComposeResult:
        yield Static(self.sentence, id="store-sentence")
        yield Button(f"{t('store.retry')} (Ctrl+R)", id="store-retry", compact=True, variant="warning")

    def on_mount(self) -> None:
        self._render_state()

    def show(self, group: str, sentence: str, retry: Callable[[], Any] | None) -> None:
        self.retries[group] = retry
        self.sentence = sentence
        self._render_state()

    def _render_state(self) -> None:
        if self.query("#store-retry"):  # else not composed yet: compose and on_mount show it
            self.query_one("#store-sentence", Static).update(self.sentence)
            self.query_one("#store-retry", Button).display = self.can_retry

    @property
    def can_retry(self) -> bool:
        return any(self.retries.values())

    def retry(self) -> None:
        self.query_one("#store-sentence", Static).update(t("store.retrying"))
        for again in list(self.retries.values()):
            if again is not None:
                again()

    def resolved(self, group: str) -> bool:
        """The group works again; True when nothing is left to show."""
        self.retries.pop(group, None)
        return not self.retries

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.retry()


def banner_of(screen: Screen) -> StoreBanner | None:
    found = screen.query(StoreBanner)
    return found.first() if found else None


if TYPE_CHECKING:
    from textual.app import App

    _AppMixin = App[None]  # what StoreProblems is mixed into: the type checker sees the App's names
else:
    _AppMixin = object


class StoreProblems(_AppMixin):
    """Mixed into the App: the store's problems shown on the screen they belong to."""

    def on_store_failed(self, message: StoreFailed) -> None:
        screen = message.origin
        if not screen.is_attached:
            return
        banner = banner_of(screen)
        if banner is None:
            banner = StoreBanner()
            banner.show(message.group, message.sentence, message.retry)
            footers = screen.query(Footer)
            if footers:
                screen.mount(banner, before=footers.first())
            else:  # a dialog: at the end of its box
                box = screen.children[0] if screen.children else screen
                box.mount(banner)
        else:
            banner.show(message.group, message.sentence, message.retry)
        self.refresh_bindings()

    def on_store_recovered(self, message: StoreRecovered) -> None:
        banner = banner_of(message.origin) if message.origin.is_attached else None
        if banner is not None and banner.resolved(message.group):
            banner.remove()
            self.refresh_bindings()

    def _handle_exception(self, error: Exception) -> None:
        """The last net (Textual's own hook): the screens ask the store only through this
        module, but should a read on the UI thread slip in and meet the store failing, it is one
        sentence, not the end of the app. Anything else is a bug and ends it as before."""
        if is_store_failure(error):
            self.notify(store_sentence(error), severity="error", timeout=10)
            return
        super()._handle_exception(error)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry_store":
            banner = banner_of(self.screen)
            return banner is not None and banner.can_retry
        return super().check_action(action, parameters)

    def action_retry_store(self) -> None:
        banner = banner_of(self.screen)
        if banner is not None:
            banner.retry()
