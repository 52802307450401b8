"""The record a build leaves in each store version it writes (vnqi-build.json: its quads, when it was built), read
where counting the store would cost a scan of it."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

RECORD = "vnqi-build.json"
MERGE_BASE = "merge_base"  # the base graph of the version's merged store (graph/worker_merge.py), when it has one
MERGE_QUADS = "merge_quads"  # how many more triples that store holds than the version


def write_record(version: Path, quads: int, merged: tuple[str, int] | None = None) -> None:
    """Record a finished version's quads and build time, and the base graph and extra triples of its merged store
    if it has one (graph/worker_merge.py)."""
    info: dict[str, Any] = {"quads": quads, "built": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    if merged is not None:
        info[MERGE_BASE], info[MERGE_QUADS] = merged
    (version / RECORD).write_text(json.dumps(info, indent=2), encoding="utf-8")


def read_record(version: Path | None) -> dict[str, Any]:
    """The record of a store directory; empty for an in-memory store or one no build wrote (or left unreadable)."""
    try:
        record = json.loads((version / RECORD).read_text(encoding="utf-8")) if version is not None else {}
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def recorded_quads(version: Path | None) -> int | None:
    """The quads the record gives, None without one."""
    quads = read_record(version).get("quads")
    return quads if isinstance(quads, int) else None
