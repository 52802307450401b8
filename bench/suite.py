"""Benchmark suite: vnqi against rdflib's Memory store, pyoxigraph in process and the Oxigraph server, per size.

    .venv/bin/python -m bench.suite --sizes 100000,1000000,5000000 --out bench/RESULTS.md

Per size of SYNTHETIC data (bench/synth.py): load time and peak memory (each loader in a fresh process), the
query mix of bench/queries, HTTP throughput and p50/p99 with 8 and 32 clients (entity page, one SPARQL query),
search, impact (bench/bench_impact.py) and SHACL validation (one pySHACL run, and incremental); then
bench/RESULTS.md with machine, versions, date, the command, one table per measurement with ratios, and the
targets of issue 7. Every stage is time-boxed; a failing baseline is reported as failed and the suite goes on.
Modules: suite_size (one size), suite_child (measurements in child processes), suite_proc (children, the Oxigraph
server), suite_serve / suite_mix / suite_http (served measurements), suite_report / suite_targets (the report).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench import synth
from bench.processes import ROOT
from bench.query_mix import load_queries
from bench.suite_report import render
from bench.suite_size import run_size


def log(message: str) -> None:
    print(f"[suite {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def numbers(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=numbers, default=[100_000, 1_000_000, 5_000_000], help="triples, comma-separated")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    p.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    p.add_argument("--data-dir", type=Path, default=synth.DATA_DIR)
    p.add_argument("--reps", type=int, default=10, help="timed runs per query and target (at most)")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--budget-s", type=float, default=10.0, help="time budget of one query's rounds")
    p.add_argument("--disk-mode", action=argparse.BooleanOptionalAction, default=True,
                   help="also serve with VNQI_QUERY_IN_MEMORY=false (the memory-saving setting) and time the mix")
    p.add_argument("--timeout-s", type=float, default=120.0, help="one request's time limit (and vnqi's)")
    p.add_argument("--clients", type=numbers, default=[8, 32], help="concurrent HTTP clients, comma-separated")
    p.add_argument("--duration-s", type=float, default=10.0, help="length of each throughput run")
    p.add_argument("--skip-rdflib-above", type=int, default=1_000_000, help="no rdflib baseline above this size")
    p.add_argument("--stage-budget-s", type=float, default=1800.0, help="time limit of one load or impact run")
    p.add_argument("--skip-full-validation-above", type=int, default=1_000_000,
                   help="no one-run pySHACL validation above this size (rdflib needs ~2.6 GB per 1M triples)")
    p.add_argument("--validation-budget-s", type=float, default=300.0, help="time limit of each SHACL validation")
    args = p.parse_args(argv)
    if not args.sizes or min(args.sizes) < 1000 or not args.clients or args.duration_s <= 0:
        p.error("--sizes must be at least 1000 triples each, --clients and --duration-s positive")
    raw = list(argv if argv is not None else sys.argv[1:])
    try:
        shown = str(args.out.resolve().relative_to(ROOT))
    except ValueError:
        shown = str(args.out)
    args.command = " ".join([".venv/bin/python -m bench.suite", *_without_out(raw), "--out", shown])
    return args


def _without_out(raw: list[str]) -> list[str]:
    """The arguments as given, without --out (shown relative to the repository instead)."""
    keep, skip = [], False
    for a in raw:
        if skip or a == "--out":
            skip = not skip
            continue
        if not a.startswith("--out="):
            keep.append(a)
    return keep


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started, date = time.perf_counter(), time.strftime("%Y-%m-%d %H:%M %Z")
    queries = load_queries()
    results = []
    for n in args.sizes:
        log(f"size {n:,}")
        results.append(run_size(n, queries, args, log))
        log(f"size {n:,} done in {results[-1]['wall_s'] / 60:.1f} min")
        args.out.parent.mkdir(parents=True, exist_ok=True)  # written after each size: a cut run keeps what it has
        args.out.write_text(render(args, results, date, time.perf_counter() - started), encoding="utf-8")
    log(f"wrote {args.out}")
    return 1 if any(r["problems"] for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
