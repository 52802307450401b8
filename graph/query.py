"""Named SPARQL queries (graph/queries/*.rq) run with bound parameters, never string formatting."""

from __future__ import annotations

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


def construct(store: Store, name: str, **bindings: Node) -> Graph:
    """Run the named CONSTRUCT query with `bindings`."""
    return store.construct(named_query(name), bindings)


def with_prefixes(query: str) -> str:
    """A user query with the project prefixes pre-declared (its own PREFIX lines still win)."""
    return sparql_prologue() + query
