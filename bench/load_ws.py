"""Many readers, no browser: N sessions speak Streamlit's websocket protocol directly; what does the server pay?

Usage: .venv/bin/python bench/load_ws.py [--sessions 5 10 20 40] [--actions 10] [--pause 1.0] [--flat-actions 10]
       .venv/bin/python bench/load_ws.py --verify   (one reader, every message of its actions printed)

bench/load.py drives each reader with a Chromium page; on a 2-core box twenty pages saturate the CPU, so its
"card update" measures the client. Here a reader is a websocket and a few dicts (a fraction of a millisecond of
client CPU per action), so the box's CPU goes to the server. Each reader does what the frontend does
(static/js of Streamlit 1.67, and frames captured from a real Chromium on this app):

- GET /_stcore/health (which sets the _streamlit_xsrf cookie) and /_stcore/host-config; then the websocket
  /_stcore/stream with subprotocols ["streamlit", <xsrf cookie>], the cookie, the page's Origin and
  permessage-deflate;
- BackMsg rerun_script: query string "basemap=none&date=2019-10-23", no widget states, no page hash (first run:
  the headline and the map); then the map's first word, the component's state set to {"drawn": true, "seq": 0}
  (the rest of the page, the card included); later runs: the query string the server last set
  (page_info_changed), the page script hash of NewSession, the hashes of the cached (cacheable) ForwardMsgs it
  holds, and the state of every widget of the last run, kept the frontend's way (a widget's state is its value
  when the delta sets it, else the state it had, else its default; widgets not in the last run are dropped);
- an ACTION is what the map sends 350 ms after the reader stops on a date: the same rerun, with the st_folium
  component's state set to JSON.stringify({date, view: null, seq}). Its latency is timed from sending the
  BackMsg to the delta holding the new date's event card title ("#### <title>"), and to script_finished.

The map's 350 ms pause and the browser's rendering are not in these numbers (bench/load.py's "card update"
includes both: add ~0.35 s and the browser's paint to compare).

For each N: a fresh `streamlit run` of app.py, warmed (and its wiring checked) by one reader doing 3 actions;
then N readers: open (every session's first run), 3 s idle, a paced phase (each reader takes --actions actions,
one every --pause s, jittered 0.8-1.2x, readers started at random offsets within one pause), then a flat-out
phase (--flat-actions back-to-back actions per reader, pause 0: the throughput one process sustains), close.
Prints latency percentiles, failed sessions, the server's CPU per action (/proc/<pid>/stat utime + stime over
the phase / actions), its RSS before, with the N sessions open and 10 s after closing, memory per session,
actions per server CPU-second, and this bench's own CPU (to show the client is not the bottleneck).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from google.protobuf import text_format  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ClientState_pb2 import ClientState  # noqa: E402
from streamlit.proto.Element_pb2 import Element  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402
from websockets.asyncio.client import ClientConnection, connect  # noqa: E402
from websockets.exceptions import WebSocketException  # noqa: E402
from websockets.typing import Origin, Subprotocol  # noqa: E402

from geo.load import timeline  # noqa: E402
from geo.load.story import load_story  # noqa: E402
from harness.process import cpu_seconds, rss_mib  # noqa: E402
from harness.readers import next_stop  # noqa: E402
from harness.server import Served, streamlit_server  # noqa: E402

STORY = load_story(ROOT / "stories" / "idlib")
STOPS = [d.isoformat() for d in timeline.stops(STORY)]
TITLES = [timeline.events_on(STORY, d)[0].title for d in timeline.stops(STORY)]  # each card's first heading
OPEN_DATE = "2019-10-23"
OPEN_QUERY = f"basemap=none&date={OPEN_DATE}"
COMPONENT = "streamlit_folium.st_folium"
RUN_TIMEOUT_S = 60.0
IDLE_SECONDS = 3.0
CLOSED_SECONDS = 10.0  # after the websockets close: the server drops the sessions
WARM_ACTIONS = 3



def own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system



def unescape(markdown: str) -> str:
    """The app escapes markdown with backslashes (geo.render.text.md_escape); compare without them."""
    return markdown.replace("\\", "")


@dataclass
class Run:
    """What one rerun brought back."""

    card_s: float | None = None  # from sending the BackMsg to the card title delta
    finished_s: float | None = None  # ... to script_finished
    card_title: str | None = None  # the "#### " markdown of this run (unescaped)
    query: str | None = None  # page_info_changed's query string
    status: str = ""
    errors: list[str] = field(default_factory=list)
    messages: int = 0
    nbytes: int = 0
    trace: list[str] = field(default_factory=list)
    sent: BackMsg = field(default_factory=BackMsg)


class Session:
    """The client side of one Streamlit session, kept the way the 1.67 frontend keeps it."""

    def __init__(self, base: str, ws: ClientConnection, trace: bool = False) -> None:
        self.base = base
        self.ws = ws
        self.trace = trace
        self.query = OPEN_QUERY
        self.page_script_hash = ""
        self.widgets: dict[str, WidgetState] = {}  # the frontend's state of the last run's widgets
        self.cache: dict[str, tuple[bytes, int]] = {}  # hash -> (message, run count when last used)
        self.max_age = 2
        self.runs = 0
        self.component_id: str | None = None
        self.seq = 0

    def client_state(self, first: bool) -> ClientState:
        state = ClientState(query_string=self.query)
        state.widget_states.SetInParent()
        if not first:
            state.widget_states.widgets.extend(self.widgets.values())
            state.page_script_hash = self.page_script_hash
            state.cached_message_hashes.extend(self.cache)
        info = state.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url, info.is_embedded, info.color_scheme = f"{self.base}/", False, "light"
        return state

    def action_msg(self, iso: str) -> BackMsg:
        """What the map's report (setComponentValue after the reader's pause) makes the frontend send."""
        self.seq += 1
        return self._map_says({"date": iso, "view": None, "seq": self.seq})

    def drawn_msg(self) -> BackMsg:
        """What the map's first word (its first date is on screen) makes the frontend send: the rest of the page."""
        return self._map_says({"drawn": True, "seq": 0})

    def _map_says(self, report: dict[str, Any]) -> BackMsg:
        if self.component_id is None:
            raise RuntimeError("no st_folium component in the page")
        value = json.dumps(report, separators=(",", ":"))
        self.widgets[self.component_id] = WidgetState(id=self.component_id, json_value=value)
        msg = BackMsg()
        msg.rerun_script.CopyFrom(self.client_state(first=False))
        return msg

    def first_msg(self) -> BackMsg:
        msg = BackMsg()
        msg.rerun_script.CopyFrom(self.client_state(first=True))
        return msg

    def _widget(self, element: Element, seen: set[str]) -> None:
        """A widget's state after this delta: set by the server, else as it was, else its default."""
        kind = element.WhichOneof("type")
        if kind not in ("checkbox", "radio", "text_input", "text_area", "component_instance"):
            return
        proto = getattr(element, kind)
        wid = proto.id
        seen.add(wid)
        if kind == "component_instance":
            if proto.component_name == COMPONENT:
                self.component_id = wid
            return  # a component has a state once it reports one (the map's action)
        if wid in self.widgets and not proto.set_value:
            return
        if kind == "checkbox":
            value = proto.value if proto.set_value else proto.default
            self.widgets[wid] = WidgetState(id=wid, bool_value=value)
        elif kind == "radio":
            text = proto.raw_value if proto.set_value else (
                proto.options[proto.default] if proto.HasField("default") else "")
            self.widgets[wid] = WidgetState(id=wid, string_value=text)
        else:
            self.widgets[wid] = WidgetState(id=wid, string_value=proto.value if proto.set_value else proto.default)

    async def rerun(self, msg: BackMsg, title: str | None) -> Run:
        """Send a rerun; read ForwardMsgs until script_finished (timing the card `title`, if given)."""
        run = Run(sent=msg)
        seen: set[str] = set()
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        async with asyncio.timeout(RUN_TIMEOUT_S):
            while True:
                data = await self.ws.recv(decode=False)
                run.messages += 1
                run.nbytes += len(data)
                fwd = ForwardMsg()
                fwd.ParseFromString(data)
                kind = fwd.WhichOneof("type")
                cached = kind == "ref_hash"
                if cached:  # the server knows we hold it (cached_message_hashes)
                    payload, _ = self.cache[fwd.ref_hash]
                    self.cache[fwd.ref_hash] = (payload, self.runs)
                    fwd = ForwardMsg.FromString(payload)
                    kind = fwd.WhichOneof("type")
                elif fwd.metadata.cacheable and fwd.hash not in self.cache:
                    self.cache[fwd.hash] = (data, self.runs)
                if self.trace:
                    run.trace.append(f"{(time.perf_counter() - start) * 1000:7.1f} ms {len(data):6d} B {kind}"
                                     f"{' (a ref_hash: from the cache)' if cached else ''}")
                if kind == "new_session":
                    self.page_script_hash = fwd.new_session.page_script_hash
                    self.max_age = fwd.new_session.config.max_cached_message_age
                elif kind == "page_info_changed":
                    self.query = run.query = fwd.page_info_changed.query_string
                elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    element = fwd.delta.new_element
                    self._widget(element, seen)
                    etype = element.WhichOneof("type")
                    if etype == "exception":
                        run.errors.append(f"exception: {element.exception.type}: {element.exception.message}")
                    elif etype == "markdown" and element.markdown.body.startswith("#### "):
                        run.card_title = unescape(element.markdown.body[5:])
                        if title is not None and run.card_title == title and run.card_s is None:
                            run.card_s = time.perf_counter() - start
                elif kind == "script_finished":
                    run.finished_s = time.perf_counter() - start
                    run.status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                    break
        self.runs += 1
        self.widgets = {wid: state for wid, state in self.widgets.items() if wid in seen}
        self.cache = {h: (p, used) for h, (p, used) in self.cache.items() if self.runs - used <= self.max_age}
        return run


