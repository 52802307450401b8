"""The SPARQL benchmark's measurements: each query on every target, the per-request floor, the load runs."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from bench.http_client import KeepAliveClient
from bench.processes import CpuMeter, Server
from bench.query_mix import Query, summarise
from bench.sparql_latency import FLOOR_QUERY, Row, ok_ms
from bench.sparql_targets import (
    Load,
    http_runner,
    pool_runner,
    pyox_runner,
    run_load,
    worker_runner,
)
from bench.timing import Timing, measure_mix, measure_rounds

LIGHT_QUERY = "q1-entity-in-out"
JOIN_QUERY = "q3-two-hop-join"
SPLIT_NAMES = {"mem": "pyoxigraph (second rounds)", "vnqi": "vnqi (second rounds)",
               "mem_worker": "worker.execute in memory", "disk": "pyoxigraph on disk",
               "disk_worker": "worker.execute on disk", "pool": "QueryPool.run"}


def log(message: str) -> None:
    """A progress line on stderr."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Targets:
    """Everything a query is answered by in one run: the engines in this process and the servers."""

    args: argparse.Namespace
    mem: ox.Store
    disk: ox.Store
    pool: object  # graph.executor.QueryPool
    vnqi: Server
    rdflib: Server | None
    bare: Server
    client: KeepAliveClient

    def http(self, server: Server, q: Query, seen: list | None = None) -> Callable[[], bytes]:
        """A runner posting `q` to a server's endpoint with the shared client."""
        path = "/" if server is self.rdflib else "/sparql"
        return http_runner(self.client, server, path, q, self.args.timeout_s, seen)


def measure_query(t: Targets, q: Query, info: dict, meter: CpuMeter) -> tuple[Row, bool]:
    """Interleaved rounds on the three targets, then on the six ways of the where-table; (row, failed)."""
    args = t.args
    meter.reset()
    seen: list = []
    targets = {"pyox": pyox_runner(t.mem, q), "vnqi": t.http(t.vnqi, q, seen)}
    if t.rdflib is not None:
        targets["rdflib"] = t.http(t.rdflib, q)
    times, bodies = measure_rounds(targets, args.reps, args.warmup, args.budget_s * 3,
                                   budgets={"rdflib": args.budget_s})
    rd_t = times.get("rdflib")
    if rd_t is not None and rd_t.timeout is not None:  # it is still computing in its event loop
        info["problems"].append(f"rdflib-endpoint did not answer {q.name} within {args.timeout_s:g} s; it was "
                                "restarted")
        assert t.rdflib is not None
        t.rdflib.restart()
    ways = {"mem": pyox_runner(t.mem, q), "vnqi": t.http(t.vnqi, q, seen), "mem_worker": worker_runner(t.mem, q),
            "disk": pyox_runner(t.disk, q), "disk_worker": worker_runner(t.disk, q), "pool": pool_runner(t.pool, q)}
    split, _ = measure_rounds(ways, args.reps, args.warmup, args.budget_s * len(ways) / 2)
    truncated = any("x-result-truncated" in h for h in seen)
    results = {name: summarise(q.form, body) for name in ("pyox", "vnqi", "rdflib")
               if (body := bodies.get(name)) is not None}
    agree, failed = _agreement(q, results)
    counts = {name: (results[name][0] if name in results else None) for name in ("pyox", "vnqi", "rdflib")}
    if truncated:
        failed = True
        info["problems"].append(f"vnqi truncated {q.name} (X-Result-Truncated)")
    failed |= _failures(q, info, (("pyoxigraph", times["pyox"]), ("vnqi", times["vnqi"]), ("rdflib-endpoint", rd_t),
                                  *((SPLIT_NAMES[k], v) for k, v in split.items())))
    row = Row(q, times["pyox"], times["vnqi"], rd_t, counts, agree, truncated, split, meter.foreign_share())
    log(f"{q.name}: rows {counts}  pyox {row.pyox.cell()}  vnqi {row.vnqi.cell()}  "
        f"rdflib {rd_t.cell() if rd_t else '-'}  pool {split['pool'].cell()}  disk {split['disk'].cell()}")
    return row, failed


def _agreement(q: Query, compared: dict[str, tuple[int, object]]) -> tuple[str, bool]:
    """The `same results` cell and whether the engines disagree (counts, then values for SELECT and ASK)."""
    if len({v[0] for v in compared.values()}) > 1:
        return "**no**: " + ", ".join(f"{k} {v[0]}" for k, v in compared.items()), True
    if q.form != "construct" and len({repr(v[1]) for v in compared.values()}) > 1:
        return "same count, **values differ**", True
    return "yes" + (" (count)" if q.form == "construct" else ""), False


