"""Load test: a realistic mix of requests from 32 concurrent clients against a real `vnqi serve` on loopback.

    python -m bench.load_test --duration-s 60 --out bench/results/load.md            # over var/current
    python -m bench.load_test --var /path/to/var --duration-s 10 --clients 32

The server is started here (`vnqi serve` over the var directory, query time limit --timeout-s) unless --base names
one. The mix: entity pages (HTML and Turtle), search (HTML and JSON), SPARQL (lookups, joins, aggregates),
impact reports, and a few pathological queries (a cartesian product; one every --pathological-every-s seconds)
that must be stopped by the time limit (503, counted apart). Entities are sampled from the served graph. Every
client runs its requests one after the other until the end. The server's RSS (its process and its query workers)
is sampled twice a second. With --writes, one writer sends SPARQL updates all along (bench/load_writes.py) and
every accepted write is looked for afterwards. The report gives, per kind, requests, statuses, p50/p99/max latency,
then req/s and RSS; the run fails (exit 1) on any 5xx other than the pathological queries' 503, and on a lost
write.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.load_writes import Writes, verify, write_line, writer

ROOT = Path(__file__).resolve().parents[1]
JSON = "application/sparql-results+json"
PAGE = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
SEARCHES = ["luật", "tiêu chuẩn", "đo lường", "chất lượng", "ISO 17025", "nghị định", "quality", "metrology",
            "hợp chuẩn", "TCVN", "phòng thử nghiệm", "nhãn hàng hóa"]
ACTS = ["70/2025/QH15", "78/2025/QH15", "35/2018/QH14"]
WHAT_IF = [("68/2006/QH11", "dieu-3"), ("05/2007/QH12", ""), ("04/2011/QH13", "")]
QUERIES = [
    "SELECT ?law ?label WHERE { ?law a vnqi:Law ; rdfs:label ?label } LIMIT 50",
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 200",
    "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)",
    "SELECT ?d ?n WHERE { ?d eli:is_part_of ?law . ?law a vnqi:Law ; dcterms:identifier ?n } LIMIT 500",
    "ASK { ?s a vnqi:Task }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s a vnqi:Task ; ?p ?o }",
]
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
PREFIXES = ("PREFIX vnqi: <https://w3id.org/vnqi/def#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> ")
WEIGHTS = {"entity": 30, "search": 20, "sparql": 30, "impact": 15, "static": 5}


@dataclass
class Stats:
    """Latencies (s) and statuses per kind of request, and RSS samples (bytes)."""

    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    status: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    errors: list[str] = field(default_factory=list)
    rss: list[tuple[float, int, int]] = field(default_factory=list)  # (t, server, server + workers)
    served: dict = field(default_factory=dict)  # /ready: the version served and its quads
    writes: Writes | None = None  # with a write token: the writes sent, accepted and found again

    def add(self, kind: str, status: int, seconds: float) -> None:
        """Record one answered request."""
        self.latency[kind].append(seconds)
        self.status[kind][status] += 1

    def server_errors(self) -> int:
        """5xx answers, except the pathological queries' 503 (expected)."""
        return sum(n for kind, by in self.status.items() for code, n in by.items()
                   if code >= 500 and not (kind == "pathological" and code == 503))


def entity_paths(base: str, limit: int = 300) -> list[str]:
    """Local paths of entities of the served graph (a sample)."""
    query = (PREFIXES + "SELECT DISTINCT ?s WHERE { ?s a ?c FILTER(STRSTARTS(STR(?s), 'https://w3id.org/vnqi/id/')"
             " && !CONTAINS(STR(?s), '/code/')) } LIMIT " + str(limit))
    got = httpx.post(base + "/sparql", data={"query": query}, headers={"Accept": JSON}, timeout=60)
    got.raise_for_status()
    return ["/" + b["s"]["value"].removeprefix("https://w3id.org/vnqi/") for b in got.json()["results"]["bindings"]]


def request_for(kind: str, rng: random.Random, entities: list[str]) -> tuple[str, str, dict]:
    """(method, url, httpx keyword arguments) of one request of `kind`."""
    if kind == "entity":
        path = rng.choice(entities)
        if rng.random() < 0.3:
            return "GET", path, {"headers": {"Accept": "text/turtle"}}
        return "GET", path + ("?lang=en" if rng.random() < 0.3 else ""), {"headers": {"Accept": PAGE}}
    if kind == "search":
        q = quote(rng.choice(SEARCHES))
        if rng.random() < 0.3:
            return "GET", f"/search/suggest?q={q[:12]}", {}
        return "GET", f"/search?q={q}", {"headers": {"Accept": rng.choice([PAGE, "application/json"])}}
    if kind == "sparql":
        query = PREFIXES + rng.choice(QUERIES)
        if rng.random() < 0.5:
            return "GET", "/sparql", {"params": {"query": query}, "headers": {"Accept": JSON + ", text/turtle;q=0.9"}}
        return "POST", "/sparql", {"data": {"query": query}, "headers": {"Accept": JSON + ", text/turtle;q=0.9"}}
    if kind == "impact":
        if rng.random() < 0.5:
            accept = rng.choice([PAGE, "application/json"])
            return "GET", f"/impact?amendment={rng.choice(ACTS)}", {"headers": {"Accept": accept}}
        doc, provision = rng.choice(WHAT_IF)
        return "GET", f"/impact?document={doc}&provision={provision}&date=2026-01-01&format=json", {}
    return "GET", rng.choice(["/static/vnqi.css", "/", "/health", "/ready"]), {}


