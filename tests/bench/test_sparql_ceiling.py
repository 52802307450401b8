"""The benchmark's ceiling: rdflib's time over (HTTP floor + engine time), geometric mean over the mix."""

from __future__ import annotations

import math

from bench.query_mix import Query
from bench.sparql_latency import Row, ceiling, ceiling_in_a_row
from bench.timing import Timing


def row(name: str, pyox_ms: float, rdflib_ms: float | None) -> Row:
    q = Query(name, "ASK {}", "ask", "")
    rd = Timing([rdflib_ms / 1000]) if rdflib_ms is not None else None
    return Row(q, Timing([pyox_ms / 1000]), Timing([0.001]), rd, {}, "yes", False)


def test_geometric_mean_of_the_best_possible_ratios() -> None:
    rows = [row("a", 0.5, 3.0), row("b", 9.0, 1000.0)]
    # (3 / (0.5 + 0.5)) = 3 and (1000 / (0.5 + 9)) ≈ 105.26: geometric mean √(3 × 105.26)
    assert math.isclose(ceiling(rows, 0.5), math.sqrt(3.0 * 1000.0 / 9.5), rel_tol=1e-9)


def test_no_ceiling_without_every_figure() -> None:
    assert ceiling([row("a", 0.5, 3.0)], None) is None
    assert ceiling([row("a", 0.5, 3.0)], float("nan")) is None
    assert ceiling([row("a", 0.5, 3.0), row("b", 1.0, None)], 0.5) is None
    assert ceiling([], 0.5) is None


def test_the_ceiling_in_a_row_reads_its_own_medians() -> None:
    rows = [row("a", 0.5, 3.0), row("b", 9.0, 1000.0)]
    rows[0].in_a_row = {"pyox": Timing([0.0002]), "rdflib": Timing([0.0028]), "bare": Timing([0.0002])}
    rows[1].in_a_row = {"pyox": Timing([0.008]), "rdflib": Timing([0.9]), "bare": Timing([0.0004])}
    # (2.8 / (0.2 + 0.2)) = 7 and (900 / (0.4 + 8)): the one-by-one medians are not read
    assert math.isclose(ceiling_in_a_row(rows), math.sqrt(7.0 * 900.0 / 8.4), rel_tol=1e-9)
    del rows[1].in_a_row["rdflib"]  # a query rdflib-endpoint was not timed on
    assert ceiling_in_a_row(rows) is None
