"""The SPARQL benchmark's Markdown report: one function per section."""

from __future__ import annotations

import argparse
import os
import statistics

from bench.machine import version
from bench.sparql_latency import (
    FLOOR_QUERY,
    Row,
    in_a_row_table,
    latency_table,
    ok_ms,
    targets_section,
)
from bench.sparql_targets import Load
from bench.timing import fmt_ms, geomean


def render(args: argparse.Namespace, info: dict, rows: list[Row], loads: list[Load]) -> str:
    """The whole report."""
    latency, verdicts = latency_table(args, info, rows)
    in_a_row, row_verdicts = in_a_row_table(args, info, rows)
    sections = (_head(args, info), latency, in_a_row, targets_section(info, rows, verdicts, row_verdicts), _where(info, rows),
                _reading(info, rows),
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