async def client(http: httpx.AsyncClient, stats: Stats, until: float, seed: int, entities: list[str]) -> None:
    """One client: weighted random requests, one after the other, until `until`."""
    rng = random.Random(seed)
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        method, url, kwargs = request_for(kind, rng, entities)
        await timed(http, stats, kind, method, url, **kwargs)


async def timed(http: httpx.AsyncClient, stats: Stats, kind: str, method: str, url: str, **kwargs: object) -> None:
    """Send one request, read its whole body, record its status and latency (transport errors as status 0)."""
    started = time.perf_counter()
    try:
        response = await http.request(method, url, **kwargs)  # type: ignore[arg-type]
        await response.aread()
        stats.add(kind, response.status_code, time.perf_counter() - started)
    except httpx.HTTPError as exc:
        stats.add(kind, 0, time.perf_counter() - started)
        stats.errors.append(f"{kind} {method} {url[:80]}: {type(exc).__name__} {exc}")


async def pathological(http: httpx.AsyncClient, stats: Stats, until: float, every_s: float) -> None:
    """A runaway query every `every_s` seconds (from the first second on); none when `every_s` is 0."""
    if every_s <= 0:
        return
    await asyncio.sleep(1.0)
    while time.monotonic() < until - 1:
        started = time.monotonic()
        await timed(http, stats, "pathological", "GET", "/sparql", params={"query": PATHOLOGICAL},
                    headers={"Accept": JSON})
        await asyncio.sleep(max(0.0, min(every_s - (time.monotonic() - started), until - time.monotonic())))


def rss_of(pid: int) -> tuple[int, int]:
    """(RSS of `pid`, RSS of `pid` and its children) in bytes, from /proc."""
    def one(p: int) -> int:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    children: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            children += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    own = one(pid)
    return own, own + sum(one(c) for c in children)


async def sample_rss(pid: int | None, stats: Stats, until: float, started: float) -> None:
    """Sample the server's RSS twice a second."""
    while pid is not None and time.monotonic() < until:
        own, total = rss_of(pid)
        stats.rss.append((time.monotonic() - started, own, total))
        await asyncio.sleep(0.5)


async def wait_warm(base: str, limit_s: float = 300.0) -> dict:
    """/ready once the server's background warm-up has ended (or after `limit_s`)."""
    until = time.monotonic() + limit_s
    while True:
        served = (await asyncio.to_thread(httpx.get, base + "/ready", timeout=30)).json()
        if not served.get("warm") or served["warm"].get("done") or time.monotonic() > until:
            return served
        await asyncio.sleep(1.0)


async def run_load(base: str, duration_s: float, clients: int, pid: int | None,
                   pathological_every_s: float, cold: bool = False, write_token: str | None = None,
                   write_every_s: float = 2.0) -> Stats:
    """Run the mix for `duration_s` seconds with `clients` clients (after the server's warm-up unless `cold`),
    and with a write token one writer sending updates; then look for every accepted write."""
    if cold:
        stats = Stats(served=(await asyncio.to_thread(httpx.get, base + "/ready", timeout=30)).json())
    else:
        stats = Stats(served=await wait_warm(base))
    entities = await asyncio.to_thread(entity_paths, base)
    # idle connections are dropped by the client before the server's 5 s keep-alive closes them (equal limits
    # race: the server closes a connection just as the client reuses it)
    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        started = time.monotonic()
        until = started + duration_s
        tasks = [client(http, stats, until, seed, entities) for seed in range(clients)]
        tasks += [pathological(http, stats, until, pathological_every_s), sample_rss(pid, stats, until, started)]
        if write_token:
            stats.writes = Writes()
            tasks.append(writer(http, stats, until, write_token, write_every_s, stats.writes))
        await asyncio.gather(*tasks)
    if stats.writes is not None:
        await asyncio.to_thread(verify, base, stats.writes)
    return stats


def pct(values: list[float], q: float) -> float:
    """The q-quantile of values (nearest rank), in ms."""
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def warm_line(warm: dict | None) -> str:
    """How the server's warm-up (graph/warmup.py) stood when the load began."""
    if not warm:
        return "No warm-up ran."
    steps = sorted(warm["seconds"].items(), key=lambda kv: -kv[1])[:4]
    what = ", ".join(f"{name} {sec:.1f} s" for name, sec in steps)
    state = "had ended" if warm["done"] else "was still running"
    return (f"The server's background warm-up of its slow first-use caches {state} when the load began "
            f"({sum(warm['seconds'].values()):.1f} s in all; longest: {what}).")


