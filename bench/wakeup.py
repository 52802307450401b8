"""What waking a process costs on this machine: the floor under the server's hop to a query worker.

    python -m bench.wakeup    # writes bench/results/wakeup.md (a few seconds)

Two processes pass one byte back and forth over a pair of pipes, as the server and a query worker do
(graph/executor.py, graph/sparql_worker.py): both block in `read`, left where the scheduler puts them (what vnqi's
server and workers do), pinned to the same core (what pinning a worker to the server's core gives: tried and not
adopted, docs/decisions.md 43) and pinned to different cores; both spin on a non-blocking `read` on different cores (what
busy-waiting could reach); and the cost of one `write` to a process asleep in `read` 10 ms after its last message
(the writer pays for the wake-up). Medians of `--runs`.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import select
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench.machine import machine
from bench.processes import ROOT

STOP = b"q"


def _echo(inbox: int, outbox: int, spin: bool, cpu: int | None) -> None:
    """The child: send back every byte until STOP; spinning on a non-blocking read, or blocking in it."""
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    os.set_blocking(inbox, not spin)
    while True:
        try:
            data = os.read(inbox, 1)
        except BlockingIOError:
            continue
        if not data or data == STOP:
            return
        os.write(outbox, data)


def _wait(fd: int, spin: bool) -> None:
    """Read one byte: spinning, or after select() says it is there."""
    while spin:
        try:
            os.read(fd, 1)
            return
        except BlockingIOError:
            continue
    select.select([fd], [], [])
    os.read(fd, 1)


def _pair(spin: bool, measure: Callable[[int, int], list[float]], place: str = "free") -> list[float]:
    """Start the echoing child, run `measure`, stop the child. `place`: "free" (no pinning), "apart" (the two on
    different cores, as spinning needs) or "together" (both on one core); pinning needs two cores."""
    cpus = sorted(os.sched_getaffinity(0))
    pinned = place != "free" and len(cpus) > 1
    from_parent, to_child = os.pipe()
    from_child, to_parent = os.pipe()
    child_cpu = (cpus[1] if place == "apart" else cpus[0]) if pinned else None
    child = mp.get_context("fork").Process(target=_echo, args=(from_parent, to_parent, spin, child_cpu), daemon=True)
    child.start()
    before = os.sched_getaffinity(0)
    try:
        if pinned:
            os.sched_setaffinity(0, {cpus[0]})
        os.set_blocking(from_child, not spin)
        return measure(to_child, from_child)
    finally:
        os.sched_setaffinity(0, before)
        os.write(to_child, STOP)
        child.join(5)
        for fd in (to_child, from_parent, from_child, to_parent):
            os.close(fd)


def round_trips(spin: bool, runs: int, place: str = "free") -> list[float]:
    """Seconds per one-byte round trip (spinning: always on different cores)."""
    def measure(out: int, back: int) -> list[float]:
        times = []
        for _ in range(runs + 100):
            started = time.perf_counter()
            os.write(out, b"x")
            _wait(back, spin)
            times.append(time.perf_counter() - started)
        return times[100:]
    return _pair(spin, measure, "apart" if spin else place)


def waking_writes(runs: int, pause_s: float = 0.01) -> list[float]:
    """Seconds spent in a `write` to a child asleep in `read` (after `pause_s` of quiet)."""
    def measure(out: int, back: int) -> list[float]:
        times = []
        for _ in range(runs):
            time.sleep(pause_s)
            started = time.perf_counter()
            os.write(out, b"x")
            times.append(time.perf_counter() - started)
            _wait(back, False)
        return times
    return _pair(False, measure)


def report(rows: list[tuple[str, list[float]]], seconds: float) -> str:
    """The Markdown table: median and 90th percentile in µs."""
    m = machine()
    lines = ["# Waking a process: the floor under the hop to a query worker", "",
             f"Command: `python -m bench.wakeup` — run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {seconds:.0f} s in all.",
             "", "| what | runs | median (µs) | p90 (µs) |", "|---|---|---|---|"]
    for name, times in rows:
        us = sorted(t * 1e6 for t in times)
        lines.append(f"| {name} | {len(us)} | {statistics.median(us):.1f} | {us[int(len(us) * 0.9)]:.1f} |")
    lines += ["", ("vnqi's server and its query workers block and are placed by the scheduler (the first line): each "
              "query pays two wake-ups on top of its work. On one core (the second line) the kernel switches from one "
              "process to the other without waking an idle core; pinning each worker to a core and handing a query "
              "to the worker on the server's core was tried and not adopted: over HTTP it sped up back-to-back cheap "
              "requests but not the benchmark's interleaved ones, and slowed a 30 ms query (docs/decisions.md, 43). "
              "Busy-waiting (the fourth line) takes a core from "
              "whatever else runs (docs/decisions.md, 42)."), "",
              f"Machine: {m['cores']} cores, {m['cpu']}, {m['memory']}, {m['os']}; Python {m['python']}."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "wakeup.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = [("round trip, both processes block in read, placed by the scheduler", round_trips(False, args.runs)),
            ("round trip, both block, pinned to the same core", round_trips(False, args.runs, "together")),
            ("round trip, both block, pinned to different cores", round_trips(False, args.runs, "apart")),
            ("round trip, both spin, each pinned to its own core", round_trips(True, args.runs)),
            ("one write to a process asleep in read for 10 ms", waking_writes(min(args.runs, 300)))]
    args.out.write_text(report(rows, time.perf_counter() - started), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
