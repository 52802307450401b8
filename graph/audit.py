"""The audit log of writes: one JSON object per line in var/audit.log, appended and fsynced before answering.

Each entry says who (a short hash of the presented token, never the token, and the client address), when, which
operation, which graph(s), how many triples were added and removed, and whether the write was accepted or refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

AUDIT_LOG = "audit.log"
_LOCK = threading.Lock()


def audit_path(var_dir: Path) -> Path:
    """The audit log of a var directory."""
    return var_dir / AUDIT_LOG


def fingerprint(token: str | None) -> str | None:
    """A short, non-reversible name for a token (12 hex digits of its SHA-256); None when no token was given."""
    if not token:
        return None
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:12]


def now() -> str:
    """The current UTC time, ISO 8601 with milliseconds."""
    seconds = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{int(seconds % 1 * 1000):03d}Z"


def append(path: Path, entry: Mapping[str, Any]) -> dict[str, Any]:
    """Append one entry (with its time, unless given) as a JSON line, fsynced; returns what was written."""
    record = {"time": now(), **entry}
    line = json.dumps(record, ensure_ascii=False, sort_keys=True, default=str) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    return record


def read(path: Path) -> list[dict[str, Any]]:
    """Every entry of an audit log, oldest first (empty when there is none)."""
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
