"""Bulk load and dump for any store: files streamed by pyoxigraph's parser, never held as Python objects.

Every graph a load writes is replaced by what the files hold for it, atomically with respect to failure: a file
that does not parse, or a store that fails, leaves every graph as it was.
- Embedded: graph/store/bulk_embedded.py (bulk loader; empty graphs in place, others staged then moved).
- Remote: triples are streamed to staging graphs (Graph Store Protocol POST, in chunks) and moved in place by one
  update at the end (graph/store/remote_load.py).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

import pyoxigraph as ox

from graph.errors import GraphError, LoadError
from graph.store.bulk_embedded import EmbeddedLoad, is_staging
from graph.store.embedded import EmbeddedStore
from graph.store.files import (
    Meter,
    MeteredReader,
    default_graph_for,
    load_error,
    rdf_format,
)
from graph.store.remote import RemoteStore
from graph.store.remote_load import RemoteStager

DUMP_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


def load_files(store: object, files: Sequence[Path], graph: str | None = None,
               stream: TextIO | None = None) -> int:
    """Load `files` (the default graph of each into `graph`, or vg:load/<file name>); the number of triples read."""
    plan = [(path, rdf_format(path)) for path in files]
    if isinstance(store, RemoteStore):
        return _load_remote(store, plan, graph, stream)
    if isinstance(store, EmbeddedStore):
        return EmbeddedLoad(store, stream).run(plan, graph)
    raise LoadError(f"cannot load into a {type(store).__name__}")


def _load_remote(store: RemoteStore, plan: list[tuple[Path, ox.RdfFormat]], graph: str | None,
                 stream: TextIO | None) -> int:
    """Stream every file's triples to staging graphs, then move them in with one update."""
    stager = RemoteStager(store)
    try:
        for path, fmt in plan:
            target = graph or default_graph_for(path)
            meter = Meter(path, fmt, stream)
            before = stager.count
            stager.on_chunk = lambda n, m=meter, b=before: m.note(f"{n - b:,} triples sent ({m.rate(n - b)})")
            try:
                with MeteredReader(path, meter) as reader:
                    stager.add(_pairs(ox.parse(reader, format=fmt, base_iri=path.resolve().as_uri()), target))
            except (SyntaxError, ValueError, OSError, EOFError) as exc:
                raise load_error(path, exc) from exc
            sent = stager.count - before
            meter.note(f"{sent:,} triples in {time.perf_counter() - meter.started:.1f} s ({meter.rate(sent)})")
        stager.commit()
    except BaseException:
        stager.abort()
        raise
    return stager.count


def _pairs(quads: Iterator[ox.Quad], target: str) -> Iterator[tuple[str, ox.Triple]]:
    """(graph IRI, triple) for each quad; the default graph goes to `target`."""
    for q in quads:
        graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else target
        yield graph, ox.Triple(q.subject, q.predicate, q.object)


def dump(store: object, out: BinaryIO, fmt: str = "nquads") -> None:
    """Write every named graph of the store to `out` as N-Quads or TriG, streamed, without the staging graphs a
    killed load may have left (they are not data: the next load removes them)."""
    if fmt not in DUMP_FORMATS:
        raise LoadError(f"unknown dump format {fmt!r}: use {', '.join(DUMP_FORMATS)}")
    if isinstance(store, EmbeddedStore):
        native = store.native
        if not any(is_staging(g) for g in native.named_graphs()):
            native.dump(out, format=DUMP_FORMATS[fmt])  # the store's own streaming dump, the fast path
            return
        quads = (q for q in native.quads_for_pattern(None, None, None, None) if not is_staging(q.graph_name))
        ox.serialize(quads, out, format=DUMP_FORMATS[fmt])
    elif isinstance(store, RemoteStore):
        quads = itertools.chain.from_iterable(
            (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g)) for t in store.graph_triples(g))
            for g in store.graphs() if not is_staging(g))
        ox.serialize(quads, out, format=DUMP_FORMATS[fmt])
    else:
        raise GraphError(f"cannot dump a {type(store).__name__}")
