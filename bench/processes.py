"""Processes of a benchmark: servers in their own sessions on free loopback ports, their memory, other CPU use."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    return children


def _tree(pid: int) -> list[int]:
    children, todo, seen = _children(), [pid], []
    while todo:
        p = todo.pop()
        if p not in seen:
            seen.append(p)
            todo.extend(children.get(p, []))
    return seen


class CpuMeter:
    """How much CPU processes outside this benchmark's process tree used (other work on a shared machine)."""

    def __init__(self) -> None:
        self.hz = os.sysconf("SC_CLK_TCK")
        self.cores = os.cpu_count() or 1
        self.start = self._snapshot()

    def _snapshot(self) -> tuple[float, int, dict[int, int]]:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + (fields[7] if len(fields) > 7 else 0)
        ours = {}
        for pid in _tree(os.getpid()):
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ours[pid] = int(stat[11]) + int(stat[12])
            except (OSError, IndexError, ValueError):
                continue
        return time.perf_counter(), busy, ours

    def reset(self) -> None:
        self.start = self._snapshot()

    def foreign_share(self) -> float:
        """Share of the machine's CPU capacity used by other processes since the last reset (0–1)."""
        t0, busy0, ours0 = self.start
        t1, busy1, ours1 = self._snapshot()
        ours = sum(v - ours0.get(pid, 0) for pid, v in ours1.items())
        capacity = (t1 - t0) * self.hz * self.cores
        return max(0.0, (busy1 - busy0 - ours) / capacity) if capacity > 0 else 0.0


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants, in MB (from /proc)."""
    total = 0.0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


class Server:
    """A uvicorn app factory in a subprocess of its own session, on 127.0.0.1:<free port>."""

    def __init__(self, name: str, factory: str, env: dict[str, str] | None, ready_path: str, ready_headers: dict,
                 log_path: Path, start_timeout_s: float) -> None:
        self.name, self.factory, self.env = name, factory, env
        self.ready_path, self.ready_headers = ready_path, ready_headers
        self.log_path, self.start_timeout_s = log_path, start_timeout_s
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.start_seconds = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def argv(self) -> list[str]:
        """The command line (on self.port)."""
        return [sys.executable, "-m", "uvicorn", "--factory", self.factory, "--host", "127.0.0.1",
                "--port", str(self.port), "--log-level", "warning", "--no-access-log"]

    def start(self) -> float:
        """Start and wait until it answers; the seconds it took."""
        self.port = free_port()
        argv = self.argv()
        started = time.perf_counter()
        with self.log_path.open("ab") as out:
            self.process = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = started + self.start_timeout_s
        with httpx.Client(trust_env=False, timeout=5) as client:
            while time.perf_counter() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log_path}")
                try:
                    if client.get(self.url + self.ready_path, headers=self.ready_headers).status_code == 200:
                        self.start_seconds = time.perf_counter() - started
                        return self.start_seconds
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within {self.start_timeout_s:g} s; see {self.log_path}")

    def rss_mb(self) -> float:
        return rss_mb(self.process.pid) if self.process and self.process.poll() is None else 0.0

    def stop(self) -> None:
        """SIGTERM, then SIGKILL to its process group (only the processes this server started) after 10 s."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the group is this server's own session
        except ProcessLookupError:
            pass
        process.wait(10)

    def restart(self) -> None:
        self.stop()
        self.start()


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VNQI_", "BENCH_"))}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env
