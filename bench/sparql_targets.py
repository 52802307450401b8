"""The ways the SPARQL benchmark answers a query (HTTP, pyoxigraph, vnqi's pool and worker) and its load runs."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import pyoxigraph as ox

from bench.http_client import KeepAliveClient
from bench.processes import Server
from bench.query_mix import ACCEPT, Query
from bench.timing import RequestTimeout, fmt_ms

MAX_ROWS = 50_000_000  # vnqi's cap, far above any result of the mix


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
    from graph.query_job import QueryRequest

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
