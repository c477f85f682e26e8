"""The launcher's web site: the page, the websocket that drives one app process per tab, the
files an app delivers to its browser, and the upload page. Every request passes `gate` first.

Built on textual-serve's pieces (its app service, download manager, the browser script and the
fonts it ships) with our own routes and page: textual-serve's own server has no access control,
starts apps through a shell line with the launcher's environment, and its page fetches a font
from a third-party site.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.download_manager import DownloadManager

from importers.preview import WORKBOOK_SUFFIXES
from tui.i18n import keys, t
from tui.web import gate
from tui.web.session import NoAccount, Session

log = logging.getLogger("palata.web")
HERE = Path(__file__).resolve().parent
SERVE_STATIC = Path(textual_serve.__file__).resolve().parent / "static"
UPLOAD_LIMIT = 50 * 1024 * 1024  # a member list is a few MB; the import refuses bombs on its own
WORKBOOKS = tuple(WORKBOOK_SUFFIXES)
# Nothing from another site; the terminal script draws with inline styles.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


@dataclass(frozen=True)
class Settings:
    location: str
    state: Path
    secret: str
    header: str
    runs_as: str
    lang: str | None
    max_sessions: int
    max_per_user: int


class Site:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.limits = gate.Limits(settings.max_sessions, settings.max_per_user)
        self.downloads = DownloadManager()
        self.sessions: dict[str, Session] = {}
        self.pages = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                        autoescape=True)

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard], client_max_size=UPLOAD_LIMIT + 64 * 1024)
        app.add_routes([
            web.get("/", self.index),
            web.get("/ws", self.websocket),
            web.get("/download/{key}", self.download),
            web.get("/upload", self.upload_page),
            web.post("/upload", self.upload),
            web.static("/static", SERVE_STATIC),
            web.static("/assets", HERE / "assets"),
        ])
        return app

    # -- the gate -------------------------------------------------------------------------------
    @web.middleware
    async def guard(self, request: web.Request, handler):
        """Only the proxy's requests with an authenticated login get anywhere (static files too:
        nothing of the site shows to somebody who did not come through the proxy)."""
        try:
            gate.check_secret(request.headers, self.settings.secret)
            request["login"] = gate.login_of(request.headers, self.settings.header)
            response = await handler(request)
        except gate.Refused as refused:
            log.warning("refused %s %s: %s", request.method, request.path, refused.reason)
            return self.refusal(refused)
        if isinstance(response, web.StreamResponse) and not response.prepared:
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            # "no-referrer" would make a form's Origin null, and the upload needs it
            response.headers.setdefault("Referrer-Policy", "same-origin")
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    def refusal(self, refused: gate.Refused) -> web.Response:
        text = t(keys.WEB_REFUSED[refused.reason], **refused.values)
        return web.Response(status=refused.status, text=text + "\n", content_type="text/plain",
                            headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store"})

    def render(self, name: str, **values) -> web.Response:
        page = self.pages.get_template(name).render(t=t, **values)
        return web.Response(text=page, content_type="text/html")

    # -- the page and the websocket ------------------------------------------------------------
    async def index(self, request: web.Request) -> web.Response:
        self.limits.check(request["login"])  # over a limit: say so now, not after a blank page
        font_size = request.query.get("fontsize", "16")
        return self.render("index.html", login=request["login"],
                           font_size=font_size if font_size.isdigit() else "16")

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        gate.check_origin(request.headers)
        login = request["login"]
        self.limits.enter(login)
        try:
            return await self._serve(request, login)
        finally:
            self.limits.leave(login)

    async def _serve(self, request: web.Request, login: str) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
        await socket.prepare(request)
        session = Session(login=login, location=self.settings.location, state=self.settings.state,
                          runs_as=self.settings.runs_as, lang=self.settings.lang,
                          write_bytes=socket.send_bytes, write_str=socket.send_str, close=socket.close,
                          download_manager=self.downloads)
        try:
            await session.start(_size(request, "width", 80), _size(request, "height", 24))
        except NoAccount:
            await socket.send_bytes(t("web.refused.no_account", login=login).encode() + b"\r\n")
            await socket.close()
            return socket
        self.sessions[session.app_service_id] = session
        log.info("session %s for %s: process %s", session.app_service_id, login, session.pid)
        try:
            await _relay(socket, session)
        finally:
            self.sessions.pop(session.app_service_id, None)
            await session.stop()
            log.info("session %s for %s ended", session.app_service_id, login)
        return socket

    # -- files -------------------------------------------------------------------------------
    async def download(self, request: web.Request) -> web.StreamResponse:
        """A file the login's own app delivered; a key of somebody else's session is not found."""
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound() from None
        if getattr(meta.app_service, "login", None) != request["login"]:
            raise web.HTTPNotFound()
        response = web.StreamResponse()
        response.content_type = meta.mime_type
        if meta.encoding:
            response.charset = meta.encoding
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = _disposition(disposition, meta.file_name)
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def upload_page(self, request: web.Request, said: str = "", error: bool = False,
                          status: int = 200) -> web.Response:
        response = self.render("upload.html", login=request["login"], said=said, error=error,
                               limit=UPLOAD_LIMIT // (1024 * 1024), suffixes=", ".join(WORKBOOKS))
        response.set_status(status)
        return response

    async def upload(self, request: web.Request) -> web.Response:
        """A member list from the login's PC into their own folder, checked as the import checks a
        workbook (kind by its bytes, size, archive bombs); the import wizard offers it next."""
        from tui.web.upload import UploadRefused, receive

        gate.check_origin(request.headers)
        try:
            saved = await receive(request, self.settings, request["login"], UPLOAD_LIMIT, WORKBOOKS)
        except UploadRefused as refused:
            return await self.upload_page(request, refused.sentence, error=True, status=refused.status)
        return await self.upload_page(request, t("web.upload.done", name=saved.name))


def _disposition(kind: str, name: str) -> str:
    from urllib.parse import quote

    plain = re.sub(r'[^A-Za-z0-9._-]', "_", name)
    return f"{kind}; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"


def _size(request: web.Request, name: str, default: int) -> int:
    value = request.query.get(name, "")
    return min(max(int(value), 10), 500) if value.isdigit() else default


async def _relay(socket: web.WebSocketResponse, session: Session) -> None:
    """What the browser sends, to the app: keys and paste, size, focus; nothing else is obeyed."""
    async for message in socket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            kind, data = json.loads(message.data)
        except (ValueError, TypeError):
            continue
        if kind == "stdin" and isinstance(data, str):
            await session.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            width, height = data.get("width"), data.get("height")
            if isinstance(width, int) and isinstance(height, int):
                await session.set_terminal_size(min(max(width, 10), 500), min(max(height, 5), 300))
        elif kind == "ping":
            await socket.send_json(["pong", data])
        elif kind == "blur":
            await session.blur()
        elif kind == "focus":
            await session.focus()


def run(settings: Settings, host: str, port: int) -> None:
    """Serve until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    site = Site(settings)
    web.run_app(site.make_app(), host=host, port=port, print=None, access_log=None,
                shutdown_timeout=5)

