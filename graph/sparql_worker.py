"""Query worker process: opens an immutable store version read-only, runs one query at a time, serialises it.

Imports nothing but pyoxigraph (and the regex-only guard) so that a fresh worker starts fast. Messages are plain
tuples:
request  = (query, result_format | None, graph_format | None, default_graphs, named_graphs, max_rows[, base_iri])
response = ("ok", kind, format, truncated, rows, body) | ("error", kind_of_error, message)
"""

from __future__ import annotations

import itertools
from multiprocessing.connection import Connection

import pyoxigraph as ox

from graph.sparql_guard import declares_dataset

RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
                 "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}


def _dataset(query: str, default_graphs: list[str], named_graphs: list[str]) -> dict:
    """Query options for the RDF dataset: the protocol's, else the query's own, else the union default graph.

    A dataset given with default-graph-uri / named-graph-uri replaces FROM / FROM NAMED wholly (SPARQL 1.1 Protocol
    2.1.4), a part it leaves out being empty; the union of every graph is the default graph only when neither the
    protocol nor the query gives a dataset.
    """
    if default_graphs or named_graphs:
        return {"default_graph": [ox.NamedNode(g) for g in default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in named_graphs]}
    if declares_dataset(query):
        return {}
    return {"use_default_graph_as_union": True}


def _solutions(result: ox.QuerySolutions, fmt: str, max_rows: int) -> tuple[bool, int, bytes]:
    """SELECT results capped at max_rows: store TSV (one line per row), cut, re-serialised by the store."""
    tsv = result.serialize(format=ox.QueryResultsFormat.TSV)
    lines = tsv.split(b"\n")
    rows = len(lines) - 2 if lines[-1] == b"" else len(lines) - 1
    truncated = rows > max_rows
    if truncated:
        tsv = b"\n".join(lines[: max_rows + 1]) + b"\n"
        rows = max_rows
    if fmt == "tsv":
        return truncated, rows, tsv
    parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    return truncated, rows, parsed.serialize(format=RESULT_FORMATS[fmt])


def _triples(result: ox.QueryTriples, fmt: str, max_rows: int) -> tuple[bool, int, bytes]:
    """CONSTRUCT/DESCRIBE triples capped at max_rows, serialised by Oxigraph."""
    kept = list(itertools.islice(result, max_rows + 1))
    truncated = len(kept) > max_rows
    kept = kept[:max_rows]
    if GRAPH_FORMATS[fmt].supports_datasets:
        kept = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in kept]
    return truncated, len(kept), ox.serialize(kept, format=GRAPH_FORMATS[fmt])


def execute(store: ox.Store, request: tuple) -> tuple:
    """Run one request; every failure becomes an ("error", …) response, never an exception."""
    try:
        return _run(store, *request)
    except SyntaxError as exc:
        return ("error", "syntax", str(exc))
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        return ("error", "evaluation", str(exc))


def _run(store: ox.Store, query: str, result_fmt: str | None, graph_fmt: str | None,
         default_graphs: list[str], named_graphs: list[str], max_rows: int, base_iri: str | None = None) -> tuple:
    """Evaluate (relative IRIs against base_iri) and serialise in the negotiated format for the query's form."""
    result = store.query(query, base_iri=base_iri, **_dataset(query, default_graphs, named_graphs))
    if isinstance(result, ox.QueryBoolean):
        if result_fmt is None:
            return ("error", "not-acceptable", "results")
        return ("ok", "ask", result_fmt, False, 1, result.serialize(format=RESULT_FORMATS[result_fmt]))
    if isinstance(result, ox.QuerySolutions):
        if result_fmt is None:
            return ("error", "not-acceptable", "results")
        return ("ok", "select", result_fmt, *_solutions(result, result_fmt, max_rows))
    if graph_fmt is None:
        return ("error", "not-acceptable", "graph")
    return ("ok", "graph", graph_fmt, *_triples(result, graph_fmt, max_rows))


def open_version(store_path: str, in_memory: bool) -> ox.Store:
    """The store version read-only on disk, or copied into memory (2–3× faster queries, its size in RAM)."""
    on_disk = ox.Store.read_only(store_path)
    if not in_memory:
        return on_disk
    store = ox.Store()
    store.bulk_load(on_disk.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return store


def main(conn: Connection, store_path: str, in_memory: bool = False) -> None:
    """Serve requests on `conn` until it closes."""
    store = open_version(store_path, in_memory)
    conn.send(("ready",))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        conn.send(execute(store, request))
