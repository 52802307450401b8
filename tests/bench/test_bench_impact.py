"""Smoke test of the impact benchmark (marked `bench`: the default run deselects it).

Run with: .venv/bin/python -m pytest -m bench tests/bench/test_bench_impact.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.bench


@pytest.mark.timeout(600)
def test_harness_reports_both_ways_and_the_same_set(tmp_path: Path) -> None:
    """100,000 synthetic triples, 10 runs: exit 0, a row per way, same set, the query matches the rules."""
    out = tmp_path / "impact.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_impact", "--triples", "100000", "--runs", "10", "--warmup", "1",
         "--data-dir", str(tmp_path / "data"), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=550, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    assert "| graph.impact.impact_of (after the build) | 10 |" in report
    assert "| SPARQL property path on the store" in report
    assert "Same set of entities: **yes**" in report and "23 alternatives = the 23 rules of the store" in report
    assert "SYNTHETIC" in report
