"""Query worker process: opens an immutable store version read-only, runs one query at a time, serialises it.

Imports nothing but pyoxigraph (and the regex-only guard, the memory probe, the copy of a version in
graph/worker_copy.py, the malloc in graph/worker_allocator.py, the row cap in graph/worker_cap.py, the merged default
graph of graph/worker_merge.py and of graph/worker_dataset.py) so that a fresh worker starts fast.
Messages are plain tuples:
request  = (query, result_format | None, graph_format | None, default_graphs, named_graphs, max_rows[, base_iri])
response = ("ok", kind, format, truncated, rows, body) | ("error", kind_of_error, message), written by `respond`
           as one frame: the lengths, the pickled header (the tuple without the body), the body's bytes as they are
           (graph/worker_wire.py reads it).
"""

from __future__ import annotations

import itertools
import os
import pickle
import struct
import threading
from collections.abc import Iterable
from multiprocessing.connection import Connection

import pyoxigraph as ox

from graph.answer_prefixes import prefixes_for
from graph.sparql_guard import declares_dataset, query_form, remembered
from graph.worker_allocator import in_use, restart_with
from graph.worker_cap import capped, distinct
from graph.worker_columns import reordered, star_order
from graph.worker_copy import open_version
from graph.worker_dataset import listed, merged
from graph.worker_memory import resident_bytes
from graph.worker_merge import default_dataset, served_path
from graph.xml_check import refusal

RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
                 "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
FRAME = struct.Struct("!IQ")  # a response on the pipe: header length, body length; then the header, then the body
LINE_FORMATS = ("ntriples", "nquads")  # one line per triple: counted and cut without parsing
NO_TRIPLE_TERMS = ("rdfxml", "jsonld")  # RDF 1.2 triple terms: RDF/XML drops them silently, JSON-LD refuses them


class Unwritable(ValueError):
    """The results hold what the negotiated format cannot carry."""


def dataset(query: str, default_graphs: list[str], named_graphs: list[str], base: ox.NamedNode | None) -> dict:
    """Query options for the RDF dataset: the protocol's, else the query's own, else the merge of every graph.

    A dataset given with default-graph-uri / named-graph-uri replaces FROM / FROM NAMED wholly (SPARQL 1.1 Protocol
    2.1.4), a part it leaves out being empty; the merge of every graph is the default graph only when neither the
    protocol nor the query gives a dataset (`base`: graph/worker_merge.py).
    """
    if default_graphs or named_graphs:
        return {"default_graph": [ox.NamedNode(g) for g in default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in named_graphs]}
    if _declares_dataset(query):
        return {}
    return default_dataset(base)


_declares_dataset = remembered(declares_dataset)
_query_form = remembered(query_form)


def _solutions(result: ox.QuerySolutions, fmt: str, max_rows: int, query: str = "") -> tuple[bool, int, bytes]:
    """SELECT results capped at max_rows: store TSV (one line per row), counted and cut as the store writes them,
    re-serialised by the store; a `SELECT *`'s columns in the order the query shows them (graph/worker_columns.py)."""
    names = [variable.value for variable in result.variables]
    truncated, tsv = capped(result, ox.QueryResultsFormat.TSV, max_rows + 1)  # the header line, then the rows
    rows = tsv.count(b"\n") - 1  # every row ends with a newline (TSV escapes them in terms)
    if (order := star_order(query, names)) is not None:
        tsv = reordered(tsv, names, order)
    if fmt == "tsv":
        return truncated, rows, tsv
    parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    return truncated, rows, parsed.serialize(format=RESULT_FORMATS[fmt])


def _triples(result: Iterable[ox.Triple], fmt: str, max_rows: int, query: str = "") -> tuple[bool, int, bytes]:
    """CONSTRUCT/DESCRIBE triples capped at max_rows, serialised by Oxigraph; a graph is a set, so each triple once
    (Oxigraph writes a CONSTRUCT's once, but repeats a DESCRIBE's over graphs that share triples).

    In N-Triples or N-Quads the store serialises the result itself (one line per triple, no Python object per
    triple), counted and cut as it writes; other formats count triples before serialising them.
    """
    as_set = _query_form(query) == "DESCRIBE"
    if isinstance(result, ox.QueryTriples) and fmt in LINE_FORMATS:  # an N-Triples line is N-Quads too
        truncated, body = capped(result, ox.RdfFormat.N_TRIPLES, max_rows, as_set)
        return truncated, body.count(b"\n"), body
    kept = list(itertools.islice(distinct(result) if as_set else result, max_rows + 1))
    truncated = len(kept) > max_rows
    kept = kept[:max_rows]
    if fmt in NO_TRIPLE_TERMS and any(isinstance(t.object, ox.Triple) or isinstance(t.subject, ox.Triple)
                                      for t in kept):
        raise Unwritable("the results hold RDF 1.2 triple terms, which RDF/XML and JSON-LD cannot carry; ask for "
                         "Turtle, N-Triples, TriG or N-Quads")
    if GRAPH_FORMATS[fmt].supports_datasets:
        kept = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in kept]
    return truncated, len(kept), _serialised(kept, GRAPH_FORMATS[fmt], prefixes_for(query, GRAPH_FORMATS[fmt], kept))


