"""Atomic writes to a RemoteStore: a failed or interrupted load leaves every target graph as it was.

A target graph that is empty receives its triples directly (and is dropped again on failure); one that has data
receives them in a staging graph, moved onto it by one update at the end (a service that applies an update request
as one transaction, like Oxigraph or Fuseki, then switches all graphs at once). MOVE copies every triple, so
replacing a big graph costs more than loading a new one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from graph.errors import GraphError, QueryError
from graph.store.bulk_embedded import STAGING
from graph.store.remote import RemoteStore
from graph.store.terms import to_ox

CHUNK_QUADS = 50_000


class RemoteStager:
    """Streams quads into fresh staging graphs of a remote store, one per target graph; commit() swaps them in."""

    def __init__(self, store: RemoteStore, on_chunk: Callable[[int], None] | None = None) -> None:
        self.store = store
        self.run = uuid.uuid4().hex
        self.staging: dict[str, str] = {}  # target graph IRI -> staging graph IRI
        self.direct: set[str] = set()  # targets that were empty: written in place
        self.on_chunk = on_chunk
        self.count = 0

    def stage(self, target: str) -> str:
        """Where a target graph's triples go: itself when it is empty, else a staging graph (named once per run)."""
        if target in self.direct:
            return target
        if target not in self.staging:
            if not self.store.ask(f"ASK {{ GRAPH {_iri(target)} {{ ?s ?p ?o }} }}"):
                self.direct.add(target)
                return target
            self.staging[target] = f"{STAGING}{self.run}:{len(self.staging)}"
        return self.staging[target]

    def add(self, quads: Iterable[tuple[str, ox.Triple]]) -> None:
        """Send (target graph, triple) pairs in chunks of N-Triples to the staging graphs (GSP POST)."""
        batch: dict[str, list[ox.Triple]] = {}
        size = 0
        for target, triple in quads:
            batch.setdefault(self.stage(target), []).append(triple)
            size += 1
            if size >= CHUNK_QUADS:
                self._flush(batch)
                batch, size = {}, 0
        self._flush(batch)

    def _flush(self, batch: dict[str, list[ox.Triple]]) -> None:
        for graph, triples in batch.items():
            self.store.send_graph("POST", graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
            self.count += len(triples)
            if self.on_chunk is not None:
                self.on_chunk(self.count)

    def commit(self, drop: Iterable[str] = ()) -> None:
        """One update: drop `drop`, then move every staging graph onto its target (replacing it)."""
        ops = [f"DROP SILENT GRAPH {_iri(g)}" for g in drop]
        ops += [f"MOVE SILENT GRAPH {_iri(s)} TO GRAPH {_iri(t)}" for t, s in self.staging.items()]
        if ops:
            self.store.update(" ;\n".join(ops))

    def abort(self) -> None:
        """Drop the staging graphs and the graphs written in place (best effort: the service may be the reason the
        load failed)."""
        written = [*self.staging.values(), *self.direct]
        if not written:
            return
        try:
            self.store.update(" ;\n".join(f"DROP SILENT GRAPH {_iri(s)}" for s in written))
        except GraphError:
            pass


def _iri(iri: str) -> str:
    """An IRI in SPARQL syntax, validated by pyoxigraph."""
    return str(to_ox(URIRef(iri)))


def replace_all(store: RemoteStore, dataset: Dataset) -> None:
    """Make the store hold exactly `dataset` (its named graphs): staged, then switched in one update."""
    if len(dataset.default_graph):
        raise QueryError("a remote store takes named graphs only: the dataset has triples in its default graph")
    stager = RemoteStager(store)
    targets = [g.identifier for g in dataset.graphs()
               if isinstance(g.identifier, URIRef) and g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)]
    before = [str(g) for g in store.graphs()]
    try:
        for iri in targets:
            graph = dataset.graph(iri)
            stager.add((str(iri), ox.Triple(to_ox(s), to_ox(p), to_ox(o))) for s, p, o in graph)  # type: ignore[arg-type]
        keep = {str(t) for t in targets}
        stager.commit(drop=[g for g in before if g not in keep])
    except BaseException:
        stager.abort()
        raise
