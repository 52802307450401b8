"""SPARQL benchmark: vnqi over HTTP vs rdflib-endpoint over HTTP vs pyoxigraph in process, in one run.

    python -m bench.bench_sparql --triples 1000000 --out bench/results/sparql.md

1. Generates (or reuses) SYNTHETIC data of vnqi's shape (bench/synth.py) as N-Quads under bench/data/.
2. Loads it into an in-memory pyoxigraph Store in this process; builds a vnqi store version with
   graph.build.write_version in a temporary var directory (no SHACL validation: the data is synthetic); starts
   vnqi's app (uvicorn, 127.0.0.1, a free port, VNQI_STORE = that version, VNQI_MAX_ROWS high enough that nothing
   is capped) and rdflib-endpoint (its SparqlEndpoint over an rdflib Dataset, uvicorn with the same flags) in
   subprocesses.
3. Runs every query of bench/queries/*.rq sequentially: warm-up, then up to --reps timed runs per target within
   a time budget — over HTTP (bench/http_client.py: keep-alive http.client, POST application/sparql-query, Accept SPARQL JSON results, or N-Triples for
   CONSTRUCT, full body read) against both servers, and in process on pyoxigraph (query + serialisation to the
   same format, the work an endpoint does). Checks that the three return the same results.
4. Measures where vnqi's time goes (in memory vs on disk, the worker's serialisation, process hop + HTTP), with
   the harness's own QueryPool in the mode vnqi's settings give (workers holding the version in memory or not).
5. Concurrency: 8 client threads for --duration-s on a light query and on the 2-hop join.
6. Writes a Markdown report. Every subprocess is stopped in `finally`; every loop is bounded; loopback only.

Exit status: 0, or 1 when the engines disagree on a query's results or vnqi truncated one.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import httpx
import pyoxigraph as ox

from bench import synth
from bench.http_client import KeepAliveClient

ROOT = Path(__file__).resolve().parents[1]
QUERIES_DIR = Path(__file__).resolve().parent / "queries"
ACCEPT = {"select": "application/sparql-results+json", "ask": "application/sparql-results+json",
          "construct": "application/n-triples"}
LIGHT_QUERY = "q1-entity-in-out"
JOIN_QUERY = "q3-two-hop-join"
FLOOR_QUERY = "ASK {}"
MAX_ROWS = 50_000_000  # vnqi's cap, far above any result of the mix


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------ queries


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    form: str  # select | ask | construct
    intent: str


def query_form(text: str) -> str:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    body = re.sub(r"(?i)\bPREFIX\s+\S*:\s*<[^>]*>", " ", body)
    found = re.search(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body)
    if not found or found.group(1).upper() == "DESCRIBE":
        raise ValueError("the mix supports SELECT, ASK and CONSTRUCT")
    return found.group(1).lower()


def load_queries(folder: Path = QUERIES_DIR) -> list[Query]:
    out = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        intent = " ".join(line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#"))
        out.append(Query(path.stem, text, query_form(text), intent.removeprefix("Intent: ")))
    return out


# ------------------------------------------------------------------------------------------ results


def summarise(form: str, body: bytes) -> tuple[int, object]:
    """(rows, signature) of a response body; the signature compares results across engines."""
    if form == "construct":
        lines = {line.strip() for line in body.decode("utf-8").splitlines() if line.strip()}
        return len(lines), None  # serialisers escape differently: compare distinct triple counts only
    data = json.loads(body)
    if form == "ask":
        return int(bool(data["boolean"])), bool(data["boolean"])
    bindings = data["results"]["bindings"]
    rows = sorted(tuple(sorted((k, b[k]["value"]) for k in b)) for b in bindings)
    return len(bindings), rows


# ------------------------------------------------------------------------------------------ timing


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)  # seconds
    timeout: float | None = None  # the request did not finish within this many seconds
    error: str | None = None

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.samples) * 1000 if self.samples else None

    def cell(self) -> str:
        if self.timeout is not None:
            return f"> {self.timeout:g} s"
        if self.error is not None:
            return "error"
        return fmt_ms(self.median_ms)


def fmt_ms(ms: float | None) -> str:
    if ms is None:
        return "–"
    if ms >= 1000:
        return f"{ms:,.0f}"
    if ms >= 100:
        return f"{ms:.0f}"
    if ms >= 10:
        return f"{ms:.1f}"
    return f"{ms:.2f}"


class RequestTimeout(Exception):
    pass


def measure(fn: Callable[[], bytes], reps: int, warmup: int, budget_s: float, min_reps: int = 3
            ) -> tuple[Timing, bytes | None]:
    """Warm up, then time up to `reps` calls, stopping early (after min_reps) when the budget is spent."""
    timing, body = Timing(), None
    try:
        started = time.perf_counter()
        body = fn()
        first = time.perf_counter() - started
        for _ in range(warmup - 1 if first < 1.0 else 0):
            fn()
        begun = time.perf_counter()
        for i in range(reps):
            t0 = time.perf_counter()
            body = fn()
            timing.samples.append(time.perf_counter() - t0)
            if i + 1 >= min_reps and time.perf_counter() - begun > budget_s:
                break
    except RequestTimeout as exc:
        timing.timeout = float(str(exc))
    except (httpx.HTTPError, RuntimeError, OSError, ValueError) as exc:
        timing.error = f"{type(exc).__name__}: {exc}"
    return timing, body


def measure_rounds(fns: dict[str, Callable[[], bytes]], reps: int, warmup: int, budget_s: float, min_reps: int = 3,
                   budgets: dict[str, float] | None = None) -> tuple[dict[str, Timing], dict[str, bytes | None]]:
    """Like `measure` for several ways of answering one query, interleaved: each round runs each way once, so
    that drift and noise on a shared machine fall on all of them alike. A way that fails is dropped; a way with
    its own budget in `budgets` leaves the rounds (after min_reps) once its timed runs add up to more."""
    timings = {name: Timing() for name in fns}
    bodies: dict[str, bytes | None] = {name: None for name in fns}
    live = dict(fns)
    own = budgets or {}

    def call(name: str) -> bytes | None:
        try:
            return live[name]()
        except RequestTimeout as exc:
            timings[name].timeout = float(str(exc))
        except (httpx.HTTPError, RuntimeError, OSError, ValueError) as exc:
            timings[name].error = f"{type(exc).__name__}: {exc}"
        del live[name]
        return None

    for round_ in range(warmup):
        started = time.perf_counter()
        for name in list(live):
            body = call(name)
            if round_ == 0:
                bodies[name] = body
        if time.perf_counter() - started > len(fns):
            break  # slow query: one warm-up round is enough
    begun = time.perf_counter()
    for i in range(reps):
        for name in list(live):
            if i >= min_reps and name in own and sum(timings[name].samples) > own[name]:
                continue
            t0 = time.perf_counter()
            body = call(name)
            if body is not None:
                timings[name].samples.append(time.perf_counter() - t0)
                bodies[name] = body
        if i + 1 >= min_reps and time.perf_counter() - begun > budget_s:
            break
    return timings, bodies


# ------------------------------------------------------------------------------------------ servers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    return children


def _tree(pid: int) -> list[int]:
    children, todo, seen = _children(), [pid], []
    while todo:
        p = todo.pop()
        if p not in seen:
            seen.append(p)
            todo.extend(children.get(p, []))
    return seen


class CpuMeter:
    """How much CPU processes outside this benchmark's process tree used (other work on a shared machine)."""

    def __init__(self) -> None:
        self.hz = os.sysconf("SC_CLK_TCK")
        self.cores = os.cpu_count() or 1
        self.start = self._snapshot()

    def _snapshot(self) -> tuple[float, int, dict[int, int]]:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + (fields[7] if len(fields) > 7 else 0)
        ours = {}
        for pid in _tree(os.getpid()):
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ours[pid] = int(stat[11]) + int(stat[12])
            except (OSError, IndexError, ValueError):
                continue
        return time.perf_counter(), busy, ours

    def reset(self) -> None:
        self.start = self._snapshot()

    def foreign_share(self) -> float:
        """Share of the machine's CPU capacity used by other processes since the last reset (0–1)."""
        t0, busy0, ours0 = self.start
        t1, busy1, ours1 = self._snapshot()
        ours = sum(v - ours0.get(pid, 0) for pid, v in ours1.items())
        capacity = (t1 - t0) * self.hz * self.cores
        return max(0.0, (busy1 - busy0 - ours) / capacity) if capacity > 0 else 0.0


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants, in MB (from /proc)."""
    total = 0.0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


class Server:
    """A uvicorn app factory in a subprocess of its own session, on 127.0.0.1:<free port>."""

    def __init__(self, name: str, factory: str, env: dict[str, str] | None, ready_path: str, ready_headers: dict,
                 log_path: Path, start_timeout_s: float) -> None:
        self.name, self.factory, self.env = name, factory, env
        self.ready_path, self.ready_headers = ready_path, ready_headers
        self.log_path, self.start_timeout_s = log_path, start_timeout_s
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.start_seconds = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def argv(self) -> list[str]:
        """The command line (on self.port)."""
        return [sys.executable, "-m", "uvicorn", "--factory", self.factory, "--host", "127.0.0.1",
                "--port", str(self.port), "--log-level", "warning", "--no-access-log"]

    def start(self) -> float:
        """Start and wait until it answers; the seconds it took."""
        self.port = free_port()
        argv = self.argv()
        started = time.perf_counter()
        with self.log_path.open("ab") as out:
            self.process = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = started + self.start_timeout_s
        with httpx.Client(trust_env=False, timeout=5) as client:
            while time.perf_counter() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log_path}")
                try:
                    if client.get(self.url + self.ready_path, headers=self.ready_headers).status_code == 200:
                        self.start_seconds = time.perf_counter() - started
                        return self.start_seconds
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within {self.start_timeout_s:g} s; see {self.log_path}")

    def rss_mb(self) -> float:
        return rss_mb(self.process.pid) if self.process and self.process.poll() is None else 0.0

    def stop(self) -> None:
        """SIGTERM, then SIGKILL to its process group (only the processes this server started) after 10 s."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the group is this server's own session
        except ProcessLookupError:
            pass
        process.wait(10)

    def restart(self) -> None:
        self.stop()
        self.start()


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VNQI_", "BENCH_"))}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


