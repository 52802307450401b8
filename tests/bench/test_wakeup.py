"""Smoke test of bench/wakeup.py (marked `bench`: the default run deselects it)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `bench` is not an installed package: import it from the checkout
    sys.path.insert(0, str(ROOT))

from bench import wakeup

pytestmark = pytest.mark.bench


def test_every_byte_comes_back_and_the_child_stops() -> None:
    """Each way times exactly the runs asked for, each a positive time, and leaves no child behind."""
    import multiprocessing as mp

    for spin, place in ((False, "free"), (False, "together"), (False, "apart"), (True, "apart")):
        times = wakeup.round_trips(spin, 50, place)
        assert len(times) == 50 and all(t > 0 for t in times)
    assert len(wakeup.waking_writes(5, pause_s=0.001)) == 5
    assert mp.active_children() == []


def test_report_has_one_line_per_way(tmp_path: Path) -> None:
    out = tmp_path / "wakeup.md"
    assert wakeup.main(["--runs", "40", "--out", str(out)]) == 0
    rows = [line for line in out.read_text(encoding="utf-8").splitlines() if re.match(r"\| (round trip|one write)", line)]
    assert len(rows) == 5
    for line in rows:
        runs, median, p90 = (float(cell) for cell in line.strip("|").split("|")[1:4])
        assert runs > 0 and 0 < median <= p90
