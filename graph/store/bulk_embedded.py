"""An atomic bulk load into an EmbeddedStore: a failed file leaves every graph as it was.

A graph that is empty is loaded in place (and removed again on failure); a graph that has data is loaded into a
staging graph and moved onto it by one SPARQL Update (one transaction) once every file has loaded. Triple files
go through pyoxigraph's bulk loader; so do dataset files (N-Quads, TriG, JSON-LD) while the store holds no graph
but those of this load (a fresh store: the fast path). Otherwise their quads are streamed from pyoxigraph's parser
with each graph mapped to its destination, since their graphs are only known once read.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from graph.errors import LoadError
from graph.store.embedded import EmbeddedStore
from graph.store.files import (
    LINE_FORMATS,
    Meter,
    MeteredReader,
    default_graph_for,
    load_error,
)
from graph.store.parallel_load import BlankNodes, load_blocks

STAGING = "urn:vnqi:staging:"  # the prefix of a load's staging graphs (one per replaced graph, per run)


def is_staging(graph: object) -> bool:
    """Whether a graph name (a pyoxigraph node or an IRI string) is a load's staging graph."""
    name = graph.value if isinstance(graph, ox.NamedNode) else graph
    return isinstance(name, str) and name.startswith(STAGING)


class EmbeddedLoad:
    """One load into an EmbeddedStore."""

    def __init__(self, store: EmbeddedStore, stream: TextIO | None) -> None:
        if store.read_only:
            raise LoadError("the store is read-only")
        self.native, self.stream = store.native, stream
        self.run_id = uuid.uuid4().hex
        self.staged: dict[str, ox.NamedNode] = {}  # target -> staging graph
        self.direct: set[str] = set()  # targets that were empty, loaded in place
        self.fresh = False  # a dataset file was bulk-loaded into a store holding no other graph

    def run(self, plan: list[tuple[Path, ox.RdfFormat]], graph: str | None) -> int:
        """Load every file, then switch the staged graphs in; undo everything on failure."""
        total = 0
        self._drop_leftovers()
        try:
            for path, fmt in plan:
                target = graph or default_graph_for(path)
                meter = Meter(path, fmt, self.stream)
                try:
                    triples = self._parallel(path, fmt, target, meter)
                    if triples is None:
                        with MeteredReader(path, meter) as reader:
                            triples = self._one(reader, path, fmt, target, meter)
                except (SyntaxError, ValueError, OSError, EOFError) as exc:
                    raise load_error(path, exc) from exc
                seconds = time.perf_counter() - meter.started
                meter.note(f"{triples:,} triples in {seconds:.1f} s ({meter.rate(triples)})")
                total += triples
            moves = [f"MOVE SILENT GRAPH {s} TO GRAPH <{t}>" for t, s in self.staged.items()]
            if moves:
                self.native.update(" ;\n".join(moves))
            self.native.flush()
        except BaseException:
            fresh = list(self.native.named_graphs()) if self.fresh else []  # every graph is this run's
            for name in {*self.staged.values(), *map(ox.NamedNode, self.direct), *fresh}:
                self.native.remove_graph(name)
            raise
        return total

    def _drop_leftovers(self) -> None:
        """Remove the staging graphs of a load that was killed (SIGKILL) before it could undo itself: this process
        holds the store's lock, so no other load is running."""
        for name in list(self.native.named_graphs()):
            if is_staging(name):
                self.native.remove_graph(name)

    def _parallel(self, path: Path, fmt: ox.RdfFormat, target: str, meter: Meter) -> int | None:
        """Load a line-based file in blocks on several threads when its destination starts empty; the number of
        triples, or None when the file is to be read in one piece (small, compressed, or with more blank-node lines
        than can be gathered)."""
        if fmt not in LINE_FORMATS or (fmt.supports_datasets and next(iter(self.native.named_graphs()), None)):
            return None  # a dataset file runs in parallel only into a store without named graphs
        to_graph = self._destination(target)
        if not self._empty(to_graph.value):
            return None
        self.fresh |= fmt.supports_datasets  # from here a failure removes every named graph
        try:
            if not load_blocks(self.native, path, fmt, to_graph, path.resolve().as_uri(), meter):
                return None
        except BlankNodes:  # too many blank-node lines to hold for one last parse: undo, then read the file whole
            for name in [to_graph, *(self.native.named_graphs() if fmt.supports_datasets else [])]:
                self.native.remove_graph(name)
            meter.restart()
            return None
        self._claim(fmt)
        return meter.lines

    def _claim(self, fmt: ox.RdfFormat) -> None:
        """After a dataset file was bulk-loaded as it is: every named graph of the store is this run's."""
        if fmt.supports_datasets:
            self.direct.update(g.value for g in self.native.named_graphs() if isinstance(g, ox.NamedNode))

    def _one(self, reader: MeteredReader, path: Path, fmt: ox.RdfFormat, target: str, meter: Meter) -> int:
        """Load one file by the fastest safe route; the number of triples."""
        base = path.resolve().as_uri()
        if not fmt.supports_datasets or self._only_ours():
            to_graph = self._destination(target)
            before = 0 if fmt in LINE_FORMATS else len(self.native)
            self.fresh |= fmt.supports_datasets
            self.native.bulk_load(reader, format=fmt, base_iri=base, to_graph=to_graph)
            self._claim(fmt)
            return meter.lines if fmt in LINE_FORMATS else len(self.native) - before
        counted = [0]
        self.native.bulk_extend(self._mapped(ox.parse(reader, format=fmt, base_iri=base), target, counted))
        return counted[0]

    def _only_ours(self) -> bool:
        """True when every graph of the store was loaded in place by this run (or the store is empty)."""
        return all(isinstance(g, ox.NamedNode) and g.value in self.direct for g in self.native.named_graphs())

    def _destination(self, target: str) -> ox.NamedNode:
        """The graph itself when empty (or already ours); else its staging graph."""
        if target not in self.staged and (target in self.direct or self._empty(target)):
            self.direct.add(target)
            return ox.NamedNode(target)
        if target not in self.staged:
            self.staged[target] = ox.NamedNode(f"{STAGING}{self.run_id}:{len(self.staged)}")
        return self.staged[target]

    def _empty(self, target: str) -> bool:
        return next(iter(self.native.quads_for_pattern(None, None, None, ox.NamedNode(target))), None) is None

    def _mapped(self, quads: Iterator[ox.Quad], target: str, counted: list[int]) -> Iterator[ox.Quad]:
        """Each quad in its destination graph (the default graph's in `target`'s)."""
        places: dict[object, ox.NamedNode] = {}
        for quad in quads:
            counted[0] += 1
            graph = quad.graph_name
            if graph not in places:
                places[graph] = self._destination(graph.value if isinstance(graph, ox.NamedNode) else target)
            place = places[graph]
            yield quad if place == graph else ox.Quad(quad.subject, quad.predicate, quad.object, place)
