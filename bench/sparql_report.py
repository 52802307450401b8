"""The SPARQL benchmark's Markdown report: one function per section."""

from __future__ import annotations

import argparse
import math
import os
import statistics
from dataclasses import dataclass, field

from bench.machine import version
from bench.query_mix import Query
from bench.sparql_targets import Load
from bench.timing import Timing, fmt_ms, geomean

FLOOR_QUERY = "ASK {}"


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



@dataclass
class Verdicts:
    """What the latency table found, for the targets section."""

    met: int  # queries within 1.5 × pyoxigraph + 2 ms
    faster: int  # queries where vnqi beat rdflib-endpoint
    speedup: float | None  # geometric mean of rdflib / vnqi
    ratio: float | None  # geometric mean of vnqi / pyoxigraph


def render(args: argparse.Namespace, info: dict, rows: list[Row], loads: list[Load]) -> str:
    """The whole report."""
    latency, verdicts = _latency(args, info, rows)
    sections = (_head(args, info), latency, _targets(info, rows, verdicts), _where(info, rows), _reading(info, rows),
                _concurrency(args, loads), _machine(args, info), _mix(info, rows))
    return "\n".join(line for section in sections for line in section) + "\n"


def _head(args: argparse.Namespace, info: dict) -> list[str]:
    """Title, command, data, load and memory."""
    out: list[str] = []
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
            else "each reads the version on disk") + (f", running with {info['vnqi_malloc']} malloc"
                                                      if info.get("vnqi_malloc") else "")
    w(f"| vnqi (this repo) | a store version written by `graph.build.write_version` (bulk load; **no SHACL "
      f"validation** — the data is synthetic), served by {args.workers} query worker processes: {mode} | build "
      f"{info['vnqi_build']:.1f} s + server start {info['vnqi_start']:.1f} s | {info['vnqi_mb']:,.0f} MB (server + "
      "workers) |")
    if info.get("rdflib_start") is not None:
        w(f"| rdflib-endpoint {version('rdflib-endpoint')} (rdflib {version('rdflib')}) | rdflib `Dataset` "
          f"(Memory store, default graph = union), parsed at start | parse + start {info['rdflib_start']:.1f} s | "
          f"{info['rdflib_mb']:,.0f} MB |")
    w("")
    return out


def _latency(args: argparse.Namespace, info: dict, rows: list[Row]) -> tuple[list[str], Verdicts]:
    """The table of medians per query, and the verdicts it gives."""
    out: list[str] = []
    w = out.append
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
    return out, Verdicts(met, faster, gs, geomean(ratios))


def _targets(info: dict, rows: list[Row], v: Verdicts) -> list[str]:
    """The issue's targets, met or missed, with the ceiling of the ratio on this HTTP stack."""
    out: list[str] = []
    w = out.append
    w("## Targets\n")
    w(f"- vnqi's median within 1.5 × in-process pyoxigraph + 2 ms: **{'met' if v.met == len(rows) else 'missed'}** "
      f"— within on {v.met} of {len(rows)} queries (geometric mean of vnqi / pyoxigraph {v.ratio or 0:.2f}).")
    if info.get("rdflib_start") is not None:
        w(f"- vnqi faster than rdflib-endpoint on every query: **{'met' if v.faster == len(rows) else 'missed'}** "
          f"— faster on {v.faster} of {len(rows)}.")
        w(f"- at least 10× faster than rdflib-endpoint in geometric mean: "
          f"**{'met' if v.speedup and v.speedup >= 10 else 'missed'}** ({'–' if v.speedup is None else f'{v.speedup:,.1f}×'}).")
        bound = ceiling(rows, (info.get("floor") or {}).get("bare"))
        if bound is not None and v.speedup:
            w(f"  The most any server on this HTTP stack could reach with this mix: {bound:,.1f}× — the geometric "
              "mean of rdflib-endpoint's median over (the bare FastAPI floor + pyoxigraph's in-process query and "
              f"serialisation), i.e. a server with no cost of its own beyond the HTTP stack and the engine; vnqi "
              f"reaches {v.speedup / bound:.0%} of it. The cheap queries (q1, q4, q8) cap it: rdflib answers them in about "
              "a millisecond too, so the HTTP floor is most of either side's time.")
    w("- throughput and p99 with 8 concurrent clients: below.")
    if info.get("foreign") is not None:
        w(f"- processes outside the benchmark used {info['foreign']:.0%} of the machine's CPU capacity during the "
          "measurements" + (" — **the machine was not quiet: treat the figures as noisy**." if info["foreign"] > 0.1
                            else "."))
    w("")
    return out


