"""The malloc query workers run with: jemalloc when it is installed (Debian's libjemalloc2), else the system's.

Oxigraph's evaluation makes and frees many small buffers (sorting decodes the terms it compares), which glibc's
malloc serves more slowly. Measured in process at 5M synthetic quads (bench/results/worker-copy.md): q6 of the
query mix 1,022 → 886 ms on the sorted copy (graph/worker_copy.py), q7 3.93 → 1.35 ms; the in-memory copy takes
~7% more (1,800 → 1,930 MB resident, after jemalloc's arenas are purged).

A library is preloaded only when a process starts (LD_PRELOAD), so a worker asked to run with it starts again at
once, before it opens the store: it replaces itself (`os.execve`, same process id, the pipe to the server kept
open) with a fresh interpreter whose environment preloads jemalloc (graph/worker_start.py). `vnqi serve` starts
again the same way (`restart_command_with`): the server answers known-cheap queries itself (graph/inline.py), q7 of
the mix 1.66 → 1.47 ms, the other cheap ones 2–4% faster. The restarted server puts its environment back as it was
(`forget_preload`), so that no other process it starts runs with the library unless it asks, as a worker does.
"""

from __future__ import annotations

import ctypes.util
import functools
import json
import os
import sys
from pathlib import Path

LIBRARY = "libjemalloc.so.2"
RESTORE = "VNQI_PRELOAD_BEFORE"  # set in a restarted command's environment: LD_PRELOAD as it was before ("" if unset)
PROJECT = str(Path(__file__).resolve().parents[1])  # where `graph` is imported from, for the fresh interpreter


@functools.cache
def jemalloc() -> str | None:
    """jemalloc's library name when the dynamic loader knows it (for this machine's architecture), else None."""
    found = ctypes.util.find_library("jemalloc")
    return found if found and found.startswith("libjemalloc.so") else None


@functools.cache
def in_use() -> str:
    """'jemalloc' when this process runs with it, else 'system'."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            return "jemalloc" if any("/libjemalloc.so" in line for line in maps) else "system"
    except OSError:
        return "system"


def _preloading(library: str) -> dict[str, str]:
    """This process's environment with `library` preloaded first and the project importable."""
    before = os.environ.get("LD_PRELOAD")
    paths = os.environ.get("PYTHONPATH")
    return {**os.environ, "LD_PRELOAD": f"{library} {before}" if before else library,
            "PYTHONPATH": f"{PROJECT}{os.pathsep}{paths}" if paths else PROJECT}


def restart_with(library: str, fd: int, args: list[object]) -> None:
    """Replace this process by a fresh interpreter that preloads `library` and runs the worker with `args` on the
    pipe `fd`; returns only when that cannot be done (the worker then goes on with the system's malloc)."""
    try:
        os.set_inheritable(fd, True)
        os.execve(sys.executable, [sys.executable, "-m", "graph.worker_start", str(fd), json.dumps(args)],
                  _preloading(library))
    except OSError:
        os.set_inheritable(fd, False)


def restart_command_with(library: str, module: str, args: list[str]) -> None:
    """Replace this process by `python -m module args…` preloading `library`, once: returns when it runs with it
    already, when it was restarted already, or when that cannot be done (it then goes on with the system's malloc)."""
    if in_use() == "jemalloc" or RESTORE in os.environ:
        return
    env = command_environment(library)
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execve(sys.executable, [sys.executable, "-m", module, *args], env)
    except OSError:
        return


def command_environment(library: str) -> dict[str, str]:
    """The environment of a command started again preloading `library`: LD_PRELOAD's value before goes in RESTORE."""
    return _preloading(library) | {RESTORE: os.environ.get("LD_PRELOAD", "")}


def forget_preload() -> None:
    """After `restart_command_with`: LD_PRELOAD as it was before, for the processes this one starts."""
    before = os.environ.pop(RESTORE, None)
    if before is None:
        return
    if before:
        os.environ["LD_PRELOAD"] = before
    else:
        os.environ.pop("LD_PRELOAD", None)
