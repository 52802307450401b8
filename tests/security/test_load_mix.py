"""The load test (bench/load_test.py) in short: 32 clients for 10 s against a real `vnqi serve` — no 5xx other
than the pathological queries' 503, no transport error, every kind answered, the server's memory bounded; and
with one writer sending updates all along, no accepted write lost.
The 60 s run is marked `bench`; bench/results/load.md holds the latest runs (`python -m bench.load_test`)."""

from __future__ import annotations

import asyncio
import secrets
import shutil
from pathlib import Path

import pytest

from bench.load_test import WEIGHTS, main, run_load
from tests.security.servers import serve

MIB = 1024 * 1024


def test_short_load_has_no_server_error(built_var: Path) -> None:
    with serve(built_var, query_timeout_s="3") as (base, proc):
        stats = asyncio.run(run_load(base, 10.0, 32, proc.pid, pathological_every_s=30.0))
    assert stats.errors == [] and stats.server_errors() == 0, (stats.errors[:5], dict(stats.status))
    assert all(stats.latency[kind] for kind in WEIGHTS), dict(stats.status)
    assert dict(stats.status["pathological"]) == {503: 1}  # stopped by the 3 s limit
    assert sum(len(v) for v in stats.latency.values()) > 100
    own, total = [r[1] for r in stats.rss], [r[2] for r in stats.rss]
    assert len(own) >= 10 and max(total) < 2048 * MIB and own[-1] - own[0] < 256 * MIB, (own, total)


def test_writes_under_load_are_not_lost(built_var: Path, tmp_path: Path) -> None:
    var = tmp_path / "var"
    shutil.copytree(built_var, var, symlinks=True)  # the session's build stays as it is
    token = secrets.token_urlsafe(24)
    with serve(var, query_timeout_s="3", write_token=token) as (base, proc):
        stats = asyncio.run(run_load(base, 10.0, 16, proc.pid, pathological_every_s=0, write_token=token,
                                     write_every_s=0.5))
    writes = stats.writes
    assert writes is not None and writes.sent >= 2 and len(writes.accepted) == writes.sent, dict(stats.status)
    assert writes.found == len(writes.accepted) and writes.lost == 0
    assert stats.errors == [] and stats.server_errors() == 0, (stats.errors[:5], dict(stats.status))
    assert (var / "current").resolve().name != (built_var / "current").resolve().name  # served: a newer version
    assert len(list((var / "updates").glob("*.ru"))) == writes.sent  # and was logged for rebuilds


@pytest.mark.bench
@pytest.mark.timeout(300)
def test_sixty_seconds_of_load(built_var: Path, tmp_path: Path) -> None:
    """The 60 s run over the seed and facts build (bench/results/load.md also has runs over the whole graph)."""
    out = tmp_path / "load.md"
    assert main(["--var", str(built_var), "--duration-s", "60", "--clients", "32", "--timeout-s", "5",
                 "--out", str(out)]) == 0
    assert "5xx (other than the pathological queries' 503): 0;" in out.read_text(encoding="utf-8")
