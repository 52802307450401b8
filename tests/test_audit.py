"""graph/audit.py: JSON lines appended and fsynced, one per write attempt, never the token itself."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from graph import audit


def test_append_writes_one_json_line_per_entry(tmp_path: Path) -> None:
    log = audit.audit_path(tmp_path / "var")
    first = audit.append(log, {"operation": "gsp-put", "graphs": ["https://x.org/g"], "added": 3, "removed": 0,
                               "outcome": "accepted", "token": audit.fingerprint("s3cret-token-0123456789")})
    audit.append(log, {"operation": "sparql-update", "outcome": "refused", "status": 401, "reason": "đồ thị"})
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and [json.loads(line) for line in lines] == audit.read(log)
    assert audit.read(log)[0] == first and first["added"] == 3
    assert first["time"].endswith("Z") and first["time"][:4].isdigit() and "T" in first["time"]
    assert audit.read(log)[1]["reason"] == "đồ thị"  # UTF-8, not \u escapes
    assert "đồ thị" in lines[1]
    assert oct(log.stat().st_mode & 0o777) == "0o600"


def test_fingerprint_is_short_stable_and_not_the_token() -> None:
    token = "vnqi-secret-write-token-0123456789"
    name = audit.fingerprint(token)
    assert name == audit.fingerprint(token) != audit.fingerprint(token + "x")
    assert name is not None and name.startswith("sha256:") and len(name) == len("sha256:") + 12
    assert token not in name
    assert audit.fingerprint(None) is None and audit.fingerprint("") is None


def test_append_fsyncs_before_returning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real(fd)

    monkeypatch.setattr(audit.os, "fsync", fsync)
    audit.append(tmp_path / "audit.log", {"operation": "gsp-delete"})
    assert len(synced) == 1


def test_concurrent_appends_keep_whole_lines(tmp_path: Path) -> None:
    log = tmp_path / "audit.log"

    def writer(n: int) -> None:
        for i in range(25):
            audit.append(log, {"operation": "gsp-post", "writer": n, "i": i, "reason": "x" * 2000})

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entries = audit.read(log)
    assert len(entries) == 100
    assert sorted((e["writer"], e["i"]) for e in entries) == [(n, i) for n in range(4) for i in range(25)]


def test_read_of_a_missing_log_is_empty(tmp_path: Path) -> None:
    assert audit.read(tmp_path / "none.log") == []
