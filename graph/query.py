"""Named SPARQL queries (graph/queries/*.rq) run with bound parameters, never string formatting."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

from rdflib import Graph, Node

from graph.errors import QueryError
from graph.namespaces import sparql_prologue
from graph.store.base import Rows, Store

QUERY_DIR = Path(__file__).parent / "queries"


@cache
def named_query(name: str) -> str:
    """Text of graph/queries/<name>.rq with the project prefixes prepended."""
    path = (QUERY_DIR / f"{name}.rq").resolve()
    if QUERY_DIR.resolve() not in path.parents or not path.is_file():
        raise QueryError(f"unknown named query {name!r}")
    return sparql_prologue() + path.read_text(encoding="utf-8")


def select(store: Store, name: str, **bindings: Node) -> Rows:
    """Run the named SELECT query with `bindings` substituted for its variables."""
    return store.select(named_query(name), bindings)


def ask(store: Store, name: str, **bindings: Node) -> bool:
    """Run the named ASK query with `bindings`."""
    return store.ask(named_query(name), bindings)


def plain_rows(store: Store, name: str) -> Iterator[tuple[str | None, ...]]:
    """Rows of a named SELECT as lexical forms (IRIs and literal values as str; straight from pyoxigraph, without
    rdflib terms, when the store is embedded: about twice as fast over a large result)."""
    native = getattr(store, "native", None)
    if native is not None:
        for solution in native.query(named_query(name), use_default_graph_as_union=True):
            yield tuple(None if t is None else t.value for t in solution)
    else:
        for row in select(store, name).rows:
            yield tuple(None if t is None else str(t) for t in row)


def construct(store: Store, name: str, **bindings: Node) -> Graph:
    """Run the named CONSTRUCT query with `bindings`."""
    return store.construct(named_query(name), bindings)


def with_prefixes(query: str) -> str:
    """A user query with the project prefixes pre-declared (its own PREFIX lines still win)."""
    return sparql_prologue() + query