# ------------------------------------------------------------------------------------------ targets


def http_runner(client: httpx.Client | KeepAliveClient, server: Server, path: str, q: Query, timeout_s: float,
                headers_seen: list | None = None) -> Callable[[], bytes]:
    headers = {"Content-Type": "application/sparql-query", "Accept": ACCEPT[q.form]}
    body = q.text.encode("utf-8")

    def run() -> bytes:
        try:
            response = client.post(server.url + path, content=body, headers=headers)
        except (httpx.TimeoutException, TimeoutError):
            raise RequestTimeout(str(timeout_s)) from None
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:300]}")
        if headers_seen is not None:
            headers_seen.append(dict(response.headers))
        return response.content

    return run


def pyox_runner(store: ox.Store, q: Query) -> Callable[[], bytes]:
    json_format, nt = ox.QueryResultsFormat.JSON, ox.RdfFormat.N_TRIPLES

    def run() -> bytes:
        result = store.query(q.text, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):
            return result.serialize(format=nt)
        return result.serialize(format=json_format)

    return run


def pool_runner(pool: object, q: Query) -> Callable[[], bytes]:
    """vnqi's QueryPool.run in this process: the request pickled to a worker process and the body back."""
    from graph.executor import QueryRequest

    request = QueryRequest(query=q.text, result_format="json", graph_format="ntriples", max_rows=MAX_ROWS)

    def run() -> bytes:
        return pool.run(request).body  # type: ignore[attr-defined]

    return run


