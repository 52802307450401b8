"""The SPARQL benchmark's latency tables (one by one, and the mix in a row), their verdicts and ceilings."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.query_mix import Query
from bench.timing import Timing, fmt_ms, geomean

FLOOR_QUERY = "ASK {}"


@dataclass
class Row:
    q: Query
    pyox: Timing
    vnqi: Timing
    rdflib: Timing | None
    rows: dict[str, int | None]
    agree: str
    truncated: bool
    split: dict[str, Timing] = field(default_factory=dict)  # second rounds: mem, vnqi, mem_worker, disk, …
    foreign: float | None = None  # share of the CPU used by other processes while this query was measured
    in_a_row: dict[str, Timing] = field(default_factory=dict)  # pyox, vnqi, rdflib, bare: the mix in a row
    in_a_row_agree: str = ""  # the `same results` cell of the mix in a row


def ok_ms(t: Timing | None) -> float | None:
    return t.median_ms if t is not None and t.timeout is None and t.error is None else None


def ceiling(rows: list[Row], bare_ms: float | None) -> float | None:
    """Geometric mean of rdflib / (HTTP floor + in-process pyoxigraph) over the mix: the best ratio any server on
    the same HTTP stack could show (None without every figure)."""
    if bare_ms is None or math.isnan(bare_ms):
        return None
    return _bound([(ok_ms(r.rdflib), bare_ms, ok_ms(r.pyox)) for r in rows])


def ceiling_in_a_row(rows: list[Row]) -> float | None:
    """The same bound from the mix-in-a-row medians, each query with the bare handler's own median for its request
    (None without every figure)."""
    return _bound([tuple(ok_ms(r.in_a_row.get(k)) for k in ("rdflib", "bare", "pyox")) for r in rows])


def _bound(figures: list[tuple[float | None, ...]]) -> float | None:
    """Geometric mean of rdflib / (floor + engine) over (rdflib, floor, engine) figures; None if any is missing."""
    if not figures or any(None in f for f in figures):
        return None
    return geomean([rd / (floor + p) for rd, floor, p in figures])  # type: ignore[operator]


@dataclass
class Verdicts:
    """What the latency table found, for the targets section."""

    met: int  # queries within 1.5 × pyoxigraph + 2 ms
    faster: int  # queries where vnqi beat rdflib-endpoint
    speedup: float | None  # geometric mean of rdflib / vnqi
    ratio: float | None  # geometric mean of vnqi / pyoxigraph


def latency_table(args: argparse.Namespace, info: dict, rows: list[Row]) -> tuple[list[str], Verdicts]:
    """The table of medians per query, and the verdicts it gives."""
    out: list[str] = []
    w = out.append
    w("## Latency per query (one client, sequential; medians)\n")
    w("Each target answers the same query text; the HTTP client (bench/http_client.py: a keep-alive connection on "
      "the standard library's http.client, which SPARQLWrapper and rdflib's SPARQLStore use through urllib) reads "
      "the whole body (SPARQL JSON results, N-Triples for CONSTRUCT); the in-process pyoxigraph column is `Store.query` + serialisation to the same format.")
    w(f"Runs: warm-up, then up to {args.reps} timed runs per target (the `runs` column). The three targets are "
      "timed in the same interleaved rounds (each round runs each once, in the same order), so that noise on this "
      "shared machine, and the cost of a server waking up after another one ran, fall on all alike; rdflib-endpoint "
      f"leaves the rounds once its timed runs add up to {args.budget_s:g} s (at least 3 runs), and the rounds stop "
      f"early once they pass {args.budget_s * 3:g} s. "
      "Target for vnqi: median ≤ 1.5 × pyoxigraph + 2 ms. `other CPU`: share of the machine's CPU capacity used by "
      "processes outside this benchmark while the line was measured (other work on a shared machine: figures taken "
      "with a high share are noisier and slower).\n")
    w("| query | rows | pyoxigraph in process (ms) | vnqi HTTP (ms) | rdflib-endpoint HTTP (ms) | vnqi / pyox "
      "| vnqi ≤ 1.5×pyox + 2 ms | rdflib / vnqi | same results | runs (pyox/vnqi/rdflib) | other CPU |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    cells = [compare(r.pyox, r.vnqi, r.rdflib) for r in rows]
    for r, c in zip(rows, cells):
        runs = "/".join(str(len(t.samples)) if t is not None else "–" for t in (r.pyox, r.vnqi, r.rdflib))
        w(f"| {r.q.name} | {r.rows.get('pyox')} | {r.pyox.cell()} | {r.vnqi.cell()}"
          f"{' ⚠ truncated' if r.truncated else ''} | {r.rdflib.cell() if r.rdflib else 'not run'} | "
          f"{c.cells} | {r.agree} | {runs} | {'–' if r.foreign is None else f'{r.foreign:.0%}'} |")
    v = verdicts(cells)
    w(mean_row(["", *means(info, [(r.pyox, r.vnqi, r.rdflib) for r in rows], v), "", "", ""]))
    w("")
    return out, v


@dataclass
class Compared:
    """One query's vnqi against pyoxigraph and rdflib-endpoint: figures and table cells."""

    ratio: float | None  # vnqi / pyoxigraph
    within: bool | None  # vnqi ≤ 1.5 × pyoxigraph + 2 ms
    speed: float | None  # rdflib / vnqi
    cells: str  # the `vnqi / pyox | within | rdflib / vnqi` cells


