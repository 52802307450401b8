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
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from bench import synth
from bench.http_client import KeepAliveClient
from bench.machine import machine
from bench.processes import ROOT, CpuMeter, Server, base_env, rss_mb
from bench.query_mix import Query, load_queries
from bench.sparql_latency import Row
from bench.sparql_report import render
from bench.sparql_rounds import (
    Targets,
    log,
    measure_floor,
    measure_in_a_row,
    measure_query,
    run_loads,
)
from bench.sparql_targets import MAX_ROWS


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    p.add_argument("--out", type=Path, default=ROOT / "bench/results/sparql.md")
    p.add_argument("--data-dir", type=Path, default=synth.DATA_DIR)
    p.add_argument("--reps", type=int, default=60, help="timed runs per query and target (at most; sub-millisecond "
                   "medians need many: 20 left q8 within noise of rdflib-endpoint)")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--in-a-row", action=argparse.BooleanOptionalAction, default=True,
                   help="also time the mix with each target answering all its queries in a row per round")
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
    """Resident memory of this process and its children, in MB."""
    return rss_mb(os.getpid())


def wait_quiet(seconds: float) -> None:
    """Wait up to `seconds` for other processes to use under 10 % of the CPU."""
    deadline, meter = time.perf_counter() + seconds, CpuMeter()
    while True:  # bounded by the deadline
        meter.reset()
        time.sleep(5)
        share = meter.foreign_share()
        if share < 0.1 or time.perf_counter() > deadline:
            log(f"other processes use {share:.0%} of the CPU: starting")
            return
        log(f"other processes use {share:.0%} of the CPU: waiting")


def prepare_data(args: argparse.Namespace, info: dict) -> Path:
    """The synthetic N-Quads file (generated in a child process, so that this one's memory figures are not
    skewed by it, unless an earlier run left it)."""
    path = synth.data_path(args.triples, args.seed, args.data_dir)
    gen_s = None
    if not path.exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bench.synth", "--triples", str(args.triples), "--seed", str(args.seed),
                        "--data-dir", str(args.data_dir)], cwd=ROOT, check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, timeout=1800)
        gen_s = time.perf_counter() - started
    path, quads, _ = synth.ensure(args.triples, args.seed, args.data_dir)
    info.update(quads=quads, data_mb=path.stat().st_size / 1e6,
                gen=f"generated in {gen_s:.1f} s (child process)" if gen_s is not None else "reused from an earlier run")
    log(f"data {path} ({quads} quads, {info['gen']})")
    return path


def load_in_memory(path: Path, info: dict) -> ox.Store:
    """pyoxigraph's in-memory store of the data, with its load time and memory in `info`."""
    before = harness_rss_mb()
    t0 = time.perf_counter()
    mem = ox.Store()
    mem.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    info["pyox_load"] = time.perf_counter() - t0
    info["pyox_mb"] = harness_rss_mb() - before
    info["graphs"] = len(list(mem.named_graphs()))
    log(f"pyoxigraph in memory: {info['pyox_load']:.1f} s")
    return mem


def missing_entities(mem: ox.Store, queries: list[Query]) -> list[str]:
    """IRIs the queries name (in full or as syn:<local>) that the data lacks."""
    named = [iri for q in queries for iri in re.findall(r"<(https://w3id\.org/vnqi/id/synthetic/[^>]*[^/>])>", q.text)]
    named += ["https://w3id.org/vnqi/id/synthetic/doc/" + local for q in queries
              for local in re.findall(r"\bsyn:([\w-]+)", q.text)]
    return [iri for iri in named if not any(mem.quads_for_pattern(ox.NamedNode(iri), None, None, None))]


def vnqi_settings(args: argparse.Namespace, store_path: Path, tmp: Path, info: dict) -> dict[str, str]:
    """The VNQI_ settings the server gets (checked here first by api.settings.Settings)."""
    overrides = {"store": f"oxigraph:{store_path}", "var_dir": str(tmp / "var"), "max_rows": str(MAX_ROWS),
                 "query_timeout_s": str(args.timeout_s), "query_workers": str(args.workers)}
    for item in args.vnqi_setting:
        name, _, value = item.partition("=")
        overrides[name.strip().lower()] = value.strip()
    from api.settings import Settings

    settings = Settings(**overrides)  # what the server will see: checks the names and values here first
    info["vnqi_in_memory"] = bool(getattr(settings, "query_in_memory", False))
    info["vnqi_settings"] = {k: v for k, v in overrides.items() if k not in ("store", "var_dir")}
    return base_env() | {f"VNQI_{k.upper()}": v for k, v in overrides.items()}


