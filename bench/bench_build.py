"""Benchmark of the full build: seed + facts + every import of ../shared/data, validation included.

Runs `graph.build.build` twice into a fresh var directory: cold (nothing cached: every importer runs and every
chunk is validated with pySHACL) and warm (imports and chunk reports reused from var/imports; the project's files
and the entities shared between graphs validated again), and writes a Markdown report with the time of each
stage. Usage: .venv/bin/python -m bench.bench_build [--sources DIR] [--out bench/results/build.md] [--warm-only]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from graph.build import BuildResult, build
from graph.load import Sources
from graph.progress import Progress

ROOT = Path(__file__).resolve().parents[1]


def run(var: Path, sources_dir: Path) -> tuple[BuildResult, Progress, float]:
    """One build with progress on stderr; its result, timings and wall time."""
    progress = Progress()
    started = time.perf_counter()
    result = build(Sources.at(ROOT), var, sources_dir=sources_dir, progress=progress)
    return result, progress, time.perf_counter() - started


def table(label: str, result: BuildResult, progress: Progress, seconds: float) -> list[str]:
    """Markdown rows of one run."""
    rows = [f"### {label}: {seconds:.1f} s", "", "| stage | seconds | result |", "|---|---:|---|"]
    for name, stage_s, done in progress.timings:
        rows.append(f"| {name} | {stage_s:.1f} | {done.split('; ')[0]} |")
    rows += ["", f"{result.quads} quads in {result.graphs} graphs; {len(result.report.violations)} violations, "
                 f"{len(result.report.warnings)} warnings.", ""]
    return rows


def main() -> None:
    """Cold then warm build; the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "build.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vnqi-bench-build-") as tmp:
        var = Path(tmp) / "var"
        cold = run(var, args.sources)
        warm = run(var, args.sources)
    load = os.getloadavg()
    lines = ["# Full build benchmark", "",
             f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.python_version()}, {os.cpu_count()} cores, "
             f"load average at the end {load[0]:.1f}; `.venv/bin/python -m bench.bench_build`.", "",
             "Seed + fact sheet + every import of `../shared/data`, validated (incremental pySHACL, "
             "graph/validate_parts.py) and written to a new store. Target: under 60 s.", "",
             *table("Cold (empty var/: every import and every chunk validated)", *cold),
             *table("Warm (same var/: imports and chunk reports reused)", *warm)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