def _get(url: str) -> str:
    """GET, as the frontend's connection pings do; returns the _streamlit_xsrf cookie set, if any."""
    with urllib.request.urlopen(url, timeout=RUN_TIMEOUT_S) as response:
        response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == "_streamlit_xsrf":
                return rest.split(";", 1)[0]
    return ""


async def open_session(base: str, trace: bool = False) -> tuple[Session, Run]:
    """The frontend's connection: health and host-config pings, the websocket, the first rerun."""
    xsrf = await asyncio.to_thread(_get, f"{base}/_stcore/health")
    await asyncio.to_thread(_get, f"{base}/_stcore/host-config")
    ws = await connect(
        base.replace("http://", "ws://") + "/_stcore/stream", origin=Origin(base),
        subprotocols=[Subprotocol("streamlit"), Subprotocol(xsrf or "PLACEHOLDER_AUTH_TOKEN")],
        additional_headers={"Cookie": f"_streamlit_xsrf={xsrf}"} if xsrf else None,
        max_size=None, open_timeout=RUN_TIMEOUT_S, ping_timeout=None)
    session = Session(base, ws, trace)
    first = await session.rerun(session.first_msg(), None)  # the headline and the map (app.py: map first)
    if first.errors or first.status != "FINISHED_SUCCESSFULLY" or session.component_id is None:
        return session, first
    run = await session.rerun(session.drawn_msg(), TITLES[STOPS.index(OPEN_DATE)])  # the rest, card included
    run.query = run.query or first.query  # the first run set the address; the rest leaves it as it is
    return session, run


