"""The Store protocol: the one boundary every backend implements with the same return types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from rdflib import Dataset, Graph, Node, URIRef

Bindings = Mapping[str, Node]


@dataclass(frozen=True)
class Rows:
    """SELECT results: the projected variables and one tuple of terms (or None) per solution."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]

    def dicts(self) -> list[dict[str, Node]]:
        """Each solution as {variable: term}, unbound variables left out."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]


class Store(Protocol):
    """A SPARQL-capable quad store holding the whole validated graph."""

    read_only: bool

    def select(self, query: str, bindings: Bindings | None = None) -> Rows:
        """Run a SELECT query; the default graph is the union of the named graphs."""
        ...

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""
        ...

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query."""
        ...

    def replace(self, dataset: Dataset) -> None:
        """Replace the whole content by `dataset`, atomically."""
        ...

    def __len__(self) -> int:
        """Number of quads."""
        ...

    def graphs(self) -> list[URIRef]:
        """The names of the graphs that hold at least one triple."""
        ...

    def update(self, text: str) -> None:
        """Run a SPARQL Update (writable stores only)."""
        ...

    def put_graph(self, iri: URIRef, graph: Graph) -> None:
        """Replace the named graph `iri` by `graph`, atomically."""
        ...

    def close(self) -> None:
        """Release the store's resources."""
        ...