def _diff(a: float | None, b: float | None) -> str:
    return "–" if a is None or b is None else f"{a - b:+.2f}"


def _split(r: Row, key: str) -> float | None:
    return ok_ms(r.split.get(key))


def _where(info: dict, rows: list[Row]) -> list[str]:
    """Where vnqi's time goes: memory vs disk, the worker's serialisation, the pipe, HTTP and the route."""
    out: list[str] = []
    w = out.append
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

    for r in rows:
        m, mw, d, dw, pl, h = (ok_ms(r.split.get(k)) for k in ("mem", "mem_worker", "disk", "disk_worker", "pool",
                                                               "vnqi"))
        base, worker = (m, mw) if info["vnqi_in_memory"] else (d, dw)
        w(f"| {r.q.name} | {fmt_ms(m)} | {fmt_ms(mw)} | {fmt_ms(d)} | {fmt_ms(dw)} | {fmt_ms(pl)} | {fmt_ms(h)} | "
          f"{_diff(worker, base)} | {_diff(d, m)} | {_diff(pl, worker)} | {_diff(h, pl)} |")
    if info.get("floor"):
        f = {k: (v if v is not None else float("nan")) for k, v in info["floor"].items()}
        w(f"| floor: `{FLOOR_QUERY}` | {fmt_ms(f['mem'])} | {fmt_ms(f['mem_worker'])} | {fmt_ms(f['disk'])} | "
          f"{fmt_ms(f['disk_worker'])} | {fmt_ms(f['pool'])} | {fmt_ms(f['vnqi'])} | | | "
          f"{_diff(f['pool'], f[where + '_worker'])} | {_diff(f['vnqi'], f['pool'])} |")
        w(f"\nPer-request floors over HTTP (`{FLOOR_QUERY}`, same client, medians): vnqi {fmt_ms(f['vnqi'])} ms; a bare "
          f"FastAPI handler returning a constant body under the same uvicorn flags {fmt_ms(f['bare'])} ms"
          + (f"; rdflib-endpoint {fmt_ms(f['rdflib'])} ms." if f.get("rdflib") is not None else "."))
    if info.get("health_ms") is not None:
        w(f"\nvnqi's `GET /health` takes {fmt_ms(info['health_ms'])} ms (median of 5).")
    return out


def _reading(info: dict, rows: list[Row]) -> list[str]:
    """The where-table read as ratios: disk vs memory, the worker's paths, HTTP on top of the pool."""
    out: list[str] = []
    w = out.append
    disk_mem = geomean([_split(r, "disk") / _split(r, "mem") for r in rows if _split(r, "disk") and _split(r, "mem")])
    work_mem = geomean([_split(r, "mem_worker") / _split(r, "mem") for r in rows
                        if r.q.form == "select" and _split(r, "mem_worker") and _split(r, "mem")])
    construct = [(_split(r, "mem_worker"), _split(r, "mem")) for r in rows if r.q.form == "construct"]
    http = [_split(r, "vnqi") - _split(r, "pool") for r in rows
            if _split(r, "vnqi") is not None and _split(r, "pool") is not None]
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
    return out


def _concurrency(args: argparse.Namespace, loads: list[Load]) -> list[str]:
    """Throughput and latency percentiles under concurrent clients."""
    out: list[str] = []
    w = out.append
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
    return out


def _machine(args: argparse.Namespace, info: dict) -> list[str]:
    """Machine, versions and settings."""
    out: list[str] = []
    w = out.append
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
    return out


def _mix(info: dict, rows: list[Row]) -> list[str]:
    """The queries' intents and the problems seen."""
    out: list[str] = []
    w = out.append
    w("## The query mix (`bench/queries/`)\n")
    for r in rows:
        w(f"- `{r.q.name}` ({r.q.form.upper()}): {r.q.intent}")
    if info.get("problems"):
        w("\n## Problems seen in this run\n")
        for problem in info["problems"]:
            w(f"- {problem}")
    return out