def _serialised(kept: list, fmt: ox.RdfFormat, prefixes: dict[str, str]) -> bytes:
    """The triples (quads) in `fmt`, with the query's `prefixes` (graph/answer_prefixes.py) when the writer takes
    them all."""
    if prefixes:
        try:
            return ox.serialize(kept, format=fmt, prefixes=prefixes)
        except ValueError:  # a prefix name or IRI the writer refuses: the answer without prefixes
            pass
    return ox.serialize(kept, format=fmt)


def execute(store: ox.Store, request: tuple, base: ox.NamedNode | None = None) -> tuple:
    """Run one request (`base`: the merge gathered by graph/worker_merge.gather, None for the union); every failure
    becomes an ("error", …) response, never an exception."""
    try:
        return _well_formed(_run(store, base, *request))
    except SyntaxError as exc:
        return ("error", "syntax", str(exc))
    except Unwritable as exc:
        return ("error", "not-representable", str(exc))
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        return ("error", "evaluation", str(exc))


def _well_formed(response: tuple) -> tuple:
    """An XML answer, or a "not-representable" error when XML cannot carry the results (never malformed XML)."""
    refused = refusal(response[5], response[2]) if response[0] == "ok" else None
    return response if refused is None else ("error", "not-representable", refused)


def _run(store: ox.Store, base: ox.NamedNode | None, query: str, result_fmt: str | None, graph_fmt: str | None,
         default_graphs: list[str], named_graphs: list[str], max_rows: int, base_iri: str | None = None) -> tuple:
    """Evaluate (relative IRIs against base_iri) and serialise in the negotiated format for the query's form; a
    default graph of several graphs is their merge (graph/worker_dataset.py), made once the query has been read
    (a syntax error raises on an empty store first)."""
    graphs = listed(query, default_graphs, named_graphs, _declares_dataset(query))
    if graphs is None:
        return _answer(store.query(query, base_iri=base_iri, **dataset(query, default_graphs, named_graphs, base)),
                       query, result_fmt, graph_fmt, max_rows)
    refused = _answer(ox.Store().query(query, base_iri=base_iri), query, result_fmt, graph_fmt, max_rows)
    if refused[0] == "error":  # the query's form and format checked on no data before the merge is made
        return refused
    target, options = merged(store, *graphs)
    return _answer(target.query(query, base_iri=base_iri, **options), query, result_fmt, graph_fmt, max_rows)


def _answer(result: ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples, query: str, result_fmt: str | None,
            graph_fmt: str | None, max_rows: int) -> tuple:
    """The result serialised in the negotiated format for its form."""
    if isinstance(result, ox.QueryBoolean):
        if result_fmt is None:
            return ("error", "not-acceptable", "results")
        return ("ok", "ask", result_fmt, False, 1, result.serialize(format=RESULT_FORMATS[result_fmt]))
    if isinstance(result, ox.QuerySolutions):
        if result_fmt is None:
            return ("error", "not-acceptable", "results")
        return ("ok", "select", result_fmt, *_solutions(result, result_fmt, max_rows, query))
    if graph_fmt is None:
        return ("error", "not-acceptable", "graph")
    return ("ok", "graph", graph_fmt, *_triples(result, graph_fmt, max_rows, query))


def main(conn: Connection, store_path: str, in_memory: bool = False, serve_while_loading: bool = False,
         preload: str | None = None) -> None:
    """Serve requests on `conn` until it closes. With `serve_while_loading` (a replacement worker), answer from
    the on-disk version at once and switch to the in-memory copy when it is loaded, so that a worker killed at the
    time limit is not missing for the seconds a large version takes to load. With `preload` (jemalloc), first start
    again with that library (graph/worker_allocator.py)."""
    if preload is not None:
        restart_with(preload, conn.fileno(), [store_path, in_memory, serve_while_loading])  # returns if it cannot
    before = resident_bytes()
    current = [served(store_path, in_memory and not serve_while_loading)]
    if in_memory and serve_while_loading:
        threading.Thread(target=lambda: current.append(served(store_path, True)), daemon=True).start()
    copied = in_memory and not serve_while_loading
    conn.send(("ready", resident_bytes() - before if copied else None, in_use()))  # the copy's size, when made
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        store, base = current[-1]
        respond(conn, execute(store, request, base))


def served(store_path: str, in_memory: bool) -> tuple[ox.Store, ox.NamedNode | None]:
    """The store a worker answers from (the version's merged store when it has one, graph/worker_merge.py), on disk
    or copied into memory, with the graph its default graph is merged beside (None: the union is the merge)."""
    path, base = served_path(store_path)
    return open_version(path, in_memory), base


def respond(conn: Connection, response: tuple) -> None:
    """Write a response as one frame: FRAME (header and body lengths), the pickled header, the body as it is."""
    body = response[5] if response[0] == "ok" else b""
    head = pickle.dumps(response[:5] if response[0] == "ok" else response, protocol=pickle.HIGHEST_PROTOCOL)
    parts = [memoryview(FRAME.pack(len(head), len(body))), memoryview(head), memoryview(body)]
    fd = conn.fileno()
    while parts:  # one writev for a small answer: the parent wakes up once and finds all of it
        sent = os.writev(fd, parts)
        while parts and sent >= len(parts[0]):
            sent -= len(parts[0])
            parts.pop(0)
        if parts and sent:
            parts[0] = parts[0][sent:]