def _failures(q: Query, info: dict, timings: tuple[tuple[str, Timing | None], ...]) -> bool:
    """Record each target that failed or timed out on `q`; whether any did."""
    failed = False
    for name, tm in timings:
        if tm is not None and (tm.error or tm.timeout):
            info["problems"].append(f"{name} failed on {q.name}: {tm.error or 'time-out'}")
            failed = True
    return failed


def measure_in_a_row(t: Targets, queries: list[Query], rows: list[Row], info: dict) -> bool:
    """The mix again, each target answering all its queries in a row per round (the bare handler answering each
    query's request with its constant body, for the ceiling), into each row's `in_a_row`; whether any failed."""
    def of(server: Server) -> dict[str, Callable[[], bytes]]:
        return {q.name: t.http(server, q) for q in queries}

    targets = {"pyox": {q.name: pyox_runner(t.mem, q) for q in queries}, "vnqi": of(t.vnqi), "bare": of(t.bare)}
    if t.rdflib is not None:  # not the queries it could not answer one by one: they would only time out again
        answered = {r.q.name for r in rows if r.rdflib is not None and r.rdflib.timeout is None
                    and r.rdflib.error is None}
        targets["rdflib"] = {name: fn for name, fn in of(t.rdflib).items() if name in answered}
    found, bodies = measure_mix(targets, t.args.reps, t.args.budget_s * 4, budgets={"rdflib": t.args.budget_s / 2})
    if t.rdflib is not None and any(tm.timeout is not None for tm in found["rdflib"].values()):
        t.rdflib.restart()  # it is still computing in its event loop
    failed = False
    for r in rows:
        r.in_a_row = {name: by_query[r.q.name] for name, by_query in found.items() if r.q.name in by_query}
        failed |= _failures(r.q, info, tuple((f"{name} (mix in a row)", tm) for name, tm in r.in_a_row.items()))
        answers = {name: summarise(r.q.form, by_query[r.q.name]) for name, by_query in bodies.items()
                   if name != "bare" and r.q.name in by_query}
        r.in_a_row_agree, disagree = _agreement(r.q, answers)
        if disagree:
            info["problems"].append(f"the targets disagree on {r.q.name} with the mix in a row: {r.in_a_row_agree}")
        failed |= disagree
    log("mix in a row: " + "  ".join(f"{r.q.name} vnqi {r.in_a_row['vnqi'].cell()}" for r in rows))
    return failed


def measure_floor(t: Targets, info: dict) -> None:
    """The per-request floor (`ASK {}`) of every way, and vnqi's /health, into `info`."""
    q = Query("floor", FLOOR_QUERY, "ask", "")
    ways = {"mem": pyox_runner(t.mem, q), "mem_worker": worker_runner(t.mem, q), "disk": pyox_runner(t.disk, q),
            "disk_worker": worker_runner(t.disk, q), "pool": pool_runner(t.pool, q), "vnqi": t.http(t.vnqi, q),
            "bare": t.http(t.bare, q)}
    if t.rdflib is not None:
        ways["rdflib"] = t.http(t.rdflib, q)
    floor, _ = measure_rounds(ways, max(t.args.reps, 50), t.args.warmup, t.args.budget_s)
    info["floor"] = {name: tm.median_ms for name, tm in floor.items()}
    health = []
    for _ in range(5):
        t0 = time.perf_counter()
        t.client.get(t.vnqi.url + "/health").raise_for_status()
        health.append((time.perf_counter() - t0) * 1000)
    info["health_ms"] = statistics.median(health)


def run_loads(t: Targets, queries: list[Query], rows: list[Row], meter: CpuMeter) -> list[Load]:
    """Concurrent clients on the light query and on the 2-hop join, for each server and pyoxigraph in threads."""
    args, loads = t.args, []
    by_name, medians = {q.name: q for q in queries}, {r.q.name: r for r in rows}
    for qname in (LIGHT_QUERY, JOIN_QUERY):
        q = by_name[qname]
        for name, make in _load_makers(t, q):
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
    return loads


def _load_makers(t: Targets, q: Query) -> list[tuple[str, Callable]]:
    """(target name, factory of a client's runner and closer): each client thread has its own connection."""
    makers: list[tuple[str, Callable]] = []
    for server in (t.vnqi, t.rdflib):
        if server is None:
            continue

        def make(server: Server = server) -> tuple[Callable[[], bytes], Callable[[], None]]:
            c = KeepAliveClient(t.args.timeout_s)
            path = "/" if server is t.rdflib else "/sparql"
            return http_runner(c, server, path, q, t.args.timeout_s), c.close

        makers.append((server.name, make))
    makers.append(("pyoxigraph in process (threads)", lambda: (pyox_runner(t.mem, q), lambda: None)))
    return makers
