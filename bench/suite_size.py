"""Benchmark suite, one size: data, loads (each in a fresh process), the served part, impact and validation.

Every stage is time-boxed; a stage or a baseline that fails is recorded as failed and the suite goes on."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from bench import synth
from bench.processes import ROOT
from bench.query_mix import Query
from bench.suite_proc import Outcome, oxigraph_program, run_child
from bench.suite_serve import run_served

LOADS = {  # report label -> child task
    "vnqi load (embedded store on disk)": "vnqi_load",
    "vnqi store version (write_version: load + search index + summaries)": "vnqi_version",
    "pyoxigraph in memory (bulk_load)": "pyox_load",
    "Oxigraph server (oxigraph load)": "oxigraph_load",
    "rdflib Dataset (Memory store, parse)": "rdflib_mix",
}


def ensure_data(n: int, args: argparse.Namespace) -> tuple[Path, int, float | None]:
    """The synthetic N-Quads of `n` triples, generated in a child process when missing."""
    path = synth.data_path(n, args.seed, args.data_dir)
    seconds = None
    if not path.exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bench.synth", "--triples", str(n), "--seed", str(args.seed),
                        "--data-dir", str(args.data_dir)], cwd=ROOT, check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, timeout=args.stage_budget_s)
        seconds = time.perf_counter() - started
    path, quads, _ = synth.ensure(n, args.seed, args.data_dir)
    return path, quads, seconds


def run_size(n: int, queries: list[Query], args: argparse.Namespace, log: Callable[[str], None]) -> dict:
    """Every measurement at `n` triples, as a dict for the report."""
    started = time.perf_counter()
    result: dict = {"size": n, "loads": {}, "mix": [], "http": [], "search": [], "impact": None,
                    "validation": {}, "problems": [], "serving_mb": {}, "workers": None}
    tmp = Path(tempfile.mkdtemp(prefix=f"vnqi-suite-{n}-"))
    try:
        data, result["quads"], result["gen_s"] = ensure_data(n, args)
        result["data_mb"] = data.stat().st_size / 1e6
        log(f"{n:,}: {data.name}, {result['quads']:,} quads")
        outcomes = loads(n, data, queries, tmp, args, log)
        result["loads"] = {label: o for label, o in outcomes.items()}
        version = outcomes["vnqi store version (write_version: load + search index + summaries)"]
        store_path = Path(version.records[-1]["path"]) if version.status == "ok" else None
        ox_dir = tmp / "oxigraph" if outcomes["Oxigraph server (oxigraph load)"].status == "ok" else None
        rdflib = outcomes.get("rdflib Dataset (Memory store, parse)")
        loaded = rdflib is not None and rdflib.status != "skipped"
        by_query = {r["query"]: r for r in rdflib.records if "query" in r} if loaded else None
        try:
            run_served(result, data, store_path, tmp / "var", ox_dir, by_query, queries, tmp, args, log)
        except Exception as exc:  # noqa: BLE001 — a failed stage is reported, the suite goes on
            result["problems"].append(f"served stage failed: {type(exc).__name__}: {exc}")
            log(f"served stage failed: {exc}")
        log("impact")
        result["impact"] = run_child("impact", {"triples": n, "seed": args.seed, "runs": 20, "budget_s": 30,
                                                "data_dir": str(args.data_dir)}, args.stage_budget_s, tmp)
        for how in ("validate_full", "validate_incremental"):
            log(how)
            if how == "validate_full" and n > args.skip_full_validation_above:
                result["validation"][how] = Outcome(how, status="skipped", error=(
                    f"above --skip-full-validation-above {args.skip_full_validation_above:,}"))
                continue
            result["validation"][how] = run_child(how, {"data": str(data)}, args.validation_budget_s, tmp)
            log(f"  {result['validation'][how].status} {result['validation'][how].records[-1:]}")
    except Exception as exc:  # noqa: BLE001
        result["problems"].append(f"size {n} stopped: {type(exc).__name__}: {exc}")
        log(f"size {n} stopped: {exc}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result["wall_s"] = time.perf_counter() - started
    return result


def loads(n: int, data: Path, queries: list[Query], tmp: Path, args: argparse.Namespace,
          log: Callable[[str], None]) -> dict[str, Outcome]:
    """Each loader in a fresh process: its time and peak memory (rdflib also runs the query mix there)."""
    out: dict[str, Outcome] = {}
    program = oxigraph_program()
    for label, how in LOADS.items():
        if how == "rdflib_mix" and n > args.skip_rdflib_above:
            out[label] = Outcome(how, status="skipped", error=f"above --skip-rdflib-above {args.skip_rdflib_above:,}")
            continue
        if how == "oxigraph_load" and program is None:
            out[label] = Outcome(how, status="failed", error="oxigraph not installed")
            continue
        child_args = {"data": str(data), "dir": str(tmp / ("oxigraph" if how == "oxigraph_load" else how)),
                      "var": str(tmp / "var"), "program": program,
                      "queries": [asdict(q) for q in queries], "reps": args.reps, "warmup": args.warmup,
                      "budget_s": args.budget_s}
        log(f"load: {label}")
        out[label] = run_child(how, child_args, args.stage_budget_s, tmp)
        o = out[label]
        first = o.records[0] if o.records else {}
        log(f"  {o.status} {first.get('seconds', 0):.1f} s, peak {first.get('peak_mb', 0):,.0f} MB {o.error}")
        if how == "vnqi_load":
            shutil.rmtree(tmp / how, ignore_errors=True)
    return out
