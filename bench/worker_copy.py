"""A query worker's in-memory copy, four ways: loaded in the dump's order or sorted (graph/worker_copy.py), with
the system's malloc or jemalloc (graph/worker_allocator.py); the query mix in process on each, one after the other.

    python -m bench.worker_copy --triples 5000000    # writes bench/results/worker-copy.md (about 4 min at 5M)

The synthetic data (bench/synth.py) is bulk-loaded into a store on disk, as a version holds it; each way runs in a
fresh process (jemalloc is preloaded when the process starts), which makes its copy with
`graph.worker_copy.open_version` as a worker does, reports its resident memory and which malloc it runs with, then
runs each query of the mix (bench/queries/) `--runs` times after one warm-up: the medians, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from bench import synth
from bench.machine import machine, version
from bench.processes import ROOT
from bench.query_mix import load_queries
from graph.worker_allocator import jemalloc

WAYS = (("as dumped", "system"), ("as dumped", "jemalloc"), ("sorted", "system"), ("sorted", "jemalloc"))


def child(store_path: str, order: str, runs: int) -> dict:
    """Make the copy one way, then time the mix on it (run in a process of its own)."""
    from graph import worker_copy
    from graph.worker_allocator import in_use
    from graph.worker_memory import resident_bytes

    if order == "as dumped":
        worker_copy.shutil.which = lambda name: None  # type: ignore[assignment]  # no sort: the dump's order
    started = time.perf_counter()
    store = worker_copy.open_version(store_path, True)
    out = {"load_s": time.perf_counter() - started, "rss_mb": resident_bytes() / 2**20, "malloc": in_use(),
           "queries": {}}
    for query in load_queries():
        times = []
        for _ in range(runs + 1):
            started = time.perf_counter()
            result = store.query(query.text, use_default_graph_as_union=True)
            if isinstance(result, ox.QuerySolutions):
                result.serialize(format=ox.QueryResultsFormat.JSON)
            elif isinstance(result, ox.QueryTriples):
                result.serialize(format=ox.RdfFormat.N_TRIPLES)
            times.append(time.perf_counter() - started)
        out["queries"][query.name] = statistics.median(times[1:]) * 1000
    return out


def measure(args: argparse.Namespace) -> tuple[dict, int]:
    """The four ways over one store on disk."""
    data, quads, _ = synth.ensure(args.triples, args.seed, args.data_dir)
    folder = Path(tempfile.mkdtemp(prefix="vnqi-worker-copy-"))
    try:
        on_disk = ox.Store(str(folder / "store"))
        on_disk.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        on_disk.flush()
        del on_disk
        results = {}
        for order, malloc in WAYS:
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            if malloc == "jemalloc":
                if jemalloc() is None:
                    continue
                env["LD_PRELOAD"] = jemalloc()  # type: ignore[assignment]
            done = subprocess.run([sys.executable, "-m", "bench.worker_copy", "--child", str(folder / "store"),
                                   "--order", order, "--runs", str(args.runs)], env=env, cwd=ROOT, check=True,
                                  capture_output=True, text=True)
            results[(order, malloc)] = json.loads(done.stdout.splitlines()[-1])
            print(order, malloc, results[(order, malloc)], file=sys.stderr, flush=True)
        return results, quads
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def ms(value: float) -> str:
    """A median in ms: two decimals under 10 ms, one above."""
    return f"{value:,.2f}" if value < 10 else f"{value:,.1f}"


def report(results: dict, quads: int, args: argparse.Namespace, seconds: float) -> str:
    """The Markdown table, with ratios to the copy as dumped with the system's malloc."""
    names = [q.name for q in load_queries()]
    base = results[("as dumped", "system")]
    lines = ["# A query worker's in-memory copy: load order and malloc", "",
             (f"Command: `python -m bench.worker_copy --triples {args.triples}` — run "
             f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {seconds:.0f} s in all."), "",
             (f"**Data:** {quads:,} quads of **synthetic** data (bench/synth.py, seed {args.seed}), bulk-loaded into "
             "a store on disk; each way makes its copy with `graph.worker_copy.open_version` in a fresh process "
             f"(the query worker's code), then runs each query of the mix in process: medians of {args.runs} runs "
             "after one warm-up, in ms (SELECT serialised to JSON, CONSTRUCT to N-Triples)."), "",
             "| copy | malloc | load s | resident MB | " + " | ".join(names) + " |",
             "|---|---|---|---|" + "---|" * len(names)]
    for (order, malloc), r in results.items():
        cells = [ms(r['queries'][n]) + ("" if (order, malloc) == ("as dumped", "system") else
                                               f" ({r['queries'][n] / base['queries'][n]:.2f}×)") for n in names]
        lines.append(f"| {order} | {r['malloc']} | {r['load_s']:.1f} | {r['rss_mb']:,.0f} | " + " | ".join(cells) + " |")
    m = machine()
    lines += ["", ("Ratios in brackets: to the copy as dumped with the system's malloc. `malloc` is what the process "
              "said it ran with (/proc/self/maps)."), "",
              (f"Machine: {m['cores']} cores, {m['cpu']}, {m['memory']}, {m['os']}; Python {m['python']}, pyoxigraph "
              f"{version('pyoxigraph')}.")]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument("--data-dir", type=Path, default=synth.DATA_DIR)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "worker-copy.md")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--order", choices=("as dumped", "sorted"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.order, args.runs)))
        return 0
    started = time.perf_counter()
    results, quads = measure(args)
    args.out.write_text(report(results, quads, args, time.perf_counter() - started), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
