"""The app's responsiveness: start to first full screen, keystroke to updated table, opening a
dossier, peak memory — on the sample register and on 100,000 generated companies.

    python bench/app_bench.py [--companies 100000] [--no-sample] [--db FILE] [--repeats N]
                              [--screens-only] [--tracemalloc] [--dossier IDS] [--profile FILE]
                              [--profile-keys FILE]

Each data set is measured in a fresh process (imports included in the start time), driving the
real app headless through Textual's Pilot at 80×24. Figures are printed, never asserted.

Each word is typed a letter at a time, on an empty search line: a selective word (few matches,
ranked) and broad ones (a prefix matching most of the register). A keystroke is timed from the key
event reaching the app to the frame showing its answer: the table refilled, the count line
updated and the screen painted. (`Pilot.press` is not used for the timing: it waits until the
process has been idle for 20 ms twice, which puts a floor of ~40–100 ms under any keystroke.)
The user waits between keys until the table has settled.

Opening each screen (the edit form `e`, a new company Ctrl+N, the briefing `b`, the mission with
the most participants, the changes F10, the filters `f`, the duplicates F9, the merge of the first
pair F9 finds) is timed twice, from its key's action on: until the screen is on top with its frame
painted ("shown"), and until its loader has put its data on it and that is painted ("complete") —
a state of the screen, not a pause. --repeats openings each (15), p50/p95, with the process's CPU
time over the same spans: on a machine busy with other work the wall times say how long a person
waited, the CPU times what the opening itself cost. --screens-only times only these. Between two
openings the app is left alone for --pause seconds (0.8), as a person reads the screen closed
before pressing the next key: the app collects its garbage in such moments (tui/quiet_gc.py);
--pause 0 opens them back to back, which leaves the collections to fall inside openings.

The generated register also gets 30 missions of 40 participants with meetings, agreements and
follow-ups, and five companies entered twice (bench/generate.py `fill_missions`).

Peak memory is the child's own high-water mark (VmHWM): `ru_maxrss` survives `exec`, so in a
child started by a parent that had just generated 100,000 companies it reported the parent's
~290 MB, not the app's.

--db measures an existing file, or a PostgreSQL register (a postgresql:// URL), instead of
generating one (e.g. a register kept from a run with --keep FILE); --tracemalloc prints where the
app's Python memory is held once the screen is up (and, with --screens-only, again once the
screens have been opened).

--dossier 12338,36954 also opens these companies' dossiers (Enter on the companies table does
`open_dossier`), "shown" and "complete" as for the other screens: complete is the dossier read and
its open tab (Карточка) filled and painted. The fullest dossiers of a register are the companies
with the most meetings (bench/reads_bench.py `_sample_companies`). --profile FILE writes a cProfile
of the openings (pstats format) to FILE, --profile-keys FILE one of the keystrokes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (selective, broad...) words per data set
WORDS = {"sample": ("трубы", "о", "тру"), "generated": ("хлебмир", "строй", "о", "тру")}


def _peak_rss_mb() -> float:
    """This process's own peak resident memory (not inherited across fork/exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(db: str, words: str, trace: bool = False, repeats: int = 15, screens_only: bool = False,
            only: list[str] | None = None, pause: float = 0.8, dossiers: tuple[int, ...] = (),
            profile: str | None = None, profile_keys: str | None = None) -> dict:
    """Runs in the child process: everything from the first import on is timed."""
    started = time.perf_counter()
    import asyncio

    if trace:
        import tracemalloc

        tracemalloc.start(12)
    from textual import events

    from models.db import open_database
    from tui.app import PalataApp
    from tui.screens.companies import CompaniesScreen
    from tui.screens.dossier import DossierScreen
    from tui.widgets.company_table import CompanyTable

    open_database(db)
    result: dict = {}

    async def until(predicate, limit: float = 60.0) -> None:
        end = time.perf_counter() + limit
        while not predicate():
            if time.perf_counter() > end:
                raise TimeoutError
            await asyncio.sleep(0.0005)

    async def scenario() -> None:
        app = PalataApp(location=db, poll=None)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(lambda: isinstance(app.screen, CompaniesScreen) and app.screen.shown is not None)
            await pilot.pause()
            result["first_screen_s"] = time.perf_counter() - started
            screen = app.screen
            assert isinstance(screen, CompaniesScreen)  # waited for above
            result["total"] = screen.total
            if trace:
                _trace_report()
            result["words"] = []
            profiler = None
            if profile:
                import cProfile

                profiler = cProfile.Profile()
            if screens_only:
                result["dossier_ms"] = []
                result["opens"] = await _open_screens(app, pilot, screen, until, repeats, only,
                                                      profiler=profiler, pause=pause, dossiers=dossiers)
                if profiler is not None and profile:
                    profiler.dump_stats(profile)
                if trace:  # and once the screens have been opened (the peak is over the whole run)
                    _trace_report()
                return
            key_profiler = None
            if profile_keys:
                import cProfile

                key_profiler = cProfile.Profile()
            for word in words.split(","):
                latencies = []
                for i in range(1, len(word) + 1):
                    await pilot.pause()  # the person reads the last answer before the next key
                    if key_profiler is not None:
                        key_profiler.enable()
                    t0 = time.perf_counter()
                    key = events.Key(word[i - 1], word[i - 1])
                    key.set_sender(app)
                    assert app._driver is not None  # the app runs
                    app._driver.send_message(key)
                    typed = word[:i]
                    await until(lambda typed=typed: screen.shown is not None and screen.shown.text == typed)
                    await pilot._wait_for_screen()
                    screen._on_timer_update()  # paint the frame now rather than on the next tick
                    latencies.append(time.perf_counter() - t0)
                    if key_profiler is not None:
                        key_profiler.disable()
                result["words"].append({"word": word, "keystroke_ms": [round(x * 1000, 1) for x in latencies],
                                        "found": screen.matching,
                                        "count_line": str(screen.query_one("#count").render())})
                await pilot.press("escape")
                await until(lambda: screen.shown is not None and screen.shown.text == "")
            if key_profiler is not None and profile_keys:
                key_profiler.dump_stats(profile_keys)
            opens = []
            for row in range(3):
                screen.query_one(CompanyTable).move_cursor(row=row)
                company = screen.current_company()
                assert company is not None  # the cursor is on a row
                t0 = time.perf_counter()
                app.open_dossier(company)
                await until(lambda: isinstance(app.screen, DossierScreen) and app.screen.dossier is not None)
                await pilot.pause(0)
                opens.append(time.perf_counter() - t0)
                await app.pop_screen()
                await pilot.pause()
            result["dossier_ms"] = [round(x * 1000, 1) for x in opens]
            result["opens"] = await _open_screens(app, pilot, screen, until, repeats, only,
                                                  profiler=profiler, pause=pause, dossiers=dossiers)
            if profiler is not None and profile:
                profiler.dump_stats(profile)

    asyncio.run(scenario())
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def _form_ready(form) -> bool:
    return getattr(form, "ready", True) and bool(form.query("FieldRow"))


