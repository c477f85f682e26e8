"""`palata web` under a browser: page to table, and the memory of the app processes it starts.

    python bench/web_bench.py [--sessions 10] [--db FILE]

Starts the real launcher on a copy of the sample register (or FILE), opens tabs in headless
chromium (Debian's, driven by Playwright) one after another, each signed in as its own login, and
times each from the page's request to the companies table drawn (its header read from the
websocket's frames). Memory is read from /proc for every app process the launcher started:
RSS (what `ps` shows) and PSS (shared library pages divided among the processes that share them,
which is what N sessions really cost together). Figures are printed, never asserted.

The same page-to-table time is taken with stock textual-serve serving the same command (no gate,
a shell line, the launcher's environment) on the same register, as the least work that does the
same: their ratio is what the gate, the clean start and the hand-over cost, whatever the load of
the machine does to both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.tui.web.launcher import Launcher, Tab  # noqa: E402


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in kB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    return fields.get("Rss", 0), fields.get("Pss", 0)


def _stock(db: Path, tabs: int, browser) -> list[float]:
    """Page to table under stock textual-serve for `tabs` tabs opened one after another."""
    import subprocess

    from tests.tui.web.launcher import ANSI, free_port

    port = free_port()
    command = f"{sys.executable} -m tui.cli --db {db}"
    server = subprocess.Popen(
        [sys.executable, "-c", "import sys; from textual_serve.server import Server; "
         "Server(sys.argv[1], host='127.0.0.1', port=int(sys.argv[2])).serve()", command, str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    try:
        for _ in range(200):
            try:
                import urllib.request

                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        for _ in range(tabs):
            context = browser.new_context(viewport={"width": 1280, "height": 720})
            page = context.new_page()
            frames: list[bytes] = []
            page.on("websocket", lambda ws, frames=frames: ws.on(
                "framereceived", lambda f: frames.append(f if isinstance(f, bytes) else f.encode())))
            started = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/")
            while "ИНН" not in ANSI.sub("", b"".join(frames).decode("utf-8", "replace")):
                page.wait_for_timeout(25)
            times.append(time.perf_counter() - started)
            context.close()
    finally:
        server.terminate()
        server.wait()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    work = Path(tempfile.mkdtemp(prefix="palata-web-bench-"))
    db = work / "palata.db"
    if args.db:
        shutil.copy(args.db, db)
    else:
        import subprocess

        subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(db), "demo"], cwd=ROOT, check=True,
                       capture_output=True)
    launcher = Launcher(str(db), work / "state", "--max-sessions", str(args.sessions),
                        "--max-per-user", "1")
    launcher_rss = _memory(launcher.process.pid)[0]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            tabs, times, each = [], [], []
            for i in range(args.sessions):
                tab = Tab(browser, launcher, f"staff{i}")
                started = time.perf_counter()
                tab.open()
                tab.wait_for("ИНН")
                times.append(time.perf_counter() - started)
                tab.settle()
                tabs.append(tab)
                if i == 0:
                    each = [_memory(pid) for pid in launcher.session_pids()]
            pids = launcher.session_pids()
            memory = [_memory(pid) for pid in pids]
            total_rss = sum(m[0] for m in memory)
            total_pss = sum(m[1] for m in memory)
            launcher_after = _memory(launcher.process.pid)[0]
            for tab in tabs:
                tab.close()
            launcher.stop()
            stock = _stock(db, min(args.sessions, 5), browser)
            browser.close()
    finally:
        launcher.stop()
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()
    print(f"load average while measuring: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
          f"on {os.cpu_count()} cores")
    print(f"page to table, first tab: {times[0]:.2f} s; over {len(times)} tabs opened one after another: "
          f"median {statistics.median(times):.2f} s, max {max(times):.2f} s")
    ours, theirs = statistics.median(times[:len(stock)]), statistics.median(stock)
    print(f"stock textual-serve, same register, {len(stock)} tabs: median {theirs:.2f} s; "
          f"palata web / stock: {ours / theirs:.2f}")
    print(f"one session alone: RSS {each[0][0] / 1024:.0f} MB, PSS {each[0][1] / 1024:.0f} MB")
    n = len(pids)
    print(f"{n} sessions: RSS {total_rss / 1024:.0f} MB in all ({total_rss / 1024 / n:.0f} MB each), "
          f"PSS {total_pss / 1024:.0f} MB in all ({total_pss / 1024 / n:.0f} MB each)")
    print(f"the launcher: RSS {launcher_rss / 1024:.0f} MB at start, {launcher_after / 1024:.0f} MB with "
          f"{len(pids)} sessions")


if __name__ == "__main__":
    main()
