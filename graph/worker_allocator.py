"""The malloc query workers run with: jemalloc when it is installed (Debian's libjemalloc2), else the system's.

Oxigraph's evaluation makes and frees many small buffers (sorting decodes the terms it compares), which glibc's
malloc serves more slowly. Measured in process at 5M synthetic quads (bench/results/worker-copy.md): q6 of the
query mix 1,022 → 886 ms on the sorted copy (graph/worker_copy.py), q7 3.93 → 1.35 ms; the in-memory copy takes
~7% more (1,800 → 1,930 MB resident, after jemalloc's arenas are purged).

A library is preloaded only when a process starts (LD_PRELOAD), so a worker asked to run with it starts again at
once, before it opens the store: it replaces itself (`os.execve`, same process id, the pipe to the server kept
open) with a fresh interpreter whose environment preloads jemalloc (graph/worker_start.py). The server's own
environment is never changed, so no other process it starts runs with it.
"""

from __future__ import annotations

import ctypes.util
import functools
import json
import os
import sys
from pathlib import Path

LIBRARY = "libjemalloc.so.2"
PROJECT = str(Path(__file__).resolve().parents[1])  # where `graph` is imported from, for the fresh interpreter


@functools.cache
def jemalloc() -> str | None:
    """jemalloc's library name when the dynamic loader knows it (for this machine's architecture), else None."""
    found = ctypes.util.find_library("jemalloc")
    return found if found and found.startswith("libjemalloc.so") else None


def in_use() -> str:
    """'jemalloc' when this process runs with it, else 'system'."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            return "jemalloc" if any("/libjemalloc.so" in line for line in maps) else "system"
    except OSError:
        return "system"


def restart_with(library: str, fd: int, args: list[object]) -> None:
    """Replace this process by a fresh interpreter that preloads `library` and runs the worker with `args` on the
    pipe `fd`; returns only when that cannot be done (the worker then goes on with the system's malloc)."""
    before = os.environ.get("LD_PRELOAD")
    paths = os.environ.get("PYTHONPATH")
    env = {**os.environ, "LD_PRELOAD": f"{library} {before}" if before else library,
           "PYTHONPATH": f"{PROJECT}{os.pathsep}{paths}" if paths else PROJECT}
    try:
        os.set_inheritable(fd, True)
        os.execve(sys.executable, [sys.executable, "-m", "graph.worker_start", str(fd), json.dumps(args)], env)
    except OSError:
        os.set_inheritable(fd, False)