def start_servers(args: argparse.Namespace, path: Path, tmp: Path, info: dict, servers: list[Server]
                  ) -> tuple[Path, Server, Server | None, Server]:
    """Build vnqi's store version and start vnqi, rdflib-endpoint (unless skipped) and the bare FastAPI app;
    each is appended to `servers` as soon as it exists (the caller stops them)."""
    from graph.build import write_version

    t0 = time.perf_counter()
    store_path, built = write_version(tmp / "var", path.read_bytes())
    info["vnqi_build"] = time.perf_counter() - t0
    log(f"vnqi store version {store_path}: {built} quads in {info['vnqi_build']:.1f} s")
    vnqi = Server("vnqi", "bench.servers:vnqi_app", vnqi_settings(args, store_path, tmp, info), "/health", {},
                  tmp / "vnqi.log", 1800)
    servers.append(vnqi)
    info["vnqi_start"] = vnqi.start()
    info["vnqi_malloc"] = workers_malloc(vnqi.url)
    log(f"vnqi at {vnqi.url} in {info['vnqi_start']:.1f} s")
    rdflib_server = None
    if not args.skip_rdflib:
        env = base_env() | {"BENCH_RDFLIB_DATA": str(path)}
        rdflib_server = Server("rdflib-endpoint", "bench.servers:rdflib_app", env, "/", {"Accept": "text/turtle"},
                               tmp / "rdflib.log", 1800)
        servers.append(rdflib_server)
        info["rdflib_start"] = rdflib_server.start()
        log(f"rdflib-endpoint at {rdflib_server.url} in {info['rdflib_start']:.1f} s")
    bare = Server("bare FastAPI", "bench.servers:bare_app", base_env(), "/health", {}, tmp / "bare.log", 60)
    servers.append(bare)
    bare.start()
    return store_path, vnqi, rdflib_server, bare


def workers_malloc(url: str) -> str | None:
    """The malloc vnqi's query workers run with, from its /ready (None when it does not say)."""
    try:
        reply = KeepAliveClient(10).request("GET", url + "/ready")
        return json.loads(reply.content).get("query_workers", {}).get("allocator")
    except (OSError, ValueError, AttributeError):
        return None


def open_pool(store_path: Path, args: argparse.Namespace, info: dict) -> object:
    """vnqi's QueryPool in this process, one worker, in the mode vnqi's settings give."""
    from graph.executor import QueryPool

    in_memory = "in_memory" in inspect.signature(QueryPool).parameters
    options = {"in_memory": info["vnqi_in_memory"]} if in_memory else {}
    return QueryPool(store_path, workers=1, timeout_s=args.timeout_s, **options)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the report; 1 when engines disagree or vnqi truncated a result."""
    args = parse_args(argv)
    queries = load_queries()
    if args.wait_quiet_s > 0:
        wait_quiet(args.wait_quiet_s)
    wall = time.perf_counter()  # the waiting is not part of the run
    info: dict = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "machine": machine(), "problems": []}
    path = prepare_data(args, info)
    mem = load_in_memory(path, info)
    missing = missing_entities(mem, queries)
    if missing:
        log(f"the data lacks entities the queries name: {missing}")
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="vnqi-bench-"))
    servers: list[Server] = []
    pool, t = None, None
    try:
        store_path, vnqi, rdflib_server, bare = start_servers(args, path, tmp, info, servers)
        pool = open_pool(store_path, args, info)
        meter, whole = CpuMeter(), CpuMeter()
        rows: list[Row] = []
        failed = False
        with KeepAliveClient(args.timeout_s) as client:
            t = Targets(args, mem, ox.Store.read_only(str(store_path)), pool, vnqi, rdflib_server, bare, client)
            for q in queries:
                row, bad = measure_query(t, q, info, meter)
                rows.append(row)
                failed |= bad
            if args.in_a_row:
                failed |= measure_in_a_row(t, queries, rows, info)
            measure_floor(t, info)
        loads = run_loads(t, queries, rows, meter)
        info["foreign"] = whole.foreign_share()
        info["vnqi_mb"] = vnqi.rss_mb()
        info["rdflib_mb"] = rdflib_server.rss_mb() if rdflib_server else 0.0
    finally:
        if pool is not None:
            pool.close()  # type: ignore[attr-defined]
        for server in servers:
            server.stop()
        t = None  # closes the read-only store version before its directory goes
        shutil.rmtree(tmp, ignore_errors=True)
    info["wall"] = time.perf_counter() - wall
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(args, info, rows, loads), encoding="utf-8")
    log(f"wrote {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
