"""Impact benchmark: the dependency graph of a 1M-triple SYNTHETIC store, then the impact of one amended article.

    python -m bench.bench_impact --triples 1000000 --out bench/results/impact.md

1. Generates (or reuses) synthetic data of vnqi's shape (bench/synth.py: its own graph and entity namespaces, never
   real data) and loads it, with the project's ontology modules (the impact rules are data there), into an
   in-memory pyoxigraph store.
2. Builds the dependency graph once (graph.dependencies.dependency_graph: the CONSTRUCT-like SELECTs + networkx) and
   reports the time.
3. Picks one amended article (bench/impact/amended-article.rq), and the article with the most direct dependents
   as a heavier case, and times graph.impact.impact_of on each (no date filter, depth 10, so that the walk is the
   whole transitive closure): warm-up, then --runs timed runs, p50/p95.
4. Times, in the same run, the same traversal as one SPARQL property-path query on the store
   (bench/impact/impact-closure.rq, one alternative per rule), checks that its alternatives are exactly the store's
   rules, and that both give the same set of entities (or reports the difference). Writes a Markdown report.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from bench import synth
from bench.machine import machine
from graph.dependencies import DependencyGraph, dependency_graph
from graph.impact import MAX_DEPTH, impact_of
from graph.impact_model import Amendment, ImpactReport
from graph.namespaces import sparql_prologue
from graph.store import EmbeddedStore
from graph.worker_memory import MB, resident_bytes

ROOT = Path(__file__).resolve().parents[1]
QUERIES = Path(__file__).resolve().parent / "impact"
ONTOLOGY_GRAPH = "https://w3id.org/vnqi/graph/ontology/"
TARGET_MS = 50.0


def log(message: str) -> None:
    print(f"[bench-impact {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def query_text(name: str) -> str:
    """bench/impact/<name>.rq with the project prefixes."""
    return sparql_prologue() + (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def load_store(data: Path) -> tuple[EmbeddedStore, float]:
    """The synthetic N-Quads and every ontology module in one in-memory store; seconds taken."""
    started = time.perf_counter()
    store = EmbeddedStore(None)
    store.native.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    for module in sorted((ROOT / "ontology").glob("*.ttl")):
        store.native.load(path=str(module), format=ox.RdfFormat.TURTLE,
                          to_graph=ox.NamedNode(ONTOLOGY_GRAPH + module.stem))
    return store, time.perf_counter() - started


def timed(fn: Callable[[], Any], runs: int, warmup: int, budget_s: float) -> tuple[list[float], Any]:
    """Milliseconds of up to `runs` calls after `warmup` calls (at least 5 runs, then stop after `budget_s`)."""
    result = None
    for _ in range(warmup):
        result = fn()
    samples: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(samples) < runs and (len(samples) < 5 or time.perf_counter() < deadline):
        started = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, result


def pct(samples: list[float], q: float) -> float:
    """The q-quantile (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def rules_match(store: EmbeddedStore) -> tuple[bool, str]:
    """Whether impact-closure.rq has exactly one alternative per rule of the store, in the right direction."""
    expected = set()
    for row in store.select(query_text("rule-sides")).dicts():
        prop = str(row["p"]).replace("https://w3id.org/vnqi/def#", "vnqi:")
        prop = prop.replace("http://data.europa.eu/eli/ontology#", "eli:")
        expected.add(prop if str(row["side"]) == "subject" else "^" + prop)
    text = (QUERIES / "impact-closure.rq").read_text(encoding="utf-8")
    body = re.search(r"\?x\s*\((.*?)\)\+", text, flags=re.S)
    written = {part.strip() for part in body.group(1).split("|")} if body else set()
    if written == expected:
        return True, f"{len(expected)} alternatives = the {len(expected)} rules of the store"
    return False, f"missing {sorted(expected - written)}, extra {sorted(written - expected)}"


def engine(store: EmbeddedStore, article: str) -> Callable[[], ImpactReport]:
    """One impact analysis of the article: no date filter, the deepest walk allowed."""
    change = Amendment(targets=(article,), effective=None, change="amended")
    return lambda: impact_of(store, change, depth=MAX_DEPTH)


def sparql(store: EmbeddedStore, article: str) -> Callable[[], set[str]]:
    """The same traversal as a property-path query."""
    text = query_text("impact-closure")
    return lambda: {str(r[0]) for r in store.select(text, {"article": URIRef(article)}).rows}


@dataclass
class Case:
    """One article, both ways of finding what depends on it, and whether they agree."""

    title: str
    article: str
    note: str
    engine_ms: list[float]
    sparql_ms: list[float]
    report: ImpactReport
    only_engine: set[str]
    only_sparql: set[str]

    @property
    def same(self) -> bool:
        """True when the engine and the property path find the same entities."""
        return not self.only_engine and not self.only_sparql


def measure(store: EmbeddedStore, title: str, article: str, note: str, args: argparse.Namespace) -> Case:
    """Time both ways on one article and compare their answers."""
    engine_ms, report = timed(engine(store, article), args.runs, args.warmup, args.budget_s)
    sparql_ms, closure = timed(sparql(store, article), args.runs, min(args.warmup, 1), args.budget_s)
    log(f"{title}: engine p50 {pct(engine_ms, .5):.2f} ms ({len(engine_ms)} runs, {len(report.affected)} affected); "
        f"SPARQL p50 {pct(sparql_ms, .5):.2f} ms ({len(sparql_ms)} runs, {len(closure)} rows)")
    found = {a.entity.iri for a in report.affected}
    return Case(title, article, note, engine_ms, sparql_ms, report, found - closure, closure - found)


def most_depended_on(graph: DependencyGraph) -> str:
    """The article with the most direct dependents (a heavier case than a random amended article)."""
    articles = (n for n in graph.graph if graph.entity(n).kind == "Article")
    return max(articles, key=lambda n: (graph.graph.out_degree(n), n))


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every measurement, as a dict for the report."""
    data, quads, gen_s = synth.ensure(args.triples, args.seed, args.data_dir)
    log(f"data {data.name}: {quads} quads ({'generated in %.1f s' % gen_s if gen_s else 'reused'})")
    store, load_s = load_store(data)
    log(f"loaded {len(store)} quads in {load_s:.1f} s")
    started, before = time.perf_counter(), resident_bytes()
    graph: DependencyGraph = dependency_graph(store)  # built on first use, then cached for this store
    build_s, graph_mb = time.perf_counter() - started, (resident_bytes() - before) / MB
    log(f"dependency graph: {graph.graph.number_of_nodes()} nodes, {graph.graph.number_of_edges()} edges, "
        f"{len(graph.entities)} entities, built in {build_s:.1f} s, resident memory +{graph_mb:,.0f} MB")
    row = store.select(query_text("amended-article")).dicts()[0]
    heavy = most_depended_on(graph)
    cases = [measure(store, "amended article", str(row["article"]), f"named by `{row['effect']}`", args),
             measure(store, "most depended-on article", heavy,
                     f"{graph.graph.out_degree(heavy)} direct dependents, the most of any article", args)]
    return {"data": data, "quads": quads, "gen_s": gen_s, "load_s": load_s, "build_s": build_s, "graph": graph,
            "graph_mb": graph_mb,
            "cases": cases, "rules": rules_match(store), "store_quads": len(store)}


def case_lines(case: Case) -> list[str]:
    """The Markdown of one case."""
    e, s, report = case.engine_ms, case.sparql_ms, case.report
    distances = [a.distance for a in report.affected]
    return [
        f"### {case.title[0].upper()}{case.title[1:]}", "",
        f"- Article: `{case.article}` ({case.note}); no date filter, depth {MAX_DEPTH}.",
        f"- Found: {len(report.affected):,} affected entities, distances {min(distances, default=0)}–"
        f"{max(distances, default=0)}; {sum(len(a.paths) for a in report.affected):,} explaining paths.", "",
        "| way | runs | p50 (ms) | p95 (ms) | mean (ms) |", "|---|---|---|---|---|",
        f"| graph.impact.impact_of (after the build) | {len(e)} | {pct(e, .5):.2f} | {pct(e, .95):.2f} | "
        f"{statistics.fmean(e):.2f} |",
        f"| SPARQL property path on the store (`bench/impact/impact-closure.rq`) | {len(s)} | {pct(s, .5):.2f} | "
        f"{pct(s, .95):.2f} | {statistics.fmean(s):.2f} |", "",
        f"- Target p50 < {TARGET_MS:.0f} ms: **{'met' if pct(e, .5) < TARGET_MS else 'NOT met'}**; "
        f"SPARQL / engine (p50): **{pct(s, .5) / pct(e, .5):.1f}×**.",
        f"- Same set of entities: **{'yes' if case.same else 'no'}**" + ("" if case.same else
            f" (only the engine: {len(case.only_engine)}, only SPARQL: {len(case.only_sparql)})") + ".", "",
    ]


def markdown(r: dict[str, Any], args: argparse.Namespace) -> str:
    """The report."""
    m = machine()
    lines = [
        "# Impact analysis benchmark", "",
        f"Command: `python -m bench.bench_impact --triples {args.triples} --runs {args.runs}` "
        f"({time.strftime('%Y-%m-%d %H:%M')}).",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory']}, {m['os']}; Python {m['python']}. "
        "Both ways run in this one process, one after the other, on the same in-memory store.", "",
        "## Data", "",
        f"- SYNTHETIC data of vnqi's shape from `bench/synth.py` (seed {args.seed}; graphs under "
        f"`{synth.VG}`, entities under `{synth.SYN}`): {r['quads']:,} quads, plus the ontology modules "
        f"(the impact rules): {r['store_quads']:,} quads in the in-memory store, loaded in {r['load_s']:.1f} s.",
        f"- Dependency graph (built once per store version, then cached): **{r['build_s']:.1f} s**, "
        f"{r['graph'].graph.number_of_nodes():,} nodes, {r['graph'].graph.number_of_edges():,} edges, "
        f"{len(r['graph'].entities):,} described entities; the process's resident memory grew by "
        f"{r['graph_mb']:,.0f} MB while it was built (the graph, its entities and what the store's scans keep).",
        f"- The query's alternatives against the store's rules: {r['rules'][1]}.", "",
        "## Impact of one article", "",
        "The engine also computes each entity's distance, role, shortest and strongest explaining paths and the "
        "exclusions; the property path returns only the set of entities.", "",
    ]
    for case in r["cases"]:
        lines += case_lines(case)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Impact analysis benchmark on synthetic data (not real data)")
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    p.add_argument("--runs", type=int, default=60)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--budget-s", type=float, default=120.0, help="stop a way's timed runs after this (min 5 runs)")
    p.add_argument("--data-dir", type=Path, default=synth.DATA_DIR)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "impact.md")
    args = p.parse_args(argv)
    result = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(result, args), encoding="utf-8")
    log(f"wrote {args.out}")
    return 0 if all(case.same for case in result["cases"]) and result["rules"][0] else 1


if __name__ == "__main__":
    raise SystemExit(main())
