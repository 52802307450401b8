"""Benchmark suite: bench/RESULTS.md — machine, versions, date, command, one table per measurement, ratios."""

from __future__ import annotations

import statistics

from bench.load_test import pct
from bench.machine import machine, version
from bench.suite_mix import RDFLIB, MixRow
from bench.suite_proc import Outcome, oxigraph_version
from bench.suite_serve import OXI, PYOX, VNQI, VNQI_DISK
from bench.suite_size import LOADS
from bench.suite_targets import VNQI_LOAD, targets, workers_text
from bench.timing import fmt_ms

VALIDATIONS = [("pySHACL, one run over the whole graph (rdflib parse + validate)", "validate_full", "validate"),
               ("incremental: validate_parts, one part per named graph, 2 processes, cold cache", "validate_incremental",
                "cold"),
               ("incremental: one literal changed, cache warm (only its chunk runs)", "validate_incremental",
                "changed")]


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a and b else "–"


def share(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def header(args: object, results: list[dict], date: str, wall_s: float) -> list[str]:
    m = machine()
    walls = ", ".join(f"{r['size']:,}: {r['wall_s'] / 60:.1f} min" for r in results)
    return ["# vnqi benchmark suite", "",
            f"Command: `{args.command}` — run {date}; {wall_s / 60:.1f} min in all ({walls}).", "",
            (f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory']} RAM, {m['os']}. Versions: Python {m['python']}, "
            f"pyoxigraph {version('pyoxigraph')}, rdflib {version('rdflib')}, Oxigraph server {oxigraph_version()}, "
            f"pySHACL {version('pyshacl')}, httpx {version('httpx')}, uvicorn {version('uvicorn')} (httptools "
            f"{version('httptools')}, uvloop {version('uvloop')})."), "",
            "Data: **synthetic** data of vnqi's shape (`bench/synth.py`, deterministic; named graphs under "
            "`https://w3id.org/vnqi/graph/synthetic/`, every document marked `unverified` and `SYNTHETIC`), never "
            "real data. " + "; ".join(f"{r['size']:,}: {r.get('quads', 0):,} quads, {r.get('data_mb', 0):.0f} MB"
                                      for r in results) + ".", "",
            ("This machine is shared with other work: `other CPU` is the share of its CPU capacity used by processes "
            "outside the suite while a line was measured, `load` the 1-minute load average after it; figures taken "
            "with a high share are slower and noisier. Each load, the impact run and each validation run in a fresh "
            "process; `peak memory` is the peak RSS (`getrusage`) of that process or of its largest child "
            "(the `oxigraph` loader; the validation workers), not a sum."), ""]


def load_table(results: list[dict]) -> list[str]:
    out = ["## Load time and peak memory", "",
           ("| size | target | load (s) | peak memory (MB) | time / vnqi load | memory / vnqi load | status | other CPU "
           "| load |"), "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        base = r["loads"].get(VNQI_LOAD)
        b = base.records[0] if base and base.records else {}
        for label in LOADS:
            o: Outcome | None = r["loads"].get(label)
            rec = o.records[0] if o and o.records else {}
            s, mb = rec.get("seconds"), rec.get("peak_mb")
            status = "not run" if o is None else (o.status + (f": {o.error}" if o.error else ""))
            out.append(f"| {r['size']:,} | {label} | {'–' if s is None else f'{s:.1f}'} | "
                       f"{'–' if mb is None else f'{mb:,.0f}'} | {ratio(s, b.get('seconds'))} | "
                       f"{ratio(mb, b.get('peak_mb'))} | {status} | {share(o.other_cpu if o else None)} | "
                       f"{f'{o.load:.1f}' if o and o.status != 'skipped' else '–'} |")
    serving = [f"{r['size']:,}: " + ", ".join(f"{k} {v:,.0f} MB" for k, v in r["serving_mb"].items())
               + (f" (vnqi's workers: {workers_text(r.get('workers'))})" if r.get("workers") else "")
               for r in results if r["serving_mb"]]
    if serving:
        out += ["", "Resident memory of the servers after the HTTP runs (vnqi: app + its 2 query workers with the "
                "default settings, in memory as far as `VNQI_QUERY_MEMORY_MB` holds the copies; vnqi (workers on "
                "disk): the same with `VNQI_QUERY_IN_MEMORY=false`, after the query mix): " + "; ".join(serving) + "."]
    return out + [""]


def mix_cell(row: MixRow, target: str) -> str:
    """A target's median, or why there is none."""
    return fmt_ms(row.medians[target]) if target in row.medians else row.notes.get(target, "–")


def mix_table(results: list[dict]) -> list[str]:
    out = ["## Query mix (bench/queries, medians in ms)", "",
           ("Interleaved rounds (each round runs each target once) of up to `--reps` timed runs after a warm-up; "
           "HTTP clients (keep-alive http.client, bench/http_client.py) read the whole body (SPARQL JSON, N-Triples for CONSTRUCT); the in-process columns include "
           "serialisation to the same format. rdflib runs in its own process after its load (the rounds cannot "
           "include it), only at sizes up to `--skip-rdflib-above`. Results are compared across targets "
           "(`same results`)."), "",
           (f"| size | query | rows | {VNQI} | {PYOX} | {OXI} | {RDFLIB} | vnqi / pyoxigraph | vnqi / Oxigraph server | "
           f"rdflib / vnqi | {VNQI_DISK} | same results | other CPU |"),
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        for row in r["mix"]:
            v = row.medians.get(VNQI)
            out.append(f"| {r['size']:,} | {row.query} | {row.rows} | {mix_cell(row, VNQI)} | {mix_cell(row, PYOX)} | "
                       f"{mix_cell(row, OXI)} | {mix_cell(row, RDFLIB)} | {ratio(v, row.medians.get(PYOX))} | {ratio(v, row.medians.get(OXI))} | "
                       f"{ratio(row.medians.get(RDFLIB), v)} | {mix_cell(row, VNQI_DISK)} | {row.agree} | "
                       f"{share(row.other_cpu)} |")
    return out + [""]


def http_table(results: list[dict]) -> list[str]:
    out = ["## HTTP throughput on loopback", "",
           ("N asyncio clients (httpx, one process on the same 2 cores as the servers) send requests back to back "
           "for `--duration-s`, round robin over 200 entities of the graph (entity pages) or one query (SPARQL). "
           "vnqi's entity page is its full HTML page; the Oxigraph server's is a CONSTRUCT of the entity's triples "
           "out and in (N-Triples), the data a page is made from."), "",
           ("| size | what | target | clients | req/s | p50 (ms) | p99 (ms) | errors | vnqi / Oxigraph (req/s) | "
           "other CPU |"), "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        oxi = {(x.what, x.clients): x for x in r["http"] if x.target.startswith("Oxigraph")}
        for x in r["http"]:
            peer = oxi.get((x.what, x.clients)) if not x.target.startswith("Oxigraph") else None
            out.append(f"| {r['size']:,} | {x.what} | {x.target} | {x.clients} | {x.rps:,.0f} | {fmt_ms(x.p50_ms)} | "
                       f"{fmt_ms(x.p99_ms)} | {x.errors}{' ' + x.note if x.note else ''} | "
                       f"{ratio(x.rps, peer.rps) if peer else '–'} | {share(x.other_cpu)} |")
    return out + [""]


def search_table(results: list[dict]) -> list[str]:
    out = ["## Search", "",
           ("Ten words (Vietnamese with and without diacritics, codes), one client, sequential: vnqi's `/search` "
           "(JSON, its full-text index) and, as the baseline without an index, a `CONTAINS` filter on labels "
           "(LIMIT 20) on the Oxigraph server."), "",
           "| size | target | runs | p50 (ms) | p95 (ms) | words with hits | p50 / vnqi | other CPU |",
           "|---|---|---|---|---|---|---|---|"]
    for r in results:
        base = next((s for s in r["search"] if s.target.startswith("vnqi")), None)
        b50 = statistics.median(base.samples) * 1000 if base and base.samples else None
        for s in r["search"]:
            p50 = statistics.median(s.samples) * 1000 if s.samples else None
            p95 = pct(s.samples, 0.95) if s.samples else None
            out.append(f"| {r['size']:,} | {s.target} | {len(s.samples)} | {fmt_ms(p50)} | {fmt_ms(p95)} | "
                       f"{s.hits}/10{' ' + s.note if s.note else ''} | {ratio(p50, b50)} | {share(s.other_cpu)} |")
    return out + [""]


def impact_table(results: list[dict]) -> list[str]:
    out = ["## Impact", "",
           ("bench/bench_impact.py's measurement in a fresh process (in-memory store + ontology): the dependency "
           "graph build, then `graph.impact.impact_of` (no date filter, depth 10) against the same traversal as "
           "one SPARQL property path."), "",
           ("| size | dependency graph build (s) | case | affected | impact_of p50 (ms) | SPARQL path p50 (ms) | "
           "SPARQL / impact_of | same entities | peak memory (MB) | status |"), "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        o: Outcome | None = r["impact"]
        rec = o.records[0] if o and o.records else None
        if rec is None:
            out.append(f"| {r['size']:,} | – | – | – | – | – | – | – | – | {o.status + ': ' + o.error if o else 'not run'} |")
            continue
        for c in rec["cases"]:
            out.append(f"| {r['size']:,} | {rec['build_s']:.1f} | {c['title']} | {c['affected']:,} | "
                       f"{fmt_ms(c['engine_p50'])} | {fmt_ms(c['sparql_p50'])} | "
                       f"{ratio(c['sparql_p50'], c['engine_p50'])} | {'yes' if c['same'] else '**no**'} | "
                       f"{rec['peak_mb']:,.0f} | {o.status} |")
    return out + [""]


def validation_table(results: list[dict], budget_s: float) -> list[str]:
    out = ["## Validation (SHACL)", "",
           ("The synthetic data is not meant to conform to the project's shapes: the result counts are reported as "
           f"they come. Each way runs in a fresh process with a budget of {budget_s:g} s (`--validation-budget-s`)."),
           "", "| size | way | seconds | results (violations) | peak memory (MB) | status |", "|---|---|---|---|---|---|"]
    for r in results:
        for label, how, stage in VALIDATIONS:
            o: Outcome | None = r["validation"].get(how)
            rec = o.first(stage=stage) if o else None
            parse = o.first(stage="parse" if how == "validate_full" else "split") if o else None
            status = "not run" if o is None else ("ok" if rec else o.status) + (f": {o.error}" if o.error else "")
            secs = "–" if rec is None else f"{rec['seconds']:.1f}" + (
                f" (+ {parse['seconds']:.1f} {parse['stage']})" if parse and stage != "changed" else "")
            found = "–" if rec is None else f"{rec['results']:,} ({rec['violations']:,})"
            peak = "–" if not rec else f"{rec['peak_mb']:,.0f}"
            out.append(f"| {r['size']:,} | {label} | {secs} | {found} | {peak} | {status} |")
    return out + [""]


def render(args: object, results: list[dict], date: str, wall_s: float) -> str:
    lines = header(args, results, date, wall_s)
    for part in (load_table, mix_table, http_table, search_table, impact_table):
        lines += part(results)
    lines += validation_table(results, args.validation_budget_s)  # type: ignore[attr-defined]
    lines += targets(results)
    problems = [p for r in results for p in r["problems"]]
    if problems:
        lines += ["## Problems seen in this run", "", *(f"- {p}" for p in problems), ""]
    return "\n".join(lines)