def check(run: Run, iso: str, title: str) -> str | None:
    """What is wrong with a run that should show `iso`'s card (None: nothing)."""
    if run.errors:
        return run.errors[0]
    if run.status != "FINISHED_SUCCESSFULLY":
        return f"script finished {run.status}"
    if run.card_s is None:
        return f"card {run.card_title!r}, not {title!r}"
    if run.query is None or f"date={iso}" not in run.query.split("&"):
        return f"query string {run.query!r} without date={iso}"
    return None


@dataclass
class Reader:
    rng: random.Random
    session: Session | None = None
    at: int = 0
    open_s: float = 0.0
    paced: list[float] = field(default_factory=list)  # card latency (s) per action
    paced_done: list[float] = field(default_factory=list)  # script_finished latency
    flat: list[float] = field(default_factory=list)
    flat_done: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def fail(self, what: str) -> None:
        self.errors.append(what[:300])



async def open_reader(base: str, reader: Reader) -> None:
    start = time.perf_counter()
    try:
        reader.session, run = await open_session(base)
    except (OSError, WebSocketException, TimeoutError) as exc:
        reader.fail(f"open: {type(exc).__name__}: {exc}")
        return
    reader.open_s = time.perf_counter() - start
    reader.at = STOPS.index(OPEN_DATE)
    problem = check(run, OPEN_DATE, TITLES[reader.at]) or (
        None if reader.session.component_id else "no st_folium component")
    if problem:
        reader.fail(f"open: {problem}")


async def act(reader: Reader, actions: int, pause: float, cards: list[float], done: list[float]) -> int:
    """`actions` actions, one every ~`pause` s (0: back to back); returns the actions taken."""
    session = reader.session
    if session is None or reader.failed:
        return 0
    if pause:
        await asyncio.sleep(reader.rng.uniform(0, pause))  # readers do not all pause at the same moment
    taken = 0
    for _ in range(actions):
        target = next_stop(reader.rng, reader.at, len(STOPS))
        start = time.perf_counter()
        try:
            run = await session.rerun(session.action_msg(STOPS[target]), TITLES[target])
        except (OSError, WebSocketException, TimeoutError, RuntimeError) as exc:
            reader.fail(f"action: {type(exc).__name__}: {exc}")
            return taken
        taken += 1
        reader.at = target
        problem = check(run, STOPS[target], TITLES[target])
        if problem or run.card_s is None or run.finished_s is None:
            reader.fail(f"action to {STOPS[target]}: {problem}")
            return taken
        cards.append(run.card_s)
        done.append(run.finished_s)
        if pause:
            await asyncio.sleep(max(reader.rng.uniform(0.8 * pause, 1.2 * pause) - (time.perf_counter() - start), 0))
    return taken