def _dossier_complete(s) -> bool:
    """The dossier is read and its open tab holds what it shows (its body is filled)."""
    if s.dossier is None:
        return False
    return not isinstance(s.query_one(f"#body-{s.active_tab()}").content, str)


def _cases(app, home, only: list[str] | None = None, dossiers: tuple[int, ...] = ()) -> dict:
    """Each screen: how it is opened (what its key does), its class, and when it holds its data."""
    from models import missions_queries
    from models.duplicates import find_duplicates
    from models.entities import Company
    from tui.forms.company_form import CompanyForm
    from tui.i18n import t
    from tui.screens.briefing import BriefingScreen
    from tui.screens.changes import ChangesScreen
    from tui.screens.dossier import DossierScreen
    from tui.screens.duplicates import DuplicatesScreen
    from tui.screens.filters import FilterScreen
    from tui.screens.merge import MergeScreen
    from tui.screens.mission import MissionScreen

    company = home.current_company()
    # the mission with the most participants: the fullest story the section has
    mission = max(missions_queries.list_missions(), key=lambda m: (m.participants, m.id), default=None)
    pair: list[int] = []
    if only is None or any("merge".startswith(o) for o in only):  # a large register takes a while
        groups = find_duplicates()
        pair = list(groups[0].ids) if groups else [c.id for c in Company.select(Company.id).limit(2)]

    def count_line(selector: str, waiting: str = ""):
        return lambda s: str(s.query_one(selector).render()) not in ("", waiting)

    cases = {
        "edit form (e)": (app.action_edit_record, CompanyForm, _form_ready),
        "new company (Ctrl+N)": (app.action_new_record, CompanyForm, _form_ready),
        "briefing (b)": (lambda: app.open_briefing(company), BriefingScreen,
                         lambda s: bool(s.text) and s.query_one("#briefing").markdown == s.text),
        "changes (F10)": (app.action_changes, ChangesScreen, count_line("#changes-count")),
        "filters (f)": (home.action_filters, FilterScreen,
                        lambda s: bool(s.query("#f-place")) and len(s.query_one("#f-place")._options) > 1),
        "duplicates (F9)": (app.action_duplicates, DuplicatesScreen,
                            count_line("#dups-count", t("dups.searching"))),
        "merge": (lambda: app.push_screen(MergeScreen(pair)), MergeScreen, lambda s: bool(s.fields)),
    }
    if mission is not None:
        cases["mission"] = (lambda: app.open_mission(mission.id), MissionScreen,
                            # the story itself on its tab, not only read
                            lambda s: s.story is not None and bool(s.query_one("#mission-story").markdown))
    for cid in dossiers:
        cases[f"dossier {cid}"] = (lambda cid=cid: app.open_dossier(cid), DossierScreen, _dossier_complete)
    return cases


