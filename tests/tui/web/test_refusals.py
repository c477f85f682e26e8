"""What `palata web` refuses, tried with a real HTTP/websocket client (aiohttp) and the browser:
no login, not through the proxy, a foreign page's websocket, over the limits of sessions; and the
launcher itself refuses to listen anywhere but on the loopback interface or with an open secret."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import pytest

from tests.conftest import run_palata
from tests.tui.web.launcher import Launcher


def _run(make_coroutine):
    """A client coroutine on a thread of its own (Playwright's sync API holds this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


def _get(url: str, headers: dict[str, str]) -> tuple[int, str]:
    async def get() -> tuple[int, str]:
        async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as response:
            return response.status, await response.text()

    return _run(get)


def _handshake(launcher: Launcher, headers: dict[str, str]) -> int:
    """The websocket handshake's status: 101 when a session was opened (it is closed at once)."""
    async def connect() -> int:
        async with aiohttp.ClientSession() as http:
            try:
                async with http.ws_connect(launcher.url + "/ws", headers=headers) as ws:
                    await ws.close()
                    return 101
            except aiohttp.WSServerHandshakeError as exc:
                return exc.status

    return _run(connect)


@pytest.fixture
def launcher(launch, sample_db):
    return launch(str(sample_db))


def test_only_the_proxys_requests_with_a_login_get_in(launcher):
    # straight to the port, as any account on the server could: no secret, no page
    status, text = _get(launcher.url + "/", {"X-Remote-User": "ivanova"})
    assert status == 403 and "через сайт палаты" in text
    status, _ = _get(launcher.url + "/", {"X-Remote-User": "ivanova", "X-Palata-Proxy-Secret": "guess" * 8})
    assert status == 403
    # through the proxy but nobody logged in
    status, text = _get(launcher.url + "/", launcher.headers(None))
    assert status == 401 and "нет имени вошедшего (X-Remote-User)" in text
    status, _ = _get(launcher.url + "/static/js/textual.js", launcher.headers(None))
    assert status == 401  # nothing of the site shows without a login
    status, _ = _get(launcher.url + "/", launcher.headers("../../etc"))
    assert status == 403
    status, text = _get(launcher.url + "/", launcher.headers("ivanova"))
    assert status == 200 and "Palata — ivanova" in text
    assert "googleapis" not in text and "https://" not in text  # nothing from another site
    assert launcher.session_pids() == []


def test_a_websocket_from_another_origin_is_refused(launcher, tabs):
    own = launcher.url
    assert _handshake(launcher, {**launcher.headers("ivanova"), "Origin": "https://evil.example"}) == 403
    assert _handshake(launcher, launcher.headers("ivanova")) == 403  # no Origin at all
    assert _handshake(launcher, {**launcher.headers("ivanova"), "Origin": own}) == 101

    # a page of another site, in the browser of a logged-in person (the proxy adds its headers)
    tab = tabs(launcher, "ivanova")
    tab.page.route("http://evil.example/", lambda route: route.fulfill(
        content_type="text/html", body="<html><body>evil</body></html>"))
    tab.page.goto("http://evil.example/")
    outcome = tab.page.evaluate("""url => new Promise(done => {
        const ws = new WebSocket(url);
        ws.onopen = () => done("open");
        ws.onclose = () => done("closed");
    })""", launcher.url.replace("http:", "ws:") + "/ws")
    assert outcome == "closed"
    assert "refused GET /ws: foreign_origin" in launcher.log.read_text()
    # the one session started was the own origin's handshake above
    assert tab.frames == [] and launcher.log.read_text().count("for ivanova: process") == 1


def test_sessions_over_the_limits_are_refused_with_a_sentence(launch, sample_db, tabs):
    launcher = launch(str(sample_db), "--max-per-user", "1", "--max-sessions", "2")
    first = tabs(launcher, "ivanova")
    first.open()
    first.wait_for("ИНН")
    again = tabs(launcher, "ivanova")
    response = again.open()
    assert response.status == 429
    assert "У вас уже открыто сеансов: 1" in again.page.inner_text("body")
    other = tabs(launcher, "petrov")
    other.open()
    other.wait_for("ИНН")
    third = tabs(launcher, "sidorov")
    response = third.open()
    assert response.status == 503
    assert "Открыто слишком много сеансов Palata (2)" in third.page.inner_text("body")
    assert len(launcher.session_pids()) == 2
    # a websocket straight past the page is refused too
    headers = {**launcher.headers("sidorov"), "Origin": launcher.url}
    assert _handshake(launcher, headers) == 503
    # a tab closed gives its place back
    first.close()
    for _ in range(600):
        if "for ivanova ended" in launcher.log.read_text():
            break
        other.page.wait_for_timeout(50)
    assert again.open().status == 200


def test_the_launcher_listens_on_the_loopback_interface_only(sample_db):
    done = run_palata("--db", str(sample_db), "web", "--host", "0.0.0.0")
    assert done.returncode == 2 and "только петлевой адрес" in done.stderr and "0.0.0.0" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_secret_others_may_read_is_refused(sample_db, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 40)
    os.chmod(secret, 0o644)
    done = run_palata("--db", str(sample_db), "web", "--secret-file", str(secret), "--state-dir",
                      str(tmp_path / "state"))
    assert done.returncode == 2 and "chmod 600" in done.stderr and "Traceback" not in done.stderr
