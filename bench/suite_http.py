"""Benchmark suite over HTTP on loopback: throughput and p50/p99 with N concurrent clients, and search latency."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from bench.load_test import PAGE, Stats, pct, timed
from bench.processes import CpuMeter
from bench.timing import measure

Request = tuple[str, str, dict]  # method, path, httpx keyword arguments
NT = "application/n-triples"
JSON_RESULTS = "application/sparql-results+json"
# Search words for the synthetic labels (graph/synth.py topics, kinds of documents), with and without diacritics.
SEARCHES = ["đo lường", "an toàn thực phẩm", "nghị định", "thông tư hướng dẫn", "sở hữu trí tuệ", "tieu chuan",
            "chat luong san pham", "TCVN ISO", "hóa chất", "năng lượng nguyên tử"]
NAIVE_SEARCH = ("SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label "
                "FILTER(CONTAINS(LCASE(STR(?label)), %s)) } LIMIT 20")


@dataclass
class Load:
    """One throughput run."""

    what: str
    target: str
    clients: int
    requests: int = 0
    errors: int = 0
    rps: float = 0.0
    p50_ms: float | None = None
    p99_ms: float | None = None
    other_cpu: float | None = None
    note: str = ""


def entity_construct(iri: str) -> str:
    """The Oxigraph baseline of an entity page: the entity's triples out and in."""
    return f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"


def vnqi_entity_requests(paths: list[str]) -> list[Request]:
    return [("GET", path, {"headers": {"Accept": PAGE}}) for path in paths]


def oxigraph_entity_requests(iris: list[str]) -> list[Request]:
    return [("GET", "/query", {"params": {"query": entity_construct(iri)}, "headers": {"Accept": NT}})
            for iri in iris]


def sparql_requests(path: str, text: str) -> list[Request]:
    return [("POST", path, {"content": text.encode(), "headers": {"Content-Type": "application/sparql-query",
                                                                   "Accept": JSON_RESULTS}})]


async def _client(http: httpx.AsyncClient, stats: Stats, until: float, requests: list[Request], offset: int) -> None:
    i = offset
    while time.monotonic() < until:
        method, url, kwargs = requests[i % len(requests)]
        i += 1
        await timed(http, stats, "r", method, url, **kwargs)


async def _load(base: str, requests: list[Request], clients: int, duration_s: float) -> tuple[Stats, float]:
    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2, keepalive_expiry=2.0)
    stats = Stats()
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits, trust_env=False) as http:
        started = time.monotonic()
        await asyncio.gather(*(_client(http, stats, started + duration_s, requests, n * 7) for n in range(clients)))
        return stats, time.monotonic() - started


def throughput(what: str, target: str, base: str, requests: list[Request], clients: int, duration_s: float) -> Load:
    """`clients` asyncio clients (one process, httpx) sending `requests` round robin for `duration_s`."""
    meter = CpuMeter()
    stats, seconds = asyncio.run(_load(base, requests, clients, duration_s))
    ok = [lat for lat in stats.latency["r"]]
    codes = dict(stats.status["r"])
    good = codes.get(200, 0)
    load = Load(what, target, clients, requests=good, errors=sum(codes.values()) - good,
                rps=good / seconds if seconds else 0.0, other_cpu=meter.foreign_share())
    if ok:
        load.p50_ms, load.p99_ms = pct(ok, 0.5), pct(ok, 0.99)
    if load.errors:
        load.note = "statuses " + ", ".join(f"{c}: {n}" for c, n in sorted(codes.items()))
    return load


@dataclass
class SearchResult:
    target: str
    samples: list[float]
    hits: int  # words (of SEARCHES) with at least one hit
    note: str = ""
    other_cpu: float | None = None


def search(target: str, fn_for: Callable[[str], Callable[[], bytes]], count: Callable[[dict], int], reps: int,
           budget_s: float) -> SearchResult:
    """Sequential latency of every search word (warm-up, then up to `reps` runs each); words with a hit."""
    meter, samples, hits, notes = CpuMeter(), [], 0, []
    for word in SEARCHES:
        timing, body = measure(fn_for(word), reps, 1, budget_s)
        samples += timing.samples
        if timing.error or timing.timeout:
            notes.append(f"{word}: {timing.error or 'timed out'}")
        elif body:
            hits += count(json.loads(body)) > 0
    return SearchResult(target, samples, hits, "; ".join(notes)[:200], meter.foreign_share())


def vnqi_hits(body: dict) -> int:
    return int(body["total"])


def sparql_hits(body: dict) -> int:
    return len(body["results"]["bindings"])


def vnqi_search(client: httpx.Client, base: str) -> Callable[[str], Callable[[], bytes]]:
    """GET /search?q=… as JSON (what the search box asks, graph/search.py's index)."""
    def make(word: str) -> Callable[[], bytes]:
        def run() -> bytes:
            got = client.get(base + "/search", params={"q": word}, headers={"Accept": "application/json"})
            if got.status_code != 200:
                raise RuntimeError(f"HTTP {got.status_code}")
            return got.content
        return run
    return make


def sparql_search(client: httpx.Client, url: str) -> Callable[[str], Callable[[], bytes]]:
    """The same words as a CONTAINS filter on labels, LIMIT 20 (what a store without a text index can do)."""
    def make(word: str) -> Callable[[], bytes]:
        text = NAIVE_SEARCH % json.dumps(word.lower(), ensure_ascii=False)

        def run() -> bytes:
            got = client.post(url, content=text.encode(), headers={"Content-Type": "application/sparql-query",
                                                                   "Accept": JSON_RESULTS})
            if got.status_code != 200:
                raise RuntimeError(f"HTTP {got.status_code}")
            json.loads(got.content)  # a truncated body is a failure
            return got.content
        return run
    return make
