"""Smoke test of the benchmark suite (marked `bench`: the default run deselects it).

Run with: .venv/bin/python -m pytest -m bench tests/bench/test_suite.py
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `bench` is not an installed package: import it from the checkout
    sys.path.insert(0, str(ROOT))

from bench.query_mix import load_queries
from bench.suite_report import VALIDATIONS
from bench.suite_size import LOADS

pytestmark = pytest.mark.bench
SIZE = "20,000"


def table(text: str, title: str) -> list[list[str]]:
    """The body rows (cells) of the Markdown table under the `## title…` heading."""
    section = text.split(f"\n## {title}", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    assert len(lines) >= 2 and set(lines[1].replace("|", "")) <= {"-", " "}, f"no table under {title}"
    width = lines[0].count("|")
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:]]
    assert all(line.count("|") == width for line in lines[2:]), f"ragged table under {title}"
    return rows


def number(cell: str) -> float:
    assert re.fullmatch(r"[\d.,]+", cell), cell
    return float(cell.replace(",", ""))


@pytest.mark.timeout(900)
def test_suite_writes_every_measurement(tmp_path: Path) -> None:
    """The suite at 20,000 triples with short runs: exit 0 and a row for every measurement, with figures."""
    out = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench.suite", "--sizes", "20000", "--reps", "2", "--warmup", "1", "--budget-s", "2",
         "--duration-s", "1", "--clients", "2,4", "--validation-budget-s", "120",
         "--data-dir", str(tmp_path / "data"), "--out", str(out)],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=850, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert "Command: `.venv/bin/python -m bench.suite --sizes 20000" in text and "pyoxigraph 0." in text

    loads = {r[1]: r for r in table(text, "Load time") if r[0] == SIZE}
    assert set(loads) == set(LOADS)
    for row in loads.values():
        assert row[6] == "ok", row
        assert number(row[2]) >= 0 and number(row[3]) > 10, row  # seconds, peak MB

    mix = {r[1]: r for r in table(text, "Query mix") if r[0] == SIZE}
    assert set(mix) == {q.name for q in load_queries()}
    for row in mix.values():
        for cell in (*row[3:7], row[10]):  # vnqi, pyoxigraph, Oxigraph server, rdflib, vnqi on disk: a median each
            number(cell)
        assert row[11].startswith("yes"), row

    assert re.search(r"vnqi \(workers on disk\) [\d,]+ MB", text)  # the memory-saving setting measured too

    http = table(text, "HTTP throughput")
    kinds = {(r[1], r[2], r[3]) for r in http if r[0] == SIZE}
    for clients in ("2", "4"):
        for what, target in (("entity page", "vnqi HTML page"), ("entity page", "Oxigraph server CONSTRUCT (out + in)"),
                             ("SPARQL q1-entity-in-out", "vnqi HTTP"),
                             ("SPARQL q1-entity-in-out", "Oxigraph server HTTP")):
            assert (what, target, clients) in kinds
    assert all(number(r[4]) > 0 and r[7] == "0" for r in http), http

    search = {r[1]: r for r in table(text, "Search")}
    assert set(search) == {"vnqi /search (JSON)", "Oxigraph server: CONTAINS on labels"}
    assert number(search["vnqi /search (JSON)"][3]) > 0

    impact = table(text, "Impact")
    assert {r[2] for r in impact} == {"amended article", "most depended-on article"}
    assert all(r[7] == "yes" and r[9] == "ok" for r in impact), impact

    validation = {r[1]: r for r in table(text, "Validation")}
    assert set(validation) == {label for label, _, _ in VALIDATIONS}
    counts = {row[3] for row in validation.values()}
    assert all(row[5] == "ok" for row in validation.values()) and len(counts) == 1, validation  # same results

    targets = text.split("\n## Targets", 1)[1]
    assert targets.count("\n- ") == 6
