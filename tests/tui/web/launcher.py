"""The real `palata web` in a subprocess, and a browser tab on it whose terminal text is read from
the websocket's frames (the page draws the terminal on a canvas)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyte

from tests.conftest import REPO

PORTS = range(18400, 18500)  # the range these tests may use
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[=>78]")


def free_port() -> int:
    """A free port of the range; each xdist worker starts at its own place in it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    start = int(worker[2:] or 0) * 37 % len(PORTS) if worker.startswith("gw") else 0
    for offset in range(len(PORTS)):
        port = PORTS[(start + offset) % len(PORTS)]
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18400-18499")


class Launcher:
    """`palata web` started on a free port with its own state folder; `headers(login)` are what
    the reverse proxy would add."""

    def __init__(self, location: str, state: Path, *args: str, header: str = "X-Remote-User",
                 python: str = sys.executable, env: dict[str, str] | None = None):
        self.location = location
        self.state = state
        self.header = header
        env = {**os.environ, "PALATA_LANG": "ru", "NO_COLOR": "1", **(env or {})}
        env.pop("PALATA_DB", None)
        for _ in range(5):  # a port taken meanwhile by another test process: another one
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            self.log = state.parent / f"web-{self.port}.log"
            with self.log.open("wb") as out:
                self.process = subprocess.Popen(
                    [python, "-m", "tui.cli", "--db", location, "web", "--port", str(self.port),
                     "--state-dir", str(state), "--runs-as", "launcher", *args],
                    cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
            if self._listening():
                return
        raise RuntimeError(f"palata web did not start: {self.log.read_text()}")

    def _listening(self, timeout: float = 30) -> bool:
        """Whether this launcher answers on its port (its own secret, no login: 401); False
        when it ended because the port was taken."""
        import urllib.error
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if "Не удалось открыть порт" in self.log.read_text():
                    return False
                raise RuntimeError(f"palata web ended: {self.log.read_text()}")
            secret_file = self.state / "proxy-secret"
            if secret_file.exists():
                self.secret = secret_file.read_text().strip()
                request = urllib.request.Request(self.url + "/", headers=self.headers(None))
                try:
                    urllib.request.urlopen(request, timeout=2)
                except urllib.error.HTTPError as answer:
                    if answer.code == 401:
                        return True
                except OSError:  # not listening yet
                    pass
            time.sleep(0.05)
        raise RuntimeError(f"palata web did not listen: {self.log.read_text()}")

    def headers(self, login: str | None) -> dict[str, str]:
        headers = {"X-Palata-Proxy-Secret": self.secret}
        if login is not None:
            headers[self.header] = login
        return headers

    def session_pids(self) -> list[int]:
        """The app processes the launcher started (its children)."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    found.append(int(entry.name))
        return found

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Tab:
    """A browser tab on the launcher, signed in as `login`, with the terminal's text: as the
    stream of what was drawn, and as the screen that stream makes (`lines`)."""

    def __init__(self, browser, launcher: Launcher, login: str, width: int = 1280, height: int = 720):
        self.context = browser.new_context(extra_http_headers=launcher.headers(login),
                                           viewport={"width": width, "height": height},
                                           accept_downloads=True)
        self.page = self.context.new_page()
        self.frames: list[bytes] = []
        self.page.on("websocket", self._socket)
        self.launcher = launcher
        self.closed = False
        self._screen = pyte.Screen(400, 120)  # at least the page's terminal: rows are placed absolutely
        self._stream = pyte.ByteStream(self._screen)
        self._fed = 0

    def _socket(self, ws) -> None:
        ws.on("framereceived", lambda payload: self.frames.append(
            payload if isinstance(payload, bytes) else payload.encode()))

    def open(self, path: str = "/"):
        return self.page.goto(self.launcher.url + path)

    def text(self, since: int = 0) -> str:
        return ANSI.sub("", b"".join(self.frames[since:]).decode("utf-8", "replace"))

    def mark(self) -> int:
        return len(self.frames)

    def _seconds_until(self, done: Callable[[], bool], timeout: float) -> float | None:
        """Seconds until `done()` held, looked at every 25 ms; None after `timeout`."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if done():
                return time.perf_counter() - started
            self.page.wait_for_timeout(25)
        return None

    def wait_for(self, wanted: str, since: int = 0, timeout: float = 30) -> float:
        """Seconds until `wanted` was drawn (after frame `since`); AssertionError after `timeout`."""
        seconds = self._seconds_until(lambda: wanted in self.text(since), timeout)
        if seconds is None:
            last = self.text(since)[-600:]
            raise AssertionError(f"{wanted!r} was not drawn in {timeout} s; last: {last!r}")
        return seconds

    def lines(self) -> list[str]:
        """The terminal's rows as they stand now."""
        for frame in self.frames[self._fed:]:
            self._stream.feed(frame)
        self._fed = len(self.frames)
        return self._screen.display

    def wait_until(self, shown: Callable[[list[str]], bool], what: str, timeout: float = 30) -> None:
        """Until the screen's rows satisfy `shown`; AssertionError naming `what` after `timeout`."""
        if self._seconds_until(lambda: shown(self.lines()), timeout) is None:
            screen = "\n".join(line.rstrip() for line in self.lines() if line.strip())
            raise AssertionError(f"not shown in {timeout} s: {what}; the screen:\n{screen}")

    def settle(self, quiet: float = 0.4, timeout: float = 15) -> None:
        """Until the app has drawn nothing new for `quiet` seconds: a form has taken its focus
        (and selected its first field) before keys are sent to it."""
        started = time.perf_counter()
        count, since = len(self.frames), time.perf_counter()
        while time.perf_counter() - started < timeout:
            self.page.wait_for_timeout(50)
            if len(self.frames) != count:
                count, since = len(self.frames), time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                return
        raise AssertionError("the app kept drawing")

    def keys(self, *keys: str) -> None:
        self.page.focus(".xterm-helper-textarea")
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.focus(".xterm-helper-textarea")
        self.page.keyboard.type(text)

    def paste(self, text: str) -> None:
        """`text` pasted: one clipboard event that the terminal sends as one bracketed paste.

        Not `keyboard.insert_text`: the terminal drops such input while it still counts the
        last printable key (the `e` that opened a form) as handled by its keypress."""
        self.page.evaluate("""text => {
            const area = document.querySelector('.xterm-helper-textarea');
            const data = new DataTransfer();
            data.setData('text/plain', text);
            area.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                            cancelable: true}));
        }""", text)

    def close(self) -> None:
        if not self.closed:
            self.context.close()
            self.closed = True
