"""EmbeddedStore: the default backend, pyoxigraph on disk (or in memory for tests)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from graph.errors import QueryError, StoreUnavailable
from graph.store.base import Bindings, Rows
from graph.store.terms import from_ox, to_ox


class EmbeddedStore:
    """A pyoxigraph Store; queries see the union of named graphs as the default graph, or the default graph that
    `dataset` gives (the query options of graph/worker_merge.default_dataset, for a version's merged store)."""

    def __init__(self, path: Path | None = None, read_only: bool = False, dataset: dict | None = None) -> None:
        self.path = path
        self.read_only = read_only
        self._dataset = dataset if dataset is not None else {"use_default_graph_as_union": True}
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreUnavailable(f"cannot open the store at {path}: {exc}") from exc

    @classmethod
    def over(cls, native: ox.Store, dataset: dict) -> EmbeddedStore:
        """An EmbeddedStore reading an open pyoxigraph store with the query options `dataset`."""
        store = cls.__new__(cls)
        store.path, store.read_only, store._dataset, store._store = None, True, dataset, native
        return store

    @property
    def native(self) -> ox.Store:
        """The underlying pyoxigraph store (for store-side serialisation)."""
        return self._store

    def _run(self, query: str, bindings: Bindings | None) -> object:
        """Execute with bound parameters (SEP-0007 substitutions), never string formatting."""
        subs = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        try:
            return self._store.query(query, substitutions=subs or None, **self._dataset)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except RuntimeError as exc:  # e.g. a bound variable missing from the projection (SEP-0007)
            raise QueryError(str(exc)) from exc

    def select(self, query: str, bindings: Bindings | None = None) -> Rows:
        """Run a SELECT query and convert the solutions to rdflib terms."""
        result = self._run(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = tuple(v.value for v in result.variables)
        rows = tuple(tuple(None if t is None else from_ox(t) for t in sol) for sol in result)
        return Rows(variables=names, rows=rows)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT/DESCRIBE query into an rdflib Graph."""
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for t in result:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return graph

    def replace(self, dataset: Dataset) -> None:
        """Replace the content with `dataset` (N-Quads bulk load after a clear)."""
        if self.read_only:
            raise StoreUnavailable("the store is read-only")
        data = dataset.serialize(format="nquads", encoding="utf-8")
        self._store.clear()
        self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        self._store.flush()

    def __len__(self) -> int:
        """Number of quads in the store."""
        return len(self._store)

    # Named graphs and updates: the same operations as RemoteStore (tests/store/test_contract.py).

    def graphs(self) -> list[URIRef]:
        """The named graphs holding triples, sorted."""
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)
                      and next(iter(self._store.quads_for_pattern(None, None, None, g)), None) is not None)

    def update(self, text: str) -> None:
        """Run a SPARQL Update (one transaction)."""
        if self.read_only:
            raise StoreUnavailable("the store is read-only")
        try:
            self._store.update(text)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL Update syntax error: {exc}") from exc
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"the update could not be applied: {exc}") from exc

    def put_graph(self, iri: URIRef, graph: Graph) -> None:
        """Replace one named graph, atomically (one update: the old graph is dropped, the new one inserted)."""
        target = to_ox(iri)
        triples = (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)  # type: ignore[arg-type]
        data = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
        self.update(f"DROP SILENT GRAPH {target} ;\nINSERT DATA {{ GRAPH {target} {{\n{data}}} }}")

    def close(self) -> None:
        """Nothing to release (the pyoxigraph store closes when dropped)."""