async def close_reader(reader: Reader) -> None:
    if reader.session:
        await reader.session.ws.close()


async def phase(pid: int, work: list[Any]) -> tuple[list[Any], float, float, float]:
    """Run `work` concurrently: results, server CPU seconds, wall seconds, this bench's CPU seconds."""
    cpu, own, wall = cpu_seconds(pid), own_cpu_seconds(), time.perf_counter()
    results = await asyncio.gather(*work)
    return list(results), cpu_seconds(pid) - cpu, time.perf_counter() - wall, own_cpu_seconds() - own


async def warm_and_check(served: Served) -> str:
    """One reader opens and takes WARM_ACTIONS actions: the story cached, and the wiring checked."""
    reader = Reader(random.Random(0))
    await open_reader(served.url, reader)
    cards: list[float] = []
    await act(reader, WARM_ACTIONS, 0.0, cards, [])
    await close_reader(reader)
    if reader.failed:
        return f"FAILED: {reader.errors[0]}"
    return f"ok ({len(cards)} actions: each card and query string followed the reported date)"


async def run(sessions: int, args: argparse.Namespace) -> dict[str, Any]:
    with streamlit_server() as served:
        wiring = await warm_and_check(served)
        await asyncio.sleep(2)
        pid = served.pid
        before = rss_mib(pid)
        readers = [Reader(random.Random(args.seed * 1000 + i)) for i in range(sessions)]
        _, open_cpu, open_wall, _ = await phase(pid, [open_reader(served.url, r) for r in readers])
        await asyncio.sleep(1)
        opened = rss_mib(pid)
        _, idle_cpu, idle_wall, _ = await phase(pid, [asyncio.sleep(IDLE_SECONDS)])
        paced: list[float] = []
        paced_done: list[float] = []
        taken, paced_cpu, paced_wall, paced_own = await phase(
            pid, [act(r, args.actions, args.pause, paced, paced_done) for r in readers])
        flat: list[float] = []
        flat_done: list[float] = []
        flat_taken, flat_cpu, flat_wall, flat_own = await phase(
            pid, [act(r, args.flat_actions, 0.0, flat, flat_done) for r in readers])
        peak = rss_mib(pid)
        await asyncio.gather(*(close_reader(r) for r in readers))
        await asyncio.sleep(CLOSED_SECONDS)
        after = rss_mib(pid)
    return {
        "sessions": sessions, "wiring": wiring, "failed": sum(r.failed for r in readers),
        "errors": [e for r in readers for e in r.errors],
        "open": [r.open_s for r in readers if r.open_s], "open_cpu": open_cpu, "open_wall": open_wall,
        "idle_rate": idle_cpu / idle_wall,
        "paced": paced, "paced_done": paced_done, "paced_actions": sum(taken), "paced_cpu": paced_cpu,
        "paced_wall": paced_wall, "paced_own": paced_own,
        "flat": flat, "flat_done": flat_done, "flat_actions": sum(flat_taken), "flat_cpu": flat_cpu,
        "flat_wall": flat_wall, "flat_own": flat_own,
        "before": before, "opened": opened, "peak": peak, "after": after,
    }


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))]


def latency(name: str, cards: list[float], done: list[float]) -> str:
    ms = [v * 1000 for v in cards]
    return (f"  {name:<7} card  p50 {quantile(ms, 0.5):6.0f} ms  p95 {quantile(ms, 0.95):6.0f} ms  "
            f"max {max(ms, default=float('nan')):6.0f} ms   (script_finished p95 "
            f"{quantile([v * 1000 for v in done], 0.95):.0f} ms; {len(ms)} actions)")


