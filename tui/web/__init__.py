"""`palata web`: the app served to browsers behind an authenticating reverse proxy.

gate.py says who may come in (loopback only, the proxy's secret, the login header, the page's own
origin, the limits); session.py starts one app process per browser tab as that login; server.py
is the aiohttp site (page, websocket, downloads, uploads); handover.py is the app's side of the
login hand-over."""
