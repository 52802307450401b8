"""The malloc query workers run with: jemalloc when it is installed (Debian's libjemalloc2), else the system's.

Oxigraph's evaluation makes and frees many small buffers (sorting decodes the terms it compares), which glibc's
malloc serves more slowly. Measured in process at 5M synthetic quads (bench/results/worker-copy.md): q6 of the
query mix 1,022 → 913 ms on the sorted copy (graph/worker_copy.py), q7 3.2 → 1.2 ms; the in-memory copy takes
~9% more (1,778 → 1,932 MB resident).

A worker is a fresh interpreter (multiprocessing's spawn), so the library is preloaded through LD_PRELOAD in the
environment it is started with, which is set only while a worker starts; the server's own environment and
process are left as they are.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LIBRARY = "libjemalloc.so.2"
LIBRARY_DIRS = ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/usr/local/lib")
_ENVIRONMENT = threading.Lock()  # one change of LD_PRELOAD at a time


@functools.cache
def jemalloc() -> str | None:
    """The path of libjemalloc.so.2 when installed in a usual place, else None."""
    return next((str(Path(d) / LIBRARY) for d in LIBRARY_DIRS if (Path(d) / LIBRARY).is_file()), None)


@contextmanager
def preloading(library: str | None) -> Iterator[None]:
    """Processes started inside the block preload `library` (None: nothing changes)."""
    if library is None:
        yield
        return
    with _ENVIRONMENT:
        before = os.environ.get("LD_PRELOAD")
        os.environ["LD_PRELOAD"] = f"{library} {before}" if before else library
        try:
            yield
        finally:
            if before is None:
                del os.environ["LD_PRELOAD"]
            else:
                os.environ["LD_PRELOAD"] = before


def in_use() -> str:
    """'jemalloc' when this process runs with it, else 'system'."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            return "jemalloc" if any(LIBRARY in line for line in maps) else "system"
    except OSError:
        return "system"
