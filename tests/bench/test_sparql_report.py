"""The SPARQL benchmark's report, rendered from made-up figures: both latency tables, their verdicts, ceilings."""

from __future__ import annotations

import argparse

from bench.query_mix import Query
from bench.sparql_latency import Row
from bench.sparql_report import render
from bench.timing import Timing

ARGS = argparse.Namespace(command="python -m bench.bench_sparql", seed=1, workers=2, reps=60, budget_s=30.0,
                          clients=8, duration_s=10.0)
INFO = {"date": "today", "wall": 1.0, "quads": 1000, "data_mb": 1.0, "gen": "made up", "graphs": 1, "pyox_load": 1.0,
        "pyox_mb": 1.0, "vnqi_in_memory": True, "vnqi_build": 1.0, "vnqi_start": 1.0, "vnqi_mb": 1.0,
        "rdflib_start": 1.0, "rdflib_mb": 1.0, "vnqi_settings": {}, "problems": [], "foreign": 0.0,
        "floor": {k: 0.25 for k in ("mem", "mem_worker", "disk", "disk_worker", "pool", "vnqi", "bare", "rdflib")},
        "health_ms": 0.4, "machine": {"cores": 2, "cpu": "x", "memory": "y", "os": "z", "python": "3.11"}}


def ms(*values: float) -> Timing:
    return Timing([v / 1000 for v in values])


def row(name: str, pyox: float, vnqi: float, rdflib: float, in_a_row: dict[str, float] | None) -> Row:
    r = Row(Query(name, "ASK {}", "ask", ""), ms(pyox), ms(vnqi), ms(rdflib), {"pyox": 1}, "yes", False,
            {k: ms(1.0) for k in ("mem", "vnqi", "mem_worker", "disk", "disk_worker", "pool")}, 0.0)
    r.in_a_row = {k: ms(v) for k, v in (in_a_row or {}).items()}
    r.in_a_row_agree = "yes" if in_a_row else ""
    return r


def tables(text: str) -> dict[str, list[list[str]]]:
    """Each section's table rows (header first) as lists of cells, by section title."""
    found: dict[str, list[list[str]]] = {}
    title = ""
    for line in text.splitlines():
        if line.startswith("## "):
            title = line[3:]
        elif line.startswith("|") and not line.startswith("|---"):
            found.setdefault(title, []).append([c.strip() for c in line.strip().strip("|").split("|")])
    return found


def test_both_tables_give_their_own_verdicts() -> None:
    rows = [row("q1", 0.2, 0.5, 4.0, {"pyox": 0.1, "vnqi": 0.4, "rdflib": 4.4, "bare": 0.2}),
            row("q2", 10.0, 12.0, 90.0, {"pyox": 9.0, "vnqi": 11.0, "rdflib": 121.0, "bare": 0.3})]
    text = render(ARGS, INFO, rows, [])
    found = tables(text)
    one, mixed = found["Latency per query (one client, sequential; medians)"], \
        found["Latency per query, each target answering the whole mix in a row (medians)"]
    assert all(len(r) == len(one[0]) for r in one) and all(len(r) == len(mixed[0]) for r in mixed)
    assert one[-1] == ["**geometric mean**", "", "1.41", "2.45", "19.0", "1.73", "2/2", "7.7×", "", "", ""]
    assert mixed[1][:5] == ["q1", "0.10", "0.40", "4.40", "0.20"] and mixed[1][7:9] == ["11.0×", "yes"]
    assert mixed[-1] == ["**geometric mean**", "0.95", "2.10", "23.1", "0.24", "2.21", "2/2", "11.0×", "", ""]
    assert "at least 10× faster than rdflib-endpoint in geometric mean — one by one: **missed** (7.7×); mix in a " \
           "row: **met** (11.0×)." in text
    # the ceilings: √(4 / 0.45 × 90 / 10.25) one by one; √(4.4 / 0.3 × 121 / 9.3) in a row
    assert "could reach with this mix, one by one: 8.8×" in text and "vnqi reaches 88% of it" in text
    assert "With the mix in a row (each query's bare-handler median in place of the floor): 13.8×; vnqi reaches " \
           "80% of it." in text


def test_without_the_mix_in_a_row_there_is_one_table_and_one_verdict() -> None:
    text = render(ARGS, INFO, [row("q1", 0.2, 0.5, 4.0, None)], [])
    assert "whole mix in a row" not in text and "mix in a row:" not in text
    assert "one by one: **missed** (8.0×)." in text


def test_a_geometric_mean_needs_every_query() -> None:
    rows = [row("q1", 0.2, 0.5, 4.0, {"pyox": 0.1, "vnqi": 0.4, "rdflib": 4.4, "bare": 0.2}),
            row("q2", 10.0, 12.0, 90.0, {"pyox": 9.0, "vnqi": 11.0, "bare": 0.3})]  # rdflib not timed in a row
    text = render(ARGS, INFO, rows, [])
    assert "mix in a row: **missed** (–)." in text
