"""Benchmark suite: the query mix of bench/queries/ on every target, interleaved, with the same-results check."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.processes import CpuMeter
from bench.query_mix import Query, summarise
from bench.timing import Timing, measure_rounds

Runner = Callable[[Query], Callable[[], bytes]]
RDFLIB = "rdflib in process"


@dataclass
class MixRow:
    """One query: the median (ms) or failure of each target, the row count and whether they agree."""

    query: str
    rows: int | None
    medians: dict[str, float | None] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # target -> why there is no median
    agree: str = "yes"
    other_cpu: float | None = None


def _summary(form: str, body: bytes | None) -> tuple[int, str] | None:
    """(count, signature) of a body; None for a body that does not parse (a truncated answer counts as wrong)."""
    if body is None:
        return None
    try:
        count, signature = summarise(form, body)
    except ValueError:
        return None
    return count, repr((count, signature))


def _note(t: Timing) -> str:
    return f"timed out ({t.timeout:g} s)" if t.timeout is not None else f"failed: {t.error}"[:160]


def run_query(q: Query, runners: dict[str, Runner], rdflib: dict | None, reps: int, warmup: int,
              budget_s: float) -> MixRow:
    """Time `q` on every runner in interleaved rounds; add rdflib's record (measured in its own process)."""
    meter = CpuMeter()
    timings, bodies = measure_rounds({name: make(q) for name, make in runners.items()}, reps, warmup, budget_s)
    row = MixRow(q.name, None, other_cpu=meter.foreign_share())
    summaries: dict[str, tuple[int, str] | None] = {}
    for name, t in timings.items():
        if t.samples and t.error is None and t.timeout is None:
            row.medians[name] = t.median_ms
            summaries[name] = _summary(q.form, bodies[name])
            if summaries[name] is None:
                row.notes[name] = "malformed or truncated body"
        else:
            row.notes[name] = _note(t)
    if rdflib is not None:
        if rdflib.get("samples") and not rdflib.get("error"):
            row.medians[RDFLIB] = statistics.median(rdflib["samples"]) * 1000
            count = int(rdflib["summary"].split(",", 1)[0].strip("("))
            summaries[RDFLIB] = (count, rdflib["summary"])
        else:
            row.notes[RDFLIB] = f"failed: {rdflib.get('error')}"[:160]
    got = {k: v for k, v in summaries.items() if v is not None}
    row.rows = next(iter(got.values()))[0] if got else None
    counts = {k: v[0] for k, v in got.items()}
    if len(set(counts.values())) > 1:
        row.agree = "**no**: " + ", ".join(f"{k} {v}" for k, v in counts.items())
    elif q.form != "construct" and len({v[1] for v in got.values()}) > 1:
        row.agree = "same count, **values differ**"
    elif q.form == "construct":
        row.agree = "yes (count)"
    if len(got) < len(summaries):
        row.agree += " (malformed body: " + ", ".join(k for k, v in summaries.items() if v is None) + ")"
    return row


def run_mix(queries: list[Query], runners: dict[str, Runner], rdflib: dict[str, dict] | None, reps: int,
            warmup: int, budget_s: float, log: Callable[[str], None]) -> list[MixRow]:
    """Every query of the mix; rdflib's records by query name (None: rdflib not loaded at this size)."""
    out = []
    for q in queries:
        row = run_query(q, runners, None if rdflib is None else rdflib.get(q.name, {"error": "not measured"}),
                        reps, warmup, budget_s)
        log(f"  {q.name}: rows {row.rows} " + " ".join(f"{k} {v:.1f}" for k, v in row.medians.items() if v)
            + f" agree={row.agree}")
        out.append(row)
    return out