def compare(pyox: Timing | None, vnqi: Timing | None, rdflib: Timing | None) -> Compared:
    """vnqi's median against the in-process engine and rdflib-endpoint (a time-out counts as its limit)."""
    p, vq = ok_ms(pyox), ok_ms(vnqi)
    rd = ok_ms(rdflib)
    ratio = vq / p if p and vq else None
    within = (vq <= 1.5 * p + 2) if (p is not None and vq is not None) else None
    if rdflib is not None and rdflib.timeout is not None and vq:
        speed, speed_cell = rdflib.timeout * 1000 / vq, f"> {rdflib.timeout * 1000 / vq:,.0f}×"
    elif rd is not None and vq:
        speed, speed_cell = rd / vq, f"{rd / vq:,.1f}×"
    else:
        speed, speed_cell = None, "–"
    verdict = "–" if within is None else ("yes" if within else f"**no** (limit {1.5 * (p or 0) + 2:.2f})")
    return Compared(ratio, within, speed, f"{'–' if ratio is None else f'{ratio:.2f}'} | {verdict} | {speed_cell}")


def verdicts(cells: list[Compared]) -> Verdicts:
    """The verdicts over the mix (a geometric mean only with every query's figure)."""
    speeds = [c.speed for c in cells if c.speed is not None]
    ratios = [c.ratio for c in cells if c.ratio is not None]
    return Verdicts(sum(1 for c in cells if c.within), sum(1 for s in speeds if s > 1),
                    geomean(speeds) if len(speeds) == len(cells) else None,
                    geomean(ratios) if len(ratios) == len(cells) else None)


def means(info: dict, timings: list[tuple[Timing | None, ...]], v: Verdicts) -> list[str]:
    """The geometric-mean cells: pyoxigraph, vnqi, rdflib-endpoint, vnqi / pyox, within, rdflib / vnqi."""
    gp, gv = (geomean([ok_ms(t[i]) for t in timings]) for i in (0, 1))
    gr = geomean([ok_ms(t[2]) for t in timings if t[2]]) if info.get("rdflib_start") is not None else None
    return [fmt_ms(gp), fmt_ms(gv), fmt_ms(gr), "–" if not v.ratio else f"{v.ratio:.2f}", f"{v.met}/{len(timings)}",
            "–" if v.speedup is None else f"{v.speedup:,.1f}×"]


def mean_row(cells: list[str]) -> str:
    """A table's geometric-mean row."""
    return "| **geometric mean** | " + " | ".join(cells) + " |"