async def _open_screens(app, pilot, home, until, repeats: int = 15, only: list[str] | None = None,
                        profiler=None, pause: float = 0.0,
                        dossiers: tuple[int, ...] = ()) -> dict[str, list[list[float]]]:
    """(shown, complete, CPU until shown, CPU until complete) in ms per opening of each screen,
    from its key's action on; 1 if the screen was complete in the frame painted at "shown" (else
    0); (painted, CPU until painted): when the first frame written out with the screen complete
    was — what the person sees, whoever painted it (the screen's timer or the bench).

    "Shown": the screen is on top with its frame composed, and that frame painted. "Complete": the
    screen's own loader has put its data on it (the form's fields hold the record, the table its
    rows, the count line its count…), the messages this caused handled and the frame painted.
    CPU is the process's (every thread's) processor time over the same span: on a machine busy
    with other work it says what the opening itself cost."""
    import asyncio

    table = home.query_one("CompanyTable")
    table.focus()
    table.move_cursor(row=0)
    cases = _cases(app, home, only, dossiers)
    out: dict[str, list[list[float]]] = {}
    # the first frame written out with the screen's data on it: (wall, CPU) when it was
    watch: dict = {"complete": None, "at": None}
    display = app._display

    def displayed(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and watch["complete"] is not None and watch["at"] is None \
                and screen is app.screen and watch["complete"](screen):
            watch["at"] = (time.perf_counter(), time.process_time())

    app._display = displayed
    for name, (open_it, kind, complete) in cases.items():
        if only is not None and not any(name.startswith(o) for o in only):
            continue
        out[name] = []
        for _ in range(repeats):
            await pilot.pause()
            if pause:
                await asyncio.sleep(pause)  # the person reads before the next key
            if profiler is not None:
                profiler.enable()
            watch["at"] = None
            watch["complete"] = lambda screen, kind=kind, complete=complete: (
                isinstance(screen, kind) and screen.is_mounted and complete(screen))
            c0, t0 = time.process_time(), time.perf_counter()
            result = open_it()
            if asyncio.iscoroutine(result) or hasattr(result, "__await__"):
                asyncio.ensure_future(result)
            await until(lambda kind=kind: isinstance(app.screen, kind) and app.screen.is_mounted)
            opened = app.screen
            opened._on_timer_update()  # its first frame, painted now rather than on the next tick
            shown, cpu_shown = time.perf_counter() - t0, time.process_time() - c0
            at_once = complete(opened)  # the first frame already held the data
            await until(lambda complete=complete, opened=opened: complete(opened))
            await pilot._wait_for_screen()
            opened._on_timer_update()
            done, cpu = time.perf_counter() - t0, time.process_time() - c0
            if profiler is not None:
                profiler.disable()
            watch["complete"] = None
            painted, cpu_painted = (watch["at"][0] - t0, watch["at"][1] - c0) if watch["at"] else (done, cpu)
            out[name].append([*(round(x * 1000, 1) for x in (shown, done, cpu_shown, cpu)), int(at_once),
                              *(round(x * 1000, 1) for x in (painted, cpu_painted))])
            while app.screen is not home:
                await app.pop_screen()
                await pilot.pause()
    return out


def _trace_report() -> None:
    import tracemalloc

    snapshot = tracemalloc.take_snapshot()
    current, peak = tracemalloc.get_traced_memory()
    print(f"tracemalloc: {current / 2**20:.1f} MB held, peak {peak / 2**20:.1f} MB; by file:",
          file=sys.stderr)
    for stat in snapshot.statistics("filename")[:15]:
        print(f"  {stat}", file=sys.stderr)


def _child(db: str, words: tuple[str, ...], args: argparse.Namespace) -> dict:
    trace = args.tracemalloc
    command = [sys.executable, __file__, "--measure", db, ",".join(words), "--repeats", str(args.repeats)]
    command += ["--tracemalloc"] if trace else []
    command += ["--screens-only"] if args.screens_only else []
    command += ["--screens", args.screens] if args.screens is not None else []
    command += ["--pause", str(args.pause)]
    command += ["--dossier", args.dossier] if args.dossier else []
    command += ["--profile", args.profile] if args.profile else []
    command += ["--profile-keys", args.profile_keys] if args.profile_keys else []
    out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=1800)
    if trace:
        print(out.stderr, end="")
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _report(name: str, r: dict) -> None:
    print(f"\n{name}: {r['total']:,} companies")
    print(f"  start to first full screen   {r['first_screen_s']:.2f} s  (process start, imports included)")
    for w in r["words"]:
        keys = w["keystroke_ms"]
        print(f"  keystroke, {w['word']!r:10} median {statistics.median(keys):6.1f} ms, "
              f"p95 {_p(keys, 95):6.1f} ms "
              f"({', '.join(map(str, keys))}); {w['found']:,} found: {w['count_line']}")
    if r["dossier_ms"]:
        print(f"  dossier open                 median {statistics.median(r['dossier_ms']):.1f} ms "
              f"({', '.join(map(str, r['dossier_ms']))})")
    opens = r.get("opens", {})
    if opens:
        runs = len(next(iter(opens.values())))
        print(f"  opening a screen, ms over {runs} openings  shown p50  p95 · complete p50  p95 · "
              "CPU shown p50 p95 · CPU complete p50 p95")
    for name, times in opens.items():
        shown, complete, cpu_shown, cpu = ([x[i] for x in times] for i in range(4))
        print(f"    {name:36} {_p(shown, 50):5.0f} {_p(shown, 95):5.0f} ·      {_p(complete, 50):5.0f} "
              f"{_p(complete, 95):5.0f} ·    {_p(cpu_shown, 50):5.0f} {_p(cpu_shown, 95):5.0f} ·       "
              f"{_p(cpu, 50):5.0f} {_p(cpu, 95):5.0f}")
        painted, cpu_painted = [x[5] for x in times], [x[6] for x in times]
        print(f"    {'':36} data painted (first frame with it) p50 {_p(painted, 50):.0f} p95 "
              f"{_p(painted, 95):.0f} · CPU p50 {_p(cpu_painted, 50):.0f} p95 {_p(cpu_painted, 95):.0f} · "
              f"complete in the bench's first frame {sum(x[4] for x in times)}/{len(times)}")
    print(f"  peak memory (RSS)            {r['peak_rss_mb']:.0f} MB")