def report(r: dict[str, Any], pause: float, reader_pause: float) -> None:
    n = r["sessions"]
    print(f"\nN = {n} readers ({r['failed']} failed sessions); wiring check: {r['wiring']}")
    open_ms = [v * 1000 for v in r["open"]]
    print(f"  open: first run p50 {quantile(open_ms, 0.5):6.0f} ms  p95 {quantile(open_ms, 0.95):6.0f} ms   "
          f"server CPU {r['open_cpu'] * 1000 / max(n, 1):.0f} ms per opened session")
    print(latency("paced", r["paced"], r["paced_done"]) + f", one per ~{pause:g} s each")
    acts, cpu, wall = r["paced_actions"], r["paced_cpu"], r["paced_wall"]
    idle = r["idle_rate"] * wall * 1000 / max(acts, 1)
    print(f"          server CPU per action {cpu * 1000 / max(acts, 1):6.1f} ms (of which {idle:.1f} ms the idle rate;"
          f" {cpu:.1f} CPU-s over {wall:.1f} s = {cpu / wall:.0%} of a core; bench itself {r['paced_own']:.1f} "
          f"CPU-s)")
    acts, cpu, wall = r["flat_actions"], r["flat_cpu"], r["flat_wall"]
    if acts:
        print(latency("flat", r["flat"], r["flat_done"]) + ", back to back")
        print(f"          saturation: {acts / wall:.1f} actions/s for {wall:.1f} s, server CPU per action "
              f"{cpu * 1000 / max(acts, 1):.1f} ms ({cpu / wall:.0%} of a core; bench itself {r['flat_own']:.1f} "
              f"CPU-s = {r['flat_own'] / wall:.0%} of a core)")
    growth = r["opened"] - r["before"]
    per_session = growth / max(n, 1)
    print(f"  server RSS       before {r['before']:.0f} MiB, {n} open {r['opened']:.0f} MiB, after the actions "
          f"{r['peak']:.0f} MiB, {CLOSED_SECONDS:.0f} s after closing {r['after']:.0f} MiB")
    rate = r["paced_actions"] / r["paced_cpu"] if r["paced_cpu"] else float("nan")
    memory = (f"{per_session:.1f} MiB per open session (~{1024 / per_session:.0f} sessions per GiB)"
              if per_session > 0 else f"RSS growth with {n} sessions within the noise ({growth:+.0f} MiB)")
    print(f"  per process: {memory}; "
          f"{rate:.1f} actions per server CPU-second (paced): one process (one core at most: one Python) keeps "
          f"up with ~{rate * reader_pause:.0f} readers acting once every {reader_pause:g} s")
    if r["errors"]:
        print(f"  first error: {r['errors'][0]}")


async def verify(served: Served, actions: int) -> None:
    """One reader, everything shown: the BackMsgs sent and the ForwardMsgs each run brought back."""
    session, run = await open_session(served.url, trace=True)
    print(f"first BackMsg:\n{text_format.MessageToString(run.sent)}")
    print("\n".join(run.trace))
    print(f"-> card {run.card_title!r}, query {run.query!r}, {run.status}, component {session.component_id}")
    rng, at = random.Random(1), STOPS.index(OPEN_DATE)
    for k in range(actions):
        reader = Reader(rng, at=at)
        target = next_stop(reader.rng, reader.at, len(STOPS))
        run = await session.rerun(session.action_msg(STOPS[target]), TITLES[target])
        if k == 0:
            print(f"\naction BackMsg:\n{text_format.MessageToString(run.sent)}")
        if k == 0:
            print("\n".join(run.trace))
        card = f"{run.card_s * 1000:.0f} ms" if run.card_s is not None else "never"
        print(f"action {k + 1}: {STOPS[at]} -> {STOPS[target]}: card {run.card_title!r} after {card}, finished "
              f"{(run.finished_s or float('nan')) * 1000:.0f} ms, {run.messages} messages {run.nbytes} B; query "
              f"{run.query!r}; {check(run, STOPS[target], TITLES[target]) or 'ok'}")
        at = target
    await session.ws.close()


async def main_async(args: argparse.Namespace) -> None:
    if args.verify:
        with streamlit_server() as served:
            await verify(served, args.actions)
        return
    print(f"{len(STOPS)} stops; per reader: open, {args.actions} paced actions (one per ~{args.pause:g} s), then "
          f"{args.flat_actions} back to back; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}",
          flush=True)
    for n in args.sessions:
        result = await run(n, args)
        report(result, args.pause, args.reader_pause)
        sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, nargs="+", default=[5, 10, 20, 40])
    parser.add_argument("--actions", type=int, default=10, help="paced actions per reader")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between a reader's paced actions")
    parser.add_argument("--flat-actions", type=int, default=10, help="back-to-back actions per reader (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reader-pause", type=float, default=10.0,
                        help="for the estimate only: seconds between one real reader's actions")
    parser.add_argument("--verify", action="store_true", help="one reader, its messages printed; no load")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