def report(stats: Stats, duration_s: float, clients: int, settings: str) -> str:
    """The Markdown report."""
    from bench.machine import machine

    total = sum(len(v) for v in stats.latency.values())
    lines = ["# Load test", "", (f"{clients} concurrent clients for {duration_s:g} s on loopback against `vnqi serve` "
             f"({settings}); the load generator shares the machine with the server "
             f"({machine()['cores']} cores, {machine()['cpu']}). Graph: version `{stats.served.get('version')}`, "
             f"{stats.served.get('quads')} quads. {warm_line(stats.served.get('warm'))}"), "",
             (f"**{total} requests, {total / duration_s:.0f} req/s; 5xx (other than the pathological queries' 503): "
             f"{stats.server_errors()}; transport errors: {len(stats.errors)}.** {write_line(stats.writes)}"), "",
             "| kind | requests | statuses | p50 ms | p99 ms | max ms |", "|---|---:|---|---:|---:|---:|"]
    for kind in [*WEIGHTS, "pathological", "write"]:
        values = stats.latency.get(kind, [])
        if not values:
            continue
        codes = ", ".join(f"{code}: {n}" for code, n in sorted(stats.status[kind].items()))
        lines.append(f"| {kind} | {len(values)} | {codes} | {pct(values, 0.5):.1f} | {pct(values, 0.99):.1f} | "
                     f"{1000 * max(values):.1f} |")
    if stats.rss:
        own = [r[1] for r in stats.rss]
        both = [r[2] for r in stats.rss]
        mib = 1024 * 1024
        lines += ["", (f"Server RSS ({len(stats.rss)} samples): process {own[0] / mib:.0f} → {own[-1] / mib:.0f} MiB "
                  f"(max {max(own) / mib:.0f}); with its query workers {both[0] / mib:.0f} → {both[-1] / mib:.0f} MiB "
                  f"(max {max(both) / mib:.0f}, median {statistics.median(both) / mib:.0f}).")]
    if stats.errors:
        lines += ["", "Transport errors (first 10):", *[f"- {e}" for e in stats.errors[:10]]]
    lines += ["", "Mix (weights): " + ", ".join(f"{k} {w}" for k, w in WEIGHTS.items())
              + "; entity pages are HTML (70 %) or Turtle, over a sample of 300 entities of the graph; search pages "
                "HTML or JSON and suggestions; SPARQL lookups, a join, an aggregate, an ASK and a CONSTRUCT by GET and "
                "POST; impact reports of amending acts and what-ifs; one cartesian-product query at a time, "
                "stopped by the time limit (503).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Start the server (unless --base), run the load, write the report; 1 on any unexpected 5xx."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", help="an already running server (default: start `vnqi serve` here)")
    p.add_argument("--var", type=Path, default=ROOT / "var", help="var directory with the built graph")
    p.add_argument("--duration-s", type=float, default=60.0)
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--timeout-s", type=float, default=5.0, help="the server's query time limit")
    p.add_argument("--pathological-every-s", type=float, default=15.0, help="0: no pathological query")
    p.add_argument("--workers", type=int, default=None, help="the server's query workers (default: its default)")
    p.add_argument("--out", type=Path, default=None, help="write the Markdown report here")
    p.add_argument("--cold", action="store_true", help="start the load without waiting for the server's warm-up")
    p.add_argument("--writes", action="store_true", help="one writer sends SPARQL updates (the server started "
                   "here gets a write token; with --base give it as --write-token); lost writes fail the run")
    p.add_argument("--write-token", default=None, help="the write token of the server at --base")
    p.add_argument("--write-every-s", type=float, default=2.0, help="pause between two writes")
    args = p.parse_args(argv)
    stats, settings = run(args)
    text = report(stats, args.duration_s, args.clients, settings)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 1 if stats.server_errors() or stats.errors or (stats.writes and stats.writes.lost) else 0


def run(args: argparse.Namespace) -> tuple[Stats, str]:
    """The statistics of one run, and a description of the server's settings."""
    if args.base:
        token = args.write_token if args.writes else None
        return asyncio.run(run_load(args.base, args.duration_s, args.clients, None, args.pathological_every_s,
                                    args.cold, token, args.write_every_s)), "an external server"
    sys.path.insert(0, str(ROOT))
    from tests.security.servers import serve

    settings = {"query_timeout_s": f"{args.timeout_s:g}"}
    if args.workers:
        settings["query_workers"] = str(args.workers)
    token = secrets.token_urlsafe(24) if args.writes else None
    if token:
        settings["write_token"] = token
    with serve(args.var, **settings) as (base, proc):
        stats = asyncio.run(run_load(base, args.duration_s, args.clients, proc.pid, args.pathological_every_s,
                                     args.cold, token, args.write_every_s))
    workers = f"{args.workers} query workers" if args.workers else "2 query workers (the default)"
    return stats, f"query time limit {args.timeout_s:g} s, {workers}"


if __name__ == "__main__":
    sys.exit(main())