def _p(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--no-sample", action="store_true")
    parser.add_argument("--db", help="measure this existing register instead of generating one")
    parser.add_argument("--keep", help="keep the generated register in this file")
    parser.add_argument("--repeats", type=int, default=15, help="openings of each screen (default 15)")
    parser.add_argument("--screens-only", action="store_true",
                        help="time only the opening of the screens (no typing, no dossier)")
    parser.add_argument("--pause", type=float, default=0.8,
                        help="seconds the app is left alone between two openings (default 0.8)")
    parser.add_argument("--tracemalloc", action="store_true", help="print where Python memory is held")
    parser.add_argument("--screens", help="time only these screens (the first words of their names, "
                                          "comma-separated: briefing,mission); none: --screens ''")
    parser.add_argument("--words", help="the words typed on the --db register (comma-separated)")
    parser.add_argument("--dossier", help="also open these companies' dossiers (comma-separated ids)")
    parser.add_argument("--profile", help="write a cProfile of the screen openings to this file")
    parser.add_argument("--profile-keys", help="write a cProfile of the keystrokes to this file")
    parser.add_argument("--measure", nargs=2, metavar=("DB", "WORDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        only = [o for o in args.screens.split(",") if o] if args.screens is not None else None
        db, words = args.measure
        dossiers = tuple(int(x) for x in args.dossier.split(",")) if args.dossier else ()
        print(json.dumps(measure(db, words, trace=args.tracemalloc, repeats=args.repeats,
                                 screens_only=args.screens_only, only=only, pause=args.pause,
                                 dossiers=dossiers, profile=args.profile, profile_keys=args.profile_keys)))
        return

    from bench.generate import fill, fill_missions
    from models.db import close_database, open_database

    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sample:
            sample = Path(tmp) / "sample.db"
            subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(sample), "demo"], cwd=ROOT,
                           check=True, capture_output=True)
            _report("sample register", _child(str(sample), WORDS["sample"], args))
        if args.db:
            words = tuple(args.words.split(",")) if args.words else WORDS["generated"]
            _report(f"register {args.db}", _child(args.db, words, args))
            return
        if args.companies < 1:  # the sample only
            return
        big = Path(args.keep) if args.keep else Path(tmp) / "big.db"
        t0 = time.perf_counter()
        open_database(big)
        fill(args.companies)
        fill_missions()
        close_database()
        print(f"\n(generated {args.companies:,} companies in {time.perf_counter() - t0:.1f} s)")
        _report("generated register", _child(str(big), WORDS["generated"], args))


if __name__ == "__main__":
    main()