def worker_runner(store: ox.Store, q: Query) -> Callable[[], bytes]:
    """What vnqi's worker process does for a request, minus the pipe: graph.sparql_worker.execute."""
    from graph import sparql_worker

    request = (q.text, "json", "ntriples", [], [], MAX_ROWS)

    def run() -> bytes:
        response = sparql_worker.execute(store, request)
        if response[0] != "ok":
            raise RuntimeError(str(response))
        return response[5]

    return run


# ------------------------------------------------------------------------------------------ concurrency


@dataclass
class Load:
    target: str
    query: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    note: str = ""
    foreign: float | None = None

    def row(self, clients: int) -> str:
        if self.note and not self.requests:
            return f"| {self.target} | {self.query} | {clients} | – | – | – | – | – | – | {self.note} |"
        lat = sorted(self.latencies)
        p50 = lat[len(lat) // 2] * 1000 if lat else None
        p99 = lat[min(len(lat) - 1, math.ceil(len(lat) * 0.99) - 1)] * 1000 if lat else None
        rate = self.requests / self.seconds if self.seconds else 0.0
        other = "–" if self.foreign is None else f"{self.foreign:.0%}"
        return (f"| {self.target} | {self.query} | {clients} | {self.requests} | {self.errors} | {rate:,.1f} | "
                f"{fmt_ms(p50)} | {fmt_ms(p99)} | {other} | {self.note} |")


def run_load(target: str, q: Query, make: Callable[[], tuple[Callable[[], bytes], Callable[[], None]]],
             clients: int, duration_s: float) -> Load:
    """`clients` threads each calling its own runner back to back until the deadline (bounded in time)."""
    load, lock = Load(target, q.name), threading.Lock()
    start = time.perf_counter()
    deadline = start + duration_s
    ends: list[float] = []

    def client_loop() -> None:
        fn, close = make()
        try:
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    fn()
                    ok = True
                except (RequestTimeout, httpx.HTTPError, RuntimeError, OSError):
                    ok = False
                t1 = time.perf_counter()
                with lock:
                    if ok:
                        load.requests += 1
                        load.latencies.append(t1 - t0)
                    else:
                        load.errors += 1
        finally:
            with lock:
                ends.append(time.perf_counter())
            close()

    threads = [threading.Thread(target=client_loop, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    load.seconds = max(ends) - start if ends else 0.0
    return load


# ------------------------------------------------------------------------------------------ report


def geomean(values: list[float]) -> float | None:
    values = [x for x in values if x and x > 0]
    return math.exp(sum(math.log(x) for x in values) / len(values)) if values else None


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    return {"cores": str(os.cpu_count()), "cpu": cpu, "memory": mem, "os": platform.platform(),
            "python": platform.python_version()}


@dataclass
class Row:
    q: Query
    pyox: Timing
    vnqi: Timing
    rdflib: Timing | None
    rows: dict[str, int | None]
    agree: str
    truncated: bool
    split: dict[str, Timing] = field(default_factory=dict)  # second rounds: mem, vnqi, mem_worker, disk, …
    foreign: float | None = None  # share of the CPU used by other processes while this query was measured


def ok_ms(t: Timing | None) -> float | None:
    return t.median_ms if t is not None and t.timeout is None and t.error is None else None


def ceiling(rows: list[Row], bare_ms: float | None) -> float | None:
    """Geometric mean of rdflib / (HTTP floor + in-process pyoxigraph) over the mix: the best ratio any server on
    the same HTTP stack could show (None without every figure)."""
    if bare_ms is None or math.isnan(bare_ms):
        return None
    pairs = [(ok_ms(r.rdflib) if r.rdflib else None, ok_ms(r.pyox)) for r in rows]
    if not pairs or any(rd is None or p is None for rd, p in pairs):
        return None
    return geomean([rd / (bare_ms + p) for rd, p in pairs])


def render(args: argparse.Namespace, info: dict, rows: list[Row], loads: list[Load]) -> str:
    out = []
    w = out.append
    w("# SPARQL benchmark: vnqi vs rdflib-endpoint vs pyoxigraph in process\n")
    w(f"Command: `{args.command}` — run {info['date']}, {info['wall']:.0f} s in all.\n")
    w(f"**Data:** {info['quads']:,} quads of **synthetic** data (`bench/synth.py`, seed {args.seed}; "
      f"{info['data_mb']:.0f} MB of N-Quads, {info['gen']}), in {info['graphs']} named graphs under "
      "`https://w3id.org/vnqi/graph/synthetic/`. Not real data: every document says so (`skos:note`, "
      "`vnqi:factStatus code:fact-status/unverified`).\n")
    w("**Load and memory:**\n")
    w("| target | how it holds the data | load | resident memory after the run |")
    w("|---|---|---|---|")
    w(f"| pyoxigraph {version('pyoxigraph')} in process | in-memory `Store`, `bulk_load` of the N-Quads | "
      f"{info['pyox_load']:.1f} s | +{info['pyox_mb']:,.0f} MB in the benchmark process |")
    mode = ("each copies the version into memory at start" if info["vnqi_in_memory"]
            else "each reads the version on disk")
    w(f"| vnqi (this repo) | a store version written by `graph.build.write_version` (bulk load; **no SHACL "
      f"validation** — the data is synthetic), served by {args.workers} query worker processes: {mode} | build "
      f"{info['vnqi_build']:.1f} s + server start {info['vnqi_start']:.1f} s | {info['vnqi_mb']:,.0f} MB (server + "
      "workers) |")
    if info.get("rdflib_start") is not None:
        w(f"| rdflib-endpoint {version('rdflib-endpoint')} (rdflib {version('rdflib')}) | rdflib `Dataset` "
          f"(Memory store, default graph = union), parsed at start | parse + start {info['rdflib_start']:.1f} s | "
          f"{info['rdflib_mb']:,.0f} MB |")
    w("")
    w("## Latency per query (one client, sequential; medians)\n")
    w("Each target answers the same query text; the HTTP client (bench/http_client.py: a keep-alive connection on "
      "the standard library's http.client, which SPARQLWrapper and rdflib's SPARQLStore use through urllib) reads "
      "the whole body (SPARQL JSON results, N-Triples for CONSTRUCT); the in-process pyoxigraph column is `Store.query` + serialisation to the same format.")
    w(f"Runs: warm-up, then up to {args.reps} timed runs per target (the `runs` column). The three targets are "
      "timed in the same interleaved rounds (each round runs each once, in the same order), so that noise on this "
      "shared machine, and the cost of a server waking up after another one ran, fall on all alike; rdflib-endpoint "
      f"leaves the rounds once its timed runs add up to {args.budget_s:g} s (at least 3 runs), and the rounds stop "
      f"early once they pass {args.budget_s * 3:g} s. "
      "Target for vnqi: median ≤ 1.5 × pyoxigraph + 2 ms. `other CPU`: share of the machine's CPU capacity used by "
      "processes outside this benchmark while the line was measured (other work on a shared machine: figures taken "
      "with a high share are noisier and slower).\n")
    w("| query | rows | pyoxigraph in process (ms) | vnqi HTTP (ms) | rdflib-endpoint HTTP (ms) | vnqi / pyox "
      "| vnqi ≤ 1.5×pyox + 2 ms | rdflib / vnqi | same results | runs (pyox/vnqi/rdflib) | other CPU |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    ratios, speedups, met, faster = [], [], 0, 0
    for r in rows:
        p, vq = ok_ms(r.pyox), ok_ms(r.vnqi)
        rd = ok_ms(r.rdflib) if r.rdflib else None
        ratio = vq / p if p and vq else None
        target = (vq <= 1.5 * p + 2) if (p is not None and vq is not None) else None
        if target:
            met += 1
        if r.rdflib is not None and r.rdflib.timeout is not None and vq is not None:
            speed, speed_cell = r.rdflib.timeout * 1000 / vq, f"> {r.rdflib.timeout * 1000 / vq:,.0f}×"
        elif rd is not None and vq:
            speed, speed_cell = rd / vq, f"{rd / vq:,.1f}×"
        else:
            speed, speed_cell = None, "–"
        if speed is not None:
            speedups.append(speed)
            faster += speed > 1
        if ratio is not None:
            ratios.append(ratio)
        runs = "/".join(str(len(t.samples)) if t is not None else "–" for t in (r.pyox, r.vnqi, r.rdflib))
        rows_cell = str(r.rows.get("pyox"))
        verdict = "–" if target is None else ("yes" if target else f"**no** (limit {1.5 * p + 2:.2f})")
        w(f"| {r.q.name} | {rows_cell} | {r.pyox.cell()} | {r.vnqi.cell()}"
          f"{' ⚠ truncated' if r.truncated else ''} | {r.rdflib.cell() if r.rdflib else 'not run'} | "
          f"{'–' if ratio is None else f'{ratio:.2f}'} | {verdict} | {speed_cell} | {r.agree} | {runs} | "
          f"{'–' if r.foreign is None else f'{r.foreign:.0%}'} |")
    gp = geomean([ok_ms(r.pyox) for r in rows])
    gv = geomean([ok_ms(r.vnqi) for r in rows])
    gr = geomean([ok_ms(r.rdflib) for r in rows if r.rdflib]) if info.get("rdflib_start") is not None else None
    gs = geomean(speedups)
    w(f"| **geometric mean** | | {fmt_ms(gp)} | {fmt_ms(gv)} | {fmt_ms(gr)} | "
      f"{'–' if not geomean(ratios) else f'{geomean(ratios):.2f}'} | {met}/{len(rows)} | "
      f"{'–' if gs is None else f'{gs:,.1f}×'} | | | |")
    w("")
    w("## Targets\n")
    w(f"- vnqi's median within 1.5 × in-process pyoxigraph + 2 ms: **{'met' if met == len(rows) else 'missed'}** "
      f"— within on {met} of {len(rows)} queries (geometric mean of vnqi / pyoxigraph {geomean(ratios) or 0:.2f}).")
    if info.get("rdflib_start") is not None:
        w(f"- vnqi faster than rdflib-endpoint on every query: **{'met' if faster == len(rows) else 'missed'}** "
          f"— faster on {faster} of {len(rows)}.")
        w(f"- at least 10× faster than rdflib-endpoint in geometric mean: "
          f"**{'met' if gs and gs >= 10 else 'missed'}** ({'–' if gs is None else f'{gs:,.1f}×'}).")
        bound = ceiling(rows, (info.get("floor") or {}).get("bare"))
        if bound is not None and gs:
            w(f"  The most any server on this HTTP stack could reach with this mix: {bound:,.1f}× — the geometric "
              "mean of rdflib-endpoint's median over (the bare FastAPI floor + pyoxigraph's in-process query and "
              f"serialisation), i.e. a server with no cost of its own beyond the HTTP stack and the engine; vnqi "
              f"reaches {gs / bound:.0%} of it. The cheap queries (q1, q4, q8) cap it: rdflib answers them in about "
              "a millisecond too, so the HTTP floor is most of either side's time.")
    w("- throughput and p99 with 8 concurrent clients: below.")
    if info.get("foreign") is not None:
        w(f"- processes outside the benchmark used {info['foreign']:.0%} of the machine's CPU capacity during the "
          "measurements" + (" — **the machine was not quiet: treat the figures as noisy**." if info["foreign"] > 0.1
                            else "."))
    w("")
    w("## Where vnqi's time goes (medians, ms)\n")
    where = "mem" if info["vnqi_in_memory"] else "disk"
    w("A second set of interleaved rounds per query, in the benchmark process on the same data: pyoxigraph in memory "
      "and on the very store version vnqi serves (opened read-only), each with plain serialisation (`query + "
      "serialize`) and with what vnqi's worker does (`graph.sparql_worker.execute`: for SELECT it serialises to "
      "TSV, counts the lines against the row cap (cutting them if needed), re-parses the TSV and re-serialises to "
      "JSON; for CONSTRUCT in N-Triples the store serialises the whole result and the lines are counted); "
      "`QueryPool.run` is vnqi's executor in this process with one worker process "
      f"(**{'holding the version in memory' if info['vnqi_in_memory'] else 'reading the version on disk'}**, as "
      "vnqi's settings give), waiting in the calling thread, i.e. the worker plus the pipe; vnqi HTTP is timed "
      "again in these rounds (its route awaits the worker on the event loop). The rest of vnqi's time is HTTP and "
      "its route. These rounds run six ways one after the other, so their figures are a little slower than those "
      "of the table above.\n")
    w("| query | mem: query+ser. | mem: worker.execute | disk: query+ser. | disk: worker.execute | "
      f"QueryPool.run ({where}) | vnqi HTTP | worker's serialisation ({where}) | on disk − in memory | "
      "pipe to the worker | HTTP + route |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")

    def diff(a: float | None, b: float | None) -> str:
        return "–" if a is None or b is None else f"{a - b:+.2f}"

    for r in rows:
        m, mw, d, dw, pl, h = (ok_ms(r.split.get(k)) for k in ("mem", "mem_worker", "disk", "disk_worker", "pool",
                                                               "vnqi"))
        base, worker = (m, mw) if info["vnqi_in_memory"] else (d, dw)
        w(f"| {r.q.name} | {fmt_ms(m)} | {fmt_ms(mw)} | {fmt_ms(d)} | {fmt_ms(dw)} | {fmt_ms(pl)} | {fmt_ms(h)} | "
          f"{diff(worker, base)} | {diff(d, m)} | {diff(pl, worker)} | {diff(h, pl)} |")
    if info.get("floor"):
        f = {k: (v if v is not None else float("nan")) for k, v in info["floor"].items()}
        w(f"| floor: `{FLOOR_QUERY}` | {fmt_ms(f['mem'])} | {fmt_ms(f['mem_worker'])} | {fmt_ms(f['disk'])} | "
          f"{fmt_ms(f['disk_worker'])} | {fmt_ms(f['pool'])} | {fmt_ms(f['vnqi'])} | | | "
          f"{diff(f['pool'], f[where + '_worker'])} | {diff(f['vnqi'], f['pool'])} |")
        w(f"\nPer-request floors over HTTP (`{FLOOR_QUERY}`, same client, medians): vnqi {fmt_ms(f['vnqi'])} ms; a bare "
          f"FastAPI handler returning a constant body under the same uvicorn flags {fmt_ms(f['bare'])} ms"
          + (f"; rdflib-endpoint {fmt_ms(f['rdflib'])} ms." if f.get("rdflib") is not None else "."))
    if info.get("health_ms") is not None:
        w(f"\nvnqi's `GET /health` takes {fmt_ms(info['health_ms'])} ms (median of 5).")
    def split(r: Row, key: str) -> float | None:
        return ok_ms(r.split.get(key))

    disk_mem = geomean([split(r, "disk") / split(r, "mem") for r in rows if split(r, "disk") and split(r, "mem")])
    work_mem = geomean([split(r, "mem_worker") / split(r, "mem") for r in rows
                        if r.q.form == "select" and split(r, "mem_worker") and split(r, "mem")])
    construct = [(split(r, "mem_worker"), split(r, "mem")) for r in rows if r.q.form == "construct"]
    http = [split(r, "vnqi") - split(r, "pool") for r in rows
            if split(r, "vnqi") is not None and split(r, "pool") is not None]
    w("\nReading it (geometric means over the mix):")
    if disk_mem:
        w(f"- the store version read on disk is {disk_mem:.2f}× slower than the same data in memory (query + "
          f"serialisation, same process); vnqi's workers {'copy it into memory' if info['vnqi_in_memory'] else 'read it on disk'};")
    if work_mem:
        w(f"- the worker's SELECT path (TSV, cut, re-parse, JSON) costs {work_mem:.2f}× plain JSON serialisation in "
          "memory (it grows with the number of rows);")
    for worker, plain in construct:
        if worker and plain:
            w(f"- its CONSTRUCT path (N-Triples by the store, lines counted) costs {worker / plain:.2f}× the store's "
              "own serialisation in memory;")
    if http:
        w(f"- HTTP and vnqi's route on top of `QueryPool.run` add a median {statistics.median(http):.2f} ms per query "
          "(more for large bodies).")
    w("")
    w(f"## Concurrency: {args.clients} client threads, {args.duration_s:g} s per line\n")
    w("Each thread has its own HTTP connection and sends the next request as soon as the previous one is answered; "
      f"requests/s counts completed requests over the time until the last one ended. **The load generator runs "
      f"on the same {os.cpu_count()} cores** as the server under test (and vnqi's {args.workers} query workers), so "
      f"these are lower bounds for a server on its own machine. vnqi runs at most {args.workers} queries at once "
      "(one per worker process); the others wait for a free worker. rdflib-endpoint runs each query inside its event "
      f"loop, one at a time. The in-process pyoxigraph line is {args.clients} threads calling `Store.query` + "
      "serialisation in the benchmark process (no HTTP), for reference.\n")
    w("| target | query | clients | requests | errors | req/s | p50 ms | p99 ms | other CPU | note |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    for load in loads:
        w(load.row(args.clients))
    w("")
    w("## Machine and versions\n")
    m = info["machine"]
    w(f"- {m['cores']} cores ({m['cpu']}), {m['memory']}, {m['os']}; Python {m['python']}. The benchmark process, "
      "the vnqi server with its workers and the rdflib-endpoint server share these cores; the servers not under "
      "test are idle.")
    w(f"- pyoxigraph {version('pyoxigraph')}, rdflib {version('rdflib')}, rdflib-endpoint "
      f"{version('rdflib-endpoint')}, fastapi {version('fastapi')}, uvicorn {version('uvicorn')} (with "
      f"httptools {version('httptools')} and uvloop {version('uvloop')}, which both servers' uvicorn picks up), "
      f"httpx {version('httpx')} (readiness checks).")
    settings = ", ".join(f"VNQI_{k.upper()}={v}" for k, v in info["vnqi_settings"].items())
    w(f"- vnqi settings: {settings}; the others at their defaults (workers copy the version into memory: "
      f"{'yes' if info['vnqi_in_memory'] else 'no'}). No query of the mix is capped: the `X-Result-Truncated` "
      "header was checked on every response. Both servers: one uvicorn process, `--no-access-log`.")
    w("")
    w("## The query mix (`bench/queries/`)\n")
    for r in rows:
        w(f"- `{r.q.name}` ({r.q.form.upper()}): {r.q.intent}")
    if info.get("problems"):
        w("\n## Problems seen in this run\n")
        for problem in info["problems"]:
            w(f"- {problem}")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------ main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    p.add_argument("--out", type=Path, default=ROOT / "bench/results/sparql.md")
    p.add_argument("--data-dir", type=Path, default=synth.DATA_DIR)
    p.add_argument("--reps", type=int, default=60, help="timed runs per query and target (at most; sub-millisecond "
                   "medians need many: 20 left q8 within noise of rdflib-endpoint)")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--budget-s", type=float, default=30.0, help="stop timing a query on a target after this")
    p.add_argument("--timeout-s", type=float, default=120.0, help="one request's time limit (and vnqi's)")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--duration-s", type=float, default=10.0, help="length of each concurrency run")
    p.add_argument("--workers", type=int, default=2, help="vnqi query worker processes")
    p.add_argument("--skip-rdflib", action="store_true", help="do not start rdflib-endpoint")
    p.add_argument("--vnqi-setting", action="append", default=[], metavar="NAME=VALUE",
                   help="pass a vnqi setting (api/settings.py) as VNQI_NAME, e.g. query_in_memory=false")
    p.add_argument("--wait-quiet-s", type=float, default=0.0,
                   help="first wait up to this long for other processes to use under 10%% of the CPU")
    args = p.parse_args(argv)
    if args.reps < 1 or args.triples < 1000 or args.clients < 1 or args.duration_s <= 0:
        p.error("--reps, --clients, --duration-s must be positive and --triples at least 1000")
    try:
        out_display = args.out.resolve().relative_to(ROOT)
    except ValueError:
        out_display = args.out
    extra = [a for a in (argv if argv is not None else sys.argv[1:])]
    keep, skip = [], False
    for a in extra:  # the command as run, with --out shown relative to the repository
        if skip:
            skip = False
            continue
        if a == "--out":
            skip = True
            continue
        if not a.startswith("--out="):
            keep.append(a)
    args.command = " ".join(["python -m bench.bench_sparql", *keep, "--out", str(out_display)])
    return args


def harness_rss_mb() -> float:
    return rss_mb(os.getpid())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wall = time.perf_counter()
    queries = load_queries()
    if args.wait_quiet_s > 0:
        deadline, meter = time.perf_counter() + args.wait_quiet_s, CpuMeter()
        while True:  # bounded by the deadline
            meter.reset()
            time.sleep(5)
            share = meter.foreign_share()
            if share < 0.1 or time.perf_counter() > deadline:
                log(f"other processes use {share:.0%} of the CPU: starting")
                break
            log(f"other processes use {share:.0%} of the CPU: waiting")
        wall = time.perf_counter()  # the waiting is not part of the run
    info: dict = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "machine": machine(), "problems": []}
    path = synth.data_path(args.triples, args.seed, args.data_dir)
    gen_s = None
    if not path.exists():  # in a child process, so that this one's memory figures are not skewed by it
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bench.synth", "--triples", str(args.triples), "--seed", str(args.seed),
                        "--data-dir", str(args.data_dir)], cwd=ROOT, check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, timeout=1800)
        gen_s = time.perf_counter() - started
    path, quads, _ = synth.ensure(args.triples, args.seed, args.data_dir)
    info.update(quads=quads, data_mb=path.stat().st_size / 1e6,
                gen=f"generated in {gen_s:.1f} s (child process)" if gen_s is not None else "reused from an earlier run")
    log(f"data {path} ({quads} quads, {info['gen']})")

    before = harness_rss_mb()
    t0 = time.perf_counter()
    mem = ox.Store()
    mem.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    info["pyox_load"] = time.perf_counter() - t0
    info["pyox_mb"] = harness_rss_mb() - before
    info["graphs"] = len(list(mem.named_graphs()))
    log(f"pyoxigraph in memory: {info['pyox_load']:.1f} s")
    missing = [iri for q in queries for iri in re.findall(r"<(https://w3id\.org/vnqi/id/synthetic/[^>]*[^/>])>", q.text)
               if not any(mem.quads_for_pattern(ox.NamedNode(iri), None, None, None))]
    for q in queries:  # prefixed names syn:<local> too
        for local in re.findall(r"\bsyn:([\w-]+)", q.text):
            iri = "https://w3id.org/vnqi/id/synthetic/doc/" + local
            if not any(mem.quads_for_pattern(ox.NamedNode(iri), None, None, None)):
                missing.append(iri)
    if missing:
        log(f"the data lacks entities the queries name: {missing}")
        return 2

    tmp = Path(tempfile.mkdtemp(prefix="vnqi-bench-"))
    servers: list[Server] = []
    disk: ox.Store | None = None
    pool = None
    try:
        from graph.build import write_version

        t0 = time.perf_counter()
        store_path, built = write_version(tmp / "var", path.read_bytes())
        info["vnqi_build"] = time.perf_counter() - t0
        log(f"vnqi store version {store_path}: {built} quads in {info['vnqi_build']:.1f} s")
        overrides = {"store": f"oxigraph:{store_path}", "var_dir": str(tmp / "var"), "max_rows": str(MAX_ROWS),
                     "query_timeout_s": str(args.timeout_s), "query_workers": str(args.workers)}
        for item in args.vnqi_setting:
            name, _, value = item.partition("=")
            overrides[name.strip().lower()] = value.strip()
        from api.settings import Settings

        settings = Settings(**overrides)  # what the server will see: checks the names and values here first
        info["vnqi_in_memory"] = bool(getattr(settings, "query_in_memory", False))
        info["vnqi_settings"] = {k: v for k, v in overrides.items() if k not in ("store", "var_dir")}
        env = base_env() | {f"VNQI_{k.upper()}": v for k, v in overrides.items()}
        vnqi = Server("vnqi", "bench.servers:vnqi_app", env, "/health", {}, tmp / "vnqi.log", 1800)
        servers.append(vnqi)
        info["vnqi_start"] = vnqi.start()
        log(f"vnqi at {vnqi.url} in {info['vnqi_start']:.1f} s")
        rdflib_server = None
        if not args.skip_rdflib:
            env = base_env() | {"BENCH_RDFLIB_DATA": str(path)}
            rdflib_server = Server("rdflib-endpoint", "bench.servers:rdflib_app", env, "/",
                                   {"Accept": "text/turtle"}, tmp / "rdflib.log", 1800)
            servers.append(rdflib_server)
            info["rdflib_start"] = rdflib_server.start()
            log(f"rdflib-endpoint at {rdflib_server.url} in {info['rdflib_start']:.1f} s")
        disk = ox.Store.read_only(str(store_path))
        from graph.executor import QueryPool

        pool_options = {"in_memory": info["vnqi_in_memory"]} if "in_memory" in inspect.signature(QueryPool).parameters \
            else {}
        pool = QueryPool(store_path, workers=1, timeout_s=args.timeout_s, **pool_options)
        bare = Server("bare FastAPI", "bench.servers:bare_app", base_env(), "/health", {}, tmp / "bare.log", 60)
        servers.append(bare)
        bare.start()

        meter, whole = CpuMeter(), CpuMeter()
        rows: list[Row] = []
        failed = False
        with KeepAliveClient(args.timeout_s) as client:
            for q in queries:
                log(f"{q.name}")
                meter.reset()
                seen: list = []
                targets = {"pyox": pyox_runner(mem, q),
                           "vnqi": http_runner(client, vnqi, "/sparql", q, args.timeout_s, seen)}
                if rdflib_server is not None:
                    targets["rdflib"] = http_runner(client, rdflib_server, "/", q, args.timeout_s)
                t, b = measure_rounds(targets, args.reps, args.warmup, args.budget_s * 3,
                                      budgets={"rdflib": args.budget_s})
                pyox_t, vnqi_t, pyox_body, vnqi_body = t["pyox"], t["vnqi"], b["pyox"], b["vnqi"]
                rd_t, rd_body = t.get("rdflib"), b.get("rdflib")
                if rd_t is not None and rd_t.timeout is not None:  # it is still computing in its event loop
                    info["problems"].append(f"rdflib-endpoint did not answer {q.name} within "
                                            f"{args.timeout_s:g} s; it was restarted")
                    assert rdflib_server is not None
                    rdflib_server.restart()
                ways = {"mem": pyox_runner(mem, q), "vnqi": http_runner(client, vnqi, "/sparql", q, args.timeout_s, seen),
                        "mem_worker": worker_runner(mem, q), "disk": pyox_runner(disk, q),
                        "disk_worker": worker_runner(disk, q), "pool": pool_runner(pool, q)}
                split, _ = measure_rounds(ways, args.reps, args.warmup, args.budget_s * len(ways) / 2)
                truncated = any("x-result-truncated" in h for h in seen)
                results = {name: summarise(q.form, body) if body is not None else None
                           for name, body in (("pyox", pyox_body), ("vnqi", vnqi_body), ("rdflib", rd_body))}
                counts = {k: (v[0] if v else None) for k, v in results.items()}
                compared = {k: v for k, v in results.items() if v is not None}
                if len({v[0] for v in compared.values()}) > 1:
                    agree = "**no**: " + ", ".join(f"{k} {v[0]}" for k, v in compared.items())
                    failed = True
                elif q.form != "construct" and len({repr(v[1]) for v in compared.values()}) > 1:
                    agree = "same count, **values differ**"
                    failed = True
                else:
                    agree = "yes" + (" (count)" if q.form == "construct" else "")
                if truncated:
                    failed = True
                    info["problems"].append(f"vnqi truncated {q.name} (X-Result-Truncated)")
                named = {"mem": "pyoxigraph (second rounds)", "vnqi": "vnqi (second rounds)",
                         "mem_worker": "worker.execute in memory", "disk": "pyoxigraph on disk",
                         "disk_worker": "worker.execute on disk", "pool": "QueryPool.run"}
                for name, tm in (("pyoxigraph", pyox_t), ("vnqi", vnqi_t), ("rdflib-endpoint", rd_t),
                                 *((named[k], v) for k, v in split.items())):
                    if tm is not None and (tm.error or tm.timeout):
                        info["problems"].append(f"{name} failed on {q.name}: {tm.error or 'time-out'}")
                        failed = True
                rows.append(Row(q, pyox_t, vnqi_t, rd_t, counts, agree, truncated, split, meter.foreign_share()))
                log(f"  rows {counts}  pyox {pyox_t.cell()}  vnqi {vnqi_t.cell()}  "
                    f"rdflib {rd_t.cell() if rd_t else '-'}  pool {split['pool'].cell()}  disk {split['disk'].cell()}")

            floor_q = Query("floor", FLOOR_QUERY, "ask", "")
            ways = {"mem": pyox_runner(mem, floor_q), "mem_worker": worker_runner(mem, floor_q),
                    "disk": pyox_runner(disk, floor_q), "disk_worker": worker_runner(disk, floor_q),
                    "pool": pool_runner(pool, floor_q),
                    "vnqi": http_runner(client, vnqi, "/sparql", floor_q, args.timeout_s),
                    "bare": http_runner(client, bare, "/sparql", floor_q, args.timeout_s)}
            if rdflib_server is not None:
                ways["rdflib"] = http_runner(client, rdflib_server, "/", floor_q, args.timeout_s)
            floor_t, _ = measure_rounds(ways, max(args.reps, 50), args.warmup, args.budget_s)
            info["floor"] = {name: tm.median_ms for name, tm in floor_t.items()}
            health = []
            for _ in range(5):
                t0 = time.perf_counter()
                client.get(vnqi.url + "/health").raise_for_status()
                health.append((time.perf_counter() - t0) * 1000)
            info["health_ms"] = statistics.median(health)

        loads: list[Load] = []
        by_name = {q.name: q for q in queries}
        medians = {r.q.name: r for r in rows}
        for qname in (LIGHT_QUERY, JOIN_QUERY):
            q = by_name[qname]

            def pyox_make(q: Query = q) -> tuple[Callable[[], bytes], Callable[[], None]]:
                return pyox_runner(mem, q), lambda: None

            targets: list[tuple[str, Callable]] = []
            for server, path_ in ((vnqi, "/sparql"), (rdflib_server, "/")):
                if server is None:
                    continue

                def make(server: Server = server, path_: str = path_, q: Query = q
                         ) -> tuple[Callable[[], bytes], Callable[[], None]]:
                    c = KeepAliveClient(args.timeout_s)
                    return http_runner(c, server, path_, q, args.timeout_s), c.close

                targets.append((server.name, make))
            targets.append(("pyoxigraph in process (threads)", pyox_make))
            for name, make in targets:
                if name == "rdflib-endpoint":
                    single = ok_ms(medians[qname].rdflib)
                    if single is None or single > 5000:
                        loads.append(Load(name, qname, note="not run: one request takes over 5 s"))
                        continue
                log(f"load: {name} on {qname}")
                meter.reset()
                load = run_load(name, q, make, args.clients, args.duration_s)
                load.foreign = meter.foreign_share()
                if name == "rdflib-endpoint":
                    load.note = "its handler runs the query inside the event loop: requests queue"
                loads.append(load)
        info["foreign"] = whole.foreign_share()
        info["vnqi_mb"] = vnqi.rss_mb()
        info["rdflib_mb"] = rdflib_server.rss_mb() if rdflib_server else 0.0
    finally:
        if pool is not None:
            pool.close()
        for server in servers:
            server.stop()
        disk = None
        shutil.rmtree(tmp, ignore_errors=True)
    info["wall"] = time.perf_counter() - wall
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(args, info, rows, loads), encoding="utf-8")
    log(f"wrote {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
