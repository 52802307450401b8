"""How many query workers copy the store version into memory: as many as the memory budget for copies holds.

An in-memory copy makes queries 2–3× faster (decision 27) and costs its size in RAM in each worker: ~1.9 GB per
worker at 5M quads. The budget (`VNQI_QUERY_MEMORY_MB`) bounds what the copies take in all; a worker whose copy
would not fit reads the version on disk. The pool hands idle in-memory workers out first, so a lone client is
always answered from memory and concurrent queries overflow to the workers on disk.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph.build_record import MERGE_QUADS, read_record

BYTES_PER_QUAD = 400  # an in-memory copy, measured: 375 B/quad at 5M synthetic quads (396 with jemalloc), 368 on a
# 1.34M-quad full build
MB = 1 << 20


def quads_of(path: Path) -> int:
    """Quads a worker's copy of a store version holds: its build record's (with the triples of its merged store,
    graph/worker_merge.py), else counted on the store opened read-only."""
    record = read_record(path)
    quads, merged = record.get("quads"), record.get(MERGE_QUADS, 0)
    if not isinstance(quads, int):
        return len(ox.Store.read_only(str(path)))
    return quads + (merged if isinstance(merged, int) else 0)


def fits(used_mb: float, copy_mb: float, budget_mb: float | None) -> bool:
    """True when one more copy of `copy_mb` stays within the budget (None: no budget; 0: no copy at all)."""
    return budget_mb is None or (budget_mb > 0 and used_mb + copy_mb <= budget_mb)


def resident_bytes() -> int:
    """This process's resident memory (VmRSS), 0 where /proc is not there."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            line = next(line for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0
    return int(line.split()[1]) * 1024
