"""Benchmark suite, child side: one measurement per fresh process, so that its peak memory is its own.

    python -m bench.suite_child TASK '{"data": "bench/data/….nq", …}'

Prints one JSON record per line on stdout as it goes (a task cut off by its time budget keeps what it printed);
every record carries `peak_mb`, the peak resident memory so far of this process and of the children it waited for.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TASKS: dict[str, Callable[[dict], None]] = {}


def task(fn: Callable[[dict], None]) -> Callable[[dict], None]:
    """Register a task under its function's name."""
    TASKS[fn.__name__] = fn
    return fn


def peak_mb() -> float:
    """Peak RSS (MB) of this process or of any child it waited for (Linux: ru_maxrss is in KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def emit(**record: object) -> None:
    """One JSON line on stdout, with the peak memory so far."""
    print(json.dumps({**record, "peak_mb": round(peak_mb(), 1)}), flush=True)


@task
def vnqi_load(a: dict) -> None:
    """`vnqi load` into a fresh embedded store on disk (graph/store/bulk.py: streamed, atomic)."""
    from graph.store import EmbeddedStore
    from graph.store.bulk import load_files

    started = time.perf_counter()
    store = EmbeddedStore(Path(a["dir"]))
    triples = load_files(store, [Path(a["data"])])
    del store
    emit(seconds=time.perf_counter() - started, triples=triples)


@task
def vnqi_version(a: dict) -> None:
    """A served store version: graph.build.write_version (bulk load + search index + summaries; no SHACL)."""
    from graph.build import write_version

    started = time.perf_counter()
    path, quads = write_version(Path(a["var"]), Path(a["data"]).read_bytes())
    emit(seconds=time.perf_counter() - started, triples=quads, path=str(path))


@task
def pyox_load(a: dict) -> None:
    """pyoxigraph in memory: Store.bulk_load of the N-Quads."""
    import pyoxigraph as ox

    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=a["data"], format=ox.RdfFormat.N_QUADS)
    emit(seconds=time.perf_counter() - started, triples=len(store))


@task
def oxigraph_load(a: dict) -> None:
    """The Oxigraph server's own loader: `oxigraph load --location DIR --file F` (a child of this process)."""
    import subprocess

    started = time.perf_counter()
    subprocess.run([a["program"], "load", "--location", a["dir"], "--file", a["data"]], check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    emit(seconds=time.perf_counter() - started)


@task
def rdflib_mix(a: dict) -> None:
    """rdflib's Memory store (what rdflib-endpoint serves): Dataset parse, then the query mix in process."""
    from rdflib import Dataset

    from bench.query_mix import Query, summarise
    from bench.timing import measure

    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(a["data"], format="nquads")
    emit(seconds=time.perf_counter() - started, triples=len(dataset))
    for q in (Query(**q) for q in a["queries"]):
        def run(q: Query = q) -> bytes:
            result = dataset.query(q.text)
            return result.serialize(format="nt" if q.form == "construct" else "json")  # type: ignore[return-value]

        timing, body = measure(run, a["reps"], a["warmup"], a["budget_s"])
        emit(query=q.name, samples=timing.samples, error=timing.error,
             summary=repr(summarise(q.form, body)) if body is not None else None)


@task
def impact(a: dict) -> None:
    """bench/bench_impact.py's measurement: dependency graph build, then impact of two articles."""
    from bench import bench_impact

    args = argparse.Namespace(triples=a["triples"], seed=a["seed"], runs=a["runs"], warmup=2,
                              budget_s=a["budget_s"], data_dir=Path(a["data_dir"]))
    r = bench_impact.run(args)
    emit(load_s=r["load_s"], build_s=r["build_s"], rules_ok=r["rules"][0],
         cases=[{"title": c.title, "engine_p50": bench_impact.pct(c.engine_ms, .5),
                 "sparql_p50": bench_impact.pct(c.sparql_ms, .5), "affected": len(c.report.affected),
                 "same": c.same} for c in r["cases"]])


def _shapes_and_ontology() -> tuple[list[Path], list[Path]]:
    from graph.load import Sources

    sources = Sources.at(Path(__file__).resolve().parents[1])
    return sources.shape_files(), sources.ontology_files()


@task
def validate_full(a: dict) -> None:
    """One pySHACL run over the whole graph (graph/validate.py), after an rdflib parse."""
    from rdflib import Dataset

    from graph.load import merged
    from graph.validate import union_graph, validate

    shapes, ontology = _shapes_and_ontology()
    started = time.perf_counter()
    dataset = Dataset()
    dataset.parse(a["data"], format="nquads")
    data = union_graph(dataset)
    del dataset
    parse_s = time.perf_counter() - started
    emit(stage="parse", seconds=parse_s)
    report = validate(data, merged(shapes), merged(ontology), inplace=True)
    emit(stage="validate", seconds=time.perf_counter() - started - parse_s, violations=len(report.violations),
         results=len(report.results))


@task
def validate_incremental(a: dict) -> None:
    """graph/validate_parts.py: one part per named graph, chunks validated by 2 processes and cached; then one
    literal changed in one part and validated again (only the chunk that holds it runs)."""
    from graph.build import kind_of
    from graph.parts import Part
    from graph.validate_parts import validate_parts
    from graph.validate_version import split_quad

    shapes, ontology = _shapes_and_ontology()
    started = time.perf_counter()
    parts: dict[str, Part] = {}
    with open(a["data"], encoding="utf-8") as handle:
        for line in handle:
            head, graph = split_quad(line)
            if kind_of(graph[1:-1]) == "data":
                parts.setdefault(graph, Part(graph)).add(head + " .\n")
    ordered = [parts[k] for k in sorted(parts)]
    emit(stage="split", seconds=time.perf_counter() - started, parts=len(ordered))
    with tempfile.TemporaryDirectory(prefix="vnqi-suite-validation-") as cache:
        t0 = time.perf_counter()
        report = validate_parts(ordered, shapes, ontology, Path(cache), workers=2)
        gc.collect()  # ends validate_parts' pool (its generator), so that its workers' peak is counted
        emit(stage="cold", seconds=time.perf_counter() - t0, violations=len(report.violations),
             results=len(report.results))
        part = max(ordered, key=len)
        subject, lines = next((s, ls) for s, ls in part.by_subject.items() if any('"@' in x for x in ls))
        i = next(i for i, x in enumerate(lines) if '"@' in x)
        lines[i] = lines[i].replace('"', '"(changed) ', 1)
        t0 = time.perf_counter()
        report = validate_parts(ordered, shapes, ontology, Path(cache), workers=2)
        gc.collect()
        emit(stage="changed", seconds=time.perf_counter() - t0, violations=len(report.violations),
             results=len(report.results), changed=f"{part.name} {subject}")


def main(argv: list[str] | None = None) -> int:
    """Run one task with its JSON arguments."""
    name, raw = (argv if argv is not None else sys.argv[1:])[:2]
    TASKS[name](json.loads(raw))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