def in_a_row_table(args: argparse.Namespace, info: dict, rows: list[Row]) -> tuple[list[str], Verdicts | None]:
    """The same targets, each answering the whole mix in a row per round."""
    if not any(r.in_a_row for r in rows):
        return [], None
    out: list[str] = []
    w = out.append
    w("## Latency per query, each target answering the whole mix in a row (medians)\n")
    w("The same targets, client and query texts, timed again in rounds where each target answers the whole mix one "
      "query after the other, starting each round one query further (q1 … q8, then q2 … q1, …), the order of the "
      f"targets turning by one each round too, up to {args.reps} rounds after one untimed pass (rdflib-endpoint stops a query once its "
      f"runs of it add up to {args.budget_s / 2:g} s; the rounds stop once they pass {args.budget_s * 4:g} s). In "
      "the one-by-one rounds above, every request follows another target's request for the same query; here a "
      "request follows the same target's previous one, for another query (only the first of a target's turn, one "
      "in eight, follows another target): a server of its own answering a mix. Neither table replaces the other. "
      "The bare FastAPI handler answers each query's request with its constant body, for the ceiling.\n")
    w("| query | pyoxigraph in process (ms) | vnqi HTTP (ms) | rdflib-endpoint HTTP (ms) | bare handler (ms) "
      "| vnqi / pyox | vnqi ≤ 1.5×pyox + 2 ms | rdflib / vnqi | same results | runs (pyox/vnqi/rdflib) |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    triples = [(r.in_a_row.get("pyox"), r.in_a_row.get("vnqi"), r.in_a_row.get("rdflib")) for r in rows]
    cells = [compare(*t) for t in triples]
    for r, t, c in zip(rows, triples, cells):
        runs = "/".join(str(len(x.samples)) if x is not None else "–" for x in t)
        bare = r.in_a_row.get("bare")
        w(f"| {r.q.name} | " + " | ".join(x.cell() if x is not None else "–" for x in t)
          + f" | {bare.cell() if bare else '–'} | {c.cells} | {r.in_a_row_agree or '–'} | {runs} |")
    v = verdicts(cells)
    figures = means(info, triples, v)
    w(mean_row([*figures[:3], fmt_ms(geomean([ok_ms(r.in_a_row.get("bare")) for r in rows])), *figures[3:], "", ""]))
    w("")
    return out, v


def targets_section(info: dict, rows: list[Row], v: Verdicts, in_a_row: Verdicts | None = None) -> list[str]:
    """The issue's targets, met or missed (in the one-by-one rounds, and with the mix in a row when measured), with
    the ceiling of the ratio on this HTTP stack for each."""
    out: list[str] = []
    w = out.append
    n = len(rows)
    both = [("one by one", v)] + ([("mix in a row", in_a_row)] if in_a_row else [])

    def verdict(ok: Callable[[Verdicts], bool], figure: Callable[[Verdicts], str]) -> str:
        return "; ".join(f"{label}: **{'met' if ok(x) else 'missed'}** ({figure(x)})" for label, x in both)

    w("## Targets\n")
    w("- vnqi's median within 1.5 × in-process pyoxigraph + 2 ms — " + verdict(
        lambda x: x.met == n, lambda x: f"within on {x.met} of {n} queries; geometric mean of vnqi / pyoxigraph "
                                        f"{x.ratio or 0:.2f}") + ".")
    if info.get("rdflib_start") is not None:
        w("- vnqi faster than rdflib-endpoint on every query — " + verdict(
            lambda x: x.faster == n, lambda x: f"faster on {x.faster} of {n}") + ".")
        w("- at least 10× faster than rdflib-endpoint in geometric mean — " + verdict(
            lambda x: bool(x.speedup and x.speedup >= 10),
            lambda x: "–" if x.speedup is None else f"{x.speedup:,.1f}×") + ".")
        bound = ceiling(rows, (info.get("floor") or {}).get("bare"))
        if bound is not None and v.speedup:
            w(f"  The most any server on this HTTP stack could reach with this mix, one by one: {bound:,.1f}× — the "
              "geometric mean of rdflib-endpoint's median over (the bare FastAPI floor + pyoxigraph's in-process query "
              "and serialisation), i.e. a server with no cost of its own beyond the HTTP stack and the engine; vnqi "
              f"reaches {v.speedup / bound:.0%} of it. The cheap queries (q1, q4, q8) cap it: rdflib answers them in "
              "about a millisecond too, so the HTTP floor is most of either side's time.")
        bound = ceiling_in_a_row(rows)
        if bound is not None and in_a_row and in_a_row.speedup:
            w(f"  With the mix in a row (each query's bare-handler median in place of the floor): {bound:,.1f}×; "
              f"vnqi reaches {in_a_row.speedup / bound:.0%} of it.")
    w("- throughput and p99 with 8 concurrent clients: below.")
    if info.get("foreign") is not None:
        w(f"- processes outside the benchmark used {info['foreign']:.0%} of the machine's CPU capacity during the "
          "measurements" + (" — **the machine was not quiet: treat the figures as noisy**." if info["foreign"] > 0.1
                            else "."))
    w("")
    return out
