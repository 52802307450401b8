"""Benchmark suite: child measurements with a time budget, the Oxigraph server, and the machine's other load."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.processes import ROOT, CpuMeter, Server, base_env


@dataclass
class Outcome:
    """What a child measurement printed, and how it ended: ok | failed | over budget."""

    task: str
    records: list[dict] = field(default_factory=list)
    status: str = "ok"
    error: str = ""
    wall_s: float = 0.0
    other_cpu: float | None = None  # share of the machine's CPU used by processes outside the suite
    load: float = 0.0  # 1-minute load average at the end

    @property
    def peak_mb(self) -> float | None:
        return max((r["peak_mb"] for r in self.records), default=None)

    def first(self, **match: object) -> dict | None:
        """The first record with these keys and values."""
        return next((r for r in self.records if all(r.get(k) == v for k, v in match.items())), None)


class ChildCpuMeter(CpuMeter):
    """CpuMeter that also counts as ours the CPU of children that ended meanwhile (waited for: getrusage)."""

    def reset(self) -> None:
        super().reset()
        self.children = self._children_s()

    def _children_s(self) -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def foreign_share(self) -> float:
        capacity = (time.perf_counter() - self.start[0]) * self.hz * self.cores
        ended = (self._children_s() - self.children) * self.hz
        return max(0.0, super().foreign_share() - ended / capacity) if capacity > 0 else 0.0


def run_child(task: str, args: dict, budget_s: float, log_dir: Path) -> Outcome:
    """`python -m bench.suite_child TASK ARGS` in its own session; killed (its whole group) past the budget."""
    out = Outcome(task)
    meter = ChildCpuMeter()
    meter.reset()
    started = time.perf_counter()
    err_path = log_dir / f"{task}.stderr"
    with err_path.open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "bench.suite_child", task, json.dumps(args)], cwd=ROOT,
                                env=base_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err,
                                start_new_session=True)
        try:
            stdout, _ = proc.communicate(timeout=budget_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group of the child started here, and its own children
            stdout, _ = proc.communicate(timeout=60)
            out.status, out.error = "over budget", f"stopped after {budget_s:g} s"
    out.wall_s = time.perf_counter() - started
    out.other_cpu, out.load = meter.foreign_share(), os.getloadavg()[0]
    for line in stdout.decode("utf-8", "replace").splitlines():
        try:
            out.records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    if out.status == "ok" and proc.returncode != 0:
        tail = err_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:] or ["?"]
        out.status, out.error = "failed", f"exit {proc.returncode}: {tail[0][:200]}"
    return out


def oxigraph_program() -> str | None:
    """The `oxigraph` command of the venv, or on PATH."""
    venv = ROOT / ".venv" / "bin" / "oxigraph"
    return str(venv) if venv.exists() else shutil.which("oxigraph")


def oxigraph_version() -> str:
    program = oxigraph_program()
    if program is None:
        return "not installed"
    done = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=30, check=False)
    return done.stdout.strip().removeprefix("oxigraph ") or "unknown"


class OxigraphServer(Server):
    """`oxigraph serve --union-default-graph` on a loaded directory, 127.0.0.1 and a free port (no --timeout-s:
    under load its per-request timeout threads pile up, ../shared/notes/real-components.md); started, awaited and
    stopped as bench.processes.Server stops its own."""

    def __init__(self, location: Path, log_path: Path) -> None:
        super().__init__("Oxigraph server", "", None, "/query?query=ASK%20%7B%7D", {}, log_path, 120.0)
        self.location = location

    def argv(self) -> list[str]:
        """`oxigraph serve` on self.port; RuntimeError when the program is not installed."""
        program = oxigraph_program()
        if program is None:
            raise RuntimeError("the Oxigraph server is not installed (pip install oxigraph)")
        return [program, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}",
                "--union-default-graph"]
