"""Benchmark of the full build: seed + facts + every import of ../shared/data, validation included.

Runs `graph.build.build` twice into a fresh var directory: cold (nothing cached: every importer runs and every
chunk is validated) and warm (imports and chunk reports reused from var/imports; the project's files and the
entities shared between graphs validated again), and writes a Markdown report with the time of each stage and the
CPU time of the whole run (this process and its workers: what a busy machine cannot hide). The write stage runs in
a thread while the validate stage runs, so stage times overlap. Usage:
.venv/bin/python -m bench.bench_build [--sources DIR] [--out bench/results/build.md] [--engine fast|pyshacl]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

from graph.build import BuildResult, build
from graph.load import Sources
from graph.progress import Progress
from graph.shacl_fast import ENGINES
from graph.validate_parts import ENGINE_ENV

ROOT = Path(__file__).resolve().parents[1]


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished child processes."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(var: Path, sources_dir: Path) -> tuple[BuildResult, Progress, float, float, float]:
    """One build with progress on stderr; its result, timings, wall time, CPU time and the load average after."""
    progress = Progress()
    started, cpu = time.perf_counter(), cpu_seconds()
    result = build(Sources.at(ROOT), var, sources_dir=sources_dir, progress=progress)
    return result, progress, time.perf_counter() - started, cpu_seconds() - cpu, os.getloadavg()[0]


def table(label: str, result: BuildResult, progress: Progress, seconds: float, cpu: float, load: float) -> list[str]:
    """Markdown rows of one run."""
    rows = [f"### {label}: {seconds:.1f} s ({cpu:.0f} s CPU; load average after it {load:.1f})", "",
            "| stage | seconds | result |", "|---|---:|---|"]
    for name, stage_s, done in progress.timings:
        rows.append(f"| {name} | {stage_s:.1f} | {done.split('; ')[0]} |")
    rows += ["", (f"{result.quads} quads in {result.graphs} graphs; {len(result.report.violations)} violations, "
                  f"{len(result.report.warnings)} warnings."), ""]
    return rows


def main() -> None:
    """Cold then warm build; the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "build.md")
    parser.add_argument("--engine", choices=ENGINES, default="fast", help="SHACL engine (graph/validate_parts.py)")
    args = parser.parse_args()
    os.environ[ENGINE_ENV] = args.engine
    with tempfile.TemporaryDirectory(prefix="vnqi-bench-build-") as tmp:
        var = Path(tmp) / "var"
        cold = run(var, args.sources)
        warm = run(var, args.sources)
    load = os.getloadavg()
    lines = ["# Full build benchmark", "",
             (f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.python_version()}, {os.cpu_count()} cores, "
              f"load average at the end {load[0]:.1f}; `.venv/bin/python -m bench.bench_build --engine {args.engine}`."),
             "", ("Seed + fact sheet + every import of `../shared/data`, validated incrementally "
                  f"(graph/validate_parts.py, engine `{args.engine}`) while the new store version is written "
                  "(graph/build_write.py; the stage times overlap). Target: under 60 s."), "",
             *table("Cold (empty var/: every import and every chunk validated)", *cold),
             *table("Warm (same var/: imports and chunk reports reused)", *warm)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
